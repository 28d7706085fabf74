using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Payments;

/// <summary>What the accountant states about money received for a request: the amount (integer VND, 1 to
/// <see cref="PaymentAmount.MaxVnd"/>), the method
/// (<c>cash</c> or <c>transfer</c>), when it was paid (default: now) and by whom.</summary>
public sealed record ConfirmRequest(long? RequestId, long? AmountVnd, string? Method, DateTimeOffset? PaidAt, string? PayerName);

/// <summary>The accountant's confirmation as sent, each field kept as JSON so that <see cref="ConfirmationEndpoints.Read"/>
/// converts them one by one: an unreadable <c>paidAt</c> ("31/02/2026 25:00") is named beside a wrong amount and method in
/// one 422 instead of hiding them (trial 14m, LOW 1). The documented shape stays <see cref="ConfirmRequest"/>.</summary>
public sealed record ConfirmBody(JsonElement? RequestId, JsonElement? AmountVnd, JsonElement? Method, JsonElement? PaidAt, JsonElement? PayerName);

/// <summary>The dossier an unmatched payment is for (its code as the accountant reads it from the bank's statement) and why.</summary>
public sealed record AttachRequest(string? DossierCode, string? Note);

/// <summary>A replacement receipt's corrections: the payer's name as it should have been printed (optional; absent or null
/// keeps the payment's payer; 2–200 characters).</summary>
public sealed record ReplaceReceiptRequest(string? PayerName);

/// <summary>The accountant's note on a conflicting replay of a partner's transaction id (required, ≤ 1,000 characters).</summary>
public sealed record ConflictNoteRequest(string? Note);

/// <summary>The accountant's decision on a flagged payment: <see cref="Accept"/> true counts it as paid; the note is required
/// either way.</summary>
public sealed record ResolveRequest(bool? Accept, string? Note);

/// <summary>
/// The accountant's API (docs/FEES.md "### Confirmation"): confirm cash or a transfer for a payment request with the same
/// rule as a partner's callback (<see cref="PaymentMatching.Decide"/>), and resolve a flagged payment. Only the accountant
/// of the dossier's receiving unit (<see cref="PaymentMatching.MayConfirm"/>); another officer gets 403, and a request
/// or payment of another unit 404.
/// </summary>
public static class ConfirmationEndpoints
{
    public static void MapConfirmationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/payments").WithTags("Payments").RequireAuthorization(Policies.Api);
        // Both answer the payment with its payer's name (PaymentView), a read of personal data written to the audit log.
        group.MapPost("/", ConfirmAsync).Accepts<ConfirmRequest>("application/json").WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
            .WithSummary("Kế toán xác nhận đã thu tiền mặt hoặc chuyển khoản cho một yêu cầu nộp phí; cùng quy tắc đối chiếu với thông báo của đối tác")
            .Produces<PaymentView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/resolve", ResolveAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
            .WithSummary("Kế toán xử lý cảnh báo của một khoản tiền: chấp nhận (tính là đã nộp, cấp biên lai) hoặc chỉ ghi chú")
            .Produces<PaymentView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/refunds", RefundAsync)
            .WithSummary("Kế toán của đơn vị đã thu hoàn trả một phần hoặc toàn bộ khoản tiền (nộp hai lần, nộp thừa, hồ sơ bị từ chối trước khi thẩm định…); hoàn trả toàn bộ thì hủy biên lai")
            .Produces<RefundView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/receipt", ReplaceReceiptAsync).Accepts<ReplaceReceiptRequest>("application/json")
            .WithSummary("Kế toán hoặc lãnh đạo đơn vị thu lập biên lai thay thế (số tiếp theo của ký hiệu) cho khoản tiền có biên lai đã hủy do lập sai, có thể sửa họ tên người nộp (payerName); không áp dụng khi biên lai hủy do hoàn trả")
            .Produces<ReplacementView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/replay-conflicts/{id:long}/note", NoteConflictAsync)
            .WithSummary("Kế toán ghi chú cách xử lý thông báo của đối tác dùng lại mã giao dịch với nội dung khác")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/attach", AttachAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
            .WithSummary("Kế toán gắn khoản tiền không khớp hồ sơ (mã hồ sơ ghi sai) vào đúng hồ sơ; khoản tiền được đối chiếu lại theo cùng quy tắc và được cấp biên lai khi khớp")
            .Produces<PaymentView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Issues the replacement receipt of payment <paramref name="id"/> (<see cref="ReceiptReplacement"/>); the body
    /// <c>{ payerName? }</c> may be empty.</summary>
    public static async Task<IResult> ReplaceReceiptAsync(long id, HttpContext http, ReceiptReplacement replacement, CancellationToken ct)
    {
        var (body, _, problem) = await JsonBody.ReadAsync<ReplaceReceiptRequest>(http.Request, ct, empty: "{}");
        if (problem is not null) return problem;
        return Claims.OfficerOf(http.User) is { } officer
            ? (await replacement.ReplaceAsync(id, officer, ct, body!.PayerName)).ToResult()
            : Problems.Forbidden("Chỉ kế toán hoặc lãnh đạo của đơn vị thu được lập biên lai thay thế.");
    }

    /// <summary>Notes how a conflicting replay was handled (<see cref="ConfirmationService.ResolveConflictAsync"/>).</summary>
    public static async Task<IResult> NoteConflictAsync(long id, ConflictNoteRequest request, HttpContext http, ConfirmationService confirmation, CancellationToken ct)
    {
        if (Claims.OfficerOf(http.User) is not { Role: OfficerRole.Accountant } officer)
            return Problems.Forbidden("Chỉ kế toán mới xử lý được thông báo trùng mã giao dịch.");
        if (Validate(new ResolveRequest(true, request.Note)) is { Count: > 0 } errors) return Problems.Validation(errors);
        var (status, message) = await confirmation.ResolveConflictAsync(id, request.Note!.Trim(), officer, ct);
        return status == StatusCodes.Status200OK ? Results.NoContent()
            : status == StatusCodes.Status404NotFound ? Problems.NotFound(message!) : Problems.Conflict(message!);
    }

    /// <summary>Attaches payment <paramref name="id"/>, unmatched or flagged on the wrong dossier with no receipt, to the
    /// dossier named by <c>dossierCode</c> (<see cref="ConfirmationService.AttachAsync"/>; its own dossier decides it again
    /// against the requests as they are now); 403 for a role other than accountant, 404 for an unknown payment or another
    /// unit's, 409 for one with a receipt or already resolved, 422 naming <c>dossierCode</c> or <c>note</c>.</summary>
    public static async Task<IResult> AttachAsync(long id, AttachRequest request, HttpContext http, ConfirmationService confirmation, CancellationToken ct)
    {
        if (Claims.OfficerOf(http.User) is not { Role: OfficerRole.Accountant } officer)
            return Problems.Forbidden("Chỉ kế toán mới gắn được khoản tiền vào hồ sơ.");
        var outcome = await confirmation.AttachAsync(id, request.DossierCode, request.Note, officer, ct);
        return outcome.View is { } view ? Results.Ok(view)
            : outcome.Field is { } field ? Problems.Field(field, outcome.Message!)
            : outcome.Status == StatusCodes.Status404NotFound ? Problems.NotFound(outcome.Message!) : Problems.Conflict(outcome.Message!);
    }

    /// <summary>Records a refund of payment <paramref name="id"/> (<see cref="RefundService"/>); 403 for a role other than
    /// accountant, 404 for another unit's payment, 409 when nothing is left to refund, 422 naming the field.</summary>
    public static async Task<IResult> RefundAsync(long id, RefundRequest request, HttpContext http, RefundService refunds, CancellationToken ct) =>
        (await refunds.RefundAsync(id, request, Claims.OfficerOf(http.User), ct)).ToResult();

    /// <summary>Checks and records the accountant's confirmation; the page calls it too.</summary>
    public static async Task<IResult> ConfirmAsync(HttpContext http, ConfirmationService confirmation, TimeProvider clock, CancellationToken ct)
    {
        // The body is read before the role, as the framework binds every other route's: unreadable input is a 400 or a
        // 422 naming the field to anyone (ApiProblemTests), and only a readable request is refused for the role.
        var (body, _, problem) = await JsonBody.ReadAsync<ConfirmBody>(http.Request, ct);
        if (problem is not null) return problem;
        var (request, errors) = Read(body!);
        if (Claims.OfficerOf(http.User) is not { Role: OfficerRole.Accountant } officer)
            return errors.Count > 0 ? Problems.Validation(errors) : Problems.Forbidden("Chỉ kế toán của đơn vị tiếp nhận hồ sơ mới xác nhận được khoản thu.");
        var now = clock.GetUtcNow();
        foreach (var (field, messages) in Validate(request, now)) errors.TryAdd(field, messages);
        if (errors.Count > 0) return Problems.Validation(errors);
        var agency = await confirmation.AgencyOfRequestAsync(request.RequestId!.Value, ct);
        if (agency is null || !PaymentMatching.MayConfirm(officer, agency)) return Problems.NotFound($"Không có yêu cầu nộp phí số {request.RequestId} của đơn vị bạn.");
        if (PaymentMatching.PaidAtProblem(request.PaidAt ?? now, await confirmation.RaisedAtAsync(request.RequestId.Value, ct), now) is { } late)
            return Problems.Field(late.Field, late.Message);
        // A typed time a little ahead (the tolerance is the bank's clock's) is recorded as now: one instant for the payment,
        // its receipt and the pause it ends (trial 14v LOW 10).
        var incoming = new IncomingPayment(request.RequestId, null, request.AmountVnd!.Value, request.Method!, PaymentMatching.AccountantPaidAt(request.PaidAt, now),
            // A time clamped to now is not the one typed: a repeat of it is recognised as an unstated time's is (its "now" differs).
            string.IsNullOrWhiteSpace(request.PayerName) ? null : request.PayerName.Trim(), null, null, null, request.PaidAt is { } typed && typed <= now);
        try
        {
            return Results.Ok(await confirmation.RecordAsync(incoming, _ => officer, officer.Actor.UserId, ct));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Hồ sơ vừa được người khác cập nhật; tải lại rồi xác nhận lại.");
        }
    }

    /// <summary>Checks and records the accountant's resolution of a flag; the page calls it too.</summary>
    public static async Task<IResult> ResolveAsync(long id, ResolveRequest request, HttpContext http, ConfirmationService confirmation, CancellationToken ct)
    {
        if (Claims.OfficerOf(http.User) is not { Role: OfficerRole.Accountant } officer)
            return Problems.Forbidden("Chỉ kế toán của đơn vị tiếp nhận hồ sơ mới xử lý được cảnh báo thanh toán.");
        if (Validate(request) is { Count: > 0 } errors) return Problems.Validation(errors);
        var (found, agency, heldBy) = await confirmation.AgencyOfPaymentAsync(id, ct);
        if (!found || !ConfirmationService.MayReach(officer, agency, heldBy)) return Problems.NotFound($"Không có khoản tiền số {id} của đơn vị bạn.");
        try
        {
            var (view, refusal) = await confirmation.ResolveAsync(id, request.Accept!.Value, request.Note!.Trim(), officer, ct);
            return view is not null ? Results.Ok(view) : refusal is not null ? Problems.Conflict(refusal) : Problems.NotFound($"Không có khoản tiền số {id}.");
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Hồ sơ vừa được người khác cập nhật; tải lại rồi xử lý lại.");
        }
    }

    /// <summary>Converts each field of <paramref name="body"/> on its own with the API's JSON rules: the request with the
    /// fields that could be read (an unreadable one is null), and the unreadable ones by field with the reader's
    /// Vietnamese message (the instant rule for <c>paidAt</c>).</summary>
    public static (ConfirmRequest Request, Dictionary<string, string[]> Errors) Read(ConfirmBody body)
    {
        var errors = new Dictionary<string, string[]>();
        T? Field<T>(JsonElement? value, string name)
        {
            if (value is not { ValueKind: not JsonValueKind.Null } element) return default;
            try
            {
                return element.Deserialize<T>(JsonOptions.Api);
            }
            catch (JsonException e)
            {
                errors[name] = [JsonOptions.MessageOf(e)];
                return default;
            }
        }
        var request = new ConfirmRequest(Field<long?>(body.RequestId, "requestId"), Field<long?>(body.AmountVnd, "amountVnd"),
            Field<string>(body.Method, "method"), Field<DateTimeOffset?>(body.PaidAt, "paidAt"), Field<string>(body.PayerName, "payerName"));
        return (request, errors);
    }

    /// <summary>The accountant's confirmation checked: errors by field (camelCase, Vietnamese), empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(ConfirmRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.RequestId is null) errors["requestId"] = ["Chọn yêu cầu nộp phí."];
        if (PaymentAmount.Problem(request.AmountVnd) is { } amount) errors[amount.Field] = [amount.Message];
        if (request.Method is not ("cash" or "transfer")) errors["method"] = ["Chọn hình thức thu: tiền mặt (cash) hoặc chuyển khoản (transfer)."];
        if (request.PaidAt is { } paid && PaymentMatching.PaidAtProblem(paid, null, now) is { } future) errors["paidAt"] = [future.Message];
        if (request.PayerName is { Length: > 200 }) errors["payerName"] = ["Tên người nộp không quá 200 ký tự."];
        return errors;
    }

    /// <summary>The accountant's resolution checked: errors by field, empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(ResolveRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Accept is null) errors["accept"] = ["Chọn chấp nhận (true) hoặc chỉ ghi chú (false)."];
        if (string.IsNullOrWhiteSpace(request.Note)) errors["note"] = ["Ghi chú cách xử lý khoản tiền."];
        else if (request.Note.Trim().Length > 1000) errors["note"] = ["Ghi chú không quá 1.000 ký tự."];
        return errors;
    }
}
