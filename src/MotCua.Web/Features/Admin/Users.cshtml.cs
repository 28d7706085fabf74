using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Administration;

namespace MotCua.Web.Features.Admin;

/// <summary>/quan-tri/nguoi-dung: accounts searched by name, filtered by agency and role; a new account with its initial password.</summary>
public sealed class UsersModel(UserAdministration users, MotCuaDb db) : AdminPage
{
    public sealed class UserForm
    {
        public string? UserName { get; set; }
        public string? FullName { get; set; }
        public string? Role { get; set; }
        public string? AgencyCode { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Position { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "coquan")] public string? AgencyCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "vaitro")] public string? Role { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;
    [BindProperty] public UserForm Form { get; set; } = new();

    public IReadOnlyList<UserView> Items { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public string? Created { get; private set; }

    public static IEnumerable<string> Roles => AccountRules.Roles.Keys;

    public async Task OnGetAsync(string? tao, CancellationToken ct)
    {
        Created = tao is null ? null : $"Đã tạo tài khoản {tao}.";
        Form.AgencyCode = AgencyCode;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await users.CreateAsync(new UserRequest(Form.UserName, Form.FullName, Form.Role, Form.AgencyCode, Form.Email, Form.Phone, Form.Password), User, ct);
        if (outcome.User is { } created) return Redirect($"/quan-tri/nguoi-dung?tao={Uri.EscapeDataString(created.UserName)}&q={Uri.EscapeDataString(created.UserName)}");
        Merge(outcome.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Items, Total) = await users.ListAsync(Query, AgencyCode, Role, PageNumber, ct);
        Agencies = await db.Agencies.AsNoTracking().Where(a => a.EndedOn == null).OrderBy(a => a.Code).ToListAsync(ct);
    }
}
