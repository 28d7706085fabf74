using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Account;

namespace MotCua.Web.Features.Dossiers;

/// <summary>The officer's list: their agency's dossiers, newest first, a page at a time.</summary>
public sealed class IndexModel(MotCuaDb db) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row(string Code, string ProcedureName, string Applicant, Channel Channel, DossierStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt);

    [BindProperty(SupportsGet = true, Name = "trang")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "trangthai")]
    public int? StatusFilter { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var agencyId = Claims.AgencyIdOf(User);
        var query = db.Dossiers.AsNoTracking().Where(d => d.ReceivingAgencyId == agencyId);
        if (StatusFilter is { } status) query = query.Where(d => d.Status == (DossierStatus)status);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Max(1, PageNumber);
        Rows = await query.OrderByDescending(d => d.SubmittedAt).ThenByDescending(d => d.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new Row(d.Code, d.ProcedureName, d.Applicant.FullName, d.Channel, d.Status, d.SubmittedAt, d.DueAt))
            .ToListAsync(ct);
    }
}
