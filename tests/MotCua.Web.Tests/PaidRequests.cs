using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Web.Features.Shared;

namespace MotCua.Web.Tests;

/// <summary>
/// Money already received, written by SQL per migration 0032's contract (a paid request and its payment), and its
/// receipt issued by the real <see cref="IPaymentReceipts"/>: the one helper the receipt and register tests use instead
/// of each keeping its own copy.
/// </summary>
public static class PaidRequests
{
    /// <summary>A paid intake request of <paramref name="amountVnd"/> for dossier <paramref name="dossierId"/> with
    /// <paramref name="itemsJson"/> (null: no items) and its payment by <paramref name="method"/> from
    /// <paramref name="payerName"/>, both at <paramref name="at"/> (an SQL expression, default <c>now()</c>); the payment's id.</summary>
    public static async Task<long> InsertAsync(this MotCuaApp app, long dossierId, long amountVnd, string? itemsJson, string purpose, string method,
        string? payerName, string at = "now()")
    {
        var request = await app.ScalarAsync($"""
            INSERT INTO payment_requests (dossier_id, reason, amount_vnd, items, purpose, status, created_at, paid_at)
            VALUES ({dossierId}, 'intake', {amountVnd}, {(itemsJson is null ? "NULL" : $"'{itemsJson}'")}, '{purpose}', 'paid', {at}, {at}) RETURNING id
            """);
        return await app.ScalarAsync($"""
            INSERT INTO payments (request_id, dossier_id, amount_vnd, method, purpose, payer_name, paid_at, recorded_at)
            VALUES ({request}, {dossierId}, {amountVnd}, '{method}', '{purpose}', {(payerName is null ? "NULL" : $"'{payerName}'")}, {at}, {at}) RETURNING id
            """);
    }

    /// <summary>Issues the receipt of <paramref name="paymentId"/> in its own transaction, committed or (to prove a rolled
    /// back number is reused) rolled back; the receipt's id.</summary>
    public static async Task<long> IssueReceiptAsync(this MotCuaApp app, long paymentId, bool commit = true)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var id = await scope.ServiceProvider.GetRequiredService<IPaymentReceipts>().IssueAsync(db, paymentId, null, CancellationToken.None);
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
        return id;
    }
}
