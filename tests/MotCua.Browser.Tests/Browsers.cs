using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

// One Chromium at a time: two cores shared by a browser per class, the app and PostgreSQL made journeys time out.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MotCua.Browser.Tests;

/// <summary>Debian's Chromium as the machine allows it, the screens the journeys use (a citizen's phone, a kiosk, an
/// officer's desktop), where their screenshots go, and the sign-in every officer's journey starts with.</summary>
public static class Browsers
{
    /// <summary>artifacts/screenshots under the repository, created on first use: every journey's PNGs land there.</summary>
    public static string Screenshots
    {
        get
        {
            var path = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>A page on a 360 × 740 touch phone in Vietnamese: the narrowest screen citizens' pages are held to.</summary>
    public static async Task<IPage> PhoneAsync(IBrowser browser) =>
        await (await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 360, Height = 740 }, HasTouch = true })).NewPageAsync();

    /// <summary>A page on the kiosk's 1080 × 1920 portrait touch screen, carrying <paramref name="cookies"/> (an enrolled
    /// kiosk's cookie) when given.</summary>
    public static async Task<IPage> KioskAsync(IBrowser browser, params Cookie[] cookies)
    {
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1080, Height = 1920 }, HasTouch = true });
        if (cookies.Length > 0) await context.AddCookiesAsync(cookies);
        return await context.NewPageAsync();
    }

    /// <summary>A full-page screenshot to <see cref="Screenshots"/>/<paramref name="name"/>.png.</summary>
    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>How wide the page's content is, in CSS pixels: above the viewport's width means sideways scrolling.</summary>
    public static Task<int> ScrollWidthAsync(IPage page) => page.EvaluateAsync<int>("document.documentElement.scrollWidth");

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) => await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>
    /// Signs in through the login form and waits for the answer to the form itself, so that a refused sign-in fails
    /// at once with what the server said instead of as a timeout somewhere later.
    /// </summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string userName)
    {
        await page.GotoAsync($"{baseUrl}/dang-nhap");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", DemoData.Password);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button:has-text('Đăng nhập')"),
            r => r.Request.Method == "POST" && r.Url.Contains("/dang-nhap"));
        if (answer.Status != 302)
            throw new InvalidOperationException(
                $"Đăng nhập {userName} bị từ chối: HTTP {answer.Status}\n{await answer.TextAsync()}");
        await page.WaitForURLAsync(url => !url.Contains("/dang-nhap"));
    }

    public static async Task<IPage> SignedInPageAsync(IBrowser browser, string baseUrl, string userName, int height = 900)
    {
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = height } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, baseUrl, userName);
        return page;
    }
}
