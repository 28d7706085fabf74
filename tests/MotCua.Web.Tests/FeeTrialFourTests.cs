using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Payments;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Fourth trial of issue 14 (docs/FEES.md "Fourth trial fixes"), over real HTTP and PostgreSQL: the request raised at an
/// API intake with a past <c>submittedAt</c> is dated at that instant; a replacement receipt names the receipt it replaces
/// and keeps the bank as collector; /ke-toan offers no refund of an open obligation's money; the demo's units have valid
/// tax codes and a unit without one is warned about.
/// </summary>
public class FeeTrialFourTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> CodeOf(HttpResponseMessage submitted)
    {
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, $"{(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    // A dossier of the centre awaiting payment (status 6) since the clock's instant, with its obligation's open request.
    private async Task<string> AwaitingPaymentAsync(long amount, string name)
    {
        var code = await CodeOf(await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: name)));
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "transfer");
        await OkAsync(await app.OfficerAsync("truongphong.trungtam"), code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = amount, kind = "charge" });
        return code;
    }

    private async Task<PaymentPartner> PartnerAsync(string name) => await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name);

    private Task<JsonElement> SendAsync(PaymentPartner partner, string transactionId, long amount, string purpose, DateTimeOffset paidAt) =>
        partner.PaidAsync(app.CreateClient(), app.Clock.Now, transactionId, amount, purpose, paidAt);

    private async Task<string?> TextAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync()) as string;
    }

    private static string Flat(string text) => string.Join(' ', text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task An_api_intake_with_a_past_submittedAt_raises_its_request_then_and_a_payment_that_day_settles_unflagged()
    {
        app.Clock.Now = At(20, 9);
        var submittedAt = At(17, 9);
        var code = await CodeOf(await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: "046199400001", submittedAt: submittedAt)));
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id
            WHERE d.code = '{code}' AND r.reason = 'intake' AND r.status = 'open' AND r.created_at = '{submittedAt:O}' AND r.created_at = d.received_at
            """));
        var amount = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");

        var payment = await SendAsync(await PartnerAsync("bank-past"), "PAST-1", amount, PaymentRequests.PurposeOf(code), submittedAt.AddHours(1));
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("flag").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, payment.GetProperty("receiptId").ValueKind);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.status = 'paid'"));

        // The accountant records the same day's cash for another such dossier: accepted, not refused as before the request.
        var cash = await CodeOf(await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: "046199400002", submittedAt: submittedAt)));
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{cash}'");
        var confirmed = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = amount, method = "cash", paidAt = submittedAt.AddHours(2) });
        Assert.True(confirmed.StatusCode == HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        Assert.NotEqual(JsonValueKind.Null, (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptId").ValueKind);
    }

    [Fact]
    public async Task A_replacement_receipt_names_the_one_it_replaces_and_keeps_the_bank_as_collector()
    {
        app.Clock.Now = At(24, 9);
        var partner = await PartnerAsync("bank-replace");
        var code = await AwaitingPaymentAsync(90_000, "Nguyễn Thị Thay");
        app.Clock.Now = At(24, 11);
        var payment = await SendAsync(partner, "RP-1", 90_000, $"NVTC 1 {code}", At(24, 10));
        var paymentId = payment.GetProperty("id").GetInt64();
        var receiptId = payment.GetProperty("receiptId").GetInt64();
        var first = await TextAsync($"SELECT series || '-' || lpad(number::text, 7, '0') FROM receipts WHERE id = {receiptId}");
        var accountantName = (await TextAsync("SELECT full_name FROM users WHERE user_name = 'ketoan.trungtam'"))!;

        // The next morning (signed in then: a session does not outlive the night).
        app.Clock.Now = At(25, 8);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/receipts/{receiptId}/cancel", new { reason = "Ghi sai tên người nộp" })).StatusCode);
        var replaced = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/receipt", new { payerName = "Nguyễn Thị Thay" });
        Assert.True(replaced.IsSuccessStatusCode, await replaced.Content.ReadAsStringAsync());
        var view = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        var line = $"Thay thế cho biên lai số {first} ngày 24/11/2025";
        Assert.Equal(line, view.GetProperty("replacesLine").GetString());
        var replacementId = view.GetProperty("receiptId").GetInt64();

        var pdf = PdfTools.Save("bien-lai-thay-the-ghi-so-cu", await accountant.GetByteArrayAsync($"/api/v1/receipts/{replacementId}.pdf"));
        var text = Flat(PdfTools.Text(pdf));
        PdfTools.RenderPng(pdf);
        Assert.Contains(line, text, StringComparison.Ordinal);
        Assert.Contains("thu qua Ngân hàng bank-replace", text, StringComparison.Ordinal);
        Assert.DoesNotContain(accountantName, text, StringComparison.Ordinal);

        var token = await TextAsync($"SELECT verification_token FROM receipts WHERE id = {replacementId}");
        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/xac-thuc/bien-lai/{token}"));
        Assert.Contains($"<p id=\"replaces\"><strong>{line}</strong>.</p>", page, StringComparison.Ordinal);
        Assert.Contains(line, Flat(PdfTools.Text(PdfTools.Save("bien-lai-thay-the-nguoi-nop", await app.CreateClient().GetByteArrayAsync($"/xac-thuc/bien-lai/{token}.pdf")))), StringComparison.Ordinal);
        // The first receipt is no replacement: it prints no such line.
        Assert.DoesNotContain("Thay thế cho biên lai", Flat(PdfTools.Text(PdfTools.Save("bien-lai-goc", await accountant.GetByteArrayAsync($"/api/v1/receipts/{receiptId}.pdf")))), StringComparison.Ordinal);
        output.WriteLine($"{line}; rendered in {PdfTools.OutputDirectory}");
    }

    [Fact]
    public async Task Ke_toan_offers_no_refund_of_an_open_obligations_money_and_says_why_until_the_dossier_is_withdrawn()
    {
        app.Clock.Now = At(26, 9);
        var partner = await PartnerAsync("bank-held");
        var code = await AwaitingPaymentAsync(250_000, "Phạm Thị Giữ");
        app.Clock.Now = At(26, 11);
        var paymentId = (await SendAsync(partner, "HELD-1", 250_000, $"NVTC 1 {code}", At(26, 10))).GetProperty("id").GetInt64();
        var accountant = await app.OfficerAsync("ketoan.trungtam");

        var html = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.DoesNotContain($"id=\"settled-amountVnd-{paymentId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"muted\" id=\"held-{paymentId}\">Không hoàn trả: {PaymentRefunds.DueHeld}</span>", html, StringComparison.Ordinal);

        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        html = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains($"id=\"settled-amountVnd-{paymentId}\" name=\"amountVnd\" inputmode=\"numeric\" autocomplete=\"off\" required value=\"{ConfirmationModel.Typed(250_000)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"held-{paymentId}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demos_units_have_valid_tax_codes_and_a_unit_without_one_is_warned_about()
    {
        var units = await app.ScalarAsync("SELECT count(*) FROM agencies WHERE receives_dossiers");
        Assert.True(units > 0);
        Assert.Equal(units, await app.ScalarAsync("SELECT count(*) FROM agencies a JOIN receipt_series s ON s.agency_id = a.id WHERE a.receives_dossiers AND s.tax_code IS NOT NULL"));
        var centreTax = (await TextAsync($"SELECT s.tax_code FROM receipt_series s JOIN agencies a ON a.id = s.agency_id WHERE a.code = '{DemoData.CentreCode}'"))!;
        for (var id = 1L; id <= await app.ScalarAsync("SELECT max(id) FROM agencies"); id++)
            if (await TextAsync($"SELECT tax_code FROM receipt_series WHERE agency_id = {id}") is { } taxCode)
                Assert.Equal((taxCode, (string?)null), TaxCode.Normalize(taxCode));

        var admin = await app.OfficerAsync("quantri");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        Assert.DoesNotContain("id=\"no-tax-code\"", await accountant.GetStringAsync("/ke-toan"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"no-tax-code\"", await admin.GetStringAsync("/quan-tri/ky-hieu-bien-lai"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.CentreCode}/receipt-series",
            new { formNumber = "01BLP0-001", seriesPrefix = "MC", taxCode = "" })).StatusCode);
        try
        {
            var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
            Assert.Contains($"<p class=\"notice bad\" role=\"alert\" id=\"no-tax-code\">{TaxCode.MissingWarning}</p>", page, StringComparison.Ordinal);
            var series = WebUtility.HtmlDecode(await admin.GetStringAsync("/quan-tri/ky-hieu-bien-lai"));
            Assert.Contains("id=\"no-tax-code\"", series, StringComparison.Ordinal);
            Assert.Contains("Chưa có: Trung tâm Phục vụ hành chính công thành phố Huế.", series, StringComparison.Ordinal);
            Assert.Contains("Chưa có mã số thuế", series, StringComparison.Ordinal);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.CentreCode}/receipt-series",
                new { formNumber = "01BLP0-001", seriesPrefix = "MC", taxCode = centreTax })).StatusCode);
        }
    }
}
