using Microsoft.Playwright;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Demo;
using MotCua.Web.Infrastructure;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// Trial17t HIGH 1 in Debian's Chromium: on an enrolled kiosk (1080 × 1920) a citizen is signed in (the session the real
/// sign-in service sets, put in the kiosk's browser) and "Nộp hồ sơ" greets them; tapping the bar's "Về trang chủ" ends
/// the session, so the next person's "Nộp hồ sơ" asks them to sign in. Screenshot artifacts/screenshots/kiosk-session-ended.png.
/// </summary>
public class KioskSessionEndTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Tapping_home_at_the_kiosk_ends_the_citizens_session_and_the_next_person_must_sign_in()
    {
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        var device = await QueueTests.KioskCookieAsync(app, DemoData.CentreCode);
        var (citizen, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Hoàng Thục Oanh");
        var (_, setCookie) = await CitizenSchemeTests.SignedInAsync(app, citizen);
        var session = setCookie[(CitizenAuth.CookieName.Length + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)];
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var split = device.IndexOf('=', StringComparison.Ordinal);
        var kiosk = await Browsers.KioskAsync(browser,
            new Cookie { Name = device[..split], Value = device[(split + 1)..], Url = baseUrl },
            new Cookie { Name = CitizenAuth.CookieName, Value = session, Domain = app.BaseAddress.Host, Path = CitizenAuth.Path, HttpOnly = true, SameSite = SameSiteAttribute.Lax });

        // Where her sign-in from the "Nộp hồ sơ" tile left her (the home itself would already end a session it finds).
        await kiosk.GotoAsync($"{baseUrl}/cong-dan/dang-nhap?kiosk=1");
        await kiosk.Locator("#da-dang-nhap").WaitForAsync();

        // She leaves by the bar's "Về trang chủ"; the next person taps "Nộp hồ sơ".
        await kiosk.ClickAsync("header.kbar a.home");
        await kiosk.WaitForURLAsync(url => url.EndsWith("/kiosk", StringComparison.Ordinal));
        await kiosk.ClickAsync("a:has-text('Nộp hồ sơ')");
        await kiosk.WaitForURLAsync(url => url.Contains("/cong-dan/dang-nhap", StringComparison.Ordinal));
        Assert.Equal(0, await kiosk.Locator("#da-dang-nhap").CountAsync());
        Assert.DoesNotContain(await kiosk.Context.CookiesAsync([$"{baseUrl}{CitizenAuth.Path}"]), c => c.Name == CitizenAuth.CookieName);
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Browsers.Screenshots, "kiosk-session-ended.png"), FullPage = true });
    }
}
