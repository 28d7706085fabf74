using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;

namespace MotCua.Web.Features.Payments;

/// <summary>
/// The one write that closes a dossier's open payment requests when a change ends it undecided (refused, withdrawn or
/// stopped; the Domain decides: <see cref="PaymentRequests.ClosingReason"/>), called in the change's own transaction by
/// every path that ends a dossier: the desk's page and the officer's API (<c>DossierProcessing</c>) and the citizen's API
/// and page (<c>CitizenDossierActions</c>). Closed, a request shows no QR (/tra-cuu, the citizen's page), /ke-toan does
/// not list it and the fee register does not count it owed; money arriving later is flagged <c>dossierClosed</c>.
/// </summary>
public static class RequestClosing
{
    /// <summary>Cancels every open request of <paramref name="dossier"/> at <paramref name="now"/> with the Domain's reason
    /// when this change ended it (<paramref name="wasClosed"/>: whether it had ended before the change); nothing otherwise.
    /// Run before the dossier's own save, in the same transaction: the requests are locked before the dossier's row, the
    /// order every payment confirmation takes.</summary>
    public static async Task CloseWithDossierAsync(MotCuaDb db, Dossier dossier, bool wasClosed, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (PaymentRequests.ClosingReason(wasClosed, dossier) is not { } reason) return;
        await (await db.CommandAsync(
            "UPDATE payment_requests SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 WHERE dossier_id = $1 AND status = 'open'",
            ct, dossier.Id, now, reason)).ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The officer's <c>payment-received</c> record (brief fees39): the open requests the pause that began at
    /// <paramref name="pauseFrom"/> raised itself (<see cref="PaymentRequestReasons.RecordedPaidElsewhere"/>) become
    /// <see cref="PaymentRequests.PaidElsewhere"/> with the paid instant recorded (<paramref name="paidAt"/>, the pause's
    /// end) and the recording officer (<paramref name="recordedBy"/>): no QR on any surface, not listed on /ke-toan, not
    /// owed in the register; a bank's callback for one later is flagged for the accountant. In the action's transaction,
    /// before the dossier's save (the requests' locks first, as the confirmations take them).
    /// </summary>
    public static async Task RecordPaidElsewhereAsync(MotCuaDb db, long dossierId, DateTimeOffset pauseFrom, DateTimeOffset paidAt, int? recordedBy,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = new List<ObligationRequest>();
        await using (var read = await db.CommandAsync(
            "SELECT reason, created_at, id FROM payment_requests WHERE dossier_id = $1 AND status = 'open' ORDER BY id FOR UPDATE", ct, dossierId))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                open.Add(new ObligationRequest(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), null, reader.GetInt64(2)));
        var own = PaymentRequestReasons.RecordedPaidElsewhere(pauseFrom, open).ToArray();
        if (own.Length == 0) return;
        await (await db.CommandAsync(
            "UPDATE payment_requests SET status = 'paidElsewhere', recorded_paid_at = $2, recorded_paid_by = $3 WHERE id = ANY($1) AND status = 'open'",
            ct, own, paidAt.ToUniversalTime(), recordedBy)).ExecuteNonQueryAsync(ct);
    }
}
