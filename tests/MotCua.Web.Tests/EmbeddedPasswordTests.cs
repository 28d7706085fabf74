using System.Diagnostics;
using MotCua.Data;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The embedded PostgreSQL asks every role for its password (issue 12, trial finding 1): a local OS user who is not the
/// deployment cannot sign in as <c>postgres</c>, and a cluster of an earlier version, which trusted everyone, is
/// converted on start without losing a row.
/// </summary>
public sealed class EmbeddedPasswordTests(ITestOutputHelper log)
{
    private static async Task<Exception?> RefusalAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (NpgsqlException e)
        {
            return e;
        }
    }

    private static string WithoutPassword(LocalPostgres cluster, string user = "postgres") =>
        new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Username = user, Password = null }.ConnectionString;

    private static string OnSocket(LocalPostgres cluster) =>
        new NpgsqlConnectionStringBuilder(WithoutPassword(cluster)) { Host = Path.Combine(cluster.Folder, "run") }.ConnectionString;

    private static (int ExitCode, string Output) PsqlAsNobody(string host, int port)
    {
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in new[] { "-u", "nobody", "--", "psql", "-w", "-h", host, "-p", port.ToString(), "-U", "postgres", "-d", "postgres", "-c", "SELECT 1" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private async Task AssertPasswordsRequiredAsync(LocalPostgres cluster)
    {
        var tcp = await RefusalAsync(WithoutPassword(cluster));
        var socket = await RefusalAsync(OnSocket(cluster));
        var wrong = await RefusalAsync(new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Password = "sai", Pooling = false }.ConnectionString);
        var app = await RefusalAsync(WithoutPassword(cluster, DatabaseRoles.AppRole));
        log.WriteLine($"no password, TCP: {tcp?.Message}\nno password, socket: {socket?.Message}\nwrong password: {wrong?.Message}\napp role, no password: {app?.Message}");
        Assert.NotNull(tcp);
        Assert.NotNull(socket);
        Assert.Equal(PostgresErrorCodes.InvalidPassword, Assert.IsType<PostgresException>(wrong).SqlState);
        Assert.NotNull(app);
        if (Environment.UserName == "root")
            foreach (var host in new[] { "127.0.0.1", Path.Combine(cluster.Folder, "run") })
            {
                var (exit, output) = PsqlAsNobody(host, cluster.Port);
                log.WriteLine($"runuser -u nobody -- psql -h {host} -U postgres: exit {exit}: {output.Trim()}");
                Assert.NotEqual(0, exit);
                Assert.Contains("password", output, StringComparison.OrdinalIgnoreCase);
            }
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    // What an earlier version left: trust for everyone, no password file, an app role without a password.
    private static async Task MakeOldAsync(LocalPostgres cluster)
    {
        await File.WriteAllTextAsync(Path.Combine(cluster.DataDirectory, "pg_hba.conf"),
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
        await ScalarAsync(cluster.ConnectionString("postgres"), $"ALTER ROLE postgres PASSWORD NULL; ALTER ROLE {DatabaseRoles.AppRole} PASSWORD NULL; SELECT pg_reload_conf()");
        File.Delete(cluster.PasswordFile);
        await Task.Delay(500);
        Assert.Null(await RefusalAsync(WithoutPassword(cluster))); // the old state really trusted a caller without password
    }

    [Fact]
    public async Task Every_role_needs_its_password_and_an_old_trusting_cluster_is_converted_without_losing_data()
    {
        using var scratch = new ScratchCluster("passwords");
        var cluster = scratch.Postgres;
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(cluster.PasswordFile);
            log.WriteLine($"{cluster.PasswordFile}: {mode}");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        }
        await AssertPasswordsRequiredAsync(cluster);

        // The app's own path: the owner migrates with the password, the app role signs in with the derived one.
        await MotCua.Web.Database.CreateIfMissingAsync(scratch.ConnectionString);
        await SchemaMigrator.MigrateAsync(scratch.ConnectionString);
        var app = await DatabaseRoles.PrepareAppRoleAsync(scratch.ConnectionString, null);
        Assert.Equal(1L, await ScalarAsync(app, "SELECT count(*) FROM schema_migrations WHERE id LIKE '0001%'"));
        await ScalarAsync(app, "INSERT INTO audit_log (at, action, subject) VALUES (now(), 'test', 'kept')");

        // Converted while running (the app started beside a server left running by an earlier version) ...
        await MakeOldAsync(cluster);
        var running = new LocalPostgres(cluster.Folder, port: null, archiveWal: true);
        Assert.False(running.EnsureStarted());
        Assert.NotEqual(cluster.Password, running.Password);
        await AssertPasswordsRequiredAsync(running);
        Assert.Equal(1L, await ScalarAsync(running.ConnectionString("motcua"), "SELECT count(*) FROM audit_log WHERE subject = 'kept'"));

        // ... and when stopped: converted before the server listens.
        await MakeOldAsync(running);
        NpgsqlConnection.ClearAllPools();
        running.Stop();
        var stopped = new LocalPostgres(cluster.Folder, port: null, archiveWal: true);
        Assert.True(stopped.EnsureStarted());
        await AssertPasswordsRequiredAsync(stopped);
        Assert.Equal(1L, await ScalarAsync(stopped.ConnectionString("motcua"), "SELECT count(*) FROM audit_log WHERE subject = 'kept'"));
        var appAfter = await DatabaseRoles.PrepareAppRoleAsync(stopped.ConnectionString("motcua"), null);
        Assert.Equal(1L, await ScalarAsync(appAfter, "SELECT count(*) FROM audit_log WHERE subject = 'kept'"));
    }
}
