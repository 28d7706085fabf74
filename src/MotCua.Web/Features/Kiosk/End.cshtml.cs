using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/kiosk/ket-thuc: where an idle kiosk screen goes after 120 s (_KioskLayout's refresh). On an enrolled kiosk
/// it deletes any citizen's session cookie left in the browser, so the next person does not act as them (the cookie
/// lives under /cong-dan and is not sent here, so it is deleted by name and path rather than read); then the kiosk's
/// home (a refresh, so the answer is a page, not a redirect). Elsewhere it deletes nothing (a citizen's own browser keeps its session).</summary>
public sealed class EndModel(KioskMode kiosks) : PageModel
{
    public void OnGet()
    {
        if (kiosks.IsKiosk(HttpContext)) Response.Cookies.Delete(CitizenAuth.CookieName, new CookieOptions { Path = CitizenAuth.Path });
    }
}
