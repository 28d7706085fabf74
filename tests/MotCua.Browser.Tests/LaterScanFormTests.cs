using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 17 (docs/FILES.md "Files of a received dossier", the page): the receiving officer adds a scan to a received
/// dossier from its page <c>/ho-so/{code}</c> in Debian's Chromium, through htmx under the app's Content-Security-Policy.
/// A renamed executable is refused in Vietnamese inside the form, nothing added; a real PDF printed by Chromium is added,
/// the page reloads and lists it under its line, digitised, and the file downloads as the same bytes.
/// </summary>
public class LaterScanFormTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private string BaseUrl => app.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task The_receiving_officer_adds_a_scan_from_the_dossier_page_or_reads_why_not()
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, BaseUrl, "tiepnhan.thuanhoa");
        await page.GotoAsync($"{BaseUrl}/ho-so/{code}");
        await page.Locator("#add-scans").WaitForAsync();

        await page.SetInputFilesAsync("#add-scans-files", new FilePayload
        {
            Name = "giay-chung-sinh.pdf", MimeType = "application/pdf",
            Buffer = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0xB8, 0, 0, 0],
        });
        await page.Locator("#add-scans button[type=submit]").ClickAsync();
        var refusal = page.Locator("#add-scans-answer p.error[role=alert]");
        await refusal.WaitForAsync();
        Assert.Contains("PDF", await refusal.InnerTextAsync(), StringComparison.Ordinal);
        await Browsers.ShotAsync(page, "later-scan-refused");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));

        var printer = await browser.NewPageAsync();
        await printer.SetContentAsync("<html lang=vi><body style='font-family:sans-serif'><h1>Giấy chứng sinh</h1><p>Họ và tên mẹ: Nguyễn Thị Hoa</p></body></html>");
        var pdf = await printer.PdfAsync(new() { Format = "A4" });
        await page.SetInputFilesAsync("#add-scans-files", new FilePayload { Name = "giay-chung-sinh.pdf", MimeType = "application/pdf", Buffer = pdf });
        // The answer reloads the page (HX-Refresh): the old document is marked first, so what is read next is the new one.
        await page.EvaluateAsync("() => document.body.dataset.before = 'yes'");
        await page.Locator("#add-scans button[type=submit]").ClickAsync();
        await page.Locator("body:not([data-before])").WaitForAsync();
        var listed = page.Locator("ul.dossier-files li", new() { HasText = "giay-chung-sinh.pdf" });
        await listed.WaitForAsync();
        Assert.Matches(@"^Giấy chứng sinh: giay-chung-sinh\.pdf \(1 trang\) — số hóa lúc \d\d:\d\d \d\d/\d\d/\d{4}$", (await listed.InnerTextAsync()).Trim());
        await Browsers.ShotAsync(page, "later-scan-added");
        var href = await listed.Locator("a").GetAttributeAsync("href");
        var downloaded = await page.APIRequest.GetAsync(BaseUrl + href);
        Assert.Equal(pdf, await downloaded.BodyAsync());
    }
}
