using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Web.Features.Dossiers;

namespace MotCua.Web.Features.Citizens;

/// <summary>
/// <c>/cong-dan/ho-so/{code}</c>: one of the signed-in citizen's own dossiers (issue 17, piece 0: code, procedure, status
/// in words, dates; piece B adds the timeline, supplements, result and withdrawal). Guarded by <c>Policies.Citizen</c>;
/// the dossier is read by <see cref="DossierAccess.ReadAsync"/>, the one rule for every caller, so another citizen's
/// dossier, or one that does not exist, is the same 404.
/// </summary>
public sealed class DossierModel(MotCuaDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    public MotCua.Domain.Dossiers.Dossier? Dossier { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Dossier = await DossierAccess.ReadAsync(db, User, Code, ct);
        return Dossier is null ? NotFound() : Page();
    }
}
