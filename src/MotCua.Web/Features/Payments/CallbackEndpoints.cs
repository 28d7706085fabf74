using System.Text;
using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Payments;

/// <summary>
/// <c>POST /api/v1/payments/callback</c> (docs/FEES.md "### Confirmation"): a payment partner tells MotCua money arrived.
/// No session and no API key: the partner names itself in <c>X-MotCua-Partner</c> and signs
/// (<see cref="CallbackSignature"/>); a missing, wrong or stale signature or an unknown or stopped partner is a 401 that
/// writes nothing; a body over <see cref="JsonBody.MaxBytes"/> is a 413 before the signature is checked. The body <c>{ transactionId, amountVnd, purpose, paidAt, payerName? }</c> is recorded once per
/// (partner, transactionId) and answered the same way every time it comes.
/// </summary>
public static class CallbackEndpoints
{
    /// <summary>The partner's body: its own transaction id (1–100 characters), the amount in integer VND, the transfer's
    /// purpose as received (it carries the dossier code), the instant paid, the payer's name if known, and the account
    /// number it credited if it says (6–19 digits, spaces between groups dropped; brief fees39). A field the record does not
    /// know is ignored [choice, brief fees40b, trial14u LOW 5]: a bank that adds a field to its notification must not have
    /// every notification refused and retried; a field named twice, a wrong type or a bad value of a known field is still
    /// refused (the API's other bodies keep refusing unknown fields).</summary>
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip)]
    public sealed record Callback(string? TransactionId, long? AmountVnd, string? Purpose, DateTimeOffset? PaidAt, string? PayerName, string? CreditedAccount = null);

    public static void MapCallbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/payments/callback", ReceiveAsync).AllowAnonymous().WithTags("Payments")
            .WithSummary("Đối tác thanh toán báo đã nhận tiền, ký HMAC-SHA256 (X-MotCua-Partner, X-MotCua-Timestamp, X-MotCua-Signature); ghi một lần theo mã giao dịch")
            .Produces<PaymentView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                Document(operation);
                return Task.CompletedTask;
            });
    }

    /// <summary>Pattern of <c>X-MotCua-Partner</c>: the partner's name as the administrator registered it.</summary>
    public const string PartnerPattern = "^[a-z0-9-]{2,40}$";
    /// <summary>Pattern of <c>X-MotCua-Timestamp</c>: Unix time in whole seconds.</summary>
    public const string TimestampPattern = "^[0-9]{1,12}$";
    /// <summary>Pattern of <c>X-MotCua-Signature</c>: the 32-byte HMAC-SHA256 in hex, either case.</summary>
    public const string SignaturePattern = "^[0-9a-fA-F]{64}$";

    // The handler reads the raw body (the signature covers its exact bytes), so the framework cannot infer the headers or
    // the body: the OpenAPI entry states them here, as docs/FEES.md "### Confirmation" does. (No Accepts metadata: the
    // signature is checked before the body is read, so a broken body without one is a 401, not the 422 other JSON routes give.)
    private static void Document(Microsoft.OpenApi.OpenApiOperation operation)
    {
        static Microsoft.OpenApi.OpenApiParameter Header(string name, string pattern, string description, string? example) => new()
        {
            Name = name, In = Microsoft.OpenApi.ParameterLocation.Header, Required = true, Description = description,
            Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Pattern = pattern },
            Example = example is null ? null : System.Text.Json.Nodes.JsonValue.Create(example),
        };
        operation.Description = "Xác thực theo từng đối tác: chữ ký HMAC-SHA256 (khóa là 32 byte bí mật của đối tác, giải mã base64) trên chuỗi "
            + "\"{X-MotCua-Timestamp}.{thân yêu cầu nguyên văn}\"; thời điểm ký lệch đồng hồ máy chủ không quá 5 phút. Gửi lại cùng transactionId "
            + "với cùng nội dung nhận đúng câu trả lời lần đầu (ghi một lần); cùng transactionId mà khác nội dung bị từ chối 409 và chuyển kế toán. Khớp hồ sơ theo mã hồ sơ trong purpose và số tiền; nộp thiếu, thừa, trùng, hồ sơ đã đóng, "
            + "báo muộn được ghi kèm cảnh báo (flag) cho kế toán, không bao giờ bị bỏ. Trường không có trong mô tả được bỏ qua (đối tác thêm trường mới không bị từ chối); "
            + "trường lặp lại, sai kiểu hoặc giá trị sai của các trường đã mô tả vẫn bị từ chối 422.";
        operation.Parameters ??= [];
        operation.Parameters.Add(Header("X-MotCua-Partner", PartnerPattern, "Tên đối tác thanh toán (name) do quản trị đăng ký.", "vietinbank"));
        operation.Parameters.Add(Header("X-MotCua-Timestamp", TimestampPattern, "Thời điểm ký, giây Unix (UTC); lệch đồng hồ máy chủ không quá 300 giây.", "1763517000"));
        operation.Parameters.Add(Header("X-MotCua-Signature", SignaturePattern,
            "HMAC-SHA256 dạng hex (64 ký tự, hoa hoặc thường) của \"{timestamp}.{thân yêu cầu}\" với khóa bí mật của đối tác.",
            "f400e67d0accfdf614101319a9911fa94003392f3607f35bec99fc368b2dfadd"));

        static Microsoft.OpenApi.OpenApiSchema Text(string description, int? maxLength = null, int? minLength = null, string? format = null) => new()
        {
            Type = Microsoft.OpenApi.JsonSchemaType.String, Description = description, MaxLength = maxLength, MinLength = minLength, Format = format,
        };
        operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
        {
            Required = true,
            Description = "Thông báo đã nhận tiền, đúng các byte đã ký.",
            Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new Microsoft.OpenApi.OpenApiSchema
                    {
                        Type = Microsoft.OpenApi.JsonSchemaType.Object,
                        Required = new HashSet<string> { "transactionId", "amountVnd", "paidAt" },
                        // Fields the schema does not name are ignored (a partner adding one is not refused): fees40b.
                        AdditionalPropertiesAllowed = true,
                        Properties = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>
                        {
                            ["transactionId"] = Text("Mã giao dịch của đối tác, 1–100 ký tự; khóa ghi một lần.", 100, 1),
                            ["amountVnd"] = new Microsoft.OpenApi.OpenApiSchema
                            {
                                Type = Microsoft.OpenApi.JsonSchemaType.Integer, Format = "int64", Minimum = "1", Maximum = "9999999999999",
                                Description = "Số tiền, đồng: số nguyên JSON từ 1 đến 9.999.999.999.999 (một chuỗi như \"50000\" bị từ chối, 422).",
                            },
                            ["purpose"] = Text("Nội dung chuyển khoản như ngân hàng nhận được (chứa mã hồ sơ), không quá 500 ký tự.", 500),
                            ["paidAt"] = Text("Thời điểm nộp tiền, ISO 8601 bắt buộc ghi múi giờ (2025-11-19T09:30:00+07:00 hoặc 2025-11-19T02:30:00Z); "
                                + "không ghi múi giờ bị từ chối 422 nêu paidAt. Một thời điểm ở tương lai (quá 5 phút) hoặc "
                                + "trước khi lập yêu cầu nộp phí vẫn được ghi nhận, gắn cảnh báo paidAtImplausible cho kế toán, không tính là đã nộp.", format: "date-time"),
                            ["payerName"] = Text("Tên người nộp nếu đối tác biết, không quá 200 ký tự.", 200),
                            ["creditedAccount"] = new Microsoft.OpenApi.OpenApiSchema
                            {
                                Type = Microsoft.OpenApi.JsonSchemaType.String, Pattern = "^[0-9 ]+$", MaxLength = 40,
                                Description = "Không bắt buộc: số tài khoản đối tác đã ghi có (6–19 chữ số, khoảng trắng giữa các nhóm được bỏ qua). "
                                    + "Khác tài khoản thu đang dùng của đơn vị tiếp nhận hồ sơ: ghi nhận kèm cảnh báo creditedElsewhere cho kế toán, không tính là đã nộp. "
                                    + "Chữ cái, dấu chấm, dấu gạch hoặc sai độ dài: 422 nêu creditedAccount. Không gửi: như trước (coi là tài khoản của đơn vị).",
                            },
                        },
                    },
                },
            },
        };
        foreach (var (status, description) in new[]
        {
            ("400", "problem+json: thân yêu cầu đã ký nhưng không phải JSON hợp lệ (sai cú pháp, bị cắt ngắn); errors nêu body. Không ghi gì."),
            ("200", "Khoản tiền đã ghi (lần đầu hoặc gửi lại): { id, dossierCode, requestId, amountVnd, method: online, paidAt, recordedAt, payerName, flag, resolved, accepted, flagNote, receiptId, receiptNumber, creditedAccount }. "
                + "flag: null khi khớp đúng; underpaid, overpaid, duplicate, dossierClosed, late, unmatched, paidAtImplausible hoặc creditedElsewhere (chờ kế toán xử lý)."),
            ("401", "problem+json: thiếu, sai hoặc quá hạn chữ ký; đối tác không có hoặc đã ngừng. Không ghi gì."),
            ("413", "problem+json: thân yêu cầu quá 1 MB (errors nêu body); không được đọc, chữ ký chưa được kiểm tra. Không ghi gì."),
            ("409", "problem+json: hồ sơ được cập nhật cùng lúc, gửi lại cùng transactionId; hoặc transactionId đã dùng cho khoản tiền có số tiền, nội dung, "
                + "thời điểm nộp hoặc người nộp khác (errors nêu các trường khác nhau): không ghi khoản tiền mới, được ghi lại để kế toán xem xét."),
            ("422", "problem+json: thân yêu cầu đã ký nhưng không đọc được; errors nêu tên trường (transactionId, amountVnd, purpose, paidAt, payerName, creditedAccount)."),
        })
            if (operation.Responses?.TryGetValue(status, out var response) == true && response is Microsoft.OpenApi.OpenApiResponse concrete)
                concrete.Description = description;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, PartnersAdministration partners, ConfirmationService confirmation,
        TimeProvider clock, CancellationToken ct)
    {
        var name = request.Headers["X-MotCua-Partner"].ToString();
        if (name.Length == 0) return Unauthorized("Thiếu tên đối tác (X-MotCua-Partner).");
        if (await partners.ActiveAsync(name, ct) is not { } partner) return Unauthorized($"Không có đối tác thanh toán '{name}' đang hoạt động.");
        var read = await JsonBody.ReadAsync<Callback>(request, ct);
        // A body over the limit is not read, so no signature can match it: saying so (413, the limit) rather than "Chữ ký
        // không đúng" keeps a partner from hunting for a wrong key (trial 14v LOW 2). Nothing is written either way.
        if (read.Oversized) return read.Problem!;
        if (CallbackSignature.Check(partner.Secret, request.Headers["X-MotCua-Timestamp"], request.Headers["X-MotCua-Signature"], read.Bytes.Span, clock.GetUtcNow()) is { } wrong)
            return Unauthorized(wrong);
        if (read.Problem is { } problem) return problem;
        var body = read.Value!;
        if (string.IsNullOrWhiteSpace(body.TransactionId) || body.TransactionId.Trim().Length > 100)
            return Problems.Field("transactionId", "Mã giao dịch của đối tác bắt buộc, không quá 100 ký tự.");
        if (PaymentAmount.Problem(body.AmountVnd) is { } amount) return Problems.Field(amount.Field, amount.Message);
        if (body.PaidAt is not { } paidAt) return Problems.Field("paidAt", "Thiếu thời điểm nộp tiền.");
        // A time in the future (or before the request was raised) is the partner's error about money that did arrive: it is
        // recorded and flagged for the accountant (PaymentFlag.PaidAtImplausible), not refused.
        if (body.Purpose is { Length: > 500 }) return Problems.Field("purpose", "Nội dung chuyển khoản không quá 500 ký tự.");
        if (body.PayerName is { Length: > 200 }) return Problems.Field("payerName", "Tên người nộp không quá 200 ký tự.");
        // Out of range, not unreadable (trial14r LOW 5): the bounds every instant the app counts with keeps.
        if (WorkingCalendar.CheckInstant(paidAt) is { } outOfRange) return Problems.Field("paidAt", $"Thời điểm nộp tiền ngoài khoảng cho phép: {outOfRange}");
        string? credited = null;
        if (body.CreditedAccount is not null)
        {
            var (number, accountProblem) = CollectionAccountInput.ReadNumber(body.CreditedAccount, "creditedAccount");
            if (accountProblem is not null) return Problems.Field(accountProblem.Field, accountProblem.Message);
            credited = number;
        }
        var incoming = new IncomingPayment(null, body.Purpose?.Trim(), body.AmountVnd!.Value, "online", paidAt, NullIfBlank(body.PayerName),
            partner.Id, body.TransactionId.Trim(), Encoding.UTF8.GetString(read.Bytes.Span), CreditedAccount: credited);
        try
        {
            return Results.Ok(await confirmation.RecordAsync(incoming,
                agency => new Officer(new Actor($"Đối tác thanh toán {partner.Title}"), OfficerRole.Accountant, agency), null, ct));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Hồ sơ vừa được cập nhật cùng lúc; gửi lại thông báo thanh toán (cùng mã giao dịch) để ghi nhận.");
        }
        catch (ReplayConflictException conflict)
        {
            // Not a replay: the same transaction id with other facts. Kept for the accountant; the partner is told which fields differ.
            var message = $"Mã giao dịch {body.TransactionId.Trim()} đã được ghi cho khoản tiền số {conflict.PaymentId} với nội dung khác; "
                + "thông báo này không được ghi nhận là khoản tiền mới và đã chuyển kế toán xem xét.";
            return Results.ValidationProblem(conflict.Fields.ToDictionary(f => f, _ => new[] { message }), statusCode: StatusCodes.Status409Conflict,
                title: Problems.TitleOf(StatusCodes.Status409Conflict), detail: message);
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
