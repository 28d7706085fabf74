using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// /bao-cao/cham-diem?agency=&amp;quy=: a unit's TT 01/2018/TT-VPCP score for a quarter (nine indicators: MotCua's
/// proposal, the self-score the unit's leader enters with a reason, the appraised score the inspector enters), with the
/// bands of <c>scoring_bands</c>. Reading and writing follow <see cref="RatingAccess"/>; a write is audited as the API's.
/// </summary>
public sealed class ScoringModel(RatingFigures figures, MotCua.Data.MotCuaDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "agency")] public string? AgencyCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "quy")] public string? Quarter { get; set; }
    [BindProperty(Name = "chi-so")] public int? Indicator { get; set; }
    [BindProperty(Name = "diem")] public string? Score { get; set; }
    [BindProperty(Name = "ly-do")] public string? Reason { get; set; }
    [BindProperty(Name = "cot")] public string? Column { get; set; }

    public UnitScoreSheet? Sheet { get; private set; }
    public string? Error { get; private set; }
    public bool MayWriteSelf { get; private set; }
    public bool MayWriteAppraised { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var found = await ResolveAsync(ct);
        if (found.Problem is { } refused) return refused;
        if (found.Officer is not { } officer) return Page();
        var (unit, quarter) = (found.Unit, found.Quarter);
        var column = Column switch
        {
            "tham-dinh" => UnitScoreColumn.AppraisedScore,
            "tu-cham" => UnitScoreColumn.SelfScore,
            _ => RatingAccess.MayWrite(officer, unit.Id, UnitScoreColumn.SelfScore) ? UnitScoreColumn.SelfScore : UnitScoreColumn.AppraisedScore,
        };
        if (!RatingAccess.MayWrite(officer, unit.Id, column)) return Forbid();
        decimal? score = decimal.TryParse(Score?.Trim().Replace(',', '.'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        Error = UnitScoring.CheckBegun(quarter, Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow()))?.Message
            ?? UnitScoring.Check(Indicator ?? 0, score, "diem")?.Message
            ?? (column == UnitScoreColumn.SelfScore && reason is null ? "Nhập lý do khi tự chấm điểm." : null)
            ?? (reason is { Length: > 1000 } ? "Lý do dài tối đa 1.000 ký tự." : null);
        if (Error is null)
            await figures.WriteAsync(unit.Id, AgencyCode!, unit.Kind, quarter, Indicator!.Value, column, score!.Value, reason, officer.Actor.UserId!.Value, clock.GetUtcNow(), ct);
        else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var found = await ResolveAsync(ct);
        if (found.Problem is { } refused) return refused;
        if (found.Officer is null) return Page();
        Sheet = await figures.SheetAsync(found.Unit.Id, AgencyCode!, found.Unit.Name, found.Unit.Kind, found.Quarter, ct);
        MayWriteSelf = RatingAccess.MayWrite(found.Officer!, found.Unit.Id, UnitScoreColumn.SelfScore);
        MayWriteAppraised = RatingAccess.MayWrite(found.Officer!, found.Unit.Id, UnitScoreColumn.AppraisedScore);
        return Page();
    }

    private sealed record Found(Domain.Dossiers.Officer? Officer, (int Id, string Name, string Kind) Unit, DateOnly Quarter, IActionResult? Problem);

    // The officer, the unit and the quarter the address names (default: the officer's unit, the current quarter); a 403
    // when the officer may not read them; no officer (and Error said) when the unit or quarter cannot be read.
    private async Task<Found> ResolveAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer) return new(null, default, default, Forbid());
        if (string.IsNullOrWhiteSpace(AgencyCode) && officer.AgencyId is { } own) AgencyCode = await figures.AgencyCodeAsync(own, ct);
        var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
        Quarter = string.IsNullOrWhiteSpace(Quarter) ? UnitScoring.QuarterName(new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1)) : Quarter;
        if (UnitScoring.Quarter(Quarter) is not { } quarter) { Error = "Quý viết dạng Q3/2026 hoặc 2026-Q3."; return new(null, default, default, null); }
        if (string.IsNullOrWhiteSpace(AgencyCode) || await figures.AgencyAsync(AgencyCode, ct) is not { } unit)
        {
            Error = $"Không có cơ quan mã {AgencyCode}.";
            return new(null, default, default, null);
        }
        if (!RatingAccess.MayReadScores(officer, await Reports.ReportReaders.ReachesAsync(db, User, unit.Id, ct))) return new(null, default, default, Forbid());
        return new Found(officer, unit, quarter, null);
    }
}
