using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece 0: kiosk mode (<see cref="KioskMode"/>). A browser enrolled as a kiosk device gets the citizens' pages in
/// the kiosk's full-screen layout (its stylesheet, the idle return after 120 seconds, the "Về trang chủ" bar); an ordinary
/// browser, a tampered device cookie or one whose year has run out gets the citizens' layout.
/// </summary>
public class KioskModeTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private string DeviceCookie(KioskDevice device)
    {
        using var scope = app.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<KioskMode>().Enrol(http, device);
        var setCookie = http.Response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    private async Task<string> HomeWith(string? cookie)
    {
        var client = app.SessionClient();
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await client.GetAsync("/cong-dan");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static bool Kiosk(string page) =>
        page.Contains("/css/kiosk.css", StringComparison.Ordinal) && page.Contains("/js/kiosk-idle.js", StringComparison.Ordinal)
        && page.Contains("data-idle=\"120\"", StringComparison.Ordinal) && page.Contains("id=\"het-gio-tiep\"", StringComparison.Ordinal)
        && page.Contains("Về trang chủ", StringComparison.Ordinal) && !page.Contains("/css/citizen.css", StringComparison.Ordinal);

    [Fact]
    public async Task An_enrolled_device_gets_the_kiosk_layout_and_any_other_browser_the_citizens()
    {
        var cookie = DeviceCookie(new KioskDevice(7, 1));
        var kiosk = await HomeWith(cookie);
        Assert.True(Kiosk(kiosk), kiosk);
        Assert.Equal(1, CountOf(kiosk, "<html"));
        Assert.Contains("lang=\"vi\"", kiosk, StringComparison.Ordinal);
        // The one script is the idle warning's (WCAG 2.2.1), served from the app: nothing inline, nothing from elsewhere.
        Assert.Equal(1, CountOf(kiosk, "<script"));
        Assert.Matches("<script src=\"/js/kiosk-idle\\.js\\?v=[^\"]+\" defer></script>", kiosk);

        var ordinary = await HomeWith(null);
        Assert.False(Kiosk(ordinary));
        Assert.Contains("/css/citizen.css", ordinary, StringComparison.Ordinal);
        var value = cookie[(KioskMode.CookieName.Length + 1)..];
        var tampered = $"{KioskMode.CookieName}={value[..^4]}{(value[^4] == 'A' ? 'B' : 'A')}{value[^3..]}";
        Assert.False(Kiosk(await HomeWith(tampered)));
        Assert.False(Kiosk(await HomeWith($"{KioskMode.CookieName}=khong-phai-thiet-bi")));
    }

    [Fact]
    public async Task An_enrolment_lasts_a_year()
    {
        var before = app.Clock.Now;
        try
        {
            var cookie = DeviceCookie(new KioskDevice(8, 1));
            app.Clock.Now = before + KioskMode.Lifetime - TimeSpan.FromDays(1);
            Assert.True(Kiosk(await HomeWith(cookie)));
            app.Clock.Now = before + KioskMode.Lifetime + TimeSpan.FromMinutes(1);
            Assert.False(Kiosk(await HomeWith(cookie)));
        }
        finally
        {
            app.Clock.Now = before;
        }
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
