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

    public LocalPostgres(string folder, int port)
    {
        Folder = Path.GetFullPath(folder);
        Port = port;
        _dataDir = Path.Combine(Folder, "data");
        _socketDir = Path.Combine(Folder, "run");
        _logFile = Path.Combine(Folder, "postgres.log");
    }

    public string Folder { get; }
    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50";

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates the cluster if needed and starts it unless it is already running; true when this call started it.
    /// Serialised across processes by a lock file, so parallel test runs share one server.</summary>
    public bool EnsureStarted()
    {
        Directory.CreateDirectory(Folder);
        using var guard = AcquireLock();
        if (!File.Exists(Path.Combine(_dataDir, "PG_VERSION")))
        {
            Directory.CreateDirectory(_dataDir);
            GiveToServerUser(_dataDir);
            Run(Binary("initdb"), $"-D \"{_dataDir}\" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        }
        if (IsRunning()) return false;
        Directory.CreateDirectory(_socketDir);
        GiveToServerUser(_socketDir);
        if (!File.Exists(_logFile)) File.WriteAllText(_logFile, "");
        GiveToServerUser(_logFile);
        Run(Binary("pg_ctl"),
            $"-D \"{_dataDir}\" -l \"{_logFile}\" -w -t 60 -o \"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_socketDir} -c max_connections=200\" start");
        return true;
    }

    public void Stop()
    {
        if (IsRunning()) Run(Binary("pg_ctl"), $"-D \"{_dataDir}\" -m fast -w stop");
    }

    public bool IsRunning() => Run(Binary("pg_ctl"), $"-D \"{_dataDir}\" status", throwOnError: false) == 0;

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

    private static string Binary(string name)
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

    private static void GiveToServerUser(string path)
    {
        if (IsRoot) Run("chown", $"-R postgres:postgres \"{path}\"");
    }

    private static int Run(string file, string arguments, bool throwOnError = true)
    {
        var start = IsRoot && file != "chown"
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
        return process.ExitCode;
    }
}
