using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Queue;

/// <summary>
/// /xep-hang/so-lieu/tom-tat: a fragment (no layout) for the dashboard's <c>xep-hang</c> host: today's queue at the
/// officer's own centre by counter (<see cref="QueueFigureReads"/>); 204 (nothing swapped in) for a role that does not
/// read the queue's figures (<see cref="QueueFigureAccess"/>), an account without a centre, or a centre without a queue.
/// </summary>
[Authorize]
public sealed class SummaryModel(QueueStore store, QueueFigureReads reads) : PageModel
{
    public QueueFiguresAnswer? Figures { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { AgencyId: { } agency } officer || !QueueFigureAccess.MayRead(officer, inReach: true)
            || await store.CentreAsync(agency, ct) is not { } centre || (await store.ServicesAsync(agency, ct)).Count == 0)
            return new NoContentResult();
        Figures = await reads.ReadAsync(centre, store.Today, store.Today, QueueGrouping.Counter, ct);
        return Page();
    }
}
