using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Queue;

/// <summary>
/// /xep-hang/ve/{token}: the holder's ticket: number, people ahead and the estimate (<c>WaitEstimate</c>,
/// "khoảng 15–20 phút"), read again in place every 30 s while it waits, is called or served (js/ticket-refresh.js, behind a toggle
/// that stops it; the "Cập nhật" link without script; no meta refresh: WCAG 2.2.1); "Hủy số" while it waits; once served, three
/// satisfaction buttons, answered once. The token is the only key: an unknown one is a 404.
/// </summary>
public sealed class TicketPageModel(QueueStore store) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";

    public TicketView? Ticket { get; private set; }
    /// <summary>Why the holder's action was refused, or null.</summary>
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Ticket = await store.TicketByTokenAsync(Token, ct);
        if (Ticket is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        await AnswerAsync(await store.CancelAsync(Token, ct), "Chỉ hủy được số đang chờ.", ct);

    public async Task<IActionResult> OnPostRateAsync([FromForm(Name = "muc")] int? satisfaction, CancellationToken ct) =>
        await AnswerAsync(satisfaction is { } value ? await store.RateAsync(Token, value, ct) : TicketActOutcome.Refused,
            "Chỉ đánh giá một lần, sau khi đã được phục vụ xong.", ct);

    private async Task<IActionResult> AnswerAsync(TicketActOutcome outcome, string refused, CancellationToken ct)
    {
        if (outcome == TicketActOutcome.Done) return Redirect(TicketTaking.PageOf(Token));
        Ticket = await store.TicketByTokenAsync(Token, ct);
        Response.StatusCode = outcome == TicketActOutcome.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        if (outcome == TicketActOutcome.Refused) Message = refused;
        return Page();
    }
}
