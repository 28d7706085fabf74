using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>The administrator's entry to the catalogue: find a procedure to correct, or an agency whose adoptions to set.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(MotCuaDb db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    public IReadOnlyList<ProcedureSummary> Procedures { get; private set; } = [];
    public IReadOnlyList<(Agency Agency, int Adopted)> Agencies { get; private set; } = [];
    public CatalogImport? LastImport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Query)) Procedures = await CatalogEndpoints.SearchAsync(db, Query, null, 30, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.ReceivesDossiers).OrderBy(a => a.Code)
            .Select(a => new { a, Adopted = db.AgencyProcedures.Count(p => p.AgencyId == a.Id) }).ToListAsync(ct);
        Agencies = agencies.Select(x => (x.a, x.Adopted)).ToList();
        LastImport = await db.CatalogImports.AsNoTracking().OrderByDescending(i => i.Id).FirstOrDefaultAsync(ct);
    }
}
