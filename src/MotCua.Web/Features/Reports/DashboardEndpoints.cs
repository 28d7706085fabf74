using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// The dashboard for systems (docs/REPORTS.md §7): <c>GET /api/v1/reports/dashboard?agency=&amp;from=&amp;to=</c>, the figures
/// of the page <c>/bao-cao/tong-quan</c> as <see cref="DashboardView"/>. <c>agency</c> is a unit's code (default: the leader's
/// own unit, or the province centre for the inspector and the administrator); <c>from</c>/<c>to</c> are Vietnam dates
/// dd/MM/yyyy or yyyy-MM-dd, inclusive, at most 366 days, not after today (default: the last 30 days). 422 names
/// <c>agency</c>, <c>from</c> or <c>to</c>; 403 for a caller <see cref="Domain.Reports.ReportAccess"/> refuses.
/// </summary>
public static class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").RequireAuthorization(Policies.Api).WithTags("Reports");
        reports.MapGet("/dashboard", async (string? agency, string? from, string? to, HttpContext http, DashboardReads reads, CancellationToken ct) =>
            {
                var request = await reads.ResolveAsync(http.User, agency, from, to, ct);
                return request.Problem ?? Results.Ok(await reads.BuildAsync(request, ct));
            })
            .Produces<DashboardView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Tổng quan: tiếp nhận, giải quyết, quá hạn theo ngày; tỷ lệ đúng hạn theo đơn vị, lĩnh vực, thủ tục; bước chờ lâu nhất; hồ sơ quá hạn và người đang giữ");
    }
}
