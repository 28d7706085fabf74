using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Fees;
using Npgsql;
using QRCoder;

namespace MotCua.Web.Features.Payments;

/// <summary>The collection account a request pays into: NAPAS BIN, the bank's short name from
/// <see cref="BankDirectory.Default"/>, account number and name.</summary>
public sealed record CollectionAccountView(string BankBin, string BankName, string AccountNumber, string AccountName);

/// <summary>
/// A payment request of a dossier: <c>reason</c> <c>intake</c> or <c>financialObligation</c>, the amount in integer VND,
/// the fee items (as the dossier's fee lists them; empty for a financial obligation), <c>status</c> (<see cref="PaymentRequests.Open"/>
/// and the other statuses there), the transfer description carrying the dossier code, the VietQR EMV string (null
/// when the unit had no active collection account, and for a request paid elsewhere, which nobody may pay again) and the
/// account it pays into. While open, <c>remainingVnd</c> is what is left after the parts the accountant accepted
/// (<see cref="PaymentRequests.Remaining"/>) and <c>vietQr</c> pays that remainder; <c>amountVnd</c> stays the amount
/// asked. <c>recordedPaidAt</c> and <c>recordedPaidBy</c> (the officer's full name): for status <c>paidElsewhere</c>, the
/// paid instant the officer's <c>payment-received</c> recorded and who recorded it (brief fees39); null otherwise.
/// <c>paidElsewhereVnd</c> (same status): what the record covers, the amount less the parts the unit collected and
/// receipted before it (trial14u MEDIUM 4: 40,000 of a 100,000 lệ phí paid here, 60,000 elsewhere); null otherwise.
/// </summary>
public sealed record PaymentRequestView(long Id, string Reason, long AmountVnd, IReadOnlyList<FeeItemView> Items, string Status, string Purpose,
    string? VietQr, CollectionAccountView? Account, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, long RemainingVnd = 0,
    DateTimeOffset? RecordedPaidAt = null, string? RecordedPaidBy = null, long? PaidElsewhereVnd = null);

/// <summary>An open payment request as the public lookup page shows it: what is left to pay after accepted parts (integer
/// VND), transfer description, the VietQR string and the unit's account; nothing about the applicant. <c>PendingVnd</c>:
/// money received for it that waits for the accountant (a flagged payment not yet resolved: short, over, late); while
/// there is some, <c>VietQr</c> is null, so nobody is asked by a code to pay again money already sent (sixth trial), and
/// the page shows what was received and what would be left. <c>ReceivedVnd</c>: parts the accountant accepted, shown
/// beside what is left so the citizen sees the money counted (sixth trial: after acceptance the page showed only the
/// remainder). <c>Heading</c>: the section's title by the request's item kinds (<see cref="ObligationKinds.PublicHeading"/>:
/// a thuế or tiền sử dụng đất is a financial obligation, not a phí, lệ phí; trial14u LOW 6).</summary>
public sealed record PublicPaymentRequest(long AmountVnd, string Purpose, string? VietQr, CollectionAccountView? Account, long PendingVnd = 0, long ReceivedVnd = 0,
    string Heading = "Phí, lệ phí cần nộp")
{
    /// <summary>What would be left once the money waiting is accepted (integer VND, never below 0).</summary>
    public long LeftAfterPendingVnd => Math.Max(AmountVnd - PendingVnd, 0);
}

/// <summary>Reads payment requests and collection accounts for the desk, the lookup page and the payments API.</summary>
public static class RequestsRead
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The agency's active collection account, or null when it has none.</summary>
    public static Task<CollectionAccountRef?> ActiveAccountAsync(MotCuaDb db, int agencyId, CancellationToken ct) =>
        db.CollectionAccounts.AsNoTracking().Where(a => a.AgencyId == agencyId && a.Active)
            .Select(a => new CollectionAccountRef(a.Id, a.BankBin, a.AccountNumber, a.AccountName)).FirstOrDefaultAsync(ct);

    /// <summary>The requests of dossier <paramref name="dossierId"/>, oldest first, times in Vietnam time.</summary>
    public static async Task<IReadOnlyList<PaymentRequestView>> ForDossierAsync(MotCuaDb db, long dossierId, CancellationToken ct)
    {
        var rows = await (from r in db.PaymentRequests.AsNoTracking()
                          where r.DossierId == dossierId
                          join a in db.CollectionAccounts.AsNoTracking() on r.AccountId equals a.Id into accounts
                          from a in accounts.DefaultIfEmpty()
                          join u in db.Users.AsNoTracking() on r.RecordedPaidBy equals (int?)u.Id into recorders
                          from u in recorders.DefaultIfEmpty()
                          orderby r.Id
                          select new { Request = r, Account = a, RecordedBy = u == null ? null : u.FullName }).ToListAsync(ct);
        var parts = await PartsPaidAsync(db, dossierId, ct);
        var vn = MotCua.Domain.Calendar.VietnamTime.Offset;
        return [.. rows.Select(x =>
        {
            var remaining = x.Request.Status == PaymentRequests.Open ? PaymentRequests.Remaining(x.Request.AmountVnd, parts.GetValueOrDefault(x.Request.Id)) : 0;
            var qr = x.Request.Status switch
            {
                PaymentRequests.Open => PaymentRequests.QrForRemaining(x.Request.Vietqr, x.Request.AmountVnd, remaining),
                PaymentRequests.PaidElsewhere => null,
                _ => x.Request.Vietqr,
            };
            return new PaymentRequestView(x.Request.Id, x.Request.Reason, x.Request.AmountVnd,
                x.Request.Items.Deserialize<List<FeeItemView>>(Json)!, x.Request.Status, x.Request.Purpose, qr,
                x.Account is { } a ? AccountOf(a) : null, x.Request.CreatedAt.ToOffset(vn), x.Request.PaidAt?.ToOffset(vn), remaining,
                x.Request.RecordedPaidAt?.ToOffset(vn), x.RecordedBy,
                x.Request.Status == PaymentRequests.PaidElsewhere ? PaymentRequests.Remaining(x.Request.AmountVnd, parts.GetValueOrDefault(x.Request.Id)) : null);
        })];
    }

    private sealed record PartSql(long RequestId, long PaidVnd);

    // What was paid in parts of each request of the dossier (ConfirmationService.PartsPaid), by request id.
    private static async Task<Dictionary<long, long>> PartsPaidAsync(MotCuaDb db, long dossierId, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<PartSql>($$"""
            SELECT r.id AS "RequestId", {{ConfirmationService.PartsPaid}} AS "PaidVnd" FROM payment_requests r WHERE r.dossier_id = {0}
            """, dossierId).ToListAsync(ct)).ToDictionary(p => p.RequestId, p => p.PaidVnd);

    /// <summary>The open requests of the dossier of <paramref name="code"/>, oldest first, for the public lookup page
    /// (read through the lookup's own pool, as the page reads the dossier).</summary>
    public static async Task<IReadOnlyList<PublicPaymentRequest>> OpenByCodeAsync(NpgsqlDataSource data, string code, CancellationToken ct)
    {
        await using var command = data.CreateCommand($"""
            SELECT r.amount_vnd, r.purpose, r.vietqr, a.bank_bin, a.account_number, a.account_name, {ConfirmationService.PartsPaid},
                coalesce((SELECT sum(w.amount_vnd) FROM payments w WHERE w.request_id = r.id AND w.flag IS NOT NULL AND w.flag_resolved_at IS NULL), 0)::bigint,
                array(SELECT i ->> 'kind' FROM jsonb_array_elements(r.items) i)
            FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id LEFT JOIN collection_accounts a ON a.id = r.account_id
            WHERE d.code = $1 AND r.status = 'open' ORDER BY r.id
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<PublicPaymentRequest>();
        // What is left after accepted part-payments, and a QR for it.
        while (await reader.ReadAsync(ct))
        {
            var remaining = PaymentRequests.Remaining(reader.GetInt64(0), reader.GetInt64(6));
            var pending = reader.GetInt64(7);
            found.Add(new PublicPaymentRequest(remaining, reader.GetString(1),
                pending > 0 ? null : PaymentRequests.QrForRemaining(reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(0), remaining),
                reader.IsDBNull(3) ? null : AccountOf(new CollectionAccountRow { BankBin = reader.GetString(3), AccountNumber = reader.GetString(4), AccountName = reader.GetString(5) }),
                pending, reader.GetInt64(6), ObligationKinds.PublicHeading(reader.GetFieldValue<string?[]>(8))));
        }
        return found;
    }

    /// <summary>The account as shown, with its bank's short name.</summary>
    public static CollectionAccountView AccountOf(CollectionAccountRow a) =>
        new(a.BankBin, BankDirectory.Default.Find(a.BankBin)?.ShortName ?? a.BankBin, a.AccountNumber, a.AccountName);

    /// <summary>The VietQR string drawn as an SVG QR code (error correction M, as bank apps scan it), for the pages.</summary>
    public static string QrSvg(string vietQr)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(vietQr, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
