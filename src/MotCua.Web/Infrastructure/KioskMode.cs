using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace MotCua.Web.Infrastructure;

/// <summary>An enrolled kiosk: the device's id (<c>kiosk_devices.id</c>, migration 0070 of piece E) and the agency whose
/// centre it stands in.</summary>
public sealed record KioskDevice(int DeviceId, int AgencyId);

/// <summary>
/// Kiosk mode (issue 17, docs/design/ISSUE17.md §8): a touch screen at a centre, running Chromium in kiosk mode, is enrolled
/// once by opening the one-time link an administrator made for it; the link's page calls <see cref="Enrol"/>, which sets
/// the <see cref="CookieName"/> cookie: the device id and agency, sealed with data protection (so nobody can type one),
/// HttpOnly, SameSite=Lax, Secure when the request is https, valid <see cref="Lifetime"/>. A request carrying a valid one
/// is a kiosk request: the citizens' pages render in <c>_KioskLayout</c> instead of <c>_CitizenLayout</c>, and piece E's
/// ticket printing knows its agency. Without it a browser gets the ordinary pages and cannot print tickets [choice].
/// Revocation (<c>kiosk_devices.revoked_at</c>) is checked by piece E where a device acts (printing a ticket), since the
/// table is its migration's; the layout needs no database read.
/// </summary>
public sealed class KioskMode(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>The device cookie's name.</summary>
    public const string CookieName = "motcua.kiosk";

    /// <summary>How long an enrolment lasts before the device must be enrolled again: one year [choice, §8].</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    // The expiry travels inside the sealed value and is compared with the app's clock (TimeProvider), not the time-limited
    // protector's own reading of the system clock.
    private readonly IDataProtector protector = protection.CreateProtector("MotCua.KioskDevice");

    /// <summary>Marks the browser of <paramref name="http"/> as the kiosk <paramref name="device"/> for <see cref="Lifetime"/>.</summary>
    public void Enrol(HttpContext http, KioskDevice device)
    {
        var expires = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var value = protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{device.DeviceId}:{device.AgencyId}:{expires}"));
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/", MaxAge = Lifetime, IsEssential = true,
        });
    }

    /// <summary>Ends kiosk mode on this browser (the device was revoked or re-enrolled elsewhere).</summary>
    public static void Leave(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    /// <summary>The enrolled device of this request; null for an ordinary browser, a tampered, expired or foreign cookie
    /// (another deployment's key ring cannot open it).</summary>
    public KioskDevice? DeviceOf(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(KioskMode), out var known)) return known as KioskDevice;
        KioskDevice? device = null;
        if (http.Request.Cookies.TryGetValue(CookieName, out var value) && value is { Length: > 0 and < 2048 })
        {
            try
            {
                var parts = protector.Unprotect(value).Split(':');
                if (parts.Length == 3
                    && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) && expires > clock.GetUtcNow().ToUnixTimeSeconds()
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var agency))
                    device = new KioskDevice(id, agency);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // Not ours, tampered or expired: an ordinary browser.
            }
        }
        http.Items[typeof(KioskMode)] = device;
        return device;
    }

    /// <summary>True when this request comes from an enrolled kiosk.</summary>
    public bool IsKiosk(HttpContext http) => DeviceOf(http) is not null;

    /// <summary>The kiosk's layout (its "Về trang chủ" bar and idle end, kiosk-idle.js).</summary>
    public const string KioskLayout = "/Features/Shared/_KioskLayout.cshtml";

    /// <summary>
    /// The layout of a page whose own layout is <paramref name="ordinary"/> (the citizens' or the officers' and public
    /// pages'): on an enrolled kiosk every page in <c>_KioskLayout</c> (trial17u HIGH 1: a link of a citizen's page to
    /// /thu-tuc, /tra-cuu or /phan-anh-kien-nghi left the kiosk's layout, so neither "Về trang chủ" nor the idle end could
    /// sign the citizen out, and the officers' "Đăng nhập" was offered). One rule for every page, chosen by the
    /// _ViewStart files, so a link added later cannot lead out of kiosk mode [choice: rather than removing links; the
    /// public pages keep working in the kiosk's larger type]. Pages that set no layout (htmx partials, the call screen)
    /// and the administrators' pages that name the officers' layout themselves are not reached from a kiosk.
    /// </summary>
    public string LayoutFor(HttpContext http, string ordinary) => IsKiosk(http) ? KioskLayout : ordinary;

    /// <summary>
    /// On an enrolled kiosk, ends any citizen's session left in its browser (trial17t HIGH 1: the next person at a shared
    /// screen must not act as the last one): the citizens' cookie lives under <see cref="CitizenAuth.Path"/> and is not
    /// sent to the kiosk's pages, so it is deleted by name and path rather than read. A half-finished one-time-code
    /// sign-in (<see cref="CitizenAuth.PendingCodeCookieName"/> under <see cref="CitizenAuth.SignInPath"/>) goes too
    /// (trial17u LOW 11: the next person could ask for a new code to the last one's phone or spend their tries). True when
    /// the request came from a kiosk; elsewhere nothing is deleted (a citizen's own phone keeps its session).
    /// </summary>
    public bool EndCitizenSession(HttpContext http)
    {
        if (!IsKiosk(http)) return false;
        http.Response.Cookies.Delete(CitizenAuth.CookieName, new CookieOptions { Path = CitizenAuth.Path });
        http.Response.Cookies.Delete(CitizenAuth.PendingCodeCookieName, new CookieOptions { Path = CitizenAuth.SignInPath });
        return true;
    }
}
