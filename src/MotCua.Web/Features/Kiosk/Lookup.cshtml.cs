using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/kiosk/tra-cuu: one autofocused input; the receipt's QR read by a keyboard-wedge scanner types the lookup
/// address and Enter, so a request carrying <c>ma=</c> goes straight to the public lookup [choice: no camera script].</summary>
public sealed class LookupModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")] public string? Code { get; set; }

    public IActionResult OnGet() => string.IsNullOrWhiteSpace(Code) ? Page() : Redirect("/tra-cuu?ma=" + Uri.EscapeDataString(Code.Trim()));
}
