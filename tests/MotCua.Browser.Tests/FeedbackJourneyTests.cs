using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// Feedback in Debian's Chromium (issue 16): a citizen fills the public form on a 360 px phone (a mistake first, shown
/// beside its field), gets a number; the centre's specialist classifies, answers and publishes it on /pakn; the public page
/// shows the answer with the sender's name and phone masked. Screenshots artifacts/screenshots/feedback-*.png.
/// </summary>
public class FeedbackJourneyTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static string Screenshots => Browsers.Screenshots;

    [Fact]
    public async Task A_citizen_sends_feedback_on_a_phone_and_reads_the_published_masked_answer()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var phone = await Browsers.PhoneAsync(browser);

        await phone.GotoAsync($"{baseUrl}/phan-anh-kien-nghi/gui");
        await phone.FillAsync("#f-senderName", "Nguyễn Văn An");
        await phone.FillAsync("#f-senderAddress", "12 Lê Lợi, phường Thuận Hóa, Huế");
        await phone.FillAsync("#f-senderPhone", "0912 345 678");
        await phone.FillAsync("#f-procedureCode", "1.001193");
        await phone.FillAsync("#f-subject", "Yêu cầu sổ hộ khẩu");
        await phone.FillAsync("#f-content", "Ngắn");
        await phone.ClickAsync("#feedback-form button[type=submit]");
        await phone.Locator("#error-summary").WaitForAsync();
        Assert.Contains("Nội dung quá ngắn", await phone.Locator("#error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "feedback-360-form-error.png"), FullPage = true });
        Assert.True(await Browsers.ScrollWidthAsync(phone) <= 360, "biểu mẫu rộng hơn màn hình 360 px");

        await phone.FillAsync("#f-content", "Tôi là Nguyễn Văn An (0912345678). Bộ phận một cửa vẫn yêu cầu bản sao sổ hộ khẩu khi đăng ký khai sinh.");
        await phone.ClickAsync("#feedback-form button[type=submit]");
        await phone.Locator("#sent").WaitForAsync();
        var number = (await phone.Locator("#number").InnerTextAsync()).Trim();
        Assert.Matches(@"^PAKN-2025-\d{5}$", number);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "feedback-360-sent.png"), FullPage = true });

        var officer = await Browsers.SignedInPageAsync(browser, baseUrl, "chuyenvien.trungtam", height: 1000);
        await officer.GotoAsync($"{baseUrl}/pakn");
        await officer.ClickAsync($"a:has-text('{number}')");
        await officer.Locator("#classify").WaitForAsync();
        Assert.Contains("0912345678", await officer.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await officer.SelectOptionAsync("#f-classification", "within-competence");
        await officer.FillAsync("#f-reason", "Thuộc thẩm quyền của Trung tâm");
        await officer.ClickAsync("#classify button[type=submit]");
        await officer.Locator("#answer-form").WaitForAsync();
        await officer.FillAsync("#f-text", "Từ 01/01/2023 sổ hộ khẩu không còn giá trị sử dụng; Trung tâm đã chấn chỉnh bộ phận một cửa. Cảm ơn ông Nguyễn Văn An.");
        await officer.ClickAsync("#answer-form button[type=submit]");
        await officer.Locator("#publish-form").WaitForAsync();
        var suggested = await officer.Locator("#f-publish").InputValueAsync();
        Assert.DoesNotContain("Nguyễn Văn An", suggested, StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", suggested, StringComparison.Ordinal);
        await officer.Locator("#publish-form").ScrollIntoViewIfNeededAsync();
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "feedback-officer-publish.png"), FullPage = true });
        await officer.ClickAsync("#publish-form button[type=submit]");
        await officer.Locator("#published").WaitForAsync();

        await phone.GotoAsync($"{baseUrl}/phan-anh-kien-nghi/{number}");
        var shown = await phone.Locator("#answer").InnerTextAsync();
        Assert.Contains("sổ hộ khẩu không còn giá trị", shown, StringComparison.Ordinal);
        Assert.Contains("Nguyễn V. A.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", await phone.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", await phone.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "feedback-360-published.png"), FullPage = true });
        Assert.True(await Browsers.ScrollWidthAsync(phone) <= 360, "trang công khai rộng hơn màn hình 360 px");
        await phone.GotoAsync($"{baseUrl}/phan-anh-kien-nghi");
        Assert.Contains(number, await phone.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
    }
}
