using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>
/// <c>/cong-dan/dang-xuat</c>: the signed-in citizen ends their sessions. GET shows the button; POST (antiforgery token bound
/// to the citizen's account) writes a new security stamp, so every device's cookie stops working, deletes this browser's
/// cookie and goes to <c>/cong-dan</c> (<see cref="CitizenSignIn.SignOutAsync"/>). Only the citizens' scheme opens it: anyone
/// else is sent to the citizens' sign-in.
/// </summary>
[Authorize(Policy = Policies.Citizen)]
public sealed class SignOutModel(CitizenSignIn signIn) : PageModel
{
    /// <summary>The signed-in citizen's name.</summary>
    public string Name => User.Identity?.Name ?? "";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await signIn.SignOutAsync(HttpContext, ct);
        return LocalRedirect(CitizenReturn.Home);
    }
}
