using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace MotCua.Web.Tests;

/// <summary>
/// A real SMTP server for a test: scripts/smtp_sink.py (Debian's python3-aiosmtpd, installed by scripts/setup.sh test)
/// as a process on a free local port, writing each message it accepts to <see cref="Folder"/> as a .eml file, and
/// answering 451 or 550 for the recipients the script names (fail-4xx@, fail-5xx@, retry-N@). It can be stopped and
/// started again on the same port (a server that goes down); dispose kills it and removes the folder.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private static readonly string Script = Path.Combine(MotCuaApp.RepoRoot(), "scripts", "smtp_sink.py");
    private readonly string? user;
    private readonly string? password;
    private readonly StringBuilder errors = new();
    private Process? process;

    /// <summary>Starts the server; with <paramref name="user"/> it asks for AUTH with that account.</summary>
    public SmtpServer(string? user = null, string? password = null)
    {
        (this.user, this.password) = (user, password);
        Folder = Path.Combine(Path.GetTempPath(), "motcua-smtp-" + Guid.NewGuid().ToString("N")[..12]);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Start();
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Where received messages land, as 000001.eml, 000002.eml, … in the order accepted.</summary>
    public string Folder { get; }

    /// <summary>Starts the server (again) on <see cref="Port"/> and returns once it listens.</summary>
    /// <exception cref="InvalidOperationException">The script did not start (aiosmtpd missing: run scripts/setup.sh test).</exception>
    public void Start()
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Script, "--port", Port.ToString(), "--dir", Folder }) info.ArgumentList.Add(argument);
        if (user is not null) foreach (var argument in new[] { "--user", user, "--password", password ?? "" }) info.ArgumentList.Add(argument);
        process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result?.StartsWith("ready", StringComparison.Ordinal) != true)
        {
            Stop();
            lock (errors) throw new InvalidOperationException($"Máy chủ SMTP thử (smtp_sink.py) không chạy được: {errors}");
        }
    }

    /// <summary>Kills the server; its port refuses connections until <see cref="Start"/>.</summary>
    public void Stop()
    {
        if (process is null) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    /// <summary>The messages received so far, parsed by MimeKit, in the order accepted.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        [.. Directory.EnumerateFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(file => MimeMessage.Load(file))];

    /// <summary>The raw text of the received message whose Message-ID is <paramref name="messageId"/>.</summary>
    public string Raw(string messageId) =>
        Directory.EnumerateFiles(Folder, "*.eml").Select(File.ReadAllText).Single(text => text.Contains($"<{messageId}>", StringComparison.Ordinal));

    /// <summary>Points <paramref name="app"/>'s e-mail channel at this server.</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:Smtp:Host"] = "127.0.0.1";
        app.Settings["Motcua:Smtp:Port"] = Port.ToString();
        app.Settings["Motcua:Smtp:Security"] = "None";
        app.Settings["Motcua:Smtp:FromAddress"] = "motcua@hue.gov.vn";
        app.Settings["Motcua:Smtp:FromName"] = "Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế";
    }

    public void Dispose()
    {
        Stop();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
