using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// /bao-cao/chi-so-766: the 766 index of a month for the leader's unit, or for the province or any unit (inspector,
/// administrator): the five groups and their indicators with formula, inputs and points; each figure opens the rows
/// behind it. Counted when the page is asked for.
/// </summary>
[Authorize]
public sealed class Index766PageModel(MotCuaDb db, NpgsqlDataSource data, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "agency")] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true, Name = "month")] public string? Month { get; set; }

    public Index766Scope? Scope { get; private set; }
    public Index766Result? Result { get; private set; }
    public IReadOnlyDictionary<Index766Input, long> Counts { get; private set; } = new Dictionary<Index766Input, long>();
    public DateTimeOffset ComputedAt { get; private set; }
    /// <summary>A value not understood, in Vietnamese.</summary>
    public string? Error { get; private set; }
    /// <summary>The agencies the reader may choose (empty for a leader of a unit with none under it).</summary>
    public IReadOnlyList<(string Code, string Name)> Agencies { get; private set; } = [];
    /// <summary>Whether "Toàn tỉnh" is offered: the inspector, the administrator and the province centre's leader.</summary>
    public bool ProvinceOffered { get; private set; }
    /// <summary>The months offered: the current one and the 35 before it.</summary>
    public IReadOnlyList<Index766Month> Months { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer || !ReportAccess.MayRead(officer.Role)) return StatusCode(StatusCodes.Status403Forbidden);
        ComputedAt = clock.GetUtcNow();
        var current = Index766Month.Of(ComputedAt);
        Months = [.. Enumerable.Range(0, 36).Select(i => Index766Month.Of(current.Start.AddMonths(-i)))];
        var (ownUnits, province) = await Index766Reads.ReachAsync(db, officer, ct);
        ProvinceOffered = province;
        if (officer.Role != OfficerRole.Leader)
            Agencies = [.. (await db.Agencies.AsNoTracking().Where(a => a.ReceivesDossiers).OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).ToListAsync(ct))
                .Select(a => (a.Code, a.Name))];
        else if (ownUnits.Count > 1)
            Agencies = [.. ownUnits.Where(a => a.ReceivesDossiers).OrderBy(a => a.Code).Select(a => (a.Code, a.Name))];
        var (scope, refusal) = await Index766Reads.ResolveAsync(db, User, Agency, Month, ComputedAt, ct);
        if (refusal is { Field: null }) return StatusCode(StatusCodes.Status403Forbidden);
        if (refusal is not null)
        {
            Error = refusal.Message;
            return Page();
        }
        Scope = scope;
        Month = scope!.Month.ToString();
        Agency = scope.Agency?.Code;
        (Result, Counts) = await Index766Reads.ScoreAsync(data, scope, ct);
        return Page();
    }
}
