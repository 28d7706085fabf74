using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Outbox;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Webhooks end to end (issue 13, docs/MESSAGES.md §8): subscriptions made through the administrator's API, a dossier's
/// events delivered by the outbox worker over real HTTP to receivers started here (<see cref="WebhookReceiver"/>), which
/// check every signature; a journey's events arrive signed, in order, with the ids the outbox holds; a receiver that is
/// down gets the message once it is back; one that hangs holds back no other subscriber.
/// </summary>
public class WebhookDeliveryTests(ITestOutputHelper output)
{
    private static MotCuaApp App()
    {
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        return app;
    }

    private static async Task<WebhookReceiver> ReceiverAsync(MotCuaApp app)
    {
        var receiver = new WebhookReceiver { Now = () => app.Clock.Now };
        await receiver.StartAsync();
        return receiver;
    }

    // Subscribes the receiver through the API; its id, and the secret given this once.
    private static async Task<int> SubscribeAsync(HttpClient admin, WebhookReceiver receiver, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/admin/webhooks/", new { name, url = receiver.Url, events = new[] { "dossier.status", "dossier.reorganised" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        receiver.Secret = created.GetProperty("secret").GetString();
        Assert.Matches("^[0-9a-f]{64}$", receiver.Secret);
        return created.GetProperty("subscription").GetProperty("id").GetInt32();
    }

    private static async Task<string> SubmitAsync(MotCuaApp app)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: "Hồ Thị Lan"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static Task Until(Func<Task<bool>> done, string what, int seconds = 90) => Waiting.Until(done, what, seconds);

    private static async Task<List<string>> ColumnAsync(MotCuaApp app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetValue(0).ToString()!);
        return values;
    }

    [Fact]
    public async Task A_journeys_events_arrive_signed_in_order_with_the_outboxs_message_ids()
    {
        using var app = App();
        await using var receiver = await ReceiverAsync(app);
        var admin = await app.OfficerAsync("quantri");

        // A URL that is not http(s) is refused, naming the field, in Vietnamese.
        var refused = await admin.PostAsJsonAsync("/api/v1/admin/webhooks/", new { name = "Sai", url = "file:///etc/passwd", events = new[] { "dossier.status" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("http://", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("url")[0].GetString());
        var id = await SubscribeAsync(admin, receiver, "Hệ thống một cửa của Sở");
        Assert.DoesNotContain(receiver.Secret!, await admin.GetStringAsync("/api/v1/admin/webhooks/"));
        Assert.DoesNotContain(receiver.Secret!, await admin.GetStringAsync("/quan-tri/webhook"));

        var code = await SubmitAsync(app);
        foreach (var (user, action, body) in new (string, string, object)[]
                 {
                     ("tiepnhan.trungtam", "transfer", new { }), ("truongphong.trungtam", "assign", new { userName = "chuyenvien.trungtam" }),
                     ("chuyenvien.trungtam", "complete-step", new { note = "Hồ sơ đủ điều kiện, trình ký." }), ("lanhdao.trungtam", "approve", new { note = "Đồng ý." }),
                     ("tiepnhan.trungtam", "result-ready", new { }), ("tiepnhan.trungtam", "return", new { method = "desk", receivedBy = "Hồ Thị Lan" }),
                 })
        {
            var response = await (await app.OfficerAsync(user)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
            Assert.True(response.IsSuccessStatusCode, $"{user} {action}: {(int)response.StatusCode}");
        }

        var events = await ColumnAsync(app, $"SELECT (payload->>'status') FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{code}' ORDER BY id");
        var target = $"webhook:{id}";
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = '{target}' AND delivered_at IS NOT NULL") == events.Count,
            "mọi sự kiện của hồ sơ đã tới hệ thống nhận");
        var outboxIds = await ColumnAsync(app, $"SELECT message_id FROM outbox WHERE target = '{target}' ORDER BY id");
        var received = receiver.Received.Where(d => d.Payload.GetProperty("code").GetString() == code).ToList();

        Assert.Equal(0, receiver.BadSignatures);
        Assert.True(events.Count >= 7, $"hành trình sinh {events.Count} sự kiện");
        Assert.Equal(outboxIds, received.Select(d => d.MessageId.ToString()));
        Assert.Equal(events, received.Select(d => d.Payload.GetProperty("status").GetInt32().ToString()));
        Assert.All(received, d => Assert.Equal(d.MessageId, d.Payload.GetProperty("messageId").GetGuid()));
        Assert.All(received, d => Assert.Equal("dossier.status", d.Event));
        Assert.All(received, d => Assert.Equal(DemoData.CentreCode, d.Payload.GetProperty("agencyCode").GetString()));
        Assert.All(received, d => Assert.DoesNotContain("Hồ Thị Lan", d.Body));
        // The id derives from the event's: an event expanded again gives the same id, which the receiver de-duplicates on.
        var first = await ColumnAsync(app, $"SELECT message_id FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{code}' ORDER BY id LIMIT 1");
        Assert.Equal(DossierEventPlan.Derive(Guid.Parse(first[0]), target), received[0].MessageId);
        Assert.Equal("Đã trả kết quả", received[^1].Payload.GetProperty("statusName").GetString());
        output.WriteLine($"{received.Count} sự kiện của {code} tới nơi, đúng thứ tự, chữ ký đúng: {string.Join(" → ", events)}");
    }

    [Fact]
    public async Task A_receiver_that_is_down_gets_the_message_when_it_is_back_and_a_hanging_one_holds_back_no_other()
    {
        using var app = App();
        app.Settings["Motcua:Outbox:TimeoutSeconds"] = "60";
        await using var down = await ReceiverAsync(app);
        await using var hanging = await ReceiverAsync(app);
        await using var healthy = await ReceiverAsync(app);
        var admin = await app.OfficerAsync("quantri");
        var downId = await SubscribeAsync(admin, down, "Tắt");
        var hangingId = await SubscribeAsync(admin, hanging, "Treo");
        await SubscribeAsync(admin, healthy, "Khỏe");
        await down.StopAsync();
        hanging.Delay = Timeout.InfiniteTimeSpan;

        var codes = new List<string>();
        for (var i = 0; i < 5; i++) codes.Add(await SubmitAsync(app));

        // The healthy subscriber has every dossier's event while the other two have none.
        await Until(() => Task.FromResult(codes.All(c => healthy.Received.Any(d => d.Payload.GetProperty("code").GetString() == c))), "hệ thống nhận còn chạy có đủ 5 sự kiện");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target IN ('webhook:{downId}', 'webhook:{hangingId}') AND delivered_at IS NOT NULL"));
        // It takes them and never answers: in flight, not lost. Each arrives on its own connection, after the healthy one's
        // on a busy machine, so the test waits for the fifth rather than reading the count at once.
        await Until(() => Task.FromResult(hanging.Received.Count == 5), "hệ thống treo đã nhận đủ 5 sự kiện");

        // The one that was down failed, waits its back-off, and gets each message once when it is back.
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'webhook:{downId}' AND attempts = 1 AND locked_until IS NULL AND last_error LIKE 'Không kết nối được%'") == 5,
            "năm lần gửi thất bại tới hệ thống đang tắt");
        await down.StartAsync();
        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'webhook:{downId}' AND delivered_at IS NOT NULL") == 5, "gửi lại khi hệ thống nhận chạy lại");
        Assert.Equal(codes.Order(), down.Received.Select(d => d.Payload.GetProperty("code").GetString()!).Order());
        Assert.Equal(10, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.target = 'webhook:{downId}'"));
        Assert.Equal(0, down.BadSignatures + healthy.BadSignatures);
        output.WriteLine($"Hệ thống khỏe nhận 5/5 trong khi hệ thống treo giữ 5 thư đang gửi; hệ thống tắt nhận 5/5 sau 10 lần gửi.");
    }

    [Fact]
    public async Task A_receiver_answering_410_gone_stops_its_subscription()
    {
        using var app = App();
        await using var receiver = await ReceiverAsync(app);
        var admin = await app.OfficerAsync("quantri");
        var id = await SubscribeAsync(admin, receiver, "Đã bỏ");
        receiver.Secret = "khóa sai"; // the receiver now answers 401 to everything: a 4xx is refused, not retried
        await SubmitAsync(app);
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'webhook:{id}' AND dead_at IS NOT NULL AND last_error LIKE '401%'") == 1, "401 vào danh sách thất bại");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.target = 'webhook:{id}'"));
        // The delivery pages name the webhook as the administrator did, and the message by what it is.
        var dead = await app.ScalarAsync($"SELECT id FROM outbox WHERE target = 'webhook:{id}'");
        Assert.Contains($"Webhook “Đã bỏ” (số {id})", await admin.GetStringAsync("/quan-tri/gui-di?trangthai=dead"));
        var rowPage = await admin.GetStringAsync($"/quan-tri/gui-di/{dead}");
        Assert.Contains($"Webhook “Đã bỏ” (số {id})", rowPage);
        Assert.Contains("Hồ sơ đổi trạng thái", rowPage);

        var put = await admin.PutAsJsonAsync($"/api/v1/admin/webhooks/{id}", new { name = "Đã bỏ", url = receiver.Url.Replace("/hook", "/gone"), events = new[] { "dossier.status" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await SubmitAsync(app);
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM webhook_subscriptions WHERE id = {id} AND NOT active AND deactivated_reason LIKE '%410%'") == 1, "đăng ký ngừng sau 410");
        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/webhooks/{id}");
        Assert.False(view.GetProperty("active").GetBoolean());
        // Stopped: a new event gives it no message.
        var before = await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'webhook:{id}'");
        await SubmitAsync(app);
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'dossier-events' AND delivered_at IS NULL") == 0, "sự kiện đã tách");
        Assert.Equal(before, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'webhook:{id}'"));
    }
}
