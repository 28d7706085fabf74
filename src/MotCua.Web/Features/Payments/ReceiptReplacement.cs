using System.Text.Json;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Shared;

namespace MotCua.Web.Features.Payments;

/// <summary>The replacement receipt issued: its id, number as printed ("MC-26E-0000003"), the payment and dossier, and the
/// cancelled receipt it replaces (same display), and <see cref="ReplacesLine"/>, the line the receipt prints of it
/// ("Thay thế cho biên lai số MC-26E-0000001 ngày 14/11/2025", <see cref="ReceiptCancellation.ReplacesLine"/>).</summary>
public sealed record ReplacementView(long ReceiptId, string ReceiptNumber, string ReceiptPdf, long PaymentId, string DossierCode, string Replaces, string ReplacesLine);

/// <summary>A receipt cancelled for an error whose payment has no valid receipt yet: what /ke-toan lists under "Biên lai
/// đã hủy chờ lập lại", with the payer the cancelled receipt printed (the form offers it for correction).</summary>
public sealed record AwaitingReplacementView(long PaymentId, string DossierCode, long AmountVnd, string CancelledNumber, DateTimeOffset CancelledAt, string CancelReason,
    string PayerName);

/// <summary>
/// The replacement of a receipt cancelled for an error (docs/FEES.md "### Replacement receipts"):
/// <c>POST /api/v1/payments/{id}/receipt</c> and the button on /ke-toan. The accountant or the leader of the collecting
/// unit (<see cref="ReceiptCancellation.Check"/>'s roles); the rule is <see cref="ReceiptCancellation.ReplacementRefusal"/>.
/// In one transaction: the payment row locked (two replacements at once: one receipt), the next number of the unit's
/// series by <see cref="IPaymentReceipts.IssueAsync"/>, an audit row <c>receipt.replace</c>.
/// </summary>
public sealed class ReceiptReplacement(MotCuaDb db, IPaymentReceipts receipts, TimeProvider clock)
{
    /// <summary>The outcome: the new receipt, or the HTTP status (403, 404, 409, 422 with <see cref="Field"/>) with its Vietnamese message.</summary>
    public sealed record Outcome(ReplacementView? View, int Status, string? Message = null, string? Field = null)
    {
        /// <summary>The answer as the API gives it.</summary>
        public IResult ToResult() => View is not null ? Results.Ok(View) : Field is { } field ? Problems.Field(field, Message!) : Status switch
        {
            StatusCodes.Status403Forbidden => Problems.Forbidden(Message!),
            StatusCodes.Status404NotFound => Problems.NotFound(Message!),
            _ => Problems.Conflict(Message!),
        };
    }

    /// <summary>Issues the replacement receipt of payment <paramref name="paymentId"/> for <paramref name="officer"/>, printing
    /// <paramref name="payerName"/> when given (the corrected payer, <see cref="ReceiptCancellation.ReplacementPayer"/>: 422
    /// naming <c>payerName</c> when wrong, nothing written), else the payer the payment has.</summary>
    public async Task<Outcome> ReplaceAsync(long paymentId, Officer officer, CancellationToken ct, string? payerName = null)
    {
        ArgumentNullException.ThrowIfNull(officer);
        if (!ReceiptCancellation.MayCancel(officer.Role))
            return new(null, StatusCodes.Status403Forbidden, "Chỉ kế toán hoặc lãnh đạo của đơn vị thu được lập biên lai thay thế.");
        var (payer, payerProblem) = ReceiptCancellation.ReplacementPayer(payerName);
        if (payerProblem is not null) return new(null, StatusCodes.Status422UnprocessableEntity, payerProblem.Message, payerProblem.Field);
        var notFound = new Outcome(null, StatusCodes.Status404NotFound, $"Không có khoản tiền số {paymentId} của đơn vị bạn.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        string? code = null;
        await using (var locked = await db.CommandAsync("""
            SELECT d.code, d.receiving_agency_id FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE p.id = $1 FOR UPDATE OF p
            """, ct, paymentId))
        await using (var reader = await locked.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct) || reader.GetInt32(1) != officer.AgencyId) return notFound;
            code = reader.GetString(0);
        }
        bool? cancelled = null;
        string? reason = null, replaces = null, replacesLine = null;
        await using (var latest = await db.CommandAsync(
            "SELECT cancelled_at IS NOT NULL, cancel_reason, series, number, issued_at FROM receipts WHERE payment_id = $1 ORDER BY id DESC LIMIT 1", ct, paymentId))
        await using (var reader = await latest.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct))
            {
                (cancelled, reason, replaces) = (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetString(1), ReceiptNumbering.Display(reader.GetString(2), reader.GetInt32(3)));
                replacesLine = ReceiptCancellation.ReplacesLine(reader.GetString(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4));
            }
        if (ReceiptCancellation.ReplacementRefusal(cancelled, reason) is { } refusal) return new(null, StatusCodes.Status409Conflict, refusal);
        var receiptId = await receipts.IssueAsync(db, paymentId, officer.Actor.UserId, ct, payer);
        string number;
        await using (var read = await db.CommandAsync("SELECT series, number FROM receipts WHERE id = $1", ct, receiptId))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            number = ReceiptNumbering.Display(reader.GetString(0), reader.GetInt32(1));
        }
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = officer.Actor.UserId, Action = "receipt.replace", Subject = $"receipt:{receiptId}",
            Details = JsonSerializer.SerializeToDocument(new { PaymentId = paymentId, DossierCode = code, Number = number, Replaces = replaces, CorrectedPayer = payer is not null }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(new ReplacementView(receiptId, number, $"/api/v1/receipts/{receiptId}.pdf", paymentId, code!, replaces!, replacesLine!), StatusCodes.Status200OK);
    }

    /// <summary>The payments of <paramref name="agencyId"/>'s dossiers whose latest receipt was cancelled for an error (not by
    /// a refund) and not yet replaced, oldest first.</summary>
    public async Task<List<AwaitingReplacementView>> AwaitingAsync(int agencyId, CancellationToken ct)
    {
        var list = new List<AwaitingReplacementView>();
        await using var command = await db.CommandAsync("""
            SELECT p.id, d.code, p.amount_vnd, r.series, r.number, r.cancelled_at, r.cancel_reason, r.payer_name
            FROM payments p JOIN dossiers d ON d.id = p.dossier_id
            JOIN LATERAL (SELECT * FROM receipts x WHERE x.payment_id = p.id ORDER BY x.id DESC LIMIT 1) r ON true
            WHERE d.receiving_agency_id = $1 AND r.cancelled_at IS NOT NULL AND r.cancel_reason NOT LIKE $2 || '%'
            ORDER BY p.id
            """, ct, agencyId, Domain.Payments.PaymentRefunds.ReceiptReasonPrefix);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new AwaitingReplacementView(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2),
                ReceiptNumbering.Display(reader.GetString(3), reader.GetInt32(4)), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetString(7)));
        return list;
    }
}
