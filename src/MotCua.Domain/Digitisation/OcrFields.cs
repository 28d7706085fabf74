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

    /// <summary>Whether a name read by OCR carries no Vietnamese mark at all (no tone or vowel mark, no đ): tesseract often
    /// reads an upper-case "NGUYỄN VĂN AN" as "NGUYEN VAN AN" (trial 17v LOW 4), so the desk says to check it.</summary>
    public static bool LacksMarks(string name) =>
        !name.Normalize(NormalizationForm.FormD).Any(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is 'đ' or 'Đ');

    /// <summary>Whether "Điền" puts the OCR <paramref name="candidate"/> in place of what the officer typed
    /// (<paramref name="typed"/>, null or empty: nothing typed): not when the candidate has no marks
    /// (<see cref="LacksMarks"/>) and differs from the typed name only in marks and case, which the officer typed right
    /// (trial 17v LOW 4: "Nguyen Van An" replaced "Nguyễn Văn An").</summary>
    public static bool Replaces(string candidate, string? typed) =>
        string.IsNullOrWhiteSpace(typed) || !LacksMarks(candidate)
        || !string.Equals(Catalog.SearchText.Fold(candidate), Catalog.SearchText.Fold(typed), StringComparison.Ordinal);

    // Characters tesseract confuses with digits on printed cards; fixed only inside a long run (≥ 10), where a
    // number is plainly meant, never in a word.
    private const int LookAlikeRun = 10;

    /// <summary>
    /// The candidates found in <paramref name="text"/> (null or empty: none), in <see cref="OcrField"/> order.
    /// <paramref name="today"/> (Vietnam date) bounds the CCCD's birth year and rejects dates in the future.
    /// Labels are matched on a folded copy of the text (<see cref="FoldLabels"/>: no marks, đ as d, any case), so
    /// tesseract's "S6 dinh danh ca nhan" and "Ho và tên" are found as "Số định danh cá nhân" and "Họ và tên" (trial17t
    /// MEDIUM 2); the values are taken as read, from the same place in the NFC text.
    /// </summary>
    public static IReadOnlyList<OcrCandidate> Extract(string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var nfc = text.Normalize(NormalizationForm.FormC);
        var folded = FoldLabels(nfc);
        string Read(Group g) => nfc.Substring(g.Index, g.Length);
        var found = new List<OcrCandidate>();
        foreach (Match m in IdPattern().Matches(folded))
            if (IdNumber(Read(m.Groups["value"]), today) is { } id) found.Add(new(OcrField.IdNumber, id, Read(m.Groups["label"])));
        foreach (Match m in NamePattern().Matches(folded))
            if (FullName(nfc[m.Groups["value"].Index..]) is { } name) found.Add(new(OcrField.FullName, name, Read(m.Groups["label"])));
        foreach (Match m in DatePattern().Matches(folded))
            if (Date(m.Groups["value"].Value, today) is { } date)
            {
                var field = m.Groups["label"].Value.Contains("sinh", StringComparison.OrdinalIgnoreCase) ? OcrField.DateOfBirth : OcrField.IssuedOn;
                found.Add(new(field, date, Read(m.Groups["label"])));
            }
        return [.. found.GroupBy(c => c.Field)
            .Where(g => g.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() == 1)
            .Select(g => g.First())
            .OrderBy(c => c.Field)];
    }

    /// <summary>
    /// <paramref name="nfc"/> with each character's marks dropped (tones and the hats of â ê ô ơ ư ă) and đ/Đ as d/D,
    /// one character for one, so a match's place in it is its place in <paramref name="nfc"/>; case is kept (the CCCD's
    /// look-alikes are upper case). The label patterns then read it case-insensitively, and accept the digits tesseract
    /// reads for a marked o (S6, S0 for Số; H0 for Họ).
    /// </summary>
    public static string FoldLabels(string nfc) => string.Create(nfc.Length, nfc, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c switch
            {
                'đ' => 'd',
                'Đ' or 'Ð' => 'D',
                < '\u00C0' => c,
                _ when char.IsLetter(c) && c.ToString().Normalize(NormalizationForm.FormD) is { Length: > 1 } parts && parts[0] < '\u0080' => parts[0],
                _ => c,
            };
        }
    });

    private static string? IdNumber(string run, DateOnly today)
    {
        if (run.Length >= LookAlikeRun)
            run = string.Concat(run.Select(c => c switch { 'O' or 'o' => '0', 'I' or 'l' or '|' => '1', 'S' => '5', 'B' => '8', _ => c }));
        return run.Length == 12 && run.All(char.IsAsciiDigit) && CitizenId.Check(run, today) is null ? run : null;
    }

    // Words that start the next label on the same line ("… NHUNG Ngày sinh: …"), never part of a name; compared folded
    // (FoldLabels), so "Ngay sinh" read without marks stops the name too.
    private static readonly HashSet<string> NotNameWords = new(StringComparer.OrdinalIgnoreCase)
        { "ngay", "so", "gioi", "quoc", "noi", "que", "sinh", "date", "sex", "full", "name" };

    // The name follows its label on the same line or the next one (rest: the text from there on); tesseract also breaks
    // a printed name over lines ("NGUYEN⏎⏎THỊ HƯƠNG"), so a line giving fewer than two words is continued by the next
    // non-empty line, and no further. The pattern itself matches one line, so a label on the next line is matched too.
    private static string? FullName(string rest)
    {
        var words = new List<string>();
        var lines = 0;
        foreach (var line in rest.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (++lines > 2) break;
            var stopped = false;
            foreach (var raw in line.Split(' ', '\t', '\r'))
            {
                if (raw.Length == 0) continue;
                if (!raw.All(char.IsLetter) || NotNameWords.Contains(FoldLabels(raw))) { stopped = true; break; }
                words.Add(raw);
            }
            if (stopped || words.Count >= 2) break;
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
    // (digits and the look-alikes; no case folding here, 's' and 'b' are not look-alikes), twelve of them as a CCCD has: a
    // shorter run is no CCCD, and the next line's folded "So"/"S6" must stay a label, not be taken as a value.
    // The patterns read FoldLabels' copy: labels without marks, "s[o06]" for Số and "h[o0]" for Họ.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<label>(?i:s[o06] dinh danh ca nhan|s[o06] dinh danh|s[o06] cccd|can cuoc cong dan|can cuoc|s[o06]))(?:\s*/\s*(?i:no|personal identification number)\.?)?\s*[:.]?\s*(?<value>[0-9OoIl|SB]{12})(?![\p{L}\p{N}])")]
    private static partial Regex IdPattern();

    // "Họ, chữ đệm, tên" (commas only) is the label of the civil-status forms of Thông tư 04/2020/TT-BTP (Tờ khai đăng
    // ký kết hôn, khai sinh…); a kết hôn Tờ khai names two people, and their two names give none (CIT35 LOW 4).
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<label>(?i:h[o0], chu dem va ten|h[o0], chu dem, ten|h[o0] va ten|h[o0] ten))(?:\s*/\s*(?i:full name))?\s*:?[ \t]*(?:\r?\n[ \t]*)?(?<value>[^\r\n]*)")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?<label>(?i:ngay, thang, nam sinh|ngay sinh|ngay cap))(?:\s*/\s*(?i:date of birth|date of issue))?\s*:?[ \t]*(?:\r?\n[ \t]*)?(?<value>[^\r\n]*)")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?:(?<d>\d{1,2})[/-](?<m>\d{1,2})[/-](?<y>\d{4})|(?i:ngay)\s+(?<d>\d{1,2})\s+(?i:thang)\s+(?<m>\d{1,2})\s+(?i:nam)\s+(?<y>\d{4}))(?!\d)")]
    private static partial Regex DateValue();
}
