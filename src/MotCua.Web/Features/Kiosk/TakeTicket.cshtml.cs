using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Features.Queue;
using MotCua.Web.Infrastructure;
using QRCoder;

namespace MotCua.Web.Features.Kiosk;

/// <summary>
/// /kiosk/lay-so: the enrolled kiosk's ticket: one large button per service of its centre; the ticket (number, service,
/// time, people ahead, estimate and the QR of its page for a phone) is printed by <c>wwwroot/js/kiosk-print.js</c>
/// (<c>window.print()</c>, a file of the app: the CSP allows no inline script). A browser that is not an enrolled,
/// unrevoked kiosk is told so (200 on reading, 403 on posting) and gets no ticket (<see cref="TicketTaking"/> would take a remote one).
/// </summary>
public sealed class TakeTicketModel(QueueStore store, KioskMode kiosks) : PageModel
{
    [BindProperty(Name = "service")] public string? Service { get; set; }

    public IReadOnlyList<QueueServiceView> Services { get; private set; } = [];
    public string? Refusal { get; private set; }
    public TakenTicket? Ticket { get; private set; }
    public string CentreName { get; private set; } = "";
    public string TicketUrl { get; private set; } = "";
    /// <summary>The QR of <see cref="TicketUrl"/> as a data: URI (SVG).</summary>
    public string Qr { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } centre && Services.Count > 0) Refusal ??= await store.ClosedMessageAsync(centre, remote: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } centre)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        try
        {
            var result = await TicketTaking.TakeAsync(store, kiosks, HttpContext, centre.Code, Service, null, null, ct);
            if (result.Ticket is not { } ticket)
            {
                Refusal = result.Message;
                Response.StatusCode = result.Status;
                return Page();
            }
            Ticket = ticket;
            TicketUrl = $"{Request.Scheme}://{Request.Host}{TicketTaking.PageOf(ticket.Token)}";
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(TicketUrl, QRCodeGenerator.ECCLevel.M);
            Qr = "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(new SvgQRCode(data).GetGraphic(4)));
        }
        catch (Exception e) when (QueueStore.IsBusy(e))
        {
            Response.Headers.RetryAfter = TicketTaking.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Refusal = "Hệ thống đang bận; xin bấm lại sau giây lát.";
        }
        return Page();
    }

    // The kiosk's centre and its services; null (with the reason shown) for a browser that is no enrolled, unrevoked kiosk.
    private async Task<QueueCentre?> LoadAsync(CancellationToken ct)
    {
        if (kiosks.DeviceOf(HttpContext) is not { } device || !await store.DeviceActiveAsync(device.DeviceId, device.AgencyId, ct)
            || await store.CentreAsync(device.AgencyId, ct) is not { } centre)
        {
            Refusal = "Thiết bị này không phải ki-ốt đã ghi danh của bộ phận một cửa: không lấy số được. Lấy số trực tuyến tại đường dẫn hoặc mã QR ở cổng.";
            return null;
        }
        CentreName = centre.Name;
        Services = await store.ServicesAsync(centre.Id, ct);
        if (Services.Count == 0) Refusal = $"{centre.Name} chưa dùng hệ thống xếp hàng.";
        return centre;
    }
}
