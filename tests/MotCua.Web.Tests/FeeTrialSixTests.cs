using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Sixth round of issue 14 (docs/FEES.md "Fifth trial fixes"), over real HTTP and PostgreSQL: accepting a flagged payment
/// re-decides it with the callback's rule (<see cref="PaymentMatching.Recheck"/>), so money for a fee already paid by
/// other money becomes a duplicate to refund, never a second receipt; a callback naming the intake fee's description
/// while a financial obligation is open is a duplicate of the paid intake request.
/// </summary>
public class FeeTrialSixTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour) => new(2025, 11, day, hour, 0, 0, VietnamTime.Offset);

    private static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<(string Code, long Amount, long RequestId)> SubmitAsync(string idNumber, DateTimeOffset? submittedAt = null)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber, submittedAt: submittedAt));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var amount = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        Assert.True(amount > 2, "1.001294 charges an intake fee");
        return (code, amount, request);
    }

    private async Task<PaymentPartner> PartnerAsync(string name) => await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name);

    private Task<JsonElement> SendAsync(PaymentPartner partner, string transactionId, long amount, string purpose, DateTimeOffset paidAt) =>
        partner.PaidAsync(app.CreateClient(), app.Clock.Now, transactionId, amount, purpose, paidAt);

    private Task<long> ReceiptsAsync(string code) => app.ScalarAsync($"""
        SELECT count(*) FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id
        WHERE d.code = '{code}' AND r.cancelled_at IS NULL
        """);

    // The accountant accepts the flagged payment over the API: refused (409) as paid twice, and nothing changed (fees40b,
    // trial14u MEDIUM 2: the refusal no longer rewrites the flag to duplicate): still open under its own flag on /ke-toan
    // for the refund; the fee keeps its one receipt.
    private async Task AcceptIsRefusedAsDuplicateAsync(string code, long paymentId, PaymentFlag flag)
    {
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var accepted = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/resolve", new { accept = true, note = "Đã đối chiếu sao kê" });
        var problem = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Conflict, problem);
        Assert.Contains("nộp trùng", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await ReceiptsAsync(code));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payments WHERE id = {paymentId} AND flag = '{flag.Code()}' AND flag_resolved_at IS NULL AND flag_accepted IS NULL"));
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains(flag.Vietnamese(), page, StringComparison.Ordinal);
        Assert.Contains("Khoản tiền cần hoàn trả", page, StringComparison.Ordinal);
        // A second try gives the duplicate's own refusal, and still no receipt.
        Assert.Equal(HttpStatusCode.Conflict, (await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/resolve", new { accept = true, note = "Thử lại" })).StatusCode);
        Assert.Equal(1, await ReceiptsAsync(code));
    }

    [Fact]
    public async Task A_late_callback_accepted_after_cash_paid_the_fee_is_a_duplicate_not_a_second_receipt()
    {
        app.Clock.Now = At(28, 9);
        var submittedAt = At(24, 9);
        var (code, amount, request) = await SubmitAsync("046199700001", submittedAt);
        var late = await SendAsync(await PartnerAsync("bank-six-a"), "SIX-A-1", amount, PaymentRequests.PurposeOf(code), submittedAt.AddHours(1));
        Assert.Equal("late", late.GetProperty("flag").GetString());
        var cash = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = amount, method = "cash", paidAt = submittedAt.AddHours(2) });
        Assert.True(cash.StatusCode == HttpStatusCode.OK, await cash.Content.ReadAsStringAsync());
        Assert.Equal(1, await ReceiptsAsync(code));
        await AcceptIsRefusedAsDuplicateAsync(code, late.GetProperty("id").GetInt64(), PaymentFlag.Late);
    }

    [Fact]
    public async Task An_underpayment_accepted_after_a_full_callback_settled_the_fee_is_a_duplicate_not_a_second_receipt()
    {
        app.Clock.Now = At(26, 9);
        var (code, amount, _) = await SubmitAsync("046199700002");
        var partner = await PartnerAsync("bank-six-b");
        var part = await SendAsync(partner, "SIX-B-1", 1_000, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal("underpaid", part.GetProperty("flag").GetString());
        var full = await SendAsync(partner, "SIX-B-2", amount, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal(JsonValueKind.Null, full.GetProperty("flag").ValueKind);
        Assert.Equal(1, await ReceiptsAsync(code));
        await AcceptIsRefusedAsDuplicateAsync(code, part.GetProperty("id").GetInt64(), PaymentFlag.Underpaid);
    }

    [Fact]
    public async Task The_intake_fees_description_during_a_financial_obligation_is_a_duplicate_of_the_paid_intake_request()
    {
        app.Clock.Now = At(25, 9);
        var (code, amount, request) = await SubmitAsync("046199700003");
        var partner = await PartnerAsync("bank-six-c");
        var paid = await SendAsync(partner, "SIX-C-1", amount, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "transfer");
        await OkAsync(await app.OfficerAsync("truongphong.trungtam"), code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = amount + 50_000, kind = "charge" });

        var again = await SendAsync(partner, "SIX-C-2", amount, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal("duplicate", again.GetProperty("flag").GetString());
        Assert.Equal(request, again.GetProperty("requestId").GetInt64());
        Assert.Equal(1, await ReceiptsAsync(code));
        var accepted = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{again.GetProperty("id").GetInt64()}/resolve",
            new { accept = true, note = "Đã đối chiếu sao kê" });
        Assert.Equal(HttpStatusCode.Conflict, accepted.StatusCode);
        Assert.Equal(1, await ReceiptsAsync(code));
        // The obligation's own description still pays the obligation.
        var obligation = await SendAsync(partner, "SIX-C-3", amount + 50_000, PaymentRequests.ObligationPurposeOf(code, 1), app.Clock.Now);
        Assert.Equal(JsonValueKind.Null, obligation.GetProperty("flag").ValueKind);
    }

    private static readonly Lazy<(string Line, ProcedureSpec Spec)> Aircraft = new(() =>
        CatalogFile.Lines.Where(l => l.Length > 0).Select(l => (Line: l, NationalCatalogParser.ParseLine(l).Spec)).First(p => p.Spec.Code == "1.004306"));

    private static FeeRules Rules => FeeTextReader.Read(Aircraft.Value.Spec, Aircraft.Value.Spec.Channels.First(c => c.Channel == Channel.Direct));

    private async Task AdoptAircraftAsync()
    {
        if (await app.ScalarAsync("SELECT count(*) FROM agency_procedures WHERE procedure_code = '1.004306'") > 0) return;
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(Aircraft.Value.Line + "\n"));
        await importer.ImportAsync(file, "per-unit.jsonl", null, null, CancellationToken.None);
        await app.ScalarAsync($"""
            INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '1.004306' FROM agencies WHERE code = '{DemoData.CentreCode}'
            ON CONFLICT DO NOTHING RETURNING 1
            """);
    }

    [Fact]
    public async Task Mau_01_prints_each_per_unit_line_under_the_total_as_the_receipt_does()
    {
        await AdoptAircraftAsync();
        app.Clock.Now = At(20, 9);
        var perAircraft = Rules.Items.Select((item, i) => (item, i)).First(x => x.item.Unit == "chiếc" && x.item.AmountVnd == 6_000_000).i + 1;
        var submitted = await app.ApiClient().SubmitAsync(new
        {
            procedureCode = "1.004306", agencyCode = DemoData.CentreCode, channel = "direct",
            applicant = new { fullName = "Trần Văn Bay", idNumber = "046199700008", phone = "0905123456", email = "bay@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
            feeCase = perAircraft, feeItems = new[] { new { item = perAircraft, quantity = 2 } },
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var pdf = await (await app.OfficerAsync("tiepnhan.trungtam")).GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf");
        var text = string.Join(' ', PdfTools.Text(PdfTools.Save("mau-01-theo-so-luong", pdf)).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("2 chiếc × 6.000.000 đồng = 12.000.000 đồng", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quantity_for_an_item_of_another_case_than_the_chosen_one_is_a_422_naming_the_item()
    {
        await AdoptAircraftAsync();
        app.Clock.Now = At(21, 9);
        Assert.True(Rules.ByCase);
        var perUnit = Rules.Items.Select((item, i) => (item, Number: i + 1)).Where(x => x.item.Unit is not null).Select(x => x.Number).ToList();
        Assert.True(perUnit.Count >= 2, "1.004306 has several cases charged per aircraft");
        var (chosen, other) = (perUnit[0], perUnit[1]);
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var response = await app.ApiClient().SubmitAsync(new
        {
            procedureCode = "1.004306", agencyCode = DemoData.CentreCode, channel = "direct",
            applicant = new { fullName = "Trần Văn Bay", idNumber = "046199700009", phone = "0905123456", email = "bay@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
            feeCase = chosen, feeItems = new[] { new { item = other, quantity = 2 } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("feeItems[0].item", out var message), body);
        Assert.Contains($"«{Rules.Items[other - 1].Name}»", message[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task The_lookup_after_an_underpayment_shows_what_was_received_and_what_is_left_without_a_qr_until_accepted()
    {
        app.Clock.Now = At(27, 9);
        var (code, amount, _) = await SubmitAsync("046199700004");
        var part = await SendAsync(await PartnerAsync("bank-six-lookup"), "SIX-L-1", 1_000, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal("underpaid", part.GetProperty("flag").GetString());
        string Vnd(long v) => v.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng";

        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}"));
        Assert.Contains($"Đã nhận {Vnd(1_000)}, chờ kế toán đối soát; còn phải nộp {Vnd(amount - 1_000)}.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-vietqr=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("TRAN THI BINH", page, StringComparison.Ordinal);

        // Accepted as a part: the QR asks only the remainder.
        var accepted = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{part.GetProperty("id").GetInt64()}/resolve",
            new { accept = true, note = "Nộp một phần" });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}"));
        Assert.DoesNotContain("chờ kế toán đối soát", page, StringComparison.Ordinal);
        var start = page.IndexOf("data-vietqr=\"", StringComparison.Ordinal) + "data-vietqr=\"".Length;
        Assert.Equal(amount - 1_000, VietQr.TryParse(page[start..page.IndexOf('"', start)], out _)?.AmountVnd);
    }

    [Fact]
    public async Task An_accepted_overpayment_whose_excess_went_back_is_not_shown_as_all_refunded()
    {
        app.Clock.Now = At(19, 9);
        var (code, amount, _) = await SubmitAsync("046199700005");
        var over = await SendAsync(await PartnerAsync("bank-six-over"), "SIX-O-1", amount + 5_000, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal("overpaid", over.GetProperty("flag").GetString());
        var id = over.GetProperty("id").GetInt64();
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var accepted = await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/resolve", new { accept = true, note = "Nộp thừa 5.000" });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var refunded = await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/refunds", new { amountVnd = 5_000, reason = "Trả phần thừa", method = "transfer" });
        Assert.True(refunded.IsSuccessStatusCode, await refunded.Content.ReadAsStringAsync());
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains($"Đã hoàn trả phần nộp thừa; giữ lại {amount.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} đồng theo biên lai", page, StringComparison.Ordinal);
    }
}
