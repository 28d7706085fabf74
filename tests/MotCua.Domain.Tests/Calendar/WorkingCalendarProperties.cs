using FsCheck;
using FsCheck.Fluent;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Calendar;

/// <summary>Properties of the due-date arithmetic over random instants, limits of every unit and pauses, on two
/// calendars: the default one and a Saturday-morning desk with the 2025 and 2026 official days (make-up Saturdays
/// included). Every run prints its seed; set MOTCUA_PROPERTY_SEED="seed,gamma" to replay a failure exactly.</summary>
public class WorkingCalendarProperties(ITestOutputHelper output)
{
    private static readonly WorkingCalendar[] Calendars =
    [
        new(CalendarSettings.Default, []),
        new(new CalendarSettings(OfficeHours.Parse("T2-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30"), new TimeOnly(15, 0)),
            [.. WorkingCalendarTests.Official2025, .. TimeLimitUnitTests.Official2026]),
    ];

    private static readonly Gen<DateTimeOffset> Instant =
        from day in Gen.Choose(0, 4 * 365)
        from minute in Gen.Frequency(
            (3, Gen.Choose(0, 24 * 60 - 1)),
            (2, Gen.Elements(7 * 60, 7 * 60 + 30, 11 * 60 + 30, 13 * 60 + 30, 15 * 60, 15 * 60 + 1, 17 * 60)))
        from second in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 59)))
        from offsetHours in Gen.Elements(7, 0, -5, 9)
        select VietnamTime.At(new DateOnly(2024, 1, 1).AddDays(day), TimeOnly.MinValue)
            .AddMinutes(minute).AddSeconds(second).ToOffset(TimeSpan.FromHours(offsetHours));

    // Limits in office time: what the office-time identities below are about.
    private static readonly Gen<TimeLimit> Limit = Gen.OneOf(
        Gen.Choose(0, 60).Select(halves => TimeLimit.Days(halves / 2m)),
        Gen.Choose(0, 160).Select(quarters => TimeLimit.Hours(quarters / 4m)));

    // Every unit the catalogue publishes (issue 9).
    private static readonly Gen<TimeLimit> AnyLimit = Gen.OneOf(
        Limit,
        Gen.Choose(0, 90).Select(TimeLimit.CalendarDays),
        Gen.Choose(0, 24).Select(TimeLimit.Months),
        Gen.Constant(TimeLimit.SameDay));

    private static readonly Gen<Channel> Channels = Gen.Elements(Channel.Direct, Channel.Online, Channel.Postal);

    private sealed record Case(WorkingCalendar Calendar, DateTimeOffset Submitted, TimeLimit Limit, Channel Channel);

    private static Gen<Case> CasesOf(Gen<TimeLimit> limits) =>
        from calendar in Gen.Elements(Calendars)
        from submitted in Instant
        from limit in limits
        from channel in Channels
        select new Case(calendar, submitted, limit, channel);

    private static readonly Gen<Case> Cases = CasesOf(Limit);
    private static readonly Gen<Case> AnyUnitCases = CasesOf(AnyLimit);

    private void Check<T>(Gen<T> gen, Func<T, bool> property) => SeededProperty.Check(output, gen, property);

    private static bool IsOfficeTimeOrAPeriodEnd(WorkingCalendar calendar, DateTimeOffset instant) =>
        calendar.IsWorkingTime(instant) || calendar.IsWorkingTime(instant.AddTicks(-1));

    [Fact]
    public void A_due_date_in_any_unit_is_in_office_time_or_exactly_at_the_end_of_a_period() =>
        Check(AnyUnitCases, input =>
        {
            var (calendar, submitted, limit, channel) = input;
            var due = calendar.ComputeDue(submitted, limit, channel).DueAt;
            return IsOfficeTimeOrAPeriodEnd(calendar, due) && due.Offset == VietnamTime.Offset && due >= submitted;
        });

    [Fact]
    public void A_due_date_in_any_unit_with_pauses_is_never_outside_office_hours() =>
        Check(AnyUnitCases.SelectMany(_ => Gen.Zip(Gen.Choose(-2 * 24 * 60, 30 * 24 * 60), Gen.Choose(0, 10 * 24 * 60)), (c, pause) => (c, pause)), input =>
        {
            var ((calendar, submitted, limit, channel), (delayMinutes, lengthMinutes)) = input;
            var start = calendar.ValidStart(submitted, limit, channel);
            var pause = new Pause(start.AddMinutes(delayMinutes), start.AddMinutes(delayMinutes + lengthMinutes), "Chờ bổ sung hồ sơ");
            var due = calendar.ComputeDue(submitted, limit, channel, [pause])!.DueAt;
            return IsOfficeTimeOrAPeriodEnd(calendar, due) && due >= calendar.ComputeDue(submitted, limit, channel).DueAt;
        });

    [Fact]
    public void Counts_in_days_months_and_same_day_end_at_a_working_day_close_not_before_their_last_day() =>
        Check(CasesOf(AnyLimit.Where(l => !l.CountsOfficeTime)), input =>
        {
            var (calendar, submitted, limit, channel) = input;
            var due = calendar.ComputeDue(submitted, limit, channel).DueAt;
            var startDay = VietnamTime.DateOf(calendar.ValidStart(submitted, limit, channel));
            var lastDay = limit.Unit switch
            {
                TimeUnit.CalendarDays => startDay.AddDays((int)limit.Amount),
                TimeUnit.Months => startDay.AddMonths((int)limit.Amount),
                _ => startDay,
            };
            var dueDay = VietnamTime.DateOf(due);
            return dueDay >= lastDay
                && !calendar.IsWorkingTime(due) && calendar.IsWorkingTime(due.AddTicks(-1))
                && Enumerable.Range(0, dueDay.DayNumber - lastDay.DayNumber).All(d => !calendar.IsWorkingDay(lastDay.AddDays(d)));
        });

    [Fact]
    public void The_count_starts_at_the_valid_start_and_holds_exactly_the_limit_in_office_time() =>
        Check(AnyUnitCases, input =>
        {
            var (calendar, submitted, limit, channel) = input;
            var explained = calendar.ComputeDue(submitted, limit, channel);
            return explained.Start == calendar.ValidStart(submitted, limit, channel)
                && (!limit.CountsOfficeTime || calendar.WorkingTimeBetween(explained.Start, explained.DueAt) == calendar.WorkingTimeOf(limit));
        });

    [Fact]
    public void Adding_a_plus_b_equals_adding_a_then_b_from_a_valid_start() =>
        Check(Cases.SelectMany(_ => Limit, (c, b) => (c, b)), input =>
        {
            var ((calendar, submitted, a, _), b) = input;
            var start = calendar.ValidStart(submitted, Channel.Online);
            var (timeA, timeB) = (calendar.WorkingTimeOf(a), calendar.WorkingTimeOf(b));
            return calendar.AddWorkingTime(start, timeA + timeB) == calendar.AddWorkingTime(calendar.AddWorkingTime(start, timeA), timeB)
                && calendar.AddWorkingTime(start, timeA + timeB) == calendar.ComputeDue(start, TimeLimit.Hours((decimal)(timeA + timeB).TotalHours), Channel.Online).DueAt;
        });

    [Fact]
    public void Due_dates_are_monotone_in_the_start() =>
        Check(AnyUnitCases.SelectMany(_ => Instant, (c, other) => (c, other)), input =>
        {
            var ((calendar, first, limit, channel), second) = input;
            var (earlier, later) = first <= second ? (first, second) : (second, first);
            return calendar.ComputeDue(earlier, limit, channel).DueAt <= calendar.ComputeDue(later, limit, channel).DueAt;
        });

    [Fact]
    public void A_zero_length_pause_changes_nothing() =>
        Check(AnyUnitCases.SelectMany(_ => Instant, (c, at) => (c, at)), input =>
        {
            var ((calendar, submitted, limit, channel), at) = input;
            var paused = calendar.ComputeDue(submitted, limit, channel, [new Pause(at, at, "Chờ nộp phí")]);
            return paused?.DueAt == calendar.ComputeDue(submitted, limit, channel).DueAt;
        });

    [Fact]
    public void A_closed_pause_after_the_start_adds_exactly_its_office_time() =>
        Check(Cases.SelectMany(_ => Gen.Zip(Gen.Choose(0, 30 * 24 * 60), Gen.Choose(0, 10 * 24 * 60)), (c, pause) => (c, pause)), input =>
        {
            var ((calendar, submitted, limit, channel), (delayMinutes, lengthMinutes)) = input;
            var start = calendar.ValidStart(submitted, channel);
            var pause = new Pause(start.AddMinutes(delayMinutes), start.AddMinutes(delayMinutes + lengthMinutes), "Chờ bổ sung hồ sơ");
            var due = calendar.ComputeDue(submitted, limit, channel, [pause])!.DueAt;
            return calendar.WorkingTimeBetween(start, due) - calendar.PausedWorkingTime([pause], due) == calendar.WorkingTimeOf(limit)
                && due >= calendar.ComputeDue(submitted, limit, channel).DueAt
                && IsOfficeTimeOrAPeriodEnd(calendar, due);
        });

    [Fact]
    public void The_explanation_lists_only_closed_days_inside_the_count() =>
        Check(AnyUnitCases, input =>
        {
            var (calendar, submitted, limit, channel) = input;
            var result = calendar.ComputeDue(submitted, limit, channel);
            return result.Skipped.All(s => s.From < s.To && s.From >= submitted && s.To <= result.DueAt)
                && result.Skipped.Zip(result.Skipped.Skip(1)).All(pair => pair.First.To <= pair.Second.From)
                && result.Skipped.All(s => s.From == submitted
                    || Enumerable.Range(0, (int)(s.To - s.From).TotalDays)
                        .All(d => !calendar.IsWorkingDay(VietnamTime.DateOf(s.From).AddDays(d))));
        });
}
