using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

/// <summary>
/// "Xác định phí, lệ phí" (issue 14, eleventh trial finding 3, docs/FEES.md "Eleventh trial, desk and later fee"): a fee
/// left unplaced at intake or at the online acceptance (the officer's amount is optional there: "để trống nếu cơ quan
/// giải quyết xác định sau") is fixed afterwards by the receiving unit's receiving officer or accountant, with the case or
/// the officer's amount, by the same rule and in the same way as the acceptance (<see cref="AcceptanceFee.FixAsync"/>):
/// <c>dossier_fees</c> updated, audited <c>dossier.fee.officer</c>, the payment request raised with its VietQR, in one
/// transaction. Only while the fee is unplaced and nothing was paid for the dossier: a fee once placed is not changed here.
/// </summary>
public static class LaterFee
{
    /// <summary>Whether <paramref name="officer"/>'s role may fix a fee later: the receiving officer and the accountant
    /// [choice: the two who deal with the fee at the unit; the accountant raises requests already, the desk fixed it at
    /// intake]. Their unit must be the dossier's receiving unit (checked per dossier).</summary>
    public static bool MayFix(Officer officer) => officer.Role is OfficerRole.ReceivingOfficer or OfficerRole.Accountant;

    /// <summary>The outcome: the fee stored, or a problem (status 403, 404, 409 or 422, Vietnamese detail, the field for a 422).</summary>
    public sealed record Outcome(FixedFee? Fee, int Status, string? Detail = null, string? Field = null)
    {
        /// <summary>The problem+json the API answers for a refusal.</summary>
        public IResult ToProblem() => Field is { } field ? Problems.Field(field, Detail ?? "", Status) : Results.Problem(statusCode: Status, title: Title, detail: Detail);

        private string Title => Status switch
        {
            StatusCodes.Status403Forbidden => "Không có quyền",
            StatusCodes.Status404NotFound => "Không tìm thấy",
            StatusCodes.Status409Conflict => "Không phù hợp với trạng thái hồ sơ",
            _ => "Dữ liệu không hợp lệ",
        };
    }

    private const string NotAllowed = "Chỉ cán bộ tiếp nhận hoặc kế toán của đơn vị tiếp nhận hồ sơ mới xác định được phí, lệ phí.";

    /// <summary>
    /// What the dossier page offers <paramref name="user"/> for <paramref name="dossier"/>: the fee's choice (the case or
    /// the officer's amount) when they may fix it now; null otherwise (role, unit, state, fee placed, a payment exists).
    /// </summary>
    public static async Task<AcceptanceFee.Choice?> ChoiceAsync(MotCuaDb db, ClaimsPrincipal user, Dossier dossier, CancellationToken ct) =>
        Claims.OfficerOf(user) is { } officer && MayFix(officer) && officer.AgencyId == dossier.ReceivingAgencyId
            && await RefusalAsync(db, dossier, ct) is null
            ? await AcceptanceFee.ChoiceAsync(db, dossier, ct)
            : null;

    /// <summary>
    /// Fixes the unplaced fee of the dossier <paramref name="code"/> with the case (<paramref name="feeCase"/>, 1-based) or
    /// the officer's amount, at <paramref name="now"/>. 403: a role other than the receiving officer or the accountant; 404:
    /// no such dossier, or one received by another unit; 409: an online dossier not accepted yet (its acceptance fixes the
    /// fee), a dossier refused, withdrawn or stopped, a fee already placed, a payment already recorded; 422 naming
    /// <c>feeCase</c>, <c>fee</c>, <c>fee.amountVnd</c>, <c>fee.kind</c> or <c>fee.note</c> (neither given: the case for a
    /// fee by case, else <c>fee</c>).
    /// </summary>
    public static async Task<Outcome> FixAsync(MotCuaDb db, ClaimsPrincipal user, string code, int? feeCase, AcceptanceOfficerFee? officerFee,
        DateTimeOffset now, CancellationToken ct)
    {
        if (Claims.OfficerOf(user) is not { } officer || !MayFix(officer)) return new Outcome(null, StatusCodes.Status403Forbidden, NotAllowed);
        var dossier = await db.Dossiers.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, ct);
        // Another unit's dossier is answered as absent, as every dossier route does, so codes cannot be probed.
        if (dossier is null || dossier.ReceivingAgencyId != officer.AgencyId)
            return new Outcome(null, StatusCodes.Status404NotFound, $"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The fee's row is locked first, so two officers fixing it at once cannot raise two requests.
        await (await db.CommandAsync("SELECT 1 FROM dossier_fees WHERE dossier_id = $1 FOR UPDATE", ct, dossier.Id)).ExecuteNonQueryAsync(ct);
        if (await RefusalAsync(db, dossier, ct) is { } refusal) return new Outcome(null, StatusCodes.Status409Conflict, refusal);
        try
        {
            var fee = await AcceptanceFee.FixAsync(db, dossier, feeCase, officerFee, caseRequired: true, officer, now, ct);
            if (fee is null)
                return new Outcome(null, StatusCodes.Status422UnprocessableEntity,
                    "Nhập số tiền phí, lệ phí cán bộ xác định, khoản thu là phí hay lệ phí và căn cứ xác định.", "fee");
            // The acceptance audits the officer's amount; a case chosen later is a decision on the fee too, audited alike.
            if (fee.Source != FeeSource.Officer)
                await (await db.CommandAsync("""
                    INSERT INTO audit_log (at, user_id, action, subject, details)
                    VALUES ($1, $2, 'dossier.fee.officer', 'dossier:' || $3, jsonb_build_object('feeCase', $4, 'dueVnd', $5))
                    """, ct, now, (object?)officer.Actor.UserId ?? DBNull.Value, dossier.Code, feeCase ?? 0, fee.DueVnd)).ExecuteNonQueryAsync(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new Outcome(fee, StatusCodes.Status200OK);
        }
        catch (FieldProblemException e)
        {
            db.ChangeTracker.Clear();
            return new Outcome(null, StatusCodes.Status422UnprocessableEntity, e.Problem.Message, e.Problem.Field);
        }
    }

    // Why the fee cannot be fixed later now, or null: the online acceptance fixes it; a closed dossier owes nothing; a fee
    // placed is not changed here; money already received was received against what the dossier showed.
    private static async Task<string?> RefusalAsync(MotCuaDb db, Dossier dossier, CancellationToken ct)
    {
        if (dossier.Status == DossierStatus.Submitted) return "Hồ sơ nộp trực tuyến chưa được tiếp nhận: xác định phí, lệ phí khi tiếp nhận hồ sơ.";
        if (PaymentMatching.IsClosed(dossier)) return "Hồ sơ đã bị từ chối, rút hoặc dừng giải quyết: không thu phí, lệ phí.";
        var stored = await db.Database.SqlQuery<string>($"SELECT source AS \"Value\" FROM dossier_fees WHERE dossier_id = {dossier.Id}").ToListAsync(ct);
        if (stored is not ["unplaced"]) return "Phí, lệ phí của hồ sơ đã được xác định; không xác định lại.";
        var paid = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM payments
            WHERE dossier_id = {dossier.Id} OR request_id IN (SELECT id FROM payment_requests WHERE dossier_id = {dossier.Id})
            """).SingleAsync(ct);
        return paid > 0 ? "Hồ sơ đã có khoản tiền được ghi nhận: kế toán xử lý khoản tiền đó trước khi xác định phí, lệ phí." : null;
    }
}
