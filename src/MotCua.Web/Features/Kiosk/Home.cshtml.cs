using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/kiosk: the kiosk's home, five large tiles (docs/design/ISSUE17.md §8). Any browser sees it; only an enrolled
/// kiosk prints tickets. On an enrolled kiosk, reaching the home ends any citizen's session left there
/// (<see cref="KioskMode.EndCitizenSession"/>; trial17t HIGH 1): whatever link or typed address brought the screen back,
/// the next person's "Nộp hồ sơ" asks them to sign in.</summary>
public sealed class HomeModel(KioskMode kiosks) : PageModel
{
    public bool Enrolled { get; private set; }

    public void OnGet() => Enrolled = kiosks.EndCitizenSession(HttpContext);
}
