using MotCua.Domain.Calendar;
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
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(fullName: "Phạm Thị Minh Thư", idNumber: "046195004321", phone: "0935111222"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ApiClient().SubmitAsync(Requests.Dossier(channel: "online", fullName: "Trần Văn Bình"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        app.Clock.Now = app.Clock.Now.AddMinutes(10);
        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.thuanhoa");
        await Browsers.LandedAsync(desk, baseUrl);
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
        // A refused action (422) is swapped in with its reason, and the dossier stays where it was.
        await clerk.Locator("#act-CompleteStep button[type=submit]", new() { HasTextString = "Hoàn thành" }).ClickAsync();
        await clerk.Locator("#action-refused").WaitForAsync();
        Assert.Contains("Ghi nội dung", await clerk.Locator("#action-refused").InnerTextAsync());
        Assert.Contains("Thẩm định", await clerk.Locator("#current-step").InnerTextAsync());
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
        // As from the QR code printed on the result: the record is shown, then the upload is checked beside it.
        await citizen.GotoAsync($"{baseUrl}/xac-thuc?ma={code}");
        await citizen.SetInputFilesAsync("#tep", new FilePayload { Name = "ket-qua.pdf", MimeType = "application/pdf", Buffer = await signed.BodyAsync() });
        await citizen.ClickAsync("button:has-text('Kiểm tra chữ ký số')");
        Assert.Contains("Chữ ký hợp lệ", await citizen.Locator("#verdict").InnerTextAsync());
        Assert.Contains(code, await citizen.Locator("#record").InnerTextAsync());
        Assert.DoesNotContain("Không tìm thấy", await citizen.Locator("#record").InnerTextAsync());
        await ShotAsync(citizen, "09-signature-verified");
    }

    private static string Step(string name, string kind, string performer, decimal hours, string? agencyCode = null) =>
        JsonSerializer.Serialize(new { name, kind, performer, allowance = new { amount = hours, unit = "workingHours" }, maySendBack = false, agencyCode });

    // Đăng ký giám hộ (1.004837) at phường Thuận Hóa with this internal process; the dossier is received through the API.
    private async Task<string> ReceiveWithProcessAsync(string fullName, params string[] steps)
    {
        var process = "{\"steps\":[" + string.Join(",", steps) + "]}";
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = '{process}'::jsonb
            WHERE procedure_code = '1.004837' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}') RETURNING 1
            """));
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", fullName: fullName));
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Officers_see_why_approval_waits_for_a_co_agency_and_keep_a_read_only_view_after_a_dossier_leaves_them()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var joint = await ReceiveWithProcessAsync("Trần Thị Giám Hộ",
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa", 1),
            Step("Thẩm định hồ sơ", "appraise", "Công chức Tư pháp - Hộ tịch", 8),
            Step("Xác minh, cho ý kiến về người giám hộ", "coAgency", "Sở Tư pháp", 8, "000.00.02.H46"),
            Step("Phê duyệt, ký kết quả", "approve", "Lãnh đạo UBND phường", 4),
            Step("Trả kết quả", "result", "Bộ phận Một cửa", 1));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        app.Clock.Now = app.Clock.Now.AddMinutes(10);
        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.thuanhoa");
        await desk.GotoAsync($"{baseUrl}/ho-so/{joint}");
        await ActAsync(desk, "Transfer", "Chuyển xử lý");

        var clerk = await Browsers.SignedInPageAsync(browser, baseUrl, "congchuc.thuanhoa");
        await clerk.GotoAsync($"{baseUrl}/ho-so/{joint}");
        await clerk.FillAsync("#complete-note", "Hồ sơ hợp lệ; chờ ý kiến Sở Tư pháp về người giám hộ.");
        await ActAsync(clerk, "CompleteStep", "Hoàn thành");

        var leader = await Browsers.SignedInPageAsync(browser, baseUrl, "lanhdao.thuanhoa");
        await leader.GotoAsync($"{baseUrl}/ho-so/{joint}");
        Assert.Equal(0, await leader.Locator("#act-Approve").CountAsync());
        Assert.Equal("Phê duyệt kết quả: Còn chờ ý kiến phối hợp của Sở Tư pháp; chỉ phê duyệt khi các cơ quan phối hợp đã trả lời.",
            await leader.Locator("#why-Approve").InnerTextAsync());
        await ShotAsync(leader, "10-leader-waits-for-co-agency");

        var justice = await Browsers.SignedInPageAsync(browser, baseUrl, "chuyenvien.tuphap");
        await justice.GotoAsync($"{baseUrl}/xu-ly?ds=mine");
        await justice.ClickAsync($"#worklist a:has-text('{joint}')");
        await justice.FillAsync("#task-answer", "Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự.");
        await ActAsync(justice, "CompleteCoAgencyTask", "Gửi ý kiến");
        Assert.Contains("Đã gửi ý kiến của cơ quan phối hợp.", await justice.Locator("#action-done").InnerTextAsync());
        Assert.Contains("Trung tâm Phục vụ hành chính công phường Thuận Hóa", await justice.Locator("#read-only").InnerTextAsync());
        Assert.Contains("Người giám hộ đủ điều kiện", await justice.Locator("#history").InnerTextAsync());
        await ShotAsync(justice, "11-co-agency-after-answering");

        await leader.ReloadAsync();
        await ActAsync(leader, "Approve", "Phê duyệt");
        await desk.GotoAsync($"{baseUrl}/ho-so/{joint}");
        await ActAsync(desk, "ResultReady", "Đã nhận kết quả");
        Assert.Equal("Đã xử lý xong", await desk.Locator("#dossier-status").InnerTextAsync());
        // The co-agency still reads the dossier with its whole history after it was decided.
        await justice.GotoAsync($"{baseUrl}/ho-so/{joint}");
        Assert.Equal("Đã xử lý xong", await justice.Locator("#dossier-status").InnerTextAsync());
        await ShotAsync(justice, "12-co-agency-reads-the-finished-dossier");

        // A hand-off to the provincial centre, resolved there and sent back down.
        var handOff = await ReceiveWithProcessAsync("Lê Văn Chuyển Cấp",
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa phường", 1),
            Step("Giải quyết tại Trung tâm Phục vụ hành chính công", "handoff", "Trung tâm Phục vụ hành chính công thành phố", 20, DemoData.CentreCode),
            Step("Trả kết quả", "result", "Bộ phận Một cửa phường", 1));
        await desk.GotoAsync($"{baseUrl}/ho-so/{handOff}");
        await ActAsync(desk, "Transfer", "Chuyển xử lý");
        Assert.Equal("Trung tâm Phục vụ hành chính công thành phố Huế", await desk.Locator("#holder").InnerTextAsync());
        Assert.Contains("Đơn vị của bạn không phải đơn vị đang giải quyết", await desk.Locator("#why-CompleteStep").InnerTextAsync());
        await ShotAsync(desk, "13-desk-after-hand-off");

        var centre = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.trungtam");
        await centre.GotoAsync($"{baseUrl}/xu-ly?ds=mine");
        await centre.ClickAsync($"#worklist a:has-text('{handOff}')");
        await centre.FillAsync("#complete-note", "Đã giải quyết tại Trung tâm; gửi kết quả về phường Thuận Hóa.");
        await ActAsync(centre, "CompleteStep", "Hoàn thành");
        Assert.Contains("Đã hoàn thành bước xử lý.", await centre.Locator("#action-done").InnerTextAsync());
        Assert.Contains("Trung tâm Phục vụ hành chính công phường Thuận Hóa", await centre.Locator("#read-only").InnerTextAsync());
        Assert.Contains("Đã giải quyết tại Trung tâm", await centre.Locator("#history").InnerTextAsync());
        await ShotAsync(centre, "14-centre-after-sending-the-result-back");

        var centreLeader = await Browsers.SignedInPageAsync(browser, baseUrl, "lanhdao.trungtam");
        await centreLeader.GotoAsync($"{baseUrl}/ho-so/{handOff}");
        Assert.Equal(1, await centreLeader.Locator("#read-only").CountAsync());
        await ShotAsync(centreLeader, "15-centre-leader-reads-it");

        var inspector = await Browsers.SignedInPageAsync(browser, baseUrl, "thanhtra");
        await inspector.GotoAsync($"{baseUrl}/xu-ly");
        Assert.Contains(handOff, await inspector.Locator("#worklist").InnerTextAsync());
        await inspector.GotoAsync($"{baseUrl}/ho-so/{handOff}");
        Assert.Contains("Chế độ thanh tra", await inspector.Locator("#read-only").InnerTextAsync());
        await ShotAsync(inspector, "16-inspector-reads-it");
    }

    [Fact]
    public async Task Officer_pages_fit_a_360_pixel_phone_without_sideways_scrolling()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(fullName: "Tôn Nữ Thị Phương Thảo"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ApiClient().SubmitAsync(Requests.Dossier(channel: "online", fullName: "Nguyễn Hoàng Bảo Khánh"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        await Browsers.SignInAsync(page, baseUrl, "tiepnhan.thuanhoa");
        foreach (var (path, name) in new[] { ("/ho-so", "ho-so"), ("/xu-ly", "xu-ly"), ($"/ho-so/{code}", "ho-so-detail") })
        {
            await page.GotoAsync(baseUrl + path);
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"processing-360-{name}.png"), FullPage = true });
            Assert.True(width <= 360, $"{path}: scrollWidth {width} px ở màn hình 360 px");
        }
        // E-form answers keep their width: a value is laid out below its label, not squeezed beside it.
        var answer = page.Locator("#form-data dd").First;
        Assert.True((await answer.BoundingBoxAsync())!.Width > 250);
    }
}
