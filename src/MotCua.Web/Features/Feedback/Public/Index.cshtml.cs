using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Domain.Feedback;
using MotCua.Web.Features.Lookup;

namespace MotCua.Web.Features.Feedback.Public;

/// <summary>/phan-anh-kien-nghi: the published answers (masked at publication), newest first, 20 a page, and the lookup
/// of a feedback by its number.</summary>
[EnableRateLimiting(LookupEndpoints.RateLimitPolicy)]
public sealed class IndexModel(FeedbackStore store) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "so")] public string? Number { get; set; }

    public IReadOnlyList<PublicFeedback> Items { get; private set; } = [];
    public bool NumberInvalid { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Number))
        {
            if (FeedbackNumber.TryParse(Number, out var number)) return Redirect($"/phan-anh-kien-nghi/{number}");
            NumberInvalid = true;
        }
        PageNumber = Paging.Clamp(PageNumber);
        Items = await store.PublishedAsync(PageNumber, ct);
        return Page();
    }
}
