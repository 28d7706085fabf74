using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Payments;

/// <summary>Money received for a dossier: amount in integer VND, <c>method</c> <c>cash</c>, <c>transfer</c> or
/// <c>online</c>, when it was paid (Vietnam time), the accountant's <c>flag</c> (null when matched), the receipt's
/// printed number (<c>series-number</c>, null before it is issued or when cancelled) and its PDF's path, what was refunded
/// of it (integer VND) and whether the accountant has dealt with its flag (<c>flagResolved</c>: accepted, noted or
/// refunded in full). <c>requestIds</c>: the payment requests its money paid towards, whole or in part (one, several when one
/// transfer paid several requests in full; an underpayment the accountant accepted as a part lists its request, whether or not
/// a later payment closed it, trial 14v LOW 8; none for money that paid nothing: short and not accepted, paid twice,
/// unmatched, refused); <c>firstFlag</c>:
/// the flag it was first given, which stays when the accountant attaches it to a dossier and its <c>flag</c> changes
/// (null when it was matched at once). <c>cancelledReceiptNumber</c> and <c>cancelledReceiptPdf</c>: when it has no valid
/// receipt, the one last cancelled (by a full refund, or for an error and not yet replaced), marked cancelled by its
/// fields' names (fees38a: a full refund left the payment with no link to its receipt); null otherwise.
/// <c>creditedAccount</c>: the account number a payment partner said it credited (digits; null when not stated), flagged
/// <c>creditedElsewhere</c> when it is not an active collection account of the dossier's unit (brief fees39).</summary>
public sealed record DossierPaymentView(long Id, long AmountVnd, string Method, DateTimeOffset PaidAt, string? Flag, string? ReceiptNumber, string? ReceiptPdf,
    long RefundedVnd, bool FlagResolved, IReadOnlyList<long> RequestIds, string? FirstFlag, string? CancelledReceiptNumber = null, string? CancelledReceiptPdf = null,
    string? CreditedAccount = null);

/// <summary>What <c>GET /api/v1/dossiers/{code}/payments</c> answers: the dossier's payment requests and payments.</summary>
public sealed record DossierPaymentsView(IReadOnlyList<PaymentRequestView> Requests, IReadOnlyList<DossierPaymentView> Payments);

/// <summary><c>GET /api/v1/dossiers/{code}/payments</c>: read as <c>GET /api/v1/dossiers/{code}</c> is (the Domain's
/// visibility; a system reads the dossiers it submitted), 404 otherwise; 401 without a session or API key. Any signed-in
/// officer or key passes the route's policy, so it never answers 403 (the unit rule is the 404).</summary>
public static class PaymentsApi
{
    private sealed record PaymentSql(long Id, long AmountVnd, string Method, DateTimeOffset PaidAt, string? Flag, long? ReceiptId, string? Series, int? Number,
        long RefundedVnd, bool FlagResolved, long[] RequestIds, string? FirstFlag, long? CancelledId, string? CancelledSeries, int? CancelledNumber,
        string? CreditedAccount);

    public static void MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dossiers/{code}/payments", async (string code, HttpContext http, MotCuaDb db, CancellationToken ct) =>
        {
            var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
            if (d is null) return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");
            return Results.Ok(new DossierPaymentsView(await RequestsRead.ForDossierAsync(db, d.Id, ct), await PaymentsOfAsync(db, d.Id, ct)));
        }).RequireAuthorization(Policies.Api).WithTags("Payments")
            .Produces<DossierPaymentsView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Yêu cầu thanh toán (số tiền, mã VietQR, trạng thái) và các khoản đã nộp, biên lai của hồ sơ");
    }

    /// <summary>The money received for dossier <paramref name="dossierId"/>, oldest first, paid at in Vietnam time, each with
    /// its receipt not cancelled (number and PDF path) when one was issued; for the API and the dossier page.</summary>
    // payments and receipts belong to the confirmation and receipts features: read by SQL, the receipt not cancelled.
    public static async Task<IReadOnlyList<DossierPaymentView>> PaymentsOfAsync(MotCuaDb db, long dossierId, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<PaymentSql>($"""
            SELECT p.id AS "Id", p.amount_vnd AS "AmountVnd", p.method AS "Method", p.paid_at AS "PaidAt", p.flag AS "Flag",
                   r.id AS "ReceiptId", r.series AS "Series", r.number AS "Number",
                   coalesce((SELECT sum(f.amount_vnd) FROM payment_refunds f WHERE f.payment_id = p.id), 0)::bigint AS "RefundedVnd",
                   p.flag_resolved_at IS NOT NULL AS "FlagResolved",
                   -- The requests its money paid towards: those it settled together (settled_by), its own request once that is
                   -- no longer open and the money was matched or accepted as paying it, and the request an accepted
                   -- underpayment paid a part of, open or closed since (trial 14v LOW 8); not a duplicate, a refusal.
                   array(SELECT s.id FROM payment_requests s
                         WHERE s.settled_by = p.id OR (s.id = p.request_id AND s.settled_by IS NULL AND s.status IN ('paid', 'refunded')
                               AND (p.flag IS NULL OR (p.flag_accepted AND p.flag <> 'underpaid')))
                            OR (s.id = p.request_id AND p.flag = 'underpaid' AND p.flag_accepted)
                         ORDER BY s.id) AS "RequestIds",
                   -- The flag it was first given: before its first attachment to a dossier, the flag that attachment moved it
                   -- from (money of no dossier is "unmatched": the audit row keeps no "from" for it), else its flag now.
                   coalesce((SELECT CASE WHEN jsonb_typeof(a.details -> 'from') = 'object' THEN a.details -> 'from' ->> 'flag' ELSE 'unmatched' END
                             FROM audit_log a WHERE a.action = 'payment.attach' AND a.subject = 'payment:' || p.id ORDER BY a.at, a.id LIMIT 1), p.flag) AS "FirstFlag",
                   c.id AS "CancelledId", c.series AS "CancelledSeries", c.number AS "CancelledNumber", p.credited_account AS "CreditedAccount"
            FROM payments p LEFT JOIN receipts r ON r.payment_id = p.id AND r.cancelled_at IS NULL
            LEFT JOIN LATERAL (SELECT x.id, x.series, x.number FROM receipts x WHERE x.payment_id = p.id AND x.cancelled_at IS NOT NULL
                               ORDER BY x.cancelled_at DESC, x.id DESC LIMIT 1) c ON r.id IS NULL
            WHERE p.dossier_id = {dossierId} ORDER BY p.id
            """).ToListAsync(ct);
        return [.. rows.Select(p => new DossierPaymentView(p.Id, p.AmountVnd, p.Method, p.PaidAt.ToOffset(VietnamTime.Offset), p.Flag,
            p.Number is { } n ? ReceiptNumbering.Display(p.Series!, n) : null, p.ReceiptId is { } id ? $"/api/v1/receipts/{id}.pdf" : null,
            p.RefundedVnd, p.FlagResolved, p.RequestIds, p.FirstFlag,
            p.CancelledNumber is { } cn ? ReceiptNumbering.Display(p.CancelledSeries!, cn) : null, p.CancelledId is { } cid ? $"/api/v1/receipts/{cid}.pdf" : null,
            p.CreditedAccount))];
    }
}
