using System.Net;
using System.Text;
using System.Text.Json;
using MotCua.Web.Features.Channels;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The SMS and Zalo channels against the fake gateway run as a real process (tools/MotCua.Gateway), with the outbox
/// worker on and the gateway's signed receipts coming back over real HTTP (issue 13, "the fake gateway fails three times,
/// then succeeds → one SMS delivered, four attempts logged"). The app's clock starts at the real time, since the
/// gateway signs its receipts with the real time and MotCua accepts them within five minutes; the tests move it on
/// only to pass back-offs of a few seconds.
/// </summary>
public class SmsChannelTests(ITestOutputHelper output)
{
    private static MotCuaApp App(GatewayProcess gateway, double timeoutSeconds = 5)
    {
        var app = new MotCuaApp();
        app.Clock.Now = DateTimeOffset.UtcNow;
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:MaxAttempts"] = "6";
        app.Settings["Motcua:Outbox:FirstRetrySeconds"] = "2";
        app.Settings["Motcua:Outbox:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        gateway.Configure(app);
        return app;
    }

    private static async Task ReceiptsToAsync(GatewayProcess gateway, MotCuaApp app) =>
        await gateway.ControlAsync(new { mode = "receipts", url = app.BaseAddress.ToString() });

    private static async Task ExecAsync(MotCuaApp app, string sql, params object[] values)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    // An outbox row on a channel target, due now, as a planner writes it.
    private static async Task<Guid> EnqueueAsync(MotCuaApp app, string target, object payload)
    {
        var id = Guid.NewGuid();
        await ExecAsync(app, """
            INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
            VALUES ($1, $2::jsonb, $3, $4, $1, $1 || ':TEST', $3)
            """, target, JsonSerializer.Serialize(payload, JsonSerializerOptions.Web), app.Clock.Now, id);
        return id;
    }

    private static Task Until(Func<Task<bool>> done, string what, int seconds = 30) => Waiting.Until(done, what, seconds);

    private static Task<long> AttemptsAsync(MotCuaApp app, Guid id, string? outcome = null) => app.ScalarAsync(
        $"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.message_id = '{id}'" + (outcome is null ? "" : $" AND a.outcome = '{outcome}'"));

    private static Task<long> ReceiptsAsync(MotCuaApp app, Guid id, string status) =>
        app.ScalarAsync($"SELECT count(*) FROM notification_receipts WHERE message_id = '{id}' AND status = '{status}'");

    [Fact]
    public async Task The_gateway_fails_three_times_then_one_SMS_is_delivered_after_four_attempts_and_its_receipt_is_stored()
    {
        using var gateway = new GatewayProcess();
        using var app = App(gateway);
        await ReceiptsToAsync(gateway, app);
        await gateway.ControlAsync(new { mode = "fail", count = 3 });
        var id = await EnqueueAsync(app, "sms", new { to = "0905 123 456", text = "Hồ sơ H46.01-251117-0001 đã được tiếp nhận.", code = "H46.01-251117-0001" });

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await Until(async () => await AttemptsAsync(app, id) == attempt, $"lần gửi thứ {attempt}");
            // The longest wait after the third failure is 8 s + 20 % jitter.
            app.Clock.Now = app.Clock.Now.AddSeconds(10);
        }
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE message_id = '{id}' AND delivered_at IS NOT NULL") == 1, "tin đã gửi");

        var recorded = await gateway.MessagesAsync("0905123456");
        var mine = recorded.Where(m => m.GetProperty("messageId").GetString() == id.ToString()).ToList();
        Assert.Single(mine);
        Assert.Equal("84905123456", mine[0].GetProperty("to").GetString());
        Assert.Equal("UBND-HUE", mine[0].GetProperty("brandname").GetString());
        Assert.Equal("Hồ sơ H46.01-251117-0001 đã được tiếp nhận.", mine[0].GetProperty("text").GetString());
        Assert.Equal(4, await AttemptsAsync(app, id));
        Assert.Equal(3, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.message_id = '{id}' AND a.outcome = 'failed' AND a.answer LIKE '503 %' AND a.attempt <= 3"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.message_id = '{id}' AND a.outcome = 'delivered' AND a.attempt = 4 AND a.answer LIKE '200 %'"));

        var providerId = mine[0].GetProperty("id").GetString();
        await Until(async () => await ReceiptsAsync(app, id, "delivered") == 1, "biên nhận đã lưu");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM notification_receipts WHERE message_id = '{id}' AND provider = 'sms' AND provider_message_id = '{providerId}'"));
        output.WriteLine($"Cổng giả lỗi 3 lần rồi nhận: {mine.Count} tin SMS đã nhận với messageId {id} (mã cổng {providerId}); "
            + $"{await AttemptsAsync(app, id)} lần gửi ghi lại ({await AttemptsAsync(app, id, "failed")} lỗi 503, {await AttemptsAsync(app, id, "delivered")} thành công); "
            + $"biên nhận delivered: {await ReceiptsAsync(app, id, "delivered")}.");
    }

    [Fact]
    public async Task A_refused_number_is_dead_lettered_with_a_failed_receipt_and_a_number_that_is_no_mobile_never_leaves()
    {
        using var gateway = new GatewayProcess();
        using var app = App(gateway);
        await ReceiptsToAsync(gateway, app);
        await gateway.ControlAsync(new { mode = "refuse", to = "0905000111" });
        var refused = await EnqueueAsync(app, "sms", new { to = "0905000111", text = "Hồ sơ đã có kết quả." });
        var landline = await EnqueueAsync(app, "sms", new { to = "0234 3822 123", text = "Hồ sơ đã có kết quả." });

        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE message_id IN ('{refused}', '{landline}') AND dead_at IS NOT NULL") == 2, "hai tin thất bại");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE message_id = '{refused}' AND attempts = 1 AND last_error LIKE '400 %blocked_number%'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE message_id = '{landline}' AND attempts = 1 AND last_error LIKE '%không phải số di động Việt Nam%'"));
        Assert.Equal(1, await AttemptsAsync(app, refused, "refused"));
        Assert.Empty(await gateway.MessagesAsync("0905000111"));
        Assert.Empty(await gateway.MessagesAsync("84234382212"));
        await Until(async () => await ReceiptsAsync(app, refused, "failed") == 1, "biên nhận failed");
        output.WriteLine($"Số bị từ chối: 1 lần gửi, thư thất bại, biên nhận failed {await ReceiptsAsync(app, refused, "failed")}; số cố định: không gọi cổng.");
    }

    [Fact]
    public async Task A_gateway_slower_than_the_time_out_is_a_failure_retried_after_its_Retry_After()
    {
        using var gateway = new GatewayProcess();
        using var app = App(gateway, timeoutSeconds: 1);
        await gateway.ControlAsync(new { mode = "slow", ms = 3000 });
        var id = await EnqueueAsync(app, "sms", new { to = "0935222333", text = "Nhắc lịch hẹn trả kết quả." });
        await Until(async () => await AttemptsAsync(app, id, "failed") == 1, "lần gửi quá hạn");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.message_id = '{id}' AND a.answer LIKE 'Quá thời gian chờ 1 giây%' AND a.duration_ms BETWEEN 900 AND 2900"));

        // Back at speed but overloaded once, asking for two minutes: the back-off of a few seconds gives way to it.
        await gateway.ControlAsync(new { mode = "normal" });
        await gateway.ControlAsync(new { mode = "fail", count = 1, status = 429, retryAfter = 120 });
        app.Clock.Now = app.Clock.Now.AddSeconds(10);
        await Until(async () => await AttemptsAsync(app, id, "failed") == 2, "lần gửi bị hẹn lại");
        var wait = await app.ScalarAsync($"SELECT extract(epoch FROM o.next_attempt_at - a.at)::int FROM outbox o JOIN outbox_attempts a ON a.outbox_id = o.id AND a.attempt = 2 WHERE o.message_id = '{id}'");
        Assert.InRange(wait, 119, 125);
        app.Clock.Now = app.Clock.Now.AddSeconds(60);
        await Task.Delay(400);
        Assert.Equal(2, await AttemptsAsync(app, id));
        app.Clock.Now = app.Clock.Now.AddSeconds(70);
        await Until(async () => await AttemptsAsync(app, id, "delivered") == 1, "tin đã gửi");
        Assert.Single(await gateway.MessagesAsync("0935222333"));
        output.WriteLine($"Cổng chậm 3 giây, hạn 1 giây: lần 1 thất bại; 429 với Retry-After 120 giây: lần 3 sau {wait} giây; 1 tin đã nhận.");
    }

    [Fact]
    public async Task A_Zalo_message_is_delivered_with_the_message_id_as_tracking_id_and_its_receipt_stored()
    {
        using var gateway = new GatewayProcess();
        using var app = App(gateway);
        await ReceiptsToAsync(gateway, app);
        var id = await EnqueueAsync(app, "zalo", new
        {
            to = "+84 912 345 678", templateId = "231456", text = "Hồ sơ H46.01-251117-0002 đã có kết quả.",
            templateData = new Dictionary<string, string> { ["ma_ho_so"] = "H46.01-251117-0002", ["trang_thai"] = "Đã có kết quả" }, code = "H46.01-251117-0002",
        });
        await Until(async () => await AttemptsAsync(app, id, "delivered") == 1, "tin Zalo đã gửi");
        var recorded = Assert.Single(await gateway.MessagesAsync("0912345678"));
        Assert.Equal("zalo", recorded.GetProperty("channel").GetString());
        Assert.Equal(id.ToString(), recorded.GetProperty("messageId").GetString());
        Assert.Equal("231456", recorded.GetProperty("templateId").GetString());
        Assert.Equal("Đã có kết quả", recorded.GetProperty("templateData").GetProperty("trang_thai").GetString());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.message_id = '{id}' AND a.answer LIKE '200 %\"error\":0%'"));
        await Until(async () => await ReceiptsAsync(app, id, "delivered") == 1, "biên nhận Zalo");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM notification_receipts WHERE message_id = '{id}' AND provider = 'zalo'"));

        // An unknown Zalo account is Zalo's error code in a 200: refused, not retried.
        await gateway.ControlAsync(new { mode = "refuse", to = "0912000999" });
        var refused = await EnqueueAsync(app, "zalo", new { to = "0912000999", templateId = "231456", text = "x", templateData = new Dictionary<string, string> { ["ma_ho_so"] = "x" } });
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE message_id = '{refused}' AND dead_at IS NOT NULL AND last_error LIKE '200 %-118%'") == 1, "tin Zalo bị từ chối");
        output.WriteLine($"Zalo: tracking_id = {recorded.GetProperty("messageId").GetString()}, mã Zalo {recorded.GetProperty("id").GetString()}; tài khoản không tồn tại (-118) → thất bại ngay.");
    }

    [Fact]
    public async Task A_receipt_is_stored_once_only_when_signed_fresh_and_for_a_message_sent_on_its_channel()
    {
        using var gateway = new GatewayProcess();
        using var app = App(gateway);
        var id = await EnqueueAsync(app, "sms", new { to = "0905123456", text = "Hồ sơ đã được tiếp nhận." });
        await Until(async () => await AttemptsAsync(app, id, "delivered") == 1, "tin đã gửi");
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var now = app.Clock.Now.ToUnixTimeSeconds();
        async Task<HttpResponseMessage> PostAsync(string provider, string body, long timestamp, string? signature = null, string secret = GatewayProcess.SmsSecret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/notifications/receipts/{provider}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Signature", signature ?? ReceiptSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)));
            return await client.SendAsync(request);
        }
        var receipt = $$"""{"messageId":"{{id}}","providerMessageId":"sms-000042","status":"delivered","at":"2025-11-17T09:00:05+07:00"}""";
        async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return body;
        }

        // Wrong secret, a byte changed after signing, stale, future, unsigned, a provider without a secret: 401, nothing stored.
        await ProblemAsync(await PostAsync("sms", receipt, now, secret: "not-the-secret"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PostAsync("sms", receipt.Replace("delivered", "failed"), now, ReceiptSignature.Sign(GatewayProcess.SmsSecret, now, Encoding.UTF8.GetBytes(receipt))), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PostAsync("sms", receipt, now - 301), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PostAsync("sms", receipt, now + 301), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PostAsync("sms", receipt, now, "zz"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PostAsync("fax", receipt, now), HttpStatusCode.Unauthorized);
        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/v1/notifications/receipts/sms") { Content = new StringContent(receipt, Encoding.UTF8, "application/json") })
            await ProblemAsync(await client.SendAsync(unsigned), HttpStatusCode.Unauthorized);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM notification_receipts"));

        // Signed and fresh: stored once, however often it comes.
        var first = await PostAsync("sms", receipt, now - 240);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("duplicate").GetBoolean());
        var again = await PostAsync("sms", receipt, now);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM notification_receipts WHERE message_id = '{id}' AND provider = 'sms' AND provider_message_id = 'sms-000042' AND status = 'delivered' AND at = '2025-11-17T02:00:05Z'"));

        // A message this server never sent, or not on the provider's channel: 404; a field wrong: 422 naming it.
        Assert.Contains("Không có tin", await ProblemAsync(await PostAsync("sms", receipt.Replace(id.ToString(), Guid.NewGuid().ToString()), now), HttpStatusCode.NotFound));
        await ProblemAsync(await PostAsync("zalo", receipt, now, secret: GatewayProcess.ZaloSecret), HttpStatusCode.NotFound);
        Assert.Contains("\"status\"", await ProblemAsync(await PostAsync("sms", receipt.Replace("\"delivered\"", "\"read\""), now), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("\"messageId\"", await ProblemAsync(await PostAsync("sms", receipt.Replace(id.ToString(), "not-a-guid"), now), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("\"at\"", await ProblemAsync(await PostAsync("sms", receipt.Replace("2025-11-17T09:00:05+07:00", "17/11/2025"), now), HttpStatusCode.UnprocessableEntity));
        // A body cut short is not JSON at all: 400 naming the body, as everywhere in the API (docs/SECURITY.md §6).
        Assert.Contains("\"body\"", await ProblemAsync(await PostAsync("sms", "{\"messageId\":", now), HttpStatusCode.BadRequest));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM notification_receipts"));
        output.WriteLine("Biên nhận: 7 lần sai chữ ký/thời điểm → 401, không lưu; đúng → lưu 1 lần dù gửi 2 lần; mã lạ → 404; trường sai → 422; JSON cắt ngắn → 400.");
    }
}
