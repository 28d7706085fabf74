using System.Text.Json;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Receipts;

namespace MotCua.Web.Features.Payments;

/// <summary>A receipt after its cancellation: the number it keeps ("MC-26E-0000002", <see cref="ReceiptNumbering.Display"/>) and the reason printed on it.</summary>
public sealed record CancelledReceiptView(long Id, string FormNumber, string Series, string Number, DateTimeOffset CancelledAt, string CancelReason);

/// <summary>
/// The cancellation of an e-receipt issued in error (docs/FEES.md "Biên lai and the fee register"), the one path for
/// <c>POST /api/v1/receipts/{id}/cancel</c> and the form on /ke-toan: <see cref="ReceiptCancellation.Check"/> decides
/// (the accountant or leader of the collecting unit, not yet cancelled, a reason of 1–500 characters); one UPDATE guarded
/// by <c>cancelled_at IS NULL</c> (two at once: one wins, the other 409) and an audit row <c>receipt.cancel</c>, in one
/// transaction. Never a deletion: the row and its number stay, and the payment may then be given a replacement.
/// </summary>
public sealed class ReceiptCancellations(MotCuaDb db, TimeProvider clock)
{
    /// <summary>The outcome: the cancelled receipt, or the HTTP status (403, 404, 409, 422 with field <c>reason</c>) and message.</summary>
    public sealed record Outcome(CancelledReceiptView? View, int Status, string? Message = null, string? Field = null);

    private sealed record Row(int AgencyId, string FormNumber, string Series, int Number, bool Cancelled, string? DossierCode);

    /// <summary>Cancels receipt <paramref name="receiptId"/> as <paramref name="officer"/> with <paramref name="reason"/>.</summary>
    public async Task<Outcome> CancelAsync(long receiptId, string? reason, Officer? officer, CancellationToken ct)
    {
        // The role before any lookup: a clerk learns nothing about which receipt ids exist.
        if (officer is null || !ReceiptCancellation.MayCancel(officer.Role))
            return new(null, StatusCodes.Status403Forbidden, "Chỉ kế toán hoặc lãnh đạo của đơn vị thu được hủy biên lai.");
        Row? row = null;
        await using (var read = await db.CommandAsync("""
            SELECT r.agency_id, r.form_number, r.series, r.number, r.cancelled_at IS NOT NULL, d.code
            FROM receipts r JOIN payments p ON p.id = r.payment_id LEFT JOIN dossiers d ON d.id = p.dossier_id WHERE r.id = $1
            """, ct, receiptId))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct))
                row = new Row(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetBoolean(4), reader.IsDBNull(5) ? null : reader.GetString(5));
        if (row is null) return new(null, StatusCodes.Status404NotFound, $"Không tìm thấy biên lai {receiptId} hoặc bạn không có quyền với biên lai này.");
        var trimmed = reason?.Trim();
        if (ReceiptCancellation.Check(officer, row.AgencyId, row.Cancelled, trimmed) is { } refusal)
            return refusal.Refusal switch
            {
                ReceiptCancelRefusal.NotPermitted => new(null, StatusCodes.Status403Forbidden, refusal.Message),
                ReceiptCancelRefusal.OtherUnit => new(null, StatusCodes.Status404NotFound, refusal.Message),
                ReceiptCancelRefusal.AlreadyCancelled => new(null, StatusCodes.Status409Conflict, refusal.Message),
                _ => new(null, StatusCodes.Status422UnprocessableEntity, refusal.Message, "reason"),
            };

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await (await db.CommandAsync(
            "UPDATE receipts SET cancelled_at = $2, cancelled_by = $3, cancel_reason = $4 WHERE id = $1 AND cancelled_at IS NULL",
            ct, receiptId, now, officer.Actor.UserId, trimmed)).ExecuteNonQueryAsync(ct);
        if (changed == 0) return new(null, StatusCodes.Status409Conflict, "Biên lai đã bị hủy trước đó.");
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = officer.Actor.UserId, Action = "receipt.cancel", Subject = $"receipt:{receiptId}",
            Details = JsonSerializer.SerializeToDocument(new { row.FormNumber, row.Series, row.Number, row.DossierCode, Reason = trimmed }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(new CancelledReceiptView(receiptId, row.FormNumber, row.Series, ReceiptNumbering.Display(row.Series, row.Number), now, trimmed!), StatusCodes.Status200OK);
    }
}
