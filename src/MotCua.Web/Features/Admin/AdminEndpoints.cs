using Microsoft.AspNetCore.Authentication.Cookies;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Admin;

/// <summary>
/// The administrator's API for units and people (docs/ADMINISTRATION.md). Everything under /api/v1/admin requires the
/// administrator role (403 otherwise, nothing written); changing one's own password only a signed-in officer.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Policies.Admin);

        admin.MapGet("/agencies", async (string? q, string? kind, int? page, AgencyAdministration agencies, HttpResponse response, CancellationToken ct) =>
                Listed(response, await agencies.ListAsync(q, kind, page ?? 1, ct)))
            .WithSummary("Cơ quan, đơn vị: tìm theo tên hoặc mã định danh (không phân biệt dấu), lọc theo cấp; tổng số ở X-Total-Count");
        admin.MapGet("/agencies/{code}", async (string code, AgencyAdministration agencies, CancellationToken ct) =>
                await agencies.DetailAsync(code, ct) is { } detail ? Results.Ok(detail) : Problems.NotFound($"Không tìm thấy cơ quan có mã '{Problems.Echo(code)}'."))
            .WithSummary("Một cơ quan với các phiên bản (ngày hiệu lực, căn cứ) và đơn vị kế thừa nếu đã chấm dứt");
        admin.MapPost("/agencies", async (AgencyRequest request, AgencyAdministration agencies, HttpContext http, CancellationToken ct) =>
                Answer(await agencies.CreateAsync(request, http.User, ct), created: true))
            .WithSummary("Thêm cơ quan, đơn vị (phiên bản 1 với ngày hiệu lực và căn cứ)");
        admin.MapPut("/agencies/{code}", async (string code, AgencyRequest request, AgencyAdministration agencies, HttpContext http, CancellationToken ct) =>
                Answer(await agencies.UpdateAsync(code, request, http.User, ct)))
            .WithSummary("Sửa cơ quan: thay mọi trường, ghi một phiên bản mới với ngày hiệu lực và căn cứ");
        admin.MapPost("/reorganisations", async (ReorganisationBody body, bool? preview, Reorganisations reorganisations, HttpContext http, CancellationToken ct) =>
            {
                var outcome = await reorganisations.ExecuteAsync(body, http.User, preview == true, ct);
                return outcome switch
                {
                    { Errors: { } errors } => Problems.Validation(errors),
                    { Conflict: { } conflict } => Problems.Conflict(conflict),
                    _ => Results.Ok(outcome.Report),
                };
            })
            .WithSummary("Sáp nhập hoặc chia tách đơn vị: chuyển hồ sơ đang giải quyết, thủ tục áp dụng và cán bộ sang đơn vị kế thừa (preview=true: chỉ xem trước)");

        admin.MapGet("/users", async (string? q, string? agency, string? role, int? page, UserAdministration users, HttpResponse response, CancellationToken ct) =>
                Listed(response, await users.ListAsync(q, agency, role, page ?? 1, ct)))
            .WithSummary("Tài khoản: tìm theo họ tên hoặc tên đăng nhập, lọc theo cơ quan và vai trò");
        admin.MapGet("/users/{userName}", async (string userName, UserAdministration users, CancellationToken ct) =>
                await users.FindAsync(userName, ct) is { } user ? Results.Ok(user) : Problems.NotFound($"Không tìm thấy tài khoản '{Problems.Echo(userName)}'."))
            .WithSummary("Một tài khoản");
        admin.MapPost("/users", async (UserRequest request, UserAdministration users, HttpContext http, CancellationToken ct) =>
                Answer(await users.CreateAsync(request, http.User, ct), created: true))
            .WithSummary("Tạo tài khoản với mật khẩu ban đầu theo chính sách mật khẩu");
        admin.MapPut("/users/{userName}", async (string userName, UserRequest request, UserAdministration users, HttpContext http, CancellationToken ct) =>
                Answer(await users.UpdateAsync(userName, request, http.User, ct)))
            .WithSummary("Sửa họ tên, vai trò, cơ quan, thư điện tử, điện thoại của tài khoản");
        admin.MapPost("/users/{userName}/deactivate", async (string userName, UserAdministration users, HttpContext http, CancellationToken ct) =>
                Answer(await users.SetActiveAsync(userName, false, http.User, ct)))
            .WithSummary("Ngừng tài khoản: không đăng nhập được nữa");
        admin.MapPost("/users/{userName}/reactivate", async (string userName, UserAdministration users, HttpContext http, CancellationToken ct) =>
                Answer(await users.SetActiveAsync(userName, true, http.User, ct)))
            .WithSummary("Mở lại tài khoản đã ngừng");
        admin.MapPost("/users/{userName}/password", async (string userName, PasswordRequest request, UserAdministration users, HttpContext http, CancellationToken ct) =>
                Answer(await users.ResetPasswordAsync(userName, request.Password, http.User, ct)))
            .WithSummary("Đặt lại mật khẩu của tài khoản theo chính sách mật khẩu");

        app.MapPost("/api/v1/account/password", async (OwnPasswordRequest request, UserAdministration users, Sessions sessions, HttpContext http, CancellationToken ct) =>
            {
                var outcome = await users.ChangeOwnPasswordAsync(http.User, request, http.Connection.RemoteIpAddress, ct);
                // The new stamp ends the officer's other sessions; this one goes on with a renewed cookie.
                if (outcome.User is not null) await sessions.RenewAsync(http, ct);
                return Answer(outcome);
            })
            // A person's own account: an officer signed in with the cookie; an integrated system's key has no password.
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireClaim(Claims.UserId))
            .WithTags("Administration").WithSummary("Đổi mật khẩu của chính mình (mật khẩu hiện tại và mật khẩu mới)");
    }

    // One page of a list; the total goes in X-Total-Count.
    private static IResult Listed<T>(HttpResponse response, (IReadOnlyList<T> Items, int Total) page)
    {
        response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Ok(page.Items);
    }

    private static IResult Answer(AgencyOutcome outcome, bool created = false) =>
        Answer(outcome.Agency, outcome.Errors, outcome.NotFound, created ? $"/api/v1/admin/agencies/{Uri.EscapeDataString(outcome.Agency?.Agency.Code ?? "")}" : null);

    private static IResult Answer(UserOutcome outcome, bool created = false) =>
        Answer(outcome.User, outcome.Errors, outcome.NotFound, created ? $"/api/v1/admin/users/{Uri.EscapeDataString(outcome.User?.UserName ?? "")}" : null);

    // 404 for what does not exist, 422 naming the fields, else the saved thing (201 at its address when created).
    private static IResult Answer<T>(T? saved, IDictionary<string, string[]>? errors, string? missing, string? createdAt) => (missing, errors) switch
    {
        ({ } notFound, _) => Problems.NotFound(notFound),
        (_, { } invalid) => Problems.Validation(invalid),
        _ when createdAt is not null => Results.Created(createdAt, saved),
        _ => Results.Ok(saved),
    };
}
