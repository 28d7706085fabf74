using System.Text;
using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Payments;

/// <summary>
/// <c>POST /api/v1/payments/callback</c> (docs/FEES.md "### Confirmation"): a payment partner tells MotCua money arrived.
/// No session and no API key: the partner names itself in <c>X-MotCua-Partner</c> and signs
/// (<see cref="CallbackSignature"/>); a missing, wrong or stale signature or an unknown or stopped partner is a 401 that
/// writes nothing. The body <c>{ transactionId, amountVnd, purpose, paidAt, payerName? }</c> is recorded once per
/// (partner, transactionId) and answered the same way every time it comes.
/// </summary>
public static class CallbackEndpoints
{
    /// <summary>The partner's body: its own transaction id (1–100 characters), the amount in integer VND, the transfer's
    /// purpose as received (it carries the dossier code), the instant paid, the payer's name if known.</summary>
    public sealed record Callback(string? TransactionId, long? AmountVnd, string? Purpose, DateTimeOffset? PaidAt, string? PayerName);

    public static void MapCallbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/payments/callback", ReceiveAsync).AllowAnonymous().WithTags("Payments")
            .WithSummary("Đối tác thanh toán báo đã nhận tiền, ký HMAC-SHA256 (X-MotCua-Partner, X-MotCua-Timestamp, X-MotCua-Signature); ghi một lần theo mã giao dịch")
            .Produces<PaymentView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, PartnersAdministration partners, ConfirmationService confirmation,
        TimeProvider clock, CancellationToken ct)
    {
        var name = request.Headers["X-MotCua-Partner"].ToString();
        if (name.Length == 0) return Unauthorized("Thiếu tên đối tác (X-MotCua-Partner).");
        if (await partners.ActiveAsync(name, ct) is not { } partner) return Unauthorized($"Không có đối tác thanh toán '{name}' đang hoạt động.");
        var read = await JsonBody.ReadAsync<Callback>(request, ct);
        if (CallbackSignature.Check(partner.Secret, request.Headers["X-MotCua-Timestamp"], request.Headers["X-MotCua-Signature"], read.Bytes.Span, clock.GetUtcNow()) is { } wrong)
            return Unauthorized(wrong);
        if (read.Problem is { } problem) return problem;
        var body = read.Value!;
        if (string.IsNullOrWhiteSpace(body.TransactionId) || body.TransactionId.Trim().Length > 100)
            return Problems.Field("transactionId", "Mã giao dịch của đối tác (transactionId) bắt buộc, không quá 100 ký tự.");
        if (body.AmountVnd is not > 0) return Problems.Field("amountVnd", "Số tiền (amountVnd) phải là số nguyên đồng lớn hơn 0.");
        if (body.PaidAt is not { } paidAt) return Problems.Field("paidAt", "Thiếu thời điểm nộp tiền (paidAt).");
        // A time in the future (or before the request was raised) is the partner's error about money that did arrive: it is
        // recorded and flagged for the accountant (PaymentFlag.PaidAtImplausible), not refused.
        if (body.Purpose is { Length: > 500 }) return Problems.Field("purpose", "Nội dung chuyển khoản (purpose) không quá 500 ký tự.");
        if (body.PayerName is { Length: > 200 }) return Problems.Field("payerName", "Tên người nộp (payerName) không quá 200 ký tự.");
        var incoming = new IncomingPayment(null, body.Purpose?.Trim(), body.AmountVnd.Value, "online", paidAt, NullIfBlank(body.PayerName),
            partner.Id, body.TransactionId.Trim(), Encoding.UTF8.GetString(read.Bytes.Span));
        try
        {
            return Results.Ok(await confirmation.RecordAsync(incoming,
                agency => new Officer(new Actor($"Đối tác thanh toán {partner.Title}"), OfficerRole.Accountant, agency), null, ct));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Hồ sơ vừa được cập nhật cùng lúc; gửi lại thông báo thanh toán (cùng mã giao dịch) để ghi nhận.");
        }
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: Problems.TitleOf(StatusCodes.Status401Unauthorized), detail: detail);
}

/// <summary>
/// The signature on a partner's callback: <c>X-MotCua-Timestamp</c> is the Unix time in seconds when it was signed and
/// <c>X-MotCua-Signature</c> the hex HMAC-SHA256 (either case), under the partner's 32-byte secret (the base64 shown once
/// decoded to bytes), of the timestamp in decimal, a full stop and the body's bytes as sent. The timestamp must lie
/// within five minutes of this server's clock, so a captured callback cannot be replayed later; the comparison takes the
/// same time whatever the bytes.
/// </summary>
public static class CallbackSignature
{
    /// <summary>How far a timestamp may lie from the server's clock either way.</summary>
    public static TimeSpan Tolerance => TimestampSignature.Tolerance;

    /// <summary>The lower-case hex signature of <paramref name="body"/> at <paramref name="timestamp"/> (what a partner sends).</summary>
    public static string Sign(byte[] secret, long timestamp, ReadOnlySpan<byte> body) => TimestampSignature.Sign(secret, timestamp, body);

    /// <summary>Null when the headers sign <paramref name="body"/> under <paramref name="secret"/> within the tolerance of
    /// <paramref name="now"/>; otherwise why not, in Vietnamese.</summary>
    public static string? Check(byte[] secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        TimestampSignature.Verify(secret, timestamp, signature, body, now) switch
        {
            null => null,
            TimestampSignature.Failure.Missing => "Thiếu chữ ký (X-MotCua-Timestamp, X-MotCua-Signature).",
            TimestampSignature.Failure.BadTimestamp => "X-MotCua-Timestamp phải là thời điểm Unix tính bằng giây.",
            TimestampSignature.Failure.Stale => "Thông báo ký lệch quá 5 phút so với đồng hồ máy chủ; không nhận.",
            _ => "Chữ ký không đúng.",
        };
}
