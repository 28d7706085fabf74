using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// /bao-cao/bieu-06: Biểu 06 of a unit (its roll-up) for a named period or dates typed dd/MM/yyyy, each number a link to
/// the dossiers behind it, with the workbook and the PDF. Who may: <see cref="ReportAccess"/>.
/// </summary>
public sealed class Bieu06Model(MotCuaDb db, TimeProvider clock, ILogger<Bieu06Model> log) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public Agency? Unit { get; private set; }
    public IReadOnlyList<Agency> Units { get; private set; } = [];
    /// <summary>The units the officer may choose from.</summary>
    public IReadOnlyList<Agency> Choices { get; private set; } = [];
    public IReadOnlyList<(string Name, Bieu06Period Period)> Periods { get; private set; } = [];
    public Bieu06Period? Chosen { get; private set; }
    public Bieu06Report? Report { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer || !ReportAccess.MayRead(officer.Role)) return StatusCode(StatusCodes.Status403Forbidden);
        Periods = Bieu06Reports.Offered(VietnamTime.DateOf(clock.GetUtcNow()));
        Choices = officer.Role == MotCua.Domain.Dossiers.OfficerRole.Leader && officer.AgencyId is { } own
            ? await Bieu06Reports.UnitsAsync(db, own, ct)
            : await db.Agencies.AsNoTracking().Where(a => a.ReceivesDossiers || a.Kind == AgencyKinds.ProvinceCenter).OrderBy(a => a.Id).ToListAsync(ct);
        var resolved = await Bieu06Reports.ResolveAsync(db, User, Agency, Period, From, To, clock, ct);
        if (resolved.Refusal is not null) return StatusCode(StatusCodes.Status403Forbidden);
        Chosen = resolved.Period;
        From ??= Chosen.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        To ??= Chosen.To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        if (resolved.Invalid is { } invalid)
        {
            Error = invalid.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Unit = resolved.Agency;
        Units = resolved.Units;
        Agency = Unit!.Code;
        try
        {
            Report = await Bieu06Reports.BuildAsync(db, [.. Units.Select(u => u.Id)], Chosen, ct);
        }
        catch (Bieu06IdentityException broken)
        {
            log.LogError("Biểu 06 not published: {Identity}", broken.Message);
            Error = $"Báo cáo không được công bố vì số liệu không thỏa đẳng thức của biểu: {broken.Message}";
        }
        return Page();
    }

    /// <summary>The query naming this report's unit and period (dates yyyy-MM-dd), for the drill-down and the files.</summary>
    public string Query => Report is null ? ""
        : $"agency={Uri.EscapeDataString(Unit!.Code)}&from={Report.From:yyyy-MM-dd}&to={Report.To:yyyy-MM-dd}";
}
