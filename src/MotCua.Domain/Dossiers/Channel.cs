namespace MotCua.Domain.Dossiers;

/// <summary>How a dossier reached the one-stop unit; values are the national channel codes used in portal sync.</summary>
public enum Channel
{
    Direct = 1,
    Online = 2,
    Postal = 3,
}

/// <summary>The channel names the API, the pages and the calendar tools accept.</summary>
public static class Channels
{
    /// <summary>
    /// The channel named by its API name (<c>direct</c>, <c>online</c>, <c>postal</c>), its slug in Vietnamese
    /// (<c>truc-tiep</c>, <c>truc-tuyen</c>, <c>buu-chinh</c>) or its national code (1, 2, 3), ignoring case and
    /// surrounding spaces; null for anything else.
    /// </summary>
    public static Channel? Parse(string? channel) => channel?.Trim().ToLowerInvariant() switch
    {
        "direct" or "truc-tiep" or "1" => Channel.Direct,
        "online" or "truc-tuyen" or "2" => Channel.Online,
        "postal" or "buu-chinh" or "3" => Channel.Postal,
        _ => null,
    };
}
