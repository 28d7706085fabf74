using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Webhooks;

/// <summary>
/// /quan-tri/webhook, the administrator's webhook page: the subscriptions with their state, a form to add one (the secret
/// is shown once, on the page that answers the form), and buttons to stop or restart one.
/// </summary>
public sealed class SubscriptionsModel(WebhookSubscriptions webhooks) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty(Name = "Url")] public string? Address { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];
    [BindProperty] public string? AgencyCode { get; set; }

    public IReadOnlyList<WebhookView> Items { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public CreatedWebhook? Created { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Items = await webhooks.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        (Created, Errors) = await webhooks.CreateAsync(new WebhookRequest(Name, Address, Events, null, AgencyCode, true), User, ct);
        if (Created is not null) (Name, Address, Events, AgencyCode) = (null, null, [], null);
        Items = await webhooks.ListAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostReactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var view = await webhooks.SetActiveAsync(id, active, User, ct);
        Message = view is null ? $"Không có đăng ký webhook số {id}." : active ? $"Đã chạy lại webhook số {id}." : $"Đã ngừng webhook số {id}.";
        Items = await webhooks.ListAsync(ct);
        return Page();
    }
}
