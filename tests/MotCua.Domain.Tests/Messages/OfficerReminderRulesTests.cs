using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Messages;

/// <summary>Officers' reminders in office time (Monday to Friday 07:00–11:30, 13:30–17:00: an 8-hour working day).</summary>
public class OfficerReminderRulesTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly ReminderPolicy Policy = ReminderPolicy.Default;

    private static StepAlerts At(string now, string due) => OfficerReminderRules.Alerts(Vn.At(now), Vn.At(due), Calendar, Policy);

    [Theory]
    // Due Tuesday 10:00; four working hours before it is Monday 16:00 (one hour on Monday, three on Tuesday morning).
    [InlineData("2025-11-17 15:59", false)]
    [InlineData("2025-11-17 16:00", true)]
    [InlineData("2025-11-17 18:30", true)]
    [InlineData("2025-11-18 10:00", true)]
    [InlineData("2025-11-18 10:01", false)]
    public void The_handler_is_warned_from_four_working_hours_before_the_due_instant_until_it_passes(string now, bool warned) =>
        Assert.Equal(warned, At(now, "2025-11-18 10:00").Warn);

    [Theory]
    [InlineData("2025-11-18 10:00", false)]
    [InlineData("2025-11-18 10:01", true)]
    public void Overdue_is_the_worklists_rule_strictly_after_the_due_instant(string now, bool overdue) =>
        Assert.Equal(overdue, At(now, "2025-11-18 10:00").Overdue);

    [Theory]
    // Due Friday 16:00: one working day later is Monday 16:00, two are Tuesday 16:00; the weekend counts for nothing.
    [InlineData("2025-11-23 20:00", true, false, false)]
    [InlineData("2025-11-24 16:00", true, false, false)]
    [InlineData("2025-11-24 16:01", true, true, false)]
    [InlineData("2025-11-25 16:00", true, true, false)]
    [InlineData("2025-11-25 16:01", true, true, true)]
    public void Escalation_goes_to_the_head_after_one_working_day_and_to_the_leader_after_two(string now, bool overdue, bool head, bool leader)
    {
        var alerts = At(now, "2025-11-21 16:00");
        Assert.Equal((overdue, head, leader, false), (alerts.Overdue, alerts.ToHead, alerts.ToLeader, alerts.Warn));
    }

    [Fact]
    public void Margins_are_configurable_in_working_hours()
    {
        var policy = Policy with { LeadTime = TimeLimit.Hours(1), HeadMargin = TimeLimit.Hours(2), LeaderMargin = TimeLimit.Hours(3) };
        var due = Vn.At("2025-11-18 10:00");
        Assert.False(OfficerReminderRules.Alerts(Vn.At("2025-11-18 08:59"), due, Calendar, policy).Warn);
        Assert.True(OfficerReminderRules.Alerts(Vn.At("2025-11-18 09:00"), due, Calendar, policy).Warn);
        // 10:00 + 2 working hours = 13:30 + 30 min (the lunch break does not count).
        Assert.False(OfficerReminderRules.Alerts(Vn.At("2025-11-18 14:00"), due, Calendar, policy).ToHead);
        Assert.True(OfficerReminderRules.Alerts(Vn.At("2025-11-18 14:01"), due, Calendar, policy).ToHead);
        Assert.True(OfficerReminderRules.Alerts(Vn.At("2025-11-18 15:01"), due, Calendar, policy).ToLeader);
    }

    [Theory]
    [InlineData("2025-11-17 07:29", false)] // Monday, before the hour
    [InlineData("2025-11-17 07:30", true)]
    [InlineData("2025-11-17 16:00", true)]  // a scan that missed the hour still sends it that day
    [InlineData("2025-11-22 08:00", false)] // Saturday
    [InlineData("2025-11-23 08:00", false)] // Sunday
    public void The_daily_summary_is_due_from_0730_on_working_days_only(string now, bool due) =>
        Assert.Equal(due, OfficerReminderRules.SummaryDue(Vn.At(now), Calendar, Policy));

    [Fact]
    public void The_summary_hour_follows_the_policy()
    {
        var policy = Policy with { SummaryAt = new TimeOnly(9, 0) };
        Assert.False(OfficerReminderRules.SummaryDue(Vn.At("2025-11-17 08:59"), Calendar, policy));
        Assert.True(OfficerReminderRules.SummaryDue(Vn.At("2025-11-17 09:00"), Calendar, policy));
    }

    [Fact]
    public void A_steps_handlers_are_those_the_action_table_awaits_at_it()
    {
        Assert.Equal([(OfficerRole.DepartmentHead, false)], OfficerReminderRules.Handlers(StepKind.Assign));
        Assert.Equal([(OfficerRole.Specialist, true)], OfficerReminderRules.Handlers(StepKind.Appraise));
        Assert.Equal([(OfficerRole.Leader, false)], OfficerReminderRules.Handlers(StepKind.Approve));
        Assert.Equal([(OfficerRole.ReceivingOfficer, false)], OfficerReminderRules.Handlers(StepKind.Result));
    }
}
