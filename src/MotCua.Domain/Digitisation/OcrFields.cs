using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MotCua.Domain.Identity;

namespace MotCua.Domain.Digitisation;

/// <summary>A field the desk can pre-fill (điền sẵn) from a scan's OCR text.</summary>
public enum OcrField
{
    /// <summary>Số định danh cá nhân (12-digit CCCD), accepted by <see cref="CitizenId.Check"/>.</summary>
    IdNumber,
    /// <summary>Họ, chữ đệm và tên: 2–6 words, title-cased, NFC.</summary>
    FullName,
    /// <summary>Ngày sinh, as <c>dd/MM/yyyy</c>.</summary>
    DateOfBirth,
    /// <summary>Ngày cấp (of the identity card), as <c>dd/MM/yyyy</c>.</summary>
    IssuedOn,
}

/// <summary>A pre-fill suggestion: the field, its value as the desk form takes it (<c>dd/MM/yyyy</c> for dates) and the
/// label it followed in the text (NFC, as printed).</summary>
public sealed record OcrCandidate(OcrField Field, string Value, string Label);

/// <summary>
/// Pre-fill candidates read from OCR text. At most one candidate per field; none when the text gives two different
/// values for it (a scan of two people's papers must not guess). The text is NFC-normalised first (tesseract and PDF
/// text layers may give decomposed Vietnamese). OCR writes nothing: the officer accepts a candidate ("Điền") [choice,
/// design §1.4].
/// </summary>
public static partial class OcrFields
{
    /// <summary>The Vietnamese name of <paramref name="field"/>, as the desk shows it.</summary>
    public static string Vietnamese(this OcrField field) => field switch
    {
        OcrField.IdNumber => "Số định danh",
        OcrField.FullName => "Họ và tên",
        OcrField.DateOfBirth => "Ngày sinh",
        OcrField.IssuedOn => "Ngày cấp",
        _ => field.ToString(),
    };

    // Characters tesseract confuses with digits on printed cards; fixed only inside a long run (≥ 10), where a
    // number is plainly meant, never in a word.
    private const int LookAlikeRun = 10;

    /// <summary>
    /// The candidates found in <paramref name="text"/> (null or empty: none), in <see cref="OcrField"/> order.
    /// <paramref name="today"/> (Vietnam date) bounds the CCCD's birth year and rejects dates in the future.
    /// </summary>
    public static IReadOnlyList<OcrCandidate> Extract(string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var nfc = text.Normalize(NormalizationForm.FormC);
        var found = new List<OcrCandidate>();
        foreach (Match m in IdPattern().Matches(nfc))
            if (IdNumber(m.Groups["value"].Value, today) is { } id) found.Add(new(OcrField.IdNumber, id, m.Groups["label"].Value));
        foreach (Match m in NamePattern().Matches(nfc))
            if (FullName(m.Groups["value"].Value) is { } name) found.Add(new(OcrField.FullName, name, m.Groups["label"].Value));
        foreach (Match m in DatePattern().Matches(nfc))
            if (Date(m.Groups["value"].Value, today) is { } date)
            {
                var field = m.Groups["label"].Value.Contains("sinh", StringComparison.OrdinalIgnoreCase) ? OcrField.DateOfBirth : OcrField.IssuedOn;
                found.Add(new(field, date, m.Groups["label"].Value));
            }
        return [.. found.GroupBy(c => c.Field)
            .Where(g => g.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() == 1)
            .Select(g => g.First())
            .OrderBy(c => c.Field)];
    }

    private static string? IdNumber(string run, DateOnly today)
    {
        if (run.Length >= LookAlikeRun)
            run = string.Concat(run.Select(c => c switch { 'O' or 'o' => '0', 'I' or 'l' or '|' => '1', 'S' => '5', 'B' => '8', _ => c }));
        return run.Length == 12 && run.All(char.IsAsciiDigit) && CitizenId.Check(run, today) is null ? run : null;
    }

    // Words that start the next label on the same line ("… NHUNG Ngày sinh: …"), never part of a name.
    private static readonly HashSet<string> NotNameWords = new(StringComparer.OrdinalIgnoreCase)
        { "ngày", "số", "giới", "quốc", "nơi", "quê", "sinh", "date", "sex", "full", "name" };

    private static string? FullName(string rest)
    {
        var words = new List<string>();
        foreach (var raw in rest.Split(' ', '\t'))
        {
            if (raw.Length == 0) continue;
            if (!raw.All(char.IsLetter) || NotNameWords.Contains(raw)) break;
            words.Add(raw);
        }
        if (words.Count is < 2 or > 6) return null;
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        return string.Join(' ', words.Select(w => char.ToUpper(w[0], vi) + w[1..].ToLower(vi))).Normalize(NormalizationForm.FormC);
    }

    private static string? Date(string value, DateOnly today)
    {
        var m = DateValue().Match(value);
        if (!m.Success) return null;
        int day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture),
            year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || year < 1900 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        var date = new DateOnly(year, month, day);
        return date > today ? null : date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    // Label (any case), an optional English gloss as printed on cards ("Số / No.:"), a separator, then the digit-like run
    // (digits and the look-alikes; no case folding here, 's' and 'b' are not look-alikes).
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<label>(?i:số định danh cá nhân|số định danh|số cccd|căn cước công dân|căn cước|số))(?:\s*/\s*(?i:no|personal identification number)\.?)?\s*[:.]?\s*(?<value>[0-9OoIl|SB]+)(?![\p{L}\p{N}])")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<label>(?i:họ, chữ đệm và tên|họ và tên|họ tên))(?:\s*/\s*(?i:full name))?\s*:?[ \t]*(?:\r?\n[ \t]*)?(?<value>[^\r\n]*)")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<label>(?i:ngày, tháng, năm sinh|ngày sinh|ngày cấp))(?:\s*/\s*(?i:date of birth|date of issue))?\s*:?[ \t]*(?:\r?\n[ \t]*)?(?<value>[^\r\n]*)")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?:(?<d>\d{1,2})[/-](?<m>\d{1,2})[/-](?<y>\d{4})|(?i:ngày)\s+(?<d>\d{1,2})\s+(?i:tháng)\s+(?<m>\d{1,2})\s+(?i:năm)\s+(?<y>\d{4}))(?!\d)")]
    private static partial Regex DateValue();
}
