using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>The administrator enters a year's official decision from the default rule, in Debian's Chromium.</summary>
public class CalendarAdminTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task An_administrator_sets_the_shipped_2026_decision_aside_prefills_the_default_rule_saves_it_and_tries_a_due_date()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 1000 } });

        await Browsers.SignInAsync(page, baseUrl, "quantri");
        await Browsers.LandedAsync(page, baseUrl);
        Assert.EndsWith("/ho-so", page.Url);

        await page.ClickAsync("nav a:has-text('Lịch làm việc')");
        await page.FillAsync("#nam", "2026");
        await page.ClickAsync("button:has-text('Xem')");
        // A new database carries the decisions already issued for 2026 (migration 0012); set them aside first.
        Assert.Equal("Theo quyết định chính thức", await page.Locator("#source").InnerTextAsync());
        await page.ClickAsync("summary:has-text('Bỏ quyết định')");
        await page.ClickAsync("button:has-text('Bỏ toàn bộ quyết định năm 2026')");
        await page.Locator("#source:has-text('Theo quy tắc mặc định')").WaitForAsync();

        await page.ClickAsync("#prefill");
        Assert.Equal("2026-01-01", await page.Locator("input[name='Rows[0].Date']").InputValueAsync());
        await page.ClickAsync("#save-decision");
        await page.Locator("#saved").WaitForAsync();
        Assert.Equal("Theo quyết định chính thức", await page.Locator("#source").InnerTextAsync());
        Assert.Contains("Năm 2026: nhập quyết định chính thức", await page.Locator("#history").InnerTextAsync());

        // Friday 13/2/2026 10:00, 1 working day: Tết 16–20/2 and two weekends are skipped.
        await page.FillAsync("#tu", "13/02/2026 10:00");
        await page.ClickAsync("button:has-text('Tính hạn')");
        await page.Locator("#due-answer").WaitForAsync();
        Assert.Equal("10:00 ngày 23/02/2026", await page.Locator("#due-answer #due-at").InnerTextAsync());
        Assert.Contains("Tết Nguyên đán", await page.Locator("#due-result").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "05-calendar-admin.png"), FullPage = true });
    }
}
