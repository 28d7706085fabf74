using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>The per-step report as JSON: the unit and its roll-up, the period (Vietnam dates), the procedure filter and the rows.</summary>
public sealed record StepTimesView(string AgencyCode, string AgencyName, IReadOnlyList<string> UnitCodes, DateOnly From, DateOnly To, string? Procedure,
    IReadOnlyList<StepTimeRow> Rows);

/// <summary>The early warning as JSON: the unit and its roll-up, the minimum number of stays before a step's history is
/// used, and the flagged open dossiers.</summary>
public sealed record EarlyWarningView(string AgencyCode, string AgencyName, IReadOnlyList<string> UnitCodes, int MinimumSamples, IReadOnlyList<EarlyWarningRow> Dossiers);

/// <summary>
/// Per-step times and early warning for systems (docs/REPORTS.md §6), read under <see cref="Domain.Reports.ReportAccess"/>:
/// <list type="bullet">
/// <item><c>GET /api/v1/reports/steps?agency=&amp;procedure=&amp;from=&amp;to=</c>: per step of each procedure's process at the
/// unit and the units under it, stays that ended in the period (Vietnam dates yyyy-MM-dd or dd/MM/yyyy, inclusive; default the
/// current quarter): count, median, p90 and mean working hours, the step's limit in working hours and the on-time rate 0–1,
/// longest median first. 422 names <c>agency</c>, <c>procedure</c> (no such code), <c>from</c> or <c>to</c>; 403 for a caller
/// the rule refuses.</item>
/// <item><c>GET /api/v1/reports/early-warning?agency=</c>: the unit's open dossiers (status 4, clock running, due date not yet
/// passed) whose expected finish is after their due date, with the step that holds each one.</item>
/// </list>
/// </summary>
public static class StepTimeEndpoints
{
    public static void MapStepTimeEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").RequireAuthorization(Policies.Api).WithTags("Reports");
        reports.MapGet("/steps", async (string? agency, string? procedure, string? from, string? to, HttpContext http, MotCuaDb db, StepTimeReads reads,
                TimeProvider clock, CancellationToken ct) =>
            {
                var request = await ResolveAsync(db, http.User, agency, procedure, from, to, clock, ct);
                if (request.Problem is { } problem) return problem;
                var rows = await reads.ReportAsync([.. request.Units.Select(u => u.Id)], request.Procedure, request.From, request.To, ct);
                return Results.Ok(new StepTimesView(request.Agency!.Code, request.Agency.Name, [.. request.Units.Select(u => u.Code)],
                    request.From, request.To, request.Procedure, rows));
            })
            .Produces<StepTimesView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Thời gian thực hiện từng bước của quy trình nội bộ (giờ làm việc) và tỷ lệ đúng hạn của bước, theo đơn vị, thủ tục, kỳ");
        reports.MapGet("/early-warning", async (string? agency, HttpContext http, MotCuaDb db, StepTimeReads reads, TimeProvider clock, CancellationToken ct) =>
            {
                var request = await ResolveAsync(db, http.User, agency, null, null, null, clock, ct);
                if (request.Problem is { } problem) return problem;
                var rows = await reads.FlaggedAsync([.. request.Units.Select(u => u.Id)], ct);
                return Results.Ok(new EarlyWarningView(request.Agency!.Code, request.Agency.Name, [.. request.Units.Select(u => u.Code)],
                    Domain.Reports.EarlyWarning.MinimumSamples, rows));
            })
            .Produces<EarlyWarningView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Cảnh báo sớm: hồ sơ đang giải quyết dự kiến hoàn thành sau hạn trả kết quả, với bước đang giữ hồ sơ");
    }

    /// <summary>The request resolved: unit and roll-up, period, procedure; or the problem to answer (403, or 422 naming the field).</summary>
    /// <summary><see cref="Forbidden"/>: the rule refuses the caller (403); else <see cref="Message"/> says what input is wrong (422).</summary>
    public sealed record Request(Agency? Agency, IReadOnlyList<Agency> Units, DateOnly From, DateOnly To, string? Procedure, IResult? Problem,
        string? Message = null, bool Forbidden = false);

    /// <summary>The unit and period as Biểu 06 resolves them (<see cref="Bieu06Reports.ResolveAsync"/>), and the procedure
    /// code (trimmed; empty = every procedure) checked against the catalogue.</summary>
    public static async Task<Request> ResolveAsync(MotCuaDb db, ClaimsPrincipal user, string? agency, string? procedure, string? from, string? to,
        TimeProvider clock, CancellationToken ct)
    {
        var resolved = await Bieu06Reports.ResolveAsync(db, user, agency, null, from, to, clock, ct);
        var message = resolved.Refusal ?? resolved.Invalid?.Message;
        if (resolved.Problem is { } problem) return new(null, [], resolved.Period.From, resolved.Period.To, null, problem, message, resolved.Refusal is not null);
        var code = string.IsNullOrWhiteSpace(procedure) ? null : procedure.Trim();
        if (code is not null && !await db.Procedures.AnyAsync(p => p.Code == code, ct))
        {
            var text = $"Không có thủ tục mã {code}.";
            return new(null, [], resolved.Period.From, resolved.Period.To, null, Problems.Field("procedure", text), text);
        }
        return new(resolved.Agency, resolved.Units, resolved.Period.From, resolved.Period.To, code, null);
    }
}
