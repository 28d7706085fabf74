using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>
/// The code a browser is waiting for, between <c>/cong-dan/dang-nhap</c> and <c>/cong-dan/dang-nhap/ma</c>: the code's row
/// id, the CCCD, the destination and where to go once signed in, in the cookie <see cref="CookieName"/>, sealed with data
/// protection (purpose <see cref="Purpose"/>) so the browser can neither read the destination back nor change it. It is a
/// session cookie sent only to the sign-in pages; the code's own row decides how long the code lives.
/// </summary>
public sealed record PendingCode(long CodeId, string IdNumber, CodeDestination Destination, string ReturnTo)
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = CitizenAuth.PendingCodeCookieName;

    /// <summary>The data-protection purpose that seals it.</summary>
    public const string Purpose = "MotCua.CitizenAccount.PendingCode";

    private const string CookiePath = CitizenAuth.SignInPath;

    /// <summary>Sets the cookie on <paramref name="http"/>'s answer.</summary>
    public void Write(HttpContext http)
    {
        var text = string.Join('\n', CodeId.ToString(CultureInfo.InvariantCulture), IdNumber, ((int)Destination.Channel).ToString(CultureInfo.InvariantCulture), Destination.Address, ReturnTo);
        http.Response.Cookies.Append(CookieName, Protector(http).Protect(text), Options(http));
    }

    /// <summary>The pending code of <paramref name="http"/>'s browser, or null when there is none or the cookie is not one
    /// this deployment sealed.</summary>
    public static PendingCode? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var sealedText) || string.IsNullOrEmpty(sealedText)) return null;
        try
        {
            var parts = Protector(http).Unprotect(sealedText).Split('\n');
            return parts.Length == 5 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var channel) && Enum.IsDefined((CodeChannel)channel)
                ? new PendingCode(id, parts[1], new CodeDestination((CodeChannel)channel, parts[3]), CitizenReturn.Safe(parts[4]))
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }

    /// <summary>Deletes the cookie (the code is used or over).</summary>
    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http));

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static CookieOptions Options(HttpContext http) => new()
    {
        Path = CookiePath, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true,
        Secure = http.Request.IsHttps || http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Motcua:RequireHttps", false),
    };
}

/// <summary>
/// Where a citizen goes once signed in: a <c>returnUrl</c> is followed only when it is a path of the citizens' pages
/// (<c>/cong-dan</c> or below), so the sign-in page cannot be made to send a citizen to another site or to an officer's page
/// (an open redirect). Anything else, including the sign-in pages themselves, leads to <c>/cong-dan</c>.
/// </summary>
public static class CitizenReturn
{
    /// <summary>The citizens' home, where a sign-in lands by default.</summary>
    public const string Home = "/cong-dan";

    /// <summary><paramref name="returnUrl"/> when it is a safe local path under <see cref="Home"/>, else <see cref="Home"/>.</summary>
    public static string Safe(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 500) return Home;
        // "//host" and "/\host" are other sites to a browser; backslashes, control characters and encoded dots or slashes
        // could walk out of /cong-dan once decoded.
        if (returnUrl[0] != '/' || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.Any(c => c == '\\' || char.IsControl(c)))
            return Home;
        var path = returnUrl.Split('?', '#')[0];
        if (path.Contains("%2e", StringComparison.OrdinalIgnoreCase) || path.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%5c", StringComparison.OrdinalIgnoreCase) || path.Split('/').Any(s => s is "." or ".."))
            return Home;
        if (path != Home && !path.StartsWith(Home + "/", StringComparison.Ordinal)) return Home;
        if (path.StartsWith(Home + "/dang-nhap", StringComparison.Ordinal) || path.StartsWith(Home + "/dang-xuat", StringComparison.Ordinal)) return Home;
        return returnUrl;
    }
}
