using Microsoft.Playwright;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>Everyday words at the desk and on the administrator's list of terms, over the whole national catalogue.</summary>
public class CatalogSearchPageTests(FullCatalogApp app) : IClassFixture<FullCatalogApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task An_officer_types_everyday_words_at_the_desk_and_an_administrator_adds_a_term()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        var desk = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });
        await Browsers.SignInAsync(desk, baseUrl, "tiepnhan.thuanhoa");
        await desk.GotoAsync($"{baseUrl}/tiep-nhan");
        await desk.Locator("#q").PressSequentiallyAsync("xin phép xây nhà");
        var received = desk.Locator("#procedure-results a[href='/tiep-nhan?thutuc=1.013225']");
        await received.WaitForAsync();
        Assert.Contains("Đơn vị không tiếp nhận thủ tục này", await desk.Locator("#procedure-results").InnerTextAsync());
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "40-desk-search-everyday-words.png"), FullPage = true });

        var admin = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });
        await Browsers.SignInAsync(admin, baseUrl, "quantri");
        await admin.GotoAsync($"{baseUrl}/quan-tri/thu-tuc/tu-thong-dung");
        await admin.FillAsync("#phrase", "đi đăng ký cho em bé");
        await admin.FillAsync("#expansion", "đăng ký khai sinh");
        await admin.FillAsync("#topic", "Hộ tịch");
        await admin.ClickAsync("button:has-text('Lưu')");
        await admin.Locator("p.notice", new() { HasTextString = "Đã lưu" }).WaitForAsync();
        await admin.FillAsync("#thu", "di dang ki cho em be");
        await admin.ClickAsync("button:has-text('Thử')");
        await admin.Locator("section", new() { HasTextString = "Được hiểu là" }).Locator("li", new() { HasTextString = "Thủ tục đăng ký khai sinh" }).First.WaitForAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "41-search-terms-admin.png"), FullPage = true });
    }
}
