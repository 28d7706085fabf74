using System.Globalization;
using MotCua.Domain.Calendar;

namespace MotCua.Domain.Tests.Calendar;

/// <summary>Vietnam wall-clock instants written the way a person reads them: "2025-03-03 09:00".</summary>
internal static class Vn
{
    public static DateTimeOffset At(string localDateTime) =>
        new(DateTime.ParseExact(localDateTime, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), VietnamTime.Offset);

    public static DateOnly Date(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Show(DateTimeOffset instant) =>
        VietnamTime.ToVietnam(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>
/// Office time asked of the calendar the way the product asks it, through <see cref="WorkingCalendar.WorkingTimeBetween"/>:
/// the tests' oracles for "is this instant or this day open".
/// </summary>
internal static class OfficeTime
{
    /// <summary>Whether this instant is office time (a period includes its opening instant, not its closing one).</summary>
    public static bool IsWorkingTime(this WorkingCalendar calendar, DateTimeOffset instant) =>
        calendar.WorkingTimeBetween(instant, instant.AddTicks(1)) > TimeSpan.Zero;

    /// <summary>Whether the desk has any office time on this date.</summary>
    public static bool IsWorkingDay(this WorkingCalendar calendar, DateOnly date) =>
        calendar.WorkingTimeBetween(VietnamTime.At(date, TimeOnly.MinValue), VietnamTime.At(date.AddDays(1), TimeOnly.MinValue)) > TimeSpan.Zero;
}
