using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Features.Admin;

/// <summary>/quan-tri/nguoi-dung/{userName}: change role and agency, deactivate or reactivate, reset the password; the account's audit trail.</summary>
public sealed class UserModel(UserAdministration users, MotCuaDb db) : AdminPage
{
    [FromRoute] public string UserName { get; set; } = "";
    [BindProperty] public UsersModel.UserForm Form { get; set; } = new();
    [BindProperty] public string? NewPassword { get; set; }

    public UserView Account { get; private set; } = null!;
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];
    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? daluu, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Form = new UsersModel.UserForm
        {
            FullName = Account.FullName, Role = Account.Role, AgencyCode = Account.AgencyCode, Email = Account.Email, Phone = Account.Phone,
            Position = Account.Position,
        };
        Saved = daluu switch
        {
            "1" => "Đã lưu.",
            "ngung" => "Đã ngừng tài khoản: không đăng nhập được nữa.",
            "mo" => "Đã mở lại tài khoản.",
            "matkhau" => "Đã đặt lại mật khẩu; báo mật khẩu mới cho người dùng qua kênh an toàn.",
            _ => null,
        };
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => Handle(
        users.UpdateAsync(UserName, new UserRequest(UserName, Form.FullName, Form.Role, Form.AgencyCode, Form.Email, Form.Phone, Position: Form.Position ?? ""), User, ct), "1", ct);

    public Task<IActionResult> OnPostDeactivateAsync(CancellationToken ct) => Handle(users.SetActiveAsync(UserName, false, User, ct), "ngung", ct);

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken ct) => Handle(users.SetActiveAsync(UserName, true, User, ct), "mo", ct);

    public Task<IActionResult> OnPostPasswordAsync(CancellationToken ct) => Handle(users.ResetPasswordAsync(UserName, NewPassword, User, ct), "matkhau", ct);

    private async Task<IActionResult> Handle(Task<UserOutcome> action, string saved, CancellationToken ct)
    {
        var outcome = await action;
        if (outcome.NotFound is not null) return NotFound();
        if (outcome.User is not null) return Redirect($"/quan-tri/nguoi-dung/{Uri.EscapeDataString(UserName)}?daluu={saved}");
        Merge(outcome.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await users.FindAsync(UserName, ct) is not { } account) return false;
        Account = account;
        Agencies = await db.Agencies.AsNoTracking().Where(a => a.EndedOn == null || a.Code == account.AgencyCode).OrderBy(a => a.Code).ToListAsync(ct);
        var subject = $"user:{account.UserName}";
        History = await db.AuditLog.AsNoTracking().Where(a => a.Subject == subject).OrderByDescending(a => a.Id).Take(20).ToListAsync(ct);
        return true;
    }

    public static string ActionName(string action) => action switch
    {
        "admin.user.create" => "Tạo tài khoản",
        "admin.user.update" => "Sửa thông tin, vai trò, cơ quan",
        "admin.user.deactivate" => "Ngừng tài khoản",
        "admin.user.reactivate" => "Mở lại tài khoản",
        "admin.user.reset-password" => "Quản trị viên đặt lại mật khẩu",
        "account.password.change" => "Người dùng đổi mật khẩu",
        "admin.signing-key.import" => "Quản trị viên nhập chứng thư số",
        "admin.signing-key.revoke" => "Quản trị viên thu hồi chứng thư số",
        _ => action,
    };
}
