using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 17 (docs/CITIZENS.md "Session 25: adding files to a dossier after intake"): the citizen's own dossier page
/// <c>/cong-dan/ho-so/{code}</c> in Debian's Chromium on a 375 px phone, without any script (the citizens' pages carry
/// none). A dossier asks the citizen for files only while a supplement request (Mẫu 02) is open, status 5, the rule the
/// citizens' API follows: the page then has one upload form per item. A renamed executable is refused in words, a real
/// PDF printed by Chromium is listed under its item with its pages, the upload over the hour's limit is refused in words
/// with the files kept, "Gửi bổ sung" (by keyboard) sends them and the officer's dossier page lists the same bytes. Every
/// other status shows no form. axe-core finds no serious or critical violation on the form, its refusal and the answer.
/// </summary>
public class CitizenSupplementUploadTests(CitizenSupplementUploadTests.Host app, ITestOutputHelper output) : IClassFixture<CitizenSupplementUploadTests.Host>
{
    /// <summary>The app with an hour's upload limit of two files per citizen, so the third upload is the one over it.</summary>
    public sealed class Host : MotCuaApp
    {
        public const int FilesPerHour = 2;

        public Host() => Settings["Motcua:Files:CitizenFilesPerHour"] = FilesPerHour.ToString();
    }

    private const int Width = 375;

    private string BaseUrl => app.BaseAddress.ToString().TrimEnd('/');

    // A dossier received at phường Thuận Hóa for the citizen (linked to the account as an online submission is).
    private async Task<string> DossierAsync(string idNumber, long citizenId, string fullName)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, fullName: fullName));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE code = '{code}' RETURNING 1");
        return code;
    }

    private async Task ActAsync(string officer, string code, string action, object body)
    {
        var r = await (await app.OfficerAsync(officer)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
        Assert.True(r.IsSuccessStatusCode, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    // A 375 × 740 touch phone carrying the citizen's session cookie as the sign-in service sets it.
    private async Task<IPage> PhoneAsync(IBrowser browser, long citizenId)
    {
        var (_, setCookie) = await CitizenSchemeTests.SignedInAsync(app, citizenId);
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = Width, Height = 740 }, HasTouch = true });
        await context.AddCookiesAsync([AccessibilityTests.CitizenCookie(setCookie, app.BaseAddress)]);
        return await context.NewPageAsync();
    }

    /// <summary>A one-page A4 PDF printed by Chromium from a Vietnamese page: a real file, as a scanner's software makes one.</summary>
    private static async Task<byte[]> PdfAsync(IBrowser browser, string title)
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync($"<html lang=vi><body style='font-family:sans-serif'><h1>{title}</h1><p>Họ và tên mẹ: Nguyễn Thị Hoa</p></body></html>");
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        await page.CloseAsync();
        return pdf;
    }

    // Chooses the file for item `item` and sends its form by keyboard.
    private static async Task UploadAsync(IPage phone, int item, FilePayload file)
    {
        await phone.SetInputFilesAsync($"#bo-sung-tep-{item}", file);
        await SendByKeyboardAsync(phone, phone.Locator($"#bo-sung form:has(#bo-sung-tep-{item}) button"));
    }

    // Focuses the form's button and presses Enter, then waits for the page the form's answer (a 303) leads to: the old
    // document is marked first, so what is read next is the new one whatever its address (the same after two uploads).
    private static async Task SendByKeyboardAsync(IPage phone, ILocator button)
    {
        await phone.EvaluateAsync("() => document.body.dataset.before = 'yes'");
        await button.FocusAsync();
        await phone.Keyboard.PressAsync("Enter");
        await phone.Locator("body:not([data-before])").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await phone.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    // The page's width (no sideways scrolling at 375 px), axe's serious and critical violations (none), a screenshot.
    private async Task CheckAsync(IPage phone, string axe, string shot)
    {
        Assert.True(await Browsers.ScrollWidthAsync(phone) <= Width, $"{shot}: trang rộng {await Browsers.ScrollWidthAsync(phone)} px");
        var serious = new List<string>();
        foreach (var v in (await AccessibilityTests.ViolationsAsync(phone, axe)).EnumerateArray())
        {
            var line = $"{shot}: [{v.GetProperty("impact").GetString()}] {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()}";
            output.WriteLine(line);
            if (v.GetProperty("impact").GetString() is "serious" or "critical") serious.Add(line);
        }
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        await Browsers.ShotAsync(phone, shot);
    }

    [Fact]
    public async Task A_citizen_adds_files_to_a_supplement_request_and_the_officer_sees_them()
    {
        Assert.True(File.Exists(AccessibilityTests.Axe), $"Chưa cài axe-core ({AccessibilityTests.Axe}): chạy scripts/setup.sh test.");
        var axe = await File.ReadAllTextAsync(AccessibilityTests.Axe);
        var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Phan Thị Bổ Sung");
        var code = await DossierAsync(idNumber, citizenId, "Phan Thị Bổ Sung");
        await ActAsync("tiepnhan.thuanhoa", code, "transfer", new { });
        await ActAsync("congchuc.thuanhoa", code, "supplement-request", new
        {
            items = new[]
            {
                new { document = "Giấy chứng sinh", reason = "Bản chụp không đọc được tên người mẹ" },
                new { document = "Giấy xác nhận nơi cư trú", reason = "Thiếu" },
            },
        });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var phone = await PhoneAsync(browser, citizenId);
        var page = $"{BaseUrl}/cong-dan/ho-so/{code}";
        await phone.GotoAsync(page);
        Assert.Equal(2, await phone.Locator("#bo-sung input[type=file]").CountAsync());
        // Each input is named by its label (the item's number), and the item's document and reason are above it.
        Assert.Equal("Chọn tệp cho giấy tờ số 1", (await phone.Locator("label[for='bo-sung-tep-0']").InnerTextAsync()).Trim());
        Assert.Contains("Bản chụp không đọc được tên người mẹ", await phone.Locator("#bo-sung").InnerTextAsync());
        await CheckAsync(phone, axe, "citizen-supplement-375-01-asked");

        // A renamed executable: refused by its content, in the store's own words (the API's, CIT35 LOW 7), in an alert;
        // nothing listed.
        var exe = new byte[8192];
        "MZ"u8.CopyTo(exe);
        await UploadAsync(phone, 0, new FilePayload { Name = "giay-chung-sinh.pdf", MimeType = "application/pdf", Buffer = exe });
        // Said inside the supplement's section, where the answer's #bo-sung scrolls the phone to.
        var refusal = phone.Locator("#bo-sung [role=alert]");
        Assert.Equal("Chỉ nhận tệp PDF, JPEG hoặc PNG (loại tệp được xác định theo nội dung, không theo tên tệp).", (await refusal.InnerTextAsync()).Trim());
        await Assertions.Expect(refusal).ToBeInViewportAsync();
        Assert.Equal(0, await phone.Locator("#bo-sung li li").CountAsync());
        await CheckAsync(phone, axe, "citizen-supplement-375-02-refused-type");

        // A real PDF for item 1 and another for item 2: each listed under its item with its pages.
        var pdf = await PdfAsync(browser, "Giấy chứng sinh");
        await UploadAsync(phone, 0, new FilePayload { Name = "giay-chung-sinh.pdf", MimeType = "application/pdf", Buffer = pdf });
        Assert.Equal(0, await phone.Locator("[role=alert]").CountAsync());
        Assert.Equal("giay-chung-sinh.pdf (1 trang)", (await phone.Locator("#bo-sung > ol > li").Nth(0).Locator("li").InnerTextAsync()).Trim());
        var residence = await PdfAsync(browser, "Giấy xác nhận nơi cư trú");
        await UploadAsync(phone, 1, new FilePayload { Name = "xac-nhan-cu-tru.pdf", MimeType = "application/pdf", Buffer = residence });
        Assert.Equal("xac-nhan-cu-tru.pdf (1 trang)", (await phone.Locator("#bo-sung > ol > li").Nth(1).Locator("li").InnerTextAsync()).Trim());
        await CheckAsync(phone, axe, "citizen-supplement-375-03-added");

        // A third file within the hour is over the limit: refused in words, the two files kept.
        await UploadAsync(phone, 0, new FilePayload { Name = "ban-chup-them.pdf", MimeType = "application/pdf", Buffer = pdf });
        Assert.Contains($"Ông/bà đã tải lên {Host.FilesPerHour} tệp trong một giờ qua, là mức tối đa.", await refusal.InnerTextAsync());
        await Assertions.Expect(refusal).ToBeInViewportAsync();
        Assert.Equal(2, await phone.Locator("#bo-sung li li").CountAsync());
        await CheckAsync(phone, axe, "citizen-supplement-375-04-over-quota");

        // The same page left open in a second tab, to use after the answer is sent.
        var stale = await phone.Context.NewPageAsync();
        await stale.GotoAsync(page);

        // "Gửi bổ sung" by keyboard: the form is gone, the files are among those sent, marked as the supplement's.
        await SendByKeyboardAsync(phone, phone.Locator("#bo-sung button:has-text('Gửi bổ sung')"));
        Assert.EndsWith("?xong=bo-sung", phone.Url);
        Assert.Equal("Đã gửi hồ sơ bổ sung. Thời hạn giải quyết được tính lại từ đầu.", (await phone.Locator("p.notice[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await phone.Locator("#bo-sung").CountAsync());
        Assert.Equal(0, await phone.Locator("input[type=file]").CountAsync());
        var sent = phone.Locator("section:has(#tep) li", new() { HasTextString = "(bổ sung)" });
        Assert.Equal(2, await sent.CountAsync());
        var link = await phone.Locator("section:has(#tep) a", new() { HasTextString = "giay-chung-sinh.pdf" }).GetAttributeAsync("href");
        Assert.Equal(pdf, await (await phone.APIRequest.GetAsync(BaseUrl + link)).BodyAsync());
        await CheckAsync(phone, axe, "citizen-supplement-375-05-sent");

        // The stale tab's upload: the dossier no longer asks for files, said in words on the page, nothing taken.
        await UploadAsync(stale, 0, new FilePayload { Name = "muon.pdf", MimeType = "application/pdf", Buffer = pdf });
        Assert.EndsWith("?loi=409", stale.Url);
        Assert.Equal("Hồ sơ không còn chờ bổ sung nên tệp không được nhận.", (await stale.Locator("[role=alert]").InnerTextAsync()).Trim());
        Assert.Equal(0, await stale.Locator("#bo-sung").CountAsync());
        Assert.Equal(2, await stale.Locator("section:has(#tep) li", new() { HasTextString = "(bổ sung)" }).CountAsync());
        await CheckAsync(stale, axe, "citizen-supplement-375-06-no-longer-asked");

        // The officer's dossier page lists both files, and its link serves the same bytes.
        var officer = await Browsers.SignedInPageAsync(browser, BaseUrl, "congchuc.thuanhoa");
        await officer.GotoAsync($"{BaseUrl}/ho-so/{code}");
        var files = officer.Locator("ul.dossier-files");
        Assert.Contains("giay-chung-sinh.pdf", await files.InnerTextAsync());
        Assert.Contains("xac-nhan-cu-tru.pdf", await files.InnerTextAsync());
        var officerLink = await files.Locator("a", new() { HasTextString = "giay-chung-sinh.pdf" }).GetAttributeAsync("href");
        Assert.Equal(pdf, await (await officer.APIRequest.GetAsync(BaseUrl + officerLink)).BodyAsync());
        await officer.Locator("ul.dossier-files").ScrollIntoViewIfNeededAsync();
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Browsers.Screenshots, "citizen-supplement-officer-files.png") });
    }

    [Fact]
    public async Task Only_a_dossier_awaiting_a_supplement_shows_the_upload_form()
    {
        var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Võ Văn Không Bổ Sung");
        var code = await DossierAsync(idNumber, citizenId, "Võ Văn Không Bổ Sung");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var phone = await PhoneAsync(browser, citizenId);

        // Every status but the supplement's (status 5, reached through the officers' request in the test above): the page
        // shows no upload form and no file input, whatever else it offers.
        var seen = new List<string>();
        foreach (var status in Enum.GetValues<DossierStatus>().Where(s => s != DossierStatus.SupplementRequested))
        {
            await app.ScalarAsync($"UPDATE dossiers SET status = {(int)status} WHERE code = '{code}' RETURNING 1");
            var response = await phone.GotoAsync($"{BaseUrl}/cong-dan/ho-so/{code}");
            Assert.True(response!.Status == 200, $"{status}: HTTP {response.Status}");
            Assert.Equal(status.Vietnamese(), (await phone.Locator("#tinh-trang").InnerTextAsync()).Trim());
            Assert.True(await phone.Locator("#bo-sung").CountAsync() == 0, $"{status}: có mục bổ sung");
            Assert.True(await phone.Locator("input[type=file]").CountAsync() == 0, $"{status}: có ô chọn tệp");
            Assert.True(await Browsers.ScrollWidthAsync(phone) <= Width, $"{status}: rộng hơn {Width} px");
            seen.Add(status.ToString());
            if (status == DossierStatus.InProcess) await Browsers.ShotAsync(phone, "citizen-supplement-375-00-not-asked");
        }
        output.WriteLine("Không có ô tải tệp ở các trạng thái: " + string.Join(", ", seen));
        Assert.Equal(Enum.GetValues<DossierStatus>().Length - 1, seen.Count);
    }
}
