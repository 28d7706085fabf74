using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace MotCua.Data;

/// <summary>
/// The embedded default database: a PostgreSQL cluster of our own under a data folder, started with the
/// Debian server binaries. PostgreSQL refuses to run as root, so as root the cluster belongs to the
/// <c>postgres</c> OS user and every server command runs through <c>runuser</c>.
/// Every role signs in with a password (scram-sha-256) on TCP and on the socket (issue 12): the superuser's is made once
/// per cluster and kept in <c>postgres.password</c> beside the data (mode 0600), the app role's is derived from it
/// (<see cref="DatabaseRoles.DerivedPassword"/>); a cluster of an earlier version, which trusted every local user, is
/// converted on start.
/// </summary>
public sealed class LocalPostgres
{
    private readonly string _dataDir;
    private readonly string _socketDir;
    private readonly string _logFile;

    private readonly bool _archiveWal;
    private int? _port;

    /// <param name="port">The port to listen on; null picks a free one the first time and keeps it in the folder, so
    /// several checkouts (or a developer's server beside a test run) never fight over one port.</param>
    /// <param name="archiveWal">Copy every finished WAL segment into <see cref="ArchiveFolder"/>, which point-in-time
    /// recovery (<see cref="Backups"/>) replays; the deployment's cluster does, a throwaway test cluster need not.</param>
    public LocalPostgres(string folder, int? port, bool archiveWal = false)
    {
        Folder = Path.GetFullPath(folder);
        _port = port;
        _archiveWal = archiveWal;
        _dataDir = Path.Combine(Folder, "data");
        _socketDir = Path.Combine(Folder, "run");
        _logFile = Path.Combine(Folder, "postgres.log");
    }

    public string Folder { get; }

    /// <summary>The cluster's data directory (<c>data</c> under <see cref="Folder"/>).</summary>
    public string DataDirectory => _dataDir;

    /// <summary>Whether this cluster copies finished WAL segments into <see cref="ArchiveFolder"/>.</summary>
    public bool ArchivesWal => _archiveWal;

    /// <summary>Where finished WAL segments are copied when archiving is on (<c>wal-archive</c> beside the data).</summary>
    public string ArchiveFolder => Path.Combine(Folder, "wal-archive");

    /// <summary>The folder of settings files the cluster's postgresql.conf includes: archiving, and recovery while a restore runs.</summary>
    internal string SettingsDirectory => Path.Combine(_dataDir, SettingsFolderName);

    private const string SettingsFolderName = "motcua.conf.d";
    public int Port => _port ?? throw new InvalidOperationException("Gọi EnsureStarted trước khi dùng cổng.");

    /// <summary>The superuser's connection to <paramref name="database"/> over TCP, its password included.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};Pooling=true;Maximum Pool Size=50";

    /// <summary>The superuser <c>postgres</c>'s password, as <see cref="EnsureStarted"/> read it from (or, the first time,
    /// made into) <c>postgres.password</c> and set it on the server.</summary>
    public string Password => _password ?? throw new InvalidOperationException("Gọi EnsureStarted trước khi dùng mật khẩu.");

    private string? _password;

    /// <summary>Where the superuser's password is kept: beside the data, mode 0600, readable by this process's OS user alone.</summary>
    public string PasswordFile => Path.Combine(Folder, "postgres.password");

    // What pg_hba.conf holds once passwords are set: no trust and no peer, for every role, database and replication.
    private const string PasswordRules =
        "# MotCua (issue 12): every role signs in with a password, on the socket and on TCP.\n" +
        "local all all scram-sha-256\nlocal replication all scram-sha-256\n" +
        "host all all 127.0.0.1/32 scram-sha-256\nhost replication all 127.0.0.1/32 scram-sha-256\n" +
        "host all all ::1/128 scram-sha-256\nhost replication all ::1/128 scram-sha-256\n";

    // While passwords are being set: only this process's OS user, as postgres, on the socket (peer, through the map).
    private static string SetupRules => "local all postgres peer map=motcua\n";

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates the cluster if needed and starts it unless it is already running; true when this call started it.
    /// Serialised across processes by a lock file, so parallel test runs share one server.</summary>
    /// <param name="startTimeoutSeconds">How long pg_ctl waits for the server to accept connections; a recovery
    /// replaying much WAL needs longer than a plain start.</param>
    public bool EnsureStarted(int startTimeoutSeconds = 60)
    {
        Directory.CreateDirectory(Folder);
        using var guard = AcquireLock();
        // A port the configuration fixes, held by another program (another checkout's demo): said plainly, before initdb or
        // pg_ctl, whose failure only says "could not start server" (third trial LOW 1). Our own running server holds it too.
        if (_port is { } fixedPort && !IsFree(fixedPort) && !(File.Exists(Path.Combine(_dataDir, "PG_VERSION")) && IsRunning()))
            throw new LocalPortTakenException(fixedPort);
        if (!File.Exists(Path.Combine(_dataDir, "PG_VERSION")))
        {
            Directory.CreateDirectory(_dataDir);
            GiveToServerUser(_dataDir);
            Run(Binary("initdb"), $"-D \"{_dataDir}\" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        }
        var (password, madeNow) = ReadOrCreatePassword();
        _password = password;
        var hba = Path.Combine(_dataDir, "pg_hba.conf");
        var needsPasswords = madeNow || File.ReadAllText(hba) != PasswordRules;
        if (IsRunning())
        {
            _port ??= RunningPort();
            if (needsPasswords) RequirePasswords(hba, running: true);
            return false;
        }
        // Before the server starts, so that a converted or new cluster never listens with trust again.
        var before = needsPasswords ? WriteSetupRules(hba) : null;
        _port ??= SavedPort() is { } saved && IsFree(saved) ? saved : FreePort();
        File.WriteAllText(PortFile, _port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_socketDir);
        GiveToServerUser(_socketDir);
        if (!File.Exists(_logFile)) File.WriteAllText(_logFile, "");
        GiveToServerUser(_logFile);
        if (_archiveWal) WriteArchiveSettings();
        Run(Binary("pg_ctl"),
            $"-D \"{_dataDir}\" -l \"{_logFile}\" -w -t {startTimeoutSeconds} -o \"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_socketDir} -c max_connections=200\" start");
        if (before is not null) SetPasswords(hba, before);
        return true;
    }

    private (string Password, bool MadeNow) ReadOrCreatePassword()
    {
        if (File.Exists(PasswordFile)) return (File.ReadAllText(PasswordFile).Trim(), false);
        Directory.CreateDirectory(Folder);
        var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        try
        {
            // CreateNew with mode 0600 from the start: no moment where another user could read it.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(PasswordFile, options))
                file.Write(System.Text.Encoding.ASCII.GetBytes(fresh));
            return (fresh, true);
        }
        catch (IOException) when (File.Exists(PasswordFile))
        {
            return (File.ReadAllText(PasswordFile).Trim(), false);
        }
    }

    // Returns what pg_hba.conf held, to put back if the passwords cannot be set now.
    private string WriteSetupRules(string hba)
    {
        var before = File.ReadAllText(hba);
        var user = Environment.UserName;
        File.WriteAllText(Path.Combine(_dataDir, "pg_ident.conf"), $"motcua {user} postgres\n" + (user == "postgres" ? "" : "motcua postgres postgres\n"));
        File.WriteAllText(hba, SetupRules);
        GiveToServerUser(hba);
        GiveToServerUser(Path.Combine(_dataDir, "pg_ident.conf"));
        return before;
    }

    private void RequirePasswords(string hba, bool running)
    {
        var before = WriteSetupRules(hba);
        if (running) Run(Binary("pg_ctl"), $"-D \"{_dataDir}\" reload");
        SetPasswords(hba, before);
    }

    // Over the socket as postgres by peer: the superuser's and the app role's passwords, then the password-only rules.
    // A server still in recovery (a restore replaying WAL) cannot change roles: its rules are put back, and the next start
    // converts it.
    private void SetPasswords(string hba, string before)
    {
        var socket = new NpgsqlConnectionStringBuilder { Host = _socketDir, Port = Port, Username = "postgres", Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(socket.ConnectionString);
        // A reload is asynchronous: the new rules may not apply to the very next connection.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                connection.Open();
                break;
            }
            catch (Exception e) when (e is NpgsqlException && attempt < 100)
            {
                Thread.Sleep(100);
            }
        }
        using (var recovering = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection))
            if ((bool)recovering.ExecuteScalar()!)
            {
                File.WriteAllText(hba, before);
                Run(Binary("pg_ctl"), $"-D \"{_dataDir}\" reload");
                return;
            }
        // ALTER ROLE takes no parameters; both passwords are hex or base64url, which need no quoting.
        using (var command = new NpgsqlCommand($"""
            SET password_encryption = 'scram-sha-256';
            ALTER ROLE postgres PASSWORD '{Password}';
            DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{DatabaseRoles.AppRole}') THEN
                    ALTER ROLE {DatabaseRoles.AppRole} PASSWORD '{DatabaseRoles.DerivedPassword(Password)}';
                END IF;
            END $$;
            """, connection))
            command.ExecuteNonQuery();
        File.WriteAllText(hba, PasswordRules);
        GiveToServerUser(hba);
        using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection))
            reload.ExecuteNonQuery();
    }

    public void Stop()
    {
        if (IsRunning()) Run(Binary("pg_ctl"), $"-D \"{_dataDir}\" -m fast -w stop");
    }

    // archive_command keeps a segment already archived with the same bytes (a retry after a crash between copy and
    // status file) and refuses a different one, so that the archive never silently loses history; the copy is synced and
    // renamed so that a half-written segment never carries the final name. archive_timeout bounds the WAL only the
    // data directory holds to five minutes of work.
    private void WriteArchiveSettings()
    {
        Directory.CreateDirectory(ArchiveFolder);
        GiveToServerUser(ArchiveFolder);
        var conf = Path.Combine(_dataDir, "postgresql.conf");
        if (!File.ReadLines(conf).Any(l => l.StartsWith("include_dir", StringComparison.Ordinal) && l.Contains(SettingsFolderName, StringComparison.Ordinal)))
            File.AppendAllText(conf, $"\n# MotCua: archiving and recovery settings, written by the launcher\ninclude_dir = '{SettingsFolderName}'\n");
        Directory.CreateDirectory(SettingsDirectory);
        var archive = ArchiveFolder.Replace("'", "''", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(SettingsDirectory, "archive.conf"),
            "wal_level = replica\narchive_mode = on\narchive_timeout = 300\n" +
            $"archive_command = 'if test -f \"{archive}/%f\"; then cmp -s \"%p\" \"{archive}/%f\"; " +
            $"else cp \"%p\" \"{archive}/%f.tmp\" && sync \"{archive}/%f.tmp\" && mv \"{archive}/%f.tmp\" \"{archive}/%f\"; fi'\n");
        GiveToServerUser(SettingsDirectory);
    }

    public bool IsRunning() => Run(Binary("pg_ctl"), $"-D \"{_dataDir}\" status", throwOnError: false) == 0;

    private string PortFile => Path.Combine(Folder, "port");

    private int? SavedPort() => File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), out var port) ? port : null;

    // postmaster.pid's fourth line is the port the running server listens on.
    private int RunningPort() => int.Parse(File.ReadLines(Path.Combine(_dataDir, "postmaster.pid")).ElementAt(3).Trim(),
        System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private FileStream AcquireLock()
    {
        var path = Path.Combine(Folder, "launcher.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(100);
            }
        }
    }

    internal static string Binary(string name)
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        foreach (var dir in versions)
        {
            var path = Path.Combine(dir, "bin", name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException(
            $"Không tìm thấy '{name}' của PostgreSQL. Cài đặt bằng: apt-get install -y postgresql postgresql-contrib");
    }

    internal static void GiveToServerUser(string path)
    {
        if (IsRoot) Run("chown", $"-R postgres:postgres \"{path}\"");
    }

    /// <summary>Runs a program, as the server's OS user when this process is root; throws with its output on failure
    /// unless <paramref name="throwOnError"/> is false, and returns the exit code. <paramref name="password"/> goes to a
    /// client program in its environment (PGPASSWORD), never on its command line, which other local users can read.</summary>
    internal static int Run(string file, string arguments, bool throwOnError = true, bool asServerUser = true, string? password = null) =>
        RunForOutput(file, arguments, throwOnError, asServerUser, password).ExitCode;

    /// <summary>As <see cref="Run"/>, keeping what the program printed on standard output.</summary>
    internal static (int ExitCode, string Output) RunForOutput(string file, string arguments, bool throwOnError = true, bool asServerUser = true,
        string? password = null)
    {
        var start = IsRoot && asServerUser && file != "chown"
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (password is not null) start.Environment["PGPASSWORD"] = password;
        start.WorkingDirectory = "/";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (throwOnError && process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        return (process.ExitCode, output.Result);
    }
}

/// <summary>The port the configuration fixes for the embedded PostgreSQL (<c>Motcua:LocalPort</c>) is held by another
/// program, so the cluster cannot start; <see cref="Port"/> names it. The message is Vietnamese, for the console.</summary>
public sealed class LocalPortTakenException(int port)
    : InvalidOperationException($"Cổng 127.0.0.1:{port} của PostgreSQL cục bộ đang được chương trình khác dùng (có thể là một bản MotCua khác)")
{
    /// <summary>The TCP port on 127.0.0.1 that is taken.</summary>
    public int Port { get; } = port;
}
