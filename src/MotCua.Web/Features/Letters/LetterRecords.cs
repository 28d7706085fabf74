using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Letters;

/// <summary>
/// The answer to a record: what was recorded, or why not, as a status (403, 404, 409, 422) with a Vietnamese detail and,
/// for 422, the problems by field (names as in the API body).
/// </summary>
public sealed record RecordOutcome(RecordedView? Recorded, int Status, string? Detail = null, IReadOnlyList<FieldProblem>? Problems = null)
{
    /// <summary>Nothing recorded: the status (403, 404, 409) and why, in Vietnamese.</summary>
    public static RecordOutcome Refused(int status, string detail) => new(null, status, detail);

    /// <summary>The API's answer: 201 with the record and its PDF, or problem+json.</summary>
    public IResult ToResult() => Recorded is { } recorded ? Results.Created(recorded.Pdf, recorded)
        : Problems is { } problems ? Web.Problems.Validation(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()))
        : Results.Problem(statusCode: Status, title: Web.Problems.TitleOf(Status), detail: Detail);
}

/// <summary>
/// The two records an officer makes about a dossier without changing it, for the API and the pages alike: a field
/// verification and a loss. A signed-in officer (an integrated system records nothing here) who sees the dossier (else
/// 404) and whom the Domain's rule allows (409 for the stage, 403 for the officer) sends values the Domain checks (422);
/// a refusal writes nothing but the audited read.
/// </summary>
public static class LetterRecords
{
    /// <summary>
    /// Records a field verification at the dossier's appraisal step (<see cref="Dossier.CheckFieldVerification"/>).
    /// <paramref name="unreadable"/> holds the fields a page could not read (an impossible date): they refuse the record
    /// (422) beside the Domain's problems, which then say nothing more about those fields.
    /// </summary>
    public static async Task<RecordOutcome> FieldVerificationAsync(MotCuaDb db, ClaimsPrincipal user, string code, FieldVerificationRequest b, TimeProvider clock,
        CancellationToken ct, IReadOnlyList<FieldProblem>? unreadable = null)
    {
        var (dossier, officer, refused) = await RecorderAsync(db, user, code, clock, (d, by) => d.CheckFieldVerification(by), ct);
        if (refused is not null) return refused;
        var now = clock.GetUtcNow();
        var (value, problems) = dossier!.ValidateFieldVerification(b.Place, b.StartedAt, b.EndedAt, b.Participants, b.Chair, b.Secretary, b.Findings, now);
        if (value is null || unreadable is [_, ..]) return Invalid(problems, unreadable);
        var row = new FieldVerificationRecord
        {
            DossierId = dossier.Id, AgencyId = dossier.CurrentAgencyId, Place = value.Place, StartedAt = value.StartedAt, EndedAt = value.EndedAt,
            Participants = [.. value.Participants], Chair = value.Chair, Secretary = value.Secretary, Findings = value.Findings,
            RecordedByUserId = officer!.Actor.UserId!.Value, RecordedAt = now,
        };
        db.FieldVerifications.Add(row);
        await db.SaveChangesAsync(ct);
        return new(new RecordedView(row.Id, FieldVerificationPdf(dossier.Code, row.Id)), StatusCodes.Status201Created);
    }

    /// <summary>
    /// Records that the agency holding the dossier lost or damaged it (<see cref="Dossier.CheckLossRecord"/>);
    /// <paramref name="unreadable"/> as for <see cref="FieldVerificationAsync"/> (an impossible date, a cost that is not a number).
    /// </summary>
    public static async Task<RecordOutcome> LossAsync(MotCuaDb db, ClaimsPrincipal user, string code, LossRequest b, TimeProvider clock, CancellationToken ct,
        IReadOnlyList<FieldProblem>? unreadable = null)
    {
        var (dossier, officer, refused) = await RecorderAsync(db, user, code, clock, (d, by) => d.CheckLossRecord(by), ct);
        if (refused is not null) return refused;
        var now = clock.GetUtcNow();
        var (value, problems) = dossier!.ValidateLossRecord(b.Kind, b.Description, b.Remedy, b.CostVnd, b.NewDueAt, now);
        if (value is null || unreadable is [_, ..]) return Invalid(problems, unreadable);
        var row = new DossierLoss
        {
            DossierId = dossier.Id, AgencyId = dossier.CurrentAgencyId, Kind = value.Kind, Description = value.Description, Remedy = value.Remedy,
            CostVnd = value.CostVnd, NewDueAt = value.NewDueAt, RecordedByUserId = officer!.Actor.UserId!.Value, RecordedAt = now,
        };
        db.DossierLosses.Add(row);
        await db.SaveChangesAsync(ct);
        return new(new RecordedView(row.Id, LossApologyPdf(dossier.Code, row.Id)), StatusCodes.Status201Created);
    }

    /// <summary>
    /// A date and time typed in a page's datetime-local field (Vietnam wall-clock time, <see cref="VietnamTime.TryParseInstant"/>):
    /// null when left empty, else the instant, or a problem on <paramref name="field"/> when it names no real moment
    /// ("2026-02-30T10:00"), so that it is refused rather than taken for empty.
    /// </summary>
    public static DateTimeOffset? TypedInstant(string? text, string field, List<FieldProblem> unreadable)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (VietnamTime.TryParseInstant(text, out var instant)) return instant;
        unreadable.Add(new(field, $"Thời gian không hợp lệ: \"{text.Trim()}\" không phải ngày giờ có thật; chọn lại ngày và giờ."));
        return null;
    }

    // The page's unreadable fields first; the Domain's problems on the same fields only repeat them ("Ghi thời gian bắt đầu.").
    private static RecordOutcome Invalid(IReadOnlyList<FieldProblem> problems, IReadOnlyList<FieldProblem>? unreadable) =>
        new(null, StatusCodes.Status422UnprocessableEntity,
            Problems: [.. unreadable ?? [], .. problems.Where(p => unreadable?.Any(u => u.Field == p.Field) != true)]);

    /// <summary>Where the biên bản of field verification <paramref name="id"/> of dossier <paramref name="code"/> is printed.</summary>
    public static string FieldVerificationPdf(string code, long id) => $"/api/v1/dossiers/{code}/field-verifications/{id}.pdf";

    /// <summary>Where the apology for loss <paramref name="id"/> of dossier <paramref name="code"/> is printed.</summary>
    public static string LossApologyPdf(string code, long id) => $"/api/v1/dossiers/{code}/losses/{id}/apology.pdf";

    /// <summary>The field verifications recorded on a dossier, oldest first, with the addresses of their records.</summary>
    public static async Task<List<(FieldVerificationRecord Row, string Pdf)>> FieldVerificationsOfAsync(MotCuaDb db, Dossier d, CancellationToken ct) =>
        [.. (await db.FieldVerifications.AsNoTracking().Where(v => v.DossierId == d.Id).OrderBy(v => v.Id).ToListAsync(ct)).Select(v => (v, FieldVerificationPdf(d.Code, v.Id)))];

    /// <summary>The losses recorded on a dossier, oldest first, with the addresses of their apologies.</summary>
    public static async Task<List<(DossierLoss Row, string Pdf)>> LossesOfAsync(MotCuaDb db, Dossier d, CancellationToken ct) =>
        [.. (await db.DossierLosses.AsNoTracking().Where(l => l.DossierId == d.Id).OrderBy(l => l.Id).ToListAsync(ct)).Select(l => (l, LossApologyPdf(d.Code, l.Id)))];

    private static async Task<(Dossier? Dossier, Officer? Officer, RecordOutcome? Refused)> RecorderAsync(MotCuaDb db, ClaimsPrincipal user, string code,
        TimeProvider clock, Func<Dossier, Officer, DossierStateException?> rule, CancellationToken ct)
    {
        if (Claims.OfficerOf(user) is not { Actor.UserId: not null } officer)
            return (null, null, RecordOutcome.Refused(StatusCodes.Status403Forbidden, "Chỉ cán bộ đăng nhập bằng tài khoản của mình mới được ghi nhận nội dung này."));
        var dossier = await DossierAccess.ReadAsync(db, user, code, ct);
        if (dossier is null) return (null, null, RecordOutcome.Refused(StatusCodes.Status404NotFound, $"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem."));
        if (rule(dossier, officer) is { } refusal)
            return (null, null, RecordOutcome.Refused(
                refusal.Refusal == DossierRefusal.WrongState ? StatusCodes.Status409Conflict : StatusCodes.Status403Forbidden, refusal.Message));
        return (dossier, officer, null);
    }
}
