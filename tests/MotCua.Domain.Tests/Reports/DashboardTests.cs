using MotCua.Domain.Reports;

namespace MotCua.Domain.Tests.Reports;

/// <summary>The dashboard's arithmetic (<see cref="Dashboard"/>, <see cref="OnTimeFigures"/>): the period, the daily series
/// from Biểu 06's marks, the on-time rate.</summary>
public class DashboardTests
{
    private static readonly DateOnly Today = new(2025, 11, 17);

    [Fact]
    public void The_default_period_is_the_last_30_days_today_included()
    {
        Assert.Equal((new DateOnly(2025, 10, 19), Today), Dashboard.DefaultPeriod(Today));
        Assert.Null(Dashboard.PeriodProblem(new DateOnly(2025, 10, 19), Today, Today));
    }

    [Theory]
    [InlineData("2025-11-10", "2025-11-09", "to")]      // the end before the start
    [InlineData("2025-11-01", "2025-11-18", "to")]      // after today
    [InlineData("2024-11-16", "2025-11-17", "from")]    // 367 days
    [InlineData("1999-12-31", "2000-01-01", "from")]    // before 2000
    public void A_period_that_cannot_be_shown_names_its_field(string from, string to, string field) =>
        Assert.Equal(field, Dashboard.PeriodProblem(DateOnly.Parse(from), DateOnly.Parse(to), Today)?.Field);

    [Fact]
    public void A_year_of_366_days_is_allowed() =>
        Assert.Null(Dashboard.PeriodProblem(new DateOnly(2024, 11, 17), Today, Today));

    [Fact]
    public void The_series_adds_channels_and_outcomes_and_carries_the_overdue_from_the_days_before()
    {
        var from = new DateOnly(2025, 11, 1);
        var days = Dashboard.Days(from, from.AddDays(3), overdueFromBefore: 7, overdueUntilBefore: 2,
        [
            (from, Bieu06Measure.Direct, 3), (from, Bieu06Measure.Online, 2), (from, Bieu06Measure.Postal, 1),
            (from, Bieu06Measure.Early, 1), (from, Bieu06Measure.Late, 2), (from, Bieu06Measure.Refused, 9), (from, Bieu06Measure.Stopped, 9),
            (from.AddDays(1), Bieu06Measure.OverdueFrom, 4),
            (from.AddDays(2), Bieu06Measure.OnTime, 5), (from.AddDays(2), Bieu06Measure.OverdueUntil, 3),
            (from.AddDays(-1), Bieu06Measure.Direct, 100), (from.AddDays(4), Bieu06Measure.Direct, 100),
        ]);
        Assert.Equal(
        [
            new DashboardDay(from, 6, 3, 5),
            new DashboardDay(from.AddDays(1), 0, 0, 9),
            new DashboardDay(from.AddDays(2), 0, 5, 6),
            new DashboardDay(from.AddDays(3), 0, 0, 6),
        ], days);
    }

    [Fact]
    public void An_empty_period_is_refused() =>
        Assert.Throws<ArgumentException>(() => Dashboard.Days(Today, Today.AddDays(-1), 0, 0, []));

    [Fact]
    public void The_on_time_rate_counts_early_and_on_time_over_resolved_and_none_when_nothing_was_resolved()
    {
        var figures = new OnTimeFigures("x", "X", Early: 3, OnTime: 1, Late: 4);
        Assert.Equal(8, figures.Resolved);
        Assert.Equal(0.5, figures.Rate);
        Assert.Null(new OnTimeFigures("y", "Y", 0, 0, 0).Rate);
    }
}
