using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Reports;

/// <summary>
/// One stay of a dossier at one step of its internal process, from the instant it entered the step (or the supplement
/// that restarted it) to the hand-over that ended it. <see cref="Worked"/> is office time by the receiving unit's calendar
/// (lunch, nights, weekends and official days off excluded), less the office time the step waited for the citizen to pay;
/// <see cref="Allowance"/> is the step's own limit as office time; <see cref="OnTime"/> whether it ended by its due
/// instant (entered + allowance + the payment wait). <see cref="SentBack"/>: the stay ended by sending the dossier back to
/// the previous step, which is then entered again as a new stay.
/// </summary>
public sealed record StepVisit(int StepIndex, string StepName, StepKind Kind, DateTimeOffset EnteredAt, DateTimeOffset LeftAt,
    TimeSpan Worked, TimeSpan Allowance, bool OnTime, bool SentBack);

/// <summary>
/// Per-step measurement (Nghị định 224/2026 as reported, issue 15): the rule that turns a dossier's recorded events into
/// the time spent at each step. Written once here; the report, the early warning's history and the tests use it.
/// <list type="bullet">
/// <item>A step is entered at the hand-over that ended the one before (the Transfer step at the receipt or the online
/// acceptance) and left at the next hand-over event (transfer, assignment, completion, send-back, approval, refusal on the
/// merits, result ready), whose <see cref="DossierEvent.StepIndex"/> names the step left.</item>
/// <item>A supplement request pauses the step and its receipt restarts it from zero, as the law restarts the dossier's
/// limit (docs/PROCESSING.md §3): the time before the request is not counted for the step.</item>
/// <item>A wait for a financial obligation stops the step's clock: its office time is subtracted and moves the step's due.
/// The wait ends when the dossier's pause ended (the citizen's paid instant, as a bank reported it, moved earlier by a later
/// report: <see cref="Dossier.PaidBeforeRecorded"/>), not when the payment was recorded.</item>
/// <item>A send-back ends the stay at the later step; the earlier step is entered again and measured again (each stay is a
/// sample, judged against the step's full limit).</item>
/// <item>A co-agency task runs in parallel from the transfer to its answer.</item>
/// <item>A stop or withdrawal leaves the open stay unmeasured: it never ended by a hand-over.</item>
/// </list>
/// </summary>
public static class StepTimes
{
    private static readonly HashSet<DossierEventAction> HandOvers =
    [
        DossierEventAction.Transfer, DossierEventAction.Assign, DossierEventAction.CompleteStep, DossierEventAction.SendBack,
        DossierEventAction.Approve, DossierEventAction.RefuseOnMerits, DossierEventAction.ResultReady,
    ];

    /// <summary>The actions whose event ends a stay (the hand-overs and a co-agency answer): recording one adds a stay to
    /// <see cref="Visits"/>, and no other event changes the stays already ended except through the dossier's pauses. The
    /// database marks a dossier's kept stays for measuring again on exactly these (migration 0123).</summary>
    public static IReadOnlySet<DossierEventAction> EndingActions { get; } = HandOvers.Append(DossierEventAction.CoAgencyAnswer).ToHashSet();

    /// <summary>The finished stays of a dossier, in the order they ended. <paramref name="events"/> in recorded order;
    /// <paramref name="pauses"/> the dossier's pauses (<see cref="Dossier.Pauses"/>), which keep when each payment wait
    /// really ended; <paramref name="process"/> the process the dossier copied at transfer (empty before: no stays).</summary>
    public static IReadOnlyList<StepVisit> Visits(IReadOnlyList<PlannedStep> process, IEnumerable<DossierEvent> events, IReadOnlyList<DossierPause> pauses,
        WorkingCalendar calendar)
    {
        var visits = new List<StepVisit>();
        if (process.Count == 0) return visits;
        DateTimeOffset? entered = null, transferredAt = null, paymentFrom = null;
        var waited = TimeSpan.Zero;
        foreach (var e in events)
        {
            switch (e.Action)
            {
                case DossierEventAction.Receive or DossierEventAction.Accept:
                    entered = e.At;
                    waited = TimeSpan.Zero;
                    break;
                case DossierEventAction.SupplementRequest:
                    entered = null;
                    break;
                case DossierEventAction.SupplementReceived:
                    entered = e.At;
                    waited = TimeSpan.Zero;
                    break;
                case DossierEventAction.FinancialObligation:
                    paymentFrom = e.At;
                    break;
                case DossierEventAction.PaymentReceived when paymentFrom is { } from:
                    // The event is recorded when the officer or the bank's callback confirms; the pause ended at the paid
                    // instant. The pause's JSON keeps ticks the event's column rounds to the microsecond.
                    var resumed = pauses.FirstOrDefault(p => p.Reason == PauseReason.Payment
                        && Math.Abs((p.From - from).Ticks) < TimeSpan.TicksPerMicrosecond)?.To ?? e.At;
                    if (entered is { } start && resumed > start) waited += calendar.WorkingTimeBetween(from > start ? from : start, resumed);
                    paymentFrom = null;
                    break;
                case DossierEventAction.Stop:
                    entered = null;
                    break;
                case DossierEventAction.CoAgencyAnswer when transferredAt is { } opened && e.StepIndex is { } task && task < process.Count:
                    visits.Add(Visit(process, task, opened, e.At, TimeSpan.Zero, false, calendar));
                    break;
                case var action when HandOvers.Contains(action) && e.StepIndex is { } index && index < process.Count:
                    if (entered is { } since) visits.Add(Visit(process, index, since, e.At, waited, action == DossierEventAction.SendBack, calendar));
                    if (action == DossierEventAction.Transfer) transferredAt = e.At;
                    entered = action == DossierEventAction.ResultReady ? null : e.At;
                    waited = TimeSpan.Zero;
                    break;
            }
        }
        return visits;
    }

    private static StepVisit Visit(IReadOnlyList<PlannedStep> process, int index, DateTimeOffset entered, DateTimeOffset left, TimeSpan waited,
        bool sentBack, WorkingCalendar calendar)
    {
        var step = process[index];
        var allowance = calendar.WorkingTimeOf(step.Allowance);
        var worked = calendar.WorkingTimeBetween(entered, left) - waited;
        if (worked < TimeSpan.Zero) worked = TimeSpan.Zero;
        var due = calendar.AddWorkingTime(entered, allowance + waited);
        return new StepVisit(index, step.Name, step.Kind, entered, left, worked, allowance, left <= due, sentBack);
    }

    /// <summary>Office time the open step has taken so far at <paramref name="now"/>: from <paramref name="enteredAt"/> (the
    /// dossier's current step start, which a completed supplement moves) less the payment waits since then (an open wait
    /// runs to <paramref name="now"/>). Zero when <paramref name="now"/> is earlier.</summary>
    public static TimeSpan WorkedSoFar(DateTimeOffset enteredAt, IEnumerable<DossierPause> pauses, DateTimeOffset now, WorkingCalendar calendar)
    {
        if (now <= enteredAt) return TimeSpan.Zero;
        var waited = calendar.PausedWorkingTime(pauses
            .Where(p => p.Reason == PauseReason.Payment && (p.To is null || p.To > enteredAt))
            .Select(p => (p.From < enteredAt ? p with { From = enteredAt } : p).ForCalendar()), now);
        var worked = calendar.WorkingTimeBetween(enteredAt, now) - waited;
        return worked < TimeSpan.Zero ? TimeSpan.Zero : worked;
    }
}

/// <summary>How long a step actually takes at an agency: the 90th percentile of its stays (working hours) and how many
/// stays it was computed from.</summary>
public sealed record StepHistory(double P90Hours, int Samples);

/// <summary>
/// An open dossier's realistic finish beside its legal due date (never replacing it): <see cref="At"/>, the step that holds
/// it now (<see cref="HoldingStepIndex"/>, <see cref="HoldingStepName"/>), and <see cref="LikelyLate"/> when the expected
/// finish is after the due date while the due date has not yet passed (flagged before it is late).
/// <see cref="FromHistory"/>: how many of the remaining steps were estimated from the agency's history rather than their
/// own limits.
/// </summary>
public sealed record ExpectedFinish(DateTimeOffset At, int HoldingStepIndex, string HoldingStepName, bool LikelyLate, int FromHistory, int Steps);

/// <summary>
/// Early warning of lateness (Nghị định 309/2026 as reported, issue 15): an open dossier's expected finish from how long its
/// remaining steps actually take at the receiving agency.
/// </summary>
public static class EarlyWarning
{
    /// <summary>Stays of a step needed before its history replaces its own limit [choice]: with fewer, one slow or quick
    /// dossier would move the estimate of every dossier behind it; ten make the 90th percentile lie between real stays.</summary>
    public const int MinimumSamples = 10;

    /// <summary>How far back the history reaches [choice, the brief]: three months before the computation.</summary>
    public const int HistoryMonths = 3;

    /// <summary>
    /// The expected finish of a dossier at step <paramref name="currentStepIndex"/> of <paramref name="process"/>, entered at
    /// <paramref name="currentStepStartedAt"/>, at <paramref name="now"/>: now plus what the current step still takes (its
    /// estimate less the office time it has taken, at least zero) plus the estimate of each main step after it (co-agency
    /// steps run in parallel and are skipped, as the dossier skips them), added as office time by <paramref name="calendar"/>.
    /// A step's estimate is its <paramref name="history"/>'s p90 with at least <see cref="MinimumSamples"/> stays, else its
    /// own limit. Null when the dossier is at no step or waits for the citizen (<paramref name="paused"/>: the clock stands
    /// still, so no finish can be promised). <see cref="ExpectedFinish.At"/> is rounded to the nearest minute: it is shown to the
    /// minute, and a p90 of fractional hours (27.174999999999997) would otherwise land a fraction of a second before a minute
    /// and be shown as the minute before, so the page, the worklist and the API could disagree by one minute.
    /// </summary>
    public static ExpectedFinish? For(IReadOnlyList<PlannedStep> process, int? currentStepIndex, DateTimeOffset? currentStepStartedAt,
        IReadOnlyList<DossierPause> pauses, bool paused, DateTimeOffset? dueAt, DateTimeOffset now, WorkingCalendar calendar, Func<int, StepHistory?> history)
    {
        if (paused || currentStepIndex is not { } current || currentStepStartedAt is not { } started || current >= process.Count) return null;
        var fromHistory = 0;
        TimeSpan Estimate(int index)
        {
            if (history(index) is { Samples: >= MinimumSamples } known)
            {
                fromHistory++;
                return TimeSpan.FromHours(known.P90Hours);
            }
            return calendar.WorkingTimeOf(process[index].Allowance);
        }
        var remaining = Estimate(current) - StepTimes.WorkedSoFar(started, pauses, now, calendar);
        if (remaining < TimeSpan.Zero) remaining = TimeSpan.Zero;
        var steps = 1;
        for (var i = current + 1; i < process.Count; i++)
        {
            if (process[i].Kind == StepKind.CoAgency) continue;
            remaining += Estimate(i);
            steps++;
        }
        var at = ToNearestMinute(calendar.AddWorkingTime(now, remaining));
        return new ExpectedFinish(at, current, process[current].Name, dueAt is { } due && due > now && at > due, fromHistory, steps);
    }

    private static DateTimeOffset ToNearestMinute(DateTimeOffset at) =>
        new((at.Ticks + TimeSpan.TicksPerMinute / 2) / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, at.Offset);
}
