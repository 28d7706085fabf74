using MotCua.Domain.Calendar;
using static MotCua.Domain.Calendar.CalendarDayKind;

namespace MotCua.Domain.Tests.Calendar;

public class PublicHolidaysTests
{
    private static string Describe(IEnumerable<CalendarDay> days) =>
        string.Join("\n", days.Select(d => $"{d.Date:yyyy-MM-dd ddd} {d.Kind} {d.Name}"));

    [Fact]
    public void Default_2024_places_Tet_on_the_last_day_of_the_year_and_the_first_four_and_gives_back_its_weekend()
    {
        // Lunar new year 2024-02-10 (Saturday): Tết is Fri 9/2 (30 Tết) to Tue 13/2; Saturday and Sunday go to Wed 14 and Thu 15.
        var tet = PublicHolidays.DefaultDays(2024).Where(d => d.Date.Month == 2);
        Assert.Equal(Describe(
        [
            new(Vn.Date("2024-02-09"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2024-02-10"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2024-02-11"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2024-02-12"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2024-02-13"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2024-02-14"), Compensatory, "Nghỉ bù Tết Nguyên đán"),
            new(Vn.Date("2024-02-15"), Compensatory, "Nghỉ bù Tết Nguyên đán"),
        ]), Describe(tet));
    }

    [Fact]
    public void Default_2023_gives_back_holidays_on_a_weekend_after_the_holidays_that_follow()
    {
        // 1/1 is a Sunday; Giỗ Tổ (29/4) a Saturday and 30/4 a Sunday, 1/5 a Monday; 2/9 a Saturday.
        Assert.Equal(Describe(
        [
            new(Vn.Date("2023-01-01"), Holiday, "Tết Dương lịch"),
            new(Vn.Date("2023-01-02"), Compensatory, "Nghỉ bù Tết Dương lịch"),
            new(Vn.Date("2023-01-21"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2023-01-22"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2023-01-23"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2023-01-24"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2023-01-25"), Holiday, "Tết Nguyên đán"),
            new(Vn.Date("2023-01-26"), Compensatory, "Nghỉ bù Tết Nguyên đán"),
            new(Vn.Date("2023-01-27"), Compensatory, "Nghỉ bù Tết Nguyên đán"),
            new(Vn.Date("2023-04-29"), Holiday, "Giỗ Tổ Hùng Vương"),
            new(Vn.Date("2023-04-30"), Holiday, "Ngày Chiến thắng"),
            new(Vn.Date("2023-05-01"), Holiday, "Ngày Quốc tế Lao động"),
            new(Vn.Date("2023-05-02"), Compensatory, "Nghỉ bù Giỗ Tổ Hùng Vương"),
            new(Vn.Date("2023-05-03"), Compensatory, "Nghỉ bù Ngày Chiến thắng"),
            new(Vn.Date("2023-09-01"), Holiday, "Quốc khánh"),
            new(Vn.Date("2023-09-02"), Holiday, "Quốc khánh"),
            new(Vn.Date("2023-09-04"), Compensatory, "Nghỉ bù Quốc khánh"),
        ]), Describe(PublicHolidays.DefaultDays(2023)));
    }

    [Fact]
    public void Default_2026_gives_Hung_Kings_day_on_a_Sunday_back_on_Monday()
    {
        var days = PublicHolidays.DefaultDays(2026);
        Assert.Contains(new CalendarDay(Vn.Date("2026-04-26"), Holiday, "Giỗ Tổ Hùng Vương"), days);
        Assert.Contains(new CalendarDay(Vn.Date("2026-04-27"), Compensatory, "Nghỉ bù Giỗ Tổ Hùng Vương"), days);
    }

    [Theory]
    [InlineData(2021, "2021-09-03")] // 2/9 Thursday: Friday joins the weekend
    [InlineData(2022, "2022-09-01")] // Friday: Thursday (Saturday is already a rest day)
    [InlineData(2023, "2023-09-01")] // Saturday: Friday
    [InlineData(2024, "2024-09-03")] // Monday: Tuesday (Sunday is already a rest day)
    [InlineData(2025, "2025-09-01")] // Tuesday: Monday joins the weekend
    [InlineData(2026, "2026-09-01")] // Wednesday: no bridge either way, the day before
    [InlineData(2029, "2029-09-03")] // Sunday: Monday
    public void National_Day_companion_follows_the_weekday_rule(int year, string companion)
    {
        Assert.Equal(Vn.Date(companion), PublicHolidays.NationalDayCompanion(year));
        Assert.Contains(new CalendarDay(Vn.Date(companion), Holiday, "Quốc khánh"), PublicHolidays.DefaultDays(year));
    }

    [Fact]
    public void National_Day_on_a_Sunday_is_given_back_after_its_companion()
    {
        var september = PublicHolidays.DefaultDays(2029).Where(d => d.Date.Month == 9);
        Assert.Equal(Describe(
        [
            new(Vn.Date("2029-09-02"), Holiday, "Quốc khánh"),
            new(Vn.Date("2029-09-03"), Holiday, "Quốc khánh"),
            new(Vn.Date("2029-09-04"), Compensatory, "Nghỉ bù Quốc khánh"),
        ]), Describe(september));
    }

    [Fact]
    public void Before_2021_National_Day_is_one_day()
    {
        Assert.Single(PublicHolidays.DefaultDays(2020), d => d.Date.Month == 9);
    }

    [Fact]
    public void Every_default_year_is_sorted_has_one_entry_a_day_and_gives_back_each_holiday_on_a_weekend()
    {
        for (var year = WorkingCalendar.MinYear; year <= WorkingCalendar.MaxYear; year++)
        {
            var days = PublicHolidays.DefaultDays(year);
            Assert.Equal(days.OrderBy(d => d.Date), days);
            Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
            Assert.All(days, d => Assert.Equal(year, d.Date.Year));
            var holidays = days.Where(d => d.Kind == Holiday).ToList();
            Assert.Equal(year >= PublicHolidays.TwoDayNationalDaySince ? 11 : 10, holidays.Count
                + CoincidingHolidays(year));
            Assert.Equal(holidays.Count(d => d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) + CoincidingHolidays(year),
                days.Count(d => d.Kind == Compensatory));
            Assert.All(days.Where(d => d.Kind == Compensatory), d => Assert.True(d.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        }
    }

    // Giỗ Tổ (lunar 10/3) fell on 30 April in 1947 only, within 1900–2100.
    private static int CoincidingHolidays(int year) => year == 1947 ? 1 : 0;
}
