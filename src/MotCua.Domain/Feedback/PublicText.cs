using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Feedback;

/// <summary>
/// What the public may read of a feedback and its answer (Nghị định 13/2023/NĐ-CP: personal data shown only as far as
/// needed, here not at all): the sender's full name becomes the surname and initials ("Nguyễn Văn An" → "Nguyễn V. A."),
/// 12- and 9-digit identity numbers, Vietnamese phone numbers and e-mail addresses become "***". The officer reads the
/// masked text and may edit it before publishing: names of other people are theirs to judge.
/// </summary>
public static partial class PublicText
{
    /// <summary>The masked text (NFC). <paramref name="senderName"/> may be empty (nothing to replace).</summary>
    public static string Mask(string text, string? senderName)
    {
        var masked = text.Normalize(NormalizationForm.FormC);
        if (!string.IsNullOrWhiteSpace(senderName))
        {
            var name = senderName.Normalize(NormalizationForm.FormC).Trim();
            var words = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // Whole words only: a one-word name "An" must not eat the "an" of "Quảng Nam".
            masked = Regex.Replace(masked, @"(?<!\p{L})" + string.Join(@"\s+", words.Select(Regex.Escape)) + @"(?!\p{L})", Initials(words),
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        masked = Email().Replace(masked, "***");
        masked = Phone().Replace(masked, "***");
        masked = IdNumber().Replace(masked, "***");
        return masked;
    }

    /// <summary>"Nguyễn Văn An" → "Nguyễn V. A."; a one-word name → its first letter and a dot.</summary>
    public static string Initials(IReadOnlyList<string> words)
    {
        string Initial(string w) => new StringInfo(w).SubstringByTextElements(0, 1).ToUpper(CultureInfo.InvariantCulture) + ".";
        return words.Count == 1 ? Initial(words[0]) : words[0] + " " + string.Join(" ", words.Skip(1).Select(Initial));
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}")]
    private static partial Regex Email();

    // 0 or +84/84, then 9 digits, allowing spaces, dots or dashes between groups (mobile and landline alike).
    [GeneratedRegex(@"(?<![\d])(?:\+84|84|0)(?:[\s.-]?\d){9,10}(?![\d])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<!\d)(?:\d{12}|\d{9})(?!\d)")]
    private static partial Regex IdNumber();
}
