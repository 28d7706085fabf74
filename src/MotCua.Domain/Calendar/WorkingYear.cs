namespace MotCua.Domain.Calendar;

/// <summary>
/// One day's office time as tick offsets from local midnight. A day has at most a few periods, so scanning them
/// beats any index.
/// </summary>
internal sealed class DaySchedule
{
    private readonly long[] _starts;
    private readonly long[] _ends;

    private DaySchedule(long[] starts, long[] ends, string? closedReason)
    {
        _starts = starts;
        _ends = ends;
        ClosedReason = closedReason;
        for (var i = 0; i < starts.Length; i++) Length += ends[i] - starts[i];
    }

    public static DaySchedule Open(IReadOnlyList<WorkPeriod> periods) =>
        new([.. periods.Select(p => p.Start.Ticks)], [.. periods.Select(p => p.End.Ticks)], null);

    public static DaySchedule Closed(string reason) => new([], [], reason);

    /// <summary>Office time in the whole day.</summary>
    public long Length { get; }

    /// <summary>Why the day has no office time ("Chủ nhật", "Tết Nguyên đán"); null on a day with office hours.</summary>
    public string? ClosedReason { get; }

    public bool IsOpen => _starts.Length > 0;

    /// <summary>The end of the day's last period (its close, e.g. 17:00); only on a day with office time.</summary>
    public long Close => _ends[^1];

    /// <summary>Whether this tick of the day is office time: periods include their start, not their end.</summary>
    public bool IsWorking(long tick)
    {
        for (var i = 0; i < _starts.Length; i++)
        {
            if (tick < _starts[i]) return false;
            if (tick < _ends[i]) return true;
        }
        return false;
    }

    /// <summary>Office time from midnight up to this tick of the day.</summary>
    public long WorkedBefore(long tick)
    {
        long worked = 0;
        for (var i = 0; i < _starts.Length && tick > _starts[i]; i++)
            worked += Math.Min(tick, _ends[i]) - _starts[i];
        return worked;
    }

    /// <summary>The earliest tick of the day by which this much office time (0 &lt; worked ≤ Length) has passed:
    /// a total reached exactly at a period's end is that end, not the next opening.</summary>
    public long InstantAt(long worked)
    {
        for (var i = 0; ; i++)
        {
            var length = _ends[i] - _starts[i];
            if (worked <= length) return _starts[i] + worked;
            worked -= length;
        }
    }

    /// <summary>The first office-time tick at or after this tick of the day, or -1 when the day has none left.</summary>
    public long OpeningAtOrAfter(long tick)
    {
        for (var i = 0; i < _starts.Length; i++)
            if (tick < _ends[i]) return Math.Max(tick, _starts[i]);
        return -1;
    }
}

/// <summary>
/// A year of office time on the local time axis (ticks since 0001-01-01 00:00 Vietnam time): each day's schedule and
/// the office time from 1 January to each midnight, so working time up to any instant is one lookup and the instant
/// at which a working time is reached is a binary search over the year's days.
/// </summary>
internal sealed class WorkingYear
{
    private readonly DaySchedule[] _days;
    private readonly long[] _workedBeforeDay; // [i]: office time from 1 January 00:00 to day i 00:00; last: the whole year

    public WorkingYear(int year, Func<DateOnly, DaySchedule> scheduleOf)
    {
        Year = year;
        var first = new DateOnly(year, 1, 1);
        FirstDay = first.DayNumber;
        _days = new DaySchedule[new DateOnly(year, 12, 31).DayNumber - FirstDay + 1];
        _workedBeforeDay = new long[_days.Length + 1];
        for (var i = 0; i < _days.Length; i++)
        {
            _days[i] = scheduleOf(first.AddDays(i));
            _workedBeforeDay[i + 1] = _workedBeforeDay[i] + _days[i].Length;
        }
    }

    public int Year { get; }

    /// <summary><see cref="DateOnly.DayNumber"/> of 1 January.</summary>
    public int FirstDay { get; }

    public long StartTicks => FirstDay * TimeSpan.TicksPerDay;

    /// <summary>Office time in the whole year.</summary>
    public long Total => _workedBeforeDay[^1];

    public DaySchedule Day(int dayNumber) => _days[dayNumber - FirstDay];

    /// <summary>Office time from 1 January 00:00 up to this local instant of the year.</summary>
    public long WorkedBefore(long localTicks)
    {
        var dayNumber = (int)(localTicks / TimeSpan.TicksPerDay);
        var i = dayNumber - FirstDay;
        return _workedBeforeDay[i] + _days[i].WorkedBefore(localTicks - dayNumber * TimeSpan.TicksPerDay);
    }

    /// <summary>The earliest local instant by which this much office time of the year (0 &lt; worked ≤ Total) has passed.</summary>
    public long InstantAt(long worked)
    {
        // The last day whose midnight comes before the total is reached: the total is reached during that day.
        var (low, high) = (0, _days.Length - 1);
        while (low < high)
        {
            var middle = (low + high + 1) >> 1;
            if (_workedBeforeDay[middle] < worked) low = middle; else high = middle - 1;
        }
        return (FirstDay + low) * TimeSpan.TicksPerDay + _days[low].InstantAt(worked - _workedBeforeDay[low]);
    }

    /// <summary>The first office-time instant at or after this local instant within the year, or -1 if none.</summary>
    public long OpeningAtOrAfter(long localTicks)
    {
        var dayNumber = (int)(localTicks / TimeSpan.TicksPerDay);
        var tick = localTicks - dayNumber * TimeSpan.TicksPerDay;
        for (var i = dayNumber - FirstDay; i < _days.Length; i++, tick = 0)
        {
            var opening = _days[i].OpeningAtOrAfter(tick);
            if (opening >= 0) return (FirstDay + i) * TimeSpan.TicksPerDay + opening;
        }
        return -1;
    }
}
