using System.Globalization;
using MotCua.Data;

namespace MotCua.Web.Features.Operations;

/// <summary>
/// <c>./run.sh backup [thư mục]</c> and <c>./run.sh restore &lt;bản sao lưu&gt; [--to "yyyy-MM-dd HH:mm:ss"]</c>: the
/// embedded cluster's backup and point-in-time restore (<see cref="Backups"/>), run before the host starts, with the
/// app stopped for a restore. A configured server (<c>MOTCUA_DB</c>) is backed up by its DBA (docs/SECURITY.md §8).
/// </summary>
public static class BackupCommands
{
    public static bool Matches(string[] args) => args is ["backup", ..] or ["restore", ..];

    /// <summary>Returns the process exit code: 0 done, 1 failed (the reason printed), 2 wrong usage or a configured server.</summary>
    public static int Run(string[] args, IConfiguration config, TextWriter output, TimeProvider clock)
    {
        if (Database.EmbeddedCluster(config) is not { } cluster)
        {
            output.WriteLine("Ứng dụng đang dùng máy chủ PostgreSQL được cấu hình (MOTCUA_DB hoặc ConnectionStrings:MotCua): " +
                "sao lưu và khôi phục do quản trị cơ sở dữ liệu thực hiện trên máy chủ đó (xem docs/SECURITY.md, mục 8).");
            return 2;
        }
        var backups = new Backups(cluster, output);
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

    private static DateTimeOffset? VietnamTime(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, MotCua.Domain.Calendar.VietnamTime.Offset)
            : null;
}
