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
