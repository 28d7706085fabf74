using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The hot standby of issue 12, item 15: <c>scripts/standby.sh</c> starts a streaming replica of a cluster of the test's
/// own; a dossier written on the primary is read on the standby; the app with <c>Motcua:ReadOnlyDb</c> on the standby
/// keeps answering public lookups while the primary is stopped; and after <c>standby.sh promote</c> the standby takes
/// writes, the next dossier continuing the serials.
/// </summary>
public class StandbyTests(ITestOutputHelper log)
{
    private sealed class ReplicaApp(string connectionString, string? readOnly) : MotCuaApp(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (readOnly is not null) builder.UseSetting("Motcua:ReadOnlyDb", readOnly);
        }
    }

    private static (int ExitCode, string Output) Script(string folder, int port, string command)
    {
        var start = new ProcessStartInfo(Path.Combine(MotCuaApp.RepoRoot(), "scripts", "standby.sh"), command) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MOTCUA_DATA"] = folder;
        start.Environment["MOTCUA_STANDBY_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static async Task<long> CountAsync(string connectionString, string code)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM dossiers WHERE code = @code", connection);
        command.Parameters.AddWithValue("code", code);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_standby_reads_what_the_primary_wrote_answers_lookups_while_the_primary_is_down_and_can_be_promoted()
    {
        using var cluster = new ScratchCluster("standby");
        var port = AppProcess.FreePort();
        var standby = $"Host=127.0.0.1;Port={port};Username=postgres;Password={cluster.Postgres.Password};Database=motcua";
        try
        {
            using var app = new ReplicaApp(cluster.ConnectionString, standby);
            var api = app.ApiClient();
            Assert.NotNull(await AppProcess.SubmitAsync(api, Guid.NewGuid().ToString())); // the database exists before the copy

            var started = Script(cluster.Postgres.Folder, port, "start");
            log.WriteLine(started.Output);
            Assert.True(started.ExitCode == 0, started.Output);
            Assert.Contains($"Port={port};Username=postgres;Password={cluster.Postgres.Password};Database=motcua", started.Output);

            var code = (await AppProcess.SubmitAsync(api, Guid.NewGuid().ToString()))!;
            var watch = Stopwatch.StartNew();
            while (await CountAsync(standby, code) == 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the standby did not replay the dossier within 30 s");
                await Task.Delay(20);
            }
            log.WriteLine($"Hồ sơ {code} ghi trên máy chính, đọc được trên máy dự phòng sau {watch.ElapsedMilliseconds} ms.");

            cluster.Postgres.Stop();
            var lookups = 0;
            for (var i = 0; i < 20; i++)
            {
                var response = await app.CreateClient().GetAsync($"/api/v1/lookup/{code}");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() == code)
                    lookups++;
                else
                    log.WriteLine($"  {(int)response.StatusCode} {body}");
            }
            log.WriteLine($"Máy chính đã dừng: {lookups}/20 lượt tra cứu công khai qua ứng dụng vẫn trả lời đúng (đọc từ máy dự phòng).");
            Assert.Equal(20, lookups);

            var promoted = Script(cluster.Postgres.Folder, port, "promote");
            log.WriteLine(promoted.Output);
            Assert.True(promoted.ExitCode == 0, promoted.Output);
            using var successor = new ReplicaApp(standby, null);
            var next = await AppProcess.SubmitAsync(successor.ApiClient(), Guid.NewGuid().ToString());
            log.WriteLine($"Sau khi nâng cấp, hồ sơ mới ghi trên máy dự phòng: {next} (tiếp sau {code}).");
            Assert.NotNull(next);
            Assert.Equal(Serial(code) + 1, Serial(next));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Script(cluster.Postgres.Folder, port, "stop");
        }
    }

    private static int Serial(string code) => int.Parse(code[(code.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
}
