using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Receipts;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// /so-thu-phi: the unit's fee register for a period (accountant, leader): the daily totals by method with the cash
/// handed over, the period's totals and the reconciliation, with links to the PDF, the workbook and the JSON that list
/// every receipt. The page itself shows no payer's name.
/// </summary>
[Authorize]
public sealed class FeeRegisterPageModel(MotCuaDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "tu")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "den")] public string? To { get; set; }

    public Agency? Unit { get; private set; }
    public FeeRegister? Register { get; private set; }
    /// <summary>A bad period, in Vietnamese.</summary>
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer || !FeeRegister.MayRead(officer.Role)) return StatusCode(StatusCodes.Status403Forbidden);
        var resolved = await FeeRegisters.ResolveAsync(db, User, null, From, To, clock, ct);
        From = resolved.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        To = resolved.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (resolved.Agency is null)
        {
            Error = "Kỳ sổ không hợp lệ: ngày theo dạng năm-tháng-ngày, ngày cuối từ ngày đầu trở đi, tối đa 366 ngày.";
            return Page();
        }
        Unit = resolved.Agency;
        Register = await FeeRegisters.BuildAsync(db, Unit.Id, resolved.From, resolved.To, ct);
        return Page();
    }
}
