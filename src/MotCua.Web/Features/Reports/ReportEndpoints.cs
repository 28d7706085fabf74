using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// Biểu 06 for systems (docs/REPORTS.md): <c>GET /api/v1/reports/bieu-06?agency=&amp;from=&amp;to=&amp;period=</c> as JSON (rows per
/// field with the fifteen columns and the total row), <c>…/bieu-06.xlsx</c> (the official layout, number cells; a second
/// sheet "Theo đơn vị" for a roll-up) and <c>…/bieu-06.pdf</c> (A4 landscape; a per-unit section for a roll-up). <c>agency</c> is a unit's code (default: the leader's own unit, or the province
/// centre); <c>from</c>/<c>to</c> are Vietnam dates yyyy-MM-dd or dd/MM/yyyy, inclusive, or <c>period</c> a named period
/// ("quy-1-2026", "6-thang-2026", "nam-2026"); default the current quarter. 422 names <c>agency</c>, <c>from</c>, <c>to</c> or
/// <c>period</c>; 403 for a caller <see cref="ReportAccess"/> refuses. A report whose counts break an identity is not
/// published: 500 with the identity named, and an error logged.
/// </summary>
public static class ReportEndpoints
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").RequireAuthorization(Policies.Api).WithTags("Reports");
        reports.MapGet("/bieu-06", (string? agency, string? from, string? to, string? period, HttpContext http, MotCuaDb db, TimeProvider clock, ILoggerFactory log, CancellationToken ct) =>
                AnswerAsync(agency, from, to, period, http, db, clock, log, ct, (unit, units, p, report, perUnit) =>
                    Results.Ok(new Bieu06View(unit.Code, unit.Name, [.. units.Select(u => u.Code)], p.Label, report.From, report.To, report.Rows, report.Total,
                        Bieu06Reports.UnitRows(units, perUnit)))))
            .Produces<Bieu06View>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Biểu số 06/VPCP/KSTT: tình hình, kết quả giải quyết TTHC của đơn vị (và các đơn vị trực thuộc) trong kỳ");
        reports.MapGet("/bieu-06.xlsx", (string? agency, string? from, string? to, string? period, HttpContext http, MotCuaDb db, TimeProvider clock, ILoggerFactory log, CancellationToken ct) =>
                AnswerAsync(agency, from, to, period, http, db, clock, log, ct, (unit, units, p, report, perUnit) =>
                    Results.File(Bieu06Book.Xlsx(Letterheads.Of(unit), report, p, UnitLines(units, perUnit)), XlsxType, FileName(unit, report, "xlsx"))))
            .Produces(StatusCodes.Status200OK, contentType: XlsxType).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Biểu số 06/VPCP/KSTT (Excel, mẫu chính thức, số là ô số)");
        reports.MapGet("/bieu-06.pdf", (string? agency, string? from, string? to, string? period, HttpContext http, MotCuaDb db, TimeProvider clock, ILoggerFactory log, CancellationToken ct) =>
                AnswerAsync(agency, from, to, period, http, db, clock, log, ct, (unit, units, p, report, perUnit) =>
                    Results.File(Bieu06Book.Pdf(Letterheads.Of(unit), report, p, UnitLines(units, perUnit)), "application/pdf", FileName(unit, report, "pdf"))))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Biểu số 06/VPCP/KSTT (PDF A4 ngang)");
    }

    // The per-unit lines as the documents print them: a row per unit, its name in the field's place (second trial).
    private static IReadOnlyList<Bieu06Row> UnitLines(IReadOnlyList<Agency> units, IReadOnlyDictionary<int, Bieu06Report> perUnit) =>
        [.. Bieu06Reports.UnitRows(units, perUnit).Select(u => u.Total)];

    private static string FileName(Agency unit, Bieu06Report report, string extension) =>
        $"bieu-06-{unit.Code}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.{extension}";

    private static async Task<IResult> AnswerAsync(string? agency, string? from, string? to, string? period, HttpContext http, MotCuaDb db, TimeProvider clock,
        ILoggerFactory log, CancellationToken ct, Func<Agency, IReadOnlyList<Agency>, Bieu06Period, Bieu06Report, IReadOnlyDictionary<int, Bieu06Report>, IResult> answer)
    {
        var resolved = await Bieu06Reports.ResolveAsync(db, http.User, agency, period, from, to, clock, ct);
        if (resolved.Problem is not null) return resolved.Problem;
        try
        {
            var (report, perUnit) = await Bieu06Reports.BuildWithUnitsAsync(db, [.. resolved.Units.Select(u => u.Id)], resolved.Period, ct);
            return answer(resolved.Agency!, resolved.Units, resolved.Period, report, perUnit);
        }
        catch (Bieu06IdentityException broken)
        {
            log.CreateLogger(typeof(ReportEndpoints)).LogError("Biểu 06 not published: {Identity}", broken.Message);
            return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Báo cáo không được công bố",
                detail: $"Số liệu không thỏa đẳng thức của biểu: {broken.Message}");
        }
    }
}
