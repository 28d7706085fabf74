using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// The queue in Debian's Chromium (issue 17 piece E, the issue's proof "a queue ticket taken at the kiosk, called at the
/// desk, shown on the call screen"): the demo's kiosk of the centre is enrolled on a 1080 × 1920 portrait screen and
/// prints ticket A001; the centre's receiving officer takes counter 1 on /tiep-nhan and calls it; the waiting room's call
/// screen shows "A001 → Quầy 1" after its own refresh; served, the holder taps "Hài lòng" on the ticket's page; the
/// leader's dashboard counts one served ticket. Screenshots artifacts/screenshots/queue-*.png.
/// </summary>
public class KioskQueueJourneyTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static string Screenshots => Browsers.Screenshots;

    [Fact]
    public async Task A_ticket_taken_at_the_kiosk_is_called_at_the_desk_shown_on_the_call_screen_and_counted()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        var kiosk = await Browsers.KioskAsync(browser);
        await kiosk.GotoAsync($"{baseUrl}{DemoData.KioskEnrolPath}");
        await kiosk.ClickAsync("button:has-text('Ghi danh')");
        await kiosk.WaitForURLAsync(url => url.EndsWith("/kiosk", StringComparison.Ordinal));
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "queue-kiosk-home.png"), FullPage = true });
        await kiosk.ClickAsync("#lay-so");
        await kiosk.ClickAsync("button[name=service][value=A]");
        await kiosk.Locator("#phieu").WaitForAsync();
        Assert.Equal("A001", (await kiosk.Locator("#so").InnerTextAsync()).Trim());
        var ticketUrl = (await kiosk.Locator("#phieu p").Last.InnerTextAsync()).Trim();
        Assert.Contains("/xep-hang/ve/", ticketUrl, StringComparison.Ordinal);
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "queue-kiosk-ticket.png"), FullPage = true });

        var screen = await (await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1920, Height = 1080 } })).NewPageAsync();
        await screen.GotoAsync($"{baseUrl}/man-hinh-goi/{DemoData.CentreCode}");
        Assert.Contains("Chưa gọi số nào", await screen.Locator("body").InnerTextAsync(), StringComparison.Ordinal);

        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.trungtam", height: 1000);
        await desk.GotoAsync($"{baseUrl}/tiep-nhan");
        await desk.Locator("#goi-so-bang").WaitForAsync();
        await desk.SelectOptionAsync("#quay", new SelectOptionValue { Label = (await desk.Locator("#quay option").First.InnerTextAsync()).Trim() });
        await desk.ClickAsync("button:has-text('Nhận quầy')");
        await desk.Locator("#goi-tiep").WaitForAsync();
        await desk.ClickAsync("#goi-tiep");
        await desk.Locator("#so-dang-goi").WaitForAsync();
        Assert.Equal("A001", (await desk.Locator("#so-dang-goi").InnerTextAsync()).Trim());
        await desk.Locator("#goi-so-bang").ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "queue-desk-called.png") });

        // The call screen refreshes its lists itself every 5 s (js/call-screen.js; a meta refresh without script).
        await screen.Locator("#goi li.moi").WaitForAsync(new() { Timeout = 20_000 });
        Assert.Equal("A001 → Quầy 1", (await screen.Locator("#goi li.moi").InnerTextAsync()).Trim());
        await screen.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "queue-call-screen.png") });

        await desk.ClickAsync("#goi-so-bang button:has-text('Bắt đầu')");
        await desk.Locator("#goi-so-bang button:has-text('Xong')").WaitForAsync();
        await desk.ClickAsync("#goi-so-bang button:has-text('Xong')");
        await desk.Locator("#goi-so-thong-bao:has-text('đã phục vụ xong')").WaitForAsync();

        var phone = await Browsers.PhoneAsync(browser);
        await phone.GotoAsync(ticketUrl);
        await phone.ClickAsync("#hai-long button:has-text('Hài lòng')");
        await phone.Locator("#cam-on").WaitForAsync();
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "queue-phone-rated.png"), FullPage = true });

        var leader = await Browsers.SignedInPageAsync(browser, baseUrl, "lanhdao.trungtam", height: 1400);
        await leader.GotoAsync($"{baseUrl}/bao-cao/tong-quan");
        await leader.Locator("#xep-hang-xong").WaitForAsync();
        Assert.Equal("1", (await leader.Locator("#xep-hang-xong").InnerTextAsync()).Trim());
        // One answer: counted, its share hidden as the ratings hide a group under QueueFigures.MinAnswers (session 29).
        Assert.Contains("hài lòng — (1 ý kiến)", await leader.Locator("#xep-hang").InnerTextAsync(), StringComparison.Ordinal);
        await leader.Locator("#xep-hang").ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "queue-dashboard.png") });
    }

    /// <summary>WCAG 2.2.1: 20 s before the kiosk's idle return a warning shows; "Tiếp tục" gives the full time back; left
    /// alone, the screen goes through the end page to the kiosk's home. The page's clock is Playwright's, run forward.</summary>
    [Fact]
    public async Task The_kiosk_warns_before_its_idle_return_and_tiep_tuc_gives_the_time_back()
    {
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var kiosk = await Browsers.KioskAsync(browser);
        await kiosk.Clock.InstallAsync();
        await kiosk.GotoAsync($"{baseUrl}/kiosk/tra-cuu");
        Assert.Equal(0, await kiosk.Locator("meta[http-equiv=refresh]").CountAsync());
        var warning = kiosk.Locator("#het-gio");
        Assert.False(await warning.IsVisibleAsync());
        await kiosk.Clock.RunForAsync(99_000);
        Assert.False(await warning.IsVisibleAsync());
        await kiosk.Clock.RunForAsync(2_000);
        Assert.True(await warning.IsVisibleAsync());
        Assert.Contains("Tiếp tục", await warning.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("het-gio-tiep", await kiosk.EvaluateAsync<string>("document.activeElement.id"));
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "queue-kiosk-idle-warning.png") });
        await kiosk.ClickAsync("#het-gio-tiep");
        Assert.False(await warning.IsVisibleAsync());
        // The full 120 s again: no warning 90 s later, still on the page.
        await kiosk.Clock.RunForAsync(90_000);
        Assert.False(await warning.IsVisibleAsync());
        Assert.EndsWith("/kiosk/tra-cuu", kiosk.Url, StringComparison.Ordinal);
        await kiosk.Clock.RunForAsync(11_000);
        Assert.True(await warning.IsVisibleAsync());
        await kiosk.Clock.RunForAsync(21_000);
        await kiosk.WaitForURLAsync(url => url.EndsWith("/kiosk", StringComparison.Ordinal));
    }

    /// <summary>/kiosk/thu-tuc at 1080 × 1920 on an enrolled kiosk of the centre: the home tile opens it; a field's tile,
    /// then a procedure's, shows the documents to bring, the fee and the time limit; the search finds a procedure typed
    /// without marks.</summary>
    [Fact]
    public async Task The_kiosk_browses_its_centres_procedures_with_documents_fees_and_time_limits()
    {
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        var cookie = await QueueTests.KioskCookieAsync(app, DemoData.CentreCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var split = cookie.IndexOf('=', StringComparison.Ordinal);
        var kiosk = await Browsers.KioskAsync(browser, new Cookie { Name = cookie[..split], Value = cookie[(split + 1)..], Url = baseUrl });
        await kiosk.GotoAsync($"{baseUrl}/kiosk");
        await kiosk.ClickAsync("#thu-tuc");
        await kiosk.WaitForURLAsync(url => url.EndsWith("/kiosk/thu-tuc", StringComparison.Ordinal));
        Assert.True(await kiosk.Locator("#linh-vuc a").CountAsync() > 0);
        // Targets a finger can hit: every tile at least 64 px high.
        foreach (var tile in await kiosk.Locator("#linh-vuc a").AllAsync())
            Assert.True((await tile.BoundingBoxAsync())!.Height >= 64);
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "kiosk-procedures-fields.png"), FullPage = true });
        await kiosk.Locator("#linh-vuc a").First.ClickAsync();
        await kiosk.Locator("#thu-tuc a").First.WaitForAsync();
        await kiosk.Locator("#thu-tuc a").First.ClickAsync();
        await kiosk.Locator("#ten-thu-tuc").WaitForAsync();
        Assert.True(await kiosk.Locator("#giay-to li").CountAsync() > 0);
        Assert.False(string.IsNullOrWhiteSpace(await kiosk.Locator("#phi").InnerTextAsync()));
        Assert.False(string.IsNullOrWhiteSpace(await kiosk.Locator("#thoi-han").InnerTextAsync()));
        Assert.Contains("Bản chính", await kiosk.Locator("#giay-to").InnerTextAsync(), StringComparison.Ordinal);
        await kiosk.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "kiosk-procedure.png"), FullPage = true });

        await kiosk.GotoAsync($"{baseUrl}/kiosk/thu-tuc");
        await kiosk.FillAsync("#q", "khai sinh");
        await kiosk.ClickAsync("button:has-text('Tìm')");
        await kiosk.Locator("#thu-tuc a").First.WaitForAsync();
        Assert.Contains("khai sinh", (await kiosk.Locator("#thu-tuc").InnerTextAsync()).ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal(404, (await kiosk.GotoAsync($"{baseUrl}/kiosk/thu-tuc?ma=9.999999"))!.Status);
    }
}
