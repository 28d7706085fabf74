using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Features.Payments;

/// <summary>/quan-tri/tai-khoan-thu: the administrator's collection accounts per receiving unit: list, add (the bank
/// chosen by name with its BIN), deactivate. The same service as <c>/api/v1/admin/collection-accounts</c>.</summary>
public sealed class AccountsModel(CollectionAccounts accounts, MotCuaDb db) : FormPage
{
    /// <summary>The fields of the add form, named as the API's.</summary>
    public sealed class AccountForm
    {
        public string? AgencyCode { get; set; }
        public string? BankBin { get; set; }
        public string? AccountNumber { get; set; }
        public string? AccountName { get; set; }
        /// <summary>"true" to use the new account for the QR, "false" to keep the one in use; asked only when the unit has one.</summary>
        public bool? UseForQr { get; set; }
    }

    [BindProperty] public AccountForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "daluu")] public bool Saved { get; set; }

    public IReadOnlyList<CollectionAccountListItem> Items { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await accounts.CreateAsync(new CollectionAccountRequest(Form.AgencyCode, Form.BankBin, Form.AccountNumber, Form.AccountName, Form.UseForQr), User, ct);
        if (outcome.Errors is null) return Redirect("/quan-tri/tai-khoan-thu?daluu=true");
        Errors = outcome.Errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostActivateAsync(int id, CancellationToken ct)
    {
        var outcome = await accounts.ActivateAsync(id, User, ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Errors is null) return Redirect("/quan-tri/tai-khoan-thu?daluu=true");
        Errors = outcome.Errors;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct)
    {
        var outcome = await accounts.DeactivateAsync(id, User, ct);
        return outcome.NotFound ? NotFound() : Redirect("/quan-tri/tai-khoan-thu?daluu=true");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await accounts.ListAsync(null, ct);
        Units = [.. (await db.Agencies.AsNoTracking().Where(a => a.ReceivesDossiers && a.EndedBy == null).OrderBy(a => a.Code)
            .Select(a => new { a.Code, a.Name }).ToListAsync(ct)).Select(a => (a.Code, a.Name))];
    }
}
