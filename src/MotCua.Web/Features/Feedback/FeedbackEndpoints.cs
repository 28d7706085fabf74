using System.Security.Claims;
using MotCua.Domain.Feedback;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Lookup;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Feedback;

/// <summary>A feedback sent to the public API or by the portal: <see cref="FeedbackSubmission"/>'s fields; <c>portalCode</c>
/// only from the portal (its own code, the idempotency key there).</summary>
public sealed record FeedbackRequest(string? Kind, string? SenderName, string? SenderPhone, string? SenderEmail, string? SenderAddress,
    string? SenderIdNumber, string? AgencyCode, string? ProcedureCode, string? Subject, string? Content)
{
    public FeedbackSubmission Submission => new(Kind, SenderName, SenderPhone, SenderEmail, SenderAddress, SenderIdNumber, AgencyCode, ProcedureCode, Subject, Content);
}

/// <summary>A feedback transcribed by an officer: the channel (<c>desk</c> or <c>hotline</c>), for the hotline the call's
/// instant (Vietnam time, not in the future), and the sender's feedback; without <c>agencyCode</c>, the officer's own agency.</summary>
public sealed record DeskFeedbackRequest(string? Channel, DateTimeOffset? CallAt, string? Kind, string? SenderName, string? SenderPhone, string? SenderEmail,
    string? SenderAddress, string? SenderIdNumber, string? AgencyCode, string? ProcedureCode, string? Subject, string? Content)
{
    public FeedbackSubmission Submission => new(Kind, SenderName, SenderPhone, SenderEmail, SenderAddress, SenderIdNumber, AgencyCode, ProcedureCode, Subject, Content);
}

/// <summary>A feedback passed on by the National Public Service Portal: its code there (<c>portalCode</c>, the idempotency
/// key) and the sender's feedback in this API's shape [choice: the portal's own PAKN format is not available here, docs/FEEDBACK.md].</summary>
public sealed record PortalFeedbackRequest(string? PortalCode, string? Kind, string? SenderName, string? SenderPhone, string? SenderEmail, string? SenderAddress,
    string? SenderIdNumber, string? AgencyCode, string? ProcedureCode, string? Subject, string? Content)
{
    public FeedbackSubmission Submission => new(Kind, SenderName, SenderPhone, SenderEmail, SenderAddress, SenderIdNumber, AgencyCode, ProcedureCode, Subject, Content);
}

/// <summary>
/// Feedback on administrative regulations over HTTP (docs/FEEDBACK.md, docs/API.md): the public's submission (no account, no
/// captcha, rate-limited per client address) and reads of published answers; the officers' transcription, list, reads,
/// acts and figures (roles of <see cref="FeedbackOfficers.MayHandle"/>, at the handling agency; reads audited as personal
/// data); the portal's submission (an API client; idempotent by the portal's code).
/// </summary>
public static class FeedbackEndpoints
{
    /// <summary>The rate limiter policy of the public submission (Motcua:Feedback:RateLimitPerHour per client address).</summary>
    public const string RateLimitPolicy = "feedback";

    public static void MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/feedback", async (FeedbackRequest request, FeedbackStore store, FeedbackQuota quota, HttpContext http, CancellationToken ct) =>
            {
                var key = http.Request.Headers["Idempotency-Key"].ToString();
                if (key.Length > 200) return Problems.Field("Idempotency-Key", "Khóa Idempotency-Key dài quá 200 ký tự.");
                var (slot, retryAfter) = quota.Take(http.Connection.RemoteIpAddress);
                if (slot is null) return FeedbackQuota.TooMany(http, retryAfter);
                var (receipt, errors, conflict) = await store.RegisterAsync(request.Submission, FeedbackChannel.Online, null, null, null, key.Length > 0 ? key : null, ct);
                if (receipt is not { Number: not null, Replayed: false }) quota.GiveBack(slot);
                return Answer(receipt, errors, conflict, http);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicy)
            .Produces<FeedbackReceipt>(StatusCodes.Status201Created).ProducesProblem(409).ProducesProblem(422).ProducesProblem(429)
            .WithTags("Feedback").WithSummary("Gửi phản ánh, kiến nghị về quy định hành chính (không cần tài khoản; giới hạn số lần gửi mỗi giờ)");

        app.MapGet("/api/v1/public/feedback", async (int? page, FeedbackStore store, CancellationToken ct) =>
                Results.Ok(await store.PublishedAsync(page ?? 1, ct)))
            .AllowAnonymous().RequireRateLimiting(LookupEndpoints.RateLimitPolicy)
            .Produces<IReadOnlyList<PublicFeedback>>().WithTags("Feedback").WithSummary("Kết quả trả lời phản ánh, kiến nghị đã công khai (đã che thông tin cá nhân), mới nhất trước");

        app.MapGet("/api/v1/public/feedback/{number}", async (string number, FeedbackStore store, CancellationToken ct) =>
                await store.PublicAsync(number, ct) is { } found ? Results.Ok(found) : Problems.NotFound($"Không có phản ánh, kiến nghị số {Problems.Echo(number)}."))
            .AllowAnonymous().RequireRateLimiting(LookupEndpoints.RateLimitPolicy)
            .Produces<PublicFeedback>().ProducesProblem(404).WithTags("Feedback").WithSummary("Tra cứu công khai một phản ánh, kiến nghị theo số (không có thông tin người gửi)");

        app.MapPost("/api/v1/portal/feedback", async (PortalFeedbackRequest request, FeedbackStore store, HttpContext http, CancellationToken ct) =>
            {
                var portalCode = request.PortalCode?.Trim() ?? "";
                var codeErrors = portalCode.Length is 0 or > 100
                    ? new Dictionary<string, string[]> { ["portalCode"] = ["Nhập mã phản ánh, kiến nghị trên Cổng (tối đa 100 ký tự)."] }
                    : null;
                // A wrong portalCode is named beside every other wrong field (the store writes nothing while any is wrong).
                var (receipt, errors, conflict) = await store.RegisterAsync(request.Submission, FeedbackChannel.Portal, Claims.ActorOf(http.User), null,
                    portalCode, null, ct, codeErrors);
                return Answer(receipt, errors, conflict, http);
            })
            .RequireAuthorization(Policies.PortalPush) // issue 16: only the portal, by its grant
            .Produces<FeedbackReceipt>(StatusCodes.Status201Created).ProducesProblem(409).ProducesProblem(422)
            .WithTags("Feedback").WithSummary("Cổng Dịch vụ công quốc gia chuyển phản ánh, kiến nghị (gửi lại cùng mã Cổng không tạo bản thứ hai)");

        var officers = app.MapGroup("/api/v1/feedback").WithTags("Feedback").RequireAuthorization(Policies.Api);
        officers.MapPost("/desk", async (DeskFeedbackRequest request, FeedbackStore store, HttpContext http, CancellationToken ct) =>
            {
                if (Officer(http.User) is not { } officer) return Refused(http.User);
                FeedbackChannel? channel = request.Channel?.Trim() switch { "desk" => FeedbackChannel.Desk, "hotline" => FeedbackChannel.Hotline, _ => null };
                if (channel is null) return Problems.Field("channel", "Chọn kênh: desk (trực tiếp) hoặc hotline (đường dây nóng).");
                if (channel == FeedbackChannel.Hotline && request.CallAt is null) return Problems.Field("callAt", "Nhập thời điểm cuộc gọi.");
                // Trial 16h LOW G: a call time on a desk entry was dropped silently; likely a hotline call recorded on the wrong
                // channel, whose deadlines would count from the call.
                if (channel == FeedbackChannel.Desk && request.CallAt is not null)
                    return Problems.Field("callAt", "Phản ánh nhận trực tiếp không có thời điểm cuộc gọi: bỏ callAt, hoặc chọn kênh hotline nếu đây là cuộc gọi.");
                // Third trial LOW 3: without agencyCode the feedback is the officer's own agency's, as the page preselects; the
                // centre's default is the public form's, and a desk officer elsewhere could not then read what they recorded.
                var submission = string.IsNullOrWhiteSpace(request.AgencyCode)
                    ? request.Submission with { AgencyCode = await store.AgencyCodeAsync(officer.AgencyId!.Value, ct) }
                    : request.Submission;
                var (receipt, errors, conflict) = await store.RegisterAsync(submission, channel.Value, officer.Actor,
                    channel == FeedbackChannel.Hotline ? request.CallAt : null, null, null, ct);
                return Answer(receipt, errors, conflict, http);
            })
            .Produces<FeedbackReceipt>(StatusCodes.Status201Created).ProducesProblem(422)
            .WithSummary("Cán bộ ghi nhận phản ánh, kiến nghị trực tiếp hoặc qua đường dây nóng");

        officers.MapGet("/", async (string? status, bool? overdue, int? page, FeedbackStore store, HttpContext http, PersonalDataReads reads, CancellationToken ct) =>
            {
                if (Officer(http.User) is not { } officer) return Refused(http.User);
                FeedbackStatus? filter = null;
                if (!string.IsNullOrEmpty(status))
                {
                    if (!FeedbackNames.StatusNames.TryGetValue(status, out var s)) return Problems.Field("status", $"Trạng thái phải là một trong: {string.Join(", ", FeedbackNames.StatusNames.Keys)}.");
                    filter = s;
                }
                var lines = await store.ListAsync(officer, filter, overdue ?? false, page ?? 1, ct);
                reads.Listed("feedback", lines.Select(l => l.Number!));
                return Results.Ok(lines);
            })
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
            .Produces<IReadOnlyList<FeedbackLine>>().WithSummary("Phản ánh, kiến nghị của cơ quan: quá hạn trước, rồi theo hạn");

        officers.MapGet("/figures", async (string? from, string? to, string? scope, FeedbackStore store, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                if (Officer(http.User) is not { } officer) return Refused(http.User);
                var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
                var (start, wrongFrom) = string.IsNullOrWhiteSpace(from) ? (new DateOnly(today.Year, 1, 1), null) : ReportDate.Read(from, "Ngày đầu");
                if (wrongFrom is not null) return Problems.Field("from", wrongFrom);
                var (end, wrongTo) = string.IsNullOrWhiteSpace(to) ? (today, null) : ReportDate.Read(to, "Ngày cuối");
                if (wrongTo is not null) return Problems.Field("to", wrongTo);
                if (end < start) return Problems.Field("to", "Ngày cuối phải không trước ngày đầu.");
                switch (scope)
                {
                    case null or "" or "agency":
                        return Results.Ok(await store.FiguresAsync(officer.AgencyId!.Value, start!.Value, end!.Value, ct));
                    case "province":
                        if (!await store.IsCentreAsync(officer.AgencyId!.Value, ct))
                            return Problems.Forbidden("Số liệu phản ánh, kiến nghị toàn tỉnh dành cho cán bộ của Trung tâm Phục vụ hành chính công tỉnh; cơ quan khác xem số liệu của mình.");
                        return Results.Ok(await store.ProvinceFiguresAsync(start!.Value, end!.Value, ct));
                    default:
                        return Problems.Field("scope", "scope phải là agency (cơ quan của bạn, mặc định) hoặc province (toàn tỉnh).");
                }
            })
            .Produces<FeedbackFigures>().ProducesProblem(403).ProducesProblem(422)
            .WithSummary("Số liệu phản ánh, kiến nghị cho báo cáo và bảng điều hành (không tính khiếu nại, tố cáo): của cơ quan, hoặc toàn tỉnh (scope=province, cán bộ Trung tâm) với từng cơ quan và tổng cộng");

        officers.MapGet("/{number}", async (string number, FeedbackStore store, HttpContext http, PersonalDataReads reads, CancellationToken ct) =>
            {
                if (Officer(http.User) is not { } officer) return Refused(http.User);
                if (await store.FindAsync(number, officer, ct) is not { } found) return Problems.NotFound($"Không có phản ánh, kiến nghị số {Problems.Echo(number)} tại cơ quan của bạn.");
                reads.Read(found.Number!);
                return Results.Ok(found);
            })
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.Phone, PersonalFields.Email, PersonalFields.Address, PersonalFields.IdNumber))
            .Produces<FeedbackDetail>().ProducesProblem(404).WithSummary("Một phản ánh, kiến nghị với thông tin người gửi và các bước xử lý");

        Act(officers, "classify", FeedbackAction.Classify, "Phân loại: refused, staff-conduct, within-competence, outside-competence (kèm transferTo khi chuyển)");
        Act(officers, "request-information", FeedbackAction.RequestInformation, "Đề nghị người gửi bổ sung thông tin (what)");
        Act(officers, "information-received", FeedbackAction.InformationReceived, "Đã nhận thông tin bổ sung: hạn xử lý tính lại 15 ngày làm việc");
        Act(officers, "answer", FeedbackAction.Answer, "Trả lời (text); người gửi nhận trả lời qua thư điện tử, tin nhắn");
        Act(officers, "publish", FeedbackAction.Publish, "Công khai trả lời (text, thông tin cá nhân của người gửi được che)");
        Act(officers, "route-away", FeedbackAction.RouteAway, "Là khiếu nại, tố cáo: chuyển theo pháp luật khiếu nại, tố cáo (kind, destination)");
    }

    private static void Act(RouteGroupBuilder officers, string path, FeedbackAction action, string summary) =>
        officers.MapPost($"/{{number}}/{path}", async (string number, FeedbackActInput? input, FeedbackStore store, HttpContext http, PersonalDataReads reads, CancellationToken ct) =>
            {
                if (Officer(http.User) is not { } officer) return Refused(http.User);
                var result = await store.ActAsync(number, action, input ?? new FeedbackActInput(null, null, null, null, null, null, null, null), officer, ct);
                if (result.Errors is { } errors) return Problems.Validation(errors);
                if (result.NotFound) return Problems.NotFound($"Không có phản ánh, kiến nghị số {Problems.Echo(number)} tại cơ quan của bạn.");
                if (result.Refused is { } refused)
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: Problems.TitleOf(StatusCodes.Status409Conflict), detail: refused.Message,
                        type: "https://motcua.vn/problems/feedback-transition", extensions: new Dictionary<string, object?> { ["status"] = refused.Current.ApiName() });
                reads.Read(result.Done!.Number!);
                return Results.Ok(result.Done);
            })
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.Phone, PersonalFields.Email, PersonalFields.Address, PersonalFields.IdNumber))
            .Produces<FeedbackDetail>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422).WithSummary(summary);

    /// <summary>The signed-in officer when their role handles feedback and they belong to an agency; else null.</summary>
    public static MotCua.Domain.Dossiers.Officer? Officer(ClaimsPrincipal user) =>
        Claims.OfficerOf(user) is { AgencyId: not null } officer && FeedbackOfficers.MayHandle(officer.Role) ? officer : null;

    private static IResult Refused(ClaimsPrincipal user) => Problems.Forbidden(Claims.ClientIdOf(user) is not null
        ? "Hệ thống tích hợp không xử lý phản ánh, kiến nghị."
        : "Vai trò của bạn không xử lý phản ánh, kiến nghị (dành cho cán bộ tiếp nhận, chuyên viên, lãnh đạo phòng và lãnh đạo cơ quan).");

    private static IResult Answer(FeedbackReceipt? receipt, Dictionary<string, string[]> errors, string? conflict, HttpContext http)
    {
        if (conflict is not null) return Problems.Conflict(conflict);
        if (receipt is null) return Problems.Validation(errors);
        if (receipt.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Ok(receipt);
        }
        return receipt.Number is { } number ? Results.Created($"/api/v1/public/feedback/{number}", receipt) : Results.Ok(receipt);
    }
}
