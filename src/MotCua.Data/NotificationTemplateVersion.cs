namespace MotCua.Data;

/// <summary>
/// One version of a notification template (migration 0026): what <see cref="Event"/> says on <see cref="Channel"/>, both
/// stored by their camelCase names. An edit inserts a version; the latest one of an (event, channel) is used, and when it
/// is not <see cref="Active"/> that channel is off for that event. The rules are the Domain's
/// (<c>MotCua.Domain.Messages.NotificationTemplate</c>).
/// </summary>
public sealed class NotificationTemplateVersion
{
    public int Id { get; set; }
    public required string Event { get; init; }
    public required string Channel { get; init; }
    /// <summary>1 for the default, one more for each edit.</summary>
    public int Version { get; init; }
    /// <summary>E-mail only; null on the other channels.</summary>
    public string? Subject { get; init; }
    public required string Body { get; init; }
    /// <summary>SMS only: the message is sent without diacritics (160 characters a segment instead of 70).</summary>
    public bool WithoutDiacritics { get; init; }
    /// <summary>Zalo only: the ZNS template registered with Zalo.</summary>
    public string? ZnsTemplateId { get; init; }
    /// <summary>Zalo only: placeholder name → ZNS parameter name.</summary>
    public Dictionary<string, string>? ZnsParams { get; init; }
    public bool Active { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The administrator who saved it; null for the defaults of the migration.</summary>
    public int? CreatedBy { get; init; }
}
