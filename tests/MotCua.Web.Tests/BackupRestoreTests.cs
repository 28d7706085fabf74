using System.Globalization;
using System.Net;
using MotCua.Documents;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// <c>./run.sh backup</c> and <c>./run.sh restore --to</c> (issue 12, item 14) as real processes on a cluster of the
/// test's own: dossiers written through the app, a base backup, more work, a moment noted, more work, then a restore to
/// that moment must give back every table exactly as it was, PDFs whose signatures still verify, and a dossier serial
/// that continues after the restored ones.
/// </summary>
public class BackupRestoreTests(ITestOutputHelper log)
{
    private sealed class ClusterApp(string connectionString) : MotCuaApp(connectionString);

    [Fact]
    public async Task A_restore_to_a_moment_gives_back_every_row_and_the_signed_pdfs_and_serials_continue()
    {
        using var cluster = new ScratchCluster("pitr");
        var settings = new Dictionary<string, string>
        {
            ["Motcua__DataFolder"] = cluster.Postgres.Folder,
            ["Motcua__LocalPort"] = cluster.Postgres.Port.ToString(CultureInfo.InvariantCulture),
        };
        byte[] servedPdf;
        SortedDictionary<string, (long Rows, string Md5)> atMoment;
        DateTimeOffset moment;
        var before = new List<string>();
        var after = new List<string>();
        using (var app = new ClusterApp(cluster.ConnectionString))
        {
            var client = app.ApiClient();
            for (var i = 0; i < 5; i++) before.Add((await AppProcess.SubmitAsync(client, Guid.NewGuid().ToString()))!);
            var receipt = await client.GetAsync($"/api/v1/dossiers/{before[0]}/receipt.pdf");
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
            servedPdf = await receipt.Content.ReadAsByteArrayAsync();

            var backup = AppProcess.Command(settings, "backup", Path.Combine(cluster.Postgres.Folder, "saoluu"));
            log.WriteLine(backup.Output);
            Assert.True(backup.ExitCode == 0, backup.Output);
            Assert.Contains("Sao lưu xong", backup.Output);

            for (var i = 0; i < 5; i++) before.Add((await AppProcess.SubmitAsync(client, Guid.NewGuid().ToString()))!);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/dossiers/{before[^1]}/receipt.pdf")).StatusCode);
            atMoment = await ScratchCluster.FingerprintAsync(cluster.ConnectionString);
            // The command takes whole seconds: the moment is the next whole second, passed before more work comes.
            var now = DateTimeOffset.UtcNow;
            moment = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
            await Task.Delay(moment - now + TimeSpan.FromMilliseconds(300));
            for (var i = 0; i < 5; i++) after.Add((await AppProcess.SubmitAsync(client, Guid.NewGuid().ToString()))!);
        }
        NpgsqlConnection.ClearAllPools();
        Assert.DoesNotContain(null, before.Concat(after));

        var backupFolder = Directory.GetDirectories(Path.Combine(cluster.Postgres.Folder, "saoluu")).Single();
        var to = moment.ToOffset(VietnamTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var restore = AppProcess.Command(settings, "restore", backupFolder, "--to", to);
        log.WriteLine(restore.Output);
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.Contains("Đã phục hồi và chuyển thành máy chủ chính", restore.Output);
        Assert.Single(Directory.GetDirectories(cluster.Postgres.Folder, "data.truoc-khoi-phuc-*"));

        cluster.Postgres.EnsureStarted();
        var restored = await ScratchCluster.FingerprintAsync(cluster.ConnectionString);
        var differing = atMoment.Where(t => !restored.TryGetValue(t.Key, out var r) || r != t.Value).Select(t => t.Key).ToList();
        log.WriteLine($"Khôi phục đến {to}: {atMoment.Count} bảng, {atMoment.Values.Sum(t => t.Rows)} dòng lúc chụp; bảng khác nhau: {differing.Count}; " +
            $"hồ sơ trước thời điểm: {before.Count}, sau thời điểm (phải mất): {after.Count}.");
        Assert.Empty(differing);
        Assert.Equal(atMoment.Keys, restored.Keys);

        using var again = new ClusterApp(cluster.ConnectionString);
        var pdfs = new List<byte[]>();
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pdf FROM issued_documents WHERE pdf IS NOT NULL", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) pdfs.Add((byte[])reader[0]);
        }
        log.WriteLine($"PDF đã ký còn xác minh được: {pdfs.Count(p => PdfSignature.Verify(p) is { Signed: true, Intact: true })}/{pdfs.Count}.");
        Assert.Equal(2, pdfs.Count);
        Assert.All(pdfs, p => Assert.True(PdfSignature.Verify(p) is { Signed: true, Intact: true }));
        Assert.Contains(pdfs, p => p.AsSpan().SequenceEqual(servedPdf));
        PdfTools.AssertSignedAndIntact(pdfs[0], "khoi-phuc-mau-01");

        var next = await AppProcess.SubmitAsync(again.ApiClient(), Guid.NewGuid().ToString());
        log.WriteLine($"Hồ sơ cuối trước thời điểm: {before[^1]}; hồ sơ mới sau khôi phục: {next}.");
        Assert.DoesNotContain(next, before);
        Assert.Equal(Serial(before[^1]) + 1, Serial(next!));
    }

    private static int Serial(string code) => int.Parse(code[(code.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
}
