using Microsoft.Playwright;
using MotCua.Web.Features.Demo;

// One Chromium at a time: two cores shared by a browser per class, the app and PostgreSQL made journeys time out.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MotCua.Browser.Tests;

/// <summary>Debian's Chromium as the machine allows it, and the sign-in every journey starts with.</summary>
public static class Browsers
{
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
