using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Payments;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fresh trial of 4 December 2026 (brief fees36; docs/FEES.md "Fresh trial (fees36)") over real HTTP and
/// PostgreSQL: every money input refuses more than 9,999,999,999,999 đồng; a confirmation without a paid time repeated by
/// the same accountant is answered with the first payment; the fee register takes only the receipted part of a refund
/// off the receipts; a register date that does not exist is a 422; /ke-toan lists the open requests 20 a page, newest
/// first, each form folded.
/// </summary>
public class FeeTrialThirtySixTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // Each test has its own month: the class's tests share one database and the register reads a month.
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0, int second = 0) => new(2025, month, day, hour, minute, second, VietnamTime.Offset);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task OkAsync(string user, string code, string action, object body) =>
        await OkAsync(await (await app.OfficerAsync(user)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body));

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    // 1.001294 at the centre: its intake fee request (the amount is the data's).
    private async Task<(string Code, long Fee, long FeeRequest)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        return (code, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}"), request);
    }

    private Task<long> CountAsync(string sql) => app.ScalarAsync($"SELECT count(*) FROM {sql}");

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ 1: the amount's upper limit

    [Fact]
    public async Task Every_money_input_refuses_more_than_thirteen_digits_with_a_422_naming_amountVnd()
    {
        app.Clock.Now = At(3, 3, 9);
        var (code, _, request) = await SubmitAsync("046199736001");
        app.Clock.Now = At(3, 3, 10);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        foreach (var amount in new[] { 99_999_999_999_999_999L, PaymentAmount.MaxVnd + 1 })
        {
            var message = await FieldErrorAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = amount, method = "cash" }), "amountVnd");
            Assert.Contains("9.999.999.999.999", message, StringComparison.Ordinal);
        }
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank36");
        var callback = await partner.SendAsync(app.CreateClient(), PaymentPartner.Body("FT36001", 99_999_999_999_999_999L, PaymentRequests.PurposeOf(code), At(3, 3, 9, 30)), app.Clock.Now);
        Assert.Contains("9.999.999.999.999", await FieldErrorAsync(callback, "amountVnd"), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync($"payments WHERE request_id = {request} OR partner_transaction_id = 'FT36001'"));
        // The largest amount itself is money that came: recorded, overpaid, for the accountant.
        var largest = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = PaymentAmount.MaxVnd, method = "transfer" }));
        Assert.Equal("overpaid", largest.GetProperty("flag").GetString());
    }

    // ------------------------------------------------------------------ 2: a confirmation without paidAt sent again

    [Fact]
    public async Task A_confirmation_without_paid_time_sent_twice_records_one_payment()
    {
        app.Clock.Now = At(4, 7, 9);
        var (code, fee, request) = await SubmitAsync("046199736002");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var body = new { requestId = request, amountVnd = fee, method = "cash" };
        app.Clock.Now = At(4, 7, 10);
        var first = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", body));
        // The same confirmation 40 seconds later (a retry, a double submission): its "now" is another paid time.
        app.Clock.Now = At(4, 7, 10, 0, 40);
        var again = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", body));
        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Equal(1, await CountAsync($"payments WHERE request_id = {request}"));
        Assert.Equal(0, await CountAsync($"payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}' AND p.flag IS NOT NULL"));
        // After the 2-minute window it is other money: recorded, a duplicate to refund.
        app.Clock.Now = At(4, 7, 10, 3);
        var later = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", body));
        Assert.Equal("duplicate", later.GetProperty("flag").GetString());
    }

    [Fact]
    public async Task A_second_part_payment_of_the_same_amount_after_the_first_was_accepted_is_recorded()
    {
        app.Clock.Now = At(4, 9, 9);
        var (code, fee, request) = await SubmitAsync("046199736009");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var half = fee / 2;
        Assert.True(half > 0 && fee - half == half, $"lệ phí {fee} chia đôi được");
        app.Clock.Now = At(4, 9, 10);
        var first = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = half, method = "cash" }));
        Assert.Equal("underpaid", first.GetProperty("flag").GetString());
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{first.GetProperty("id").GetInt64()}/resolve", new { accept = true, note = "Nộp trước một nửa" }));
        // The rest, the same amount, 30 seconds later and without a paid time (trial14r HIGH 1): new money, which settles the fee.
        app.Clock.Now = At(4, 9, 10, 0, 30);
        var second = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = half, method = "cash" }));
        Assert.NotEqual(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
        Assert.Equal(2, await CountAsync($"payments WHERE request_id = {request}"));
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {request} AND status = 'paid'"));
        Assert.Equal(0, await CountAsync($"payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}' AND p.id = {second.GetProperty("id").GetInt64()} AND p.flag IS NOT NULL"));
    }

    [Fact]
    public async Task Five_confirmations_without_paid_time_at_once_record_one_payment()
    {
        app.Clock.Now = At(4, 8, 9);
        var (code, fee, request) = await SubmitAsync("046199736003");
        app.Clock.Now = At(4, 8, 10);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = fee, method = "cash" })));
        var ids = new List<long>();
        foreach (var answer in answers) ids.Add((await OkAsync(answer)).GetProperty("id").GetInt64());
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CountAsync($"payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(0, await CountAsync($"payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}' AND p.flag IS NOT NULL"));
        Assert.Equal(1, await CountAsync($"receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}'"));
    }

    [Fact]
    public async Task The_accountants_page_confirming_cash_twice_with_paid_time_empty_records_one_payment()
    {
        app.Clock.Now = At(4, 9, 9);
        var (code, fee, request) = await SubmitAsync("046199736004");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        for (var second = 0; second <= 30; second += 30)
        {
            app.Clock.Now = At(4, 9, 10, 0, second);
            var html = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
            var posted = await accountant.PostAsync("/ke-toan?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(html), ["requestId"] = Id(request),
                ["amountVnd"] = fee.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN")), ["method"] = "cash", ["paidAt"] = "", ["payerName"] = "",
            }));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }
        Assert.Equal(1, await CountAsync($"payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(0, await CountAsync($"payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}' AND p.flag IS NOT NULL"));
    }

    // ------------------------------------------------------------------ 3: a refund of the fee kept and the excess

    [Fact]
    public async Task A_refund_of_an_overpayment_takes_only_its_receipted_part_off_the_register()
    {
        app.Clock.Now = At(10, 6, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199736005");
        app.Clock.Now = At(10, 6, 9, 30);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        Assert.Equal(JsonValueKind.Null, (await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = feeRequest, amountVnd = fee, method = "cash", paidAt = At(10, 6, 9, 15) }))).GetProperty("flag").ValueKind);
        app.Clock.Now = At(10, 6, 10);
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("truongphong.trungtam", code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync("chuyenvien.trungtam", code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = 300_000, kind = "charge" });
        var obligation = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.reason = 'financialObligation'");
        // 310,000 in cash for the 300,000 obligation, accepted: 300,000 receipted, 10,000 never receipted.
        app.Clock.Now = At(10, 6, 11);
        var paid = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = obligation, amountVnd = 310_000, method = "cash", paidAt = At(10, 6, 10, 30) }));
        Assert.Equal("overpaid", paid.GetProperty("flag").GetString());
        var payment = paid.GetProperty("id").GetInt64();
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/resolve", new { accept = true, note = "Nộp thừa 10.000 đồng" }));
        Assert.Equal(300_000, await app.ScalarAsync($"SELECT amount_vnd FROM receipts WHERE payment_id = {payment}"));

        app.Clock.Now = At(10, 7, 9);
        await OkAsync("tiepnhan.trungtam", code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        // A new day: the session signed in yesterday has expired on the app's clock.
        accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 310_000, reason = "Rút hồ sơ", method = "cash" }));

        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-10-01&to=2025-10-31")).GetProperty("register");
        var refund = Assert.Single(register.GetProperty("refunds").EnumerateArray());
        Assert.Equal((310_000L, 300_000L, 10_000L),
            (refund.GetProperty("amountVnd").GetInt64(), refund.GetProperty("receiptedVnd").GetInt64(), refund.GetProperty("unreceiptedVnd").GetInt64()));
        var totals = register.GetProperty("totals");
        Assert.Equal(fee + 300_000, totals.GetProperty("totalVnd").GetInt64());
        // 310,000 went back in cash, of which the 10,000 excess had come in as cash without a receipt on 6 October and was
        // handed over then (brief fees38b): all 310,000 comes off the handover; only 300,000 off the receipts.
        Assert.Equal((300_000L, 310_000L, 10_000L, fee),
            (totals.GetProperty("refundedVnd").GetInt64(), totals.GetProperty("cashRefundedVnd").GetInt64(),
             totals.GetProperty("unreceiptedRefundedVnd").GetInt64(), totals.GetProperty("netVnd").GetInt64()));
        var day = register.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2025-10-07");
        Assert.Equal((300_000L, -310_000L), (day.GetProperty("refundedVnd").GetInt64(), day.GetProperty("cashHandoverVnd").GetInt64()));
        var taken = register.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2025-10-06");
        Assert.Equal(10_000L, taken.GetProperty("unreceiptedCashVnd").GetInt64());
        var reconciliation = register.GetProperty("reconciliation");
        // Collected fee + 300,000, refunded 300,000 of it, requested the fee (the refunded obligation is not owed): 0.
        Assert.Equal((300_000L, 0L), (reconciliation.GetProperty("refundedVnd").GetInt64(), reconciliation.GetProperty("differenceVnd").GetInt64()));
    }

    // ------------------------------------------------------------------ 4: a date that does not exist

    [Fact]
    public async Task A_register_date_that_does_not_exist_is_a_422_never_a_500()
    {
        app.Clock.Now = At(5, 5, 10);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        foreach (var (query, field) in new[]
        {
            ("from=2026-02-31", "from"), ("from=2025-05-01&to=2025-13-01", "to"), ("from=0001-01-01&to=0001-01-05", "from"),
            ("from=9999-12-30&to=9999-12-31", "from"),
        })
        {
            foreach (var file in new[] { "", ".pdf", ".xlsx" })
                Assert.Contains("ngày không hợp lệ", await FieldErrorAsync(await accountant.GetAsync($"/api/v1/registers/fees{file}?{query}"), field), StringComparison.Ordinal);
        }
        foreach (var query in new[] { "tu=31/02/2026", "tu=01/05/2025&den=31/12/9999" })
        {
            var page = await accountant.GetAsync($"/so-thu-phi?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
            Assert.Contains("ngày không hợp lệ", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }

    // ------------------------------------------------------------------ 5: /ke-toan paged

    [Fact]
    public async Task The_accountants_page_lists_open_requests_twenty_a_page_newest_first_each_form_folded()
    {
        app.Clock.Now = At(6, 2, 9);
        var (code, _, _) = await SubmitAsync("046199736006");
        // 21 open requests newer than any other, a minute apart.
        var ids = new List<long>();
        for (var i = 0; i < 21; i++)
            ids.Add(await app.ScalarAsync($$"""
                INSERT INTO payment_requests (dossier_id, reason, amount_vnd, items, purpose, status, created_at)
                SELECT id, 'intake', 1000, '[{"name":"Lệ phí","kind":"charge","amountVnd":1000}]', '{{PaymentRequests.PurposeOf(code)}}', 'open',
                       timestamptz '2030-01-01 00:00+07' + interval '{{i}} minutes'
                FROM dossiers WHERE code = '{{code}}' RETURNING id
                """));
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        static IReadOnlyList<string> Rows(string html)
        {
            var start = html.IndexOf("<table id=\"requests\">", StringComparison.Ordinal);
            var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
            return table.Split("<tr><td>", StringSplitOptions.None).Skip(1).ToList();
        }
        var first = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        var rows = Rows(first);
        Assert.Equal(ConfirmationService.OpenRequestsPageSize, rows.Count);
        Assert.StartsWith(Id(ids[^1]) + "</td>", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.StartsWith(Id(ids[0]) + "</td>", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("<details><summary>Xác nhận đã thu</summary>", r, StringComparison.Ordinal));
        Assert.Contains("?trang=2", first, StringComparison.Ordinal);
        var second = Rows(WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan?trang=2")));
        Assert.Contains(second, r => r.StartsWith(Id(ids[0]) + "</td>", StringComparison.Ordinal));

        // A refused form on page 2 is shown on its page, opened, its message beside it.
        var refused = await accountant.PostAsync("/ke-toan?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(first), ["requestId"] = Id(ids[0]), ["trang"] = "2",
            ["amountVnd"] = "0", ["method"] = "cash", ["paidAt"] = "", ["payerName"] = "",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var row = Rows(WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync())).Single(r => r.StartsWith(Id(ids[0]) + "</td>", StringComparison.Ordinal));
        Assert.Contains("<details open=\"open\">", row, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", row, StringComparison.Ordinal);
    }
}
