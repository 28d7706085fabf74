using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// /bao-cao/thoi-gian-buoc: per-step times of a unit (its roll-up) for dates typed dd/MM/yyyy, optionally one procedure:
/// a row per step with its stays, median, p90 and mean working hours, its limit and on-time rate, the steps where
/// dossiers wait longest first; and the unit's open dossiers flagged by the early warning. Who may: <see cref="ReportAccess"/>.
/// </summary>
public sealed class StepTimesPageModel(MotCuaDb db, StepTimeReads reads, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Procedure { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public Agency? Unit { get; private set; }
    /// <summary>The units the officer may choose from.</summary>
    public IReadOnlyList<Agency> Choices { get; private set; } = [];
    public IReadOnlyList<StepTimeRow> Rows { get; private set; } = [];
    public IReadOnlyList<EarlyWarningRow> Flagged { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ReportReaders.OfAsync(db, User, ct) is not { } reader) return StatusCode(StatusCodes.Status403Forbidden);
        Choices = await ReportReaders.ChoicesAsync(db, reader, ct);
        var request = await StepTimeEndpoints.ResolveAsync(db, User, Agency, Procedure, From, To, clock, ct);
        From ??= request.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        To ??= request.To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        if (request.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (request.Problem is not null)
        {
            Error = request.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Unit = request.Agency;
        Agency = Unit!.Code;
        var units = request.Units.Select(u => u.Id).ToList();
        Rows = await reads.ReportAsync(units, request.Procedure, request.From, request.To, ct);
        Flagged = await reads.FlaggedAsync(units, ct);
        return Page();
    }

    /// <summary>Hours as an officer reads them: one decimal, Vietnamese comma.</summary>
    public static string Hours(double hours) => hours.ToString("0.0", CultureInfo.GetCultureInfo("vi-VN"));
}
