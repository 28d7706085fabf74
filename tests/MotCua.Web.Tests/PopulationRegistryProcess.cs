using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The population database simulator (tools/MotCua.PopulationRegistry) as a real process on a free local port, with the
/// API key below; killed with its children on dispose, or on <see cref="Kill"/> and started again on the same port by
/// <see cref="Start"/>. <see cref="Configure"/> points an app at it.
/// </summary>
public sealed class PopulationRegistryProcess : IDisposable
{
    public const string ApiKey = "test-population-key";

    private readonly string dll;
    private readonly List<string> log = [];
    private Process? process;

    /// <summary>Its address, e.g. http://127.0.0.1:41236.</summary>
    public Uri Address { get; }

    public HttpClient Client { get; }

    public PopulationRegistryProcess()
    {
        dll = typeof(PopulationRegistryProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "PopulationRegistryDll").Value!;
        if (!File.Exists(dll)) throw new FileNotFoundException("Chưa dựng CSDL dân cư giả lập; chạy dotnet build tests/MotCua.Web.Tests.", dll);
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
        foreach (var argument in new[] { dll, "--urls", Address.ToString().TrimEnd('/'), "--Registry:ApiKey", ApiKey })
            start.ArgumentList.Add(argument);
        process = Process.Start(start) ?? throw new InvalidOperationException("Không chạy được CSDL dân cư giả lập.");
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
            throw new InvalidOperationException($"CSDL dân cư giả lập không chạy sau 30 giây: {printed}");
        }
    }

    /// <summary>Kills the process: calls are refused at the connection, as when the database's server is down.</summary>
    public void Kill()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit(10_000);
        process?.Dispose();
        process = null;
    }

    /// <summary>Points <paramref name="app"/>'s population registry client at this simulator (timeout 2 seconds).</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:Population:Url"] = Address.ToString();
        app.Settings["Motcua:Population:ApiKey"] = ApiKey;
        app.Settings["Motcua:Population:TimeoutSeconds"] = "2";
    }

    /// <summary>Sends a control command (<c>{mode: normal|outage|slow|error, delayMs, status, count}</c>).</summary>
    public async Task ControlAsync(object command)
    {
        var response = await Client.PostAsJsonAsync("/control", command);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The first <paramref name="take"/> invented people, as the simulator answers them
    /// (<c>{soDinhDanh, hoTen, ngaySinh, gioiTinh, noiThuongTru, giayTo}</c>).</summary>
    public async Task<List<JsonElement>> PeopleAsync(int take = 5) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/people?take={take}") ?? [];

    /// <summary>Every lookup the simulator answered (<c>{at, idNumber, purpose, officer, outcome}</c>), in order.</summary>
    public async Task<List<JsonElement>> LookupsAsync() =>
        await Client.GetFromJsonAsync<List<JsonElement>>("/lookups") ?? [];

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
