using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/kiosk/ket-thuc: where an idle kiosk screen goes after 120 s (wwwroot/js/kiosk-idle.js) and where the kiosk
/// layout's "Về trang chủ" bar leads. On an enrolled kiosk it ends any citizen's session left in the browser
/// (<see cref="KioskMode.EndCitizenSession"/>); then the kiosk's home (a refresh, so the answer is a page, not a
/// redirect). Elsewhere it deletes nothing (a citizen's own browser keeps its session).</summary>
public sealed class EndModel(KioskMode kiosks) : PageModel
{
    public void OnGet() => kiosks.EndCitizenSession(HttpContext);
}
