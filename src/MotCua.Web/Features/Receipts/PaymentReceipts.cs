using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Fees;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Shared;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// Issues the e-receipt of a confirmed payment (docs/FEES.md "Biên lai and the fee register"): numbered in the receiving
/// agency's series of the year the receipt is issued (Vietnam time: NĐ 123/2020 Điều 10 khoản 3 restarts the numbering
/// each 1 January, so a payment of 31/12 receipted on 02/01 takes the new year's series) by one locked upsert on receipt_counters, in the caller's
/// transaction, so numbers run without a gap. The items are <see cref="ReceiptContent.ItemsFor"/>'s: the payment allocated
/// over the request's fee items by kind, after what the request's other live receipts covered (a part-payment's lines);
/// an accepted overpayment's excess is to refund, not receipted.
/// </summary>
public sealed class PaymentReceipts(TimeProvider clock) : IPaymentReceipts
{
    private sealed record PaymentRow(long AmountVnd, long? RequestId, string? PayerName, int AgencyId, string AgencyName, string Code, string Applicant, string? Items,
        string? FormNumber, string? SeriesPrefix, string? TaxCode);

    // quantity, unit and unitAmountVnd: an item published per a quantity unit (FeeUnits), printed "2 chiếc × 6.000.000 đồng".
    private sealed record ItemJson(string? Name, string? Kind, long AmountVnd, int? Quantity = null, string? Unit = null, long? UnitAmountVnd = null)
    {
        public string Line => Quantity is { } q && Unit is { } u && UnitAmountVnd is { } each ? $"{Name} ({FeeUnits.Times(q, u, each)})" : Name ?? "";
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The payment does not exist, has no dossier, or its receipt would miss
    /// required content (<see cref="ReceiptContent.Problems"/>).</exception>
    public async Task<long> IssueAsync(MotCuaDb db, long paymentId, int? issuedBy, CancellationToken ct, string? payerName = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM receipts WHERE payment_id = {paymentId} AND cancelled_at IS NULL").ToListAsync(ct);
        if (existing.Count > 0)
        {
            return existing[0];
        }
        var payment = (await db.Database.SqlQuery<PaymentRow>($"""
            SELECT p.amount_vnd AS "AmountVnd", p.request_id AS "RequestId", p.payer_name AS "PayerName", a.id AS "AgencyId",
                   a.name AS "AgencyName", d.code AS "Code", d.applicant_full_name AS "Applicant",
                   -- Money that settled several requests (settled_by, fifteenth trial) lists every one's items, oldest first.
                   coalesce((SELECT jsonb_agg(i ORDER BY s.id) FROM payment_requests s, jsonb_array_elements(s.items) i WHERE s.settled_by = p.id),
                            r.items)::text AS "Items",
                   s.form_number AS "FormNumber", s.series_prefix AS "SeriesPrefix", s.tax_code AS "TaxCode"
            FROM payments p JOIN dossiers d ON d.id = p.dossier_id JOIN agencies a ON a.id = d.receiving_agency_id
            LEFT JOIN payment_requests r ON r.id = p.request_id LEFT JOIN receipt_series s ON s.agency_id = a.id
            WHERE p.id = {paymentId}
            """).ToListAsync(ct)).SingleOrDefault()
            ?? throw new InvalidOperationException($"Không có khoản thu {paymentId} gắn với một hồ sơ.");

        var listed = payment.Items is null ? [] : JsonSerializer.Deserialize<List<ItemJson>>(payment.Items, JsonSerializerOptions.Web) ?? [];
        // The lines of the other live receipts (earlier parts) of every request this money settled (its own, and those it
        // settled with it: settled_by): what they covered is not covered again (sixteenth trial, HIGH 1: a part of the
        // obligation, then an overpayment of the fee that settled both, receipted the obligation 1,275,000 for 1,250,000).
        var earlier = payment.RequestId is not { } requestId ? [] : (await db.Database.SqlQuery<string>($"""
            SELECT r.items::text AS "Value" FROM receipts r JOIN payments p ON p.id = r.payment_id
            WHERE (p.request_id = {requestId} OR p.request_id IN (SELECT s.id FROM payment_requests s WHERE s.settled_by = {paymentId}))
              AND p.id <> {paymentId} AND r.cancelled_at IS NULL ORDER BY r.id
            """).ToListAsync(ct)).SelectMany(json => JsonSerializer.Deserialize<List<ItemJson>>(json, JsonSerializerOptions.Web) ?? [])
            .Select(i => new ReceiptItem(i.Name ?? "", i.Kind ?? "", i.AmountVnd)).ToList();
        // Each item keeps the kind recorded when the request was raised (intake's fee items, the obligation's chosen kind).
        var items = ReceiptContent.ItemsFor([.. listed.Select(i => new ReceiptItem(i.Line, i.Kind ?? "", i.AmountVnd))], earlier, payment.AmountVnd, payment.Code);
        var amount = items.Sum(i => i.AmountVnd);
        // The unit's own form number and series prefix (receipt_series, migration 0039), else the defaults.
        var formNumber = payment.FormNumber ?? ReceiptNumbering.FormNumber;
        // The series is the year of issue, not of payment: the receipt's number runs in the series of the date it bears.
        var issuedAt = clock.GetUtcNow();
        var series = ReceiptNumbering.Series(VietnamTime.DateOf(issuedAt).Year, payment.SeriesPrefix ?? ReceiptNumbering.DefaultSeriesPrefix);
        var payer = payerName ?? (string.IsNullOrWhiteSpace(payment.PayerName) ? payment.Applicant : payment.PayerName.Trim());
        var draftProblems = ReceiptContent.Problems(new ReceiptDraft(
            formNumber, series, 1, payment.AgencyName, payment.TaxCode, payer, items, amount, issuedAt));
        if (draftProblems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", draftProblems));
        }

        // The row lock of the upsert holds until the caller's transaction ends: the next payment of the series waits for
        // it, and a rollback returns the number.
        var number = (await db.Database.SqlQuery<int>($"""
            INSERT INTO receipt_counters AS c (agency_id, form_number, series, last_number)
            VALUES ({payment.AgencyId}, {formNumber}, {series}, 1)
            ON CONFLICT (agency_id, form_number, series) DO UPDATE SET last_number = c.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(ct))[0];
        var itemsJson = JsonSerializer.Serialize(items.Select(i => new { name = i.Name, kind = i.Kind, amountVnd = i.AmountVnd }));
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        return (await db.Database.SqlQuery<long>($"""
            INSERT INTO receipts (payment_id, agency_id, form_number, series, number, issued_at, issued_by, payer_name,
                                  amount_vnd, items, verification_token, collector_tax_code)
            VALUES ({paymentId}, {payment.AgencyId}, {formNumber}, {series}, {number}, {issuedAt}, {issuedBy},
                    {payer}, {amount}, {itemsJson}::jsonb, {token}, {payment.TaxCode})
            RETURNING id AS "Value"
            """).ToListAsync(ct))[0];
    }
}
