using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents.Tests;
using MotCua.Domain.Catalog;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial of issue 14: Mẫu 01 with its VietQR ran to two or three A4 pages for 1.003135 (4 documents) and 2.000438, the
/// payment block alone on the last page. Every procedure adopted at the demo's provincial centre, plus those two and
/// 1.004270 imported from the national catalogue, is received over the API with every document its catalogue lists, a
/// fee due (so a payment request with its QR is raised) and the longest notes a slip carries; the real signed PDF
/// of <c>GET /api/v1/dossiers/{code}/receipt.pdf</c> is one A4 page, read by pdfinfo, with the QR decoded by zbarimg.
/// </summary>
public class ReceiptPageCountTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly string[] FromTheNationalCatalogue = ["1.003135", "2.000438", "1.004270"];

    // More documents than one A4 page can list with everything else: the slip then runs over, its tail kept together.
    private const int Pathological = 40;

    [Fact]
    public async Task Mau_01_with_its_VietQR_is_one_A4_page_for_every_adopted_procedure()
    {
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using (var file = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', FromTheNationalCatalogue.Select(CatalogFile.LineOf)) + "\n")))
            await importer.ImportAsync(file, "mau-01.jsonl", null, null, CancellationToken.None);
        foreach (var code in FromTheNationalCatalogue)
            await app.ScalarAsync($"""
                INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '{code}' FROM agencies WHERE code = '{DemoData.CentreCode}'
                ON CONFLICT DO NOTHING RETURNING 1
                """);
        // A fee due on every one, so that every slip carries the payment block (the catalogue's own fee where it has one
        // would leave most of the demo's procedures free, and a free slip has no QR to fit).
        await app.ScalarAsync($"""
            UPDATE agency_procedures SET fee = 2100000, fee_text = 'Lệ phí theo Nghị quyết của Hội đồng nhân dân thành phố Huế'
            WHERE agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.CentreCode}')
            """);

        var specs = new List<ProcedureSpec>();
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                SELECT v.spec::text FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
                JOIN procedures p ON p.code = ap.procedure_code JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
                WHERE a.code = '{DemoData.CentreCode}' ORDER BY p.code
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) specs.Add(JsonSerializer.Deserialize<ProcedureSpec>(reader.GetString(0), ProcedureSpecs.Json)!);
        }
        Assert.Contains(specs, s => s.Code == "1.003135");

        var (onePage, notReceivable, serial) = (0, new List<string>(), 0);
        var pages = new List<string>();
        foreach (var spec in specs)
        {
            // Every document the catalogue lists, as the desk ticks them (a document published 0/0 is received as one original).
            var documents = spec.Documents.Where(d => d.Kind == DocumentLineKind.Document)
                .Select(d => new { name = d.Name, original = Math.Max(d.Originals, d.Originals + d.Copies == 0 ? 1 : 0), copies = d.Copies })
                .ToArray();
            var body = JsonSerializer.SerializeToNode(Requests.Dossier(spec.Code, DemoData.CentreCode, "direct", idNumber: $"04609602{++serial:D4}",
                fullName: "Tôn Nữ Thị Hoàng Phương Thảo",
                address: "Số 128/4 kiệt 65 đường Nguyễn Sinh Cung, tổ dân phố 7, phường Vỹ Dạ, thành phố Huế, tỉnh Thừa Thiên Huế"))!.AsObject();
            if (documents.Length > 0) body["documents"] = JsonSerializer.SerializeToNode(documents);
            var response = await app.ApiClient().SubmitAsync(body);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                // Not receivable at the desk (no published time limit, no direct channel): refused with a 422 naming why.
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                notReceivable.Add($"{spec.Code} {await response.Content.ReadAsStringAsync()}");
                continue;
            }
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var pdf = await app.ApiClient().GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf");
            var path = PdfTools.Save($"mau-01-{spec.Code}", pdf);
            var count = int.Parse(PdfTools.Info(path)["Pages"], System.Globalization.CultureInfo.InvariantCulture);
            pages.Add($"{spec.Code} ({documents.Length} giấy tờ): {count} trang");
            // The last page holds the payment block and the signatures, with the last document's row when over one page.
            var last = PdfTools.PageText(path, count);
            Assert.Contains("Nộp phí, lệ phí: 2.100.000 đồng", last);
            Assert.Contains("NGƯỜI TIẾP NHẬN HỒ SƠ", last);
            if (count == 1) onePage++;
            else
            {
                Assert.True(documents.Length > Pathological, $"{spec.Code}: {documents.Length} documents on {count} pages");
                Assert.Contains($"{documents.Length} ", last);
            }
        }
        output.WriteLine(string.Join("\n", pages));
        output.WriteLine($"không tiếp nhận được: {string.Join("; ", notReceivable)}");
        Assert.True(pages.Count >= 60, $"only {pages.Count} slips rendered");
        // Every slip of up to 40 documents is one page; a dossier handing in every one of the 53 documents the building
        // permit (1.013225) lists across its cases is the pathological case, over pages with its tail kept together.
        Assert.True(onePage >= pages.Count - 1, "Mẫu 01 on more than one page:\n" + string.Join("\n", pages.Where(p => !p.EndsWith(" 1 trang", StringComparison.Ordinal))));
        // Third trial: 2.000438 with every document its catalogue lists (18 at the desk) ran to two pages; one page now.
        var many = pages.Single(p => p.StartsWith("2.000438 ", StringComparison.Ordinal));
        Assert.True(many.EndsWith(": 1 trang", StringComparison.Ordinal) && int.Parse(many.Split('(', ' ')[2], System.Globalization.CultureInfo.InvariantCulture) >= 10, many);
        // The trial's two procedures were received and their QR reads back from the printed page.
        foreach (var code in new[] { "1.003135", "2.000438" })
        {
            var path = Path.Combine(PdfTools.OutputDirectory, $"mau-01-{code}.pdf");
            Assert.True(File.Exists(path), $"{code} was not received");
            var codes = PdfTools.DecodeQr(PdfTools.RenderPng(path)[0]);
            Assert.Contains("A000000727", codes);
        }
    }
}
