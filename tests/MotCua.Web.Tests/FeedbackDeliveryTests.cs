using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Feedback's edges that need an app of their own: the public form's rate limit per client address (no captcha), and the
/// answer reaching the sender through the real SMS gateway process (tools/MotCua.Gateway) with the outbox worker on.
/// </summary>
public class FeedbackDeliveryTests(ITestOutputHelper output)
{
    private static object Body(int i) => new
    {
        kind = "phan-anh", senderName = "Phạm Văn Hùng", senderPhone = "0905123456", senderAddress = "Hương Trà, Huế",
        content = $"Phản ánh số {i}: niêm yết thủ tục tại bộ phận một cửa chưa cập nhật theo quyết định mới.",
    };

    [Fact]
    public async Task Sending_is_limited_per_hour_and_client_while_reading_is_not()
    {
        using var app = new MotCuaApp();
        app.Settings["Motcua:Feedback:RateLimitPerHour"] = "3";
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Domain.Calendar.VietnamTime.Offset);
        using var citizen = app.SessionClient();
        // Trial 16b LOW 13: sends refused as invalid (five, more than the quota) do not use it up; only registered ones count.
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await citizen.PostAsJsonAsync("/api/v1/feedback", new { kind = "phan-anh", content = "" })).StatusCode);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await citizen.PostAsJsonAsync("/api/v1/feedback", Body(i))).StatusCode);
        var refused = await citizen.PostAsJsonAsync("/api/v1/feedback", Body(4));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Contains("quá nhiều phản ánh, kiến nghị", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The public form says the same, with the status, and keeps what was typed.
        var form = await citizen.GetStringAsync("/phan-anh-kien-nghi/gui");
        var page = await citizen.PostAsync("/phan-anh-kien-nghi/gui", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["Form.Kind"] = "phan-anh", ["Form.SenderName"] = "Phạm Văn Hùng", ["Form.SenderPhone"] = "0905123456", ["Form.SenderAddress"] = "Hương Trà, Huế",
            ["Form.Content"] = "Niêm yết thủ tục tại bộ phận một cửa chưa cập nhật theo quyết định mới.",
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("quá nhiều phản ánh, kiến nghị", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/phan-anh-kien-nghi/gui")).StatusCode);
        Assert.Equal(3, await app.ScalarAsync("SELECT count(*) FROM feedback"));
        // An hour after the first registered one, a slot is free again.
        app.Clock.Now = app.Clock.Now.AddHours(1).AddSeconds(1);
        Assert.Equal(HttpStatusCode.Created, (await citizen.PostAsJsonAsync("/api/v1/feedback", Body(5))).StatusCode);
    }

    [Fact]
    public async Task The_answer_reaches_the_sender_through_the_SMS_gateway()
    {
        using var gateway = new GatewayProcess();
        using var app = new MotCuaApp();
        // Near the real time, yet outside the SMS quiet hours (21:00–07:00), which would hold the messages till morning:
        // the last noon in Vietnam.
        var vn = Domain.Calendar.VietnamTime.ToVietnam(DateTimeOffset.UtcNow);
        var noon = new DateTimeOffset(vn.Year, vn.Month, vn.Day, 12, 0, 0, Domain.Calendar.VietnamTime.Offset);
        app.Clock.Now = noon <= vn ? noon : noon.AddDays(-1);
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        gateway.Configure(app);
        using var citizen = app.SessionClient();
        var created = await citizen.PostAsJsonAsync("/api/v1/feedback", Body(1));
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        using var officer = await app.OfficerAsync("chuyenvien.trungtam");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/feedback/{number}/classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/feedback/{number}/answer", new { text = "Bộ phận một cửa đã cập nhật niêm yết theo Quyết định mới." })).StatusCode);
        await Waiting.Until(async () => (await gateway.MessagesAsync("0905123456")).Count == 2, "hai tin: tiếp nhận và trả lời", 60);
        var texts = (await gateway.MessagesAsync("0905123456")).Select(m => m.GetProperty("text").GetString()!).ToList();
        Assert.Contains(texts, t => t.Contains(number, StringComparison.Ordinal) && t.Contains("tra loi", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(number, StringComparison.Ordinal) && t.Contains("tiep nhan", StringComparison.OrdinalIgnoreCase));
        output.WriteLine(string.Join("\n", texts));
    }
}
