using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/kiosk: the kiosk's home, five large tiles (docs/design/ISSUE17.md §8). Any browser sees it; only an enrolled
/// kiosk prints tickets.</summary>
public sealed class HomeModel(KioskMode kiosks) : PageModel
{
    public bool Enrolled { get; private set; }

    public void OnGet() => Enrolled = kiosks.IsKiosk(HttpContext);
}
