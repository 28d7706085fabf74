using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, receipts' routes over real HTTP and PostgreSQL: the PDF for the officers who may read the dossier, the payer's
/// copy by the verification token, the public verification page (initials only), and the cancellation (accountant or
/// leader of the collecting unit; never a deletion; "ĐÃ HỦY" printed; the payment then gets a new receipt). Payments are
/// written by SQL per migration 0032's contract (the payments features are other branches).
/// </summary>
public class ReceiptRoutesTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string Payer = "Trần Thị Bình";

    private async Task<(string Code, long Payment)> CentrePaymentAsync(long amount)
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, procedureCode: "1.004837", fullName: Payer));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var dossier = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        var items = $$"""[{"name":"Lệ phí cấp giấy","kind":"charge","amountVnd":{{amount}}}]""";
        return (code, await app.InsertAsync(dossier, amount, items, $"Nop phi {code}", "transfer", Payer));
    }

    private static string PdfText(byte[] pdf, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        return MotCuaApp.Tool("pdftotext", $"-layout {file} -");
    }

    /// <summary>The QR codes of every page of a PDF, decoded by zbarimg from pdftoppm's images, one a line.</summary>
    private static string QrOf(byte[] pdf)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}");
        File.WriteAllBytes(stem + ".pdf", pdf);
        MotCuaApp.Tool("pdftoppm", $"-r 300 -png {stem}.pdf {stem}");
        var pages = Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(stem) + "-*.png").Order(StringComparer.Ordinal);
        return MotCuaApp.Tool("zbarimg", $"--quiet --raw {string.Join(' ', pages)}").Trim();
    }

    [Fact]
    public async Task The_administrator_sets_a_units_form_number_and_series_and_the_next_receipt_is_numbered_in_them()
    {
        var admin = await app.OfficerAsync("quantri");
        var path = $"/api/v1/admin/agencies/{DemoData.CentreCode}/receipt-series";
        var bad = await admin.PutAsJsonAsync(path, new { formNumber = "biên lai", seriesPrefix = "M1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("formNumber", out _) && errors.TryGetProperty("seriesPrefix", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("ketoan.trungtam")).PutAsJsonAsync(path, new { formNumber = "02BLP0-002", seriesPrefix = "HU" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(path, new { formNumber = "02blp0-002", seriesPrefix = "hu" })).StatusCode);

        var (_, payment) = await CentrePaymentAsync(20_000);
        var id = await app.IssueReceiptAsync(payment);
        var year = app.Clock.Now.ToOffset(TimeSpan.FromHours(7)).Year % 100; // the series of the year of issue, the app clock's
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE id = {id} AND form_number = '02BLP0-002' AND series = 'HU-{year:00}E' AND number = 1"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'receipt-series.set' AND subject = 'agency:{DemoData.CentreCode}'"));
        // Back to the defaults, so the other tests of this class number in MC.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(path, new { formNumber = "01BLP0-001", seriesPrefix = "MC" })).StatusCode);
    }

    [Fact]
    public async Task Mau_01_prints_the_VietQR_of_the_open_payment_request_and_it_decodes_to_the_amount_and_code()
    {
        var client = app.ApiClient();
        var response = await client.SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, procedureCode: "1.004837", fullName: Payer));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var dossier = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        var purpose = VietQr.PurposeFor(code);
        var qr = VietQr.Encode(new VietQrPayment("970415", "113366668888", 125_000, purpose));
        await app.ScalarAsync($"""
            INSERT INTO payment_requests (dossier_id, reason, amount_vnd, purpose, vietqr, status, created_at)
            VALUES ({dossier}, 'intake', 125000, '{purpose}', '{qr}', 'open', now()) RETURNING id
            """);

        var slip = await client.GetAsync($"/api/v1/dossiers/{code}/receipt.pdf");
        Assert.Equal(HttpStatusCode.OK, slip.StatusCode);
        var pdf = await slip.Content.ReadAsByteArrayAsync();
        var decoded = QrOf(pdf).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var printed = Assert.Single(decoded, d => d.StartsWith("000201", StringComparison.Ordinal));
        var parsed = VietQr.TryParse(printed, out var error);
        Assert.True(parsed is not null, error);
        Assert.Equal(125_000, parsed.AmountVnd);
        Assert.Equal("970415", parsed.BankBin);
        Assert.EndsWith(code, parsed.Purpose, StringComparison.Ordinal);
        Assert.Contains("125.000 đồng", PdfText(pdf, "mau-01"), StringComparison.Ordinal);
        output.WriteLine($"Mẫu 01 of {code}: {decoded.Length} QR codes decoded; VietQR {printed} → {parsed.BankBin}/{parsed.AccountNumber} {parsed.AmountVnd} VND \"{parsed.Purpose}\"");
    }

    [Fact]
    public async Task A_receipt_is_read_by_its_officers_verified_in_public_and_cancelled_by_the_accountant_never_deleted()
    {
        var (code, payment) = await CentrePaymentAsync(50_000);
        var id = await app.IssueReceiptAsync(payment);
        var number = await app.ScalarAsync($"SELECT number FROM receipts WHERE id = {id}");

        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var response = await accountant.GetAsync($"/api/v1/receipts/{id}.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText(pdf, "receipt");
        Assert.Contains("BIÊN LAI THU PHÍ, LỆ PHÍ", text, StringComparison.Ordinal);
        Assert.Contains($"{number:0000000}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ĐÃ HỦY", text, StringComparison.Ordinal);

        // Who else may read it: the inspector yes; an officer of another unit and a stranger no.
        Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync("thanhtra")).GetAsync($"/api/v1/receipts/{id}.pdf")).StatusCode);
        var foreign = await (await app.OfficerAsync("tiepnhan.phuxuan")).GetAsync($"/api/v1/receipts/{id}.pdf");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        var anonymous = app.SessionClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/receipts/{id}.pdf")).StatusCode);

        // The QR printed on it opens the public verification page: valid, the number, the initials, not the name.
        var verifyUrl = QrOf(pdf);
        output.WriteLine($"receipt {id} number {number:0000000} of dossier {code}; QR: {verifyUrl}");
        var path = new Uri(verifyUrl).AbsolutePath;
        Assert.StartsWith("/xac-thuc/bien-lai/", path, StringComparison.Ordinal);
        var page = await anonymous.GetStringAsync(path);
        Assert.Contains("hợp lệ", page, StringComparison.Ordinal);
        Assert.Contains($"{number:0000000}", page, StringComparison.Ordinal);
        Assert.Contains("T. T. B.", page, StringComparison.Ordinal);
        Assert.Contains("50.000 đồng", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Payer, page, StringComparison.Ordinal);
        Assert.DoesNotContain(code, page, StringComparison.Ordinal);
        // The payer's copy by the token; a wrong token finds nothing.
        var copy = await anonymous.GetAsync(path + ".pdf");
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        Assert.Contains(Payer, PdfText(await copy.Content.ReadAsByteArrayAsync(), "copy"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/xac-thuc/bien-lai/AAAAAAAAAAAAAAAAAAAAAAAA.pdf")).StatusCode);
        Assert.Contains("Không tìm thấy biên lai", await anonymous.GetStringAsync("/xac-thuc/bien-lai/khong-co"), StringComparison.Ordinal);

        // Cancellation: a desk officer 403, a leader of another unit 404, no reason 422 naming it; nothing changed by them.
        var cancel = $"/api/v1/receipts/{id}/cancel";
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync(cancel, new { reason = "Nhầm" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("lanhdao.thuanhoa")).PostAsJsonAsync(cancel, new { reason = "Nhầm" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().PostAsJsonAsync(cancel, new { reason = "Nhầm" })).StatusCode);
        var noReason = await accountant.PostAsJsonAsync(cancel, new { reason = "  " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE id = {id} AND cancelled_at IS NOT NULL"));

        var done = await accountant.PostAsJsonAsync(cancel, new { reason = "Ghi sai số tiền" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await accountant.PostAsJsonAsync(cancel, new { reason = "Lần hai" })).StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE id = {id} AND cancel_reason = 'Ghi sai số tiền' AND cancelled_by IS NOT NULL"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'receipt.cancel' AND subject = 'receipt:{id}'"));

        var cancelled = PdfText(await accountant.GetByteArrayAsync($"/api/v1/receipts/{id}.pdf"), "cancelled");
        Assert.Contains("ĐÃ HỦY", cancelled, StringComparison.Ordinal);
        Assert.Contains("Ghi sai số tiền", cancelled, StringComparison.Ordinal);
        Assert.Contains("ĐÃ HỦY", await anonymous.GetStringAsync(path), StringComparison.Ordinal);

        // The payment receives a new receipt with the next number; the cancelled one keeps its own.
        var replacement = await app.IssueReceiptAsync(payment);
        Assert.NotEqual(id, replacement);
        var next = await app.ScalarAsync($"SELECT number FROM receipts WHERE id = {replacement} AND cancelled_at IS NULL");
        Assert.True(next > number);
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE payment_id = {payment}"));
        output.WriteLine($"cancelled {number:0000000}; replacement receipt {replacement} number {next:0000000}");
    }
}
