using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Payments;

/// <summary>A refund as the API takes it: <c>amountVnd</c> integer VND ≥ 1 (at most what is left of the payment),
/// <c>reason</c> (required, ≤ 480 characters), <c>method</c> cash | transfer, <c>refundedAt</c> ISO 8601 with offset
/// (default now; not before the money was received, not in the future).</summary>
public sealed record RefundRequest(long? AmountVnd, string? Reason, string? Method, DateTimeOffset? RefundedAt);

/// <summary>A refund recorded: its payment and dossier, amount (VND), method, reason, when handed back and recorded, by
/// whom, what is left to refund of the payment (VND), whether it emptied it, and the receipt it cancelled then
/// (<c>series-number</c>, null otherwise).</summary>
public sealed record RefundView(long Id, long PaymentId, string? DossierCode, long AmountVnd, string Method, string Reason,
    DateTimeOffset RefundedAt, DateTimeOffset RecordedAt, string? RefundedBy, long RefundableVnd, bool Full, string? CancelledReceipt);

/// <summary>A payment the accountant may have to refund (flagged and not accepted): what was paid, what is left (VND).</summary>
public sealed record RefundableView(long PaymentId, string? DossierCode, long AmountVnd, long RefundableVnd, string Method,
    DateTimeOffset PaidAt, string? Flag, string? FlagNote);

/// <summary>
/// Refunds (docs/FEES.md "### Refunds"), the one path for the API and /ke-toan. In one transaction: the dossier's
/// payment requests and then the payment locked (<c>FOR UPDATE</c>, the order every confirmation takes; the payment's
/// lock in a statement of its own), what was already refunded read in a later statement and
/// <see cref="PaymentRefunds.Decide"/> applied with the one refund rule (<see cref="PaymentRefunds.DueVnd"/>), so
/// refunds at once run in turn and never exceed the payment, with or without a dossier; the refund row; on a full refund the receipt cancelled with "Hoàn trả: …" (its
/// number kept), a request this payment settled marked <c>refunded</c>, and a flag still open resolved (not accepted,
/// noted "Hoàn trả: …"); an audit row <c>payment.refund</c>.
/// </summary>
public sealed class RefundService(MotCuaDb db, TimeProvider clock, ConfirmationService confirmation)
{
    /// <summary>The outcome: the refund, or the HTTP status (403, 404, 409, 422) with its message and field.</summary>
    public sealed record Outcome(RefundView? View, int Status, string? Message = null, string? Field = null)
    {
        /// <summary>Every field problem of the input, when it was refused before any lookup (422).</summary>
        public Dictionary<string, string[]>? Errors { get; init; }

        /// <summary>The answer as the API gives it.</summary>
        public IResult ToResult() => View is not null ? Results.Ok(View)
            : Errors is { } errors ? Problems.Validation(errors)
            : Field is { } field ? Problems.Field(field, Message!, Status)
            : Status == StatusCodes.Status403Forbidden ? Problems.Forbidden(Message!)
            : Status == StatusCodes.Status404NotFound ? Problems.NotFound(Message!)
            : Problems.Conflict(Message!);
    }

    /// <summary>Refunds <paramref name="input"/> of payment <paramref name="paymentId"/> as <paramref name="officer"/>.</summary>
    public async Task<Outcome> RefundAsync(long paymentId, RefundRequest input, Officer? officer, CancellationToken ct)
    {
        if (officer is not { Role: OfficerRole.Accountant })
            return new(null, StatusCodes.Status403Forbidden, "Chỉ kế toán của đơn vị đã thu mới hoàn trả được khoản tiền.");
        var now = clock.GetUtcNow();
        var asked = new RefundInput(input.AmountVnd, input.Reason, input.Method?.Trim(), input.RefundedAt);
        if (PaymentRefunds.Problems(asked, now) is { Count: > 0 } errors)
        {
            var first = errors.First();
            return new(null, StatusCodes.Status422UnprocessableEntity, first.Value[0], first.Key) { Errors = errors };
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dossierId = await ScalarAsync("SELECT dossier_id FROM payments WHERE id = $1", ct, paymentId);
        if (dossierId is not DBNull and not null)
            await (await db.CommandAsync("SELECT id FROM payment_requests WHERE dossier_id = $1 ORDER BY id FOR UPDATE", ct, dossierId)).ExecuteNonQueryAsync(ct);
        // Fresh trial fees38a, HIGH 1: the payment's row is locked in a statement of its own, and what it holds and what
        // was refunded of it are read in new statements after the lock is granted. Read in the locking statement (a
        // subquery), the refunded sum came from that statement's snapshot, taken before it waited for the lock (READ
        // COMMITTED re-checks only the locked row): four refunds at once of an unmatched 6,000 handed back 6,003.
        if (await ScalarAsync("SELECT id FROM payments WHERE id = $1 FOR UPDATE", ct, paymentId) is null)
            return new(null, StatusCodes.Status404NotFound, $"Không có khoản tiền số {paymentId} của đơn vị bạn.");
        RefundablePayment payment;
        long? requestId;
        int? agencyId, heldBy;
        string? dossierCode;
        await using (var read = await db.CommandAsync($$"""
            SELECT p.amount_vnd, p.paid_at, p.request_id, d.receiving_agency_id, d.code, p.flag IS NULL OR p.flag_accepted IS TRUE,
                   (SELECT coalesce(sum(f.amount_vnd), 0) FROM payment_refunds f WHERE f.payment_id = p.id),
                   {{ConfirmationService.KeptSql}}, p.held_by
            FROM payments p LEFT JOIN dossiers d ON d.id = p.dossier_id
            WHERE p.id = $1
            """, ct, paymentId))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return new(null, StatusCodes.Status404NotFound, $"Không có khoản tiền số {paymentId} của đơn vị bạn.");
            // An accepted overpayment keeps its receipted fee (ReceiptContent.ItemsFor): only the excess is refundable.
            payment = new RefundablePayment(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(6), reader.GetBoolean(5), reader.GetInt64(7));
            requestId = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            agencyId = reader.IsDBNull(3) ? null : reader.GetInt32(3);
            dossierCode = reader.IsDBNull(4) ? null : reader.GetString(4);
            heldBy = reader.IsDBNull(8) ? null : reader.GetInt32(8);
        }
        // The one refund rule (PaymentRefunds.DueVnd): what the payment paid of what was due is held while its dossier is
        // processed or decided, and refundable once it ended undecided (refused, withdrawn, stopped).
        if (dossierId is long id)
            payment = payment with { Dossier = PaymentRefunds.DossierOf(await db.Dossiers.AsNoTracking().SingleAsync(d => d.Id == id, ct)) };
        if (!ConfirmationService.MayReach(officer, agencyId, heldBy)) return new(null, StatusCodes.Status404NotFound, $"Không có khoản tiền số {paymentId} của đơn vị bạn.");
        // Money another unit's account holds is that unit's to hand back (trial14u MEDIUM 5): the dossier's unit never received it.
        if (heldBy is not null && await confirmation.HeldElsewhereRefusalAsync(paymentId, officer, false, ct) is { } held)
            return new(null, StatusCodes.Status409Conflict, held);
        var refundedAt = input.RefundedAt ?? now;
        // The same refund sent again (a double click, the form submitted twice, a client's retry; three at once in the
        // fresh trial fees37 made three refunds): the same payment, amount, method and accountant within the resend
        // window answers the refund already recorded, as a confirmation sent again does (PaymentRefunds.ResendWindow).
        // Decided under the payment's row lock taken above, so refunds sent at once run in turn and see the first.
        if (await ScalarAsync("""
                SELECT id FROM payment_refunds WHERE payment_id = $1 AND amount_vnd = $2 AND method = $3 AND refunded_by = $4
                    AND recorded_at >= $5 AND (refunded_at = $6 OR NOT $7)
                ORDER BY id LIMIT 1
                """, ct, paymentId, asked.AmountVnd!.Value, asked.Method, officer.Actor.UserId,
                now - PaymentRefunds.ResendWindow(input.RefundedAt is not null), refundedAt.ToUniversalTime(), input.RefundedAt is not null) is long sent)
        {
            await transaction.CommitAsync(ct);
            return new((await ViewsAsync("f.id = $1", ct, sent)).Single(), StatusCodes.Status200OK);
        }
        var (decision, conflict, problem) = PaymentRefunds.Decide(payment, asked.AmountVnd!.Value, refundedAt);
        if (conflict is not null) return new(null, StatusCodes.Status409Conflict, conflict);
        if (problem is not null) return new(null, StatusCodes.Status422UnprocessableEntity, problem.Message, problem.Field);

        var reason = asked.Reason!.Trim();
        // The excess of an accepted overpayment was never receipted: its refund is booked against no receipt.
        var receipt = decision!.OfExcess ? null : await ScalarAsync("SELECT id FROM receipts WHERE payment_id = $1 AND cancelled_at IS NULL", ct, paymentId);
        var refundId = (long)(await ScalarAsync("""
            INSERT INTO payment_refunds (payment_id, amount_vnd, method, reason, refunded_at, recorded_at, refunded_by, receipt_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
            """, ct, paymentId, decision.AmountVnd, asked.Method, reason, refundedAt.ToUniversalTime(), now, officer.Actor.UserId, receipt))!;
        string? cancelled = null;
        if (decision.Full)
        {
            await using (var cancel = await db.CommandAsync("""
                UPDATE receipts SET cancelled_at = $2, cancelled_by = $3, cancel_reason = $4
                WHERE payment_id = $1 AND cancelled_at IS NULL RETURNING series, number
                """, ct, paymentId, now, officer.Actor.UserId, PaymentRefunds.ReceiptCancelReason(reason)))
            await using (var reader = await cancel.ExecuteReaderAsync(ct))
                if (await reader.ReadAsync(ct)) cancelled = $"{reader.GetString(0)}-{ReceiptNumbering.Printed(reader.GetInt32(1))}";
            // A flag still open is handled by handing the money back: resolved, not accepted, the refund as its note.
            await (await db.CommandAsync("""
                UPDATE payments SET flag_resolved_at = $2, flag_resolved_by = $3, flag_note = $4, flag_accepted = false
                WHERE id = $1 AND flag IS NOT NULL AND flag_resolved_at IS NULL
                """, ct, paymentId, now, officer.Actor.UserId, PaymentRefunds.ReceiptCancelReason(reason))).ExecuteNonQueryAsync(ct);
            // Only the payment that settled its request made it paid; refunding a duplicate leaves the request paid.
            // Money that settled several requests (settled_by) made each of them paid.
            if (payment.Settled && requestId is { } request)
                await (await db.CommandAsync("UPDATE payment_requests SET status = 'refunded' WHERE (id = $1 OR settled_by = $2) AND status = 'paid'", ct, request, paymentId))
                    .ExecuteNonQueryAsync(ct);
        }
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = officer.Actor.UserId, Action = "payment.refund", Subject = $"payment:{paymentId}",
            Details = JsonSerializer.SerializeToDocument(new { RefundId = refundId, DossierCode = dossierCode, decision.AmountVnd, asked.Method, Reason = reason, CancelledReceipt = cancelled }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new((await ViewsAsync("f.id = $1", ct, refundId)).Single() with { Full = decision.Full, CancelledReceipt = cancelled }, StatusCodes.Status200OK);
    }

    /// <summary>The refunds of the payments of <paramref name="agencyId"/>'s dossiers and of unmatched payments, newest first
    /// (at most 100); money another unit's account held is listed with that unit, which refunded it (fees40b).</summary>
    public Task<List<RefundView>> RefundsAsync(int agencyId, CancellationToken ct) =>
        ViewsAsync("(d.id IS NULL OR coalesce(p.held_by, d.receiving_agency_id) = $1) ORDER BY f.id DESC LIMIT 100", ct, agencyId);

    /// <summary>The flagged payments not accepted with something left to refund, and the accepted overpayments whose excess
    /// (what was paid beyond what the requests it settled still owed, <see cref="ConfirmationService.SettledOwedSql"/>) is not yet handed
    /// back, of <paramref name="agencyId"/>'s dossiers (less the money another unit's account holds, and plus another unit's
    /// dossiers' money credited to this unit's account: fees40b) and the unmatched ones, oldest first: what /ke-toan lists as
    /// "Khoản tiền cần hoàn trả". For an accepted overpayment the amount left is the excess less its refunds.</summary>
    public async Task<List<RefundableView>> RefundablesAsync(int agencyId, CancellationToken ct)
    {
        var list = new List<RefundableView>();
        await using var command = await db.CommandAsync($$"""
            SELECT p.id, d.code, p.amount_vnd, x.owed - x.refunded, p.method, p.paid_at, p.flag, p.flag_note
            FROM payments p LEFT JOIN dossiers d ON d.id = p.dossier_id
            CROSS JOIN LATERAL (SELECT
                p.amount_vnd - {{ConfirmationService.KeptSql}} AS owed,
                coalesce((SELECT sum(f.amount_vnd) FROM payment_refunds f WHERE f.payment_id = p.id), 0) AS refunded) x
            WHERE p.flag IS NOT NULL AND (p.flag_accepted IS NOT TRUE OR p.flag = 'overpaid') AND (d.id IS NULL OR coalesce(p.held_by, d.receiving_agency_id) = $1)
              AND x.owed > x.refunded
            ORDER BY p.id
            """, ct, agencyId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new RefundableView(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        return list;
    }

    private async Task<List<RefundView>> ViewsAsync(string where, CancellationToken ct, params object?[] parameters)
    {
        await using var command = await db.CommandAsync($"""
            SELECT f.id, f.payment_id, d.code, f.amount_vnd, f.method, f.reason, f.refunded_at, f.recorded_at, u.full_name,
                   p.amount_vnd - (SELECT sum(g.amount_vnd) FROM payment_refunds g WHERE g.payment_id = f.payment_id AND g.id <= f.id),
                   r.series, r.number, r.cancel_reason LIKE 'Hoàn trả: %' AND r.cancelled_at IS NOT NULL,
                   {ConfirmationService.KeptSql}, p.dossier_id
            FROM payment_refunds f JOIN payments p ON p.id = f.payment_id LEFT JOIN dossiers d ON d.id = p.dossier_id
            LEFT JOIN users u ON u.id = f.refunded_by LEFT JOIN receipts r ON r.id = f.receipt_id
            WHERE {where}
            """, ct, parameters);
        var rows = new List<(RefundView View, long Kept, long? DossierId)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((new RefundView(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3),
                    reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetInt64(9), false,
                    !reader.IsDBNull(10) && !reader.IsDBNull(12) && reader.GetBoolean(12) ? $"{reader.GetString(10)}-{ReceiptNumbering.Printed(reader.GetInt32(11))}" : null),
                    reader.GetInt64(13), reader.IsDBNull(14) ? null : reader.GetInt64(14)));
        // What is left counts the fee an accepted overpayment kept only while its dossier may still owe it
        // (PaymentRefunds.DueVnd): an excess refunded before the dossier closed no longer reads "nothing left".
        var kept = rows.Where(r => r.Kept > 0 && r.DossierId is not null).Select(r => r.DossierId!.Value).Distinct().ToList();
        var closed = (await db.Dossiers.AsNoTracking().Where(d => kept.Contains(d.Id)).ToListAsync(ct)).Where(PaymentMatching.IsClosed).Select(d => d.Id).ToHashSet();
        return [.. rows.Select(r =>
        {
            var left = Math.Max(0, r.View.RefundableVnd - (r.DossierId is { } id && closed.Contains(id) ? 0 : r.Kept));
            return r.View with { RefundableVnd = left, Full = left == 0, CancelledReceipt = left == 0 ? r.View.CancelledReceipt : null };
        })];
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = await db.CommandAsync(sql, ct, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}
