using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Ratings;

/// <summary>
/// The ratings of one cell of the figures (an agency, a procedure or an officer over a period): their number, the sum
/// per criterion (2/1/0 points, in <see cref="RatingIndicators.All"/>'s order) and the count of each overall verdict.
/// </summary>
public sealed record RatingCell(long N, IReadOnlyList<long> Sums, long VerySatisfied, long Satisfied, long Unsatisfied)
{
    /// <summary>
    /// The fewest ratings a cell shows figures for (Motcua:Ratings:MinCell, 5 by default) [choice: with fewer, an officer
    /// could tell who rated, ISSUE17 §1.5].
    /// </summary>
    public const int DefaultMinCell = 5;

    /// <summary>Whether the cell's figures are withheld: fewer than <paramref name="minCell"/> ratings.</summary>
    public bool Suppressed(int minCell) => N < minCell;

    /// <summary>The average points per criterion (0..2, two decimals), or null when the cell is suppressed.</summary>
    public IReadOnlyList<decimal>? Averages(int minCell) =>
        Suppressed(minCell) ? null : Sums.Select(s => Math.Round((decimal)s / N, 2)).ToArray();

    /// <summary>A verdict's share (0..1, four decimals) of the cell, or null when it is suppressed.</summary>
    public decimal? Share(long count, int minCell) => Suppressed(minCell) ? null : Math.Round((decimal)count / N, 4);
}
