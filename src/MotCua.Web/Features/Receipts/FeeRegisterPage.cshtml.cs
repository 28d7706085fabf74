using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Receipts;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// /so-thu-phi: a unit's fee register for a period (the unit's accountant and leader; the inspector chooses any unit in
/// <c>donvi</c>, <see cref="FeeRegister.MayReadUnit"/>): the daily totals by method with the cash
/// handed over, the period's totals and the reconciliation, with links to the PDF, the workbook and the JSON that list
/// every receipt. The page itself shows no payer's name. The period is typed as dd/MM/yyyy (Vietnam dates,
/// <see cref="VietnameseDate.Parse"/>), never the browser's date input; a wrong date or period answers 422 with the
/// Vietnamese message beside its field and shows no register.
/// </summary>
[Authorize]
public sealed class FeeRegisterPageModel(MotCuaDb db, TimeProvider clock) : FormPage
{
    /// <summary>First day, as typed (dd/MM/yyyy); empty for the first day of the current month.</summary>
    [BindProperty(SupportsGet = true, Name = "tu")] public string? From { get; set; }
    /// <summary>Last day, as typed (dd/MM/yyyy); empty for today.</summary>
    [BindProperty(SupportsGet = true, Name = "den")] public string? To { get; set; }

    /// <summary>The unit's code (<c>donvi</c>): the inspector chooses it; empty for the officer's own unit.</summary>
    [BindProperty(SupportsGet = true, Name = "donvi")] public string? AgencyCode { get; set; }

    public Agency? Unit { get; private set; }
    /// <summary>The units the inspector may choose from (code, name); empty for an officer of a unit.</summary>
    public IReadOnlyList<(string Code, string Name)> Units { get; private set; } = [];
    public FeeRegister? Register { get; private set; }
    /// <summary>The period as the API's links take it: "from=yyyy-MM-dd&amp;to=yyyy-MM-dd".</summary>
    public string? Query { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer || !FeeRegister.MayRead(officer.Role)
            || officer.AgencyId is null && officer.Role != Domain.Dossiers.OfficerRole.Inspector) return StatusCode(StatusCodes.Status403Forbidden);
        if (officer.Role == Domain.Dossiers.OfficerRole.Inspector)
            Units = [.. (await db.Agencies.AsNoTracking().OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).ToListAsync(ct)).Select(a => (a.Code, a.Name))];
        var today = VietnamTime.DateOf(clock.GetUtcNow());
        var start = DateOf(From, "tu", "Từ ngày", new DateOnly(today.Year, today.Month, 1));
        var end = DateOf(To, "den", "Đến ngày", today);
        if (start is { } s && end is { } e && FeeRegister.PeriodProblem(s, e, today) is { } period)
            Errors[period.Field == "from" ? "tu" : "den"] = [period.Message];
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        From = VietnameseDate.Show(start!.Value);
        To = VietnameseDate.Show(end!.Value);
        Query = (string.IsNullOrWhiteSpace(AgencyCode) ? "" : $"agency={Uri.EscapeDataString(AgencyCode.Trim())}&") + $"from={start.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={end.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        // The inspector opening the page without a unit chooses one first (no register, no error).
        if (string.IsNullOrWhiteSpace(AgencyCode) && officer.AgencyId is null) return Page();
        var resolved = await FeeRegisters.ResolveAsync(db, User, AgencyCode, start.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            end.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), clock, ct);
        if (resolved.Agency is null) return StatusCode(officer.Role == Domain.Dossiers.OfficerRole.Inspector ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden);
        Unit = resolved.Agency;
        Register = await FeeRegisters.BuildAsync(db, Unit.Id, resolved.From, resolved.To, ct);
        return Page();
    }

    // The typed date (FeeRegister.ReadDate, the API's reading too), its default when left empty, or null with the
    // field's message recorded.
    private DateOnly? DateOf(string? text, string field, string label, DateOnly fallback)
    {
        var (date, error) = FeeRegister.ReadDate(text, label, fallback);
        if (error is not null) Errors[field] = [error];
        return date;
    }
}
