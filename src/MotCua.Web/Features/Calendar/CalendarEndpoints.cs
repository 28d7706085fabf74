using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Calendar;

public sealed record CalendarDayView(DateOnly Date, string Kind, string Name);

public sealed record CalendarYearView(int Year, string OfficeHours, string Cutoff, IReadOnlyList<CalendarDayView> Days);

public sealed record DueView(DateTimeOffset Start, DateTimeOffset DueAt, IReadOnlyList<SkippedPeriod> Skipped);

public static class CalendarEndpoints
{
    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/api/v1/calendar").WithTags("Calendar");

        calendar.MapGet("/{year:int}", async (int year, string? agency, MotCuaDb db, CalendarStore store, CancellationToken ct) =>
        {
            if (!CalendarAdministration.IsYear(year)) return Problems.Field("year", "Năm phải từ 1900 đến 2100.");
            var resolved = await AgencyAsync(db, agency, ct);
            if (resolved is null) return Problems.Field("agency", $"Không tìm thấy cơ quan có mã '{agency}'.");
            var working = await store.ForAsync(resolved, ct);
            return Results.Ok(new CalendarYearView(year, working.Settings.OfficeHours.ToString(), working.Settings.Cutoff.ToString("HH:mm"),
                working.SpecialDays(year).Select(d => new CalendarDayView(d.Date, CalendarDayKinds.Name(d.Kind), d.Name)).ToList()));
        }).Produces<CalendarYearView>().ProducesValidationProblem(422).WithSummary("Ngày nghỉ lễ, nghỉ bù, ngày làm bù của một năm");

        calendar.MapGet("/due", async (string? from, decimal? amount, string? unit, string? agency, string? channel, MotCuaDb db, CalendarStore store, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var query = DueQuery.Check(VietnamTime.TryParseApiInstant(from, out var start) ? start : null, VietnamTime.ApiInstantFormat,
                amount, unit, channel ?? "direct", ApiFields, errors);
            var resolved = await AgencyAsync(db, agency, ct);
            if (resolved is null) errors["agency"] = [$"Không tìm thấy cơ quan có mã '{agency}'."];
            if (query is null || resolved is null) return Problems.Validation(errors);
            var due = (await store.ForAsync(resolved, ct)).ComputeDue(query.Start, query.Limit, query.Channel);
            return Results.Ok(new DueView(due.Start, due.DueAt, due.Skipped));
        }).Produces<DueView>().ProducesValidationProblem(422).WithSummary("Tính ngày hẹn trả theo lịch làm việc, kèm giải thích");

        // The administrator's side: official decisions per year, office hours and cut-offs per agency.
        var admin = app.MapGroup("/api/v1").RequireAuthorization(Policies.Admin).WithTags("Calendar")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/calendar/{year:int}/default-days", (int year) => CalendarAdministration.IsYear(year)
                ? Results.Ok(new OfficialDaysView(year, CalendarAdministration.DefaultDays(year)))
                : Problems.Field("year", "Năm phải từ 1900 đến 2100."))
            .Produces<OfficialDaysView>().ProducesValidationProblem(422)
            .WithSummary("Ngày nghỉ theo quy tắc mặc định của Bộ luật Lao động, để điền sẵn quyết định của năm");

        admin.MapGet("/calendar/{year:int}/official-days", async (int year, CalendarAdministration calendars, CancellationToken ct) =>
                CalendarAdministration.IsYear(year)
                    ? Results.Ok(new OfficialDaysView(year, await calendars.OfficialDaysAsync(year, ct)))
                    : Problems.Field("year", "Năm phải từ 1900 đến 2100."))
            .Produces<OfficialDaysView>().ProducesValidationProblem(422)
            .WithSummary("Quyết định nghỉ lễ đã nhập cho năm (rỗng: năm theo quy tắc mặc định)");

        admin.MapPut("/calendar/{year:int}/official-days", async (int year, HttpContext http, CalendarAdministration calendars, CancellationToken ct) =>
            {
                var (request, _, problem) = await JsonBody.ReadAsync<OfficialDaysRequest>(http.Request, ct);
                return problem ?? (await calendars.ReplaceOfficialDaysAsync(year, request!.Days, http.User, ct)).ToResult();
            })
            .Accepts<OfficialDaysRequest>("application/json").Produces<OfficialDaysView>().ProducesValidationProblem(422)
            .WithSummary("Thay toàn bộ quyết định nghỉ lễ, nghỉ bù, làm bù của năm")
            .WithDescription("Năm có ít nhất một ngày dùng đúng danh sách này thay cho quy tắc mặc định; danh sách rỗng trở về quy tắc mặc định. "
                + "kind: holiday | compensatory | makeupWorkday. Ngày nghỉ rơi vào Thứ Bảy, Chủ nhật cần ghi chú (note) nêu lý do.");

        admin.MapPut("/agencies/{code}/calendar", async (string code, HttpContext http, CalendarAdministration calendars, CancellationToken ct) =>
            {
                var read = await JsonBody.ReadAsync<AgencyCalendarRequest>(http.Request, ct);
                return read.Problem ?? (await calendars.UpdateAgencyCalendarAsync(code, read.Value, http.User, ct, read.Given)).ToResult();
            })
            .Accepts<AgencyCalendarRequest>("application/json").Produces<AgencyCalendarView>().ProducesValidationProblem(422).ProducesProblem(404)
            .WithSummary("Giờ làm việc và giờ nhận hồ sơ giấy cuối ngày của cơ quan")
            .WithDescription("officeHours ví dụ \"T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30\"; cutoff \"15:00\". Để trống (null): theo mặc định chung; "
                + "trường không gửi: giữ nguyên.");

        admin.MapPut("/agencies/{code}/procedures/{procedureCode}/cutoff", async (string code, string procedureCode, HttpContext http, CalendarAdministration calendars, CancellationToken ct) =>
            {
                var read = await JsonBody.ReadAsync<ProcedureCutoffRequest>(http.Request, ct);
                return read.Problem ?? (await calendars.UpdateProcedureCutoffAsync(code, procedureCode, read.Value, http.User, ct, read.Given)).ToResult();
            })
            .Accepts<ProcedureCutoffRequest>("application/json").Produces<ProcedureCutoffView>().ProducesValidationProblem(422).ProducesProblem(404)
            .WithSummary("Giờ nhận hồ sơ giấy cuối ngày riêng của một thủ tục tại cơ quan (null: theo giờ của cơ quan; không gửi cutoff: giữ nguyên)");
    }

    private static readonly DueQuery.Fields ApiFields = new("from", "amount", "unit", "channel");

    /// <summary>The agency named by code; with none named, the calendar of the provincial centre (national defaults).</summary>
    private static Task<Agency?> AgencyAsync(MotCuaDb db, string? code, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(code)
            ? db.Agencies.AsNoTracking().OrderBy(a => a.Kind == AgencyKinds.ProvinceCenter ? 0 : 1).ThenBy(a => a.Id).FirstOrDefaultAsync(ct)
            : db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code.Trim(), ct);

}
