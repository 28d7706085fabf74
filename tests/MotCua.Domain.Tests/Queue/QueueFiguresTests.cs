using MotCua.Domain.Queue;

namespace MotCua.Domain.Tests.Queue;

/// <summary>The figures: wait, serving, throughput per open hour, counts and satisfaction shares, checked against a
/// recount of generated tickets.</summary>
public class QueueFiguresTests
{
    private static readonly DateTimeOffset Opening = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Figures_of_a_small_day()
    {
        TicketFacts[] tickets =
        [
            new(TicketState.Done, Opening, Opening.AddMinutes(10), Opening.AddMinutes(11), Opening.AddMinutes(19), 2),
            new(TicketState.Done, Opening, Opening.AddMinutes(20), Opening.AddMinutes(21), Opening.AddMinutes(25), 0),
            new(TicketState.Done, Opening, Opening.AddMinutes(30), Opening.AddMinutes(30), Opening.AddMinutes(36), null),
            new(TicketState.NoShow, Opening, Opening.AddMinutes(40), null, null, null),
            new(TicketState.Waiting, Opening.AddMinutes(50), null, null, null, null),
        ];
        var row = QueueFigures.Of(tickets, TimeSpan.FromHours(2));
        Assert.Equal(5, row.Taken);
        Assert.Equal(3, row.Served);
        Assert.Equal(1, row.NoShow);
        Assert.Equal(25, row.WaitAverage);
        Assert.Equal(25, row.WaitMedian);
        Assert.Equal(40, row.WaitP90);
        Assert.Equal(6, row.ServingAverage);
        Assert.Equal(1.5, row.ServedPerOpenHour);
        Assert.Equal(2, row.Answered);
        // Two answers: under the smallest group the ratings show, so no share (each would be a visitor's vote).
        Assert.Null(row.Satisfied);
        Assert.Null(row.Neutral);
        Assert.Null(row.Unsatisfied);
    }

    [Fact]
    public void Satisfaction_shares_show_from_the_ratings_smallest_cell()
    {
        Assert.Equal(MotCua.Domain.Ratings.RatingCell.DefaultMinCell, QueueFigures.MinAnswers);
        TicketFacts Served(int? satisfaction) => new(TicketState.Done, Opening, Opening.AddMinutes(1), Opening.AddMinutes(1), Opening.AddMinutes(5), satisfaction);
        var one = QueueFigures.Of([Served(0)], TimeSpan.FromHours(1));
        Assert.Equal(1, one.Answered);
        Assert.Null(one.Satisfied);
        Assert.Null(one.Unsatisfied);
        var under = QueueFigures.Of([.. Enumerable.Repeat(Served(2), QueueFigures.MinAnswers - 1), Served(null)], TimeSpan.FromHours(1));
        Assert.Null(under.Satisfied);
        var enough = QueueFigures.Of([.. Enumerable.Repeat(Served(2), QueueFigures.MinAnswers - 1), Served(0)], TimeSpan.FromHours(1));
        Assert.Equal(QueueFigures.MinAnswers, enough.Answered);
        Assert.Equal(0.8, enough.Satisfied);
        Assert.Equal(0, enough.Neutral);
        Assert.Equal(0.2, enough.Unsatisfied);
    }

    [Fact]
    public void Nothing_measured_gives_nulls_not_zeros()
    {
        var row = QueueFigures.Of([], TimeSpan.Zero);
        Assert.Equal(0, row.Taken);
        Assert.Null(row.WaitAverage);
        Assert.Null(row.WaitP90);
        Assert.Null(row.ServingAverage);
        Assert.Null(row.ServedPerOpenHour);
        Assert.Null(row.Satisfied);
    }

    [Fact]
    public void Generated_day_equals_a_recount()
    {
        var random = new Random(17);
        var tickets = Enumerable.Range(0, 300).Select(i =>
        {
            var taken = Opening.AddMinutes(i);
            var state = (TicketState)random.Next(1, 7);
            DateTimeOffset? called = state is TicketState.Waiting or TicketState.Cancelled ? null : taken.AddMinutes(random.Next(0, 90));
            DateTimeOffset? start = state is TicketState.Serving or TicketState.Done ? called!.Value.AddMinutes(1) : null;
            DateTimeOffset? end = state == TicketState.Done ? start!.Value.AddMinutes(random.Next(2, 20)) : null;
            int? satisfaction = state == TicketState.Done && random.Next(2) == 0 ? random.Next(0, 3) : null;
            return new TicketFacts(state, taken, called, start, end, satisfaction);
        }).ToArray();
        var row = QueueFigures.Of(tickets, TimeSpan.FromHours(8));
        var waits = tickets.Where(t => t.CalledAt is not null).Select(t => (t.CalledAt!.Value - t.TakenAt).TotalMinutes).Order().ToList();
        var done = tickets.Where(t => t.State == TicketState.Done).ToList();
        Assert.Equal(done.Count, row.Served);
        Assert.Equal(tickets.Count(t => t.State == TicketState.NoShow), row.NoShow);
        Assert.Equal(Math.Round(waits.Average(), 1), row.WaitAverage);
        Assert.Equal(Math.Round(waits[(int)Math.Ceiling(waits.Count * 0.9) - 1], 1), row.WaitP90);
        Assert.True(row.WaitMedian <= row.WaitP90);
        Assert.Equal(Math.Round(done.Average(t => (t.ServedEndAt!.Value - t.ServedStartAt!.Value).TotalMinutes), 1), row.ServingAverage);
        Assert.Equal(Math.Round(done.Count / 8.0, 1), row.ServedPerOpenHour);
        Assert.Equal(done.Count(t => t.Satisfaction is not null), row.Answered);
        Assert.Equal(1.0, (row.Satisfied + row.Neutral + row.Unsatisfied)!.Value, 2);
    }
}
