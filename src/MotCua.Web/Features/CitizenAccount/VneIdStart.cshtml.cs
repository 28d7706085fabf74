using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>
/// <c>/cong-dan/dang-nhap/vneid</c>: starts a VNeID sign-in (<see cref="VneIdSignIns.StartAsync"/>): sets the state cookie
/// (HttpOnly, SameSite=Lax so that VNeID's redirect back carries it, sent only to the callback) and redirects the browser to
/// VNeID. Where VNeID is not configured the page says so and offers the one-time code.
/// </summary>
public sealed class VneIdStartModel(VneIdSignIns signIns, IOptions<VneIdOptions> options, IConfiguration configuration) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public CodeRequestForm Form { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!options.Value.Configured)
        {
            Form = new CodeRequestForm { ReturnUrl = CitizenReturn.Safe(ReturnUrl) };
            return Page();
        }
        var (authorizeUrl, state) = await signIns.StartAsync(ReturnUrl, CallbackUri(HttpContext), ct);
        Response.Cookies.Append(VneIdSignIns.StateCookie, state, new CookieOptions
        {
            Path = VneIdSignIns.CallbackPath, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true,
            Secure = Request.IsHttps || configuration.GetValue("Motcua:RequireHttps", false), MaxAge = VneIdSignIns.Lifetime,
        });
        return Redirect(authorizeUrl);
    }

    /// <summary>The callback's absolute address on this request's host (behind a proxy, the forwarded host and scheme).</summary>
    public static string CallbackUri(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{VneIdSignIns.CallbackPath}";
}
