using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace MotCua.Data;

/// <summary>
/// Backup and point-in-time restore of the embedded cluster (<see cref="LocalPostgres"/> with WAL archiving on).
/// A backup is a plain <c>pg_basebackup</c> with a SHA-256 manifest, checked by <c>pg_verifybackup</c>; a restore lays
/// it down in place of the data directory, which it moves aside and never deletes, and replays the archived WAL up to
/// the time asked (or to the end of the archive), then promotes the cluster to a primary on a new timeline.
/// Progress goes to <c>output</c> in Vietnamese, one line per step. Times are shown in Vietnam time (UTC+7).
/// With <paramref name="files"/> (issue 17), the file store goes with it: copied into <c>&lt;backup&gt;/files</c> after the
/// base backup, laid back (re-hashed, added, never deleted) before the database is restored.
/// </summary>
public sealed partial class Backups(LocalPostgres cluster, TextWriter output, FileBackups? files = null)
{
    // What a backup folder holds beside the base backup: not PostgreSQL's, so neither checked by pg_verifybackup nor laid
    // into the data directory.
    private static readonly string[] Beside = [FileBackups.FolderName, FileBackups.ManifestName];

    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>Takes a base backup into a new folder <c>motcua-yyyyMMdd-HHmmss</c> (Vietnam time) under
    /// <paramref name="parent"/> (default: <c>backups</c> in the cluster's folder), verifies it, and returns its path.
    /// Starts the cluster for the copy when it is not running and stops it again afterwards.</summary>
    /// <exception cref="InvalidOperationException">pg_basebackup or pg_verifybackup failed (their message included).</exception>
    public string Backup(string? parent, DateTimeOffset now)
    {
        var started = cluster.EnsureStarted();
        try
        {
            parent = Path.GetFullPath(parent ?? Path.Combine(cluster.Folder, "backups"));
            Directory.CreateDirectory(parent);
            var target = Path.Combine(parent, "motcua-" + now.ToOffset(Vietnam).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            if (Directory.Exists(target)) throw new InvalidOperationException($"Thư mục {target} đã có; hãy chờ một giây rồi sao lưu lại.");
            // The server's OS user writes the copy: give it this one empty folder, not the parent the operator chose.
            Directory.CreateDirectory(target);
            // The copy holds the whole province's personal data: readable by the server's OS user alone.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            LocalPostgres.GiveToServerUser(target);
            output.WriteLine($"Đang sao lưu cơ sở dữ liệu (cổng {cluster.Port}) vào {target} ...");
            LocalPostgres.Run(LocalPostgres.Binary("pg_basebackup"),
                $"-h 127.0.0.1 -p {cluster.Port} -U postgres -D \"{target}\" -Fp -X stream -c fast --manifest-checksums=SHA256 -l \"motcua {Path.GetFileName(target)}\"",
                password: cluster.Password);
            Verify(target);
            files?.Backup(target);
            var bytes = new DirectoryInfo(target).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            output.WriteLine($"Sao lưu xong: {target} ({bytes / 1048576.0:0.0} MB), bắt đầu lúc {StartTime(target).ToOffset(Vietnam):yyyy-MM-dd HH:mm:ss} (giờ Việt Nam).");
            output.WriteLine($"Nhật ký WAL để khôi phục đến một thời điểm nằm ở {cluster.ArchiveFolder}; hãy sao chép cả thư mục này cùng bản sao lưu sang nơi khác.");
            output.WriteLine("Khóa triển khai (deployment.key) không nằm trong bản sao lưu: hãy cất giữ nó riêng, ở nơi khác.");
            return target;
        }
        finally
        {
            if (started) cluster.Stop();
        }
    }

    /// <summary>
    /// Restores <paramref name="backup"/> and replays archived WAL up to <paramref name="target"/> (inclusive), or to
    /// the last archived change when null; the cluster is left stopped, ready for the app to start it. The data
    /// directory it replaces is kept beside it as <c>data.truoc-khoi-phuc-…</c>; if recovery fails, it is put back.
    /// </summary>
    /// <exception cref="InvalidOperationException">The backup is incomplete or damaged, the target lies before the
    /// backup, someone is still connected, or the recovery failed (the old data is back in place).</exception>
    public void Restore(string backup, DateTimeOffset? target, DateTimeOffset now)
    {
        if (!cluster.ArchivesWal)
            throw new InvalidOperationException("Cụm PostgreSQL này không lưu trữ WAL, nên không khôi phục đến một thời điểm được.");
        backup = Path.GetFullPath(backup);
        if (!File.Exists(Path.Combine(backup, "backup_label")) || !File.Exists(Path.Combine(backup, "backup_manifest")))
            throw new InvalidOperationException($"{backup} không phải một bản sao lưu của MotCua (thiếu backup_label hoặc backup_manifest).");
        Verify(backup);
        var backupStart = StartTime(backup);
        // The contents first: a damaged one stops the restore before the database is touched, and the ones laid down
        // are only additions.
        files?.Restore(backup);
        if (target is { } time && time < backupStart)
            throw new InvalidOperationException($"Thời điểm {time.ToOffset(Vietnam):yyyy-MM-dd HH:mm:ss} có trước bản sao lưu (bắt đầu {backupStart.ToOffset(Vietnam):yyyy-MM-dd HH:mm:ss}); hãy chọn bản sao lưu cũ hơn.");

        if (cluster.IsRunning())
        {
            cluster.EnsureStarted();
            var others = OtherSessions();
            if (others > 0)
                throw new InvalidOperationException($"Còn {others} kết nối đang dùng cơ sở dữ liệu: hãy dừng ứng dụng MotCua trước khi khôi phục.");
            output.WriteLine("Đang dừng PostgreSQL ...");
            cluster.Stop();
        }

        var data = cluster.DataDirectory;
        var aside = $"{data}.truoc-khoi-phuc-{now.ToOffset(Vietnam):yyyyMMdd-HHmmss}";
        var hadData = Directory.Exists(data);
        if (hadData)
        {
            Directory.Move(data, aside);
            output.WriteLine($"Dữ liệu hiện tại được giữ nguyên ở {aside} (không xóa).");
        }
        try
        {
            LayDown(backup, data, hadData ? aside : null);
            var settings = cluster.SettingsDirectory;
            Directory.CreateDirectory(settings);
            var archive = cluster.ArchiveFolder.Replace("'", "''", StringComparison.Ordinal);
            var recovery = $"restore_command = 'cp \"{archive}/%f\" \"%p\"'\nrecovery_target_action = 'promote'\n";
            if (target is { } at)
                recovery += $"recovery_target_time = '{at.ToUniversalTime():yyyy-MM-dd HH:mm:ss}+00'\n";
            File.WriteAllText(Path.Combine(settings, "recovery.conf"), recovery);
            File.WriteAllText(Path.Combine(data, "recovery.signal"), "");
            LocalPostgres.GiveToServerUser(data);
            output.WriteLine(target is { } shown
                ? $"Đang phục hồi đến {shown.ToOffset(Vietnam):yyyy-MM-dd HH:mm:ss} (giờ Việt Nam) từ nhật ký WAL ..."
                : "Đang phục hồi đến thay đổi cuối cùng có trong nhật ký WAL ...");
            cluster.EnsureStarted(startTimeoutSeconds: 3600);
            WaitForPromotion();
            // Left in place, the recovery settings would pass to a standby later copied from this cluster.
            File.Delete(Path.Combine(settings, "recovery.conf"));
            output.WriteLine($"Đã phục hồi và chuyển thành máy chủ chính (timeline {Scalar("SELECT timeline_id FROM pg_control_checkpoint()")}).");
            cluster.Stop();
            output.WriteLine("Khôi phục xong. Khởi động lại ứng dụng bằng ./run.sh; khóa triển khai phải là khóa của bản triển khai này.");
        }
        catch (Exception e) when (e is InvalidOperationException or NpgsqlException or IOException or TimeoutException)
        {
            var failed = $"{data}.khoi-phuc-loi-{now.ToOffset(Vietnam):yyyyMMdd-HHmmss}";
            if (cluster.IsRunning()) cluster.Stop();
            if (Directory.Exists(data)) Directory.Move(data, failed);
            if (hadData) Directory.Move(aside, data);
            var log = Path.Combine(cluster.Folder, "postgres.log");
            var fatal = File.Exists(log) ? File.ReadLines(log).LastOrDefault(l => l.Contains("FATAL:", StringComparison.Ordinal)) : null;
            // PostgreSQL cannot tell a time after the last archived commit from a gap in the archive, so it refuses both.
            var hint = fatal?.Contains("recovery ended before configured recovery target was reached", StringComparison.Ordinal) == true
                ? " Nhật ký WAL không có giao dịch nào sau thời điểm đã chọn: để lấy trạng thái mới nhất có trong nhật ký, chạy restore không có --to."
                : "";
            throw new InvalidOperationException(
                $"Khôi phục thất bại, dữ liệu cũ đã được đặt lại chỗ cũ; bản phục hồi dở dang ở {failed}, nhật ký ở {log}. Lỗi: {fatal ?? e.Message}.{hint}", e);
        }
    }

    // The manifest's SHA-256 of every file: a copy damaged on its way to or from storage is refused before it replaces anything.
    private void Verify(string backup)
    {
        LocalPostgres.Run(LocalPostgres.Binary("pg_verifybackup"), $"-q {string.Concat(Beside.Select(b => $"-i {b} "))}\"{backup}\"");
        output.WriteLine($"Bản sao lưu {Path.GetFileName(backup)} toàn vẹn (pg_verifybackup: mọi tệp khớp SHA-256 trong manifest).");
    }

    // backup_label writes the start in the server's time zone, as "UTC" or a numeric offset such as "+07".
    private static DateTimeOffset StartTime(string backup)
    {
        var line = File.ReadLines(Path.Combine(backup, "backup_label")).First(l => l.StartsWith("START TIME:", StringComparison.Ordinal));
        var match = LabelTime().Match(line);
        var zone = match.Groups[2].Value;
        var offset = zone is "UTC" or "GMT" ? "+00:00" : zone.Length == 3 ? zone + ":00" : zone;
        return DateTimeOffset.ParseExact($"{match.Groups[1].Value} {offset}", "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"START TIME: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (UTC|GMT|[+-]\d\d(?::\d\d)?)")]
    private static partial Regex LabelTime();

    // The base backup becomes the data directory; WAL the old directory holds but the archive does not yet (the segment
    // being written when the server stopped) is carried over, so that a restore can reach the last commit. Only from the
    // same cluster: another cluster's segments would stop recovery.
    private void LayDown(string backup, string data, string? old)
    {
        Directory.CreateDirectory(data);
        var entries = Directory.EnumerateFileSystemEntries(backup).Where(e => !Beside.Contains(Path.GetFileName(e))).Select(e => $"\"{e}\"");
        LocalPostgres.Run("cp", $"-a {string.Join(' ', entries)} \"{data}/\"", asServerUser: false);
        // Copying the entries (not the folder's "."), the data directory keeps this process's owner: give it the backup
        // folder's, the server user's, or PostgreSQL cannot open its own files.
        LocalPostgres.Run("chown", $"--reference=\"{backup}\" \"{data}\"", asServerUser: false);
        // PostgreSQL refuses a data directory others can read (cp gave it the mode of the backup's folder).
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Delete(Path.Combine(data, "backup_manifest"));
        if (old is null || !Directory.Exists(Path.Combine(old, "pg_wal")) || SystemId(old) != SystemId(data)) return;
        var carried = 0;
        foreach (var segment in Directory.EnumerateFiles(Path.Combine(old, "pg_wal")).Where(f => Segment().IsMatch(Path.GetFileName(f))))
        {
            var name = Path.GetFileName(segment);
            if (File.Exists(Path.Combine(cluster.ArchiveFolder, name))) continue;
            File.Copy(segment, Path.Combine(data, "pg_wal", name), overwrite: true);
            carried++;
        }
        output.WriteLine($"Đã chép {carried} đoạn WAL chưa kịp lưu trữ từ dữ liệu cũ.");
    }

    [GeneratedRegex("^[0-9A-F]{24}$")]
    private static partial Regex Segment();

    private static string SystemId(string dataDirectory)
    {
        var (_, text) = LocalPostgres.RunForOutput(LocalPostgres.Binary("pg_controldata"), $"-D \"{dataDirectory}\"");
        return text.Split('\n').First(l => l.StartsWith("Database system identifier:", StringComparison.Ordinal)).Split(':')[1].Trim();
    }

    private void WaitForPromotion()
    {
        var deadline = DateTime.UtcNow.AddHours(1);
        while (Scalar("SELECT pg_is_in_recovery()::text") == "true")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("PostgreSQL chưa kết thúc phục hồi sau một giờ.");
            Thread.Sleep(200);
        }
    }

    private long OtherSessions() => long.Parse(Scalar(
        "SELECT count(*)::text FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"), CultureInfo.InvariantCulture);

    private string Scalar(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Pooling = false };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }
}
