using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Registers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Registers;

/// <summary>
/// /so-dang-ky: the official books of the officer's unit (the inspector names a unit), per year: the entries as the book
/// prints them, the corrections as annotations, links to the signed PDF, the workbook and the JSON, and for the unit's
/// specialist or leader the form that records a correction (docs/REGISTERS.md).
/// </summary>
[Authorize]
[PersonalData(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address, PersonalFields.Phone, PersonalFields.FormData)]
public sealed class IndexModel(MotCuaDb db, TimeProvider clock, PersonalDataReads reads) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "so")] public string? BookKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "nam")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "donvi")] public string? AgencyCode { get; set; }

    [BindProperty] public int Number { get; set; }
    [BindProperty] public string? Field { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Agency? Unit { get; private set; }
    public OfficialBook Book { get; private set; } = OfficialBooks.All[0];
    public string Keeper { get; private set; } = "";
    public IReadOnlyList<BookRow> Rows { get; private set; } = [];
    public bool MayCorrect { get; private set; }
    /// <summary>Why the page shows no book, or a refused correction, in Vietnamese.</summary>
    public string? Error { get; private set; }
    /// <summary>The field a refused correction is about (field, value, reason, number).</summary>
    public string? ErrorField { get; private set; }
    public string? Done { get; private set; }

    /// <summary>The query string of the files' links.</summary>
    public string Query => AgencyCode is { Length: > 0 } code ? $"?agency={Uri.EscapeDataString(code)}" : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct)
    {
        if (Claims.AgencyIdOf(User) is null) return StatusCode(StatusCodes.Status403Forbidden);
        var loaded = await LoadAsync(ct);
        if (Unit is null) return loaded;
        if (!MayCorrect) return StatusCode(StatusCodes.Status403Forbidden);
        var problem = await OfficialBookReads.CorrectAsync(db, User, Unit, Book, Year!.Value, Number, Field, Value, Reason, clock.GetUtcNow(), ct);
        if (problem is { Status: StatusCodes.Status403Forbidden }) return StatusCode(StatusCodes.Status403Forbidden);
        if (problem is { } p)
        {
            (Error, ErrorField) = (p.Message, p.Status == StatusCodes.Status404NotFound ? "number" : p.Field);
            return Page();
        }
        Done = $"Đã ghi chú sửa mục số {BookValues.Number(Number)}; mục gốc giữ nguyên.";
        (Field, Value, Reason) = (null, null, null);
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var access = await OfficialBookReads.UnitAsync(db, User, AgencyCode, ct);
        if (access.Status == StatusCodes.Status403Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        Year ??= MotCua.Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow()).Year;
        Book = OfficialBooks.ByKey(BookKey) ?? OfficialBooks.All[0];
        BookKey = Book.Key;
        if (!access.Allowed)
        {
            Error = access.Status == StatusCodes.Status404NotFound ? access.Refusal : "Chọn đơn vị giữ sổ: nhập mã cơ quan (ví dụ 000.10.01.H46).";
            return Page();
        }
        if (OfficialBookReads.YearProblem(Year.Value) is { } bad)
        {
            Error = bad;
            return Page();
        }
        Unit = access.Unit!;
        Keeper = (await OfficialBookReads.KeeperAsync(db, Unit, Book, ct)).UnitName;
        Rows = [.. (await OfficialBookReads.RowsAsync(db, Unit.Id, Book, Year.Value, ct)).Select(r => r.Row)];
        reads.Listed($"register:{Unit.Code}:{Book.Key}:{Year}", Rows.Select(r => r.DossierCode));
        MayCorrect = Book.MayCorrect(access.Officer!.Role, Claims.AgencyIdOf(User) == Unit.Id);
        return Page();
    }
}
