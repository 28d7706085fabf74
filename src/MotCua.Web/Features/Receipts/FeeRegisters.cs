using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Receipts;

/// <summary>The fee register as the API answers it: the unit and the register the Domain computed.</summary>
public sealed record FeeRegisterView(string AgencyCode, string AgencyName, FeeRegister Register);

/// <summary>
/// Reads a unit's fee register for a period (SQL over receipts, payments and payment_requests) and decides who may:
/// the unit's accountant or leader for their own unit, the inspector for every unit (<see cref="FeeRegister.MayReadUnit"/>).
/// </summary>
public static class FeeRegisters
{
    private sealed record EntryRow(long ReceiptId, DateTimeOffset IssuedAt, DateTimeOffset PaidAt, string FormNumber, string Series, int Number, string PayerName,
        string DossierCode, string Items, long AmountVnd, string Method, DateTimeOffset? CancelledAt, string? CancelReason,
        string? ReplacesSeries, int? ReplacesNumber, bool? ReplacedKeptItsDay);

    private sealed record RefundRow(long RefundId, DateTimeOffset RecordedAt, DateTimeOffset RefundedAt, long PaymentId, string? DossierCode, string? Series, int? Number,
        long AmountVnd, string Method, string Reason, bool OfReceipt, long PaymentExcessVnd, long RefundedBeforeVnd);

    private sealed record CashInRow(long PaymentId, DateTimeOffset RecordedAt, long AmountVnd);

    /// <summary>What the caller asked, resolved: the unit and the period, or the problem to answer (403, 404, 422 naming the field).</summary>
    public sealed record Resolved(Agency? Agency, DateOnly From, DateOnly To, IResult? Problem);

    /// <summary>
    /// The unit (<paramref name="agencyCode"/>, default the officer's own) and the period (<paramref name="from"/> and
    /// <paramref name="to"/> as yyyy-MM-dd, Vietnam dates, read by <see cref="FeeRegister.ReadDate"/>; default
    /// the current month up to today).
    /// </summary>
    public static async Task<Resolved> ResolveAsync(MotCuaDb db, ClaimsPrincipal user, string? agencyCode, string? from, string? to, TimeProvider clock, CancellationToken ct)
    {
        var today = VietnamTime.DateOf(clock.GetUtcNow());
        if (Claims.OfficerOf(user) is not { } officer || !FeeRegister.MayRead(officer.Role) || officer.AgencyId is null && officer.Role != Domain.Dossiers.OfficerRole.Inspector)
            return new(null, today, today, Problems.Forbidden("Chỉ kế toán, lãnh đạo của đơn vị hoặc thanh tra được xem sổ theo dõi thu phí, lệ phí."));
        var (first, fromError) = FeeRegister.ReadDate(from, "Ngày đầu kỳ", new DateOnly(today.Year, today.Month, 1), isoOnly: true);
        var (last, toError) = FeeRegister.ReadDate(to, "Ngày cuối kỳ", today, isoOnly: true);
        if (fromError is not null || toError is not null)
        {
            var errors = new Dictionary<string, string[]>();
            if (fromError is not null) errors["from"] = [fromError];
            if (toError is not null) errors["to"] = [toError];
            return new(null, today, today, Problems.Validation(errors));
        }
        var (start, end) = (first!.Value, last!.Value);
        if (FeeRegister.PeriodProblem(start, end, today) is { } period)
            return new(null, start, end, Problems.Field(period.Field, period.Message));
        // The inspector has no unit of their own to default to: they name the unit whose register they check.
        if (string.IsNullOrWhiteSpace(agencyCode) && officer.AgencyId is null)
            return new(null, start, end, Problems.Field("agency", "Chọn đơn vị cần xem sổ theo dõi thu phí, lệ phí."));
        var agency = string.IsNullOrWhiteSpace(agencyCode)
            ? await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == officer.AgencyId, ct)
            : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode.Trim(), ct);
        return agency is null || !FeeRegister.MayReadUnit(officer.Role, officer.AgencyId, agency.Id)
            ? new(null, start, end, Problems.NotFound("Không tìm thấy đơn vị hoặc bạn không được xem sổ thu phí của đơn vị này."))
            : new(agency, start, end, null);
    }

    /// <summary>
    /// The register of <paramref name="agencyId"/> for [<paramref name="from"/>, <paramref name="to"/>]: its receipts issued in
    /// the period (by the receipt's instant of issue, Vietnam date, the payment's paid date beside it:
    /// <see cref="FeeRegisterEntry.DateRule"/>), the refunds recorded in it (of its dossiers' payments, and of unmatched
    /// payments its accountants refunded), the cash payments recorded in it, receipted or not (<see cref="FeeRegisterCashIn"/>:
    /// the drawer's cash in), and the payment requests raised in it for the dossiers it received, each in
    /// the state it had at the period's end (a levy's marked, so the reconciliation keeps it apart:
    /// <see cref="FeeReconciliation"/>). Nothing done after a day changes that day's entries, totals or handover, nor
    /// (once the period is past) the reconciliation.
    /// </summary>
    public static async Task<FeeRegister> BuildAsync(MotCuaDb db, int agencyId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // Npgsql writes timestamptz parameters in UTC only.
        var start = VietnamTime.At(from, TimeOnly.MinValue).ToUniversalTime();
        var end = VietnamTime.At(to.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var rows = await db.Database.SqlQuery<EntryRow>($"""
            SELECT r.id AS "ReceiptId", r.issued_at AS "IssuedAt", p.paid_at AS "PaidAt", r.form_number AS "FormNumber", r.series AS "Series", r.number AS "Number",
                   r.payer_name AS "PayerName", d.code AS "DossierCode", r.items::text AS "Items", r.amount_vnd AS "AmountVnd",
                   p.method AS "Method",
                   -- As at the period's end: a cancellation after it is not yet one, so a past period prints the same.
                   CASE WHEN r.cancelled_at < {end} THEN r.cancelled_at END AS "CancelledAt",
                   CASE WHEN r.cancelled_at < {end} THEN r.cancel_reason END AS "CancelReason",
                   o.series AS "ReplacesSeries", o.number AS "ReplacesNumber", o.kept_its_day AS "ReplacedKeptItsDay"
            FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id
            -- The receipt of the same payment cancelled for an error that this one replaces (the last before it, as the
            -- receipt prints it); one cancelled on a later day than it was issued keeps the money on its day: this one,
            -- issued in its place, is then listed but not counted again (FeeRegisterEntry.Counted).
            LEFT JOIN LATERAL (SELECT o.series, o.number,
                                      (o.cancelled_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > (o.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS kept_its_day
                               FROM receipts o
                               WHERE o.payment_id = r.payment_id AND o.id < r.id AND o.cancelled_at IS NOT NULL
                                 AND o.cancel_reason NOT LIKE {PaymentRefunds.ReceiptReasonPrefix + "%"}
                               ORDER BY o.id DESC LIMIT 1) o ON true
            WHERE r.agency_id = {agencyId} AND r.issued_at >= {start} AND r.issued_at < {end}
            """).ToListAsync(ct);
        var requests = await db.Database.SqlQuery<FeeRegisterRequest>($"""
            -- The request as it stood at the period's end: paid once the money that settled it was recognised (an exact
            -- payment when recorded, a flagged one when accepted), refunded once its last refund was recorded, cancelled
            -- once cancelled; so a period already past reconciles the same whenever it is printed. The money of a request is
            -- its own payments' and the one that settled it with another request (settled_by; sixteenth trial, MEDIUM 2).
            SELECT pr.amount_vnd AS "AmountVnd",
                   CASE WHEN pr.status = 'cancelled' AND pr.cancelled_at < {end} THEN 'cancelled'
                        WHEN pr.status = 'paidElsewhere' AND pr.recorded_paid_at < {end} THEN 'paidElsewhere'
                        WHEN pr.status IN ('paid', 'refunded') AND (
                             SELECT max(CASE WHEN p.flag IS NULL THEN p.recorded_at WHEN p.flag_accepted THEN p.flag_resolved_at END)
                             FROM payments p WHERE p.request_id = pr.id OR p.id = pr.settled_by) < {end}
                        THEN CASE WHEN pr.status = 'refunded' AND (
                                  SELECT max(f.recorded_at) FROM payment_refunds f JOIN payments p ON p.id = f.payment_id
                                  WHERE p.request_id = pr.id OR p.id = pr.settled_by) < {end}
                                  THEN 'refunded' ELSE 'paid' END
                        ELSE 'open' END AS "Status",
                   EXISTS (SELECT 1 FROM jsonb_array_elements(pr.items) i WHERE i ->> 'kind' = {ObligationKinds.Levy}) AS "IsLevy",
                   -- Of a request paid elsewhere, the parts the unit collected before the record (accepted underpayments).
                   CASE WHEN pr.status = 'paidElsewhere' AND pr.recorded_paid_at < {end} THEN coalesce((SELECT sum(q.amount_vnd) FROM payments q
                        WHERE q.request_id = pr.id AND q.flag = 'underpaid' AND q.flag_accepted AND q.flag_resolved_at < {end}), 0) ELSE 0 END::bigint AS "CollectedVnd"
            FROM payment_requests pr JOIN dossiers d ON d.id = pr.dossier_id
            WHERE d.receiving_agency_id = {agencyId} AND pr.created_at >= {start} AND pr.created_at < {end}
            """).ToListAsync(ct);
        var refunds = await db.Database.SqlQuery<RefundRow>($"""
            SELECT f.id AS "RefundId", f.recorded_at AS "RecordedAt", f.refunded_at AS "RefundedAt", f.payment_id AS "PaymentId", d.code AS "DossierCode",
                   coalesce(r.series, k.series) AS "Series", coalesce(r.number, k.number) AS "Number", f.amount_vnd AS "AmountVnd",
                   f.method AS "Method", f.reason AS "Reason", f.receipt_id IS NOT NULL AS "OfReceipt",
                   -- What the receipt booked never covered of its payment (an accepted overpayment's excess) and what the
                   -- payment's earlier refunds gave back: FeeRegisterRefund.ExcessPart splits the refund with them.
                   coalesce(p.amount_vnd - r.amount_vnd, 0)::bigint AS "PaymentExcessVnd",
                   coalesce((SELECT sum(g.amount_vnd) FROM payment_refunds g WHERE g.payment_id = f.payment_id AND g.id < f.id), 0)::bigint AS "RefundedBeforeVnd"
            FROM payment_refunds f JOIN payments p ON p.id = f.payment_id LEFT JOIN dossiers d ON d.id = p.dossier_id
            LEFT JOIN receipts r ON r.id = f.receipt_id JOIN users u ON u.id = f.refunded_by
            -- Twelfth trial, rest: a refund booked against no receipt (the excess of an accepted overpayment) still names the
            -- receipt of the payment it refunds, the one in force, else the last one issued (FeeRegisterRefund.ReceiptNumber).
            LEFT JOIN LATERAL (SELECT k.series, k.number FROM receipts k WHERE k.payment_id = f.payment_id
                               ORDER BY k.cancelled_at IS NULL DESC, k.id DESC LIMIT 1) k ON true
            -- Money a partner credited to another unit's account for this unit's dossier is that unit's refund (held_by, fees40b).
            WHERE (coalesce(p.held_by, d.receiving_agency_id) = {agencyId} OR p.dossier_id IS NULL AND u.agency_id = {agencyId})
              AND f.recorded_at >= {start} AND f.recorded_at < {end}
            """).ToListAsync(ct);
        var cashIn = await db.Database.SqlQuery<CashInRow>($"""
            -- Every cash payment recorded in the period is cash in the drawer that day, receipted or not (brief fees38b). The
            -- unit's: a payment with a receipt, the unit whose receipt it is (the register's entries); without one, the
            -- unit that received its dossier, or for money of no dossier, the unit of the accountant who recorded it.
            SELECT p.id AS "PaymentId", p.recorded_at AS "RecordedAt", p.amount_vnd AS "AmountVnd"
            FROM payments p LEFT JOIN dossiers d ON d.id = p.dossier_id LEFT JOIN users u ON u.id = p.confirmed_by
            WHERE p.method = {FeeRegister.Cash} AND p.recorded_at >= {start} AND p.recorded_at < {end}
              AND CASE WHEN EXISTS (SELECT 1 FROM receipts k WHERE k.payment_id = p.id)
                       THEN EXISTS (SELECT 1 FROM receipts k WHERE k.payment_id = p.id AND k.agency_id = {agencyId})
                       ELSE d.receiving_agency_id = {agencyId} OR p.dossier_id IS NULL AND u.agency_id = {agencyId} END
            """).ToListAsync(ct);
        var entries = rows.Select(r =>
        {
            var items = IssuedReceipts.ItemsOf(r.Items);
            // Only the kind "charge" is lệ phí; the rest of a receipt is phí or, for a financial obligation, the levy
            // itself (counted with phí in the register's two columns as the form has them).
            return new FeeRegisterEntry(r.ReceiptId, VietnamTime.DateOf(r.IssuedAt), r.FormNumber, r.Series, r.Number, r.PayerName, r.DossierCode,
                items.Where(i => i.Kind != "charge").Sum(i => i.AmountVnd), items.Where(i => i.Kind == "charge").Sum(i => i.AmountVnd),
                r.AmountVnd, r.Method, r.CancelledAt is not null, r.CancelReason,
                Refunded: r.CancelledAt is not null && r.CancelReason?.StartsWith(PaymentRefunds.ReceiptReasonPrefix, StringComparison.Ordinal) == true,
                PaidDate: VietnamTime.DateOf(r.PaidAt), CancelledOn: r.CancelledAt is { } cancelled ? VietnamTime.DateOf(cancelled) : null,
                Replaces: r.ReplacesSeries is null ? null : ReceiptNumbering.Display(r.ReplacesSeries, r.ReplacesNumber!.Value),
                ReplacedKeptItsDay: r.ReplacedKeptItsDay ?? false);
        });
        return FeeRegister.Build(from, to, entries, requests, refunds.Select(f => new FeeRegisterRefund(f.RefundId, VietnamTime.DateOf(f.RecordedAt),
            f.PaymentId, f.DossierCode, f.Series is null ? null : $"{f.Series}-{ReceiptNumbering.Printed(f.Number!.Value)}", f.AmountVnd, f.Method, f.Reason,
            f.OfReceipt, VietnamTime.DateOf(f.RefundedAt), FeeRegisterRefund.ExcessPart(f.AmountVnd, f.PaymentExcessVnd, f.RefundedBeforeVnd))),
            cashIn.Select(c => new FeeRegisterCashIn(c.PaymentId, VietnamTime.DateOf(c.RecordedAt), c.AmountVnd)));
    }
}
