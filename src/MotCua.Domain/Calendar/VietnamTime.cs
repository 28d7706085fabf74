namespace MotCua.Domain.Calendar;

/// <summary>
/// Vietnam's civil time: UTC+7 all year, no daylight saving. A fixed offset rather than the machine's time-zone
/// database, so results do not depend on where the code runs.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The same instant seen from Vietnam (offset +07:00).</summary>
    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The instant at this wall-clock date and time in Vietnam.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), Offset);

    /// <summary>Midnight starting this date in Vietnam.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => At(date, TimeOnly.MinValue);

    /// <summary>The calendar date of this instant in Vietnam.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToVietnam(instant).DateTime);

    // Wall-clock ticks in Vietnam (ticks since 0001-01-01 00:00 local): the calendar's internal time axis.
    internal static long LocalTicks(DateTimeOffset instant) => instant.UtcTicks + Offset.Ticks;

    internal static DateTimeOffset FromLocalTicks(long localTicks) => new(localTicks, Offset);
}
