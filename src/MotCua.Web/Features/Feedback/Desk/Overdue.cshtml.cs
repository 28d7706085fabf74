using Microsoft.AspNetCore.Mvc;

namespace MotCua.Web.Features.Feedback.Desk;

/// <summary>/pakn/qua-han: a fragment (no layout) with the agency's count of overdue feedback and the five most overdue
/// numbers, loaded by htmx into the dashboards; 204 (nothing swapped in, and no error in the reader's console) for a signed-in
/// role that does not handle feedback, such as the inspector reading the dashboard.</summary>
public sealed class OverdueModel(FeedbackStore store, TimeProvider clock) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public IReadOnlyList<FeedbackLine> Lines { get; private set; } = [];
    public FeedbackFigures? Figures { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (FeedbackEndpoints.Officer(User) is not { } officer) return new NoContentResult();
        Lines = await store.ListAsync(officer, null, true, 1, ct);
        var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
        Figures = await store.FiguresAsync(officer.AgencyId!.Value, new DateOnly(today.Year, 1, 1), today, ct);
        return Page();
    }
}
