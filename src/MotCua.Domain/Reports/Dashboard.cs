namespace MotCua.Domain.Reports;

/// <summary>
/// One Vietnam day of the dashboard's series (docs/REPORTS.md §7), with Biểu 06's definitions (Thông tư 01/2020/TT-VPCP):
/// dossiers received that day (any channel), resolved that day (early, on time or late; refusals, withdrawals and stops
/// apart), and those overdue at the day's judging instant: the end of a past day (in progress with the original due instant
/// before the next day began), the moment read for today (in progress with the original due instant passed), the one rule
/// of Biểu 06 and of the dashboard's "Đang quá hạn" box, so today's bar equals the box.
/// </summary>
public sealed record DashboardDay(DateOnly Date, long Received, long Resolved, long Overdue);

/// <summary>
/// The dossiers resolved in the period by one agency, field or procedure (<see cref="Key"/>, shown as <see cref="Name"/>):
/// early, on time and late as DeadlineClassifier.ClassifyFinished classifies them against the original due date.
/// </summary>
public sealed record OnTimeFigures(string Key, string Name, long Early, long OnTime, long Late)
{
    /// <summary>Resolved in the period: early + on time + late.</summary>
    public long Resolved => Early + OnTime + Late;

    /// <summary>Early or on time, as a share of <see cref="Resolved"/> (0–1); null when nothing was resolved (no rate to show).</summary>
    public double? Rate => Resolved == 0 ? null : (double)(Early + OnTime) / Resolved;
}

/// <summary>
/// The arithmetic of the leaders' and the inspector's dashboard (issue 15 "Dashboards and escalation"): its period and the
/// daily series made from Biểu 06's marks (<see cref="Bieu06Measure"/>), summed per day by the database.
/// </summary>
public static class Dashboard
{
    /// <summary>The longest period shown (days) [choice]: one point per day, so a year at most keeps the chart legible and
    /// the counts read bounded (days × units × fields × measures).</summary>
    public const int MaxDays = 366;

    /// <summary>The period when none is asked: the last 30 Vietnam days, today included.</summary>
    public static (DateOnly From, DateOnly To) DefaultPeriod(DateOnly today) => (today.AddDays(-29), today);

    /// <summary>Why [<paramref name="from"/>, <paramref name="to"/>] cannot be shown on <paramref name="today"/> (the field
    /// named and a Vietnamese message), or null: the end before the start or after today, or longer than <see cref="MaxDays"/>.</summary>
    public static (string Field, string Message)? PeriodProblem(DateOnly from, DateOnly to, DateOnly today) =>
        Bieu06Period.Problem(from, to) is { } problem ? problem
        : to > today ? ("to", "Ngày cuối kỳ không được sau hôm nay.")
        : to.DayNumber - from.DayNumber + 1 > MaxDays ? ("from", $"Kỳ xem tổng quan dài nhất {MaxDays} ngày.")
        : null;

    /// <summary>
    /// The series from <paramref name="from"/> to <paramref name="to"/> (every day, zeros included): received = marks 1–3 of
    /// the day, resolved = marks 4–6, overdue at the end of day D = (overdue-from marks up to D) − (overdue-until marks up to
    /// D), starting from <paramref name="overdueFromBefore"/> and <paramref name="overdueUntilBefore"/>, their sums over the
    /// days before <paramref name="from"/>.
    /// </summary>
    /// <param name="dayCounts">The summed marks of days in the period: (day, measure, count); other days and measures are ignored.</param>
    /// <param name="notYetDue">For a period reaching today: today and the dossiers in progress whose original due instant is
    /// later today (at or after the moment read). Their "overdue from" mark holds at the end of today, not now, so today's
    /// figure leaves them out, as Biểu 06 does for a period reaching today (<see cref="Bieu06Period.AsOf"/>).</param>
    /// <exception cref="ArgumentException">The period is empty (<paramref name="to"/> before <paramref name="from"/>).</exception>
    public static IReadOnlyList<DashboardDay> Days(DateOnly from, DateOnly to, long overdueFromBefore, long overdueUntilBefore,
        IEnumerable<(DateOnly Day, Bieu06Measure Measure, long Count)> dayCounts, (DateOnly Today, long Count)? notYetDue = null)
    {
        if (to < from) throw new ArgumentException("Kỳ rỗng: ngày cuối trước ngày đầu.", nameof(to));
        var byDay = dayCounts.Where(c => c.Day >= from && c.Day <= to).ToLookup(c => c.Day);
        var days = new List<DashboardDay>(to.DayNumber - from.DayNumber + 1);
        var overdue = overdueFromBefore - overdueUntilBefore;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            long received = 0, resolved = 0;
            foreach (var (_, measure, count) in byDay[day])
            {
                switch (measure)
                {
                    case Bieu06Measure.Direct or Bieu06Measure.Online or Bieu06Measure.Postal: received += count; break;
                    case Bieu06Measure.Early or Bieu06Measure.OnTime or Bieu06Measure.Late: resolved += count; break;
                    case Bieu06Measure.OverdueFrom: overdue += count; break;
                    case Bieu06Measure.OverdueUntil: overdue -= count; break;
                }
            }
            days.Add(new DashboardDay(day, received, resolved, notYetDue is { } n && n.Today == day ? overdue - n.Count : overdue));
        }
        return days;
    }
}
