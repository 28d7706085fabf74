using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Reports;

/// <summary>
/// A report's date as typed: dd/MM/yyyy (d/M/yyyy accepted) on the pages, yyyy-MM-dd in the API, a Vietnam day. A text of
/// that shape naming no day of the calendar ("31/11/2026", "29/02/2025") is told so, not that its shape is wrong (trial
/// defect 7).
/// </summary>
public static partial class ReportDate
{
    /// <summary>The years a date typed for a period may fall in [choice]: a report, a re-push or figures reach no further, and
    /// a day near year 1 or 9999 has no Vietnam-time instant bounds (the fuzz test's 500s for 0001-01-01).</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    /// <summary>The date <paramref name="text"/> names, from <see cref="FirstYear"/> to <see cref="LastYear"/>, or null with a
    /// Vietnamese message naming <paramref name="what"/> ("Ngày đầu kỳ"): the shape expected, that the day does not exist,
    /// or that it is outside those years.</summary>
    public static (DateOnly? Date, string? Problem) Read(string? text, string what)
    {
        var typed = text?.Trim() ?? "";
        if (DateOnly.TryParseExact(typed, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.Year is >= FirstYear and <= LastYear ? (date, null) : (null, $"{what} \"{typed}\" phải từ năm {FirstYear} đến năm {LastYear}.");
        var parts = Shape().Match(typed) is { Success: true } m ? (Day: int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture),
                Month: int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), Year: int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture))
            : IsoShape().Match(typed) is { Success: true } iso ? (Day: int.Parse(iso.Groups["d"].Value, CultureInfo.InvariantCulture),
                Month: int.Parse(iso.Groups["m"].Value, CultureInfo.InvariantCulture), Year: int.Parse(iso.Groups["y"].Value, CultureInfo.InvariantCulture))
            : ((int Day, int Month, int Year)?)null;
        if (parts is not { } p) return (null, $"{what} phải có dạng dd/MM/yyyy (hoặc yyyy-MM-dd).");
        var why = p.Month is < 1 or > 12 ? $"không có tháng {p.Month}"
            : p.Year < 1 ? "năm phải từ 1 trở đi"
            : $"tháng {p.Month} năm {p.Year} chỉ có {DateTime.DaysInMonth(p.Year, p.Month)} ngày";
        return (null, $"{what} \"{typed}\" không phải là ngày có thật: {why}.");
    }

    [GeneratedRegex(@"^(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4})$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$")]
    private static partial Regex IsoShape();
}
