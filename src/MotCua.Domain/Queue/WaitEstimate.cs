namespace MotCua.Domain.Queue;

/// <summary>An estimated wait shown to a ticket's holder: a 5-minute range in minutes, or "đang gọi" at position 0.</summary>
/// <param name="FromMinutes">The range's start in whole minutes (a multiple of 5); null when the number is being called.</param>
public sealed record WaitRange(int? FromMinutes)
{
    /// <summary>The range's end: five minutes after its start.</summary>
    public int? ToMinutes => FromMinutes + 5;

    /// <summary>"khoảng 15–20 phút", "dưới 5 phút", or "đang gọi".</summary>
    public string Text => FromMinutes switch
    {
        null => "đang gọi",
        0 => "dưới 5 phút",
        var from => $"khoảng {from}–{from + 5} phút",
    };
}

/// <summary>
/// The live waiting time shown on the ticket page, the kiosk and the printed ticket (docs/QUEUE.md) [choice,
/// docs/design/ISSUE17.md §1.6]: the people ahead × the median serving time of the service ÷ the counters open for it,
/// as a 5-minute range.
/// </summary>
public static class WaitEstimate
{
    /// <summary>The serving time assumed when the service has no served ticket to learn from: 8 minutes.</summary>
    public static readonly TimeSpan DefaultServing = TimeSpan.FromMinutes(8);

    /// <summary>How many of today's latest served tickets the median reads.</summary>
    public const int TodaySample = 20;

    /// <summary>Fewer served tickets today than this and the last 7 working days are read instead.</summary>
    public const int TodayEnough = 5;

    /// <summary>The median serving time of a service: of the last <see cref="TodaySample"/> tickets served today when there
    /// are at least <see cref="TodayEnough"/>, else of the last 7 working days' tickets, else <see cref="DefaultServing"/>.</summary>
    /// <param name="today">Serving times (end − start) of today's served tickets, newest first.</param>
    /// <param name="lastWorkingDays">Serving times of the last 7 working days' served tickets.</param>
    public static TimeSpan MedianServing(IReadOnlyList<TimeSpan> today, IReadOnlyList<TimeSpan> lastWorkingDays)
    {
        if (today.Count >= TodayEnough) return Median(today.Take(TodaySample));
        return lastWorkingDays.Count > 0 ? Median(lastWorkingDays) : DefaultServing;
    }

    /// <summary>The estimate for a holder with <paramref name="position"/> people ahead (0: being called).</summary>
    /// <param name="openCounters">Counters open for the service; none is read as one, so the estimate never divides by zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative position.</exception>
    public static WaitRange For(int position, int openCounters, TimeSpan medianServing)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (position == 0) return new WaitRange(null);
        var minutes = position * medianServing.TotalMinutes / Math.Max(openCounters, 1);
        return new WaitRange((int)Math.Floor(minutes / 5) * 5);
    }

    /// <summary>The median of a non-empty set of durations (the mean of the middle two for an even count).</summary>
    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("Không có dữ liệu để tính trung vị.", nameof(values));
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
