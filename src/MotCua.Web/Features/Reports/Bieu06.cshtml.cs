using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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

    /// <summary>Each unit's own line under the total when the report rolls up more than one unit.</summary>
    public IReadOnlyList<Bieu06UnitRow> PerUnit { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var resolved = await Bieu06Reports.ResolveAsync(db, User, Agency, Period, From, To, clock, ct);
        if (resolved.Reader is not { } reader || resolved.Refusal is not null) return StatusCode(StatusCodes.Status403Forbidden);
        Periods = Bieu06Reports.Offered(VietnamTime.DateOf(clock.GetUtcNow()));
        Choices = await ReportReaders.ChoicesAsync(db, reader, ct);
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
            (Report, var perUnit) = await Bieu06Reports.BuildWithUnitsAsync(db, [.. Units.Select(u => u.Id)], Chosen, ct);
            PerUnit = Bieu06Reports.UnitRows(Units, perUnit);
        }
        catch (Bieu06IdentityException broken)
        {
            log.LogError("Biểu 06 not published: {Identity}", broken.Message);
            Error = $"Báo cáo không được công bố vì số liệu không thỏa đẳng thức của biểu: {broken.Message}";
        }
        return Page();
    }

    /// <summary>The address of a unit's own report for the same dates, or null when it would be this one again (a province
    /// centre's report is the province's).</summary>
    public string? UnitLink(Bieu06UnitRow row) => row.AgencyCode == Unit?.Code || Units.Any(u => u.Code == row.AgencyCode && u.Kind == AgencyKinds.ProvinceCenter)
        ? null
        : $"/bao-cao/bieu-06?agency={Uri.EscapeDataString(row.AgencyCode)}&from={Report!.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={Report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>The drill-down behind a number of a unit's own line (second trial: every number a link, as in the main
    /// table): that unit's own dossiers (<c>rieng=1</c>, not its roll-up) for the same dates and column.</summary>
    public string UnitNumberLink(Bieu06UnitRow row, Bieu06Column column) =>
        $"/bao-cao/bieu-06/ho-so?agency={Uri.EscapeDataString(row.AgencyCode)}&from={Report!.From:yyyy-MM-dd}&to={Report.To:yyyy-MM-dd}&column={Bieu06.ColumnNames[column]}&rieng=1";

    /// <summary>The query naming this report's unit and period (dates yyyy-MM-dd), for the drill-down and the files.</summary>
    public string Query => Report is null ? ""
        : $"agency={Uri.EscapeDataString(Unit!.Code)}&from={Report.From:yyyy-MM-dd}&to={Report.To:yyyy-MM-dd}";
}
