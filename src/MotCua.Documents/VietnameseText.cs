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
    public static string PlaceAndDate(string place, DateTimeOffset instant)
    {
        var t = InVietnam(instant);
        var day = t.Day.ToString("00", CultureInfo.InvariantCulture);
        var month = t.Month <= 2 ? t.Month.ToString("00", CultureInfo.InvariantCulture) : t.Month.ToString(CultureInfo.InvariantCulture);
        return $"{place.Trim()}, ngày {day} tháng {month} năm {t.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string Count(int n) => n <= 0 ? "–" : n.ToString("00", CultureInfo.InvariantCulture);

    public static string ChannelName(Channel channel) => channel switch
    {
        Channel.Direct => "Trực tiếp",
        Channel.Online => "Trực tuyến",
        Channel.Postal => "Qua dịch vụ bưu chính công ích",
        _ => channel.ToString(),
    };

    public static string Procedure(string name, string? code) =>
        string.IsNullOrWhiteSpace(code) ? name.Trim() : $"{name.Trim()} (mã TTHC: {code.Trim()})";
}
