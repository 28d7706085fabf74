using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Payments;

/// <summary>
/// /quan-tri/doi-tac-thanh-toan, the administrator's page of payment partners: the list, a form to add one and a button to
/// stop one. The new secret crosses the redirect once in TempData (encrypted by the data-protection keys) and is shown on
/// that one page, as the webhook page does.
/// </summary>
public sealed class PartnersModel(PartnersAdministration partners) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Title { get; set; }

    public IReadOnlyList<PartnerView> Items { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    /// <summary>The partner just added and its secret, on the page the form redirected to.</summary>
    public (string Name, string Secret)? Created { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (TempData["partner.name"] is string name && TempData["partner.secret"] is string secret) Created = (name, secret);
        Message = TempData["partner.message"] as string;
        Items = await partners.ListAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (created, errors) = await partners.CreateAsync(new PartnerRequest(Name, Title), User, ct);
        if (created is not null)
        {
            (TempData["partner.name"], TempData["partner.secret"]) = (created.Partner.Name, created.Secret);
            return RedirectToPage();
        }
        Errors = errors;
        Items = await partners.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct)
    {
        TempData["partner.message"] = await partners.DeactivateAsync(id, User, ct) is null ? $"Không có đối tác số {id}." : $"Đã ngừng đối tác số {id}.";
        return RedirectToPage();
    }
}
