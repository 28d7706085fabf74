using MotCua.Domain.Calendar;
using System.Globalization;
using System.Text;
using MotCua.Domain.Dossiers;

namespace MotCua.Documents;

/// <summary>Vietnamese wording and Vietnam-time formatting shared by the forms.</summary>
internal static class VietnameseText
{
    public static DateTimeOffset InVietnam(DateTimeOffset instant) => VietnamTime.ToVietnam(instant);

    public static string Nfc(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    public static string Upper(string text) => Nfc(text).ToUpperInvariant();

    /// <summary>"08:15, ngày 21/11/2026".</summary>
    public static string ShortTime(DateTimeOffset instant)
    {
        var t = InVietnam(instant);
        return t.ToString("HH:mm', ngày 'dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>"16 giờ 30 phút, ngày 12/12/2026".</summary>
    public static string LongTime(DateTimeOffset instant)
    {
        var t = InVietnam(instant);
        return t.ToString("HH' giờ 'mm' phút, ngày 'dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>"21/11/2026".</summary>
    public static string Date(DateTimeOffset instant) =>
        InVietnam(instant).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// "Huế, ngày 21 tháng 11 năm 2026". Per Decree 30/2020 a day below 10 and the months 1 and 2 take a
    /// leading zero ("ngày 05 tháng 02 năm 2026").
    /// </summary>
    public static string PlaceAndDate(string place, DateTimeOffset instant) => $"{place.Trim()}, {DayMonthYear(instant)}";

    /// <summary>"ngày 05 tháng 02 năm 2026", "ngày 21 tháng 11 năm 2026": the date as Decree 30/2020 writes it (day below 10
    /// and months 1 and 2 with a leading zero), in Vietnam time.</summary>
    public static string DayMonthYear(DateTimeOffset instant)
    {
        var t = InVietnam(instant);
        var day = t.Day.ToString("00", CultureInfo.InvariantCulture);
        var month = t.Month <= 2 ? t.Month.ToString("00", CultureInfo.InvariantCulture) : t.Month.ToString(CultureInfo.InvariantCulture);
        return $"ngày {day} tháng {month} năm {t.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>"08 giờ 15 phút, ngày 20 tháng 11 năm 2026": the "… giờ … phút, ngày … tháng … năm …" of Mẫu 01 items 4
    /// and 5 (docs/FORMS.md §4.1), in Vietnam time.</summary>
    public static string HourMinuteDate(DateTimeOffset instant) =>
        InVietnam(instant).ToString("HH' giờ 'mm' phút, '", CultureInfo.InvariantCulture) + DayMonthYear(instant);

    public static string Count(int n) => n <= 0 ? "–" : n.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>"Đăng ký khai sinh (mã TTHC: 1.001193)": the procedure's name and national code, the name as the catalogue
    /// writes it.</summary>
    public static string Procedure(string name, string? code) =>
        string.IsNullOrWhiteSpace(code) ? name.Trim() : $"{name.Trim()} (mã TTHC: {code.Trim()})";

    /// <summary>
    /// <see cref="Procedure"/> after "… giải quyết thủ tục hành chính": a catalogue name opening with "Thủ tục" loses that
    /// word, capitalised again ("Thủ tục đăng ký khai sinh" → "Đăng ký khai sinh"), so the sentence never says "thủ tục hành
    /// chính Thủ tục …" (trial16g LOW 10).
    /// </summary>
    public static string ProcedureAfterKind(string name, string? code)
    {
        var trimmed = name.Trim();
        const string Word = "Thủ tục ";
        if (trimmed.Length > Word.Length && trimmed.StartsWith(Word, StringComparison.OrdinalIgnoreCase))
        {
            var rest = trimmed[Word.Length..].TrimStart();
            trimmed = char.ToUpper(rest[0], CultureInfo.GetCultureInfo("vi-VN")) + rest[1..];
        }
        return Procedure(trimmed, code);
    }
}
