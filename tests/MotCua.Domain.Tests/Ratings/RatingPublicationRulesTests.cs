using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Ratings;
using MotCua.Domain.Reports;

namespace MotCua.Domain.Tests.Ratings;

/// <summary>
/// When a month's rating figures are read (<see cref="RatingPublication"/>, docs/RATINGS.md "Closed months only"): never
/// while a rating can still enter the month (it has not ended) or leave it (a printed-code rating of it may still be
/// replaced), and from then on always; a range is cut to the published months; the quarter of a unit score must have begun.
/// </summary>
public class RatingPublicationRulesTests
{
    [Fact]
    public void A_month_is_published_exactly_when_no_rating_can_enter_or_leave_it()
    {
        foreach (var windowDays in new[] { 1, 7, 30, 45 })
            for (var month = new DateOnly(2024, 1, 1); month < new DateOnly(2026, 1, 1); month = month.AddMonths(1))
            {
                var monthEnd = month.AddMonths(1);
                // The latest rating the month can hold: closed and rated in its last minute; it may be replaced while its
                // dossier's window is open.
                var closedAt = new DateTimeOffset(monthEnd.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).AddMinutes(-1);
                for (var today = month.AddDays(-3); today < monthEnd.AddDays(windowDays + 3); today = today.AddDays(1))
                {
                    var published = RatingPublication.IsPublished(month, today, windowDays);
                    var startOfToday = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);
                    var stillOpen = today < monthEnd || RatingWindow.StateOf(DossierStatus.Returned, closedAt, startOfToday > closedAt ? startOfToday : closedAt, windowDays) == RatingWindowState.Open;
                    Assert.True(published == !stillOpen, $"{month:yyyy-MM} on {today:yyyy-MM-dd}, window {windowDays}: published {published}");
                    Assert.Equal(published, month <= RatingPublication.LastPublishedMonth(today, windowDays));
                    Assert.Equal(published, today >= RatingPublication.PublishedOn(month, windowDays));
                    // A range ending in this month reads it only when published, and never a later month.
                    var readable = RatingPublication.Readable(month.AddMonths(-2), month, today, windowDays);
                    if (published) Assert.Equal((month.AddMonths(-2), month), readable);
                    else Assert.True(readable is null || readable.Value.To < month);
                }
            }
    }

    [Fact]
    public void The_collecting_sentence_names_the_first_open_month_and_its_day()
    {
        var text = RatingPublication.Collecting(new DateOnly(2026, 11, 1), 30);
        Assert.Contains("11/2026", text);
        Assert.Contains("31/12/2026", text);
        Assert.Null(RatingPublication.Readable(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 30), 30));
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1)),
            RatingPublication.Readable(new DateOnly(2026, 10, 15), new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31), 30));
    }

    [Fact]
    public void Satisfaction_5_2_waits_while_the_months_ratings_are_withheld_and_the_total_leaves_it_out()
    {
        var counts = Index766.NeededInputs.Where(i => i != Index766Input.UnsatisfiedRatings)
            .ToDictionary(i => i, i => Index766.Indicators.Any(x => x.Numerator == i) ? 5L : 10L);
        var withheld = Index766.Score(counts);
        var satisfaction = withheld.Groups.SelectMany(g => g.Indicators).Single(s => s.Indicator.Id == "5.2");
        Assert.Equal(Index766State.Pending, satisfaction.State);
        Assert.Null(satisfaction.Points);
        Assert.Equal(Index766.RatingsNotFinalText, satisfaction.Reason);
        counts[Index766Input.UnsatisfiedRatings] = 1;
        var final = Index766.Score(counts);
        Assert.Equal(final.MeasuredMax - 9m, withheld.MeasuredMax);
        Assert.Equal(final.Points - 4m, withheld.Points);
    }

    [Fact]
    public void A_unit_is_scored_only_for_a_quarter_that_has_begun()
    {
        var q1 = new DateOnly(2031, 1, 1);
        var error = UnitScoring.CheckBegun(q1, new DateOnly(2030, 12, 31));
        Assert.NotNull(error);
        Assert.Equal("quarter", error.Field);
        Assert.Contains("Q1/2031", error.Message);
        Assert.Null(UnitScoring.CheckBegun(q1, q1));
        Assert.Null(UnitScoring.CheckBegun(new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 5)));
    }
}
