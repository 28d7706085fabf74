using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The tenth trial's remaining findings over real HTTP and PostgreSQL (docs/FEES.md "Tenth trial, rest"): Mẫu 01 printed
/// after a part-payment asks what is still owed with a VietQR for it and says what was paid, and after full payment asks
/// nothing (1.002681, phí 400,000 + lệ phí 100,000); the dossier's "Theo công bố" is the catalogue's cell and the reader's
/// reason is shown apart (1.003135 online, unplaced until a case is chosen; 1.000889's whole cell).
/// </summary>
public class FeeTrialTenRestTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private async Task<string> SubmitAsync(string procedure, string channel, string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(new
        {
            procedureCode = procedure, agencyCode = DemoData.CentreCode, channel,
            applicant = new { fullName = "Trần Thị Bình", idNumber, phone = "0905123456", email = "binh@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ");

    // Every QR code of the PDF's pages (pdftoppm at 300 dpi, then zbarimg), one a line.
    private static string[] QrOf(string pdf)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}");
        MotCuaApp.Tool("pdftoppm", $"-r 300 -png {pdf} {stem}");
        var pages = Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(stem) + "-*.png").Order(StringComparer.Ordinal);
        return MotCuaApp.Tool("zbarimg", $"--quiet --raw {string.Join(' ', pages)}").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private async Task<(string Text, VietQrPayment? Qr)> SlipAsync(HttpClient desk, string code, string name)
    {
        var pdf = PdfTools.Save(name, await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf"));
        output.WriteLine($"Mẫu 01: {pdf}");
        var payment = QrOf(pdf).Select(q => VietQr.TryParse(q, out _)).SingleOrDefault(q => q is not null);
        return (Flat(PdfTools.Text(pdf)), payment);
    }

    [Fact]
    public async Task Mau_01_after_a_part_payment_asks_what_is_still_owed_and_after_the_rest_asks_nothing_1_002681()
    {
        await CentreAdoption.AdoptAsync(app, "1.002681");
        app.Clock.Now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, VietnamTime.Offset);
        var code = await SubmitAsync("1.002681", "direct", "046199701101");
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var purpose = PaymentRequests.PurposeOf(code);

        // Printed at intake: the whole fee and its QR.
        var (first, firstQr) = await SlipAsync(desk, code, "mau-01-t10-intake");
        Assert.Contains("Nộp phí, lệ phí: 500.000 đồng", first, StringComparison.Ordinal);
        Assert.Equal((500_000L, purpose), (firstQr!.AmountVnd, firstQr.Purpose));

        // 400,000 accepted as a part: the reprint asks 100,000, its QR pays 100,000, and it says what was paid.
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "trial10-rest-bank");
        var now = app.Clock.Now;
        var part = await partner.PaidAsync(app.CreateClient(), now, "T10R-part", 400_000, purpose, now);
        Assert.Equal("underpaid", part.GetProperty("flag").GetString());
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var resolved = await accountant.PostAsJsonAsync($"/api/v1/payments/{part.GetProperty("id").GetInt64()}/resolve", new { accept = true, note = "Nhận một phần" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var (after, afterQr) = await SlipAsync(desk, code, "mau-01-t10-part");
        Assert.Contains("Còn phải nộp phí, lệ phí: 100.000 đồng (đã nộp 400.000 đồng của 500.000 đồng)", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Nộp phí, lệ phí: 500.000 đồng", after, StringComparison.Ordinal);
        Assert.Equal((100_000L, purpose), (afterQr!.AmountVnd, afterQr.Purpose));
        // The same amount the API and the lookup ask.
        var request = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("requests")[0];
        Assert.Equal(100_000, request.GetProperty("remainingVnd").GetInt64());
        Assert.Equal(100_000, VietQr.TryParse(request.GetProperty("vietQr").GetString()!, out _)!.AmountVnd);
        // The number is the slip's, first issued: a reprint is the same document.
        Assert.Equal(Regex.Match(first, @"Số: \S+").Value, Regex.Match(after, @"Số: \S+").Value);

        // The rest paid: no QR, the fee said paid.
        var rest = await partner.PaidAsync(app.CreateClient(), now, "T10R-rest", 100_000, purpose, now);
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("flag").ValueKind);
        var (paid, paidQr) = await SlipAsync(desk, code, "mau-01-t10-paid");
        Assert.Null(paidQr);
        Assert.Contains("Mức phí, lệ phí: 500.000 đồng, đã nộp đủ.", paid, StringComparison.Ordinal);
        Assert.DoesNotContain("phải nộp", paid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Theo_cong_bo_is_the_catalogue_s_cell_and_the_reason_is_shown_apart_1_003135_and_1_000889()
    {
        await CentreAdoption.AdoptAsync(app, "1.003135", "1.000889");
        app.Clock.Now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, VietnamTime.Offset);
        var desk = await app.OfficerAsync("tiepnhan.trungtam");

        // Unplaced until a case is chosen: the reason says so, the published text is the channel's cell.
        var byCase = await SubmitAsync("1.003135", "online", "046199701102");
        var fee = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{byCase}")).GetProperty("fee");
        Assert.Equal("unplaced", fee.GetProperty("source").GetString());
        Assert.Equal(Domain.Fees.UnplacedFees.NoCaseText, fee.GetProperty("reason").GetString());
        // Its online cell is empty and its amounts are only in the description: the published text is what the catalogue
        // writes of them (20,000 or 50,000 by case), never the reason.
        Assert.Equal("", CellOf("1.003135", "online"));
        var published = fee.GetProperty("publishedText").GetString()!;
        Assert.Contains("20.000", published, StringComparison.Ordinal);
        Assert.NotEqual(Domain.Fees.UnplacedFees.NoCaseText, published);
        var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{byCase}"));
        Assert.Contains($"id=\"fee-reason\">{Domain.Fees.UnplacedFees.NoCaseText}<", page, StringComparison.Ordinal);
        Assert.Contains("id=\"fee-published\">Lệ phí", page, StringComparison.Ordinal);

        // A read fee keeps the whole cell (the item's text is cut to its amount) and has no reason.
        var read = await SubmitAsync("1.000889", "direct", "046199701103");
        var readFee = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{read}")).GetProperty("fee");
        Assert.Equal(25_000, readFee.GetProperty("dueVnd").GetInt64());
        Assert.Equal(CellOf("1.000889", "direct"), readFee.GetProperty("publishedText").GetString());
        Assert.Contains("Thông tư số 64/2025/TT-BTC", readFee.GetProperty("publishedText").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, readFee.GetProperty("reason").ValueKind);
    }

    // The channel's fee cell as the catalogue publishes it, read by the same parser the import uses.
    private static string CellOf(string code, string channel)
    {
        var spec = Domain.Catalog.NationalCatalogParser.ParseLine(CatalogFile.LineOf(code)).Spec;
        return spec.Channels.Single(c => c.Channel == Domain.Dossiers.Channels.Parse(channel)!.Value).FeeText!.Trim();
    }
}
