using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Calendar;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>The body of <c>POST /api/v1/admin/portal/repush</c>: <c>state</c> <c>failed</c> (every dossier whose sync
/// failed) or <c>all</c> (every dossier received), either narrowed by <c>agency</c> code and submission dates <c>from</c>/<c>to</c>
/// (dd/MM/yyyy or yyyy-MM-dd, Vietnam time, years 2000–2100: <see cref="ReportDate.Read"/>), or a list of <c>codes</c>; at most 10,000 dossiers.</summary>
public sealed record RepushRequest(string? State, string? Agency, string? From, string? To, List<string>? Codes);

/// <summary>
/// The portal sync's API (docs/PORTAL.md, docs/API.md): a dossier's sync state, readable by whoever may read the dossier
/// (<see cref="DossierAccess.CanRead"/>, the rule of <c>GET /api/v1/dossiers/{code}</c>; 404 for anyone else: the state
/// shows the payload sent, with the applicant's name and identifiers, and the read is audited as a dossier read); its
/// re-push, the backlog and a bulk re-push, administrator role only.
/// </summary>
public static class PortalSyncEndpoints
{
    public static void MapPortalSyncEndpoints(this IEndpointRouteBuilder app)
    {
        var state = app.MapGroup("/api/v1/dossiers/{code}/sync").WithTags("Cổng DVCQG").RequireAuthorization(Policies.Api);
        state.MapGet("/", async (string code, PortalSync sync, MotCua.Data.MotCuaDb db, HttpContext http, CancellationToken ct) =>
                await DossierAccess.ReadAsync(db, http.User, code, ct) is not null && await sync.StateAsync(code, ct) is { } found
                    ? Results.Ok(found)
                    : Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem."))
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Phone, PersonalFields.Email))
            .WithSummary("Trạng thái đồng bộ hồ sơ lên Cổng DVCQG (pending|synced|failed|monitored), số lần gửi, dữ liệu gửi gần nhất, câu trả lời của Cổng");
        var dossiers = app.MapGroup("/api/v1/dossiers/{code}/sync").WithTags("Cổng DVCQG").RequireAuthorization(Policies.Admin);
        dossiers.MapPost("/repush", async (string code, PortalSync sync, HttpContext http, CancellationToken ct) =>
            {
                if (await sync.StateAsync(code, ct) is not { } state) return Problems.NotFound($"Không có hồ sơ {Problems.Echo(code)}.");
                if (state.State == "monitored") return Monitored(code);
                if (!state.Configured) return NotConfigured();
                var done = await sync.RepushAsync([code], new { codes = new[] { code } }, http.User, ct);
                return Results.Accepted($"/api/v1/dossiers/{code}/sync", done);
            })
            .WithSummary("Đẩy lại hồ sơ lên Cổng DVCQG: gửi lại các thư lỗi và một bản cập nhật hồ sơ hiện tại; luôn an toàn");

        var admin = app.MapGroup("/api/v1/admin/portal").WithTags("Cổng DVCQG").RequireAuthorization(Policies.Admin);
        admin.MapGet("/backlog", async (int? page, PortalSync sync, CancellationToken ct) => Results.Ok(await sync.BacklogAsync(page ?? 1, ct)))
            .WithSummary("Tồn đọng đồng bộ Cổng DVCQG: chờ gửi, chờ gửi lại, đã gửi trong 24 giờ, thất bại, hồ sơ lỗi với câu trả lời của Cổng");
        admin.MapPost("/repush", async (RepushRequest? body, PortalSync sync, MotCua.Data.MotCuaDb db, HttpContext http, CancellationToken ct) =>
            {
                if (body is null) return Problems.Field("state", "Gửi state là failed hoặc all, hoặc danh sách codes.");
                var (codes, problem) = await CodesAsync(body, sync, db, ct);
                if (problem is not null) return problem;
                if (codes!.Count > PortalSync.MaxRepush)
                    return Problems.Field(body.Codes is null ? "state" : "codes", $"Một lần đẩy lại tối đa {PortalSync.MaxRepush:N0} hồ sơ; đã chọn {codes.Count:N0}. Thu hẹp theo đơn vị hoặc ngày.");
                var done = await sync.RepushAsync(codes, body, http.User, ct);
                return done is null ? NotConfigured() : Results.Accepted("/api/v1/admin/portal/backlog", done);
            })
            .WithSummary("Đẩy lại nhiều hồ sơ lên Cổng DVCQG (tối đa 10.000): mọi hồ sơ lỗi, hoặc mọi hồ sơ theo đơn vị, ngày tiếp nhận, hoặc danh sách mã");
    }

    // A ministry's dossier received for monitoring is the ministry's to send: the portal never gets it from here (issue 16).
    private static IResult Monitored(string code) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Xung đột",
        detail: $"Hồ sơ {code} là hồ sơ của bộ, ngành gửi sang để theo dõi; hệ thống không đẩy hồ sơ này lên Cổng DVCQG.",
        type: "https://motcua.vn/problems/portal-dossier-monitored");

    private static IResult NotConfigured() => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Xung đột",
        detail: "Máy chủ này chưa cấu hình Cổng DVCQG (Motcua:Portal:SyncUrl); không có gì để đẩy lại.", type: "https://motcua.vn/problems/portal-not-configured");

    // The dossiers a bulk re-push covers, or a 422 naming the field.
    private static async Task<(List<string>? Codes, IResult? Problem)> CodesAsync(RepushRequest body, PortalSync sync, MotCua.Data.MotCuaDb db, CancellationToken ct)
    {
        // Third trial LOW 9: one 422 names every wrong field (a wrong `from` hid a wrong `to` and `agency`).
        var errors = new Dictionary<string, string[]>();
        if (body.Codes is { } given)
        {
            if (given.Count == 0) return (null, Problems.Field("codes", "Danh sách codes trống: gửi ít nhất một mã hồ sơ, hoặc state."));
            // A monitored dossier keeps its ministry's code, not of our shape: it is skipped by the re-push (and named in its
            // answer), not a wrong code refusing the whole list (fresh trial p16n LOW D).
            var others = given.Where(c => !MotCua.Domain.Dossiers.DossierCode.TryParse(c, out _, out _, out _)).ToList();
            List<string> monitored = others.Count == 0 ? [] : await db.Dossiers.Where(d => others.Contains(d.Code) && d.Origin == MotCua.Domain.Dossiers.DossierOrigin.Monitored)
                .Select(d => d.Code).ToListAsync(ct);
            for (var i = 0; i < given.Count; i++)
                if (!MotCua.Domain.Dossiers.DossierCode.TryParse(given[i], out _, out _, out _) && !monitored.Contains(given[i]))
                    errors[$"codes[{i}]"] = [$"'{given[i]}' không phải mã hồ sơ (dạng 000.00.00.H00-yyMMdd-0001)."];
            return errors.Count > 0 ? (null, Problems.Validation(errors)) : ([.. given], null);
        }
        if (body.State is not ("failed" or "all"))
            errors["state"] = ["state phải là failed hoặc all (hoặc gửi danh sách codes)."];
        // Trial 16b MEDIUM 3: the filters are checked and applied for both states (they were ignored for failed).
        DateOnly? from = null, to = null;
        if (body.From is { Length: > 0 } f) { var (d, wrong) = ReportDate.Read(f, "Ngày từ"); if (wrong is not null) errors["from"] = [wrong]; from = d; }
        if (body.To is { Length: > 0 } t) { var (d, wrong) = ReportDate.Read(t, "Ngày đến"); if (wrong is not null) errors["to"] = [wrong]; to = d; }
        if (from > to) errors["from"] = ["Ngày bắt đầu sau ngày kết thúc."];
        int? agencyId = null;
        if (body.Agency is { Length: > 0 } agency)
        {
            agencyId = await db.Agencies.Where(a => a.Code == agency).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
            if (agencyId is null) errors["agency"] = [$"Không có đơn vị mã {agency}."];
        }
        if (errors.Count > 0) return (null, Problems.Validation(errors));
        var dossiers = db.Dossiers.AsQueryable();
        if (agencyId is { } id) dossiers = dossiers.Where(d => d.ReceivingAgencyId == id);
        if (from is { } start) { var at = VietnamTime.At(start, TimeOnly.MinValue); dossiers = dossiers.Where(d => d.SubmittedAt >= at); }
        if (to is { } end) { var at = VietnamTime.At(end.AddDays(1), TimeOnly.MinValue); dossiers = dossiers.Where(d => d.SubmittedAt < at); }
        if (body.State == "failed")
        {
            var failed = await sync.FailedCodesAsync(ct);
            dossiers = dossiers.Where(d => failed.Contains(d.Code));
        }
        return ([.. await dossiers.OrderBy(d => d.Id).Select(d => d.Code).Take(PortalSync.MaxRepush + 1).ToListAsync(ct)], null);
    }

}
