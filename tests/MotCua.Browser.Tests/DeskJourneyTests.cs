using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>The desk journey in Debian's Chromium, as an officer walks it; screenshots land in artifacts/screenshots.</summary>
public class DeskJourneyTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task An_officer_receives_a_dossier_and_the_citizen_looks_it_up()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 1000 } });

        await Browsers.SignInAsync(page, baseUrl, "tiepnhan.thuanhoa");
        await Browsers.LandedAsync(page, baseUrl);
        Assert.EndsWith("/ho-so", page.Url);

        await page.GotoAsync($"{baseUrl}/tiep-nhan");
        await page.FillAsync("#q", "dang ky khai sinh");
        var result = page.Locator("#procedure-results a", new() { HasTextString = "Thủ tục đăng ký khai sinh" }).First;
        await result.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "01-desk-search.png"), FullPage = true });
        await result.ClickAsync();

        await page.Locator("#intake-form").WaitForAsync();
        // Every document the list requires (a required line left unticked asks for the officer's confirmation: CIT35 LOW 6).
        var required = page.Locator("#intake-form tr.doc:not(.conditional) input[id$='-received']");
        for (var i = 0; i < await required.CountAsync(); i++) await required.Nth(i).CheckAsync();
        await page.FillAsync("#form-hoTenTre", "Lê Hoàng Bảo Ngọc");
        await page.FillAsync("#form-ngaySinh", "2025-11-10");
        await page.FillAsync("#form-noiSinh", "Bệnh viện Trung ương Huế");
        await page.SelectOptionAsync("#form-gioiTinh", "Nữ");
        await page.FillAsync("#form-danToc", "Kinh");
        await page.FillAsync("#form-quocTich", "Việt Nam");
        await page.FillAsync("#form-hoTenMe", "Nguyễn Thị Hồng Nhung");
        await page.FillAsync("#form-namSinhMe", "1996");
        await page.FillAsync("#form-danTocMe", "Kinh");
        await page.FillAsync("#form-quocTichMe", "Việt Nam");
        await page.FillAsync("#form-noiCuTruMe", "27 Đống Đa, phường Thuận Hóa, thành phố Huế");
        await page.SelectOptionAsync("#form-quanHe", "Mẹ");
        await page.FillAsync("#FullName", "Nguyễn Thị Hồng Nhung");
        await page.FillAsync("#IdNumber", "046195004321");
        await page.FillAsync("#Phone", "0935111222");
        await page.FillAsync("#Address", "27 Đống Đa, phường Thuận Hóa, thành phố Huế");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "02-desk-form.png"), FullPage = true });
        await page.ClickAsync("button:has-text('Tiếp nhận và in giấy hẹn')");

        var codeText = await page.Locator("#dossier-code").InnerTextAsync();
        Assert.Matches(new Regex(@"^000\.10\.01\.H46-\d{6}-\d{4}$"), codeText);
        Assert.Contains("Được tiếp nhận", await page.ContentAsync());
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#due-at").InnerTextAsync()));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "03-dossier-received.png"), FullPage = true });

        var receipt = await page.APIRequest.GetAsync($"{baseUrl}/api/v1/dossiers/{codeText}/receipt.pdf");
        Assert.Equal("application/pdf", receipt.Headers["content-type"]);

        var citizen = await browser.NewPageAsync(new() { Locale = "vi-VN" });
        await citizen.GotoAsync($"{baseUrl}/tra-cuu?ma={codeText}");
        var lookup = await citizen.ContentAsync();
        Assert.Contains("N*** T** H*** N***", lookup);
        Assert.DoesNotContain("046195004321", lookup);
        Assert.DoesNotContain("0935111222", lookup);
        await citizen.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "04-public-lookup.png"), FullPage = true });
    }
}
