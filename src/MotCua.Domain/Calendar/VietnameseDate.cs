using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Calendar;

/// <summary>
/// Dates as people in Vietnam type them: day, month, year (dd/mm/yyyy). A date is read only when it cannot be read two
/// ways: the parts must be separated ("15/06/2024", "15-6-2024", "15.06.2024") and the year must have four digits, so
/// "15062024" or "15/06/24" is refused with a message, never re-read as another date. ISO "yyyy-mm-dd" (year first,
/// unambiguous) is accepted too, for systems.
/// </summary>
public static partial class VietnameseDate
{
    /// <summary>The format dates are shown and typed in.</summary>
    public const string Format = "dd/MM/yyyy";

    /// <summary>The placeholder and hint shown beside a date input.</summary>
    public const string Hint = "ngày/tháng/năm, ví dụ 15/06/2024";

    /// <summary>An HTML <c>pattern</c> for a date input: one or two digits of day and month, four of the year, / - or . between.</summary>
    public const string HtmlPattern = @"\d{1,2}[\/\-.]\d{1,2}[\/\-.]\d{4}|\d{4}-\d{2}-\d{2}";

    /// <summary>The date, or the reason (Vietnamese, naming <paramref name="label"/>) why the text is not one.</summary>
    public static (DateOnly? Date, string? Error) Parse(string? text, string label)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0) return (null, $"Vui lòng nhập \"{label}\".");
        int day, month, year;
        if (DayFirst().Match(value) is { Success: true } d)
            (day, month, year) = (Int(d.Groups["d"]), Int(d.Groups["m"]), Int(d.Groups["y"]));
        else if (YearFirst().Match(value) is { Success: true } i)
            (day, month, year) = (Int(i.Groups["d"]), Int(i.Groups["m"]), Int(i.Groups["y"]));
        else
            return (null, $"\"{label}\" phải nhập theo dạng {Hint}; ngày, tháng, năm cách nhau bằng dấu /.");
        if (month is < 1 or > 12) return (null, $"\"{label}\": không có tháng {month}.");
        if (year < 1900) return (null, $"\"{label}\": năm {year} không hợp lệ.");
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
            return (null, $"\"{label}\": tháng {month:00}/{year} không có ngày {day}.");
        return (new DateOnly(year, month, day), null);
    }

    /// <summary>The date as shown everywhere: dd/mm/yyyy.</summary>
    public static string Show(DateOnly date) => date.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The placeholder and hint shown beside a date-and-time input.</summary>
    public const string DateTimeHint = "ngày/tháng/năm giờ:phút, ví dụ 15/06/2024 14:30";

    /// <summary>An HTML <c>pattern</c> for a date-and-time input: a date as in <see cref="HtmlPattern"/>, a space or "T", then hh:mm.</summary>
    public const string DateTimeHtmlPattern = @"(\d{1,2}[\/\-.]\d{1,2}[\/\-.]\d{4}|\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}";

    /// <summary>
    /// A wall-clock time in Vietnam typed on a page ("15/06/2024 14:30"; ISO "2024-06-15T14:30" for systems), as the
    /// instant at +07:00, or the reason (Vietnamese, naming <paramref name="label"/>) why the text is not one. The date
    /// part follows <see cref="Parse"/>, so a date that could be read two ways is refused, never re-read.
    /// </summary>
    public static (DateTimeOffset? Instant, string? Error) ParseDateTime(string? text, string label)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0) return (null, $"Vui lòng nhập \"{label}\".");
        if (DateAndTime().Match(value) is not { Success: true } m)
            return (null, $"\"{label}\" phải nhập theo dạng {DateTimeHint}.");
        var (date, error) = Parse(m.Groups["date"].Value, label);
        if (date is null) return (null, error);
        var (hour, minute) = (Int(m.Groups["h"]), Int(m.Groups["min"]));
        if (hour > 23 || minute > 59) return (null, $"\"{label}\": giờ {hour:00}:{minute:00} không hợp lệ.");
        return (VietnamTime.At(date.Value, new TimeOnly(hour, minute)), null);
    }

    /// <summary>The instant as shown and typed on pages: its Vietnam wall-clock time, dd/mm/yyyy HH:mm.</summary>
    public static string ShowDateTime(DateTimeOffset instant) =>
        VietnamTime.ToVietnam(instant).ToString(Format + " HH:mm", CultureInfo.InvariantCulture);

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<d>\d{1,2})(?<s>[/.\-])(?<m>\d{1,2})\k<s>(?<y>\d{4})$")]
    private static partial Regex DayFirst();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$")]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"^(?<date>\S+)(?:\s+|T)(?<h>\d{1,2}):(?<min>\d{2})$")]
    private static partial Regex DateAndTime();
}
