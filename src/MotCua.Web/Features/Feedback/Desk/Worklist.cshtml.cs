using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Feedback;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Feedback.Desk;

/// <summary>/pakn: the agency's feedback for its officers, overdue first (then by deadline), filtered by status or
/// overdue; complaints routed away are not listed.</summary>
[PersonalData(PersonalFields.FullName)]
public sealed class WorklistModel(FeedbackStore store, PersonalDataReads reads) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    [BindProperty(SupportsGet = true, Name = "trang-thai")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "qua-han")] public bool OverdueOnly { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<FeedbackLine> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (FeedbackEndpoints.Officer(User) is not { } officer) return Forbid();
        var status = Status is { } s && FeedbackNames.StatusNames.TryGetValue(s, out var parsed) ? parsed : (FeedbackStatus?)null;
        Lines = await store.ListAsync(officer, status, OverdueOnly, Paging.Clamp(PageNumber), ct);
        reads.Listed("feedback", Lines.Select(l => l.Number!));
        return Page();
    }
}
