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

    private int? _port;

    /// <param name="port">The port to listen on; null picks a free one the first time and keeps it in the folder, so
    /// several checkouts (or a developer's server beside a test run) never fight over one port.</param>
    public LocalPostgres(string folder, int? port)
    {
        Folder = Path.GetFullPath(folder);
        _port = port;
        _dataDir = Path.Combine(Folder, "data");
        _socketDir = Path.Combine(Folder, "run");
        _logFile = Path.Combine(Folder, "postgres.log");
    }

    public string Folder { get; }
    public int Port => _port ?? throw new InvalidOperationException("Gọi EnsureStarted trước khi dùng cổng.");

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
        Run(Binary("pg_ctl"),
            $"-D \"{_dataDir}\" -l \"{_logFile}\" -w -t 60 -o \"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_socketDir} -c max_connections=200\" start");
        return true;
    }

    public void Stop()
    {
        if (IsRunning()) Run(Binary("pg_ctl"), $"-D \"{_dataDir}\" -m fast -w stop");
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
