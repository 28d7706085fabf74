using System.Diagnostics;

namespace MotCua.Data;

/// <summary>
/// The embedded default database: a PostgreSQL cluster of our own under a data folder, started with the
/// Debian server binaries. PostgreSQL refuses to run as root, so as root the cluster belongs to the
/// <c>postgres</c> OS user and every server command runs through <c>runuser</c>.
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

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50";

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates the cluster if needed and starts it unless it is already running; true when this call started it.
    /// Serialised across processes by a lock file, so parallel test runs share one server.</summary>
    /// <param name="startTimeoutSeconds">How long pg_ctl waits for the server to accept connections; a recovery
    /// replaying much WAL needs longer than a plain start.</param>
    public bool EnsureStarted(int startTimeoutSeconds = 60)
    {
        Directory.CreateDirectory(Folder);
        using var guard = AcquireLock();
        if (!File.Exists(Path.Combine(_dataDir, "PG_VERSION")))
        {
            Directory.CreateDirectory(_dataDir);
            GiveToServerUser(_dataDir);
            Run(Binary("initdb"), $"-D \"{_dataDir}\" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        }
        if (IsRunning())
        {
            _port ??= RunningPort();
            return false;
        }
        _port ??= SavedPort() is { } saved && IsFree(saved) ? saved : FreePort();
        File.WriteAllText(PortFile, _port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_socketDir);
        GiveToServerUser(_socketDir);
        if (!File.Exists(_logFile)) File.WriteAllText(_logFile, "");
        GiveToServerUser(_logFile);
        if (_archiveWal) WriteArchiveSettings();
        Run(Binary("pg_ctl"),
            $"-D \"{_dataDir}\" -l \"{_logFile}\" -w -t {startTimeoutSeconds} -o \"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_socketDir} -c max_connections=200\" start");
        return true;
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
    /// unless <paramref name="throwOnError"/> is false, and returns the exit code.</summary>
    internal static int Run(string file, string arguments, bool throwOnError = true, bool asServerUser = true) =>
        RunForOutput(file, arguments, throwOnError, asServerUser).ExitCode;

    /// <summary>As <see cref="Run"/>, keeping what the program printed on standard output.</summary>
    internal static (int ExitCode, string Output) RunForOutput(string file, string arguments, bool throwOnError = true, bool asServerUser = true)
    {
        var start = IsRoot && asServerUser && file != "chown"
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
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
