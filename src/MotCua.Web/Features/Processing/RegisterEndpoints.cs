using MotCua.Domain.Calendar;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

/// <summary>The signed-in officer's unit's Sổ theo dõi hồ sơ of a year, as PDF or Excel, built from the dossiers themselves.</summary>
public static class RegisterEndpoints
{
    public static void MapRegisterEndpoints(this IEndpointRouteBuilder app)
    {
        MapBook(app, "pdf", "application/pdf", RegisterBook.Pdf, "Sổ theo dõi hồ sơ của đơn vị trong năm (PDF, A4 ngang)");
        MapBook(app, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", RegisterBook.Xlsx,
            "Sổ theo dõi hồ sơ của đơn vị trong năm (Excel)");
    }

    // One endpoint per file format; only the renderer differs.
    private static void MapBook(IEndpointRouteBuilder app, string extension, string contentType, Func<RegisterBookForm, byte[]> render, string summary) =>
        app.MapGet($"/api/v1/registers/{{year:int}}.{extension}", async (int year, HttpContext http, MotCuaDb db, CancellationToken ct) =>
                await FormAsync(http, db, year, ct) is { } form
                    ? Results.File(render(form), contentType, $"so-theo-doi-ho-so-{year}.{extension}")
                    : Problems.Forbidden("Sổ theo dõi hồ sơ chỉ dành cho cán bộ, công chức của đơn vị tiếp nhận."))
            .RequireAuthorization(Policies.Api).WithTags("Processing")
            .Produces(StatusCodes.Status200OK, contentType: contentType).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary(summary);

    private static async Task<RegisterBookForm?> FormAsync(HttpContext http, MotCuaDb db, int year, CancellationToken ct)
    {
        if (Claims.OfficerOf(http.User) is null || Claims.AgencyIdOf(http.User) is not { } agencyId) return null;
        var unit = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == agencyId, ct);
        var dossiers = await db.Dossiers.AsNoTracking()
            .Where(d => d.ReceivingAgencyId == agencyId && d.RegisterYear == year).OrderBy(d => d.RegisterNumber).ToListAsync(ct);
        var resolving = dossiers.Select(d => d.ResolvingAgencyId ?? d.ReceivingAgencyId).Distinct().ToList();
        var names = await db.Agencies.AsNoTracking().Where(a => resolving.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return new RegisterBookForm
        {
            Letterhead = Letterheads.Of(unit),
            Year = year,
            Lines = [.. dossiers.Select(d => new RegisterLine(d.RegisterNumber!.Value, d.Code, d.ProcedureName, d.Sets, d.Applicant.FullName,
                $"{d.Applicant.Address}; {d.Applicant.Phone}", names[d.ResolvingAgencyId ?? d.ReceivingAgencyId],
                d.ReceivedAt, d.OriginalDueAt ?? d.DueAt, d.TransferredAt, d.ResultReadyAt, d.ReturnedAt, Note(d)))],
        };
    }

    // The status, how the dossier finished against its original due date, and the events statistics look for.
    private static string Note(Dossier d) => string.Join("; ", new[]
    {
        d.Status.Vietnamese(),
        d.Completion?.Vietnamese().ToLowerInvariant(),
        d.ExtendedAt is null ? null : $"hẹn lại đến {d.ExtensionDueAt!.Value.ToOffset(VietnamTime.Offset):dd/MM/yyyy}",
        d.SupplementRequestedAt is null ? null : "có yêu cầu bổ sung",
        d.ResultKind == ResultKind.Refused ? "từ chối giải quyết" : null,
    }.OfType<string>());
}
