namespace MotCua.Domain.Queue;

/// <summary>What the figures read of one ticket (times are instants; satisfaction 0..2 or null).</summary>
public sealed record TicketFacts(TicketState State, DateTimeOffset TakenAt, DateTimeOffset? CalledAt, DateTimeOffset? ServedStartAt, DateTimeOffset? ServedEndAt, int? Satisfaction);

/// <summary>The figures of a group of tickets (a counter, an officer, a service, an hour, or all). Times in minutes,
/// rounded to one decimal; null when no ticket measured them.</summary>
/// <param name="Taken">Tickets taken (every state).</param>
/// <param name="Served">Tickets served (Done).</param>
/// <param name="NoShow">Tickets marked "Vắng mặt".</param>
/// <param name="WaitAverage">Average of called − taken over the called tickets.</param>
/// <param name="WaitMedian">Median of the same.</param>
/// <param name="WaitP90">90th percentile (nearest rank) of the same.</param>
/// <param name="ServingAverage">Average of served end − served start over the served tickets.</param>
/// <param name="ServedPerOpenHour">Served tickets per hour of office time in the period.</param>
/// <param name="Satisfied">Share (0..1) of answered served tickets rated "Hài lòng"; null (as the two below) under
/// <see cref="QueueFigures.MinAnswers"/> answers.</param>
/// <param name="Neutral">Share rated "Bình thường".</param>
/// <param name="Unsatisfied">Share rated "Không hài lòng".</param>
/// <param name="Answered">Satisfaction answers given.</param>
public sealed record QueueFigureRow(int Taken, int Served, int NoShow, double? WaitAverage, double? WaitMedian, double? WaitP90,
    double? ServingAverage, double? ServedPerOpenHour, int Answered, double? Satisfied, double? Neutral, double? Unsatisfied);

/// <summary>
/// The queue's figures for the dashboards (docs/QUEUE.md) [choice, docs/design/ISSUE17.md §1.6]: wait = called − taken;
/// serving = served end − served start; throughput = served per open hour; taken, served and no-show counts; the
/// satisfaction shares. Pure: the caller groups the tickets (by counter, officer, service or hour) and gives the office
/// time the group was open.
/// </summary>
public static class QueueFigures
{
    /// <summary>
    /// The fewest satisfaction answers a group shows shares for: the ratings' smallest cell
    /// (<see cref="Ratings.RatingCell.DefaultMinCell"/>, one constant) [choice: with one answer a counter's or an officer's
    /// share is that visitor's vote, as a rating cell of one would be].
    /// </summary>
    public const int MinAnswers = Ratings.RatingCell.DefaultMinCell;

    /// <summary>The figures of <paramref name="tickets"/> over <paramref name="openTime"/> of office time.</summary>
    public static QueueFigureRow Of(IReadOnlyCollection<TicketFacts> tickets, TimeSpan openTime)
    {
        var waits = tickets.Where(t => t.CalledAt is not null).Select(t => (t.CalledAt!.Value - t.TakenAt).TotalMinutes).Order().ToArray();
        var served = tickets.Where(t => t.State == TicketState.Done).ToArray();
        var serving = served.Where(t => t is { ServedStartAt: not null, ServedEndAt: not null })
            .Select(t => (t.ServedEndAt!.Value - t.ServedStartAt!.Value).TotalMinutes).ToArray();
        var answers = served.Where(t => t.Satisfaction is not null).Select(t => t.Satisfaction!.Value).ToArray();
        double? Share(int value) => answers.Length < MinAnswers ? null : Math.Round((double)answers.Count(a => a == value) / answers.Length, 3);
        return new QueueFigureRow(
            tickets.Count, served.Length, tickets.Count(t => t.State == TicketState.NoShow),
            waits.Length == 0 ? null : Round(waits.Average()),
            waits.Length == 0 ? null : Round(waits.Length % 2 == 1 ? waits[waits.Length / 2] : (waits[waits.Length / 2 - 1] + waits[waits.Length / 2]) / 2),
            waits.Length == 0 ? null : Round(waits[(int)Math.Ceiling(0.9 * waits.Length) - 1]),
            serving.Length == 0 ? null : Round(serving.Average()),
            openTime > TimeSpan.Zero ? Round(served.Length / openTime.TotalHours) : null,
            answers.Length, Share(2), Share(1), Share(0));
    }

    private static double Round(double minutes) => Math.Round(minutes, 1);
}
