using System.Net;
using System.Text;
using System.Text.Json;
using MotCua.Domain.Files;
using MotCua.Web.Features.Demo;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>The app with the OCR worker on (Motcua:Ocr, the Debian ocrmypdf that scripts/setup.sh installs).</summary>
public sealed class OcrApp : MotCuaApp
{
    public OcrApp()
    {
        Settings["Motcua:Ocr:Enabled"] = "true";
        Settings["Motcua:Ocr:PollMilliseconds"] = "200";
        // A bound for a machine shared by many test runs, not a timing the test checks.
        Settings["Motcua:Ocr:TimeoutSeconds"] = "900";
    }
}

/// <summary>The app whose OCR command drops the last page of what it is given: the page check must discard its copy.</summary>
public sealed class PageDroppingOcrApp : MotCuaApp
{
    public string Script { get; } = Path.Combine(Path.GetTempPath(), $"motcua-ocr-drop-{Guid.NewGuid():N}.py");

    public PageDroppingOcrApp()
    {
        // Python's pikepdf comes with Debian's ocrmypdf; the script takes OCRmyPDF's arguments and ignores all but the
        // last two (input, output).
        File.WriteAllText(Script, """
            #!/usr/bin/python3
            import sys, pikepdf
            pdf = pikepdf.open(sys.argv[-2])
            del pdf.pages[-1]
            pdf.save(sys.argv[-1])
            """.Replace("\n            ", "\n").TrimStart());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Settings["Motcua:Ocr:Enabled"] = "true";
        Settings["Motcua:Ocr:PollMilliseconds"] = "200";
        Settings["Motcua:Ocr:Command"] = Script;
    }
}

/// <summary>
/// Issue 17 piece C (docs/FILES.md "Digitisation", design §11): a three-page Vietnamese document drawn by PdfSharp,
/// rasterised at 300 dpi and rebuilt as an image-only PDF (no text layer), staged as a desk scan by a receiving officer,
/// read by the OCR worker with the real ocrmypdf: the searchable copy has the scan's three pages and a text layer with
/// the diacritics, the pre-fill candidates are the card's number, name and date of birth. A command that drops a page
/// gives state 5 and keeps the scan alone.
/// </summary>
public class OcrTests(OcrApp app, PageDroppingOcrApp dropping, ITestOutputHelper output) : IClassFixture<OcrApp>, IClassFixture<PageDroppingOcrApp>
{
    private static readonly string[][] Pages =
    [
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Họ và tên: Nguyễn Thị Hồng Nhung", "Số định danh: 046200012345", "Ngày sinh: 02/09/1995"],
        ["Nơi thường trú: phường Thuận Hóa, thành phố Huế", "Quê quán: xã Quảng Điền, tỉnh Thừa Thiên Huế"],
        ["Tôi xin cam đoan những lời khai trên là đúng sự thật", "Người khai ký và ghi rõ họ tên"],
    ];

    // The app's own PdfSharp set-up (licence, Liberation fonts with every Vietnamese letter): one font resolver per process.
    private static void PdfFonts() =>
        typeof(MotCua.Documents.AdministrativeLetters).Assembly.GetType("MotCua.Documents.PdfSetup")!
            .GetMethod("EnsureInitialized")!.Invoke(null, null);

    /// <summary>The scan as a desk scanner makes it: page images and no text.</summary>
    internal static byte[] ImageOnlyScan(string folder)
    {
        PdfFonts();
        var drawn = Path.Combine(folder, "drawn.pdf");
        using (var document = new PdfDocument())
        {
            var font = new XFont("Liberation Sans", 16);
            foreach (var lines in Pages)
            {
                var page = document.AddPage();
                using var graphics = XGraphics.FromPdfPage(page);
                for (var i = 0; i < lines.Length; i++)
                    graphics.DrawString(lines[i].Normalize(NormalizationForm.FormC), font, XBrushes.Black, new XPoint(60, 90 + 36 * i));
            }
            document.Save(drawn);
        }
        MotCuaApp.Tool("pdftoppm", $"-r 300 -png {drawn} {Path.Combine(folder, "page")}");
        using var scan = new PdfDocument();
        foreach (var png in Directory.GetFiles(folder, "page-*.png").Order(StringComparer.Ordinal))
        {
            var page = scan.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            using var image = XImage.FromFile(png);
            graphics.DrawImage(image, 0, 0, page.Width.Point, page.Height.Point);
        }
        using var bytes = new MemoryStream();
        scan.Save(bytes);
        return bytes.ToArray();
    }

    private static string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"motcua-ocr-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<long> StageAsync(MotCuaApp on, byte[] scan)
    {
        var officer = await on.OfficerAsync("tiepnhan.thuanhoa");
        var form = FileUploadTests.Form(("giay-to.pdf", scan));
        form.Add(new StringContent("desk-scan"), "purpose");
        var response = await officer.PostAsync("/api/v1/files/staged", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("files")[0].GetProperty("id").GetInt64();
    }

    private static async Task<int> StateAsync(MotCuaApp on, string sha256) =>
        (int)await on.ScalarAsync($"SELECT coalesce((SELECT state FROM ocr_results WHERE sha256 = '{sha256}'), 0)");

    [Fact]
    public async Task A_scanned_Vietnamese_document_becomes_a_searchable_copy_with_its_pages_and_pre_fill()
    {
        var folder = Folder();
        var scan = ImageOnlyScan(folder);
        var scanPath = Path.Combine(folder, "scan.pdf");
        await File.WriteAllBytesAsync(scanPath, scan);
        Assert.Equal("", MotCuaApp.Tool("pdftotext", $"{scanPath} -").Trim('\f', '\n', ' '));
        var sha256 = ContentHash.Of(scan);

        await StageAsync(app, scan);
        // Queued at upload, per content.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ocr_results WHERE sha256 = '{sha256}'"));
        await Waiting.Until(async () => await StateAsync(app, sha256) >= 3, "OCR của bản quét xong", seconds: 900);
        Assert.Equal(3, await StateAsync(app, sha256));
        Assert.Equal(3, await app.ScalarAsync($"SELECT pages_in FROM ocr_results WHERE sha256 = '{sha256}'"));
        Assert.Equal(3, await app.ScalarAsync($"SELECT pages_out FROM ocr_results WHERE sha256 = '{sha256}'"));
        output.WriteLine($"OCR: {await app.ScalarAsync($"SELECT duration_ms FROM ocr_results WHERE sha256 = '{sha256}'")} ms for 3 pages.");

        // The searchable copy is in the store, with three pages and a text layer in which the diacritics survive.
        var searchable = await ReadAsync(app, $"SELECT searchable_sha256 FROM ocr_results WHERE sha256 = '{sha256}'");
        Assert.NotEqual(sha256, searchable);
        Assert.Equal(3, await app.ScalarAsync($"SELECT pages FROM stored_files WHERE sha256 = '{searchable}'"));
        var copy = Path.Combine(app.FilesRoot, "sha256", searchable[..2], searchable[2..4], searchable);
        var text = MotCuaApp.Tool("pdftotext", $"{copy} -").Normalize(NormalizationForm.FormC);
        output.WriteLine(text);
        foreach (var expected in new[] { "Nguyễn Thị Hồng Nhung", "046200012345", "02/09/1995" })
            Assert.Contains(expected.Normalize(NormalizationForm.FormC), text, StringComparison.Ordinal);
        // OCR is not exact: tesseract may drop a mark on a stacked capital (a clean-clone CI read "CONG HOA" where a
        // helper's run read "CỘNG HÒA"). The claim is that the text layer carries the diacritics: most words, and most
        // words with a Vietnamese letter, come back exactly as drawn.
        var words = text.Split((char[])[' ', '\n', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var drawnWords = Pages.SelectMany(p => p).SelectMany(l => l.Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var marked = drawnWords.Where(w => w.Any(c => c > '\u007f')).ToList();
        output.WriteLine($"Từ đọc đúng: {drawnWords.Count(words.Contains)}/{drawnWords.Count}; từ có dấu đọc đúng: {marked.Count(words.Contains)}/{marked.Count}.");
        Assert.True(drawnWords.Count(words.Contains) >= drawnWords.Count * 0.8, string.Join(" ", drawnWords.Where(w => !words.Contains(w))));
        Assert.True(marked.Count(words.Contains) >= marked.Count * 0.75, string.Join(" ", marked.Where(w => !words.Contains(w))));
        Assert.Equal(3, text.Count(c => c == '\f'));
        // A page of the copy, to look at (the test log names it).
        MotCuaApp.Tool("pdftoppm", $"-r 60 -png -f 1 -l 1 {copy} {Path.Combine(folder, "result")}");
        output.WriteLine($"Trang 1 của bản số hóa: {Directory.GetFiles(folder, "result-*.png").Single()}");

        // The pre-fill candidates: number, name, date of birth; the stored text is NFC.
        var fields = JsonDocument.Parse(await ReadAsync(app, $"SELECT fields::text FROM ocr_results WHERE sha256 = '{sha256}'")).RootElement
            .EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal("046200012345", fields["idNumber"]);
        Assert.Equal("Nguyễn Thị Hồng Nhung", fields["fullName"]);
        Assert.Equal("02/09/1995", fields["dateOfBirth"]);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ocr_results WHERE sha256 = '{sha256}' AND text IS NFC NORMALIZED"));

        // The same scan staged again is read once: no second job, the row stays done.
        await StageAsync(app, scan);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ocr_results WHERE sha256 = '{sha256}'"));
        Assert.Equal(3, await StateAsync(app, sha256));
    }

    /// <summary>Trial 17b, MEDIUM 2: after intake the officer downloaded the image-only scan (pdftotext empty), and a
    /// copy reused into another dossier the same. The file served is the searchable copy, in both dossiers.</summary>
    [Fact]
    public async Task The_dossiers_file_and_its_reuse_download_as_the_searchable_copy()
    {
        var folder = Folder();
        var scan = ImageOnlyScan(folder);
        var sha256 = ContentHash.Of(scan);
        var staged = await StageAsync(app, scan);
        await Waiting.Until(async () => await StateAsync(app, sha256) >= 3, "OCR của bản quét xong", seconds: 900);
        Assert.Equal(3, await StateAsync(app, sha256));

        var code = await ReadAsync(app, $"""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            JOIN procedures p ON p.code = ap.procedure_code JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE a.code = '{DemoData.ThuanHoaCode}' AND NOT (v.spec ? 'formFields') ORDER BY ap.procedure_code LIMIT 1
            """);
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var first = await DeskDigitisationTests.ReceiveAsync(officer, code, staged);
        var original = await app.ScalarAsync($"SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{first}' AND f.sha256 = '{sha256}'");
        var reused = await officer.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["original"] = original.ToString(), ["document"] = "0", ["IdNumber"] = DeskDigitisationTests.Applicant, ["thutuc"] = code,
        }));
        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        var reference = await app.ScalarAsync($"SELECT max(id) FROM staged_files WHERE reused_from_id = {original}");
        var second = await DeskDigitisationTests.ReceiveAsync(officer, code, reference);
        var copy = await app.ScalarAsync($"SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{second}' AND f.reused_from_id = {original}");

        foreach (var id in new[] { original, copy })
        {
            var response = await officer.GetAsync($"/tep/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var downloaded = Path.Combine(folder, $"tep-{id}.pdf");
            await File.WriteAllBytesAsync(downloaded, await response.Content.ReadAsByteArrayAsync());
            var text = MotCuaApp.Tool("pdftotext", $"{downloaded} -").Normalize(NormalizationForm.FormC);
            Assert.Contains("046200012345", text, StringComparison.Ordinal);
            Assert.Contains("Nguyễn Thị Hồng Nhung".Normalize(NormalizationForm.FormC), text, StringComparison.Ordinal);
            Assert.Equal(3, text.Count(c => c == '\f'));
        }
    }

    [Fact]
    public async Task A_copy_that_loses_a_page_is_discarded_and_the_scan_kept()
    {
        var scan = FileUploadTests.Pdf("ba-trang-quet", pages: 3);
        var sha256 = ContentHash.Of(scan);
        await StageAsync(dropping, scan);
        await Waiting.Until(async () => await StateAsync(dropping, sha256) >= 3, "lệnh OCR giả chạy xong", seconds: 300);
        Assert.Equal(5, await StateAsync(dropping, sha256));
        Assert.Equal(1, await dropping.ScalarAsync($"SELECT count(*) FROM ocr_results WHERE sha256 = '{sha256}' AND pages_in = 3 AND pages_out = 2 AND searchable_sha256 IS NULL"));
        Assert.Contains("giữ bản quét gốc", await ReadAsync(dropping, $"SELECT last_error FROM ocr_results WHERE sha256 = '{sha256}'"));
        // The scan is kept: its row and its bytes; the two-page copy was never stored.
        Assert.Equal(1, await dropping.ScalarAsync($"SELECT count(*) FROM stored_files WHERE sha256 = '{sha256}'"));
        Assert.True(File.Exists(Path.Combine(dropping.FilesRoot, "sha256", sha256[..2], sha256[2..4], sha256)));
        Assert.Equal(0, await dropping.ScalarAsync("SELECT count(*) FROM stored_files WHERE pages = 2"));
    }

    private static async Task<string> ReadAsync(MotCuaApp on, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(on.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
