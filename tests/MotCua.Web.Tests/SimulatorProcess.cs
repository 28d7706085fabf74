using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;

namespace MotCua.Web.Tests;

/// <summary>
/// A simulator of an outside system (tools/MotCua.Gateway, MotCua.NationalPortal, MotCua.PopulationRegistry) run as a real
/// process on a free local port: its dll is found by the test assembly's metadata (the project is built with the tests,
/// not referenced), it is started and waited for until <see cref="ReadyPath"/> answers 200 (30 seconds), killed with its
/// children on <see cref="Kill"/> or dispose, and <see cref="Start"/> runs it again on the same port. What it prints is
/// kept for a failing test's message. Each subclass gives its arguments and its own <c>Configure(MotCuaApp)</c>.
/// A first start that loses its port (free when chosen, taken before the process bound it: another test's server or an
/// outgoing connection's ephemeral port; PortalRoundFiveTests failed so in the CI of 5 December 2026) is tried again on
/// another free port, up to five times; a restart keeps its port, which the app under test is configured with.
/// </summary>
public abstract class SimulatorProcess : IDisposable
{
    private readonly string dll;
    private readonly string name;
    private readonly List<string> log = [];
    private Process? process;
    private bool started;

    /// <param name="metadataKey">The <see cref="AssemblyMetadataAttribute"/> key holding the dll's path (e.g. <c>GatewayDll</c>).</param>
    /// <param name="name">The simulator's name in messages, Vietnamese ("Cổng DVCQG giả lập").</param>
    protected SimulatorProcess(string metadataKey, string name)
    {
        this.name = name;
        dll = typeof(SimulatorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == metadataKey).Value!;
        if (!File.Exists(dll)) throw new FileNotFoundException($"Chưa dựng {name}; chạy dotnet build tests/MotCua.Web.Tests.", dll);
        Address = new Uri($"http://127.0.0.1:{FreePort()}");
        Client = new HttpClient { BaseAddress = Address };
    }

    /// <summary>Its address, e.g. http://127.0.0.1:41235.</summary>
    public Uri Address { get; private set; }

    public HttpClient Client { get; private set; }

    /// <summary>The path that answers 200 once the process serves.</summary>
    protected virtual string ReadyPath => "/health";

    /// <summary>The command-line arguments after the dll and <c>--urls</c>: credentials and settings of the simulator.</summary>
    protected abstract IEnumerable<string> Arguments { get; }

    /// <summary>Starts the process (again, on the same port) and waits until it answers; a subclass's constructor calls it
    /// once its own fields are set.</summary>
    public void Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            if (TryStart(out var printed)) { started = true; return; }
            Dispose();
            if (started || attempt == 5 || !printed.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{name} không chạy sau 3 phút: {printed}");
            lock (log) log.Clear();
            Address = new Uri($"http://127.0.0.1:{FreePort()}");
            Client = new HttpClient { BaseAddress = Address };
        }
    }

    // Starts the process on Address and waits until it answers (true), or returns what it printed when it exited or did
    // not answer in 3 minutes (false).
    private bool TryStart(out string printed)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[] { dll, "--urls", Address.ToString().TrimEnd('/') }.Concat(Arguments)) start.ArgumentList.Add(argument);
        process = Process.Start(start) ?? throw new InvalidOperationException($"Không chạy được {name}.");
        process.OutputDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A process that exits fails at once; one still starting is waited for up to 3 minutes: a .NET process's start
        // on two cores shared with a build took over 30 s (PortalRoundFiveTests failed by that chance on 2 December 2026).
        for (var deadline = DateTime.UtcNow.AddMinutes(3); ; Thread.Sleep(100))
        {
            try
            {
                if (Client.GetAsync(ReadyPath).GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK) { printed = ""; return true; }
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow < deadline && !process.HasExited) continue;
            printed = Log();
            return false;
        }
    }

    /// <summary>Kills the process with its children: calls are refused at the connection, as when the real server is down.</summary>
    public void Kill()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit(10_000);
        process?.Dispose();
        process = null;
    }

    /// <summary>Sends a control command to the simulator's <c>POST /control</c> (the modes are the subclass's).</summary>
    public async Task ControlAsync(object command)
    {
        var response = await Client.PostAsJsonAsync("/control", command);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
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
        GC.SuppressFinalize(this);
    }
}
