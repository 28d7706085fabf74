using MotCua.Domain.Calendar;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Documents;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

/// <summary>The signed-in officer's unit's Sổ theo dõi hồ sơ of a year, as PDF or Excel, built from the dossiers themselves.</summary>
public static class RegisterEndpoints
{
    public static void MapRegisterEndpoints(this IEndpointRouteBuilder app)
    {
        // The PDF is the book as the unit issues it, signed with the unit's certificate; it carries no number of its own,
        // since the book is identified by its year ("Quyển số 01/2026") and an export is a copy of it, not a new document.
        MapBook(app, "pdf", "application/pdf", (form, unit, issued, ct) => issued.SignAsync(RegisterBook.Pdf(form), DocumentKind.Register, $"so-theo-doi-{form.Year}", unit, ct),
            "Sổ theo dõi hồ sơ của đơn vị trong năm (PDF, A4 ngang, ký số)");
        // The workbook is a working copy for sorting and filtering, not a document: a spreadsheet has no PDF signature, and
        // any change made to it in Excel would break one anyway. The signed PDF is the record.
        MapBook(app, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (form, _, _, _) => Task.FromResult(RegisterBook.Xlsx(form)),
            "Sổ theo dõi hồ sơ của đơn vị trong năm (Excel, bản làm việc không ký số)");
    }

    // One endpoint per file format; only the renderer differs.
    private static void MapBook(IEndpointRouteBuilder app, string extension, string contentType,
        Func<RegisterBookForm, Agency, IssuedForms, CancellationToken, Task<byte[]>> render, string summary) =>
        app.MapGet($"/api/v1/registers/{{year:int}}.{extension}", async (int year, HttpContext http, MotCuaDb db, IssuedForms issued, PersonalDataReads reads, TimeProvider clock, CancellationToken ct) =>
                await FormAsync(http, db, reads, year, ct) switch
                {
                    (null, _) => Problems.Forbidden("Sổ theo dõi hồ sơ chỉ dành cho cán bộ, công chức của đơn vị tiếp nhận."),
                    // A book is opened on 1 January: this year's always exists, an earlier one once a dossier was entered in it.
                    ({ Lines.Count: 0 }, _) when year != VietnamTime.ToVietnam(clock.GetUtcNow()).Year =>
                        Problems.NotFound($"Đơn vị không có sổ theo dõi hồ sơ năm {year}."),
                    ({ } form, { } unit) => Results.File(await render(form, unit, issued, ct), contentType, $"so-theo-doi-ho-so-{year}.{extension}"),
                    _ => Problems.Forbidden("Sổ theo dõi hồ sơ chỉ dành cho cán bộ, công chức của đơn vị tiếp nhận."),
                })
            .RequireAuthorization(Policies.Api).WithTags("Processing")
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.Address, PersonalFields.Phone))
            .Produces(StatusCodes.Status200OK, contentType: contentType).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary(summary);

    // The unit's book of the year; "Cơ quan chủ trì giải quyết" is the competent agency (CompetentAgency.Of), empty before transfer.
    private static async Task<(RegisterBookForm? Form, Agency? Unit)> FormAsync(HttpContext http, MotCuaDb db, PersonalDataReads reads, int year, CancellationToken ct)
    {
        if (Claims.OfficerOf(http.User) is null || Claims.AgencyIdOf(http.User) is not { } agencyId) return (null, null);
        var unit = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == agencyId, ct);
        var dossiers = await db.Dossiers.AsNoTracking()
            .Where(d => d.ReceivingAgencyId == agencyId && d.RegisterYear == year).OrderBy(d => d.RegisterNumber).ToListAsync(ct);
        var names = await CompetentAgencies.NamesAsync(db, [.. dossiers.Select(CompetentAgency.Of).OfType<int>().Distinct()], ct);
        reads.Listed($"register:{unit.Code}:{year}", dossiers.Select(d => d.Code));
        return (new RegisterBookForm
        {
            Letterhead = Letterheads.Of(unit),
            Year = year,
            Lines = [.. dossiers.Select(d => new RegisterLine(d.RegisterNumber!.Value, d.Code, d.ProcedureName, d.Sets, d.Applicant.FullName,
                $"{d.Applicant.Address}; {d.Applicant.Phone}", CompetentAgency.Of(d) is { } competent ? names[competent] : "",
                d.ReceivedAt, d.OriginalDueAt ?? d.DueAt, d.TransferredAt, d.ResultReadyAt, d.ReturnedAt, Note(d)))],
        }, unit);
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
