using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Features.Admin;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Account;

/// <summary>/tai-khoan/mat-khau: any signed-in officer changes their own password (the current one, then a new one meeting the policy).</summary>
[Authorize]
public sealed class PasswordModel(UserAdministration users, Sessions sessions) : FormPage
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    public bool Changed { get; private set; }

    public void OnGet(string? daluu) => Changed = daluu is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (NewPassword != Confirm)
        {
            Errors["confirm"] = ["Nhập lại mật khẩu mới chưa khớp."];
            return Page();
        }
        var outcome = await users.ChangeOwnPasswordAsync(User, new OwnPasswordRequest(CurrentPassword, NewPassword), HttpContext.Connection.RemoteIpAddress, ct);
        if (outcome.Errors is { } errors)
        {
            Errors = errors;
            return Page();
        }
        // The new stamp ends the officer's other sessions; this one goes on with a renewed cookie.
        await sessions.RenewAsync(HttpContext, ct);
        return Redirect("/tai-khoan/mat-khau?daluu=1");
    }
}
