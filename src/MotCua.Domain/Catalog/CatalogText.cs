using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Catalog;

/// <summary>Text clean-up shared by the catalogue parsers: NFC, no invisible characters, tidy whitespace.</summary>
internal static partial class CatalogText
{
    public const string NoInformation = "Không có thông tin";

    /// <summary>NFC, without zero-width and direction marks, every run of whitespace as one space, trimmed. Null for empty text.</summary>
    public static string? Line(string? text)
    {
        var s = Clean(text);
        if (s is null) return null;
        s = WhitespaceRun().Replace(s, " ").Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>Like <see cref="Line"/> but keeps line breaks (at most one blank line in a row).</summary>
    public static string? Block(string? text)
    {
        var s = Clean(text);
        if (s is null) return null;
        var lines = s.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')
            .Select(l => HorizontalRun().Replace(l, " ").Trim());
        s = string.Join('\n', lines);
        s = BlankLines().Replace(s, "\n\n").Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary><see cref="Line"/>, and null when the portal says "Không có thông tin".</summary>
    public static string? LineOrNull(string? text)
    {
        var s = Line(text);
        return s is null || IsNoInformation(s) ? null : s;
    }

    /// <summary><see cref="Block"/>, and null when the portal says "Không có thông tin".</summary>
    public static string? BlockOrNull(string? text)
    {
        var s = Block(text);
        return s is null || IsNoInformation(s) ? null : s;
    }

    public static bool IsNoInformation(string s) =>
        s.Trim().TrimEnd('.').Equals(NoInformation, StringComparison.OrdinalIgnoreCase);

    /// <summary>NFC and invisible characters removed; whitespace kept as is.</summary>
    public static string? Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var s = text.Normalize(NormalizationForm.FormC);
        if (s.AsSpan().IndexOfAny(Invisible) >= 0)
        {
            var sb = new StringBuilder(s.Length);
            foreach (var c in s)
            {
                if (Invisible.Contains(c)) continue;
                sb.Append(c == '\u00A0' ? ' ' : c);
            }
            s = sb.ToString();
        }
        return s;
    }

    private const string Invisible = "\u200B\u200C\u200D\u200E\u200F\u2060\uFEFF\u00AD\u00A0";

    /// <summary>Parses "1.5", "0,5", "15" as a decimal (one decimal separator, either '.' or ',').</summary>
    public static decimal? ParseSmallDecimal(string text)
    {
        var s = text.Replace(',', '.');
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>Parses a money amount written "2,500,000", "2.500.000" or "2500000".</summary>
    public static decimal? ParseAmount(string text)
    {
        var digits = text.Replace(",", "").Replace(".", "").Replace(" ", "");
        return decimal.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>Shortens long raw text for issue messages (the spec keeps the full text).</summary>
    public static string Excerpt(string text, int max = 300) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"[ \t\f\v]+")]
    private static partial Regex HorizontalRun();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
