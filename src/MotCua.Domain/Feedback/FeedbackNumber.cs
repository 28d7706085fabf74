using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Feedback;

/// <summary>
/// The register number of a feedback: <c>PAKN-{yyyy}-{serial:00000}</c>, serial from 1 per Vietnam year of registration
/// for the whole province [choice]. Complaints and denunciations routed away get none.
/// </summary>
public static partial class FeedbackNumber
{
    public static string Format(int year, int serial) =>
        string.Create(CultureInfo.InvariantCulture, $"PAKN-{year:0000}-{serial:00000}");

    /// <summary>True when <paramref name="text"/> (trimmed, any case) is a register number; <paramref name="number"/> is its canonical form.</summary>
    public static bool TryParse(string? text, out string number)
    {
        number = "";
        if (text is null) return false;
        var candidate = text.Trim().ToUpperInvariant();
        if (!Pattern().IsMatch(candidate)) return false;
        number = candidate;
        return true;
    }

    [GeneratedRegex(@"^PAKN-\d{4}-\d{5,}$")]
    private static partial Regex Pattern();
}
