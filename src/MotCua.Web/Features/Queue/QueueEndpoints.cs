using System.Globalization;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.Queue;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Queue;

/// <summary>A ticket asked for: the service's letter (<c>A</c>) and, for a remote holder, an optional phone.</summary>
public sealed record TakeTicketRequest(string? Service, string? Phone);

/// <summary>A ticket just taken (201): the number, the holder's token (the ticket page is <see cref="Url"/>), the
/// position (people ahead counting the holder) and the estimate ("khoảng 15–20 phút").</summary>
public sealed record TakenTicketAnswer(string Number, string Token, int Position, string Estimate, string Service, DateTimeOffset TakenAt, string Url);

/// <summary>A ticket as the desk sees it: its id for the actions, number, service, counter, state and calls, and the code of
/// the dossier received while serving it (set by "Xong"), or null.</summary>
public sealed record DeskTicketAnswer(long Id, string Number, string Service, short? Counter, string State, int CallCount, DateTimeOffset TakenAt, DateTimeOffset? CalledAt, string? Dossier);

/// <summary>The outcome of <see cref="TicketTaking.TakeAsync"/>: a ticket, or the status, field, problem type and
/// Vietnamese message of the refusal.</summary>
public sealed record TakeResult(TakenTicket? Ticket, int Status, string? Field, string? Type, string? Message);

/// <summary>
/// Taking a ticket, shared by the API, the remote page and the kiosk (docs/CITIZENS.md "Queue and kiosk",
/// docs/design/ISSUE17.md §9): the centre (404), the service letter (422 <c>service</c>), the phone (422 <c>phone</c>,
/// <see cref="VietnamPhone"/>), then the kiosk channel when the request carries the cookie of an enrolled, unrevoked
/// kiosk of this centre (409 <c>queue-closed</c> outside the centre's hours, <see cref="RemoteWindow.Hours"/>), else the
/// remote rules: 409 <c>queue-closed</c> outside <see cref="RemoteWindow"/>, 409
/// <c>remote-quota-reached</c>, 429 <c>ticket-held</c> while the phone holds an open ticket of the service.
/// </summary>
public static class TicketTaking
{
    public const string ClosedType = "https://motcua.vn/problems/queue-closed";
    public const string QuotaType = "https://motcua.vn/problems/remote-quota-reached";
    public const string HeldType = "https://motcua.vn/problems/ticket-held";
    public const string TransitionType = "https://motcua.vn/problems/ticket-transition";
    public const string BusyType = "https://motcua.vn/problems/queue-busy";

    /// <summary>Seconds a client waits before asking again when the database is saturated (503).</summary>
    public const int RetryAfterSeconds = 1;

    /// <param name="deviceKey">The SHA-256 of the remote page's device cookie (<see cref="DeviceKeyOf"/>), or null from the API.</param>
    public static async Task<TakeResult> TakeAsync(QueueStore store, KioskMode kiosks, HttpContext http, string agency, string? service, string? phone, string? deviceKey, CancellationToken ct)
    {
        if (await store.CentreAsync(agency, ct) is not { } centre) return new(null, 404, null, null, $"Không có cơ quan mã {agency}.");
        var services = await store.ServicesAsync(centre.Id, ct);
        if (services.Count == 0) return new(null, 404, null, null, $"{centre.Name} chưa dùng hệ thống xếp hàng.");
        var letter = service?.Trim().ToUpperInvariant();
        if (services.FirstOrDefault(s => letter is { Length: 1 } && s.Letter == letter[0]) is not { } chosen)
            return new(null, 422, "service", null, string.IsNullOrWhiteSpace(service)
                ? "Chọn dịch vụ cần lấy số."
                : $"Không có dịch vụ '{service}' tại {centre.Name}; chọn một trong: {string.Join(", ", services.Select(s => $"{s.Letter} ({s.Name})"))}.");
        string? national = null;
        if (!string.IsNullOrWhiteSpace(phone))
        {
            if (phone.Length > 32 || VietnamPhone.National(phone) is not { } digits) return new(null, 422, "phone", null, VietnamPhone.Problem(phone[..Math.Min(phone.Length, 32)]));
            national = digits;
        }
        int? deviceId = kiosks.DeviceOf(http) is { } device && device.AgencyId == centre.Id && await store.DeviceActiveAsync(device.DeviceId, centre.Id, ct) ? device.DeviceId : null;
        var (ticket, refusal) = await store.TakeAsync(centre, chosen, deviceId is null ? national : null, deviceId is null ? deviceKey : null, deviceId, ct);
        return refusal?.Refusal switch
        {
            null => new(ticket, 201, null, null, null),
            // Held by the phone's number, or (no number given) by the device's cookie: the service is what to change.
            RemoteRefusal.AlreadyHolding => new(null, 429, national is null ? "service" : "phone", HeldType, refusal.Message),
            RemoteRefusal.QuotaReached => new(null, 409, null, QuotaType, refusal.Message),
            _ => new(null, 409, null, ClosedType, refusal.Message),
        };
    }

    /// <summary>The remote page's device cookie: a random value that lets a phone without a number hold one open ticket per service.</summary>
    public const string DeviceCookie = "motcua-thiet-bi";

    /// <summary>
    /// The SHA-256 (hex) of the request's device cookie, setting a new random one (a year, HttpOnly, SameSite=Lax) when
    /// there is none or it is malformed [choice: the cookie is kept on the remote page only; API callers are apps, limited by
    /// address (<see cref="QueueEndpoints.RateLimitPolicy"/>); a holder who clears cookies gets a second ticket, which the
    /// address limit and the remote quota bound].
    /// </summary>
    public static string DeviceKeyOf(HttpContext http)
    {
        var value = http.Request.Cookies[DeviceCookie];
        if (value is not { Length: 24 } || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            value = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
            http.Response.Cookies.Append(DeviceCookie, value, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Path = "/xep-hang",
            });
        }
        return QueueStore.HashOf(value);
    }

    /// <summary>The ticket page's address for a token.</summary>
    public static string PageOf(string token) => "/xep-hang/ve/" + token;
}

/// <summary>
/// The queue over HTTP (docs/API.md): taking a ticket (anonymous; the kiosk channel only with an enrolled device's
/// cookie), the desk's "call the next number" per counter and the officer's actions on a ticket (receiving officers of
/// the centre only: 403 for another centre's counter or another role, 404 for another centre's ticket, 409
/// <c>ticket-transition</c>). A saturated database answers 503 with Retry-After, never 500.
/// </summary>
public static class QueueEndpoints
{
    /// <summary>The rate limiter policy of anonymous ticket taking: per client address (<c>Motcua:Queue:TicketsPerAddressPerHour</c>,
    /// default 20), POSTs only; an enrolled kiosk's requests are not counted (a centre's kiosk gives every walk-in's number).</summary>
    public const string RateLimitPolicy = "queue-take";

    /// <summary>The Vietnamese answer of a 429 from <see cref="RateLimitPolicy"/>.</summary>
    public const string RateLimitMessage = "Địa chỉ mạng này đã lấy quá nhiều số thứ tự trong một giờ. Vui lòng thử lại sau hoặc lấy số tại ki-ốt của bộ phận một cửa.";

    /// <summary>The largest ticket request, in bytes: a letter and a phone.</summary>
    public const long MaxBody = 4 * 1024;

    public static void MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/queue/{agency}/tickets", async (string agency, TakeTicketRequest request, QueueStore store, KioskMode kiosks, HttpContext http, CancellationToken ct) =>
            {
                try
                {
                    var result = await TicketTaking.TakeAsync(store, kiosks, http, agency, request.Service, request.Phone, null, ct);
                    if (result.Ticket is { } t)
                        return Results.Json(new TakenTicketAnswer(t.Number, t.Token, t.Position, t.Estimate.Text, t.ServiceName, t.TakenAt, TicketTaking.PageOf(t.Token)),
                            statusCode: StatusCodes.Status201Created);
                    return Refusal(result);
                }
                catch (Exception e) when (QueueStore.IsBusy(e))
                {
                    return Busy(http);
                }
            })
            .AllowAnonymous().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBody)).RequireRateLimiting(RateLimitPolicy)
            .Produces<TakenTicketAnswer>(StatusCodes.Status201Created).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422).ProducesProblem(429).ProducesProblem(503)
            .WithTags("Queue").WithSummary("Lấy số thứ tự của một dịch vụ tại bộ phận một cửa (tại ki-ốt đã đăng ký, hoặc trực tuyến trong khung giờ cho phép)");

        var admin = app.MapGroup("/api/v1/admin/queue").WithTags("Queue").RequireAuthorization(Policies.Admin);
        admin.MapGet("/{agency}", async (string agency, QueueAdministration queues, CancellationToken ct) =>
                await queues.ReadAsync(agency, ct) is { } answer ? Results.Ok(answer) : Problems.NotFound($"Không có cơ quan mã {Problems.Echo(agency)}."))
            .Produces<QueueConfigurationAnswer>().ProducesProblem(404)
            .WithSummary("Cấu hình xếp hàng của một bộ phận một cửa: các dịch vụ (chữ, tên, lĩnh vực, số lấy trực tuyến tối đa) và các quầy (số, tên, dịch vụ, đóng/mở)");
        admin.MapPut("/{agency}", async (string agency, QueueConfiguration configuration, QueueAdministration queues, HttpContext http, CancellationToken ct) =>
                await queues.SaveAsync(agency, configuration, http.User, ct) switch
                {
                    null => Problems.NotFound($"Không có cơ quan mã {Problems.Echo(agency)}."),
                    { Errors: { } errors } => Problems.Validation(errors.ToDictionary(e => e.Key, e => new[] { e.Value })),
                    { Saved: var saved } => Results.Ok(saved),
                })
            .Produces<QueueConfigurationAnswer>().ProducesProblem(404).ProducesProblem(422)
            .WithSummary("Thay toàn bộ cấu hình xếp hàng của một bộ phận một cửa (gửi lại cùng cấu hình không đổi gì); dịch vụ, quầy bỏ ra bị xóa, hoặc ngừng cấp số/đóng khi đã có số thứ tự dùng chúng");

        var desk = app.MapGroup("/api/v1/queue").WithTags("Queue").RequireAuthorization(Policies.Api);
        desk.MapPost("/counters/{id:int}/call-next", async (int id, QueueStore store, HttpContext http, CancellationToken ct) =>
            {
                if (ReceivingOfficer(http) is not { } officer) return Problems.Forbidden(NotReceiving);
                if (await store.CounterAsync(id, ct) is not { } counter) return Problems.NotFound($"Không có quầy số hiệu {id}.");
                if (counter.AgencyId != officer.AgencyId) return Problems.Forbidden("Quầy này thuộc bộ phận một cửa của cơ quan khác.");
                if (counter.Closed) return Results.Problem(statusCode: 409, title: Problems.TitleOf(409), detail: ClosedCounter, type: TicketTaking.TransitionType);
                var call = await store.CallNextAsync(counter, officer.Actor.UserId!.Value, ct);
                if (call.Refusal is not null) return Results.Problem(statusCode: 409, title: Problems.TitleOf(409), detail: call.Refusal, type: TicketTaking.TransitionType);
                return call.Called is { } ticket ? Results.Ok(Answer(ticket)) : Results.NoContent();
            })
            .Produces<DeskTicketAnswer>().Produces(StatusCodes.Status204NoContent).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Gọi số tiếp theo tại quầy: trước hết kết thúc số quầy đang phục vụ (xong) hoặc đang gọi (vắng mặt khi đủ điều kiện, nếu chưa thì 409), rồi gọi số chờ lâu nhất của các dịch vụ của quầy (204 khi không còn ai chờ); hai quầy không bao giờ gọi cùng một số");

        desk.MapGet("/figures", async (string? agency, string? from, string? to, string? by, QueueStore store, QueueFigureReads reads, MotCuaDb db, HttpContext http, CancellationToken ct) =>
            {
                if (Claims.OfficerOf(http.User) is not { } officer) return Problems.Forbidden("Hệ thống tích hợp không xem số liệu xếp hàng.");
                QueueGrouping? grouping = by?.Trim() switch
                {
                    null or "" or "counter" => QueueGrouping.Counter, "officer" => QueueGrouping.Officer, "service" => QueueGrouping.Service, "hour" => QueueGrouping.Hour, _ => null,
                };
                if (grouping is null) return Problems.Field("by", "by phải là counter, officer, service hoặc hour.");
                QueueCentre? centre;
                if (string.IsNullOrWhiteSpace(agency))
                {
                    if (officer.AgencyId is not { } own) return Problems.Field("agency", "Chọn cơ quan (mã cơ quan).");
                    centre = await store.CentreAsync(own, ct);
                }
                else if ((centre = await store.CentreAsync(agency, ct)) is null) return Problems.NotFound($"Không có cơ quan mã {Problems.Echo(agency)}.");
                if (!QueueFigureAccess.MayRead(officer, await Reports.ReportReaders.ReachesAsync(db, http.User, centre!.Id, ct)))
                    return Problems.Forbidden("Số liệu xếp hàng của một bộ phận một cửa dành cho lãnh đạo cơ quan đó (hoặc cơ quan cấp trên), thanh tra và quản trị.");
                var (start, wrongFrom) = string.IsNullOrWhiteSpace(from) ? (store.Today, null) : Domain.Reports.ReportDate.Read(from, "Ngày đầu");
                if (wrongFrom is not null) return Problems.Field("from", wrongFrom);
                var (end, wrongTo) = string.IsNullOrWhiteSpace(to) ? (start, null) : Domain.Reports.ReportDate.Read(to, "Ngày cuối");
                if (wrongTo is not null) return Problems.Field("to", wrongTo);
                if (end < start) return Problems.Field("to", "Ngày cuối phải không trước ngày đầu.");
                if (end!.Value.DayNumber - start!.Value.DayNumber > 366) return Problems.Field("to", "Xem tối đa một năm mỗi lần.");
                return Results.Ok(await reads.ReadAsync(centre!, start.Value, end.Value, grouping.Value, ct));
            })
            .Produces<QueueFiguresAnswer>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422)
            .WithSummary("Số liệu xếp hàng của một bộ phận một cửa theo quầy, cán bộ, dịch vụ hoặc giờ: thời gian chờ, thời gian phục vụ, số phục vụ mỗi giờ làm việc, vắng mặt, mức hài lòng");

        foreach (var (path, action, summary) in new[]
        {
            ("recall", TicketAction.Recall, "Gọi lại số đang gọi"),
            ("start", TicketAction.Start, "Bắt đầu phục vụ số đang gọi"),
            ("done", TicketAction.Done, "Kết thúc phục vụ"),
            ("no-show", TicketAction.NoShow, "Ghi vắng mặt (đã gọi ít nhất hai lần và quá thời gian chờ)"),
        })
            desk.MapPost($"/tickets/{{id:long}}/{path}", async (long id, QueueStore store, HttpContext http, CancellationToken ct) =>
                {
                    if (ReceivingOfficer(http) is not { } officer) return Problems.Forbidden(NotReceiving);
                    // "Xong" links the dossier this officer received while serving the holder.
                    var dossier = action == TicketAction.Done ? await store.ReceivedDuringAsync(id, officer.Actor.UserId!.Value, ct) : null;
                    var (outcome, refusal, ticket) = await store.ActAsync(id, officer.AgencyId!.Value, action, dossier?.Id, ct);
                    return outcome switch
                    {
                        TicketActOutcome.Done => Results.Ok(Answer(ticket!)),
                        TicketActOutcome.NotFound => Problems.NotFound($"Không có số thứ tự mã {id} tại bộ phận một cửa của ông/bà."),
                        _ => Results.Problem(statusCode: 409, title: Problems.TitleOf(409), detail: refusal, type: TicketTaking.TransitionType),
                    };
                })
                .Produces<DeskTicketAnswer>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
                .WithSummary(summary);
    }

    /// <summary>The answer for a counter its administrator closed (/quan-tri/xep-hang).</summary>
    public const string ClosedCounter = "Quầy này đã đóng (quản trị: Xếp hàng); chọn quầy khác.";

    private const string NotReceiving = "Chỉ cán bộ tiếp nhận của bộ phận một cửa gọi số và phục vụ số thứ tự.";

    /// <summary>The signed-in receiving officer of a centre, or null.</summary>
    public static Officer? ReceivingOfficer(HttpContext http) =>
        Claims.OfficerOf(http.User) is { Role: OfficerRole.ReceivingOfficer, AgencyId: not null, Actor.UserId: not null } officer ? officer : null;

    private static DeskTicketAnswer Answer(TicketView t) =>
        new(t.Id, t.Number, t.ServiceName, t.Counter, t.State.ToString().ToLowerInvariant(), t.CallCount, t.TakenAt, t.CalledAt, t.Dossier);

    private static IResult Refusal(TakeResult result) => result.Field is { } field
        ? Problems.Field(field, result.Message!, result.Status)
        : Results.Problem(statusCode: result.Status, title: Problems.TitleOf(result.Status), detail: result.Message, type: result.Type);

    private static IResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = TicketTaking.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: 503, title: Problems.TitleOf(503),
            detail: "Hệ thống đang cấp nhiều số cùng lúc; vui lòng thử lại sau giây lát.", type: TicketTaking.BusyType);
    }
}
