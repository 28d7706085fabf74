using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using static MotCua.Domain.Calendar.CalendarDayKind;

namespace MotCua.Domain.Tests.Calendar;

/// <summary>
/// Every unit a time limit is published in, each with the value a person computes from the text that governs it
/// (named in the test or its comment) on a wall calendar. Office hours Monday–Friday 07:00–11:30, 13:30–17:00,
/// cut-off 15:00. November–December 2026: Monday 30/11, Tuesday 8/12, Wednesday 30/12; 1/1/2027 is a Friday.
/// </summary>
public class TimeLimitUnitTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);

    /// <summary>The 2026 list as decided: 1/1 off and 2/1 off in exchange for Saturday 10/1 worked (Văn bản
    /// 12729/VPCP-KGVX, 25/12/2025); Tết Mon 16/2–Fri 20/2 (Thông báo 9441/TB-BNV, 16/10/2025); Giỗ Tổ Sunday 26/4
    /// given back Monday 27/4 (Bộ luật Lao động 2019 Art. 111(3)); 30/4, 1/5; Quốc khánh 1/9–2/9.</summary>
    internal static readonly CalendarDay[] Official2026 =
    [
        new(Vn.Date("2026-01-01"), Holiday, "Tết Dương lịch"),
        new(Vn.Date("2026-01-02"), Compensatory, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01)"),
        new(Vn.Date("2026-01-10"), MakeupWorkday, "Làm bù cho ngày 02/01"),
        new(Vn.Date("2026-02-16"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2026-02-17"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2026-02-18"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2026-02-19"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2026-02-20"), Holiday, "Tết Nguyên đán"),
        new(Vn.Date("2026-04-26"), Holiday, "Giỗ Tổ Hùng Vương"),
        new(Vn.Date("2026-04-27"), Compensatory, "Nghỉ bù Giỗ Tổ Hùng Vương"),
        new(Vn.Date("2026-04-30"), Holiday, "Ngày Chiến thắng"),
        new(Vn.Date("2026-05-01"), Holiday, "Ngày Quốc tế Lao động"),
        new(Vn.Date("2026-09-01"), Holiday, "Quốc khánh"),
        new(Vn.Date("2026-09-02"), Holiday, "Quốc khánh"),
    ];

    private static readonly WorkingCalendar With2026Decisions = new(CalendarSettings.Default, Official2026);

    private static string Due(WorkingCalendar calendar, string submitted, TimeLimit limit, Channel channel = Channel.Direct)
    {
        var result = calendar.ComputeDue(Vn.At(submitted), limit, channel);
        Assert.Equal(VietnamTime.Offset, result.DueAt.Offset);
        return Vn.Show(result.DueAt);
    }

    // ---- calendar days: Bộ luật Dân sự 2015 Art. 147(2), 148(1), 148(5) ------------------------------------------------

    [Fact]
    public void Issue_9_case_1_012883_thirty_days_from_Monday_30_11_end_at_the_close_of_Wednesday_30_12() =>
        // "30 Ngày … Không quá 30 ngày, kể từ …": Art. 147(2) starts on 1/12, Art. 148(1) ends with 30/12; not 12/1/2027.
        Assert.Equal("2026-12-30 17:00", Due(Calendar, "2026-11-30 14:33", TimeLimit.CalendarDays(30)));

    [Fact]
    public void Days_ending_on_a_Saturday_end_at_the_close_of_the_next_working_day_art_148_5() =>
        // Mon 2/11/2026 + 5 days = Sat 7/11 → Monday 9/11.
        Assert.Equal("2026-11-09 17:00", Due(Calendar, "2026-11-02 10:00", TimeLimit.CalendarDays(5)));

    [Fact]
    public void Days_ending_on_New_Year_follow_the_official_swap_of_Van_ban_12729() =>
        // Thu 25/12/2025 + 7 days = Thu 1/1/2026 (holiday); 2/1 off by the swap, 3–4/1 weekend → Mon 5/1.
        Assert.Equal("2026-01-05 17:00", Due(With2026Decisions, "2025-12-25 09:00", TimeLimit.CalendarDays(7)));

    [Fact]
    public void Paper_received_after_the_cut_off_counts_its_days_from_the_next_working_day_nd_61_art_18() =>
        // Fri 4/12/2026 16:00 at the desk counts as received Monday 7/12; + 10 days = Thu 17/12.
        Assert.Equal("2026-12-17 17:00", Due(Calendar, "2026-12-04 16:00", TimeLimit.CalendarDays(10)));

    [Fact]
    public void Days_paused_for_the_citizen_move_the_last_day_by_the_whole_days_they_lasted()
    {
        // 30 days from Mon 30/11/2026 (→ Wed 30/12), paused Thu 3/12 09:00 – Mon 7/12 09:00 (4 days) → Sun 3/1/2027 → Mon 4/1.
        var pause = new Pause(Vn.At("2026-12-03 09:00"), Vn.At("2026-12-07 09:00"), "Chờ bổ sung hồ sơ");
        var due = Calendar.ComputeDue(Vn.At("2026-11-30 14:33"), TimeLimit.CalendarDays(30), Channel.Direct, [pause]);
        Assert.Equal("2027-01-04 17:00", Vn.Show(due!.DueAt));
    }

    [Fact]
    public void An_open_pause_leaves_a_count_in_days_undetermined() =>
        Assert.Null(Calendar.ComputeDue(Vn.At("2026-11-30 14:33"), TimeLimit.CalendarDays(30), Channel.Direct,
            [new Pause(Vn.At("2026-12-03 09:00"), null, "Chờ nộp phí")]));

    [Fact]
    public void The_explanation_of_days_lists_only_the_rest_days_after_the_last_day()
    {
        // The weekend inside the five days counts (calendar days); only the one after the last day moves the due.
        var result = Calendar.ComputeDue(Vn.At("2026-11-02 10:00"), TimeLimit.CalendarDays(5), Channel.Direct);
        Assert.Equal(["2026-11-07 00:00 → 2026-11-08 00:00 Thứ Bảy", "2026-11-08 00:00 → 2026-11-09 00:00 Chủ nhật"],
            result.Skipped.Select(s => $"{Vn.Show(s.From)} → {Vn.Show(s.To)} {s.Reason}"));
    }

    // ---- same day: Nghị định 23/2015/NĐ-CP Art. 21(1) -------------------------------------------------------------------

    [Theory]
    // Issue 9 case 2: received Tue 8/12 14:00 → the close of that day (not Wednesday 08:00, not half a working day).
    [InlineData("2026-12-08 14:00", Channel.Direct, "2026-12-08 17:00")]
    [InlineData("2026-12-08 15:00", Channel.Direct, "2026-12-08 17:00")] // 15:00 itself is not "sau 15 giờ"
    [InlineData("2026-12-08 15:01", Channel.Direct, "2026-12-09 17:00")] // after 15:00 → the next working day
    [InlineData("2026-12-08 15:30", Channel.Online, "2026-12-09 17:00")] // the decree's cut-off does not depend on the channel
    [InlineData("2026-12-11 16:00", Channel.Postal, "2026-12-14 17:00")] // Friday after 15:00 → Monday
    [InlineData("2026-12-12 10:00", Channel.Online, "2026-12-14 17:00")] // a Saturday request is received on Monday
    [InlineData("2026-12-08 12:00", Channel.Direct, "2026-12-08 17:00")] // lunch break: received at 13:30 the same day
    public void Same_day_ends_at_the_close_of_the_day_of_receipt_or_the_next_working_day_after_15h(string submitted, Channel channel, string due) =>
        Assert.Equal(due, Due(Calendar, submitted, TimeLimit.SameDay, channel));

    [Fact]
    public void Same_day_before_a_holiday_after_15h_is_the_first_working_day_after_it() =>
        // Wed 31/12/2025 16:00: Thu 1/1 holiday, Fri 2/1 off by Văn bản 12729, weekend → Monday 5/1/2026.
        Assert.Equal("2026-01-05 17:00", Due(With2026Decisions, "2025-12-31 16:00", TimeLimit.SameDay));

    // ---- months: Bộ luật Dân sự 2015 Art. 148(3) ------------------------------------------------------------------------

    [Fact]
    public void Months_end_on_the_same_day_number() =>
        // Fri 15/1/2027 + 3 months = Thu 15/4/2027.
        Assert.Equal("2027-04-15 17:00", Due(Calendar, "2027-01-15 09:00", TimeLimit.Months(3)));

    [Fact]
    public void Months_without_that_day_end_on_the_last_day_of_the_month_then_skip_the_weekend() =>
        // Mon 31/8/2026 + 6 months: February 2027 has no 31st → Sun 28/2/2027 (Art. 148(3)) → Mon 1/3 (Art. 148(5)).
        Assert.Equal("2027-03-01 17:00", Due(Calendar, "2026-08-31 09:00", TimeLimit.Months(6)));

    // ---- working hours: office time only (docs/CALENDAR.md §7; Art. 147(1) counts hours from the instant) ----------------

    [Fact]
    public void Working_hours_count_only_office_time() =>
        // Tue 8/12/2026 16:00 + 2 working hours: 16:00–17:00, then Wednesday 07:00–08:00.
        Assert.Equal("2026-12-09 08:00", Due(Calendar, "2026-12-08 16:00", TimeLimit.Hours(2), Channel.Online));

    // ---- working days and official decisions (issue 9 case 9) ------------------------------------------------------------

    [Fact]
    public void Two_working_days_from_31_12_2025_skip_2_1_2026_given_off_by_Van_ban_12729() =>
        Assert.Equal("2026-01-06 10:00", Due(With2026Decisions, "2025-12-31 10:00", TimeLimit.Days(2), Channel.Online));

    [Fact]
    public void One_working_day_from_Friday_9_1_2026_ends_on_Saturday_10_1_worked_by_Van_ban_12729() =>
        Assert.Equal("2026-01-10 10:00", Due(With2026Decisions, "2026-01-09 10:00", TimeLimit.Days(1), Channel.Online));

    // ---- the property test's counterexample, fixed (issue 9 case 10) -----------------------------------------------------

    [Fact]
    public void A_zero_limit_with_a_pause_from_the_valid_start_is_due_at_that_start_not_at_night()
    {
        // Postal, handed over Mon 2/3/2026 18:35 → valid start Tue 07:00; a pause from exactly then to Mon 9/3 05:10 once
        // made AddAround skip the remaining-time check and return 05:10.
        var pause = new Pause(Vn.At("2026-03-03 07:00"), Vn.At("2026-03-09 05:10"), "Chờ nộp phí");
        var due = Calendar.ComputeDue(Vn.At("2026-03-02 18:35"), TimeLimit.Days(0), Channel.Postal, [pause])!;
        Assert.Equal("2026-03-03 07:00", Vn.Show(due.DueAt));
        Assert.True(Calendar.IsWorkingTime(due.DueAt));
    }

    [Fact]
    public void A_positive_limit_with_a_pause_from_the_valid_start_ending_at_night_resumes_at_the_next_opening()
    {
        var pause = new Pause(Vn.At("2026-03-03 07:00"), Vn.At("2026-03-09 05:10"), "Chờ nộp phí");
        var due = Calendar.ComputeDue(Vn.At("2026-03-02 18:35"), TimeLimit.Hours(1), Channel.Postal, [pause])!;
        Assert.Equal("2026-03-09 08:00", Vn.Show(due.DueAt));
    }

    // ---- what the citizen reads, and bounds ----------------------------------------------------------------------------

    [Theory]
    [InlineData(TimeUnit.WorkingDays, 15, "15 ngày làm việc")]
    [InlineData(TimeUnit.WorkingHours, 4, "4 giờ làm việc")]
    [InlineData(TimeUnit.CalendarDays, 30, "30 ngày")]
    [InlineData(TimeUnit.Months, 3, "3 tháng")]
    [InlineData(TimeUnit.SameDay, 0, "trong ngày")]
    public void Each_unit_reads_as_published(TimeUnit unit, int amount, string text) =>
        Assert.Equal(text, new TimeLimit(amount, unit).ToString());

    [Theory]
    [InlineData("1999-12-31 10:00")]
    [InlineData("2091-01-01 10:00")]
    [InlineData("9999-12-31 10:00")]
    public void Instants_outside_the_bounds_are_refused_with_a_Vietnamese_message(string instant)
    {
        var error = Assert.Throws<CalendarRangeException>(() => Calendar.ComputeDue(Vn.At(instant), TimeLimit.Days(1), Channel.Online).DueAt);
        Assert.Contains("Thời điểm phải trong khoảng", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TimeUnit.WorkingDays, 1001)]
    [InlineData(TimeUnit.WorkingHours, 8001)]
    [InlineData(TimeUnit.CalendarDays, 1501)]
    [InlineData(TimeUnit.Months, 61)]
    [InlineData(TimeUnit.CalendarDays, -1)]
    public void Limits_beyond_their_bounds_are_refused(TimeUnit unit, int amount)
    {
        var limit = new TimeLimit(amount, unit);
        Assert.NotNull(limit.Check());
        Assert.Throws<CalendarRangeException>(() => Calendar.ComputeDue(Vn.At("2026-12-08 10:00"), limit, Channel.Online).DueAt);
    }

    [Fact]
    public void The_longest_limits_from_the_latest_instant_stay_inside_the_calendar()
    {
        var latest = VietnamTime.At(WorkingCalendar.LatestInput, new TimeOnly(16, 59));
        foreach (var unit in Enum.GetValues<TimeUnit>())
            Assert.True(Calendar.ComputeDue(latest, new TimeLimit(TimeLimit.MaxAmount(unit), unit), Channel.Online).DueAt > latest);
    }

    [Fact]
    public void Calendar_days_compare_as_the_least_office_time_they_hold() =>
        // 30 days hold at least 20 working days (4 weeks and a weekend) on a Monday–Friday desk; a month at least 28 days.
        Assert.Equal((TimeSpan.FromHours(8 * 20), TimeSpan.FromHours(8 * 20)),
            (Calendar.WorkingTimeOf(TimeLimit.CalendarDays(30)), Calendar.WorkingTimeOf(TimeLimit.Months(1))));
}
