using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// /bao-cao/chi-so-766/ho-so: the rows behind one figure of the 766 index (dossiers, adoptions or procedures), 50 a page (<c>trang</c>: "page" is the route key of Razor Pages),
/// for the same readers as the index. Shows no applicant's name: a dossier's code opens its page, where the dossier's
/// own access rule and audit apply.
/// </summary>
[Authorize]
public sealed class Index766RowsModel(MotCuaDb db, NpgsqlDataSource data, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "agency")] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true, Name = "month")] public string? Month { get; set; }
    [BindProperty(SupportsGet = true, Name = "indicator")] public string? Indicator { get; set; }
    [BindProperty(SupportsGet = true, Name = "input")] public string? Input { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int? PageNumber { get; set; }

    public Index766Scope? Scope { get; private set; }
    public Index766Indicator? Found { get; private set; }
    public Index766Input? Which { get; private set; }
    public Index766Rows? Rows { get; private set; }
    /// <summary>A value not understood, in Vietnamese.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (scope, refusal) = await Index766Reads.ResolveAsync(db, User, Agency, Month, clock.GetUtcNow(), ct);
        if (refusal is { Field: null }) return StatusCode(StatusCodes.Status403Forbidden);
        var (found, which, problem) = Index766Endpoints.Figure(Indicator, Input);
        if ((refusal ?? problem) is { } refused)
        {
            Error = refused.Message;
            Response.StatusCode = refused.Status;
            return Page();
        }
        (Scope, Found, Which) = (scope, found, which);
        Rows = await Index766Reads.RowsAsync(data, scope!, Which!.Value, Paging.Clamp(PageNumber), ct);
        return Page();
    }

    /// <summary>The address of another page of the same figure.</summary>
    public string PageHref(int page) => Index766Endpoints.PageLink(Scope!, Found!.Id, Which!.Value) + $"&trang={page}";
}
