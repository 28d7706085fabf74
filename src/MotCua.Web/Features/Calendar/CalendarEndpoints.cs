using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Intake;

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
            if (year is < 1900 or > 2100) return Problems.Field("year", "Năm phải từ 1900 đến 2100.");
            var resolved = await AgencyAsync(db, agency, ct);
            if (resolved is null) return Problems.Field("agency", $"Không tìm thấy cơ quan có mã '{agency}'.");
            var working = await store.ForAsync(resolved, ct);
            return Results.Ok(new CalendarYearView(year, working.Settings.OfficeHours.ToString(), working.Settings.Cutoff.ToString("HH:mm"),
                working.SpecialDays(year).Select(d => new CalendarDayView(d.Date, CalendarDayKinds.Name(d.Kind), d.Name)).ToList()));
        }).Produces<CalendarYearView>().ProducesValidationProblem(422).WithSummary("Ngày nghỉ lễ, nghỉ bù, ngày làm bù của một năm");

        calendar.MapGet("/due", async (string? from, decimal? amount, string? unit, string? agency, string? channel, MotCuaDb db, CalendarStore store, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!DateTimeOffset.TryParse(from, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start))
                errors["from"] = ["Thời điểm bắt đầu phải theo ISO-8601, ví dụ 2026-11-21T09:30:00+07:00."];
            else if (start.Year is < 1901 or > 2099) errors["from"] = ["Thời điểm bắt đầu phải trong khoảng 1901–2099."];
            if (amount is not { } n || n <= 0 || n > 1000) errors["amount"] = ["Thời hạn phải là số dương, không quá 1000."];
            TimeUnit? parsedUnit = unit switch { "workingDays" => TimeUnit.WorkingDays, "workingHours" => TimeUnit.WorkingHours, _ => null };
            if (parsedUnit is null) errors["unit"] = ["Đơn vị phải là 'workingDays' hoặc 'workingHours'."];
            var parsedChannel = DossierIntake.ParseChannel(channel ?? "direct");
            if (parsedChannel is null) errors["channel"] = ["Kênh phải là 'direct', 'online' hoặc 'postal'."];
            var resolved = await AgencyAsync(db, agency, ct);
            if (resolved is null) errors["agency"] = [$"Không tìm thấy cơ quan có mã '{agency}'."];
            if (errors.Count > 0) return Problems.Validation(errors);
            var due = (await store.ForAsync(resolved!, ct)).ComputeDue(start, new TimeLimit(amount!.Value, parsedUnit!.Value), parsedChannel!.Value);
            return Results.Ok(new DueView(due.Start, due.DueAt, due.Skipped));
        }).Produces<DueView>().ProducesValidationProblem(422).WithSummary("Tính ngày hẹn trả theo lịch làm việc, kèm giải thích");
    }

    /// <summary>The agency named by code; with none named, the calendar of the provincial centre (national defaults).</summary>
    private static Task<Agency?> AgencyAsync(MotCuaDb db, string? code, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(code)
            ? db.Agencies.AsNoTracking().OrderBy(a => a.Kind == AgencyKinds.ProvinceCenter ? 0 : 1).ThenBy(a => a.Id).FirstOrDefaultAsync(ct)
            : db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code.Trim(), ct);
}
