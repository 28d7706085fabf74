using Microsoft.Playwright;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 16: the desk's "Tra cứu CSDL dân cư" button in Debian's Chromium, against the population database simulator
/// run as a process: a citizen found fills the name and address and shows "Đã xác thực"; with the database down the
/// officer reads why and types by hand. Screenshots land in artifacts/screenshots (16-population-*.png).
/// </summary>
public class DeskPopulationLookupTests(PopulationRegistryFixture fixture) : IClassFixture<PopulationRegistryFixture>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task The_lookup_fills_the_applicant_and_the_desk_goes_on_by_hand_when_the_database_is_down()
    {
        Directory.CreateDirectory(Screenshots);
        var people = await fixture.Registry.PeopleAsync(12);
        var (found, later) = (people[10], people[11]);
        var baseUrl = fixture.App.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 1000 } });
        await Browsers.SignInAsync(page, baseUrl, "tiepnhan.thuanhoa");

        await page.GotoAsync($"{baseUrl}/tiep-nhan?thutuc=1.001193");
        await page.FillAsync("#IdNumber", found.GetProperty("soDinhDanh").GetString()!);
        await page.ClickAsync("#citizen-lookup-button");
        await page.Locator("#citizen-lookup-result .verified").WaitForAsync();
        Assert.Equal(found.GetProperty("hoTen").GetString(), await page.InputValueAsync("#FullName"));
        Assert.Equal(found.GetProperty("noiThuongTru").GetString(), await page.InputValueAsync("#Address"));
        var panel = await page.Locator("#citizen-lookup-result").InnerTextAsync();
        Assert.Contains("Đã xác thực", panel);
        Assert.Contains(found.GetProperty("ngaySinh").GetString()!, panel);
        Assert.False(string.IsNullOrEmpty(await page.InputValueAsync("#VerificationToken")));
        await page.Locator("#citizen-lookup").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "16-population-found.png") });

        await fixture.Registry.ControlAsync(new { mode = "outage" });
        try
        {
            await page.FillAsync("#IdNumber", later.GetProperty("soDinhDanh").GetString()!);
            await page.ClickAsync("#citizen-lookup-button");
            await page.Locator("#citizen-lookup-error").WaitForAsync();
            Assert.Contains("Không kết nối được CSDL dân cư", await page.Locator("#citizen-lookup-error").InnerTextAsync());
            Assert.Equal("", await page.InputValueAsync("#VerificationToken"));
            // The officer types the applicant by hand; the fields take it.
            await page.FillAsync("#FullName", "Trần Văn Nhập Tay");
            Assert.Equal("Trần Văn Nhập Tay", await page.InputValueAsync("#FullName"));
            await page.Locator("#citizen-lookup").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "16-population-down.png") });
        }
        finally
        {
            await fixture.Registry.ControlAsync(new { mode = "normal" });
        }
    }
}
