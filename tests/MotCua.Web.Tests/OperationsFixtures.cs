using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Data;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>A PostgreSQL cluster of the test's own under a temporary folder, archiving WAL like the embedded
/// deployment's, so that stopping, restoring or replicating it never disturbs the shared test server.</summary>
public sealed class ScratchCluster : IDisposable
{
    public ScratchCluster(string name)
    {
        Postgres = new LocalPostgres(Path.Combine(Path.GetTempPath(), $"motcua-{name}-{Guid.NewGuid():N}"[..40]), port: null, archiveWal: true);
        Postgres.EnsureStarted();
    }

    public LocalPostgres Postgres { get; }

    public string ConnectionString => Postgres.ConnectionString("motcua");

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Postgres.Stop();
        Directory.Delete(Postgres.Folder, recursive: true);
    }

    /// <summary>Every table of the database as (rows, MD5 of its rows' text sorted): two databases with equal
    /// fingerprints hold the same content.</summary>
    public static async Task<SortedDictionary<string, (long Rows, string Md5)>> FingerprintAsync(string connectionString)
    {
        var result = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var table in tables)
        {
            await using var hash = new NpgsqlCommand(
                $"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t", connection);
            await using var reader = await hash.ExecuteReaderAsync();
            await reader.ReadAsync();
            result[table] = (reader.GetInt64(0), reader.GetString(1));
        }
        return result;
    }
}

/// <summary>The built app (MotCua.Web.dll beside the tests) run as a separate process: a product command, or a server
/// on its own port that a test can kill.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private AppProcess(Process process) => this.process = process;

    public Uri BaseAddress { get; private init; } = null!;

    public string Output { get { lock (output) return output.ToString(); } }

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "MotCua.Web.dll");

    private static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in new[] { "MOTCUA_DB", "ConnectionStrings__MotCua", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
            start.Environment.Remove(name);
        start.Environment["Motcua__DeploymentKeyFile"] = Path.Combine(MotCuaApp.Postgres.Folder, "deployment.key");
        foreach (var (name, value) in settings) start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs <c>MotCua.Web.dll args…</c> to the end; the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Command(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        using var process = Process.Start(StartInfo(args, settings))!;
        var error = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, text + error.Result);
    }

    /// <summary>Starts the server with the demo data on <paramref name="connectionString"/> and waits until /readyz answers;
    /// <paramref name="extra"/> adds settings as environment variables (e.g. <c>Motcua__Outbox__LeaseSeconds</c>).</summary>
    public static async Task<AppProcess> StartAsync(string connectionString, int port, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__MotCua"] = connectionString,
            ["Motcua__Demo"] = "true",
            ["MOTCUA_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>()) settings[name] = value;
        var app = new AppProcess(Process.Start(StartInfo([], settings))!) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        app.process.OutputDataReceived += (_, e) => { lock (app.output) app.output.AppendLine(e.Data); };
        app.process.ErrorDataReceived += (_, e) => { lock (app.output) app.output.AppendLine(e.Data); };
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (app.process.HasExited) throw new InvalidOperationException($"Ứng dụng dừng khi khởi động:\n{app.Output}");
            try
            {
                if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode) return app;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
        }
        app.Dispose();
        throw new TimeoutException($"Ứng dụng không sẵn sàng sau 90 giây:\n{app.Output}");
    }

    /// <summary>kill -9: no shutdown, no flushing, connections cut mid-statement.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Submits a dossier over the API with the demo key; the code when it was acknowledged (201), else null.</summary>
    public static async Task<string?> SubmitAsync(HttpClient client, string idempotencyKey) => (await TrySubmitAsync(client, idempotencyKey)).Code;

    /// <summary>As <see cref="SubmitAsync"/>, with the status and body of an answer that is not an acknowledgement.</summary>
    public static async Task<(string? Code, string? Refusal)> TrySubmitAsync(HttpClient client, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers") { Content = JsonContent.Create(Requests.Dossier()) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == System.Net.HttpStatusCode.Created
            ? (JsonDocument.Parse(body).RootElement.GetProperty("code").GetString(), null)
            : (null, $"{(int)response.StatusCode} {body}");
    }
}
