using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;

namespace MotCua.Web.Features.Reports;

/// <summary>/bao-cao: the reports home, for those <see cref="ReportReaders"/> lets read a report (leaders, department heads,
/// the inspector, the administrator).</summary>
public sealed class IndexModel(MotCuaDb db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await ReportReaders.OfAsync(db, User, ct) is not null ? Page() : StatusCode(StatusCodes.Status403Forbidden);
}
