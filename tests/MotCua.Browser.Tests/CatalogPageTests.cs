using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>The public catalogue and its import in Debian's Chromium, over the whole national catalogue.</summary>
public class CatalogPageTests(FullCatalogApp app) : IClassFixture<FullCatalogApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task A_citizen_finds_a_procedure_typed_without_marks_and_opens_it()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });

        await page.GotoAsync($"{baseUrl}/thu-tuc");
        await page.Locator("#q").PressSequentiallyAsync("dang ky khai sinh");
        var result = page.Locator("#catalogue-results a", new() { HasTextString = "Thủ tục đăng ký khai sinh" }).First;
        await result.WaitForAsync();
        Assert.Contains("q=dang", page.Url);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "10-catalogue-search.png"), FullPage = true });
        await result.ClickAsync();

        await page.WaitForURLAsync($"{baseUrl}/thu-tuc/1.001193");
        Assert.Equal("Thủ tục đăng ký khai sinh", await page.Locator("h1").InnerTextAsync());
        foreach (var heading in new[] { "Cách thức thực hiện, thời hạn và phí", "Thành phần hồ sơ", "Trình tự thực hiện", "Căn cứ pháp lý", "Nơi tiếp nhận" })
            Assert.True(await page.Locator("h2", new() { HasTextString = heading }).IsVisibleAsync(), heading);
        Assert.Contains("Trực tuyến", await page.Locator("#online-level").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "11-procedure-detail.png") });
        await page.Locator("section:has(#ho-so)").ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "11b-procedure-documents.png") });
        await page.Locator("section:has(#noi-nop)").ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "11c-procedure-agencies.png") });
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        Assert.False(await page.Locator("header.topbar").IsVisibleAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "12-procedure-print.png") });
    }

    [Fact]
    public async Task A_typo_still_finds_the_procedure_and_the_list_pages_by_field()
    {
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN" });

        await page.GotoAsync($"{baseUrl}/thu-tuc?q=khai%20sihn");
        await page.Locator("#catalogue-results a", new() { HasTextString = "đăng ký khai sinh" }).First.WaitForAsync();
        await page.GotoAsync($"{baseUrl}/thu-tuc");
        await page.SelectOptionAsync("#linhvuc", "Hộ tịch");
        await page.Locator("#catalogue-results a[rel=next]").WaitForAsync();
        await page.Locator("#catalogue-results a[rel=next]").ClickAsync();
        await page.Locator("#catalogue-results", new() { HasTextString = "Trang 2" }).WaitForAsync();
    }

    [Fact]
    public async Task An_administrator_is_told_why_a_process_cannot_be_published()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });
        await Browsers.SignInAsync(page, baseUrl, "quantri");

        await page.GotoAsync($"{baseUrl}/quan-tri/co-quan/{DemoData.ThuanHoaCode}/thu-tuc/1.001193");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "15-adoption-editor.png"), FullPage = true });
        // Drop the result step: the process no longer ends by returning the result.
        await page.FillAsync("input[name='Steps[3].Name']", "");
        await page.FillAsync("input[name='Steps[3].Performer']", "");
        await page.ClickAsync("button:has-text('Lưu và công bố')");
        var errors = await page.Locator("#process-errors").InnerTextAsync();
        Assert.Contains("Bước cuối cùng của quy trình phải là bước trả kết quả", errors);
        // Fractions of a day survive the round trip (vi-VN reads "0.125" as 125 unless bound as posted).
        Assert.DoesNotContain("vượt thời hạn", errors);
        await page.Locator("#process-errors").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "16-adoption-process-refused.png") });

        await page.FillAsync("input[name='Steps[3].Name']", "Trả kết quả");
        await page.SelectOptionAsync("select[name='Steps[3].Kind']", "Result");
        await page.FillAsync("input[name='Steps[3].Performer']", "Bộ phận Một cửa");
        await page.FillAsync("input[name='Steps[3].Amount']", "0.125");
        await page.SelectOptionAsync("select[name='Steps[3].Unit']", "WorkingDays");
        await page.FillAsync("#Cutoff", "15:30");
        await page.ClickAsync("button:has-text('Lưu và công bố')");
        Assert.Equal("Đã lưu và công bố quy trình nội bộ.", await page.Locator("#saved").InnerTextAsync());
        Assert.Equal("0.125", await page.InputValueAsync("input[name='Steps[3].Amount']"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "17-adoption-published.png"), FullPage = true });
    }

    [Fact]
    public async Task An_administrator_imports_the_catalogue_and_reads_the_report()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });
        await Browsers.SignInAsync(page, baseUrl, "quantri");

        await page.GotoAsync($"{baseUrl}/quan-tri/thu-tuc/nhap");
        await page.ClickAsync("#import-server");
        await page.Locator("#import-progress").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "13-catalogue-import-progress.png"), FullPage = true });
        await page.Locator("#import-done a").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("#import-done a").ClickAsync();
        var report = await page.Locator("#import-report").InnerTextAsync();
        Assert.Contains("2642", report);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "14-catalogue-import-report.png") });
    }
}
