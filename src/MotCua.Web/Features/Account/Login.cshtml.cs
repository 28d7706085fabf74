using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Account;

/// <summary>/dang-nhap: an officer signs in with user name and password. Wrong passwords lock the name and the client
/// address for a while (<see cref="SignInThrottle"/>); a known and an unknown name cost the same PBKDF2 work and get the
/// same answers, so neither the time nor the text tells whether an account exists.</summary>
public sealed class LoginModel(MotCuaDb db, SignInThrottle throttle, IPasswordHasher<User> hasher) : PageModel
{
    // Checked when the name is unknown: a hash of a random password made by the same hasher, so at the same cost.
    private static readonly User Nobody = new() { UserName = "", PasswordHash = "", FullName = "", Role = "" };
    private static string? nobodyHash;

    [BindProperty, Required(ErrorMessage = "Vui lòng nhập tên đăng nhập.")]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Vui lòng nhập mật khẩu."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var client = HttpContext.Connection.RemoteIpAddress;
        // Locked: refused without checking the password, whether the name exists or not.
        if (await throttle.LockedUntilAsync(UserName, client, ct) is { } until)
        {
            ModelState.AddModelError("", SignInThrottle.LockMessage(until));
            return Page();
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == UserName.Trim(), ct);
        nobodyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
        var right = hasher.VerifyHashedPassword(user ?? Nobody, user?.PasswordHash ?? nobodyHash, Password) != PasswordVerificationResult.Failed;
        if (user is null || !right)
        {
            await throttle.FailedAsync(UserName, client, ct);
            ModelState.AddModelError("", "Tên đăng nhập hoặc mật khẩu không đúng.");
            return Page();
        }
        await throttle.SucceededAsync(UserName, ct);
        // Said only to someone who knows the password: the account exists but an administrator stopped it.
        if (user.DeactivatedAt is not null)
        {
            ModelState.AddModelError("", "Tài khoản này đã ngừng hoạt động; liên hệ quản trị viên của đơn vị.");
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Sessions.PrincipalOf(user));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/ho-so");
    }
}
