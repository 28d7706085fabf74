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

    /// <summary>The officers' session cookie (<c>Program.cs</c>: <c>o.Cookie.Name</c>).</summary>
    public const string OfficerCookie = "motcua";

    /// <summary>
    /// Signs in through the login form and returns once the form's answer is the 302 and its session cookie is in the
    /// browser's jar: what every later request needs. It does not wait for the landing page (<c>/ho-so</c>) the 302 points
    /// to: nearly every caller navigates elsewhere at once (the landing page's navigation is then abandoned), and waiting
    /// for its load event under a loaded machine timed out (ReportScreenshotsTests, 30 s). A caller that reads the landing
    /// page waits for it with <see cref="LandedAsync"/>. A refused sign-in fails at once with what the server said.
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
        // Chromium stores a redirect's Set-Cookie before it follows the redirect, and Playwright reports the redirect's
        // answer when the next request is sent: the cookie is in the jar now or never.
        if (!(await page.Context.CookiesAsync([baseUrl])).Any(c => c.Name == OfficerCookie))
            throw new InvalidOperationException($"Đăng nhập {userName}: trả 302 nhưng trình duyệt không có cookie {OfficerCookie}.");
    }

    /// <summary>Waits until the page has left the sign-in for the landing page (<c>/ho-so</c>) and that page's answer has
    /// arrived (commit), for callers that read it (its URL, its navigation); elements are then waited for as any locator is.</summary>
    public static Task LandedAsync(IPage page, string baseUrl) =>
        page.WaitForURLAsync($"{baseUrl}/ho-so", new() { WaitUntil = WaitUntilState.Commit });

    public static async Task<IPage> SignedInPageAsync(IBrowser browser, string baseUrl, string userName, int height = 900)
    {
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = height } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, baseUrl, userName);
        return page;
    }
}
