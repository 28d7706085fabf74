using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The ninth trial's finding over real HTTP and PostgreSQL (docs/FEES.md "Ninth trial"): 1.002681 publishes a phí of 800,000
/// reduced to 400,000 from 01/07/2025 to 31/12/2026 and a lệ phí of 100,000 in its description; a dossier received by the API
/// inside the period is charged 500,000 (the phí 400,000 and the lệ phí 100,000 apart), one received after it 900,000, on the
/// fee, the payment request, its VietQR's amount (tag 54) and Mẫu 01's item lines.
/// </summary>
public class FeeTrialNineTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string Code = "1.002681";

    private async Task AdoptAsync()
    {
        if (await app.ScalarAsync($"SELECT count(*) FROM agency_procedures WHERE procedure_code = '{Code}'") > 0) return;
        var line = CatalogFile.Lines.First(l => l.Length > 0 && NationalCatalogParser.ParseLine(l).Spec.Code == Code);
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(line + "\n"));
        await importer.ImportAsync(file, $"{Code}.jsonl", null, null, CancellationToken.None);
        await app.ScalarAsync($"""
            INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '{Code}' FROM agencies WHERE code = '{DemoData.CentreCode}'
            ON CONFLICT DO NOTHING RETURNING 1
            """);
    }

    private static string Flat(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    // received on, id number, phí, lệ phí (integer VND)
    [InlineData(2026, 12, 2, "046199700091", 400_000L, 100_000L)]
    [InlineData(2026, 12, 31, "046199700092", 400_000L, 100_000L)]
    [InlineData(2027, 1, 4, "046199700093", 800_000L, 100_000L)]
    public async Task A_dossier_of_1_002681_is_charged_the_reduced_phi_in_the_period_and_the_full_phi_after_it_with_its_le_phi_apart(
        int year, int month, int day, string idNumber, long fee, long charge)
    {
        await AdoptAsync();
        app.Clock.Now = new DateTimeOffset(year, month, day, 9, 0, 0, VietnamTime.Offset);
        var api = app.ApiClient();
        var submitted = await api.SubmitAsync(new
        {
            procedureCode = Code, agencyCode = DemoData.CentreCode, channel = "direct",
            applicant = new { fullName = "Nguyễn Thị Quản", idNumber, phone = "0905123456", email = "quan@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        // The fee: two items, the phí and the lệ phí apart, as the dossier's API shows them.
        var dossierFee = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee");
        Assert.Equal(("catalogue", fee, charge, fee + charge),
            (dossierFee.GetProperty("source").GetString(), dossierFee.GetProperty("feeVnd").GetInt64(), dossierFee.GetProperty("chargeVnd").GetInt64(), dossierFee.GetProperty("dueVnd").GetInt64()));
        var items = dossierFee.GetProperty("items").EnumerateArray().Select(i => (Kind: i.GetProperty("kind").GetString(), Amount: i.GetProperty("amountVnd").GetInt64(),
            Name: i.GetProperty("name").GetString()!, Rule: i.GetProperty("rule").ValueKind == JsonValueKind.String ? i.GetProperty("rule").GetString() : null)).ToList();
        output.WriteLine($"{code}: {string.Join("; ", items.Select(i => $"{i.Kind} {i.Name} {i.Amount:N0} [{i.Rule}]"))}");
        Assert.Equal([("fee", fee), ("charge", charge)], items.Select(i => (i.Kind, i.Amount)));
        Assert.StartsWith("Phí cấp chứng chỉ hành nghề Quản tài viên", items[0].Name, StringComparison.Ordinal);
        Assert.StartsWith("Lệ phí cấp chứng chỉ hành nghề Quản tài viên", items[1].Name, StringComparison.Ordinal);
        // The phí's rule is the period's clause while it is in force; the lệ phí is never reduced.
        Assert.Equal(fee == 400_000, items[0].Rule?.Contains("400.000 đồng/hồ sơ", StringComparison.Ordinal) == true);
        Assert.Null(items[1].Rule);

        // The payment request and its dynamic VietQR: tag 54 is the amount due.
        var request = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("requests")[0];
        Assert.Equal(fee + charge, request.GetProperty("amountVnd").GetInt64());
        var emv = request.GetProperty("vietQr").GetString()!;
        var qr = VietQr.TryParse(emv, out var error);
        Assert.True(qr is not null, error);
        Assert.Equal((fee + charge, PaymentRequests.PurposeOf(code)), (qr!.AmountVnd, qr.Purpose));
        var amount = (fee + charge).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"54{amount.Length:D2}{amount}", emv, StringComparison.Ordinal);

        // Mẫu 01 prints the total and a line for each item.
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var pdf = PdfTools.Save($"mau-01-{Code}-{year}{month:D2}{day:D2}", await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf"));
        var slip = Flat(PdfTools.Text(pdf));
        output.WriteLine($"Mẫu 01: {pdf}");
        Assert.Contains($"Nộp phí, lệ phí: {Vnd(fee + charge)}", slip, StringComparison.Ordinal);
        Assert.Contains($"– Phí cấp chứng chỉ hành nghề Quản tài viên đối với người đề nghị là luật sư nước ngoài, kiểm toán viên là người nước ngoài: {Vnd(fee)}", slip, StringComparison.Ordinal);
        Assert.Contains($"– Lệ phí cấp chứng chỉ hành nghề Quản tài viên đối với người đề nghị là luật sư nước ngoài, kiểm toán viên là người nước ngoài: {Vnd(charge)}", slip, StringComparison.Ordinal);
    }

    private static string Vnd(long amount) => amount.ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")) + " đồng";
}
