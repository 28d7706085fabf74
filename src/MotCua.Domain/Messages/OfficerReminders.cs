using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Messages;

/// <summary>What an officer's notice is about (<c>officer_notices.kind</c>).</summary>
public enum OfficerNoticeKind
{
    /// <summary>The step is due within the lead time: its handler is warned.</summary>
    Warning,
    /// <summary>The step is past its due instant: its handler is told.</summary>
    Overdue,
    /// <summary>The step is overdue beyond a margin: the department head, then the leader, of the holding unit is told.</summary>
    Escalation,
    /// <summary>The morning list of what is overdue in the unit, for its department heads and leaders.</summary>
    Summary,
}

/// <summary>
/// When officers are reminded (issue 13, docs/MESSAGES.md §7), all in office time by the unit's calendar: the lead time
/// before a step's due instant, and the margins past it after which the department head, then the leader, is told.
/// The lead time and margins are MotCua's choice (issue 13), configurable per deployment.
/// </summary>
/// <param name="LeadTime">Office time before the due instant from which the handler is warned (default 4 working hours).</param>
/// <param name="HeadMargin">Office time overdue after which the department head is told (default 1 working day).</param>
/// <param name="LeaderMargin">Office time overdue after which the leader is told (default 2 working days).</param>
/// <param name="SummaryAt">Vietnam time of day from which a working day's summary is sent (default 07:30).</param>
public sealed record ReminderPolicy(TimeLimit LeadTime, TimeLimit HeadMargin, TimeLimit LeaderMargin, TimeOnly SummaryAt)
{
    public static readonly ReminderPolicy Default = new(TimeLimit.Hours(4), TimeLimit.Days(1), TimeLimit.Days(2), new TimeOnly(7, 30));
}

/// <summary>The notices a step calls for at one instant; each is sent once (the scheduler keys it).</summary>
/// <param name="Warn">Due within the lead time and not yet overdue.</param>
/// <param name="Overdue">Past the due instant (<see cref="DeadlineClassifier.ClassifyOpen"/>).</param>
/// <param name="ToHead">Overdue by more than <see cref="ReminderPolicy.HeadMargin"/> of office time.</param>
/// <param name="ToLeader">Overdue by more than <see cref="ReminderPolicy.LeaderMargin"/> of office time.</param>
public readonly record struct StepAlerts(bool Warn, bool Overdue, bool ToHead, bool ToLeader);

/// <summary>The rules of officers' reminders: which notices a step calls for, who handles a step, when a summary is due.</summary>
public static class OfficerReminderRules
{
    /// <summary>The notices a step due at <paramref name="dueAt"/> calls for at <paramref name="now"/>, measured in office
    /// time of <paramref name="calendar"/>. "Overdue" is the worklists' rule (<see cref="DeadlineClassifier.ClassifyOpen"/>).</summary>
    public static StepAlerts Alerts(DateTimeOffset now, DateTimeOffset dueAt, WorkingCalendar calendar, ReminderPolicy policy)
    {
        var overdue = DeadlineClassifier.ClassifyOpen(now, dueAt) == OpenTiming.Overdue;
        return new StepAlerts(
            Warn: !overdue && dueAt <= calendar.AddWorkingTime(now, calendar.WorkingTimeOf(policy.LeadTime)),
            Overdue: overdue,
            ToHead: overdue && now > calendar.AddWorkingTime(dueAt, calendar.WorkingTimeOf(policy.HeadMargin)),
            ToLeader: overdue && now > calendar.AddWorkingTime(dueAt, calendar.WorkingTimeOf(policy.LeaderMargin)));
    }

    /// <summary>Who handles a step of this kind in the holding unit, read from <see cref="ActionRules"/> (the actions
    /// awaited at the step): each role, and whether only the dossier's assignee of that role handles it.</summary>
    public static IReadOnlyList<(OfficerRole Role, bool AssigneeOnly)> Handlers(StepKind step) =>
    [
        .. ActionRules.All
            .Where(r => r.Awaited && r.Statuses.Contains(DossierStatus.InProcess) && r.Steps is { } steps && steps.Contains(step)
                && r.Agencies.Contains(AgencyRelation.Holder))
            .Select(r => (r.Role, r.AssigneeOnly))
            .Distinct(),
    ];

    /// <summary>Whether the daily summary is due at <paramref name="now"/>: on a working day of <paramref name="calendar"/>
    /// (one with office time), from <see cref="ReminderPolicy.SummaryAt"/> Vietnam time on.</summary>
    public static bool SummaryDue(DateTimeOffset now, WorkingCalendar calendar, ReminderPolicy policy)
    {
        var today = VietnamTime.DateOf(now);
        var midnight = VietnamTime.At(today, TimeOnly.MinValue);
        return TimeOnly.FromTimeSpan(VietnamTime.ToVietnam(now).TimeOfDay) >= policy.SummaryAt
            && calendar.WorkingTimeBetween(midnight, midnight.AddDays(1)) > TimeSpan.Zero;
    }
}
