using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Web.Features.Outbox;
using Npgsql;
using Xunit.Abstractions;
using static MotCua.Web.Tests.Waiting;

namespace MotCua.Web.Tests;

/// <summary>
/// The outbox worker on a real PostgreSQL (issue 13, "the outbox worker"): rows claimed with SKIP LOCKED, delivered once
/// each in order per key, every attempt recorded, failures retried on the back-off schedule and dead-lettered after the
/// last attempt, re-sent by the administrator, a slow target never holding the others, two instances sharing the rows,
/// and a dossier's event expanded once however often it is claimed. The target here is a recording adapter in the test
/// (the channels' own tests use the real SMTP server and gateway); the kill run lives in WebhookDeliveryTests.
/// </summary>
public class OutboxWorkerTests(ITestOutputHelper output)
{
    private static MotCuaApp App(params RecordingTarget[] targets)
    {
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:MaxAttempts"] = "3";
        app.Settings["Motcua:Outbox:MaxInFlightPerTarget"] = "4";
        app.Settings["Motcua:Outbox:BatchSize"] = "16";
        app.TestServices.Add(services => { foreach (var target in targets) services.AddSingleton<IOutboxTarget>(target); });
        return app;
    }

    private static async Task ExecAsync(MotCuaApp app, string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Rows on a target, due at the app's clock, with payload {n, key}.
    private static Task InsertAsync(MotCuaApp app, string target, int count, int keys, string? prefix = null) => ExecAsync(app, $"""
        INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
        SELECT 'test', jsonb_build_object('n', n, 'key', '{prefix ?? target}:' || (n % {keys})), '{app.Clock.Now:O}', gen_random_uuid(), '{target}',
               '{prefix ?? target}:' || (n % {keys}), '{app.Clock.Now:O}'
        FROM generate_series(1, {count}) n
        """);

    [Fact]
    public async Task Under_a_load_of_requests_the_worker_takes_a_small_share_and_catches_up_when_it_eases()
    {
        var target = new RecordingTarget("test");
        using var app = App(target);
        await app.ScalarAsync("SELECT 1");
        var client = app.CreateClient();
        using var stop = new CancellationTokenSource();
        // Sixteen clients asking without pause keep requests in flight all the time, as the load bench does.
        var load = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                try { await client.GetAsync("/readyz", stop.Token); }
                catch (OperationCanceledException) { }
        })).ToList();
        await Task.Delay(1_000);
        await InsertAsync(app, "test", 200, keys: 200);
        await Task.Delay(3_000);
        var underLoad = target.Received.Count;
        await stop.CancelAsync();
        await Task.WhenAll(load);
        // One row a second while yielding (BusyBatchSize, BusyPollMilliseconds): three seconds, one claim of slack.
        Assert.InRange(underLoad, 0, 4);
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'test' AND delivered_at IS NULL") == 0, "mọi thư đã gửi sau khi hết tải");
        output.WriteLine($"Dưới tải: {underLoad} thư trong 3 giây; hết tải: 200/200.");
    }

    [Fact]
    public async Task Every_row_leaves_once_in_order_per_key_with_each_attempt_recorded()
    {
        var target = new RecordingTarget("test");
        using var app = App(target);
        await InsertAsync(app, "test", 400, keys: 12);
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'test' AND delivered_at IS NULL") == 0, "mọi thư đã gửi");

        var received = target.Received.ToList();
        Assert.Equal(400, received.Count);
        Assert.Equal(0, target.Repeats);
        foreach (var key in received.GroupBy(m => m.OrderingKey))
            Assert.Equal(key.Select(m => m.Id).Order(), key.Select(m => m.Id));
        Assert.Equal(400, await app.ScalarAsync("SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.target = 'test' AND a.outcome = 'delivered' AND a.answer = '250 OK' AND a.attempt = 1"));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'test' AND (locked_until IS NOT NULL OR last_error IS NOT NULL OR attempts <> 1)"));
    }

    [Fact]
    public async Task A_failing_target_is_retried_on_the_schedule_then_dead_lettered_and_the_administrator_resends_it()
    {
        var target = new RecordingTarget("test") { Answer = (_, _) => Task.FromResult(DeliveryOutcome.Failed("503 Service Unavailable")) };
        using var app = App(target);
        await InsertAsync(app, "test", 1, keys: 1);
        var id = await app.ScalarAsync("SELECT id FROM outbox WHERE target = 'test'");
        Task<long> Attempts() => app.ScalarAsync($"SELECT count(*) FROM outbox_attempts WHERE outbox_id = {id}");

        await Until(async () => await Attempts() == 1, "lần gửi thứ nhất");
        // 30 s after the failure, within the ±20 % jitter; nothing happens while the clock stands still.
        var wait = await app.ScalarAsync($"SELECT extract(epoch FROM next_attempt_at - created_at)::int FROM outbox WHERE id = {id}");
        Assert.InRange(wait, 24, 36);
        await Task.Delay(300);
        Assert.Equal(1, await Attempts());

        app.Clock.Now = app.Clock.Now.AddSeconds(40);
        await Until(async () => await Attempts() == 2, "lần gửi thứ hai");
        app.Clock.Now = app.Clock.Now.AddSeconds(80);
        await Until(async () => await Attempts() == 3, "lần gửi thứ ba");
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {id} AND dead_at IS NOT NULL AND last_error = '503 Service Unavailable'") == 1, "thư vào danh sách thất bại");
        app.Clock.Now = app.Clock.Now.AddHours(3);
        await Task.Delay(300);
        Assert.Equal(3, await Attempts());

        // The administrator sees it with its error and re-sends it; the target is back.
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/gui-di?trangthai=dead");
        Assert.Contains("503 Service Unavailable", page);
        Assert.Contains("Gửi lại", page);
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/outbox/{id}");
        Assert.Equal("dead", detail.GetProperty("row").GetProperty("state").GetString());
        Assert.Equal(3, detail.GetProperty("attempts").GetArrayLength());
        target.Answer = (_, _) => Task.FromResult(DeliveryOutcome.Delivered("250 OK"));
        var resent = await admin.PostAsync($"/api/v1/admin/outbox/{id}/resend", null);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {id} AND delivered_at IS NOT NULL") == 1, "thư gửi lại đã đi");
        Assert.Equal(4, await Attempts());
        Assert.Single(target.Received);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'outbox.resend' AND subject = 'outbox:{id}'"));
        // The row's page numbers the attempts across the re-send, 1 to 4, the fourth marked as the re-sent one.
        var rowPage = await admin.GetStringAsync($"/quan-tri/gui-di/{id}");
        Assert.Contains("<td>4 (gửi lại)</td>", rowPage);
        Assert.DoesNotContain("<td>1 (gửi lại)</td>", rowPage);
        // A second re-send of a delivered row is a conflict, an unknown row a 404.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/admin/outbox/{id}/resend", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/admin/outbox/999999999/resend", null)).StatusCode);
        // The page answers a bad or finished re-send by a redirect to the list with the reason, so a reload posts nothing.
        var token = MotCuaApp.AntiforgeryToken(await admin.GetStringAsync("/quan-tri/gui-di?trangthai=dead"));
        foreach (var (asked, said) in new[] { ("abc", "Mã thư \"abc\" không hợp lệ"), ($"{id} ", $"Mã thư \"{id} \" không hợp lệ"), ("+1", "Mã thư \"+1\" không hợp lệ"), (id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Thư số {id} đã gửi xong.") })
        {
            var posted = await admin.PostAsync("/quan-tri/gui-di?handler=Resend", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["id"] = asked,
            }));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Contains(said, System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync(posted.Headers.Location!.OriginalString)));
        }
    }

    /// <summary>
    /// A target out as a whole and back (the National Portal, IOutboxTarget.ReleasesBackoffOnRecovery): while it is out, a
    /// probe tries the waiting row due first every RecoveryProbeSeconds without counting an attempt (three attempts would
    /// dead-letter here) or moving its back-off; the probe that passes releases the rows, which all leave at once, each key
    /// in order, though the app's clock stands still and their next attempts are 30 s away.
    /// </summary>
    [Fact]
    public async Task A_target_back_after_an_outage_is_seen_by_an_uncounted_probe_and_its_waiting_rows_leave_at_once_in_order()
    {
        var down = true;
        var target = new RecordingTarget("cong") { ReleasesBackoffOnRecovery = true };
        target.Answer = (_, _) => Task.FromResult(down ? DeliveryOutcome.Failed("Không kết nối được") : DeliveryOutcome.Delivered("0: thành công"));
        using var app = App(target);
        app.Settings["Motcua:Outbox:RecoveryProbeSeconds"] = "1";
        await InsertAsync(app, "cong", 12, keys: 3);
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox_attempts WHERE target = 'cong' AND answer LIKE 'Thăm dò: %'") >= 3, "ba lần thăm dò", 60);
        // Each key's first row failed once and waits on its back-off; the probes counted nothing.
        Assert.Equal(3, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'cong' AND attempts = 1 AND next_attempt_at > created_at + interval '20 seconds'"));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'cong' AND (attempts > 1 OR dead_at IS NOT NULL OR delivered_at IS NOT NULL)"));
        Assert.Empty(target.Received);

        down = false;
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'cong' AND delivered_at IS NOT NULL") == 12, "mọi thư đã đi khi kênh trở lại", 60);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'cong' AND dead_at IS NOT NULL"));
        foreach (var key in target.Received.GroupBy(m => m.OrderingKey))
            Assert.Equal(key.Select(m => m.Payload.GetProperty("n").GetInt32()).Order(), key.Select(m => m.Payload.GetProperty("n").GetInt32()));
        output.WriteLine($"{await app.ScalarAsync("SELECT count(*) FROM outbox_attempts WHERE target = 'cong' AND answer LIKE 'Thăm dò: %'")} lần thăm dò không tính; 12 thư đi hết theo thứ tự từng khóa.");
    }

    [Fact]
    public async Task A_refusal_dead_letters_at_once_and_a_row_for_an_unconfigured_channel_too()
    {
        var target = new RecordingTarget("test") { Answer = (_, _) => Task.FromResult(DeliveryOutcome.Refused("550 Không có hộp thư này")) };
        using var app = App(target);
        await InsertAsync(app, "test", 1, keys: 1);
        await InsertAsync(app, "fax", 1, keys: 1);
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL") == 2, "hai thư thất bại");
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'test' AND attempts = 1 AND last_error = '550 Không có hộp thư này'"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'fax' AND attempts = 1 AND last_error LIKE 'Chưa cấu hình kênh gửi ''fax''%'"));
    }

    [Fact]
    public async Task A_slow_target_holds_only_its_own_messages()
    {
        var slow = new RecordingTarget("slow");
        var release = new TaskCompletionSource();
        slow.Answer = async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return DeliveryOutcome.Delivered("200");
        };
        var fast = new RecordingTarget("fast");
        using var app = App(slow, fast);
        await InsertAsync(app, "slow", 200, keys: 200);
        await InsertAsync(app, "fast", 300, keys: 300);
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'fast' AND delivered_at IS NOT NULL") == 300, "mọi thư kênh nhanh đã đi");
        // The slow target holds at most its cap plus one batch; the rest of its rows stayed unclaimed.
        var claimedSlow = await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'slow' AND locked_until IS NOT NULL");
        output.WriteLine($"Kênh nhanh: 300/300 đã gửi; kênh chậm đang giữ {claimedSlow} thư, chưa gửi thư nào.");
        Assert.Empty(slow.Received);
        Assert.InRange(claimedSlow, 1, 4 + 16);
        release.SetResult();
        await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'slow' AND delivered_at IS NOT NULL") == 200, "kênh chậm gửi xong");
    }

    [Fact]
    public async Task Two_instances_share_the_rows_and_deliver_each_once()
    {
        var target = new RecordingTarget("test");
        using var first = App(target);
        await first.ScalarAsync("SELECT 1");
        using var second = new SecondWorker(first.ConnectionString, target);
        await second.ScalarAsync("SELECT 1");
        await InsertAsync(first, "test", 1_000, keys: 1_000);
        await Until(async () => await first.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'test' AND delivered_at IS NULL") == 0, "mọi thư đã gửi");
        Assert.Equal(1_000, target.Received.Count);
        Assert.Equal(0, target.Repeats);
        var byInstance = await first.ScalarAsync("SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.target = 'test'");
        Assert.Equal(1_000, byInstance);
    }

    /// <summary>Another instance on the same database with the worker on and the same recording target.</summary>
    private sealed class SecondWorker : MotCuaApp
    {
        public SecondWorker(string connectionString, RecordingTarget target) : base(connectionString)
        {
            Settings["Motcua:Outbox:Enabled"] = "true";
            Settings["Motcua:Outbox:PollMilliseconds"] = "50";
            Settings["Motcua:Outbox:BatchSize"] = "16";
            TestServices.Add(services => services.AddSingleton<IOutboxTarget>(target));
        }
    }

    /// <summary>A planner that asks for one message on the recording target for every event.</summary>
    private sealed class EchoPlanner : IDossierEventPlanner
    {
        public Task PlanAsync(DossierEventPlan plan, CancellationToken ct)
        {
            plan.Add("echo", "test.echo", "test", new { code = plan.Event.Code, topic = plan.Event.Topic, status = plan.Event.Payload.GetProperty("status").GetInt32() });
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_dossier_event_is_expanded_once_into_messages_with_ids_derived_from_it()
    {
        var target = new RecordingTarget("test");
        using var app = App(target);
        app.TestServices.Add(services => services.AddScoped<IDossierEventPlanner, EchoPlanner>());
        using var api = app.ApiClient();
        var created = await api.SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        await Until(() => Task.FromResult(target.Received.Count == 1), "thư sinh từ sự kiện tiếp nhận");
        var echo = target.Received.Single();
        Assert.Equal($"test:{code}", echo.OrderingKey);
        Assert.Equal(await app.ScalarAsync($"SELECT (payload->>'status')::int FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{code}'"),
            echo.Payload.GetProperty("status").GetInt32());
        var parent = Guid.Parse((await QueryAsync(app, $"SELECT message_id::text FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{code}'"))!);
        Assert.Equal(DossierEventPlan.Derive(parent, "echo"), echo.MessageId);
        Assert.Equal($"dossier:{code}", await QueryAsync(app, $"SELECT ordering_key FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{code}'"));

        // Delivered again by a worker whose lease ran out meanwhile: the expansion sees its row marked and adds nothing.
        var expansion = app.Services.GetServices<IOutboxTarget>().OfType<DossierEventExpansion>().Single();
        var id = await app.ScalarAsync($"SELECT id FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{code}'");
        using var payload = JsonDocument.Parse(await QueryAsync(app, $"SELECT payload::text FROM outbox WHERE id = {id}") ?? "{}");
        var again = await expansion.DeliverAsync(new OutboxDelivery(id, parent, "dossier.status", "dossier-events", $"dossier:{code}", payload.RootElement, 2, app.Clock.Now), CancellationToken.None);
        Assert.Equal(DeliveryResult.Delivered, again.Result);
        Assert.Equal("Đã tách trước đó.", again.Answer);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'test' AND payload->>'code' = '{code}'"));
    }

    private static async Task<string?> QueryAsync(MotCuaApp app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
