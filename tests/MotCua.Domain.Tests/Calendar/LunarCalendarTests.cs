using System.Globalization;
using MotCua.Domain.Calendar;

namespace MotCua.Domain.Tests.Calendar;

public class LunarCalendarTests
{
    /// <summary>The months of a lunar year in order with their lengths (29 or 30), read day by day through
    /// <see cref="VietnameseLunarCalendar.FromSolar"/> from one Tết to the next, as the calendar page reads them.</summary>
    private static (int Month, bool Leap, int Days)[] MonthsOf(int lunarYear)
    {
        var (first, next) = (VietnameseLunarCalendar.NewYear(lunarYear), VietnameseLunarCalendar.NewYear(lunarYear + 1));
        return [.. Enumerable.Range(first.DayNumber, next.DayNumber - first.DayNumber)
            .Select(d => VietnameseLunarCalendar.FromSolar(DateOnly.FromDayNumber(d)))
            .GroupBy(l => (l.Month, l.IsLeapMonth))
            .Select(g => (g.Key.Month, g.Key.IsLeapMonth, g.Count()))];
    }

    private static int? LeapMonth(int lunarYear) => MonthsOf(lunarYear).Where(m => m.Leap).Select(m => (int?)m.Month).SingleOrDefault();

    [Theory]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(1985, "1985-01-21")] // China: 1985-02-20
    [InlineData(2007, "2007-02-17")] // China: 2007-02-18
    [InlineData(1968, "1968-01-29")] // Tết Mậu Thân: the North, already on UTC+7, a day before the South (UTC+8)
    public void Tet_falls_on_the_known_date(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
        Assert.Equal(new LunarDate(year, 1, 1), VietnameseLunarCalendar.FromSolar(DateOnly.Parse(expected, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    public void Hung_Kings_day_is_lunar_10_3(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnameseLunarCalendar.ToSolar(new LunarDate(year, 3, 10)));

    [Theory]
    [InlineData(1985, "1985-01-21", "1985-02-20")]
    [InlineData(2007, "2007-02-17", "2007-02-18")]
    public void Vietnam_and_China_differ_where_a_new_moon_falls_in_the_hour_between_their_time_zones(int year, string vietnam, string china)
    {
        // Why .NET's ChineseLunisolarCalendar (UTC+8) must not be used for Vietnamese holidays.
        var chinese = new ChineseLunisolarCalendar();
        Assert.Equal(DateOnly.Parse(china, CultureInfo.InvariantCulture), DateOnly.FromDateTime(chinese.ToDateTime(year, 1, 1, 0, 0, 0, 0)));
        Assert.Equal(DateOnly.Parse(vietnam, CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
    }

    [Theory]
    [InlineData(2020, 4)]
    [InlineData(2023, 2)]
    [InlineData(2025, 6)]
    [InlineData(2028, 5)]
    public void Leap_month_of_known_years(int year, int leapMonth) =>
        Assert.Equal(leapMonth, LeapMonth(year));

    [Fact]
    public void A_year_without_leap_month_has_none() => Assert.Null(LeapMonth(2024));

    [Fact]
    public void Leap_month_converts_both_ways()
    {
        // Ất Tỵ 2025 repeats month 6: 1/6 is 2025-06-25, 1/6 nhuận is 2025-07-25 (new moons 25 June and 25 July).
        Assert.Equal(new DateOnly(2025, 6, 25), VietnameseLunarCalendar.ToSolar(new LunarDate(2025, 6, 1)));
        Assert.Equal(new DateOnly(2025, 7, 25), VietnameseLunarCalendar.ToSolar(new LunarDate(2025, 6, 1, IsLeapMonth: true)));
        Assert.Equal(new LunarDate(2025, 6, 1, IsLeapMonth: true), VietnameseLunarCalendar.FromSolar(new DateOnly(2025, 7, 25)));
        Assert.Equal("1/6 nhuận/2025", VietnameseLunarCalendar.FromSolar(new DateOnly(2025, 7, 25)).ToString());
    }

    [Fact]
    public void Dates_that_do_not_exist_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(new LunarDate(2024, 6, 1, IsLeapMonth: true)));
        var shortMonth = MonthsOf(2024).First(m => m.Days == 29).Month;
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(new LunarDate(2024, shortMonth, 30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToSolar(new LunarDate(2024, 13, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.NewYear(2102));
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.FromSolar(new DateOnly(1899, 1, 1)));
    }

    [Fact]
    public void Every_day_from_1900_to_2100_round_trips_lunar_to_solar_to_lunar()
    {
        LunarDate? previous = null;
        for (var day = new DateOnly(1900, 1, 1); day <= new DateOnly(2100, 12, 31); day = day.AddDays(1))
        {
            var lunar = VietnameseLunarCalendar.FromSolar(day);
            Assert.Equal(day, VietnameseLunarCalendar.ToSolar(lunar));
            Assert.Equal(lunar, VietnameseLunarCalendar.FromSolar(VietnameseLunarCalendar.ToSolar(lunar)));
            // Consecutive days: the next lunar day, or day 1 of the next month after day 29 or 30.
            if (previous is { } p)
                Assert.True(lunar.Day == p.Day + 1 ? lunar.Month == p.Month && lunar.IsLeapMonth == p.IsLeapMonth : lunar.Day == 1 && p.Day is 29 or 30,
                    $"{p} then {lunar} on {day}");
            previous = lunar;
        }
    }

    [Fact]
    public void Lunar_years_agree_with_an_independent_precise_ephemeris()
    {
        // Known and explained differences: new moons within two minutes of midnight UTC+7, where Meeus's short formula
        // (what Vietnamese calendar software uses) and the ephemeris fall on different sides. PyEphem puts them at
        // 1944-06-20 23:59:32, 2072-12-09 23:58:28 and 2077-11-15 23:59:34; the short formula at 00:01:36, 00:00:14
        // and 00:00:13 of the next day. For 2072 and 2077 the uncertainty of ΔT is larger than the gap anyway.
        // Each moves one month start by a day, changing the lengths of the two months around it.
        string[] explained = ["1944-4L", "1944-5", "2072-10", "2072-11", "2077-9", "2077-10"];

        var differences = new List<string>();
        foreach (var line in EphemerisLunarYears.Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ');
            var year = int.Parse(fields[0], CultureInfo.InvariantCulture);
            var leapMonth = int.Parse(fields[2], CultureInfo.InvariantCulture);
            Assert.Equal(DateOnly.ParseExact($"{year}-{fields[1]}", "yyyy-MM-dd", CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
            var months = MonthsOf(year);
            Assert.Equal(leapMonth == 0 ? null : leapMonth, months.Where(m => m.Leap).Select(m => (int?)m.Month).SingleOrDefault());
            Assert.Equal(
                Enumerable.Range(1, 12).SelectMany(m => m == leapMonth ? new[] { (m, false), (m, true) } : [(m, false)]),
                months.Select(m => (m.Month, m.Leap)));
            for (var i = 0; i < months.Length; i++)
            {
                var (month, leap, days) = months[i];
                var expectedLength = fields[3][i] == '1' ? 30 : 29;
                if (days != expectedLength)
                    differences.Add($"{year}-{month}{(leap ? "L" : "")}");
            }
        }
        Assert.Equal(explained, differences);
    }

    [Fact]
    public void Every_year_has_12_or_13_months_and_a_leap_month_exactly_when_it_has_13()
    {
        for (var year = VietnameseLunarCalendar.MinYear; year < VietnameseLunarCalendar.MaxYear; year++)
        {
            var days = VietnameseLunarCalendar.NewYear(year + 1).DayNumber - VietnameseLunarCalendar.NewYear(year).DayNumber;
            var leap = LeapMonth(year);
            Assert.True(leap is null ? days is >= 353 and <= 355 : days is >= 383 and <= 385, $"{year}: {days} days, leap month {leap}");
        }
    }
}
