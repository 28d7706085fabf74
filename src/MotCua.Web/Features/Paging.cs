namespace MotCua.Web.Features;

/// <summary>
/// Page numbers as lists read them (issue 12, item 8): a number below 1 is the first page, one above
/// <see cref="MaxPage"/> is that page, so that <c>(page - 1) × size</c> never overflows into a negative OFFSET.
/// </summary>
public static class Paging
{
    /// <summary>10,000 pages: at 20 to 50 rows a page, more than any list holds; further is a typo or a probe.</summary>
    public const int MaxPage = 10_000;

    /// <summary>The page to read for the number asked for (null: the first).</summary>
    public static int Clamp(int? page) => Math.Clamp(page ?? 1, 1, MaxPage);
}
