using MotCua.Domain.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

/// <summary>/xu-ly: the officer's worklists as tabs with counts; a tab or page link swaps only the list (htmx).</summary>
[PersonalData(PersonalFields.FullName)]
public sealed class WorklistModel(Worklists worklists, TimeProvider clock) : PageModel
{
    /// <summary>The year of the register book linked from the page (Vietnam time).</summary>
    public int Year => clock.GetUtcNow().ToOffset(VietnamTime.Offset).Year;

    [BindProperty(SupportsGet = true, Name = "ds")]
    public string? List { get; set; }

    [BindProperty(SupportsGet = true, Name = "trang")]
    public int PageNumber { get; set; } = 1;

    public WorklistPage Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The inspector acts on nothing, so starts from the province's open dossiers.
        var name = Worklists.Parse(List) ?? (Claims.RoleOf(User) == MotCua.Domain.Dossiers.OfficerRole.Inspector ? WorklistName.Department : WorklistName.Mine);
        if (await worklists.ReadAsync(User, name, PageNumber, ct) is not { } result) return Forbid();
        Result = result;
        return Page();
    }
}
