using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Webhooks;

/// <summary>
/// /quan-tri/webhook, the administrator's webhook page: the subscriptions with their state, a form to add one, and
/// buttons to stop or restart one. Every accepted form redirects back here (a reload never posts twice); the new secret
/// crosses the redirect once in TempData, whose cookie the data-protection keys encrypt, and is shown on that one page.
/// </summary>
public sealed class SubscriptionsModel(WebhookSubscriptions webhooks) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty(Name = "Url")] public string? Address { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];
    [BindProperty] public string? AgencyCode { get; set; }

    public IReadOnlyList<WebhookView> Items { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    /// <summary>The subscription just added and its secret, on the page the form redirected to.</summary>
    public (int Id, string Secret)? Created { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (TempData["webhook.id"] is int id && TempData["webhook.secret"] is string secret) Created = (id, secret);
        Message = TempData["webhook.message"] as string;
        Items = await webhooks.ListAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (created, errors) = await webhooks.CreateAsync(new WebhookRequest(Name, Address, Events, null, AgencyCode, true), User, ct);
        if (created is not null)
        {
            (TempData["webhook.id"], TempData["webhook.secret"]) = (created.Subscription.Id, created.Secret);
            return RedirectToPage();
        }
        Errors = errors;
        Items = await webhooks.ListAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostReactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        var view = await webhooks.SetActiveAsync(id, active, User, ct);
        TempData["webhook.message"] = view is null ? $"Không có đăng ký webhook số {id}." : active ? $"Đã chạy lại webhook số {id}." : $"Đã ngừng webhook số {id}.";
        return RedirectToPage();
    }
}
