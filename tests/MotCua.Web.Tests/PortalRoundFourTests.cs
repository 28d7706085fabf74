using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using Npgsql;
using PdfSharp.Pdf;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, round 4, through the portal simulator process (tools/MotCua.NationalPortal) with the outbox worker on: the
/// files of a pushed dossier fetched from the portal into the file store (docs/PORTAL.md "Inbound files"), kept with the
/// dossier's documents, retried while the portal is out, refused and shown when the portal cannot give them or the store
/// refuses them.
/// </summary>
public class PortalRoundFourTests(ITestOutputHelper output)
{
    internal static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(MotCuaApp.RepoRoot(), "tests", "data", "portal", "anh-giay-to.jpg"));

    private static byte[] Pdf(int pages, string title)
    {
        using var document = new PdfDocument();
        document.Info.Title = title;
        for (var i = 0; i < pages; i++) document.AddPage();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    internal static async Task PutAsync(NationalPortalProcess portal, string name, byte[] content)
    {
        var put = await portal.Client.PutAsync($"/tep/{name}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    // The simulator pushes one dossier whose documents are the given files; answers our code.
    internal static async Task<string> PushAsync(NationalPortalProcess portal, MotCuaApp app, params (string Name, string File)[] files)
    {
        var push = await portal.Client.PostAsJsonAsync("/control/push", new
        {
            url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1,
            files = files.Select(f => new { name = f.Name, file = f.File }).ToArray(),
        });
        var pushed = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
        Assert.True(pushed.GetProperty("status").GetInt32() == 201, pushed.ToString());
        return pushed.GetProperty("answer").GetProperty("code").GetString()!;
    }

    private static Task<long> FilesAsync(MotCuaApp app, string code) =>
        app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}' AND f.purpose = 1");

    private static Task<long> DeadAsync(MotCuaApp app, string code) =>
        app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'dvcqg-tep' AND ordering_key LIKE 'dvcqg-tep:{code}:%' AND dead_at IS NOT NULL");

    private static async Task<string> PageAsync(MotCuaApp app, string code)
    {
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        return WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{code}"));
    }

    [Fact]
    public async Task A_pushed_dossiers_two_files_are_stored_with_their_hashes_and_pages_and_an_executable_or_a_missing_file_is_refused_and_shown()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var pdf = Pdf(3, "Giấy chứng sinh");
        await PutAsync(portal, "giay-chung-sinh.pdf", pdf);
        await PutAsync(portal, "to-khai.jpg", Jpeg);
        var code = await PushAsync(portal, app, ("Giấy chứng sinh", "giay-chung-sinh.pdf"), ("Tờ khai đăng ký khai sinh", "to-khai.jpg"));
        // The dossier is received at once, before any file is fetched.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND status = 1"));

        await Waiting.Until(async () => await FilesAsync(app, code) == 2, "hai tệp của hồ sơ được lưu");
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand($"""
            SELECT f.document_index, f.document_name, f.sha256, f.pages, f.display_name, s.size, s.media_type, f.digitised, f.owner_id_number
            FROM dossier_files f JOIN stored_files s ON s.sha256 = f.sha256 JOIN dossiers d ON d.id = f.dossier_id
            WHERE d.code = '{code}' ORDER BY f.document_index
            """, connection);
            await using var rows = await query.ExecuteReaderAsync();
            (int Index, string Name, byte[] Bytes, int? Pages, string Media, string Display)[] expected =
            [
                (0, "Giấy chứng sinh", pdf, 3, "application/pdf", "Giấy chứng sinh.pdf"),
                (1, "Tờ khai đăng ký khai sinh", Jpeg, null, "image/jpeg", "Tờ khai đăng ký khai sinh.jpg"),
            ];
            foreach (var (index, name, bytes, pages, media, display) in expected)
            {
                Assert.True(await rows.ReadAsync());
                Assert.Equal(index, rows.GetInt32(0));
                Assert.Equal(name, rows.GetString(1));
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), rows.GetString(2));
                Assert.Equal(pages, rows.IsDBNull(3) ? (int?)null : rows.GetInt32(3));
                Assert.Equal(display, rows.GetString(4));
                Assert.Equal(bytes.Length, rows.GetInt64(5));
                Assert.Equal(media, rows.GetString(6));
                Assert.False(rows.GetBoolean(7));
                Assert.False(rows.IsDBNull(8));
                // The bytes in the store are the portal's, under their hash.
                var hash = rows.GetString(2);
                Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.FilesRoot, "sha256", hash[..2], hash[2..4], hash)));
            }
        }
        var page = await PageAsync(app, code);
        Assert.Contains("Tệp nhận từ Cổng: Giấy chứng sinh.pdf, 3 trang", page);
        Assert.Contains("Tệp nhận từ Cổng: Tờ khai đăng ký khai sinh.jpg", page);

        // An executable under a PDF's name and a file the portal does not hold: both refused, recorded and shown; the good
        // file of the same dossier is stored.
        await PutAsync(portal, "giay-to-that.pdf", [(byte)'M', (byte)'Z', .. new byte[4096]]);
        await PutAsync(portal, "giay-ket-hon.pdf", Pdf(1, "Giấy chứng nhận kết hôn"));
        var refused = await PushAsync(portal, app, ("Giấy chứng sinh", "giay-to-that.pdf"), ("Tờ khai đăng ký khai sinh", "khong-co.pdf"),
            ("Giấy chứng nhận kết hôn", "giay-ket-hon.pdf"));
        await Waiting.Until(async () => await DeadAsync(app, refused) == 2 && await FilesAsync(app, refused) == 1, "hai tệp bị từ chối, một tệp được lưu");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg-tep:{refused}:0' AND last_error LIKE 'file-type:%'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg-tep:{refused}:1' AND last_error LIKE '404:%'"));
        page = await PageAsync(app, refused);
        output.WriteLine(string.Join("\n", page.Split('\n').Where(l => l.Contains("Cổng:", StringComparison.Ordinal))));
        Assert.Contains("Không nhận được tệp từ Cổng: file-type:", page);
        Assert.Contains("Không nhận được tệp từ Cổng: 404: Cổng không cung cấp được tệp.", page);
        Assert.Contains("Tệp nhận từ Cổng: Giấy chứng nhận kết hôn.pdf, 1 trang", page);
        // Nothing of the executable is kept, and delivering the stored file's row again stores nothing twice.
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM stored_files WHERE media_type NOT IN ('application/pdf', 'image/jpeg')"));
        await app.ScalarAsync($"UPDATE outbox SET delivered_at = NULL, next_attempt_at = '{app.Clock.Now:O}' WHERE ordering_key = 'dvcqg-tep:{refused}:2'");
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg-tep:{refused}:2' AND delivered_at IS NOT NULL") == 1,
            "thư đã lưu được gửi lại");
        Assert.Equal(1, await FilesAsync(app, refused));
    }

    [Fact]
    public async Task A_file_not_fetched_during_an_outage_shows_as_being_fetched_and_is_stored_when_the_portal_returns()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var pdf = Pdf(2, "Giấy chứng sinh");
        await PutAsync(portal, "giay-chung-sinh.pdf", pdf);
        await PutAsync(portal, "to-khai.jpg", Jpeg);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.PostAsJsonAsync("/control", new { mode = "outage" })).StatusCode);
        var code = await PushAsync(portal, app, ("Giấy chứng sinh", "giay-chung-sinh.pdf"), ("Tờ khai đăng ký khai sinh", "to-khai.jpg"));

        await Waiting.Until(async () => await app.ScalarAsync(
            $"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.ordering_key LIKE 'dvcqg-tep:{code}:%' AND a.outcome = 'failed'") >= 2,
            "các lần tải tệp thất bại khi Cổng ngừng");
        var page = await PageAsync(app, code);
        Assert.Contains("Tệp đang tải từ Cổng DVCQG", page);
        Assert.Equal(0, await FilesAsync(app, code));
        Assert.Equal(0, await DeadAsync(app, code));

        Assert.Equal(HttpStatusCode.OK, (await portal.Client.PostAsJsonAsync("/control", new { mode = "normal" })).StatusCode);
        // The rows wait on their back-off (30 s and more of the app's clock, which stands still): the worker's probe sees the
        // portal back and releases them.
        await Waiting.Until(async () => await FilesAsync(app, code) == 2, "các tệp được tải khi Cổng hoạt động lại");
        Assert.Equal(0, await DeadAsync(app, code));
        var hash = Convert.ToHexStringLower(SHA256.HashData(pdf));
        Assert.Equal(1, await app.ScalarAsync(
            $"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}' AND f.document_index = 0 AND f.sha256 = '{hash}' AND f.pages = 2"));
        page = await PageAsync(app, code);
        Assert.DoesNotContain("Tệp đang tải từ Cổng", page);
        Assert.Contains("Tệp nhận từ Cổng: Giấy chứng sinh.pdf, 2 trang", page);
    }
}
