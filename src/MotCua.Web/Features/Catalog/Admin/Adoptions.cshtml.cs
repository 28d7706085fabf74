using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>The procedures one agency receives, with whether each has a published process, and adding another.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdoptionsModel(MotCuaDb db) : PageModel
{
    public Agency Agency { get; private set; } = null!;
    public IReadOnlyList<AdoptionView> Adoptions { get; private set; } = [];
    [BindProperty(SupportsGet = true, Name = "them")] public string? AddCode { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string agencyCode, CancellationToken ct)
    {
        if (await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode, ct) is not { } agency) return NotFound();
        Agency = agency;
        if (!string.IsNullOrWhiteSpace(AddCode))
        {
            if (await db.Procedures.AnyAsync(p => p.Code == AddCode.Trim(), ct))
                return Redirect($"/quan-tri/co-quan/{agency.Code}/thu-tuc/{AddCode.Trim()}");
            Error = $"Không tìm thấy thủ tục có mã '{AddCode}'.";
        }
        Adoptions = await Catalog.Adoptions.ListAsync(db, agency, ct);
        return Page();
    }
}
