using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// /bao-cao/bieu-06/ho-so?agency=&amp;field=&amp;column=&amp;from=&amp;to=&amp;trang=: the dossiers behind one number of Biểu 06
/// (<see cref="Bieu06.Counts"/>), <see cref="Bieu06Reports.PageSize"/> a page (<c>trang</c>: "page" is the route key of
/// Razor Pages, which wins over the query, so every page showed the first; fresh trial trial16g), by receipt; codes, procedures and dates, no
/// applicant (each code opens the dossier under its own access rule). Column default: the received total; field
/// default: every field (the total row).
/// </summary>
public sealed class Bieu06DossiersModel(MotCuaDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Field { get; set; }
    [BindProperty(SupportsGet = true)] public string? Column { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int? PageNumber { get; set; }
    /// <summary>"1": the unit's own dossiers only, not its roll-up (a number of the per-unit table).</summary>
    [BindProperty(SupportsGet = true)] public string? Rieng { get; set; }
    public bool OwnOnly => Rieng == "1";

    public Agency? Unit { get; private set; }
    public Bieu06Period? Chosen { get; private set; }
    public Bieu06Column Shown { get; private set; }
    public long Total { get; private set; }
    /// <summary>How many of <see cref="Total"/> are listed: all, or for a department head those their department held.</summary>
    public long Listed { get; private set; }
    /// <summary>The department whose dossiers alone are listed (a department head's), or null.</summary>
    public string? HeldByName { get; private set; }
    public IReadOnlyList<Bieu06DossierLine> Lines { get; private set; } = [];
    public string? Error { get; private set; }
    public int Current => Paging.Clamp(PageNumber);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var resolved = await Bieu06Reports.ResolveAsync(db, User, Agency, null, From, To, clock, ct);
        if (resolved.Reader is not { } reader || resolved.Refusal is not null) return StatusCode(StatusCodes.Status403Forbidden);
        var column = string.IsNullOrWhiteSpace(Column) ? Bieu06Column.ReceivedTotal : Bieu06.ParseColumn(Column);
        if (resolved.Invalid is { } invalid || column is null)
        {
            Error = resolved.Invalid?.Message ?? "Cột không có trong Biểu 06.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Unit = resolved.Agency;
        Chosen = resolved.Period;
        Shown = column.Value;
        List<int> units = OwnOnly ? [Unit!.Id] : [.. resolved.Units.Select(u => u.Id)];
        var field = string.IsNullOrWhiteSpace(Field) ? null : Field.Trim();
        Total = await Bieu06Reports.CountBehindAsync(db, units, field, Shown, Chosen, ct);
        if (reader.HeldBy is { } held)
        {
            // A department head reads the unit's figure but lists only what their department held (trial defect 1).
            Listed = await Bieu06Reports.CountBehindAsync(db, units, field, Shown, Chosen, ct, held);
            HeldByName = await db.Agencies.AsNoTracking().Where(a => a.Id == held).Select(a => a.Name).FirstOrDefaultAsync(ct);
            Lines = await Bieu06Reports.BehindAsync(db, units, field, Shown, Chosen, Current, ct, held);
        }
        else
        {
            Listed = Total;
            Lines = await Bieu06Reports.BehindAsync(db, units, field, Shown, Chosen, Current, ct);
        }
        return Page();
    }

    /// <summary>The address of page <paramref name="page"/> of this list.</summary>
    public string PageLink(int page) =>
        $"/bao-cao/bieu-06/ho-so?agency={Uri.EscapeDataString(Unit!.Code)}&from={Chosen!.From:yyyy-MM-dd}&to={Chosen.To:yyyy-MM-dd}&column={Bieu06.ColumnNames[Shown]}"
        + (string.IsNullOrWhiteSpace(Field) ? "" : $"&field={Uri.EscapeDataString(Field.Trim())}") + (OwnOnly ? "&rieng=1" : "") + $"&trang={page}";
}
