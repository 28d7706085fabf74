using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/kiosk/ghi-danh/{secret}: the one-time enrolment link opened on the kiosk. Opening it changes nothing (a
/// link preview must not enrol a stranger's browser); "Ghi danh" uses the secret once and sets the device cookie
/// (<see cref="KioskMode.Enrol"/>), then shows the kiosk's home.</summary>
public sealed class EnrolModel(KioskDevices devices, KioskMode kiosks) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Secret { get; set; } = "";

    public (int Id, int AgencyId, string AgencyName, string Name)? Pending { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pending = await devices.PendingAsync(Secret, ct);
        if (Pending is null) Response.StatusCode = StatusCodes.Status404NotFound;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await devices.EnrolAsync(Secret, ct) is not { } device)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        kiosks.Enrol(HttpContext, new KioskDevice(device.Id, device.AgencyId));
        return Redirect("/kiosk");
    }
}
