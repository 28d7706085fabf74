using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// Trial 17w MEDIUM 1: the holder's ticket page (/xep-hang/ve/{token}) had a meta refresh every 30 s that nobody could
/// stop (axe-core's critical <c>meta-refresh</c>, WCAG 2.2.1). In Debian's Chromium on a phone, with the page's clock
/// under Playwright's control: no meta refresh; "Tự cập nhật" turned off, a call at the desk does not reach the page 31 s
/// later; turned on, the page reads the ticket at once, shows the counter and says so in its status region; left on, it
/// follows the service to its end (the satisfaction buttons arrive by themselves) and the refresh stops. A turn that finds
/// nothing new keeps the holder's focus; without script only the "Cập nhật" link shows (verify35 N1, N2).
/// </summary>
public class TicketPageRefreshTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task The_ticket_updates_itself_in_place_announces_the_call_and_its_toggle_stops_it()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var (_, counters) = await QueueTests.ServiceAsync(app, DemoData.ThuanHoaCode, 'R', counters: 1);
        var taken = await QueueTests.TakeAsync(app.SessionClient(), DemoData.ThuanHoaCode, new { service = "R" });
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        var url = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var phone = await Browsers.PhoneAsync(browser);
        await phone.Clock.InstallAsync();
        await phone.GotoAsync(app.BaseAddress.ToString().TrimEnd('/') + url);
        Assert.Equal(0, await phone.Locator("meta[http-equiv=refresh]").CountAsync());
        var toggle = phone.Locator("#tu-cap-nhat");
        Assert.True(await toggle.IsVisibleAsync());
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-pressed"));
        Assert.Equal("đang chờ", (await phone.Locator("#trang-thai").InnerTextAsync()).Trim());

        // A turn that finds nothing new swaps nothing: focus stays on "Hủy số" (verify35 N2: it went to the page's top).
        await phone.Locator("#ve button:has-text('Hủy số')").FocusAsync();
        await phone.Clock.RunForAsync(31_000);
        await phone.Locator("#ve[data-lan='1']").WaitForAsync();
        Assert.Equal("Hủy số", await phone.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));

        await toggle.ClickAsync();
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-pressed"));
        Assert.Equal("Tự cập nhật: tắt", (await toggle.InnerTextAsync()).Trim());
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var called = await desk.PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null);
        Assert.True(called.StatusCode == HttpStatusCode.OK, await called.Content.ReadAsStringAsync());
        await phone.Clock.RunForAsync(31_000);
        Assert.Equal("1", await phone.Locator("#ve").GetAttributeAsync("data-lan"));
        Assert.Equal(0, await phone.Locator("#quay").CountAsync());

        await toggle.ClickAsync();
        await phone.Locator("#quay").WaitForAsync();
        Assert.StartsWith("Quầy ", (await phone.Locator("#quay").InnerTextAsync()).Trim());
        Assert.StartsWith("Đã cập nhật: ", (await phone.Locator("#ve-thong-bao").InnerTextAsync()).Trim());
        Assert.Equal("status", await phone.Locator("#ve-thong-bao").GetAttributeAsync("role"));
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Browsers.Screenshots, "queue-ticket-called.png"), FullPage = true });

        // Being served the page still follows the ticket: "Xong" at the desk brings the satisfaction buttons by itself.
        var ticket = (await called.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        foreach (var step in new[] { "start", "done" })
        {
            var moved = await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/{step}", null);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, $"{step}: {await moved.Content.ReadAsStringAsync()}");
            await phone.Clock.RunForAsync(31_000);
        }
        await phone.Locator("#hai-long").WaitForAsync();
        Assert.True(await phone.Locator("#ve-dieu-khien").IsHiddenAsync(), "served: nothing left to refresh");

        // Without script: the "Cập nhật" link, and no toggle that would do nothing (verify35 N1: a CSS rule showed it).
        var taken2 = await QueueTests.TakeAsync(app.SessionClient(), DemoData.ThuanHoaCode, new { service = "R" });
        var url2 = (await taken2.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var plain = await (await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 360, Height = 740 }, JavaScriptEnabled = false })).NewPageAsync();
        await plain.GotoAsync(app.BaseAddress.ToString().TrimEnd('/') + url2);
        Assert.True(await plain.Locator("#tu-cap-nhat").IsHiddenAsync(), "the toggle needs the script");
        Assert.True(await plain.Locator("#cap-nhat").IsVisibleAsync());
    }
}
