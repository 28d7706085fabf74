using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The National Public Service Portal simulator (tools/MotCua.NationalPortal) as a real process on a free local port, with
/// the client credentials below; killed with its children on dispose, or on <see cref="Kill"/> and started again on the
/// same port by <see cref="Start"/>. <see cref="Configure"/> points an app at it.
/// </summary>
public sealed class NationalPortalProcess : IDisposable
{
    public const string ClientId = "test-portal-client";
    public const string ClientSecret = "test-portal-secret";

    private readonly string dll;
    private readonly List<string> log = [];
    private Process? process;

    /// <summary>Its address, e.g. http://127.0.0.1:41235.</summary>
    public Uri Address { get; }

    public HttpClient Client { get; }

    public NationalPortalProcess()
    {
        dll = typeof(NationalPortalProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "NationalPortalDll").Value!;
        if (!File.Exists(dll)) throw new FileNotFoundException("Chưa dựng Cổng DVCQG giả lập; chạy dotnet build tests/MotCua.Web.Tests.", dll);
        Address = new Uri($"http://127.0.0.1:{FreePort()}");
        Client = new HttpClient { BaseAddress = Address };
        Start();
    }

    /// <summary>Starts the process (again) and waits until it answers.</summary>
    public void Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[] { dll, "--urls", Address.ToString().TrimEnd('/'), "--Portal:ClientId", ClientId, "--Portal:ClientSecret", ClientSecret })
            start.ArgumentList.Add(argument);
        process = Process.Start(start) ?? throw new InvalidOperationException("Không chạy được Cổng DVCQG giả lập.");
        process.OutputDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; Thread.Sleep(100))
        {
            try
            {
                if (Client.GetAsync("/health").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow < deadline && !process.HasExited) continue;
            var printed = Log();
            Dispose();
            throw new InvalidOperationException($"Cổng DVCQG giả lập không chạy sau 30 giây: {printed}");
        }
    }

    /// <summary>Kills the process: calls are refused at the connection, as when the portal's server is down.</summary>
    public void Kill()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit(10_000);
        process?.Dispose();
        process = null;
    }

    /// <summary>Points <paramref name="app"/>'s portal sync at this simulator, with a bearer token from its token endpoint.</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:Portal:SyncUrl"] = new Uri(Address, "/dvcqg/sync").ToString();
        app.Settings["Motcua:Portal:Auth"] = "Bearer";
        app.Settings["Motcua:Portal:TokenUrl"] = new Uri(Address, "/oauth/token").ToString();
        app.Settings["Motcua:Portal:ClientId"] = ClientId;
        app.Settings["Motcua:Portal:ClientSecret"] = ClientSecret;
        app.Settings["Motcua:Portal:TimeoutSeconds"] = "5";
    }

    /// <summary>Sends a control command (<c>{mode: normal|outage|slow|error|refuse|unauthorized|expire, …}</c>).</summary>
    public async Task ControlAsync(object command)
    {
        var response = await Client.PostAsJsonAsync("/control", command);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every call the simulator answered about dossier <paramref name="code"/>, in order.</summary>
    public async Task<List<JsonElement>> ReceivedAsync(string code) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/received?code={Uri.EscapeDataString(code)}") ?? [];

    /// <summary>The dossier as the portal holds it (<c>{hoSo, statuses, steps}</c>), or null.</summary>
    public async Task<JsonElement?> DossierAsync(string code)
    {
        var response = await Client.GetAsync($"/dossiers/{Uri.EscapeDataString(code)}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>What the process printed, for a failing test's message.</summary>
    public string Log()
    {
        lock (log) return string.Join('\n', log);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Client.Dispose();
        Kill();
    }
}
