using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// A commune birth registration through the officer pages in Chromium, each officer in their own browser: the desk
/// transfers it, the civil servant appraises, the leader signs, the desk takes the result back and hands it over.
/// Screenshots land in artifacts/screenshots/processing-*.png.
/// </summary>
public class ProcessingJourneyTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"processing-{name}.png"), FullPage = true });

    // Submits the action form and waits for htmx to swap in the page with its confirmation, where that form is gone.
    private static async Task ActAsync(IPage page, string action, string button)
    {
        await page.Locator($"#act-{action} button[type=submit]", new() { HasTextString = button }).ClickAsync();
        await page.Locator($"#act-{action}").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator("#action-done").WaitForAsync();
    }

    [Fact]
    public async Task Officers_take_a_commune_dossier_from_receipt_to_the_returned_result()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, TimeSpan.FromHours(7));
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(fullName: "Phạm Thị Minh Thư", idNumber: "046195004321", phone: "0935111222"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ApiClient().SubmitAsync(Requests.Dossier(channel: "online", fullName: "Trần Văn Bình"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        app.Clock.Now = app.Clock.Now.AddMinutes(10);
        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.thuanhoa");
        await desk.ClickAsync("nav >> text=Xử lý");
        await desk.WaitForURLAsync($"{baseUrl}/xu-ly");
        Assert.Contains(code, await desk.Locator("#worklist").InnerTextAsync());
        await ShotAsync(desk, "01-desk-worklist");
        await desk.ClickAsync("#tab-to-receive");
        await desk.WaitForURLAsync($"{baseUrl}/xu-ly?ds=to-receive");
        Assert.DoesNotContain(code, await desk.Locator("#worklist").InnerTextAsync());
        await ShotAsync(desk, "02-desk-to-receive");

        await desk.GotoAsync($"{baseUrl}/ho-so/{code}");
        await ShotAsync(desk, "03-received");
        await ActAsync(desk, "Transfer", "Chuyển xử lý");
        Assert.Equal("Đang xử lý", await desk.Locator("#dossier-status").InnerTextAsync());
        Assert.Contains("Thẩm định", await desk.Locator("#current-step").InnerTextAsync());
        await ShotAsync(desk, "04-transferred");

        app.Clock.Now = app.Clock.Now.AddMinutes(50);
        var clerk = await Browsers.SignedInPageAsync(browser, baseUrl, "congchuc.thuanhoa");
        await clerk.GotoAsync($"{baseUrl}/xu-ly?ds=mine");
        await clerk.ClickAsync($"#worklist a:has-text('{code}')");
        await clerk.FillAsync("#complete-note", "Hồ sơ đầy đủ, hợp lệ; đã ghi Sổ đăng ký khai sinh và dự thảo Giấy khai sinh.");
        await ShotAsync(clerk, "05-clerk-appraises");
        await ActAsync(clerk, "CompleteStep", "Hoàn thành");
        Assert.Contains("Phê duyệt", await clerk.Locator("#current-step").InnerTextAsync());

        app.Clock.Now = app.Clock.Now.AddHours(1);
        var leader = await Browsers.SignedInPageAsync(browser, baseUrl, "lanhdao.thuanhoa");
        await leader.GotoAsync($"{baseUrl}/ho-so/{code}");
        await ShotAsync(leader, "06-leader-approves");
        await ActAsync(leader, "Approve", "Phê duyệt");
        Assert.Contains("Được phê duyệt", await leader.Locator("#result").InnerTextAsync());

        app.Clock.Now = app.Clock.Now.AddHours(3);
        desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.thuanhoa");
        await desk.GotoAsync($"{baseUrl}/ho-so/{code}");
        await ActAsync(desk, "ResultReady", "Đã nhận kết quả");
        Assert.Equal("Đã xử lý xong", await desk.Locator("#dossier-status").InnerTextAsync());
        Assert.Contains("Trước hạn", await desk.Locator("#completion").InnerTextAsync());
        await ShotAsync(desk, "07-result-ready");
        await desk.SelectOptionAsync("#return-method", "Desk");
        await desk.FillAsync("#return-receiver", "Phạm Thị Minh Thư");
        await ActAsync(desk, "Return", "Trả kết quả");
        Assert.Equal("Đã trả kết quả", await desk.Locator("#dossier-status").InnerTextAsync());
        Assert.Contains("Phạm Thị Minh Thư", await desk.Locator("#returned").InnerTextAsync());
        Assert.Equal(6, await desk.Locator("#history tbody tr").CountAsync());
        await ShotAsync(desk, "08-returned");

        // The citizen checks the signed result on the public verification page.
        var signed = await desk.APIRequest.GetAsync($"{baseUrl}/api/v1/dossiers/{code}/result.pdf");
        var citizen = await browser.NewPageAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 800 } });
        await citizen.GotoAsync($"{baseUrl}/xac-thuc");
        await citizen.SetInputFilesAsync("#tep", new FilePayload { Name = "ket-qua.pdf", MimeType = "application/pdf", Buffer = await signed.BodyAsync() });
        await citizen.ClickAsync("button:has-text('Kiểm tra chữ ký số')");
        Assert.Contains("Chữ ký hợp lệ", await citizen.Locator("#verdict").InnerTextAsync());
        await ShotAsync(citizen, "09-signature-verified");
    }
}
