using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fresh trial's findings of brief fees38a (docs/FEES.md "Fresh trial (fees38a)") over real HTTP and
/// PostgreSQL: refunds sent at once of a payment matched to no dossier never exceed it; every withdrawal route (the
/// officer's API, the desk's page, the citizen's API and page) closes the dossier's open payment requests; one refund
/// rule for how much of a payment may go back given its dossier's state (statuses 2, 4, 10 held; 3, 7, 8 in full).
/// </summary>
public class FeeTrialThirtyEightTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    // Each test has its own month: the class's tests share one database.
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task OkAsync(string user, string code, string action, object body) =>
        await OkAsync(await (await app.OfficerAsync(user)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body));

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    // 1.001294 at the centre, received at the desk: status 2 with its intake fee request open (the amount is the data's).
    private async Task<(string Code, long Fee, long FeeRequest)> ReceiveAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        return (code, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}"), request);
    }

    private async Task<long> UnmatchedAsync(long amount) => await app.ScalarAsync($"""
        INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at, flag)
        VALUES (NULL, {amount}, 'transfer', '{app.Clock.Now.AddHours(-1):O}', '{app.Clock.Now.AddHours(-1):O}', 'unmatched') RETURNING id
        """);

    private static void NoServerError(IEnumerable<HttpResponseMessage> answers)
    {
        foreach (var answer in answers) Assert.True((int)answer.StatusCode is 200 or 409 or 422, $"{(int)answer.StatusCode}");
    }

    // ------------------------------------------------------------------ HIGH 1: refunds of an unmatched payment at once

    [Fact]
    public async Task Refunds_at_once_of_an_unmatched_payment_never_exceed_it()
    {
        app.Clock.Now = At(3, 3, 10);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var second = await app.OfficerAsync("ketoan.trungtam");
        // Five payments of 6,000 matched to no dossier; four refunds of 2,000 to 2,003 of each sent at once, from two sessions.
        var payments = new List<long>();
        for (var i = 0; i < 5; i++) payments.Add(await UnmatchedAsync(6_000));
        var answers = await Task.WhenAll(payments.SelectMany(p => Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? accountant : second)
            .PostAsJsonAsync($"/api/v1/payments/{p}/refunds", new { amountVnd = 2_000 + i, reason = "Không khớp hồ sơ nào", method = "transfer" }))));
        output.WriteLine(string.Join(", ", answers.Select(a => (int)a.StatusCode)));
        NoServerError(answers);
        foreach (var payment in payments)
        {
            var refunded = await app.ScalarAsync($"SELECT coalesce(sum(amount_vnd), 0) FROM payment_refunds WHERE payment_id = {payment}");
            output.WriteLine($"khoản {payment}: đã hoàn {refunded}");
            Assert.InRange(refunded, 2_000, 6_000);
        }

        // Two full refunds of a 7,000 payment at once: one is made, the other finds nothing left (409).
        var whole = new List<long>();
        for (var i = 0; i < 5; i++) whole.Add(await UnmatchedAsync(7_000));
        var full = await Task.WhenAll(whole.SelectMany(p => new[] { accountant, second }.Select((client, i) => client.PostAsJsonAsync($"/api/v1/payments/{p}/refunds",
            new { amountVnd = 7_000, reason = "Không khớp hồ sơ nào", method = "cash", refundedAt = At(3, 3, 9, i) }))));
        output.WriteLine(string.Join(", ", full.Select(a => (int)a.StatusCode)));
        NoServerError(full);
        Assert.Equal(5, full.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, full.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        foreach (var payment in whole)
            Assert.Equal(7_000, await app.ScalarAsync($"SELECT sum(amount_vnd) FROM payment_refunds WHERE payment_id = {payment}"));
    }

    // ------------------------------------------------------------------ HIGH 2: every withdrawal closes the requests

    // Status 6: the intake fee still open and a 100,000 financial obligation raised beside it.
    private async Task<string> AwaitingPaymentAsync(string idNumber)
    {
        var (code, _, _) = await ReceiveAsync(idNumber);
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("truongphong.trungtam", code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync("chuyenvien.trungtam", code, "financial-obligation", new { note = "Lệ phí cấp giấy", amountVnd = 100_000, kind = "charge" });
        Assert.Equal(6, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
        Assert.Equal(2, await OpenAsync(code));
        Assert.Contains("data-vietqr=", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}")), StringComparison.Ordinal);
        return code;
    }

    private Task<long> OpenAsync(string code) =>
        app.ScalarAsync($"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.status = 'open'");

    private async Task AssertClosedAsync(string code)
    {
        Assert.Equal(7, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
        Assert.Equal(0, await OpenAsync(code));
        Assert.Equal(2, await app.ScalarAsync($"""
            SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id
            WHERE d.code = '{code}' AND r.status = 'cancelled' AND r.cancel_reason LIKE 'Hồ sơ đã được rút%'
            """));
        var lookup = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}"));
        Assert.DoesNotContain("data-vietqr=", lookup, StringComparison.Ordinal);
        Assert.DoesNotContain(code, WebUtility.HtmlDecode(await (await app.OfficerAsync("ketoan.trungtam")).GetStringAsync("/ke-toan")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_officers_api_and_the_desks_page_close_the_open_requests_at_withdrawal()
    {
        app.Clock.Now = At(4, 7, 9);
        var byApi = await AwaitingPaymentAsync("046199838001");
        await OkAsync("tiepnhan.trungtam", byApi, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        await AssertClosedAsync(byApi);

        var byPage = await AwaitingPaymentAsync("046199838002");
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{byPage}"));
        var posted = await desk.PostAsync($"/ho-so/{byPage}?handler=Act&action=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["f.Reason"] = "Người dân xin rút hồ sơ",
        }));
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, $"{(int)posted.StatusCode}");
        await AssertClosedAsync(byPage);
    }

    [Fact]
    public async Task The_citizens_api_and_page_close_the_open_requests_at_withdrawal()
    {
        app.Clock.Now = At(4, 8, 9);
        var (citizen, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Trần Thị Rút Hồ Sơ");
        var byApi = await AwaitingPaymentAsync("046199838003");
        var byPage = await AwaitingPaymentAsync("046199838004");
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizen} WHERE code IN ('{byApi}', '{byPage}') RETURNING 1");

        var client = await CitizenApiTests.ClientAsync(app, citizen);
        await OkAsync(await client.PostAsJsonAsync($"/cong-dan/api/dossiers/{byApi}/withdraw", new { reason = "Đã nộp nhầm thủ tục" }));
        await AssertClosedAsync(byApi);

        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, citizen);
        var page = await browser.GetStringAsync($"/cong-dan/ho-so/{byPage}");
        var posted = await browser.PostAsync($"/cong-dan/ho-so/{byPage}?handler=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["Reason"] = "Đã nộp nhầm thủ tục",
        }));
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.OK, $"{(int)posted.StatusCode}");
        await AssertClosedAsync(byPage);
    }

    // ------------------------------------------------------------------ MEDIUM 3: one refund rule

    // A received dossier whose intake fee the accountant confirmed exactly in cash ten minutes later: the payment (it
    // carries the receipt).
    private async Task<(string Code, long Fee, long Request, long Payment)> PaidAsync(string idNumber)
    {
        var (code, fee, request) = await ReceiveAsync(idNumber);
        app.Clock.Now = app.Clock.Now.AddMinutes(10);
        var paid = await OkAsync(await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = fee, method = "cash", paidAt = app.Clock.Now }));
        Assert.False(paid.TryGetProperty("flag", out var flag) && flag.ValueKind == JsonValueKind.String, paid.ToString());
        return (code, fee, request, paid.GetProperty("id").GetInt64());
    }

    private async Task<HttpResponseMessage> RefundAsync(long payment, long amount) =>
        await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{Id(payment)}/refunds",
            new { amountVnd = amount, reason = "Người nộp đề nghị hoàn trả", method = "cash" });

    private async Task AssertHeldAsync(long payment, long request, long fee, string reason)
    {
        foreach (var amount in new[] { fee, 1L })
        {
            var refused = await RefundAsync(payment, amount);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.Conflict, $"{(int)refused.StatusCode} {text}");
            Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payment_refunds WHERE payment_id = {payment}"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NULL"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {request} AND status = 'paid'"));
        // /ke-toan offers no refund form for it and says why.
        var desk = WebUtility.HtmlDecode(await (await app.OfficerAsync("ketoan.trungtam")).GetStringAsync("/ke-toan"));
        var start = desk.IndexOf($"id=\"held-{Id(payment)}\">Không hoàn trả: ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no #held-{payment}");
        Assert.Contains(reason, desk[start..desk.IndexOf("</span>", start, StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    private async Task AssertRefundedAsync(string code, long payment, long request, long fee)
    {
        var refund = await OkAsync(await RefundAsync(payment, fee));
        Assert.True(refund.GetProperty("full").GetBoolean());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NULL"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {request} AND status = 'refunded'"));
        // LOW 4: the dossier's payments still link the receipt the refund cancelled, marked cancelled.
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var paid = Assert.Single((await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("payments").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("receiptNumber").ValueKind);
        Assert.Equal(refund.GetProperty("cancelledReceipt").GetString(), paid.GetProperty("cancelledReceiptNumber").GetString());
        var receipt = await app.ScalarAsync($"SELECT id FROM receipts WHERE payment_id = {payment}");
        Assert.Equal($"/api/v1/receipts/{Id(receipt)}.pdf", paid.GetProperty("cancelledReceiptPdf").GetString());
        Assert.Equal(HttpStatusCode.OK, (await accountant.GetAsync(paid.GetProperty("cancelledReceiptPdf").GetString())).StatusCode);
        // /ke-toan says a full refund one way.
        var desk = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.DoesNotContain("Đã hoàn trả hết", desk, StringComparison.Ordinal);
        Assert.Contains("Đã hoàn trả toàn bộ; biên lai đã hủy", desk, StringComparison.Ordinal);
    }

    private const string Processing = "chỉ hoàn trả khi hồ sơ bị từ chối, rút hoặc dừng giải quyết";
    private const string Decided = "Hồ sơ đã có kết quả giải quyết";

    [Fact]
    public async Task A_fee_rightly_collected_is_held_while_processed_and_once_decided()
    {
        app.Clock.Now = At(7, 7, 9);
        // Status 2: received, its fee paid.
        var (received, fee, receivedRequest, receivedPayment) = await PaidAsync("046199838011");
        await AssertHeldAsync(receivedPayment, receivedRequest, fee, Processing);

        // Status 4: transferred and assigned.
        await OkAsync("tiepnhan.trungtam", received, "transfer", new { });
        await OkAsync("truongphong.trungtam", received, "assign", new { userName = "chuyenvien.trungtam" });
        Assert.Equal(4, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{received}'"));
        await AssertHeldAsync(receivedPayment, receivedRequest, fee, Processing);

        // Status 10 (the result returned; set directly, the rule reads the status): held as rightly collected.
        var (returned, _, returnedRequest, returnedPayment) = await PaidAsync("046199838012");
        await app.ScalarAsync($"UPDATE dossiers SET status = 10 WHERE code = '{returned}' RETURNING 1");
        await AssertHeldAsync(returnedPayment, returnedRequest, fee, Decided);

        // The same money paid again is a duplicate: refundable in full whatever the state (here status 10).
        app.Clock.Now = app.Clock.Now.AddMinutes(15);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var twice = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = returnedRequest, amountVnd = fee, method = "cash", paidAt = app.Clock.Now }));
        Assert.Equal("duplicate", twice.GetProperty("flag").GetString());
        Assert.True((await OkAsync(await RefundAsync(twice.GetProperty("id").GetInt64(), fee))).GetProperty("full").GetBoolean());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {returnedRequest} AND status = 'paid'"));
    }

    [Fact]
    public async Task A_fee_of_a_dossier_refused_withdrawn_or_stopped_is_refundable_in_full()
    {
        app.Clock.Now = At(8, 4, 9);
        // Status 3 (refused; set directly, the rule reads the status).
        var (refused, fee, refusedRequest, refusedPayment) = await PaidAsync("046199838021");
        await app.ScalarAsync($"UPDATE dossiers SET status = 3 WHERE code = '{refused}' RETURNING 1");
        await AssertRefundedAsync(refused, refusedPayment, refusedRequest, fee);

        // Status 7: withdrawn at the desk.
        var (withdrawn, _, withdrawnRequest, withdrawnPayment) = await PaidAsync("046199838022");
        await OkAsync("tiepnhan.trungtam", withdrawn, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        await AssertRefundedAsync(withdrawn, withdrawnPayment, withdrawnRequest, fee);

        // Status 8: withdrawn, then stopped.
        var (stopped, _, stoppedRequest, stoppedPayment) = await PaidAsync("046199838023");
        await OkAsync("tiepnhan.trungtam", stopped, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        await OkAsync("lanhdao.trungtam", stopped, "stop", new { reason = "Theo yêu cầu rút hồ sơ" });
        Assert.Equal(8, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{stopped}'"));
        await AssertRefundedAsync(stopped, stoppedPayment, stoppedRequest, fee);
    }
}
