using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The eighth trial's findings on Mẫu 01 (docs/FEES.md "Eighth trial"), over real HTTP and PostgreSQL: the slip names every
/// item of the fee under its total, a case's qualifier (1.002897) and each of several items (1.004270), not only the
/// items charged per a unit, and stays one A4 page.
/// </summary>
public class FeeTrialEightFixesTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour) => new(2026, 11, day, hour, 0, 0, VietnamTime.Offset);

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Lines = new(() =>
        CatalogFile.Lines.Where(l => l.Length > 0).Select(l => (Line: l, NationalCatalogParser.ParseLine(l).Spec.Code))
            .Where(p => p.Code is "1.002897" or "1.004270" or "2.000942").ToDictionary(p => p.Code, p => p.Line));

    private async Task ImportAsync(string code)
    {
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(Lines.Value[code] + "\n"));
        await importer.ImportAsync(file, $"{code}.jsonl", null, null, CancellationToken.None);
    }

    private async Task AdoptAsync(string code)
    {
        if (await app.ScalarAsync($"SELECT count(*) FROM agency_procedures WHERE procedure_code = '{code}'") > 0) return;
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(Lines.Value[code] + "\n"));
        await importer.ImportAsync(file, $"{code}.jsonl", null, null, CancellationToken.None);
        await app.ScalarAsync($"""
            INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '{code}' FROM agencies WHERE code = '{DemoData.CentreCode}'
            ON CONFLICT DO NOTHING RETURNING 1
            """);
    }

    private async Task<string> SlipTextAsync(string procedure, string idNumber, int? feeCase, string name)
    {
        var submitted = await app.ApiClient().SubmitAsync(new
        {
            procedureCode = procedure, agencyCode = DemoData.CentreCode, channel = "direct",
            applicant = new { fullName = "Trần Văn Bay", idNumber, phone = "0905123456", email = "bay@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
            feeCase,
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var pdf = PdfTools.Save(name, await (await app.OfficerAsync("tiepnhan.trungtam")).GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf"));
        Assert.Equal("1", PdfTools.Info(pdf)["Pages"]);
        var text = string.Join(' ', PdfTools.Text(pdf).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        output.WriteLine($"{procedure} {code}: {pdf}");
        return text;
    }

    [Fact]
    public async Task Mau_01_names_the_case_charged_under_the_total_1_002897()
    {
        await AdoptAsync("1.002897");
        app.Clock.Now = At(20, 9);
        var text = await SlipTextAsync("1.002897", "046199700081", 2, "mau-01-truong-hop");
        Assert.Contains("Nộp phí, lệ phí: 30.000.000 đồng", text, StringComparison.Ordinal);
        Assert.Contains("(đối với cảng hàng không khác): 30.000.000 đồng", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mau_01_names_each_of_several_items_1_004270()
    {
        await AdoptAsync("1.004270");
        app.Clock.Now = At(23, 9);
        var text = await SlipTextAsync("1.004270", "046199700082", null, "mau-01-nhieu-khoan");
        Assert.Contains("Nộp phí, lệ phí: 2.100.000 đồng", text, StringComparison.Ordinal);
        Assert.Contains(": 400.000 đồng", text, StringComparison.Ordinal);
        Assert.Contains(": 1.700.000 đồng", text, StringComparison.Ordinal);
    }
    [Fact]
    public async Task The_procedure_api_lists_the_counts_a_chung_thuc_fee_is_charged_from_2_000942()
    {
        await ImportAsync("2.000942");
        var detail = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/procedures/2.000942");
        var fields = detail.GetProperty("procedure").GetProperty("formFields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        output.WriteLine($"2.000942 formFields: {string.Join(", ", fields)}");
        Assert.Contains("soTrang", fields);
        Assert.Contains("soBanSao", fields);
    }
    [Theory]
    [InlineData(OfficialBooks.CopyCode)]
    [InlineData(OfficialBooks.SignatureCode)]
    public async Task The_desk_does_not_offer_the_officers_amount_for_a_fee_computed_from_the_counts(string procedure)
    {
        app.Clock.Now = At(24, 9);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/tiep-nhan?thutuc={procedure}"));
        Assert.Contains("nhập số lượng trên tờ khai để tính phí", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Phí, lệ phí do cán bộ xác định", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"OfficerFeeVnd\"", page, StringComparison.Ordinal);
    }
}
