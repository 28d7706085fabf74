using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>The administrator's agency, reorganisation and user pages in Debian's Chromium, as an administrator uses them.</summary>
public class AdministrationPageTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task An_administrator_creates_a_unit_merges_a_commune_into_it_and_manages_an_account()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "quantri", height: 1000);
        await Browsers.LandedAsync(page, baseUrl);

        // Agencies: search without diacritics, then a new unit; a Vietnamese date typed wrongly is refused beside its field.
        await page.ClickAsync("nav a:has-text('Đơn vị')");
        await page.FillAsync("#q", "a luoi");
        await page.ClickAsync("button:has-text('Tìm')");
        Assert.Equal("1 cơ quan", await page.Locator("#agency-count").InnerTextAsync());
        await page.ClickAsync("#new-agency");
        await page.FillAsync("#f-code", "000.10.60.h46");
        await page.FillAsync("#f-name", "Bộ phận Một cửa xã A Lưới");
        await page.FillAsync("#f-superiorName", "UBND XÃ A LƯỚI");
        await page.SelectOptionAsync("#f-communeCode", "20056");
        await page.FillAsync("#f-placeName", "Huế");
        await page.FillAsync("#f-validFrom", "31/06/2025");
        await page.FillAsync("#f-legalBasis", "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/6/2025");
        await page.ClickAsync("#save-agency");
        Assert.Contains("Ngày không hợp lệ", await page.Locator("#f-validFrom-error").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#f-validFrom").GetAttributeAsync("aria-invalid"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "40-agency-error.png"), FullPage = true });
        await page.FillAsync("#f-validFrom", "01/07/2025");
        await page.ClickAsync("#save-agency");
        await page.Locator("#saved").WaitForAsync();
        Assert.Contains("000.10.60.H46", page.Url);
        Assert.Contains("Tạo mới", await page.Locator("#history").InnerTextAsync());

        // A merger: A Lưới 1, with a dossier open there, into the new unit, previewed, then carried out.
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: "000.10.04.H46", address: "Thôn 2, xã A Lưới 1, thành phố Huế"));
        Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
        await page.GotoAsync($"{baseUrl}/quan-tri/don-vi/sap-xep");
        await page.CheckAsync("input[name='From'][value='000.10.04.H46']");
        await page.CheckAsync("input[name='To'][value='000.10.60.H46']");
        await page.FillAsync("#effectiveOn", "17/11/2025");
        await page.FillAsync("#legalBasis", "Nghị quyết số 1675/NQ-UBTVQH15 ngày 16/6/2025");
        await page.ClickAsync("#preview");
        await page.Locator("#plan").WaitForAsync();
        Assert.True(await page.Locator("#plan-adoptions tbody tr").CountAsync() > 0);
        Assert.Equal(1, await page.Locator("#plan-dossiers tbody tr").CountAsync());
        await page.ClickAsync("#execute");
        await page.Locator("#done").WaitForAsync();
        Assert.Contains("Đã thực hiện", await page.Locator("#done").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "41-reorganisation-done.png"), FullPage = true });
        await page.GotoAsync($"{baseUrl}/quan-tri/don-vi/000.10.04.H46");
        Assert.Contains("Đã chấm dứt hoạt động từ ngày 17/11/2025", await page.Locator("#ended").InnerTextAsync());
        Assert.True(await page.Locator("#f-name").IsDisabledAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "42-agency-ended-history.png"), FullPage = true });

        // Users: a weak password is refused beside its field; the account is created, then deactivated.
        await page.ClickAsync("nav a:has-text('Người dùng')");
        await page.FillAsync("#u-userName", "tiepnhan.aluoi");
        await page.FillAsync("#u-fullName", "Hồ Thị Mai");
        await page.SelectOptionAsync("#u-role", "receiving_officer");
        await page.SelectOptionAsync("#u-agencyCode", "000.10.60.H46");
        await page.FillAsync("#u-password", "aluoi2026");
        await page.ClickAsync("#create-user");
        Assert.Contains("Mật khẩu phải có ít nhất", await page.Locator("#u-password-error").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "43-user-error.png"), FullPage = true });
        await page.FillAsync("#u-password", "A-Luoi@2026!");
        await page.ClickAsync("#create-user");
        await page.Locator("#saved").WaitForAsync();
        await page.ClickAsync("#users a:has-text('Hồ Thị Mai')");
        await page.ClickAsync("#toggle-active");
        await page.Locator("#saved").WaitForAsync();
        Assert.StartsWith("Đã ngừng", await page.Locator("#state").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "44-user-deactivated.png"), FullPage = true });

        // The deactivated account cannot sign in.
        var other = await browser.NewPageAsync(new() { Locale = "vi-VN" });
        await other.GotoAsync($"{baseUrl}/dang-nhap");
        await other.FillAsync("#UserName", "tiepnhan.aluoi");
        await other.FillAsync("#Password", "A-Luoi@2026!");
        await other.ClickAsync("button:has-text('Đăng nhập')");
        Assert.Contains("Tài khoản này đã ngừng hoạt động", await other.Locator("[role=alert]").InnerTextAsync());
        await other.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "45-deactivated-sign-in.png") });

        // Any officer changes their own password from their name in the header.
        var officer = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.trungtam");
        await Browsers.LandedAsync(officer, baseUrl);
        await officer.ClickAsync("a.who");
        await officer.FillAsync("#current", DemoData.Password);
        await officer.FillAsync("#new", "Trung.Tam#Hue2027");
        await officer.FillAsync("#confirm", "Trung.Tam#Hue2027");
        await officer.ClickAsync("#change-password");
        await officer.Locator("#saved").WaitForAsync();
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "46-own-password.png") });
    }
}
