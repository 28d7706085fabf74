using System.Globalization;
using MotCua.Data;

namespace MotCua.Web.Features.Operations;

/// <summary>
/// <c>./run.sh backup [thư mục]</c> and <c>./run.sh restore &lt;bản sao lưu&gt; [--to "yyyy-MM-dd HH:mm:ss"]</c>: the
/// embedded cluster's backup and point-in-time restore (<see cref="Backups"/>), run before the host starts, with the
/// app stopped for a restore; the file store goes with them (<see cref="FileBackups"/>). <c>./run.sh files-orphans</c> lists
/// the store's contents no row names, older than 7 days. A configured server (<c>MOTCUA_DB</c>) is backed up by its DBA (docs/SECURITY.md §8).
/// </summary>
public static class BackupCommands
{
    public static bool Matches(string[] args) => args is ["backup", ..] or ["restore", ..] or ["files-orphans"];

    /// <summary>Returns the process exit code: 0 done, 1 failed (the reason printed), 2 wrong usage or a configured server.</summary>
    public static int Run(string[] args, IConfiguration config, TextWriter output, TimeProvider clock)
    {
        if (Database.EmbeddedCluster(config) is not { } cluster)
        {
            output.WriteLine("Ứng dụng đang dùng máy chủ PostgreSQL được cấu hình (MOTCUA_DB hoặc ConnectionStrings:MotCua): " +
                "sao lưu và khôi phục do quản trị cơ sở dữ liệu thực hiện trên máy chủ đó (xem docs/SECURITY.md, mục 8).");
            return 2;
        }
        var store = new FileBackups((config.GetSection("Motcua:Files").Get<FileStoreOptions>() ?? new()).Root, output);
        if (args is ["files-orphans"]) return Orphans(cluster, store, output, clock);
        var backups = new Backups(cluster, output, store);
        try
        {
            switch (args)
            {
                case ["backup"]:
                    backups.Backup(null, clock.GetUtcNow());
                    return 0;
                case ["backup", var folder]:
                    backups.Backup(folder, clock.GetUtcNow());
                    return 0;
                case ["restore", var backup]:
                    backups.Restore(backup, null, clock.GetUtcNow());
                    return 0;
                case ["restore", var backup, "--to", var time] when VietnamTime(time) is { } target:
                    backups.Restore(backup, target, clock.GetUtcNow());
                    return 0;
                default:
                    output.WriteLine("Cách dùng: backup [thư mục]  |  restore <thư mục bản sao lưu> [--to \"yyyy-MM-dd HH:mm:ss\" (giờ Việt Nam)]");
                    return 2;
            }
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine("Lỗi: " + e.Message);
            return 1;
        }
    }

    // Lists (never deletes) what a crash between the store's move and its row left behind.
    private static int Orphans(LocalPostgres cluster, FileBackups store, TextWriter output, TimeProvider clock)
    {
        var started = cluster.EnsureStarted();
        try
        {
            var named = new HashSet<string>(StringComparer.Ordinal);
            using (var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString("motcua")))
            {
                connection.Open();
                using var command = new Npgsql.NpgsqlCommand("SELECT sha256 FROM stored_files", connection);
                using var reader = command.ExecuteReader();
                while (reader.Read()) named.Add(reader.GetString(0));
            }
            var orphans = store.Orphans(named, clock.GetUtcNow());
            foreach (var (_, path, bytes, written) in orphans)
                output.WriteLine($"{path}\t{bytes} byte\tghi lúc {written.ToOffset(MotCua.Domain.Calendar.VietnamTime.Offset):dd/MM/yyyy HH:mm}");
            output.WriteLine($"{orphans.Count} tệp trong kho {store.Root} không được bảng stored_files nhắc đến và cũ hơn {FileBackups.OrphanAge.TotalDays:0} ngày"
                + (orphans.Count > 0 ? "; xóa chúng là việc của người vận hành, sau khi kiểm tra." : "."));
            return 0;
        }
        finally
        {
            if (started) cluster.Stop();
        }
    }

    private static DateTimeOffset? VietnamTime(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, MotCua.Domain.Calendar.VietnamTime.Offset)
            : null;
}
