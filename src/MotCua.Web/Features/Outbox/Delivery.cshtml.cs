using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Outbox;

/// <summary>/quan-tri/gui-di/{id}: one message with its payload and every attempt (time, target, outcome, answer, duration).</summary>
public sealed class DeliveryModel(OutboxAdministration outbox) : PageModel
{
    public OutboxRowDetail Detail { get; private set; } = null!;
    public string TargetName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await outbox.DetailAsync(id, ct) is not { } detail) return NotFound();
        Detail = detail;
        TargetName = DeliveriesModel.TargetName(detail.Row.Target, await outbox.WebhookNamesAsync([detail.Row.Target], ct));
        return Page();
    }
}
