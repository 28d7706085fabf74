using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Account;

public sealed class LoginModel(MotCuaDb db) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Vui lòng nhập tên đăng nhập.")]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Vui lòng nhập mật khẩu."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == UserName.Trim());
        if (user is null || !Passwords.Verify(user, Password))
        {
            ModelState.AddModelError("", "Tên đăng nhập hoặc mật khẩu không đúng.");
            return Page();
        }
        // Said only to someone who knows the password: the account exists but an administrator stopped it.
        if (user.DeactivatedAt is not null)
        {
            ModelState.AddModelError("", "Tài khoản này đã ngừng hoạt động; liên hệ quản trị viên của đơn vị.");
            return Page();
        }
        List<Claim> claims =
        [
            new(ClaimTypes.Name, user.FullName),
            new(ClaimTypes.Role, user.Role),
            new(Claims.UserId, user.Id.ToString()),
            new(Claims.SecurityStamp, user.SecurityStamp),
        ];
        if (user.AgencyId is { } agency) claims.Add(new Claim(Claims.AgencyId, agency.ToString()));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/ho-so");
    }
}
