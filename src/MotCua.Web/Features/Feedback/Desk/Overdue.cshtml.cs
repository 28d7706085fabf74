using Microsoft.AspNetCore.Mvc;
using MotCua.Data;
using MotCua.Web.Features.Reports;

namespace MotCua.Web.Features.Feedback.Desk;

/// <summary>/pakn/qua-han?agency=: a fragment (no layout) loaded by htmx into the dashboard, with the overdue feedback of the
/// unit the dashboard shows and its roll-up (<c>agency</c>, a unit code; default the reader's home unit), resolved by the
/// dashboard's own rule (<see cref="DashboardReads.ResolveAsync"/>): a unit's leader their unit, the province centre's
/// leader and the inspector every unit of the province (trial 16i MEDIUM 3: they saw none of a commune's overdue
/// feedback). The count, the year's figures, the overdue count of each unit that has any and the
/// <see cref="Shown"/> most overdue. An officer who reads no report but handles feedback sees their agency's; anyone else,
/// or a unit out of reach, gets 204 (nothing swapped in; the dashboard says what is wrong with its own request).</summary>
public sealed class OverdueModel(MotCuaDb db, FeedbackStore store, DashboardReads reads, TimeProvider clock) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    /// <summary>The overdue feedback listed; the count counts all.</summary>
    public const int Shown = 5;

    public IReadOnlyList<OverdueFeedback> Lines { get; private set; } = [];
    public FeedbackFigures? Figures { get; private set; }
    /// <summary>The units of the scope with any overdue feedback (code, name, count), when the scope holds more than one unit.</summary>
    public IReadOnlyList<AgencyFeedbackFigures> Units { get; private set; } = [];
    /// <summary>The agency whose feedback the reader handles: its numbers link to the feedback's page (another's would answer 404).</summary>
    public string? OwnAgencyCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? agency, CancellationToken ct)
    {
        var officer = FeedbackEndpoints.Officer(User);
        int[] scope;
        if (await ReportReaders.OfAsync(db, User, ct) is not null)
        {
            var request = await reads.ResolveAsync(User, agency, null, null, ct);
            if (request.Problem is not null) return new NoContentResult();
            scope = [.. request.Units.Select(u => u.Id)];
        }
        else if (officer?.AgencyId is { } own) scope = [own];
        else return new NoContentResult();
        if (officer?.AgencyId is { } mine) OwnAgencyCode = await store.AgencyCodeAsync(mine, ct);
        var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
        var figures = await store.UnitsFiguresAsync(scope, new DateOnly(today.Year, 1, 1), today, ct);
        Figures = figures.Total;
        Units = scope.Length > 1 ? [.. figures.Agencies.Where(a => a.Figures.Overdue > 0).OrderByDescending(a => a.Figures.Overdue)] : [];
        Lines = await store.OverdueAsync(scope, Shown, ct);
        return Page();
    }
}
