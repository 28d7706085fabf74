using MotCua.Domain.Calendar;
using MotCua.Domain.Messages;

namespace MotCua.Web.Features.Reminders;

/// <summary>How officers are reminded (configuration section <c>Motcua:Reminders</c>, docs/MESSAGES.md §7). Times are
/// office time by the holding unit's calendar.</summary>
public sealed class ReminderOptions
{
    /// <summary>Whether this instance runs the scheduler; every instance may (a notice is keyed, so written once).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between two scans.</summary>
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>Working hours before a step's due instant from which its handler is warned.</summary>
    public decimal LeadHours { get; set; } = 4;

    /// <summary>Working days overdue after which the department head of the holding unit is told.</summary>
    public decimal HeadMarginDays { get; set; } = 1;

    /// <summary>Working days overdue after which the leader of the holding unit is told.</summary>
    public decimal LeaderMarginDays { get; set; } = 2;

    /// <summary>Vietnam time of day (HH:mm) from which a working day's summary is sent.</summary>
    public string SummaryAt { get; set; } = "07:30";

    /// <summary>The rule these options describe.</summary>
    public ReminderPolicy Policy => new(TimeLimit.Hours(LeadHours), TimeLimit.Days(HeadMarginDays), TimeLimit.Days(LeaderMarginDays),
        TimeOnly.ParseExact(SummaryAt, "HH:mm"));
}
