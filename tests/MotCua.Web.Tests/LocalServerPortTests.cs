using System.Diagnostics;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 17v LOW 7: three <c>./run.sh</c> started in the same second all found the simulators' ports free, and two
/// gateways died with "address already in use" (check, then bind: a race). run.sh starts each local server with
/// <c>start_local_server</c> (scripts/local_server.sh): a server that does not come to listen on the port found free is
/// started again on another, and a port the operator pinned is never changed but named. A port held bound (free to a
/// connect, taken to a bind, as a server of another demo that has not yet listened) stands for the race.
/// </summary>
public class LocalServerPortTests
{
    private static (int Exit, string Output) Bash(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = MotCuaApp.RepoRoot(), RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "bash did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    private const string Held = """
        set -euo pipefail
        source scripts/local_server.sh
        held_file="$(mktemp)"
        python3 -c 'import socket, time; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1], flush=True); time.sleep(120)' > "$held_file" &
        holder=$!
        trap 'kill "$holder" 2>/dev/null; rm -f "$held_file"' EXIT
        until [[ -s "$held_file" ]]; do sleep 0.05; done
        held="$(cat "$held_file")"
        sinks=()
        """;

    [Fact]
    public void A_server_that_cannot_bind_the_port_found_free_is_started_again_on_another()
    {
        var (exit, output) = Bash(Held + "\n" + """
            start_local_server "$held" "" MOTCUA_TEST_PORT python3 -m http.server --bind 127.0.0.1 {port}
            (exec 3<>"/dev/tcp/127.0.0.1/$started_port")
            echo "held=$held started=$started_port servers=${#sinks[@]}"
            kill "${sinks[@]}"
            """);
        Assert.True(exit == 0, output);
        var m = System.Text.RegularExpressions.Regex.Match(output, @"held=(\d+) started=(\d+) servers=1");
        Assert.True(m.Success, output);
        Assert.NotEqual(m.Groups[1].Value, m.Groups[2].Value);
    }

    [Fact]
    public void A_pinned_port_the_server_cannot_bind_is_named_and_not_changed()
    {
        var (exit, output) = Bash(Held + "\n" + """
            if start_local_server 0 "$held" MOTCUA_TEST_PORT python3 -m http.server --bind 127.0.0.1 {port}; then echo started; exit 0; fi
            exit 3
            """);
        Assert.True(exit == 3, output);
        Assert.Contains("không mở được cổng 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("MOTCUA_TEST_PORT", output, StringComparison.Ordinal);
        Assert.DoesNotContain("started", output, StringComparison.Ordinal);
    }
}
