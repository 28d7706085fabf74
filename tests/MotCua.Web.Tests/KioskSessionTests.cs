using System.Net;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Demo;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial17t HIGH 1: on an enrolled kiosk, no way back to the kiosk's home keeps a citizen signed in. The layout's
/// "Về trang chủ" bar leads to the end page, and the home itself (<c>GET /kiosk</c>) on a kiosk device deletes the
/// citizens' cookie, so the next person's "Nộp hồ sơ" asks them to sign in; a citizen's own phone keeps its session.
/// Real HTTP, the browser's cookie jar holding the kiosk's device cookie and the session the real sign-in service set.
/// </summary>
public class KioskSessionTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<(HttpClient Browser, CookieContainer Jar)> SignedInAsync(bool kiosk)
    {
        var (citizen, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Hoàng Thục Ki Ốt");
        var (_, setCookie) = await CitizenSchemeTests.SignedInAsync(app, citizen);
        var jar = new CookieContainer();
        jar.SetCookies(app.BaseAddress, setCookie);
        if (kiosk)
        {
            var device = await QueueTests.KioskCookieAsync(app, DemoData.CentreCode);
            var split = device.IndexOf('=', StringComparison.Ordinal);
            jar.Add(app.BaseAddress, new Cookie(device[..split], device[(split + 1)..]));
        }
        return (new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = app.BaseAddress }, jar);
    }

    private static async Task<bool> SignedInAsync(HttpClient browser)
    {
        var page = await browser.GetAsync("/cong-dan/dang-nhap?kiosk=1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (await page.Content.ReadAsStringAsync()).Contains("id=\"da-dang-nhap\"", StringComparison.Ordinal);
    }

    /// <summary>The answer's deletion of the citizens' cookie, if any (the jar applies it as a browser does).</summary>
    private static bool DeletesCitizenCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(CitizenAuth.CookieName + "=;", StringComparison.Ordinal) && c.Contains("path=" + CitizenAuth.Path, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task The_kiosk_home_bar_leads_to_the_end_page_and_the_home_itself_signs_the_citizen_out()
    {
        var (kiosk, jar) = await SignedInAsync(kiosk: true);
        Assert.True(await SignedInAsync(kiosk));
        // Every kiosk page's bar, also on the citizens' pages in kiosk mode, ends the session rather than only going home.
        var signIn = await kiosk.GetStringAsync("/cong-dan/dang-nhap?kiosk=1");
        Assert.Contains("<a class=\"home\" href=\"/kiosk/ket-thuc\">Về trang chủ</a>", signIn, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/kiosk\"", signIn, StringComparison.Ordinal);

        // The home itself, reached by any other link (the ticket's "Xong", the end page's own link, a typed address).
        var home = await kiosk.GetAsync("/kiosk");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.True(DeletesCitizenCookie(home), string.Join(" | ", home.Headers.TryGetValues("Set-Cookie", out var c) ? c : []));
        Assert.DoesNotContain(jar.GetCookies(new Uri(app.BaseAddress, CitizenAuth.Path)), k => k.Name == CitizenAuth.CookieName);
        Assert.False(await SignedInAsync(kiosk));

        // The end page does the same.
        var (again, _) = await SignedInAsync(kiosk: true);
        Assert.True(await SignedInAsync(again));
        Assert.True(DeletesCitizenCookie(await again.GetAsync("/kiosk/ket-thuc")));
        Assert.False(await SignedInAsync(again));
    }

    [Fact]
    public async Task A_citizens_own_browser_opening_the_kiosk_home_stays_signed_in()
    {
        var (phone, _) = await SignedInAsync(kiosk: false);
        var home = await phone.GetAsync("/kiosk");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.False(DeletesCitizenCookie(home));
        Assert.False(DeletesCitizenCookie(await phone.GetAsync("/kiosk/ket-thuc")));
        Assert.True(await SignedInAsync(phone));
    }
}
