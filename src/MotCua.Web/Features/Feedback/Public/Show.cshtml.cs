using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Web.Features.Lookup;

namespace MotCua.Web.Features.Feedback.Public;

/// <summary>/phan-anh-kien-nghi/{number}: a feedback as the public sees it: its status and deadline, and the answer once
/// published; never the sender. Rate-limited like the dossier lookup, since numbers are sequential.</summary>
[EnableRateLimiting(LookupEndpoints.RateLimitPolicy)]
public sealed class ShowModel(FeedbackStore store) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "moi")] public bool JustSent { get; set; }
    public PublicFeedback? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        Item = await store.PublicAsync(number, ct);
        if (Item is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
