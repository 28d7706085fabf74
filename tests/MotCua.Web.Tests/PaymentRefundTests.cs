using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, refunds: <c>POST /api/v1/payments/{id}/refunds</c> and the accountant's page, over real HTTP and PostgreSQL:
/// the fields named, 403/404/409 as the other payment endpoints, ten refunds at once never exceeding the payment, a
/// full refund cancelling the receipt ("Hoàn trả: …", number kept) and making the request <c>refunded</c>, a flagged
/// payment refunded from /ke-toan, and the fee register counting them.
/// </summary>
public class PaymentRefundTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task OkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // A centre dossier whose 60,000 lệ phí obligation the accountant confirmed in cash, then withdrawn: the payment id and its request.
    private async Task<(string Code, long Payment, long Request)> PaidAsync(string idNumber, bool withdraw = true)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, idNumber: idNumber));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), $"/api/v1/dossiers/{code}/transfer", new { });
        await OkAsync(await app.OfficerAsync("truongphong.trungtam"), $"/api/v1/dossiers/{code}/assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), $"/api/v1/dossiers/{code}/financial-obligation", new { note = "Lệ phí cấp giấy", amountVnd = 60_000, kind = "charge" });
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.status = 'open'");
        var confirmed = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = 60_000, method = "cash", paidAt = app.Clock.Now, payerName = "Lê Thị Hoa" });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        // The obligation's money is refunded only once the dossier is closed (PaymentRefunds.ObligationHeld, third trial):
        // the citizen withdraws it.
        if (withdraw) await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), $"/api/v1/dossiers/{code}/withdraw", new { reason = "Người dân xin rút hồ sơ" });
        return (code, (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(), request);
    }

    [Fact]
    public async Task Bad_fields_are_named_other_roles_403_another_units_payment_404_and_nothing_is_written()
    {
        app.Clock.Now = At(18, 9);
        var (_, payment, _) = await PaidAsync("046190012001");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var bad = await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 0, reason = " ", method = "cheque" });
        var problem = await IntakeApiTests.AssertProblem(bad, "amountVnd");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reason", out _) && errors.TryGetProperty("method", out _), errors.ToString());
        var over = await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 60_001, reason = "Nộp thừa", method = "cash" });
        Assert.Contains("60.000 đồng", (await IntakeApiTests.AssertProblem(over, "amountVnd")).GetProperty("errors").GetProperty("amountVnd")[0].GetString());
        var early = await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 1, reason = "Nộp thừa", method = "cash", refundedAt = At(17, 9) });
        await IntakeApiTests.AssertProblem(early, "refundedAt");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{payment}/refunds",
            new { amountVnd = 1, reason = "Nộp thừa", method = "cash" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await accountant.PostAsJsonAsync("/api/v1/payments/987654321/refunds", new { amountVnd = 1, reason = "Nộp thừa", method = "cash" })).StatusCode);

        // A payment for a dossier received at Thuận Hóa is not the centre accountant's to refund.
        var other = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.ThuanHoaCode, idNumber: "046190012002"));
        var otherCode = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var foreign = await app.ScalarAsync($"""
            INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at, flag)
            SELECT id, 20000, 'transfer', now(), now(), 'unmatched' FROM dossiers WHERE code = '{otherCode}' RETURNING id
            """);
        Assert.Equal(HttpStatusCode.NotFound, (await accountant.PostAsJsonAsync($"/api/v1/payments/{foreign}/refunds", new { amountVnd = 1, reason = "Nộp thừa", method = "cash" })).StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payment_refunds WHERE payment_id IN ({payment}, {foreign})"));

        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var post = document.GetProperty("paths").GetProperty("/api/v1/payments/{id}/refunds").GetProperty("post");
        Assert.Contains("hoàn trả", post.GetProperty("summary").GetString());
        foreach (var status in new[] { "200", "403", "404", "409", "422" }) Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), status);
    }

    [Fact]
    public async Task Ten_refunds_at_once_never_exceed_the_payment_and_the_full_one_cancels_the_receipt_and_refunds_the_request()
    {
        app.Clock.Now = At(19, 9);
        var (code, payment, request) = await PaidAsync("046190012003");
        var receipt = await app.ScalarAsync($"SELECT number FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NULL");
        app.Clock.Now = At(19, 15);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        // Each states its own instant: ten refunds, not one sent ten times (PaymentRefunds.ResendWindow, fees37).
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds",
            new { amountVnd = 10_000, reason = "Hồ sơ bị từ chối trước khi thẩm định", method = "cash", refundedAt = At(19, 10).AddMinutes(i) })));
        var statuses = answers.Select(a => (int)a.StatusCode).ToList();
        output.WriteLine($"10 hoàn trả 10.000 đồng cùng lúc của khoản 60.000: {string.Join(", ", statuses)}");
        Assert.Equal(6, statuses.Count(s => s == 200));
        Assert.Equal(4, statuses.Count(s => s == 409));
        Assert.Equal(60_000, await app.ScalarAsync($"SELECT sum(amount_vnd) FROM payment_refunds WHERE payment_id = {payment}"));
        var views = await Task.WhenAll(answers.Where(a => a.StatusCode == HttpStatusCode.OK).Select(a => a.Content.ReadFromJsonAsync<JsonElement>()));
        var full = Assert.Single(views, v => v.GetProperty("full").GetBoolean());
        Assert.Equal(0, full.GetProperty("refundableVnd").GetInt64());
        Assert.EndsWith(MotCua.Domain.Receipts.ReceiptNumbering.Printed((int)receipt), full.GetProperty("cancelledReceipt").GetString());

        // The receipt is cancelled with "Hoàn trả: …" and keeps its number; the request is refunded, not paid.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE payment_id = {payment} AND number = {receipt} AND cancel_reason = 'Hoàn trả: Hồ sơ bị từ chối trước khi thẩm định'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NULL"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {request} AND status = 'refunded'"));
        var payments = await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        Assert.Equal("refunded", payments.GetProperty("requests")[0].GetProperty("status").GetString());
        Assert.Equal(6, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'payment.refund' AND subject = 'payment:{payment}'"));
        var again = await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 1, reason = "Nộp thừa", method = "cash" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_flagged_payment_is_listed_to_refund_on_the_page_refunded_there_and_the_register_counts_the_refunds()
    {
        app.Clock.Now = At(21, 9);
        // Open while the duplicate arrives (a closed dossier's money is flagged dossierClosed instead).
        var (code, payment, request) = await PaidAsync("046190012004", withdraw: false);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        // The same cash again, paid later (the same confirmation resent is not a payment: PaymentMatching.ResendWindow): a
        // duplicate, to be handed back.
        app.Clock.Now = At(21, 9).AddMinutes(10);
        var duplicate = await (await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = 60_000, method = "cash", paidAt = At(21, 9).AddMinutes(10) }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("duplicate", duplicate.GetProperty("flag").GetString());
        var duplicateId = duplicate.GetProperty("id").GetInt64();

        app.Clock.Now = At(21, 16);
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains("Khoản tiền cần hoàn trả", page);
        Assert.Contains($"name=\"id\" value=\"{duplicateId}\"", page);
        Assert.DoesNotContain("type=\"datetime-local\"", page);
        var token = MotCuaApp.AntiforgeryToken(page);
        var unreadable = await accountant.PostAsync("/ke-toan?handler=Refund", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["id"] = duplicateId.ToString(), ["amountVnd"] = "60000", ["method"] = "cash",
            ["reason"] = "Nộp trùng", ["refundedAt"] = "11/21/2025 10:00",
        }));
        Assert.Contains("Hoàn trả lúc", WebUtility.HtmlDecode(await unreadable.Content.ReadAsStringAsync()));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payment_refunds WHERE payment_id = {duplicateId}"));
        var done = await accountant.PostAsync("/ke-toan?handler=Refund", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["id"] = duplicateId.ToString(), ["amountVnd"] = "60000", ["method"] = "cash",
            ["reason"] = "Nộp trùng", ["refundedAt"] = "21/11/2025 10:00",
        }));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_refunds WHERE payment_id = {duplicateId} AND receipt_id IS NULL AND refunded_at = '{At(21, 10):O}'"));
        // Refunding the duplicate leaves the request paid by the first payment, whose receipt stands.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {request} AND status = 'paid'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NULL"));
        // Handed back in full, the duplicate's flag is resolved with the refund as its note and leaves both lists.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payments WHERE id = {duplicateId} AND flag_accepted = false AND flag_note = 'Hoàn trả: Nộp trùng'"));
        page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.DoesNotContain($"name=\"id\" value=\"{duplicateId}\"", page);
        Assert.Contains("Nộp trùng", page);

        // A part of the settled payment handed back in cash the same day, once the dossier is withdrawn.
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), $"/api/v1/dossiers/{code}/withdraw", new { reason = "Người dân xin rút hồ sơ" });
        await OkAsync(accountant, $"/api/v1/payments/{payment}/refunds", new { amountVnd = 15_000, reason = "Nộp thừa so với mức lệ phí", method = "cash" });
        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-11-21&to=2025-11-21")).GetProperty("register");
        output.WriteLine(register.GetProperty("days").ToString());
        var day = Assert.Single(register.GetProperty("days").EnumerateArray());
        var cashIn = await app.ScalarAsync("""
            SELECT coalesce(sum(r.amount_vnd), 0) FROM receipts r JOIN payments p ON p.id = r.payment_id
            WHERE p.method = 'cash' AND p.paid_at >= '2025-11-21T00:00:00+07:00' AND p.paid_at < '2025-11-22T00:00:00+07:00' AND r.cancelled_at IS NULL
            """);
        Assert.Equal(cashIn, day.GetProperty("cashVnd").GetInt64());
        Assert.Equal(15_000, day.GetProperty("refundedVnd").GetInt64());
        // The 60,000 duplicate came in as cash without a receipt and went back in cash the same day: counted in as unreceipted
        // cash and out as a cash refund (brief fees38b); with the 15,000 of the receipt, 75,000 went out of the drawer.
        Assert.Equal(60_000, day.GetProperty("unreceiptedCashVnd").GetInt64());
        Assert.Equal(cashIn - 15_000, day.GetProperty("cashHandoverVnd").GetInt64());
        Assert.Equal(75_000, day.GetProperty("cashRefundedVnd").GetInt64());
        Assert.Equal(day.GetProperty("totalVnd").GetInt64() - 15_000, day.GetProperty("netVnd").GetInt64());
        var totals = register.GetProperty("totals");
        Assert.Equal((15_000L, 60_000L), (totals.GetProperty("refundedVnd").GetInt64(), totals.GetProperty("unreceiptedRefundedVnd").GetInt64()));
        Assert.Equal(2, register.GetProperty("refunds").GetArrayLength());
        Assert.Equal(15_000, register.GetProperty("reconciliation").GetProperty("refundedVnd").GetInt64());
        var pdf = await accountant.GetByteArrayAsync("/api/v1/registers/fees.pdf?from=2025-11-21&to=2025-11-21");
        Assert.True(pdf.Length > 1000);
    }
}
