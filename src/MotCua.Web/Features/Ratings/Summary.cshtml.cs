using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// /bao-cao/danh-gia/tom-tat: a fragment (no layout) for the dashboard's <c>danh-gia</c> host: the officer's agency's
/// ratings since 1 January (Vietnam time), by procedure, cells under MinCell suppressed; 204 (nothing swapped in) for a
/// role that reads only its own row or an account without an agency.
/// </summary>
public sealed class SummaryModel(RatingFigures figures, TimeProvider clock) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public IReadOnlyList<RatingRow> Agency { get; private set; } = [];
    public IReadOnlyList<RatingRow> Procedures { get; private set; } = [];
    public DateOnly From { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { AgencyId: { } agency } officer || !RatingAccess.MayRead(officer, agency, RatingGrouping.Agency))
            return new NoContentResult();
        var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
        From = new DateOnly(today.Year, 1, 1);
        var to = new DateOnly(today.Year, today.Month, 1);
        Agency = await figures.RowsAsync(agency, From, to, RatingGrouping.Agency, null, ct);
        Procedures = await figures.RowsAsync(agency, From, to, RatingGrouping.Procedure, null, ct);
        return Page();
    }
}
