using System.Diagnostics;
using MotCua.Web.Features.Webhooks;
using MotCua.Web.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 13's proof "kill the worker mid-batch": the built app as a separate process delivers 2,000 webhook messages to a
/// real receiver here (slowed, so that batches are in flight), is killed with SIGKILL mid-way and started again. Every
/// message must then be delivered and received, a message received twice only under its own message id (the received
/// set equals the outbox's), and every row marked delivered.
/// </summary>
public class OutboxKillTests(ITestOutputHelper log)
{
    private const int Messages = 2_000;

    [Fact]
    public async Task Killed_mid_batch_every_message_arrives_and_repeats_only_under_its_own_id()
    {
        MotCuaApp.Postgres.EnsureStarted();
        var connectionString = MotCuaApp.Postgres.ConnectionString("kill_" + Guid.NewGuid().ToString("N")[..12]);
        var port = AppProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Motcua__Outbox__Enabled"] = "true",
            ["Motcua__Outbox__LeaseSeconds"] = "3",
            ["Motcua__Outbox__YieldBelowIdleShare"] = "0",
            ["Motcua__Outbox__PollMilliseconds"] = "50",
        };
        await using var receiver = new WebhookReceiver { Delay = TimeSpan.FromMilliseconds(40) };
        await receiver.StartAsync();

        var app = await AppProcess.StartAsync(connectionString, port, settings);
        int id;
        try
        {
            // The subscription as the administrator's API writes it, its secret sealed with the deployment key the app uses.
            var key = new DeploymentKey(Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(MotCuaApp.Postgres.Folder, "deployment.key"))));
            receiver.Secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var subscribe = new NpgsqlCommand("""
                INSERT INTO webhook_subscriptions (name, url, secret, events, created_at) VALUES ('Máy nhận thử', $1, $2, '{dossier.status}', now()) RETURNING id
                """, connection))
            {
                subscribe.Parameters.Add(new NpgsqlParameter<string> { TypedValue = receiver.Url });
                subscribe.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key.Seal(System.Text.Encoding.UTF8.GetBytes(receiver.Secret), WebhookSubscriptions.SecretPurpose) });
                id = (int)(await subscribe.ExecuteScalarAsync())!;
            }
            // 2,000 messages on the subscription's target, over 100 dossiers' ordering keys, due now.
            await using (var insert = new NpgsqlCommand($"""
                INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
                SELECT 'dossier.status', jsonb_build_object('n', n, 'code', 'K' || (n % 100)), now(), gen_random_uuid(), 'webhook:{id}',
                       'webhook:{id}:K' || (n % 100), now()
                FROM generate_series(1, {Messages}) n
                """, connection))
                await insert.ExecuteNonQueryAsync();

            // Killed while deliveries are in flight: some received, most not.
            for (var deadline = DateTime.UtcNow.AddMinutes(2); receiver.Received.Count < Messages / 4 && DateTime.UtcNow < deadline;) await Task.Delay(5);
        }
        finally
        {
            app.Kill();
            app.Dispose();
        }
        var atKill = receiver.Received.Count;
        Assert.InRange(atKill, 1, Messages - 1);

        var clock = Stopwatch.StartNew();
        using var restarted = await AppProcess.StartAsync(connectionString, port, settings);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            async Task<long> Scalar(string sql)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                return Convert.ToInt64(await command.ExecuteScalarAsync());
            }
            for (var deadline = DateTime.UtcNow.AddMinutes(3); await Scalar($"SELECT count(*) FROM outbox WHERE target = 'webhook:{id}' AND delivered_at IS NULL") > 0;)
            {
                Assert.True(DateTime.UtcNow < deadline, "Sau 3 phút vẫn còn thư chưa gửi xong.");
                await Task.Delay(100);
            }
            var drained = clock.Elapsed;
            Assert.Equal(0, await Scalar($"SELECT count(*) FROM outbox WHERE target = 'webhook:{id}' AND dead_at IS NOT NULL"));

            var outboxIds = new HashSet<Guid>();
            await using (var command = new NpgsqlCommand($"SELECT message_id FROM outbox WHERE target = 'webhook:{id}'", connection))
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) outboxIds.Add(reader.GetGuid(0));
            var received = receiver.Received.Select(d => d.MessageId).ToList();
            var distinct = received.ToHashSet();
            var duplicates = received.Count - distinct.Count;
            var attempts = await Scalar($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.target = 'webhook:{id}'");

            log.WriteLine($"Thư: {outboxIds.Count}; nhận trước khi giết: {atKill}; lượt nhận: {received.Count}, khác nhau: {distinct.Count}, trùng: {duplicates} "
                + $"(mỗi lần trùng là cùng message id); lần gửi đã ghi: {attempts}; từ lúc khởi động lại đến khi gửi hết: {drained.TotalSeconds:0.0} s.");
            Assert.Equal(Messages, outboxIds.Count);
            Assert.True(outboxIds.SetEquals(distinct), $"Tập đã nhận khác tập trong outbox: thiếu {outboxIds.Except(distinct).Count()}, thừa {distinct.Except(outboxIds).Count()}.");
            Assert.Equal(0, receiver.BadSignatures);
        }
        restarted.Kill();
    }
}
