using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Ratings;
using MotCua.Web.Features.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// /bao-cao/danh-gia/tom-tat?agency=: a fragment (no layout) for the dashboard's <c>danh-gia</c> host: the ratings of the
/// unit the dashboard shows and its roll-up (<c>agency</c>, a unit code; default the reader's home unit: their own, or the
/// province centre, whose roll-up is the whole province, for the centre's leader and the inspector), a line per unit when
/// the roll-up has several (each unit's published cells only, <see cref="RatingFigures"/>), resolved by the dashboard's own rule (<see cref="DashboardReads.ResolveAsync"/>,
/// the reports' one reach, <see cref="ReportReaders"/>, as <c>GET /api/v1/reports/ratings</c>: verify34 MEDIUM 1 and 2, the
/// tile showed the reader's own unit, and nothing to the inspector). The twelve months up to the last published one
/// (<see cref="RatingPublication"/> [choice: a calendar year would show nothing until March]), by procedure, months under
/// MinCell left out; then that the later months are being collected. 204 (nothing swapped in) for a role that reads only
/// its own row, a reader of no report, or a unit out of reach or unknown (the dashboard says what is wrong with its request).
/// </summary>
public sealed class SummaryModel(RatingFigures figures, DashboardReads reads, TimeProvider clock) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    /// <summary>The name of the unit whose ratings are shown, with its roll-up's reach as the unit lists say it
    /// (<see cref="AgencyLabels.RollUp"/>).</summary>
    public string UnitName { get; private set; } = "";
    /// <summary>The roll-up's one row, or none when no month is published.</summary>
    public IReadOnlyList<RatingRow> Agency { get; private set; } = [];
    /// <summary>A row per unit of the roll-up that has ratings; empty for a unit alone.</summary>
    public IReadOnlyList<RatingRow> Units { get; private set; } = [];
    /// <summary>The procedures with figures (a published cell), by name.</summary>
    public IReadOnlyList<RatingRow> Procedures { get; private set; } = [];
    /// <summary>How many procedures were rated but have no published cell: counted, not listed (trial 17w LOW 3, a roll-up
    /// listed some fifty rows of "dưới 5").</summary>
    public int ProceduresUnder { get; private set; }
    /// <summary>The first month read (its first day).</summary>
    public DateOnly From { get; private set; }
    /// <summary>The last month read: the last published one.</summary>
    public DateOnly To { get; private set; }
    /// <summary>That the months after <see cref="To"/> are being collected, and when the next is published.</summary>
    public string? Collecting { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? agency, CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer) return new NoContentResult();
        var request = await reads.ResolveAsync(User, agency, null, null, ct);
        if (request.Problem is not null || request.Agency is not { } unit
            || !RatingAccess.MayRead(officer, unit.Id, request.Reader?.MayRead(unit) == true, RatingGrouping.Agency))
            return new NoContentResult();
        UnitName = AgencyLabels.RollUp(unit, request.Units.Count);
        var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
        var current = new DateOnly(today.Year, today.Month, 1);
        To = figures.Readable(current.AddYears(-2), current)?.To ?? current.AddMonths(-1);
        From = To.AddMonths(-11);
        Collecting = figures.Collecting(current);
        var units = request.Units.Select(u => u.Id).ToArray();
        Agency = await figures.RowsAsync(units, From, To, RatingGrouping.Agency, null, (unit.Code, unit.Name), ct);
        Units = units.Length > 1 ? await figures.RowsAsync(units, From, To, RatingGrouping.Agency, null, null, ct) : [];
        var procedures = await figures.RowsAsync(units, From, To, RatingGrouping.Procedure, null, null, ct);
        Procedures = [.. procedures.Where(p => !p.Suppressed)];
        ProceduresUnder = procedures.Count - Procedures.Count;
        return Page();
    }
}
