using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The crash and restart runs of issue 12's proof, on the built app as a separate process over real HTTP: concurrent
/// intake clients record every dossier the app acknowledged (201 with a code); then the app is killed with SIGKILL, or
/// PostgreSQL is restarted, under that load. Afterwards every acknowledged dossier must be in the database, no code
/// twice, no dossier without its event, outbox message and idempotency key (intake writes them in one statement), and
/// the app must answer again: after a kill once restarted, after a database restart by itself.
/// </summary>
public class CrashRecoveryTests(ITestOutputHelper log)
{
    private const int Clients = 16;

    private sealed class Load
    {
        public ConcurrentDictionary<string, string> Acknowledged { get; } = new(); // idempotency key → code
        public ConcurrentQueue<(DateTime At, string Key)> Failed { get; } = new();
        public ConcurrentQueue<DateTime> Succeeded { get; } = new();
        public ConcurrentDictionary<string, int> Refusals { get; } = new();
        public int InFlight;

        /// <summary>Waits until <paramref name="count"/> dossiers were acknowledged (or a minute passed, on a busy machine).</summary>
        public async Task AcknowledgedAsync(int count)
        {
            for (var deadline = DateTime.UtcNow.AddMinutes(1); Acknowledged.Count < count && DateTime.UtcNow < deadline;) await Task.Delay(50);
        }
    }

    private static Task[] StartLoad(Uri address, Load load, CancellationToken stop) => Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", MotCua.Web.Features.Demo.DemoData.ApiKey);
        while (!stop.IsCancellationRequested)
        {
            var key = Guid.NewGuid().ToString();
            string? code = null;
            string? refusal;
            Interlocked.Increment(ref load.InFlight);
            try
            {
                (code, refusal) = await AppProcess.TrySubmitAsync(client, key);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                refusal = e.GetType().Name; // no answer: not acknowledged
            }
            finally
            {
                Interlocked.Decrement(ref load.InFlight);
            }
            if (code is null)
            {
                load.Failed.Enqueue((DateTime.UtcNow, key));
                load.Refusals.AddOrUpdate(refusal![..Math.Min(refusal!.Length, 160)], 1, (_, n) => n + 1);
                await Task.Delay(50);
            }
            else
            {
                load.Acknowledged[key] = code;
                load.Succeeded.Enqueue(DateTime.UtcNow);
            }
        }
    })).ToArray();

    private static async Task<(long Found, long Lost, long Duplicates, long Partial)> AuditAsync(string connectionString, long firstId, Load load)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var codes = new HashSet<string>();
        await using (var read = new NpgsqlCommand("SELECT code FROM dossiers", connection))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) codes.Add(reader.GetString(0));
        async Task<long> CountAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("first", firstId);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        var found = load.Acknowledged.Values.Count(codes.Contains);
        var duplicates = await CountAsync("SELECT count(*) - count(DISTINCT code) FROM dossiers WHERE id >= @first");
        var partial = await CountAsync("""
            SELECT count(*) FROM dossiers d WHERE d.id >= @first AND (
                NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id)
                OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.payload->>'code' = d.code)
                OR NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.dossier_code = d.code))
            """) + await CountAsync("SELECT count(*) FROM idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.code = k.dossier_code)");
        return (found, load.Acknowledged.Count - found, duplicates, partial);
    }

    private static async Task<long> NextIdAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(id), 0) + 1 FROM dossiers", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Kill_9_under_concurrent_intake_loses_no_acknowledged_dossier()
    {
        MotCuaApp.Postgres.EnsureStarted();
        var connectionString = MotCuaApp.Postgres.ConnectionString("crash_" + Guid.NewGuid().ToString("N")[..12]);
        var port = AppProcess.FreePort();
        var load = new Load();
        long firstId;
        int inFlightAtKill;
        using (var app = await AppProcess.StartAsync(connectionString, port))
        {
            firstId = await NextIdAsync(connectionString);
            using var stop = new CancellationTokenSource();
            var clients = StartLoad(app.BaseAddress, load, stop.Token);
            await load.AcknowledgedAsync(200);
            inFlightAtKill = load.InFlight;
            app.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }
        foreach (var (refusal, count) in load.Refusals) log.WriteLine($"  {count} × {refusal}");
        var unanswered = load.Failed.Select(f => f.Key).Where(k => !load.Acknowledged.ContainsKey(k)).ToList();

        using var restarted = await AppProcess.StartAsync(connectionString, port);
        var (found, lost, duplicates, partial) = await AuditAsync(connectionString, firstId, load);
        // A client whose request died with the app sends it again with the same key: it gets one dossier, never two.
        using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", MotCua.Web.Features.Demo.DemoData.ApiKey);
        var retried = 0;
        foreach (var key in unanswered.Take(50))
            if (await AppProcess.SubmitAsync(client, key) is not null) retried++;
        var (_, _, duplicatesAfterRetry, partialAfterRetry) = await AuditAsync(connectionString, firstId, load);
        var served = await AppProcess.SubmitAsync(client, Guid.NewGuid().ToString());

        log.WriteLine($"kill -9 dưới tải {Clients} máy khách, {inFlightAtKill} yêu cầu đang xử lý lúc giết: xác nhận {load.Acknowledged.Count}, tìm thấy {found}, mất {lost}, trùng mã {duplicates}, " +
            $"dòng dở dang {partial}; yêu cầu không được trả lời {unanswered.Count}, gửi lại {Math.Min(50, unanswered.Count)} (được nhận {retried}), " +
            $"trùng sau gửi lại {duplicatesAfterRetry}, dở dang sau gửi lại {partialAfterRetry}; sau khi khởi động lại: {served ?? "không phục vụ"}.");
        Assert.True(load.Acknowledged.Count >= 100 && inFlightAtKill > 0, $"too little load to mean anything: {load.Acknowledged.Count}, {inFlightAtKill} in flight");
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, partial);
        Assert.Equal(0, duplicatesAfterRetry);
        Assert.Equal(0, partialAfterRetry);
        Assert.NotNull(served);
    }

    [Fact]
    public async Task A_database_restart_under_intake_is_survived_without_restarting_the_app()
    {
        using var cluster = new ScratchCluster("restart");
        var load = new Load();
        using var app = await AppProcess.StartAsync(cluster.ConnectionString, AppProcess.FreePort());
        var firstId = await NextIdAsync(cluster.ConnectionString);
        using var stop = new CancellationTokenSource();
        var clients = StartLoad(app.BaseAddress, load, stop.Token);
        await load.AcknowledgedAsync(150);
        var watch = Stopwatch.StartNew();
        cluster.Postgres.Stop();     // pg_ctl stop -m fast: every connection of the app is cut
        cluster.Postgres.EnsureStarted();
        var outage = watch.Elapsed;
        var back = DateTime.UtcNow;
        var acknowledgedBefore = load.Acknowledged.Count;
        await load.AcknowledgedAsync(acknowledgedBefore + 100);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var failedAfter = load.Failed.Where(f => f.At > back).Select(f => f.At).ToList();
        var recoveredAt = load.Succeeded.Where(s => s > back).DefaultIfEmpty(DateTime.MaxValue).Min();
        var lastFailure = failedAfter.DefaultIfEmpty(back).Max();
        var (found, lost, duplicates, partial) = await AuditAsync(cluster.ConnectionString, firstId, load);
        log.WriteLine($"Khởi động lại PostgreSQL dưới tải {Clients} máy khách (mất {outage.TotalSeconds:0.0} giây): xác nhận {load.Acknowledged.Count}, " +
            $"tìm thấy {found}, mất {lost}, trùng mã {duplicates}, dòng dở dang {partial}; lỗi trong và ngay sau lúc mất kết nối {load.Failed.Count}, " +
            $"trong đó sau khi PostgreSQL chạy lại {failedAfter.Count}; yêu cầu thành công đầu tiên sau {(recoveredAt - back).TotalSeconds:0.00} giây, " +
            $"lỗi cuối cùng sau {(lastFailure - back).TotalSeconds:0.00} giây; thành công sau đó {load.Succeeded.Count(s => s > lastFailure)}.");
        Assert.True(load.Acknowledged.Count >= 100, $"too little load to mean anything: {load.Acknowledged.Count}");
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, partial);
        // Recovered by itself: within two seconds of PostgreSQL answering again, and nothing but successes afterwards.
        Assert.True(lastFailure - back < TimeSpan.FromSeconds(2), $"requests still failed {(lastFailure - back).TotalSeconds:0.0} s after the restart");
        Assert.True(load.Succeeded.Count(s => s > lastFailure) >= 50);
    }
}
