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
/// same answers, so neither the time nor the text tells whether an account exists. A signed-in officer may sign in again
/// (as someone else) with a form rendered before they signed in (<see cref="FormTokenValidAsync"/>).</summary>
[IgnoreAntiforgeryToken]
public sealed class LoginModel(MotCuaDb db, SignInThrottle throttle, IPasswordHasher<User> hasher, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) : PageModel
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

    /// <summary>The signed-in officer's name, shown above the form (signing in again switches the account).</summary>
    public string? SignedInAs => User.Identity?.IsAuthenticated == true ? User.Identity.Name : null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FormTokenValidAsync())
        {
            // Never the bare 400 of the antiforgery filter: the form is shown again, with a fresh token, and says why.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ModelState.AddModelError("", "Biểu mẫu đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng nhập lại tên đăng nhập và mật khẩu.");
            return Page();
        }
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

    /// <summary>
    /// The form's antiforgery token, checked as the filter would, but also against the anonymous visitor when the browser
    /// is signed in: a sign-in form opened before signing in (another tab, the back button) carries a token bound to no
    /// account, which the filter refused with a bare 400 once the cookie named one. The token and its cookie must still
    /// match, so another site cannot post this form (sign-in CSRF).
    /// </summary>
    private async Task<bool> FormTokenValidAsync()
    {
        if (await antiforgery.IsRequestValidAsync(HttpContext)) return true;
        if (User.Identity?.IsAuthenticated != true) return false;
        var signedIn = HttpContext.User;
        HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        try { return await antiforgery.IsRequestValidAsync(HttpContext); }
        finally { HttpContext.User = signedIn; }
    }
}
