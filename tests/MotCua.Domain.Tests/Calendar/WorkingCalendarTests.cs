using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using static MotCua.Domain.Calendar.CalendarDayKind;

namespace MotCua.Domain.Tests.Calendar;

/// <summary>Due dates a person can check with a wall calendar. March 2025: Monday 3, Friday 7, Monday 10.</summary>
public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);

    private static readonly WorkingCalendar SaturdayDesk = new(
        new CalendarSettings(OfficeHours.Parse("T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30"), new TimeOnly(15, 0)), []);

    /// <summary>
    /// The 2025 days off as the decisions published them, entered as an administrator would: Tết 25/1 (Saturday) to
    /// 2/2 (Sunday), 9 days with the weekends; 30/4–1/5 with Friday 2/5 swapped against Saturday 26/4 worked;
    /// 1/9 and 2/9.
    /// </summary>
    internal static readonly CalendarDay[] Official2025 =
    [
        new(Vn.Date("2025-01-01"), Holiday, "Tết Dương lịch"),
        new(Vn.Date("2025-01-27"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2025-01-28"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2025-01-29"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2025-01-30"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2025-01-31"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2025-04-07"), Holiday, "Giỗ Tổ Hùng Vương"),
        new(Vn.Date("2025-04-26"), MakeupWorkday, "Làm bù cho ngày 02/05"),
        new(Vn.Date("2025-04-30"), Holiday, "Ngày Chiến thắng"),
        new(Vn.Date("2025-05-01"), Holiday, "Ngày Quốc tế Lao động"),
        new(Vn.Date("2025-05-02"), Compensatory, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04)"),
        new(Vn.Date("2025-09-01"), Holiday, "Quốc khánh"),
        new(Vn.Date("2025-09-02"), Holiday, "Quốc khánh"),
    ];

    private static readonly WorkingCalendar With2025Decisions = new(CalendarSettings.Default, Official2025);

    private static string Due(WorkingCalendar calendar, string submitted, TimeLimit limit, Channel channel, TimeOnly? cutoff = null)
    {
        var result = calendar.ComputeDue(Vn.At(submitted), limit, channel, cutoff);
        return Vn.Show(result.DueAt);
    }

    private static string[] Explain(DueDateResult result) =>
        [.. result.Skipped.Select(s => $"{Vn.Show(s.From)} → {Vn.Show(s.To)} {s.Reason}")];

    [Fact]
    public void Monday_9_plus_one_working_day_is_Tuesday_9() =>
        Assert.Equal("2025-03-04 09:00", Due(Calendar, "2025-03-03 09:00", TimeLimit.Days(1), Channel.Direct));

    [Fact]
    public void Monday_opening_plus_one_day_ends_at_Monday_close_not_Tuesday_opening() =>
        Assert.Equal("2025-03-03 17:00", Due(Calendar, "2025-03-03 07:00", TimeLimit.Days(1), Channel.Online));

    [Theory]
    [InlineData(Channel.Direct)]
    [InlineData(Channel.Postal)]
    public void Paper_received_Friday_after_the_cutoff_counts_from_Monday_opening(Channel channel)
    {
        // Start Monday 07:00; one working day of 8 hours ends at Monday 17:00, two at Tuesday 17:00.
        Assert.Equal("2025-03-10 17:00", Due(Calendar, "2025-03-07 16:00", TimeLimit.Days(1), channel));
        Assert.Equal("2025-03-11 17:00", Due(Calendar, "2025-03-07 16:00", TimeLimit.Days(2), channel));
        var result = Calendar.ComputeDue(Vn.At("2025-03-07 16:00"), TimeLimit.Days(1), channel);
        Assert.Equal(Vn.At("2025-03-10 07:00"), result.Start);
        Assert.Equal(
        [
            "2025-03-07 16:00 → 2025-03-08 00:00 sau 15:00",
            "2025-03-08 00:00 → 2025-03-09 00:00 Thứ Bảy",
            "2025-03-09 00:00 → 2025-03-10 00:00 Chủ nhật",
        ], Explain(result));
    }

    [Fact]
    public void Online_submission_has_no_cutoff()
    {
        // Friday 16:00–17:00 is one hour; seven more on Monday: 07:00–11:30 and 13:30–16:00.
        Assert.Equal("2025-03-10 16:00", Due(Calendar, "2025-03-07 16:00", TimeLimit.Days(1), Channel.Online));
    }

    [Fact]
    public void Paper_at_exactly_the_cutoff_still_counts_that_day() =>
        Assert.Equal("2025-03-04 15:00", Due(Calendar, "2025-03-03 15:00", TimeLimit.Days(1), Channel.Direct));

    [Fact]
    public void A_procedure_may_set_its_own_cutoff()
    {
        // Cut-off 16:00: Friday 15:30 counts that day (1.5 h), then Monday 07:00–11:30 and 13:30–15:30.
        Assert.Equal("2025-03-10 15:30", Due(Calendar, "2025-03-07 15:30", TimeLimit.Days(1), Channel.Direct, new TimeOnly(16, 0)));
        // Cut-off 14:00: the same Friday 15:30 counts from Monday 07:00.
        var result = Calendar.ComputeDue(Vn.At("2025-03-07 15:30"), TimeLimit.Days(1), Channel.Direct, new TimeOnly(14, 0));
        Assert.Equal("2025-03-10 17:00", Vn.Show(result.DueAt));
        Assert.Equal("sau 14:00", result.Skipped[0].Reason);
    }

    [Fact]
    public void Received_the_Tuesday_before_Tet_three_days_run_past_Tet()
    {
        // Default 2024: Tết Fri 9/2 to Tue 13/2 (weekend inside), given back Wed 14 and Thu 15.
        // Wed 7 10:00 is one day, Thu 8 10:00 two, Fri 16 10:00 three.
        var result = Calendar.ComputeDue(Vn.At("2024-02-06 10:00"), TimeLimit.Days(3), Channel.Direct);
        Assert.Equal("2024-02-16 10:00", Vn.Show(result.DueAt));
        Assert.Equal(
        [
            "2024-02-09 00:00 → 2024-02-14 00:00 Tết Nguyên đán",
            "2024-02-14 00:00 → 2024-02-16 00:00 Nghỉ bù Tết Nguyên đán",
        ], Explain(result));
    }

    [Fact]
    public void Working_hours_skip_the_lunch_break()
    {
        // Tuesday 10:00 + 4 h: 10:00–11:30 (1.5 h), then 13:30 + 2.5 h.
        Assert.Equal("2025-03-04 16:00", Due(Calendar, "2025-03-04 10:00", TimeLimit.Hours(4), Channel.Online));
        Assert.Equal("2025-03-04 16:00", Due(Calendar, "2025-03-04 10:00", TimeLimit.Days(0.5m), Channel.Online));
        // A due reached exactly at the lunch break stays at 11:30.
        Assert.Equal("2025-03-04 11:30", Due(Calendar, "2025-03-04 10:00", TimeLimit.Hours(1.5m), Channel.Online));
        // Submitted during lunch: from 13:30.
        var lunch = Calendar.ComputeDue(Vn.At("2025-03-04 12:00"), TimeLimit.Hours(1), Channel.Online);
        Assert.Equal("2025-03-04 14:30", Vn.Show(lunch.DueAt));
        Assert.Equal(["2025-03-04 12:00 → 2025-03-04 13:30 ngoài giờ làm việc"], Explain(lunch));
    }

    [Fact]
    public void Outside_office_hours_counts_from_the_next_opening()
    {
        var night = Calendar.ComputeDue(Vn.At("2025-03-04 22:00"), TimeLimit.Hours(1), Channel.Online);
        Assert.Equal("2025-03-05 08:00", Vn.Show(night.DueAt));
        Assert.Equal(["2025-03-04 22:00 → 2025-03-05 00:00 ngoài giờ làm việc"], Explain(night));

        var sunday = Calendar.ComputeDue(Vn.At("2025-03-09 20:00"), TimeLimit.Days(1), Channel.Online);
        Assert.Equal("2025-03-10 07:00", Vn.Show(sunday.Start));
        Assert.Equal("2025-03-10 17:00", Vn.Show(sunday.DueAt));
        Assert.Equal(["2025-03-09 20:00 → 2025-03-10 00:00 Chủ nhật"], Explain(sunday));

        var early = Calendar.ComputeDue(Vn.At("2025-03-04 06:30"), TimeLimit.Hours(1), Channel.Direct);
        Assert.Equal("2025-03-04 08:00", Vn.Show(early.DueAt));
    }

    [Fact]
    public void Saturday_morning_desk_counts_Saturday_morning()
    {
        // Friday 16:00–17:00 then Saturday from 07:30.
        Assert.Equal("2025-03-08 08:30", Due(SaturdayDesk, "2025-03-07 16:00", TimeLimit.Hours(2), Channel.Online));
        // Paper after the cut-off starts Saturday 07:30: 4 h on Saturday, 4 h on Monday from 07:00.
        var paper = SaturdayDesk.ComputeDue(Vn.At("2025-03-07 16:00"), TimeLimit.Days(1), Channel.Direct);
        Assert.Equal("2025-03-08 07:30", Vn.Show(paper.Start));
        Assert.Equal("2025-03-10 11:00", Vn.Show(paper.DueAt));
        Assert.Equal(
        [
            "2025-03-07 16:00 → 2025-03-08 00:00 sau 15:00",
            "2025-03-09 00:00 → 2025-03-10 00:00 Chủ nhật",
        ], Explain(paper));
        // Saturday afternoon is outside office hours.
        Assert.Equal("2025-03-10 08:00", Due(SaturdayDesk, "2025-03-08 14:00", TimeLimit.Hours(1), Channel.Online));
    }

    [Fact]
    public void Instants_with_any_offset_give_a_due_in_Vietnam_time()
    {
        var utc = new DateTimeOffset(2025, 3, 3, 2, 0, 0, TimeSpan.Zero); // Monday 09:00 in Vietnam
        var result = Calendar.ComputeDue(utc, TimeLimit.Days(1), Channel.Direct);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 9, 0, 0, VietnamTime.Offset), result.DueAt);
        Assert.Equal(VietnamTime.Offset, result.DueAt.Offset);
        Assert.Equal(VietnamTime.Offset, result.Start.Offset);
        Assert.Equal(VietnamTime.Offset, Calendar.ComputeDue(utc.ToOffset(TimeSpan.FromHours(-5)), TimeLimit.Days(1), Channel.Direct).DueAt.Offset);
    }

    [Fact]
    public void Seconds_are_kept() =>
        Assert.Equal(Vn.At("2025-03-04 09:00").AddSeconds(42),
            Calendar.ComputeDue(Vn.At("2025-03-03 09:00").AddSeconds(42), TimeLimit.Days(1), Channel.Direct).DueAt);

    [Fact]
    public void A_zero_limit_is_due_at_the_valid_start() =>
        Assert.Equal("2025-03-10 07:00", Due(Calendar, "2025-03-08 10:00", TimeLimit.Days(0), Channel.Online));

    [Fact]
    public void A_negative_limit_is_refused() =>
        Assert.Throws<CalendarRangeException>(() => Calendar.ComputeDue(Vn.At("2025-03-03 09:00"), TimeLimit.Days(-1), Channel.Online).DueAt);

    [Fact]
    public void Year_end_holiday_is_skipped_across_the_year_boundary()
    {
        // Wed 31/12/2025 16:00 online + 2 h: 16:00–17:00, Thu 1/1/2026 off, Fri 2/1 07:00–08:00.
        var result = Calendar.ComputeDue(Vn.At("2025-12-31 16:00"), TimeLimit.Hours(2), Channel.Online);
        Assert.Equal("2026-01-02 08:00", Vn.Show(result.DueAt));
        Assert.Equal(["2026-01-01 00:00 → 2026-01-02 00:00 Tết Dương lịch"], Explain(result));
        Assert.Equal(TimeSpan.FromHours(2), Calendar.WorkingTimeBetween(Vn.At("2025-12-31 16:00"), Vn.At("2026-01-02 08:00")));
    }

    [Fact]
    public void Long_limits_span_years_like_a_day_by_day_count()
    {
        // From Monday 5/1/2026 at opening, 400 working days end at the close of the 400th working day, counted here
        // one date at a time.
        var day = Vn.Date("2026-01-05");
        for (var counted = Calendar.IsWorkingDay(day) ? 1 : 0; counted < 400;)
        {
            day = day.AddDays(1);
            if (Calendar.IsWorkingDay(day)) counted++;
        }
        Assert.Equal(VietnamTime.At(day, new TimeOnly(17, 0)), Calendar.ComputeDue(Vn.At("2026-01-05 07:00"), TimeLimit.Days(400), Channel.Online).DueAt);
        Assert.True(day.Year == 2027 && day.Month > 6, $"{day}");
    }

    [Fact]
    public void Years_outside_the_calendar_are_refused() =>
        Assert.Throws<CalendarRangeException>(() => Calendar.ComputeDue(Vn.At("2100-12-31 16:00"), TimeLimit.Days(5), Channel.Online).DueAt);

    [Fact]
    public void Official_decisions_replace_the_default_rule_for_their_year()
    {
        Assert.Equal(Official2025, With2025Decisions.SpecialDays(2025));
        Assert.Equal(PublicHolidays.DefaultDays(2026), With2025Decisions.SpecialDays(2026));

        // The default rule would have Monday 27/1 and Saturday 26/4 as ordinary days and no swap on Friday 2/5.
        Assert.True(Calendar.IsWorkingDay(Vn.Date("2025-01-27")));
        Assert.False(With2025Decisions.IsWorkingDay(Vn.Date("2025-01-27")));
        Assert.False(Calendar.IsWorkingDay(Vn.Date("2025-04-26")));
        Assert.True(With2025Decisions.IsWorkingDay(Vn.Date("2025-04-26")));
        Assert.True(Calendar.IsWorkingDay(Vn.Date("2025-05-02")));
        Assert.False(With2025Decisions.IsWorkingDay(Vn.Date("2025-05-02")));
        // A year without entries keeps the default: Tết 2026 from Mon 16/2 to Fri 20/2.
        Assert.False(With2025Decisions.IsWorkingDay(Vn.Date("2026-02-16")));
    }

    [Fact]
    public void Tet_2025_as_decided_is_nine_days_off()
    {
        var result = With2025Decisions.ComputeDue(Vn.At("2025-01-24 10:00"), TimeLimit.Days(1), Channel.Direct);
        Assert.Equal("2025-02-03 10:00", Vn.Show(result.DueAt));
        Assert.Equal(
        [
            "2025-01-25 00:00 → 2025-01-26 00:00 Thứ Bảy",
            "2025-01-26 00:00 → 2025-01-27 00:00 Chủ nhật",
            "2025-01-27 00:00 → 2025-02-01 00:00 Tết Nguyên đán",
            "2025-02-01 00:00 → 2025-02-02 00:00 Thứ Bảy",
            "2025-02-02 00:00 → 2025-02-03 00:00 Chủ nhật",
        ], Explain(result));
    }

    [Fact]
    public void A_makeup_Saturday_is_worked_with_weekday_hours_and_the_swapped_Friday_is_off()
    {
        Assert.Equal("2025-04-26 10:00", Due(With2025Decisions, "2025-04-25 10:00", TimeLimit.Days(1), Channel.Direct));
        Assert.True(With2025Decisions.IsWorkingTime(Vn.At("2025-04-26 16:00")));
        // Tuesday 29/4 10:00: 30/4, 1/5, 2/5 off, then the weekend: Monday 5/5 10:00.
        var result = With2025Decisions.ComputeDue(Vn.At("2025-04-29 10:00"), TimeLimit.Days(1), Channel.Direct);
        Assert.Equal("2025-05-05 10:00", Vn.Show(result.DueAt));
        Assert.Equal(
        [
            "2025-04-30 00:00 → 2025-05-01 00:00 Ngày Chiến thắng",
            "2025-05-01 00:00 → 2025-05-02 00:00 Ngày Quốc tế Lao động",
            "2025-05-02 00:00 → 2025-05-03 00:00 Nghỉ hoán đổi (làm bù thứ Bảy 26/04)",
            "2025-05-03 00:00 → 2025-05-04 00:00 Thứ Bảy",
            "2025-05-04 00:00 → 2025-05-05 00:00 Chủ nhật",
        ], Explain(result));
    }

    [Fact]
    public void National_Day_2025_as_decided() =>
        // Friday 29/8 10:00: Saturday to Tuesday 2/9 off, Wednesday 3/9 10:00.
        Assert.Equal("2025-09-03 10:00", Due(With2025Decisions, "2025-08-29 10:00", TimeLimit.Days(1), Channel.Direct));

    [Fact]
    public void Official_days_entered_twice_or_without_a_name_are_refused()
    {
        var twice = Assert.Throws<ArgumentException>(() => new WorkingCalendar(CalendarSettings.Default,
            [new(Vn.Date("2025-09-01"), Holiday, "Quốc khánh"), new(Vn.Date("2025-09-01"), Compensatory, "Nghỉ bù")]));
        Assert.Contains("01/09/2025 được khai hơn một lần", twice.Message);
        var unnamed = Assert.Throws<ArgumentException>(() => new WorkingCalendar(CalendarSettings.Default, [new(Vn.Date("2025-09-01"), Holiday, " ")]));
        Assert.Contains("chưa có tên", unnamed.Message);
    }

    [Fact]
    public void A_pause_stops_the_clock_and_resumes_it()
    {
        // Monday 09:00 + 3 days would be Thursday 09:00. Waiting Tuesday 09:00 to Thursday 09:00 (2 working days)
        // leaves 2 days to run from Thursday 09:00: Monday 10/3 09:00.
        Pause[] pauses = [new(Vn.At("2025-03-04 09:00"), Vn.At("2025-03-06 09:00"), "Chờ bổ sung hồ sơ")];
        var result = Calendar.ComputeDue(Vn.At("2025-03-03 09:00"), TimeLimit.Days(3), Channel.Direct, pauses);
        Assert.NotNull(result);
        Assert.Equal("2025-03-10 09:00", Vn.Show(result.DueAt));
        Assert.Equal(
        [
            "2025-03-04 09:00 → 2025-03-06 09:00 Chờ bổ sung hồ sơ",
            "2025-03-08 00:00 → 2025-03-09 00:00 Thứ Bảy",
            "2025-03-09 00:00 → 2025-03-10 00:00 Chủ nhật",
        ], Explain(result));
    }

    [Fact]
    public void Pauses_that_overlap_count_once_and_a_pause_in_closed_time_changes_nothing()
    {
        Pause[] overlapping =
        [
            new(Vn.At("2025-03-04 09:00"), Vn.At("2025-03-05 09:00"), "Chờ bổ sung hồ sơ"),
            new(Vn.At("2025-03-04 13:30"), Vn.At("2025-03-06 09:00"), "Chờ nộp phí"),
        ];
        Assert.Equal("2025-03-10 09:00", Vn.Show(Calendar.ComputeDue(Vn.At("2025-03-03 09:00"), TimeLimit.Days(3), Channel.Direct, overlapping)!.DueAt));

        Pause[] weekend = [new(Vn.At("2025-03-08 08:00"), Vn.At("2025-03-09 20:00"), "Chờ nộp phí")];
        Assert.Equal("2025-03-11 09:00", Vn.Show(Calendar.ComputeDue(Vn.At("2025-03-06 09:00"), TimeLimit.Days(3), Channel.Direct, weekend)!.DueAt));
    }

    [Fact]
    public void An_open_pause_leaves_the_due_date_undetermined_unless_the_limit_ran_out_before_it()
    {
        Pause[] open = [new(Vn.At("2025-03-04 09:00"), null, "Chờ bổ sung hồ sơ")];
        Assert.Null(Calendar.ComputeDue(Vn.At("2025-03-03 09:00"), TimeLimit.Days(3), Channel.Direct, open));
        var ranOut = Calendar.ComputeDue(Vn.At("2025-03-03 09:00"), TimeLimit.Hours(4), Channel.Direct, open);
        // 09:00–11:30 then 13:30–15:00, all before Tuesday's pause.
        Assert.Equal("2025-03-03 15:00", Vn.Show(ranOut!.DueAt));
    }

    [Fact]
    public void A_pause_cannot_end_before_it_starts() =>
        Assert.Throws<ArgumentException>(() => new Pause(Vn.At("2025-03-04 09:00"), Vn.At("2025-03-04 08:00"), "Chờ nộp phí"));

    [Fact]
    public void Restart_after_supplement_counts_again_from_zero_at_completion()
    {
        // Supplement completed on paper Wednesday 12/3 16:00, after the cut-off: count from Thursday 07:00, 3 days.
        var restarted = Calendar.RestartAfterSupplement(Vn.At("2025-03-12 16:00"), TimeLimit.Days(3), Channel.Direct);
        Assert.Equal("2025-03-13 07:00", Vn.Show(restarted.Start));
        Assert.Equal("2025-03-17 17:00", Vn.Show(restarted.DueAt));
    }

    [Fact]
    public void An_extension_must_move_the_due_date_later()
    {
        // The officer chooses the new date (Dossier.Extend keeps the original: ProcessingTests); the value refuses any other.
        Assert.Throws<ArgumentException>(() => new Extension(Vn.At("2025-03-10 09:00"), Vn.At("2025-03-10 09:00"), "Không gia hạn"));
        Assert.Throws<ArgumentException>(() => new Extension(Vn.At("2025-03-10 09:00"), Vn.At("2025-03-07 17:00"), "Lùi hạn"));
        Assert.Equal(Vn.At("2025-03-12 09:00"), new Extension(Vn.At("2025-03-10 09:00"), Vn.At("2025-03-12 09:00"), "Cần xác minh thêm").NewDueAt);
    }

    [Fact]
    public void Working_time_between_instants()
    {
        Assert.Equal(TimeSpan.FromHours(8), Calendar.WorkingTimeBetween(Vn.At("2025-03-03 09:00"), Vn.At("2025-03-04 09:00")));
        // Friday 16:00–17:00 and Monday 07:00–08:00.
        Assert.Equal(TimeSpan.FromHours(2), Calendar.WorkingTimeBetween(Vn.At("2025-03-07 16:00"), Vn.At("2025-03-10 08:00")));
        Assert.Equal(TimeSpan.FromHours(-2), Calendar.WorkingTimeBetween(Vn.At("2025-03-10 08:00"), Vn.At("2025-03-07 16:00")));
        Assert.Equal(TimeSpan.Zero, Calendar.WorkingTimeBetween(Vn.At("2025-03-04 11:30"), Vn.At("2025-03-04 13:30")));
        Assert.Equal(TimeSpan.FromHours(24), Calendar.WorkingTimeOf(TimeLimit.Days(3)));
        Assert.Equal(TimeSpan.FromMinutes(90), Calendar.WorkingTimeOf(TimeLimit.Hours(1.5m)));
    }

    [Theory]
    [InlineData("2025-03-03 07:00", true)]
    [InlineData("2025-03-03 06:59", false)]
    [InlineData("2025-03-03 11:29", true)]
    [InlineData("2025-03-03 11:30", false)]
    [InlineData("2025-03-03 12:00", false)]
    [InlineData("2025-03-03 13:30", true)]
    [InlineData("2025-03-03 16:59", true)]
    [InlineData("2025-03-03 17:00", false)]
    [InlineData("2025-03-08 10:00", false)]
    [InlineData("2026-01-01 10:00", false)]
    public void Office_time_includes_the_opening_minute_not_the_closing_one(string instant, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingTime(Vn.At(instant)));

    [Fact]
    public void Valid_start_is_exposed_for_receipts()
    {
        Assert.Equal(Vn.At("2025-03-10 07:00"), Calendar.ValidStart(Vn.At("2025-03-07 15:01"), Channel.Postal));
        Assert.Equal(Vn.At("2025-03-07 15:01"), Calendar.ValidStart(Vn.At("2025-03-07 15:01"), Channel.Online));
    }

    [Fact]
    public void Calendar_is_safe_to_share_between_threads()
    {
        var shared = new WorkingCalendar(CalendarSettings.Default, Official2025);
        var starts = Enumerable.Range(0, 2000).Select(i => Vn.At("2024-06-03 08:00").AddHours(i * 7)).ToArray();
        var parallel = starts.AsParallel().Select(s => shared.ComputeDue(s, TimeLimit.Days(20), Channel.Direct).DueAt).ToArray();
        var sequential = starts.Select(s => With2025Decisions.ComputeDue(s, TimeLimit.Days(20), Channel.Direct).DueAt).ToArray();
        Assert.Equal(sequential, parallel);
    }
}
