using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The fake SMS/Zalo gateway (tools/MotCua.Gateway) as a real process on a free local port, with the credentials and
/// receipt secrets below; killed with its children on dispose. <see cref="Configure"/> points an app at it.
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    public const string ApiKey = "test-sms-key";
    public const string AccessToken = "test-zalo-token";
    public const string SmsSecret = "test-sms-secret";
    public const string ZaloSecret = "test-zalo-secret";

    private readonly Process process;
    private readonly List<string> log = [];

    /// <summary>Its address, e.g. http://127.0.0.1:41235.</summary>
    public Uri Address { get; }

    public HttpClient Client { get; }

    public GatewayProcess()
    {
        var dll = typeof(GatewayProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "GatewayDll").Value!;
        if (!File.Exists(dll)) throw new FileNotFoundException("Chưa dựng cổng giả; chạy dotnet build tests/MotCua.Web.Tests.", dll);
        Address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[]
                 {
                     dll, "--urls", Address.ToString().TrimEnd('/'), "--Gateway:ApiKey", ApiKey, "--Gateway:AccessToken", AccessToken,
                     "--Gateway:SmsSecret", SmsSecret, "--Gateway:ZaloSecret", ZaloSecret, "--Gateway:ReceiptDelayMilliseconds", "100",
                 })
            start.ArgumentList.Add(argument);
        process = Process.Start(start) ?? throw new InvalidOperationException("Không chạy được cổng giả.");
        process.OutputDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Client = new HttpClient { BaseAddress = Address };
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; Thread.Sleep(100))
        {
            try
            {
                if (Client.GetAsync("/messages").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow < deadline && !process.HasExited) continue;
            var printed = Log();
            Dispose();
            throw new InvalidOperationException($"Cổng giả không chạy sau 30 giây: {printed}");
        }
    }

    /// <summary>Points <paramref name="app"/>'s SMS and Zalo channels at this gateway and trusts its receipts.</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:Sms:Url"] = new Uri(Address, "/sms/send").ToString();
        app.Settings["Motcua:Sms:ApiKey"] = ApiKey;
        app.Settings["Motcua:Sms:Brandname"] = "UBND-HUE";
        app.Settings["Motcua:Sms:ReceiptSecret"] = SmsSecret;
        app.Settings["Motcua:Zalo:Url"] = new Uri(Address, "/message/template").ToString();
        app.Settings["Motcua:Zalo:AccessToken"] = AccessToken;
        app.Settings["Motcua:Zalo:ReceiptSecret"] = ZaloSecret;
    }

    /// <summary>Sends a control command (<c>{mode: fail|slow|refuse|receipts|normal, …}</c>).</summary>
    public async Task ControlAsync(object command)
    {
        var response = await Client.PostAsJsonAsync("/control", command);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What the gateway accepted for a number (either form), as it records it.</summary>
    public async Task<List<JsonElement>> MessagesAsync(string to) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/messages?to={Uri.EscapeDataString(to)}") ?? [];

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
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
    }
}
