using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>Issue 15: the 766 index page in Debian's Chromium, as the inspector reads it: the month and unit chosen, the
/// table of groups and indicators, and a figure opened to its dossiers.</summary>
public class Index766PageTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task The_inspector_chooses_a_unit_and_a_month_and_opens_the_dossiers_behind_a_figure()
    {
        Directory.CreateDirectory(Screenshots);
        // Dossiers received at Thuận Hóa this month, one of them online.
        foreach (var channel in new[] { "direct", "online", "direct" })
            Assert.Equal(System.Net.HttpStatusCode.Created, (await app.ApiClient().SubmitAsync(Requests.Dossier(channel: channel))).StatusCode);
        await app.ScalarAsync("UPDATE dossiers SET received_at = submitted_at WHERE received_at IS NULL RETURNING 1");
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "thanhtra", height: 1200);

        await page.GotoAsync($"{baseUrl}/bao-cao/chi-so-766");
        Assert.Contains("Toàn tỉnh", await page.Locator("h2").First.InnerTextAsync());
        await page.SelectOptionAsync("#agency", DemoData.ThuanHoaCode);
        await page.SelectOptionAsync("#month", "2025-11");
        await page.ClickAsync("button:has-text('Xem chỉ số')");
        await page.WaitForURLAsync(url => url.Contains("agency=" + DemoData.ThuanHoaCode));
        Assert.Contains("Tháng 11/2025", await page.Locator("h2").First.InnerTextAsync());
        Assert.Equal(5, await page.Locator("th[scope='rowgroup']").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "70-index-766.png"), FullPage = true });

        // The online-dossiers figure opens the list behind it, with as many rows as the figure.
        var figure = page.Locator("a[href*='indicator=3.2'][href*='input=onlineDossiers']");
        var count = int.Parse(await figure.InnerTextAsync());
        Assert.True(count >= 1);
        await figure.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/bao-cao/chi-so-766/ho-so"));
        Assert.Equal(count, await page.Locator("tbody tr").CountAsync());
        Assert.Contains($"Hồ sơ nộp trực tuyến: {count}", await page.Locator("h1 ~ p strong").First.InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "71-index-766-dossiers.png"), FullPage = true });
    }
}
