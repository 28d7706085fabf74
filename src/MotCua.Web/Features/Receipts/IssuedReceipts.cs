using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Documents;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// An issued receipt as stored (migration 0032 <c>receipts</c>) with what it prints from its payment and dossier. Amounts
/// are integer VND; <see cref="CancelledAt"/> is null while the receipt is valid; <see cref="CollectorName"/> is the
/// accountant who confirmed the payment, null for money a partner reported (its callback's receipt and any replacement of
/// it: the bank collected, not the accountant who issued the replacement), whose title is then <see cref="PartnerTitle"/>.
/// </summary>
public sealed record IssuedReceipt(
    long Id, int AgencyId, string FormNumber, string Series, int Number, DateTimeOffset IssuedAt, string PayerName, long AmountVnd,
    string Items, string Token, DateTimeOffset? CancelledAt, string? CancelReason, string DossierCode, string Method, DateTimeOffset PaidAt,
    string? CollectorName, string? CollectorTaxCode, string? PartnerTitle, string? ReplacesSeries, int? ReplacesNumber, DateTimeOffset? ReplacesIssuedAt)
{
    /// <summary>For a replacement receipt, "Thay thế cho biên lai số MC-26E-0000001 ngày dd/MM/yyyy" (the cancelled receipt
    /// of the same payment issued just before it, <see cref="ReceiptCancellation.ReplacesLine"/>); null otherwise.</summary>
    public string? Replaces => ReplacesSeries is { } series && ReplacesNumber is { } number && ReplacesIssuedAt is { } at
        ? ReceiptCancellation.ReplacesLine(series, number, at) : null;
}

/// <summary>Reads of issued receipts (SQL: the table is written by <see cref="PaymentReceipts"/> and the cancellation's single UPDATE) and their PDF.</summary>
public static partial class IssuedReceipts
{
    private const string Select = """
        SELECT r.id AS "Id", r.agency_id AS "AgencyId", r.form_number AS "FormNumber", r.series AS "Series", r.number AS "Number",
               r.issued_at AS "IssuedAt", r.payer_name AS "PayerName", r.amount_vnd AS "AmountVnd", r.items::text AS "Items",
               r.verification_token AS "Token", r.cancelled_at AS "CancelledAt", r.cancel_reason AS "CancelReason",
               d.code AS "DossierCode", p.method AS "Method",
               -- The receipt's "ngày nộp" is never before the request was raised (trial14u LOW 4: an accepted paidAtImplausible).
               greatest(p.paid_at, (SELECT q.created_at FROM payment_requests q WHERE q.id = p.request_id)) AS "PaidAt", CASE WHEN p.partner_id IS NULL THEN u.full_name END AS "CollectorName",
               r.collector_tax_code AS "CollectorTaxCode", pp.title AS "PartnerTitle",
               o.series AS "ReplacesSeries", o.number AS "ReplacesNumber", o.issued_at AS "ReplacesIssuedAt"
        FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id
        LEFT JOIN users u ON u.id = r.issued_by LEFT JOIN payment_partners pp ON pp.id = p.partner_id
        LEFT JOIN LATERAL (SELECT x.series, x.number, x.issued_at FROM receipts x
            WHERE x.payment_id = r.payment_id AND x.id < r.id AND x.cancelled_at IS NOT NULL ORDER BY x.id DESC LIMIT 1) o ON true
        """;

    /// <summary>The receipt <paramref name="id"/>, or null.</summary>
    public static async Task<IssuedReceipt?> ByIdAsync(MotCuaDb db, long id, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<IssuedReceipt>(Select + " WHERE r.id = {0}", id).ToListAsync(ct)).SingleOrDefault();

    /// <summary>The receipt whose verification token is <paramref name="token"/>, or null (also for a token of the wrong shape).</summary>
    public static async Task<IssuedReceipt?> ByTokenAsync(MotCuaDb db, string? token, CancellationToken ct) =>
        token is not null && TokenShape().IsMatch(token)
            ? (await db.Database.SqlQueryRaw<IssuedReceipt>(Select + " WHERE r.verification_token = {0}", token).ToListAsync(ct)).SingleOrDefault()
            : null;

    /// <summary>
    /// The receipt's A5 PDF (<see cref="ReceiptDocument"/>), rendered from the stored row on each request so that a cancelled
    /// receipt prints "ĐÃ HỦY" with its date and replacement, its QR carrying <paramref name="verifyUrl"/>, and digitally signed for the
    /// collecting unit (<see cref="IssuedForms.SignAsync"/>, <see cref="DocumentKind.FeeReceipt"/>: the signature's reason
    /// names the receipt and the unit, "Biên lai thu phí, lệ phí MC-26E-0000002, {unit}", its location the unit's place). An electronic receipt carries the issuer's digital
    /// signature (Nghị định 123/2020/NĐ-CP Điều 32 as amended); since a cancellation changes the file, it is signed when
    /// served and never kept as first issued. <paramref name="publicCopy"/>: the copy reached by the verification token,
    /// which never prints the cancellation's free-text reason (it may name someone); the officer's copy does.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The deployment's key does not open with this deployment key.</exception>
    public static async Task<byte[]> SignedPdfAsync(MotCuaDb db, IssuedForms forms, IssuedReceipt receipt, string verifyUrl, bool publicCopy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(forms);
        ArgumentNullException.ThrowIfNull(receipt);
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == receipt.AgencyId, ct);
        var cancellation = receipt is { CancelledAt: { } at, CancelReason: { } reason }
            ? new ReceiptCancelled(at, reason, RefundedInFull(receipt), await ReplacementAsync(db, receipt.Id, ct), publicCopy)
            : null;
        var pdf = ReceiptDocument.Pdf(new FeeReceiptForm(
            Letterheads.Of(agency), receipt.FormNumber, receipt.Series, receipt.Number, receipt.PayerName, receipt.DossierCode,
            ItemsOf(receipt.Items), receipt.AmountVnd, receipt.IssuedAt, verifyUrl, cancellation, receipt.CollectorName, receipt.CollectorTaxCode,
            receipt.PartnerTitle, receipt.Replaces));
        // PDFsharp writes the reason and the location, not the contact: the reason names the collecting unit.
        return await forms.SignAsync(pdf, DocumentKind.FeeReceipt, $"{ReceiptNumbering.Display(receipt.Series, receipt.Number)}, {agency.Name}", agency, ct);
    }

    /// <summary>Whether the receipt was cancelled because its payment was refunded in full (the reason's fixed prefix, not
    /// the free text after it).</summary>
    public static bool RefundedInFull(IssuedReceipt receipt) =>
        receipt.CancelledAt is not null && receipt.CancelReason?.StartsWith(PaymentRefunds.ReceiptReasonPrefix, StringComparison.Ordinal) == true;

    /// <summary>For a cancelled receipt, the number of the valid receipt its payment was given after it ("MC-26E-0000003"),
    /// or null.</summary>
    public static async Task<string?> ReplacementAsync(MotCuaDb db, long receiptId, CancellationToken ct) =>
        (await db.Database.SqlQuery<ReplacementRow>($"""
            SELECT n.series AS "Series", n.number AS "Number" FROM receipts r JOIN receipts n ON n.payment_id = r.payment_id AND n.id > r.id
            WHERE r.id = {receiptId} AND n.cancelled_at IS NULL ORDER BY n.id LIMIT 1
            """).ToListAsync(ct)).Select(n => ReceiptNumbering.Display(n.Series, n.Number)).SingleOrDefault();

    private sealed record ReplacementRow(string Series, int Number);

    /// <summary>The items of a receipt (its <c>items</c> JSON) as the Domain reads them.</summary>
    public static IReadOnlyList<ReceiptItem> ItemsOf(string itemsJson) =>
        JsonSerializer.Deserialize<List<ReceiptItem>>(itemsJson, JsonSerializerOptions.Web) ?? [];

    /// <summary>The file name a receipt downloads as: "bien-lai-MC-26E-0000001.pdf".</summary>
    public static string FileName(IssuedReceipt receipt) => $"bien-lai-{receipt.Series}-{ReceiptNumbering.Printed(receipt.Number)}.pdf";

    // PaymentReceipts writes 18 random bytes as base64url: 24 characters.
    [GeneratedRegex("^[A-Za-z0-9_-]{24}$")]
    private static partial Regex TokenShape();
}
