using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// The call screen's voice in Debian's Chromium (docs/CITIZENS.md "The call screen's voice"): the toggle "Đọc số" is off
/// by default; pressed, each new call (and a "Gọi lại") is read as "Mời số V001 đến quầy N" in vi-VN through
/// <c>speechSynthesis.speak</c>, spied on in the page (the browser's voices are replaced by one Vietnamese voice, so the test
/// does not depend on the machine's voices); where the browser has only a foreign voice the toggle is disabled and says
/// so. Screenshots artifacts/screenshots/call-screen-voice-*.png.
/// </summary>
public class CallScreenVoiceTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Spy = """
        window.__spoken = [];
        speechSynthesis.getVoices = () => [{ lang: '%LANG%', name: 'Giọng thử', default: true, localService: true, voiceURI: 'thu' }];
        speechSynthesis.speak = (u) => {
          window.__spoken.push({ text: u.text, lang: u.lang });
          document.documentElement.setAttribute('data-spoken', String(window.__spoken.length));
        };
        """;

    private static async Task<IPage> ScreenAsync(IBrowser browser, string voiceLang)
    {
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1920, Height = 1080 } });
        await context.AddInitScriptAsync(Spy.Replace("%LANG%", voiceLang, StringComparison.Ordinal));
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_called_ticket_is_announced_in_vietnamese_once_the_toggle_is_on_and_a_browser_without_a_vietnamese_voice_says_so()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var (_, counters) = await QueueTests.ServiceAsync(app, DemoData.ThuanHoaCode, 'V', counters: 1);
        var counterNumber = await app.ScalarAsync($"SELECT number FROM queue_counters WHERE id = {counters[0]}");
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        var screen = await ScreenAsync(browser, "vi-VN");
        await screen.GotoAsync($"{baseUrl}/man-hinh-goi/{DemoData.ThuanHoaCode}");
        var toggle = screen.Locator("#doc-so");
        await toggle.WaitForAsync();
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-pressed"));
        Assert.Equal("Đọc số: tắt", (await toggle.InnerTextAsync()).Trim());
        await toggle.ClickAsync();
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-pressed"));

        using var phone = app.SessionClient();
        Assert.Equal(HttpStatusCode.Created, (await QueueTests.TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "V" })).StatusCode);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var called = await desk.PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null);
        Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        var ticket = JsonDocument.Parse(await called.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        // The page's own refresh (every 5 s) brings the call and speaks it once.
        // Waited for by a selector: the page's CSP (script-src 'self') refuses the eval a waited-for function needs.
        await screen.Locator("html[data-spoken='1']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var spoken = await screen.EvaluateAsync<JsonElement>("window.__spoken");
        Assert.Equal($"Mời số V001 đến quầy {counterNumber}", spoken[0].GetProperty("text").GetString());
        Assert.Equal("vi-VN", spoken[0].GetProperty("lang").GetString());
        Assert.Equal($"V001 → Quầy {counterNumber}", (await screen.Locator("#goi li.moi").InnerTextAsync()).Trim());
        await screen.ScreenshotAsync(new() { Path = Path.Combine(Browsers.Screenshots, "call-screen-voice-on.png") });

        // "Gọi lại" a minute later is read again; the lists refreshed in place keep the toggle on.
        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/recall", null)).StatusCode);
        await screen.Locator("html[data-spoken='2']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Equal($"Mời số V001 đến quầy {counterNumber}", (await screen.EvaluateAsync<JsonElement>("window.__spoken"))[1].GetProperty("text").GetString());
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-pressed"));

        // A browser with no Vietnamese voice: the toggle is disabled and says why.
        var foreign = await ScreenAsync(browser, "en-US");
        await foreign.GotoAsync($"{baseUrl}/man-hinh-goi/{DemoData.ThuanHoaCode}");
        await foreign.Locator("#doc-so-ghi-chu:has-text('không có giọng đọc tiếng Việt')").WaitForAsync();
        Assert.True(await foreign.Locator("#doc-so").IsDisabledAsync());
        await foreign.ScreenshotAsync(new() { Path = Path.Combine(Browsers.Screenshots, "call-screen-voice-unavailable.png") });
    }
}
