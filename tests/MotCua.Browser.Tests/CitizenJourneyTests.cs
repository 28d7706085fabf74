using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 17's proof, the citizen's whole journey on a 360 × 740 touch phone in Debian's Chromium (docs/CITIZENS.md
/// "Browser journey"): she signs in with a one-time code read from the fake SMS gateway's log, submits a birth registration
/// online at phường Thuận Hóa with its e-form and two real files (a PDF printed by Chromium, a JPEG drawn on a canvas);
/// the desk accepts and transfers it and the civil servant asks for a supplement on the real officer pages (desktop); she
/// sees the request on her phone and answers it with a photo; the dossier is taken to its result through the processing
/// API (those pages are walked by <see cref="ProcessingJourneyTests"/>); she downloads the signed result, has its
/// signature checked on her dossier page and rates the dossier. Every citizen page is asserted no wider than 360 px and
/// shot to artifacts/screenshots/citizen-360-*.png.
/// </summary>
public partial class CitizenJourneyTests(CitizenJourneyTests.Host host, ITestOutputHelper output) : IClassFixture<CitizenJourneyTests.Host>
{
    /// <summary>One app with its outbox worker on, sending SMS to the fake gateway whose log the test reads the code from.</summary>
    public sealed class Host : IDisposable
    {
        public GatewayProcess Gateway { get; } = new();
        public MotCuaApp App { get; } = new();

        public Host()
        {
            App.Settings["Motcua:Outbox:Enabled"] = "true";
            App.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
            Gateway.Configure(App);
        }

        public void Dispose()
        {
            App.Dispose();
            Gateway.Dispose();
        }
    }

    private const string IdNumber = "046195012345";
    private const string Phone = "0905123456";
    private const string FullName = "Nguyễn Thị Mai";

    private MotCuaApp App => host.App;

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    [GeneratedRegex(@"Mã đăng nhập MotCua: (\d{6})\.")]
    private static partial Regex SmsCode();

    /// <summary>The screenshot of a step and the width check every citizen page must pass.</summary>
    private static async Task StepAsync(IPage phone, string name)
    {
        await Browsers.ShotAsync(phone, "citizen-360-" + name);
        var width = await Browsers.ScrollWidthAsync(phone);
        Assert.True(width <= 360, $"{name} ({phone.Url}): trang rộng {width} px trên màn hình 360 px");
    }

    private static async Task<string> TextAsync(IPage page, string selector) => (await page.Locator(selector).InnerTextAsync()).Trim();

    // Submits an officer page's action form and waits for htmx to swap in the page with its confirmation, where that form
    // is gone (a second action's wait must not be satisfied by the first one's confirmation).
    private static async Task ActAsync(IPage page, string action, string button)
    {
        await page.Locator($"#act-{action} button[type=submit]", new() { HasTextString = button }).ClickAsync();
        await page.Locator($"#act-{action}").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator("#action-done").WaitForAsync();
    }

    private async Task ApiActAsync(string officer, string code, string action, object body)
    {
        var r = await (await App.OfficerAsync(officer)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
        Assert.True(r.IsSuccessStatusCode, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>A one-page PDF printed by Chromium from a Vietnamese page: a real file, as a scanner's software makes one.</summary>
    private static async Task<byte[]> PdfAsync(IBrowser browser, string title)
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync($"<html lang=vi><body style='font-family:sans-serif'><h1>{title}</h1><p>Họ và tên: {FullName}</p><p>Số định danh: {IdNumber}</p></body></html>");
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        await page.CloseAsync();
        return pdf;
    }

    /// <summary>A 1200 × 900 JPEG drawn on a canvas, as a phone's camera gives one.</summary>
    private static async Task<byte[]> JpegAsync(IBrowser browser, string title)
    {
        var page = await browser.NewPageAsync();
        var data = await page.EvaluateAsync<string>("""
            title => {
              const c = document.createElement('canvas'); c.width = 1200; c.height = 900;
              const g = c.getContext('2d');
              g.fillStyle = '#f4f1e8'; g.fillRect(0, 0, 1200, 900);
              g.fillStyle = '#222'; g.font = 'bold 56px sans-serif'; g.fillText(title, 60, 140);
              g.font = '36px sans-serif';
              for (let i = 0; i < 12; i++) g.fillText('Dòng ' + (i + 1) + ' của giấy tờ chụp bằng điện thoại', 60, 240 + i * 52);
              return c.toDataURL('image/jpeg', 0.85);
            }
            """, title);
        await page.CloseAsync();
        return Convert.FromBase64String(data[(data.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>Fills the e-form's required fields with a plausible value by their kind (a select's first option, a date,
    /// a number, a text), leaving the optional ones empty as a hurried citizen would.</summary>
    private static async Task FillEFormAsync(IPage phone)
    {
        var form = phone.Locator("fieldset:has(legend:has-text('Tờ khai điện tử'))");
        if (await form.CountAsync() == 0) return;
        foreach (var select in await form.Locator("select[required]").AllAsync())
            await select.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        foreach (var input in await form.Locator("input[required]:not([type=checkbox])").AllAsync())
        {
            var id = await input.GetAttributeAsync("id");
            var help = await form.Locator($"#{id}-hd").CountAsync() > 0 ? await form.Locator($"#{id}-hd").InnerTextAsync() : "";
            var example = Regex.Match(help, @"[Vv]í dụ:? ([^.;,]+)");
            var value = await input.GetAttributeAsync("placeholder") == "dd/mm/yyyy" ? "10/11/2025"
                : await input.GetAttributeAsync("inputmode") == "numeric" ? "1"
                : example.Success ? example.Groups[1].Value.Trim()
                : await input.InputValueAsync() is { Length: > 0 } typed ? typed
                : "Nguyễn Minh Khang";
            await input.FillAsync(value);
        }
    }

    /// <summary>The codes the gateway has carried to <see cref="Phone"/> so far, oldest first (status messages about her
    /// dossier go to the same number, so codes are told apart by their text).</summary>
    private async Task<List<string>> CodesAsync() =>
        [.. (await host.Gateway.MessagesAsync(Phone)).Select(m => SmsCode().Match(m.GetProperty("text").GetString() ?? "")).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    /// <summary>On the sign-in page: asks for a code by SMS, reads the new one from the gateway, types it and lands on
    /// <paramref name="returnPath"/>.</summary>
    private async Task SignInAsync(IPage phone, string returnPath, bool shots = false)
    {
        await phone.WaitForURLAsync(url => url.Contains("/cong-dan/dang-nhap", StringComparison.Ordinal));
        var before = (await CodesAsync()).Count;
        await phone.FillAsync("#IdNumber", IdNumber);
        await phone.FillAsync("#Destination", Phone);
        if (shots) await StepAsync(phone, "01-sign-in");
        await phone.ClickAsync("button:has-text('Nhận mã xác thực')");
        await phone.WaitForURLAsync(url => url.EndsWith("/cong-dan/dang-nhap/ma", StringComparison.Ordinal));
        Assert.Contains("Mã đã gửi tới", await TextAsync(phone, "h2#nhap-ma"), StringComparison.Ordinal);
        List<string> codes = [];
        await Waiting.Until(async () => (codes = await CodesAsync()).Count > before, $"tin SMS mã đăng nhập tới {Phone}", 60);
        await phone.FillAsync("#Code", codes[^1]);
        if (shots) await StepAsync(phone, "02-code");
        await phone.ClickAsync("button:has-text('Đăng nhập')");
        await phone.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnPath);
    }

    /// <summary>Opens a citizen page on the phone, signing in again first when the 30-minute session has lapsed (the
    /// clock moves hours between the journey's steps, as a real citizen's day does).</summary>
    private async Task OpenAsync(IPage phone, string baseUrl, string path)
    {
        await phone.GotoAsync(baseUrl + path);
        // /cong-dan answers anyone (without "Hồ sơ của tôi"); the dossier pages send a lapsed session to the sign-in.
        var signIn = phone.Locator("a.action[href='/cong-dan/dang-nhap']");
        if (await signIn.CountAsync() > 0) await signIn.ClickAsync();
        if (phone.Url.Contains("/cong-dan/dang-nhap", StringComparison.Ordinal)) await SignInAsync(phone, path);
    }

    [Fact]
    public async Task A_citizen_on_a_phone_signs_in_submits_online_answers_a_supplement_verifies_the_result_and_rates_it()
    {
        App.Clock.Now = At(17, 8, 30);
        var baseUrl = App.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var phone = await Browsers.PhoneAsync(browser);
        try
        {
            await WalkAsync(browser, phone, baseUrl);
        }
        catch
        {
            // What the citizen saw when a step failed, beside the steps' screenshots.
            await Browsers.ShotAsync(phone, "citizen-360-failed");
            throw;
        }
    }

    private async Task WalkAsync(IBrowser browser, IPage phone, string baseUrl)
    {
        // 1. Sign in with a one-time code sent by SMS.
        await phone.GotoAsync($"{baseUrl}/cong-dan");
        await phone.ClickAsync("a.action:has-text('Đăng nhập')");
        await SignInAsync(phone, "/cong-dan", shots: true);
        Assert.Contains("Chưa có hồ sơ nào của bạn.", await TextAsync(phone, "main"), StringComparison.Ordinal);
        await StepAsync(phone, "03-home");

        // 2. Pick the birth registration offered online at phường Thuận Hóa.
        await phone.ClickAsync("a.action:has-text('Nộp hồ sơ trực tuyến')");
        await phone.FillAsync("#q", "thuan hoa");
        await phone.ClickAsync("button:has-text('Tìm')");
        await phone.ClickAsync("ul.agencies a:has-text('phường Thuận Hóa')");
        await phone.FillAsync("#q", "khai sinh");
        await phone.ClickAsync("button:has-text('Tìm')");
        await phone.Locator("ul.offers a[href$='/1.001193']").WaitForAsync();
        await StepAsync(phone, "04-offers");
        await phone.ClickAsync("ul.offers a[href$='/1.001193']");
        await phone.Locator("ol.steps").WaitForAsync();
        Assert.Contains(IdNumber, await TextAsync(phone, "main"), StringComparison.Ordinal);

        // 3. The e-form, then two real files through the page's file inputs, then the review and the submission.
        await phone.FillAsync("#f-applicant-fullName", FullName);
        await phone.FillAsync("#f-applicant-phone", Phone);
        await phone.FillAsync("#f-applicant-address", "15 Lê Lợi, phường Thuận Hóa, thành phố Huế");
        await FillEFormAsync(phone);
        await StepAsync(phone, "05-form");
        await phone.ClickAsync("button:has-text('Lưu và tiếp tục')");
        await phone.Locator("input[type=file]").First.WaitForAsync();
        var pdf = await PdfAsync(browser, "Giấy chứng sinh");
        var jpeg = await JpegAsync(browser, "Bản chụp giấy tờ");
        // Every line marked * needs a file before "Nộp hồ sơ"; online, the birth registration asks only the birth
        // certificate (DocumentNeeds: the paper declaration is the e-form, the authorisation only when there is one). The
        // PDF goes to it, then the photo of its back as its second file: two files, as the issue's journey has.
        var required = await phone.Locator("section.card:has(h2:text-matches('[*]$'))").AllAsync();
        var line = Assert.Single(required);
        Assert.Contains("Giấy chứng sinh;", await line.Locator("h2").InnerTextAsync(), StringComparison.Ordinal);
        var id = await line.Locator("input[type=file]").GetAttributeAsync("id");
        foreach (var (name, type, bytes) in new[] { ("giay-chung-sinh.pdf", "application/pdf", pdf), ("anh-chup-giay-to.jpg", "image/jpeg", jpeg) })
        {
            await phone.SetInputFilesAsync($"#{id}", new FilePayload { Name = name, MimeType = type, Buffer = bytes });
            await phone.Locator($"section:has(#{id}) button:has-text('Tải tệp')").ClickAsync();
            await phone.Locator($"section:has(#{id}) li:has-text('{name}')").WaitForAsync();
        }
        Assert.Contains("giay-chung-sinh.pdf (1 trang)", await TextAsync(phone, "section:has(h2:has-text('Giấy chứng sinh;'))"), StringComparison.Ordinal);
        await StepAsync(phone, "06-files");
        await phone.ClickAsync("a.action:has-text('Tiếp tục')");
        await phone.Locator("#xem-lai").WaitForAsync();
        var review = await TextAsync(phone, "main");
        Assert.Contains("giay-chung-sinh.pdf", review, StringComparison.Ordinal);
        Assert.Contains("anh-chup-giay-to.jpg", review, StringComparison.Ordinal);
        Assert.DoesNotContain("chưa có tệp", review, StringComparison.Ordinal);
        Assert.Contains("Hẹn trả dự kiến", review, StringComparison.Ordinal);
        await StepAsync(phone, "07-review");
        App.Clock.Now = At(17, 8, 45);
        await phone.ClickAsync("button:has-text('Nộp hồ sơ')");
        await phone.WaitForURLAsync(url => url.Contains("/cong-dan/ho-so/", StringComparison.Ordinal));
        var dossier = await TextAsync(phone, "h1 .code");
        output.WriteLine($"hồ sơ nộp trực tuyến: {dossier}");
        Assert.Equal("Mới đăng ký", await TextAsync(phone, "#tinh-trang"));
        Assert.Contains("08:45 ngày 17/11/2025", await TextAsync(phone, "dl.facts"), StringComparison.Ordinal);
        await StepAsync(phone, "08-submitted");

        // 4. The desk accepts and transfers it; the civil servant asks for a supplement (the officer pages, desktop).
        App.Clock.Now = At(17, 9, 30);
        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.thuanhoa");
        await desk.GotoAsync($"{baseUrl}/ho-so/{dossier}");
        await ActAsync(desk, "AcceptOnline", "Tiếp nhận hồ sơ");
        await ActAsync(desk, "Transfer", "Chuyển xử lý");
        await Browsers.ShotAsync(desk, "citizen-officer-accepted");
        App.Clock.Now = At(17, 9, 40);
        await OpenAsync(phone, baseUrl, $"/cong-dan/ho-so/{dossier}");
        Assert.Contains("Ngày tiếp nhận", await TextAsync(phone, "dl.facts"), StringComparison.Ordinal);
        Assert.Contains("09:30 ngày 17/11/2025", await TextAsync(phone, "dl.facts"), StringComparison.Ordinal);
        await phone.Locator("#hen-tra").WaitForAsync();
        await StepAsync(phone, "09-accepted");

        App.Clock.Now = At(17, 14);
        var clerk = await Browsers.SignedInPageAsync(browser, baseUrl, "congchuc.thuanhoa");
        await clerk.GotoAsync($"{baseUrl}/ho-so/{dossier}");
        await clerk.FillAsync("#supplement-items", "Giấy chứng sinh: Bản chụp không đọc được tên người mẹ");
        await ActAsync(clerk, "RequestSupplement", "Yêu cầu bổ sung");
        await Browsers.ShotAsync(clerk, "citizen-officer-supplement-requested");

        // 5. On her phone she sees the request and answers it with a photo of the missing paper.
        App.Clock.Now = At(18, 7, 50);
        await OpenAsync(phone, baseUrl, "/cong-dan");
        Assert.Contains("Cần bổ sung", await TextAsync(phone, "ul.dossiers"), StringComparison.Ordinal);
        await phone.ClickAsync($"ul.dossiers a:has-text('{dossier}')");
        var asked = await TextAsync(phone, "#bo-sung");
        Assert.Contains("Cần bổ sung hồ sơ", asked, StringComparison.Ordinal);
        Assert.Contains("Giấy chứng sinh", asked, StringComparison.Ordinal);
        Assert.Contains("Bản chụp không đọc được tên người mẹ", asked, StringComparison.Ordinal);
        await StepAsync(phone, "10-supplement-asked");
        await phone.SetInputFilesAsync("#bo-sung-tep-0", new FilePayload { Name = "giay-chung-sinh-chup-lai.jpg", MimeType = "image/jpeg", Buffer = await JpegAsync(browser, "Giấy chứng sinh") });
        await phone.Locator("#bo-sung button:has-text('Tải tệp')").ClickAsync();
        await phone.Locator("#bo-sung li li:has-text('giay-chung-sinh-chup-lai.jpg')").WaitForAsync();
        await phone.ClickAsync("#bo-sung button:has-text('Gửi bổ sung')");
        await phone.Locator("p.notice[role=status]").WaitForAsync();
        Assert.Contains("Đã gửi hồ sơ bổ sung", await TextAsync(phone, "p.notice[role=status]"), StringComparison.Ordinal);
        Assert.Equal(0, await phone.Locator("#bo-sung").CountAsync());
        Assert.Contains("(bổ sung)", await TextAsync(phone, "section:has(#tep) li:has-text('giay-chung-sinh-chup-lai.jpg')"), StringComparison.Ordinal);
        await StepAsync(phone, "11-supplement-sent");

        // 6. Processed to its result through the API (ProcessingJourneyTests walks these officer pages).
        App.Clock.Now = At(18, 10);
        await ApiActAsync("congchuc.thuanhoa", dossier, "complete-step", new { note = "Hồ sơ đầy đủ, hợp lệ" });
        await ApiActAsync("lanhdao.thuanhoa", dossier, "approve", new { note = "Đồng ý" });
        await ApiActAsync("tiepnhan.thuanhoa", dossier, "result-ready", new { });
        await ApiActAsync("tiepnhan.thuanhoa", dossier, "return", new { method = "electronic" });

        // 7. She downloads the signed result and has its signature checked on her page.
        App.Clock.Now = At(18, 16);
        await OpenAsync(phone, baseUrl, $"/cong-dan/ho-so/{dossier}");
        Assert.Equal("Đã trả kết quả", await TextAsync(phone, "#tinh-trang"));
        await StepAsync(phone, "12-result");
        // The link's answer fetched with the phone's own cookies (the result is signed on its first request, which the
        // shared machine can make slower than a download event's wait).
        var link = phone.Locator("section:has(#ket-qua) a:has-text('Tải kết quả')");
        var answer = await phone.APIRequest.GetAsync(new Uri(new Uri(phone.Url), await link.GetAttributeAsync("href")).ToString(), new() { Timeout = 120_000 });
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("attachment", answer.Headers["content-disposition"], StringComparison.Ordinal);
        var saved = Path.Combine(Browsers.Screenshots, "citizen-360-result.pdf");
        await File.WriteAllBytesAsync(saved, await answer.BodyAsync());
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(saved)[..4]), StringComparison.Ordinal);
        Assert.Contains(dossier, MotCuaApp.Tool("pdftotext", $"-layout {saved} -"), StringComparison.Ordinal);
        await phone.ClickAsync("section:has(#ket-qua) a:has-text('Kiểm tra chữ ký')");
        await phone.Locator("#chu-ky").WaitForAsync();
        var verdict = await TextAsync(phone, "#chu-ky");
        Assert.Contains("được ký trong hệ thống MotCua", verdict, StringComparison.Ordinal);
        Assert.Contains(dossier, verdict, StringComparison.Ordinal);
        await StepAsync(phone, "13-signature");

        // 8. She rates the dossier on its page (cit31: the form itself, recorded as the account's rating).
        var form = phone.Locator("#phieu-danh-gia");
        await form.Locator("#tong-the").WaitForAsync();
        foreach (var criterion in await form.Locator("fieldset.rating-criterion:not(#tong-the)").AllAsync())
            await criterion.Locator("input[type=radio]").First.CheckAsync();
        await form.Locator("#tong-the input[type=radio]").First.CheckAsync();
        await form.Locator("#y-kien").FillAsync("Nộp và bổ sung trên điện thoại rất tiện.");
        await StepAsync(phone, "14-rating");
        await form.Locator("button:has-text('Gửi đánh giá')").ClickAsync();
        await phone.Locator("#da-danh-gia").WaitForAsync();
        Assert.Equal("Cảm ơn ông/bà đã đánh giá. Phiếu đánh giá đã được ghi nhận.", await TextAsync(phone, "p.notice[role=status]"));
        Assert.Equal(0, await phone.Locator("#phieu-danh-gia").CountAsync());
        await StepAsync(phone, "15-rated");
    }
}
