using Microsoft.Playwright;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 12, item 10: the main pages work under the Content-Security-Policy. Chromium reports every blocked script,
/// style element or inline handler on the console; none may appear, and what the moved scripts do (htmx searches and
/// tabs, the desk's error summary taking the focus) still happens.
/// </summary>
public class ContentSecurityPolicyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static async Task<(IPage Page, List<string> Violations)> WatchedAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => violations.Add($"{page.Url}: {error}");
        return (page, violations);
    }

    [Fact]
    public async Task The_main_pages_run_without_a_policy_violation()
    {
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var visited = 0;

        var (citizen, citizenViolations) = await WatchedAsync(browser);
        foreach (var path in new[] { "/", "/tra-cuu", "/thu-tuc/1.001193", "/xac-thuc", "/dang-nhap" })
        {
            await citizen.GotoAsync(baseUrl + path);
            visited++;
        }
        // The catalogue's live search is htmx: typing replaces the results without a page load.
        await citizen.GotoAsync($"{baseUrl}/thu-tuc");
        await citizen.Locator("#q").PressSequentiallyAsync("khai sinh");
        await citizen.WaitForURLAsync(url => url.Contains("q=khai", StringComparison.Ordinal));
        await citizen.Locator("#catalogue-results a[href='/thu-tuc/1.001193']").First.WaitForAsync();
        visited++;

        var (desk, deskViolations) = await WatchedAsync(browser);
        await Browsers.SignInAsync(desk, baseUrl, "tiepnhan.thuanhoa");
        await desk.GotoAsync($"{baseUrl}/tiep-nhan");
        await desk.Locator("#q").PressSequentiallyAsync("khai sinh");
        await desk.Locator("#procedure-results a[href='/tiep-nhan?thutuc=1.001193']").WaitForAsync();
        await desk.GotoAsync($"{baseUrl}/tiep-nhan?thutuc=1.001193");
        // Receiving with nothing filled in: the error summary (a script file now) takes the focus.
        await desk.ClickAsync("button[value='receive']");
        await desk.Locator("#error-summary").WaitForAsync();
        await desk.WaitForFunctionAsync("document.activeElement?.id === 'error-summary'");
        await desk.GotoAsync($"{baseUrl}/ho-so");
        await desk.GotoAsync($"{baseUrl}/xu-ly");
        visited += 4;

        var (admin, adminViolations) = await WatchedAsync(browser);
        await Browsers.SignInAsync(admin, baseUrl, "quantri");
        foreach (var path in new[] { "/quan-tri/lich", "/quan-tri/thu-tuc", "/quan-tri/don-vi", "/quan-tri/nguoi-dung", "/quan-tri/thu-tuc/1.001193/bieu-mau", "/quan-tri/thu-tuc/1.001193/thanh-phan-ho-so" })
        {
            await admin.GotoAsync(baseUrl + path);
            visited++;
        }

        var violations = citizenViolations.Concat(deskViolations).Concat(adminViolations).ToList();
        output.WriteLine($"{visited} pages and interactions under the CSP: {violations.Count} violation(s)");
        foreach (var v in violations) output.WriteLine(v);
        Assert.Empty(violations);
    }
}
