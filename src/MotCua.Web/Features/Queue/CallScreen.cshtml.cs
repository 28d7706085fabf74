using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Queue;

/// <summary>
/// /man-hinh-goi/{agency}: the waiting room's TV (anonymous, numbers only, no name): the latest six calls ("A012 → Quầy
/// 3", the newest highlighted) and the waiting count per service; system fonts, within 4 KB compressed (an old TV browser
/// can show it), and <c>no-store</c> so no cache shows an old call. Without script a meta refresh every 5 s; with it,
/// <c>js/call-screen.js</c> refreshes the lists in place and, behind the toggle "Đọc số" (off by default), reads each new
/// call aloud with the browser's Vietnamese voice ("Mời số A001 đến quầy 1").
/// </summary>
public sealed class CallScreenModel(QueueStore store) : PageModel
{
    /// <summary>How many calls the screen lists [choice, docs/design/ISSUE17.md §9].</summary>
    public const int Calls = 6;

    [BindProperty(SupportsGet = true)] public string Agency { get; set; } = "";

    public CallBoard Board { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await store.CentreAsync(Agency, ct) is not { } centre) return NotFound();
        Board = await store.BoardAsync(centre, Calls, ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
