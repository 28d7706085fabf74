using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>/bao-cao: the reports home, for those <see cref="ReportAccess"/> lets read a report (leaders, the inspector, the administrator).</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        Claims.OfficerOf(User) is { } officer && ReportAccess.MayRead(officer.Role) ? Page() : StatusCode(StatusCodes.Status403Forbidden);
}
