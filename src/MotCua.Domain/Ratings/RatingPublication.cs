namespace MotCua.Domain.Ratings;

/// <summary>
/// When a rating figure may be read (issue 17: "the evaluator's identity confidential"; docs/RATINGS.md, "Closed months
/// only") [choice]. A figure that moves by one rating gives that rating away to whoever reads it before and after: the
/// officer who handled the dossier recovers each answer from the change of averages × n (trial 17u, H4). So every rating
/// figure (averages, shares, counts, comments, the unit score's proposals, the 766 index's unsatisfied ratings) covers
/// only <b>final</b> months, and within them only cells of at least MinCell ratings each:
/// <list type="bullet">
/// <item>A month is final once no rating can enter or leave it: it has ended (a rating keeps the month it was made in)
/// and no stronger proof can still replace one of its printed-code ratings (a replacement deletes the rating from its
/// month, <see cref="RatingProofs.ReplaceableFromMonth"/>). That is the Vietnam day <see cref="PublishedOn"/>: the
/// month's end plus the window's days. A final month's figures never change, so reading twice tells nothing.</item>
/// <item>A figure over several months sums only the (month, row) cells that hold MinCell ratings each (the SQL of
/// <c>RatingFigures.RowsAsync</c>): otherwise two ranges, one a month longer, would give away a small month by
/// difference.</item>
/// <item>Months not yet final show no figure and no count, only that ratings are being collected and the day the month
/// will be published: a live count would still move by one and tell the handling officer that his dossier's applicant
/// has just rated, and it adds nothing the final month will not say.</item>
/// </list>
/// </summary>
public static class RatingPublication
{
    /// <summary>The first day (Vietnam date) on which the figures of <paramref name="month"/> (its first day) are read:
    /// the day after which no rating of it can be replaced, with a window of <paramref name="windowDays"/> calendar days.</summary>
    public static DateOnly PublishedOn(DateOnly month, int windowDays) => FirstDay(month).AddMonths(1).AddDays(windowDays);

    /// <summary>Whether the figures of <paramref name="month"/> may be read on <paramref name="today"/> (a Vietnam date).</summary>
    public static bool IsPublished(DateOnly month, DateOnly today, int windowDays) => today >= PublishedOn(month, windowDays);

    /// <summary>The last published month (its first day) on <paramref name="today"/>: the month before the first one whose
    /// ratings may still be replaced.</summary>
    public static DateOnly LastPublishedMonth(DateOnly today, int windowDays) => RatingProofs.ReplaceableFromMonth(today, windowDays).AddMonths(-1);

    /// <summary>
    /// The months of a request <paramref name="from"/>..<paramref name="to"/> (first days) that are read on
    /// <paramref name="today"/>: <paramref name="to"/> cut to the last published month; null when none of them is
    /// published yet.
    /// </summary>
    public static (DateOnly From, DateOnly To)? Readable(DateOnly from, DateOnly to, DateOnly today, int windowDays)
    {
        var last = LastPublishedMonth(today, windowDays);
        var end = to < last ? FirstDay(to) : last;
        return FirstDay(from) <= end ? (FirstDay(from), end) : null;
    }

    /// <summary>The Vietnamese sentence for months still collecting ratings: from <paramref name="firstOpen"/> (a first day)
    /// on, published from <see cref="PublishedOn"/> of it.</summary>
    public static string Collecting(DateOnly firstOpen, int windowDays) =>
        $"Đang thu thập đánh giá từ tháng {firstOpen:MM/yyyy}: để giữ kín người đánh giá, số liệu một tháng chỉ công bố khi tháng đó đã chốt "
        + $"(tháng {firstOpen:MM/yyyy} công bố từ ngày {PublishedOn(firstOpen, windowDays):dd/MM/yyyy}).";

    private static DateOnly FirstDay(DateOnly day) => new(day.Year, day.Month, 1);
}
