using System.Net;
using System.Net.Sockets;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, third trial LOW 1: <c>./run.sh</c> died with "Unhandled exception … pg_ctl failed" and a stack trace when
/// another program (another checkout's demo) held the embedded PostgreSQL's port (<c>Motcua:LocalPort</c>, 55432). The
/// built app, run as run.sh runs it, on a fresh data folder whose fixed port is taken: one Vietnamese sentence naming the
/// port and the setting to change, no stack trace, exit 1, and no cluster made.
/// </summary>
public class LocalPortTakenTests
{
    [Fact]
    public void A_taken_local_port_is_named_with_the_setting_to_change_and_the_app_exits_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var folder = Directory.CreateTempSubdirectory("motcua-port-").FullName;
        try
        {
            var (exit, output) = AppProcess.Command(new Dictionary<string, string>
            {
                ["Motcua__DataFolder"] = folder, ["Motcua__LocalPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
            });
            Assert.True(exit == 1, $"{exit}: {output}");
            Assert.Contains($"Cổng 127.0.0.1:{port} của PostgreSQL cục bộ đang được chương trình khác dùng", output, StringComparison.Ordinal);
            Assert.Contains("Motcua__LocalPort", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(folder, "data")), "không tạo cụm PostgreSQL khi cổng đã bị chiếm");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
