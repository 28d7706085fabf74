using Microsoft.AspNetCore.Mvc;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Documents;
using MotCua.Domain.Registers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Registers;

/// <summary>A column of a book as the API describes it.</summary>
public sealed record BookColumnView(string Key, string Header, bool Correctable);

/// <summary>A correction as the API shows it: the column, the corrected value, why, who and when (Vietnam time).</summary>
public sealed record BookCorrectionView(string Field, string Value, string Reason, string By, DateTimeOffset At);

/// <summary>An entry: its number, its dossier, the printed values by column key (originals), the values as corrected,
/// and the corrections with the annotations "Ghi chú" prints.</summary>
public sealed record BookEntryView(int Number, string DossierCode, IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string> Current, IReadOnlyList<BookCorrectionView> Corrections, IReadOnlyList<string> Annotations);

/// <summary>A unit's book of a year: the book, its keeper, its columns and entries in number order.</summary>
public sealed record BookView(string Book, string Title, string Volume, string LegalBasis, string AgencyCode, string Keeper, int Year,
    IReadOnlyList<BookColumnView> Columns, IReadOnlyList<BookEntryView> Entries);

/// <summary>The body of a correction: the column's key, the right value, and why.</summary>
public sealed record BookCorrectionRequest(string? Field, string? Value, string? Reason);

/// <summary>
/// <c>/api/v1/registers/{book}/{year}</c> (JSON, .pdf signed like every issued document, .xlsx with number cells),
/// <c>…/{year}/{month}.pdf</c> (an authentication book's month, printed and bound monthly) and
/// <c>POST …/{number}/corrections</c> (docs/REGISTERS.md). Readers: the unit's officers and the inspector (<c>?agency=</c>
/// names the unit); correctors: the unit's specialist or leader (and the receiving officer for the reception book).
/// </summary>
public static class OfficialBookEndpoints
{
    public static void MapOfficialBookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/registers/{book}/{year:int}", async (string book, int year, string? agency, HttpContext http, MotCuaDb db, PersonalDataReads reads, CancellationToken ct) =>
                await ReadAsync(book, year, agency, http, db, reads, ct, async (unit, b, form) =>
                {
                    var rows = await OfficialBookReads.RowsAsync(db, unit.Id, b, year, ct);
                    return Results.Ok(View(unit, b, year, form.Keeper, rows.Select(r => r.Row)));
                }))
            .RequireAuthorization(Policies.Api).WithTags("Registers")
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address, PersonalFields.Phone, PersonalFields.FormData))
            .Produces<BookView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Sổ đăng ký của đơn vị trong năm (hộ tịch, chứng thực, tiếp nhận đất đai), lập từ hồ sơ");

        // The PDF is the book as the keeper issues it, signed with the unit's certificate like the Sổ theo dõi.
        MapFile(app, "pdf", "application/pdf", (form, unit, issued, ct) =>
            issued.SignAsync(OfficialBookDocument.Pdf(form), DocumentKind.Register, $"so-{form.Book.Key}-{form.Year}", unit, ct),
            "Sổ đăng ký của đơn vị trong năm (PDF, A4 ngang, ký số)");
        // The workbook is a working copy: numbers are number cells for sorting and sums; the signed PDF is the record.
        MapFile(app, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (form, _, _, _) => Task.FromResult(OfficialBookDocument.Xlsx(form)),
            "Sổ đăng ký của đơn vị trong năm (Excel, bản làm việc không ký số)");

        // A month's printing of an authentication book kept in software, bound each month (Nghị định 23/2015/NĐ-CP Điều 13
        // khoản 3): signed like the year's book.
        app.MapGet("/api/v1/registers/{book}/{year:int}/{month:int}.pdf", async (string book, int year, int month, string? agency, HttpContext http,
                MotCuaDb db, IssuedForms issued, PersonalDataReads reads, CancellationToken ct) =>
                OfficialBooks.ByKey(book) is { } named && OfficialBookReads.MonthProblem(named, month) is { } bad
                ? Problems.Field(bad.Field, bad.Message)
                : await ReadAsync(book, year, agency, http, db, reads, ct, async (unit, b, form) =>
                    Results.File(await issued.SignAsync(OfficialBookDocument.Pdf(form), DocumentKind.Register, $"so-{b.Key}-{year}-{month:00}", unit, ct),
                        "application/pdf", $"so-{b.Key}-{year}-{month:00}.pdf"), month))
            .RequireAuthorization(Policies.Api).WithTags("Registers")
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address, PersonalFields.Phone, PersonalFields.FormData))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Bản in tháng của sổ chứng thực (PDF, có dòng mở và khóa sổ tháng, ký số)");

        app.MapPost("/api/v1/registers/{book}/{year:int}/{number:int}/corrections", async (string book, int year, int number,
                [FromBody] BookCorrectionRequest body, HttpContext http, MotCuaDb db, PersonalDataReads reads, TimeProvider clock, CancellationToken ct) =>
                // Only an officer of a unit corrects, and only their own unit's book: the inspector and API clients read.
                Claims.OfficerOf(http.User) is null || Claims.AgencyIdOf(http.User) is null
                ? Problems.Forbidden("Chỉ công chức phụ trách lĩnh vực hoặc lãnh đạo của đơn vị giữ sổ được sửa sổ.")
                : await ReadAsync(book, year, null, http, db, reads, ct, async (unit, b, form) =>
                {
                    var problem = await OfficialBookReads.CorrectAsync(db, http.User, unit, b, year, number, body.Field, body.Value, body.Reason, clock.GetUtcNow(), ct);
                    if (problem is { } p)
                        return p.Status switch
                        {
                            StatusCodes.Status403Forbidden => Problems.Forbidden(p.Message),
                            StatusCodes.Status404NotFound => Problems.NotFound(p.Message),
                            _ => Problems.Field(p.Field, p.Message),
                        };
                    var rows = await OfficialBookReads.RowsAsync(db, unit.Id, b, year, ct);
                    var entry = View(unit, b, year, form.Keeper, rows.Select(r => r.Row)).Entries.Single(e => e.Number == number);
                    return Results.Created($"/api/v1/registers/{b.Key}/{year}", entry);
                }))
            .RequireAuthorization(Policies.Api).WithTags("Registers")
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address, PersonalFields.Phone, PersonalFields.FormData))
            .Produces<BookEntryView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Ghi chú sửa một cột của mục trong sổ (không ghi đè mục gốc), có lý do, ghi nhật ký");
    }

    private static void MapFile(IEndpointRouteBuilder app, string extension, string contentType,
        Func<OfficialBookForm, Agency, IssuedForms, CancellationToken, Task<byte[]>> render, string summary) =>
        app.MapGet($"/api/v1/registers/{{book}}/{{year:int}}.{extension}", async (string book, int year, string? agency, HttpContext http, MotCuaDb db,
                IssuedForms issued, PersonalDataReads reads, CancellationToken ct) =>
                await ReadAsync(book, year, agency, http, db, reads, ct, async (unit, b, form) =>
                    Results.File(await render(form, unit, issued, ct), contentType, $"so-{b.Key}-{year}.{extension}")))
            .RequireAuthorization(Policies.Api).WithTags("Registers")
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address, PersonalFields.Phone, PersonalFields.FormData))
            .Produces(StatusCodes.Status200OK, contentType: contentType).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithSummary(summary);

    // The checks every route shares, in order: the book exists (404), the year is sensible (422), the reader may read the
    // unit's books (403/404/422); then the book is read and its dossiers' reads audited.
    private static async Task<IResult> ReadAsync(string book, int year, string? agency, HttpContext http, MotCuaDb db, PersonalDataReads reads,
        CancellationToken ct, Func<Agency, OfficialBook, OfficialBookForm, Task<IResult>> answer, int? month = null)
    {
        if (OfficialBooks.ByKey(book) is not { } b)
            return Problems.NotFound($"Không có sổ \"{book}\". Các sổ: {string.Join(", ", OfficialBooks.All.Select(x => x.Key))}.");
        if (OfficialBookReads.YearProblem(year) is { } bad) return Problems.Field("year", bad);
        var access = await OfficialBookReads.UnitAsync(db, http.User, agency, ct);
        if (!access.Allowed) return access.ToProblem();
        var today = MotCua.Domain.Calendar.VietnamTime.DateOf(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        var form = await OfficialBookReads.FormAsync(db, access.Unit!, b, year, today, ct, month);
        reads.Listed($"register:{access.Unit!.Code}:{b.Key}:{year}{(month is { } m ? $"-{m:00}" : "")}", form.Rows.Select(r => r.DossierCode));
        return await answer(access.Unit!, b, form);
    }

    private static BookView View(Agency unit, OfficialBook book, int year, Letterhead keeper, IEnumerable<BookRow> rows) =>
        new(book.Key, book.Title, OfficialBookDocument.Volume(book, year), book.LegalBasis, unit.Code, keeper.UnitName, year,
            [.. book.Columns.Select(c => new BookColumnView(c.Key, c.Header, c.Correctable))],
            [.. rows.Select(r => new BookEntryView(r.Number, r.DossierCode,
                book.Columns.Select((c, i) => (c.Key, r.Cells[i])).ToDictionary(x => x.Key, x => x.Item2),
                book.Columns.Select((c, i) => (c.Key, r.Current[i])).ToDictionary(x => x.Key, x => x.Item2),
                [.. r.Corrections.Select(c => new BookCorrectionView(c.Field, c.Value, c.Reason, c.By, c.At.ToOffset(MotCua.Domain.Calendar.VietnamTime.Offset)))],
                r.Annotations))]);
}
