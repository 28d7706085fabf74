using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Features.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Queue;

/// <summary>
/// /xep-hang/so-lieu/tom-tat?agency=: a fragment (no layout) for the dashboard's <c>xep-hang</c> host: today's queue by
/// counter (<see cref="QueueFigureReads"/>) at the unit the dashboard shows (<c>agency</c>, a unit code; default the
/// reader's home unit), resolved by the dashboard's own rule (<see cref="DashboardReads.ResolveAsync"/>, the reports' one
/// reach, <see cref="ReportReaders"/>, as <c>GET /api/v1/queue/figures</c>: verify34 MEDIUM 1 and 2, the tile showed the
/// reader's own centre, and nothing to the inspector). 204 (nothing swapped in) for a role that does not read the queue's
/// figures (<see cref="QueueFigureAccess"/>), a unit out of reach or unknown, or a unit without a queue.
/// </summary>
[Authorize]
public sealed class SummaryModel(QueueStore store, QueueFigureReads reads, DashboardReads dashboard) : PageModel
{
    /// <summary>The name of the centre whose queue is shown.</summary>
    public string CentreName { get; private set; } = "";
    public QueueFiguresAnswer? Figures { get; private set; }
    /// <summary>Whether the dashboard shows a roll-up of several units, whose other units' halls this tile does not count
    /// (a queue is one hall's; trial 17w LOW 2 [choice]: said on the tile, not summed across halls).</summary>
    public bool RollUp { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? agency, CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer) return new NoContentResult();
        var request = await dashboard.ResolveAsync(User, agency, null, null, ct);
        if (request.Problem is not null || request.Agency is not { } unit || !QueueFigureAccess.MayRead(officer, request.Reader?.MayRead(unit) == true)
            || await store.CentreAsync(unit.Id, ct) is not { } centre || (await store.ServicesAsync(centre.Id, ct)).Count == 0)
            return new NoContentResult();
        CentreName = centre.Name;
        RollUp = request.Units.Count > 1;
        Figures = await reads.ReadAsync(centre, store.Today, store.Today, QueueGrouping.Counter, ct);
        return Page();
    }
}
