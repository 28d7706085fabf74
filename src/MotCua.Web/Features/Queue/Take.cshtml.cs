using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Queue;

/// <summary>
/// /xep-hang/{agency}: taking a ticket from a phone, by the centre's link or the QR at its gate (no script): the service
/// and an optional phone, then the ticket page. The same rules as the API (<see cref="TicketTaking"/>); a refusal is
/// shown with its status (409 outside the remote window or over the quota, 422 a wrong field, 429 a phone holding a
/// ticket or device, 429 with Retry-After past the address's hourly limit, 503 with Retry-After when the database is
/// saturated). The device cookie (<see cref="TicketTaking.DeviceKeyOf"/>) keeps a phone without a number to one open
/// ticket per service.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(QueueEndpoints.RateLimitPolicy)]
public sealed class TakeModel(QueueStore store, KioskMode kiosks) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Agency { get; set; } = "";
    [BindProperty(Name = "service")] public string? Service { get; set; }
    [BindProperty(Name = "phone")] public string? Phone { get; set; }

    public QueueCentre? Centre { get; private set; }
    public IReadOnlyList<QueueServiceView> Services { get; private set; } = [];
    /// <summary>Why no ticket was given, in Vietnamese, or null.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Centre is not null && Services.Count > 0) Refusal ??= await store.ClosedMessageAsync(Centre, remote: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var result = await TicketTaking.TakeAsync(store, kiosks, HttpContext, Agency, Service, Phone, TicketTaking.DeviceKeyOf(HttpContext), ct);
            if (result.Ticket is { } ticket) return Redirect(TicketTaking.PageOf(ticket.Token));
            Refusal = result.Message;
            Response.StatusCode = result.Status;
            await LoadAsync(ct);
        }
        catch (Exception e) when (QueueStore.IsBusy(e))
        {
            Response.Headers.RetryAfter = TicketTaking.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Refusal = "Hệ thống đang cấp nhiều số cùng lúc; vui lòng bấm “Lấy số” lại sau giây lát.";
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Centre = await store.CentreAsync(Agency, ct);
        if (Centre is null)
        {
            Refusal = $"Không có cơ quan mã {Agency}.";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Services = await store.ServicesAsync(Centre.Id, ct);
        if (Services.Count == 0) Refusal ??= $"{Centre.Name} chưa dùng hệ thống xếp hàng.";
    }
}
