using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// /bao-cao/danh-gia/tom-tat: a fragment (no layout) for the dashboard's <c>danh-gia</c> host: the officer's agency's
/// ratings of the twelve months up to the last published one (<see cref="RatingPublication"/> [choice: a calendar year
/// would show nothing until March]), by procedure, months under MinCell left out; then that the later months are being
/// collected; 204 (nothing swapped in) for a role that reads only its own row or an account without an agency.
/// </summary>
public sealed class SummaryModel(RatingFigures figures, TimeProvider clock) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public IReadOnlyList<RatingRow> Agency { get; private set; } = [];
    public IReadOnlyList<RatingRow> Procedures { get; private set; } = [];
    /// <summary>The first month read (its first day).</summary>
    public DateOnly From { get; private set; }
    /// <summary>The last month read: the last published one.</summary>
    public DateOnly To { get; private set; }
    /// <summary>That the months after <see cref="To"/> are being collected, and when the next is published.</summary>
    public string? Collecting { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { AgencyId: { } agency } officer || !RatingAccess.MayRead(officer, agency, inReach: true, RatingGrouping.Agency))
            return new NoContentResult();
        var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
        var current = new DateOnly(today.Year, today.Month, 1);
        To = figures.Readable(current.AddYears(-2), current)?.To ?? current.AddMonths(-1);
        From = To.AddMonths(-11);
        Collecting = figures.Collecting(current);
        Agency = await figures.RowsAsync(agency, From, To, RatingGrouping.Agency, null, ct);
        Procedures = await figures.RowsAsync(agency, From, To, RatingGrouping.Procedure, null, ct);
        return Page();
    }
}
