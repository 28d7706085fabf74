using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Payments;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the accountant's and the partner's defects a second fresh trial found (docs/FEES.md "Second trial fixes"), over
/// real HTTP and PostgreSQL: a receipt cancelled and a settled payment refunded on /ke-toan, a replacement with the payer's
/// name corrected, levies apart from the fee register's reconciliation, a transaction id reused with other facts, errors
/// beside their field, typed amounts with thousands separators, a string amount refused, the OpenAPI text of paidAt, the
/// public verification page without the cancellation's free text, and an overpayment's excess refunded apart.
/// </summary>
public class AccountantTrialTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string Payer = "Trần Thị Bình";

    // November 2025 for every fact but the register's, which reads December alone (the class's tests share one database).
    private static DateTimeOffset At(int day, int hour, int minute = 0, int month = 11) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    private async Task<string> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, idNumber: idNumber, fullName: Payer));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    // An open intake request of a lệ phí of amount, raised when the dossier was received.
    private Task<long> OpenRequestAsync(string code, long amount, string kind = "charge", string? createdAt = null) => app.ScalarAsync($$"""
        INSERT INTO payment_requests (dossier_id, reason, amount_vnd, items, purpose, status, created_at)
        SELECT id, 'intake', {{amount}}, '[{"name":"Lệ phí đăng ký","kind":"{{kind}}","amountVnd":{{amount}}}]', '{{PaymentRequests.PurposeOf(code)}}', 'open',
               {{(createdAt is null ? "received_at" : $"'{createdAt}'")}}
        FROM dossiers WHERE code = '{{code}}' RETURNING id
        """);

    // Money received for a new dossier at the centre, with its receipt: (code, payment, receipt).
    private async Task<(string Code, long Payment, long Receipt)> ReceiptedAsync(string idNumber, long amount)
    {
        var code = await SubmitAsync(idNumber);
        var dossier = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        // Paid at the app's clock, not the database's: a refund is checked against it.
        var payment = await app.InsertAsync(dossier, amount, $$"""[{"name":"Lệ phí cấp giấy","kind":"charge","amountVnd":{{amount}}}]""", $"Nop phi {code}", "cash", Payer,
            $"'{app.Clock.Now.ToString("O", CultureInfo.InvariantCulture)}'");
        return (code, payment, await app.IssueReceiptAsync(payment));
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page);
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private Task<long> CountAsync(string sql) => app.ScalarAsync($"SELECT count(*) FROM {sql}");

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<PaymentPartner> PartnerAsync(string name) => await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name);

    private async Task<HttpResponseMessage> SignedAsync(PaymentPartner partner, string body) => await partner.SendAsync(app.CreateClient(), body, app.Clock.Now);

    private static string Callback(string transactionId, long amount, string purpose, DateTimeOffset paidAt, string payer = "TRAN THI BINH") =>
        JsonSerializer.Serialize(new { transactionId, amountVnd = amount, purpose, paidAt, payerName = payer });

    // ------------------------------------------------------------------ 1, 2, 9: cancel, replace with the payer corrected, verify

    [Fact]
    public async Task The_accountant_cancels_a_receipt_on_the_page_and_replaces_it_with_the_payers_name_corrected()
    {
        app.Clock.Now = At(3, 9);
        var (code, payment, receipt) = await ReceiptedAsync("046190014001", 30_000);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains($"id=\"cancelReason-{receipt}\"", page, StringComparison.Ordinal);

        // No reason: 422, the message beside the field, nothing changed.
        var refused = await PostFormAsync(accountant, "/ke-toan?handler=CancelReceipt", page, new() { ["receiptId"] = Id(receipt), ["cancelReason"] = "  " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"aria-invalid=\"true\" aria-describedby=\"cancelReason-{receipt}-error\"", refusedPage, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"error\" id=\"cancelReason-{receipt}-error\">Nhập lý do hủy biên lai.</span>", refusedPage, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync($"receipts WHERE id = {receipt} AND cancelled_at IS NOT NULL"));

        var cancelled = await PostFormAsync(accountant, "/ke-toan?handler=CancelReceipt", page,
            new() { ["receiptId"] = Id(receipt), ["cancelReason"] = "Ghi sai họ tên người nộp Trần Thị Bình" });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(1, await CountAsync($"receipts WHERE id = {receipt} AND cancelled_at IS NOT NULL AND cancel_reason = 'Ghi sai họ tên người nộp Trần Thị Bình'"));
        Assert.Equal(1, await CountAsync($"audit_log WHERE action = 'receipt.cancel' AND subject = 'receipt:{receipt}'"));

        // The replacement with a corrected payer: a wrong one refused beside the field, nothing issued.
        page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains($"id=\"replace-payerName-{payment}\"", page, StringComparison.Ordinal);
        var wrong = await PostFormAsync(accountant, "/ke-toan?handler=Replace", page, new() { ["id"] = Id(payment), ["payerName"] = "1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains($"<span class=\"error\" id=\"replace-payerName-{payment}-error\">Họ tên người nộp gồm 2 đến 200 ký tự",
            WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {payment}"));

        var replaced = await PostFormAsync(accountant, "/ke-toan?handler=Replace", page, new() { ["id"] = Id(payment), ["payerName"] = " Trần Thị Bính " });
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {payment} AND cancelled_at IS NULL AND payer_name = 'Trần Thị Bính'"));
        Assert.Equal(1, await CountAsync($"receipts WHERE id = {receipt} AND payer_name = '{Payer}'"));

        // The public page of the cancelled receipt: cancelled, when, the replacement's number, never the free text.
        var (oldToken, newNumber) = await TokenAndReplacementAsync(receipt, payment);
        var verify = WebUtility.HtmlDecode(await app.SessionClient().GetStringAsync($"/xac-thuc/bien-lai/{oldToken}"));
        Assert.Contains("ĐÃ HỦY", verify, StringComparison.Ordinal);
        Assert.Contains(newNumber, verify, StringComparison.Ordinal);
        Assert.DoesNotContain("Ghi sai họ tên", verify, StringComparison.Ordinal);
        Assert.DoesNotContain(Payer, verify, StringComparison.Ordinal);
        output.WriteLine($"{code}: receipt {receipt} cancelled on /ke-toan, replaced by {newNumber} for 'Trần Thị Bính'");

        // The API: the same rule (an empty corrected name 422 naming payerName, nothing issued), then a corrected name.
        var (_, payment2, receipt2) = await ReceiptedAsync("046190014002", 20_000);
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/receipts/{receipt2}/cancel", new { reason = "Ghi sai tên" })).StatusCode);
        await IntakeApiTests.AssertProblem(await accountant.PostAsJsonAsync($"/api/v1/payments/{payment2}/receipt", new { payerName = " " }), "payerName");
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {payment2}"));
        var api = await accountant.PostAsJsonAsync($"/api/v1/payments/{payment2}/receipt", new { payerName = "Lê Văn Cường" });
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {payment2} AND cancelled_at IS NULL AND payer_name = 'Lê Văn Cường'"));
        // Without a body the replacement keeps the payer, as before.
        var (_, payment3, receipt3) = await ReceiptedAsync("046190014003", 10_000);
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/receipts/{receipt3}/cancel", new { reason = "Ghi sai ngày" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsync($"/api/v1/payments/{payment3}/receipt", null)).StatusCode);
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {payment3} AND cancelled_at IS NULL AND payer_name = '{Payer}'"));
    }

    private async Task<(string Token, string Number)> TokenAndReplacementAsync(long receipt, long payment)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"""
            SELECT (SELECT verification_token FROM receipts WHERE id = {receipt}),
                   (SELECT series || '-' || lpad(number::text, 7, '0') FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NULL)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }

    // ------------------------------------------------------------------ 1, 6: a settled payment refunded on the page, typed amounts

    [Fact]
    public async Task A_settled_payment_is_refunded_on_the_page_by_the_APIs_rule_with_amounts_typed_as_people_write_them()
    {
        app.Clock.Now = At(4, 9);
        var (settled, payment, receipt) = await ReceiptedAsync("046190014011", 60_000);
        // A fee rightly collected goes back only once its dossier ended undecided (fees38a, PaymentRefunds.DueVnd).
        var withdrawn = await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync($"/api/v1/dossiers/{settled}/withdraw", new { reason = "Người dân xin rút hồ sơ" });
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains($"id=\"settled-amountVnd-{payment}\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"60.000\"", page, StringComparison.Ordinal);

        Dictionary<string, string> Form(string amount, string reason) => new()
        {
            ["id"] = Id(payment), ["list"] = "settled", ["amountVnd"] = amount, ["method"] = "cash", ["reason"] = reason, ["refundedAt"] = "",
        };
        // More than was paid: the Domain's cap, beside the amount; no reason: beside the reason; an unreadable amount: in Vietnamese.
        foreach (var (amount, reason, field, text) in new[]
        {
            ("70.000", "Nộp thừa", "amountVnd", "Chỉ còn 60.000 đồng"),
            ("10.000", " ", "reason", "Nêu lý do hoàn trả"),
            ("10,5", "Nộp thừa", "amountVnd", "không đọc được"),
        })
        {
            var refused = await PostFormAsync(accountant, "/ke-toan?handler=Refund", page, Form(amount, reason));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains($"<span class=\"error\" id=\"settled-{field}-{payment}-error\">", html, StringComparison.Ordinal);
            Assert.Contains(text, html, StringComparison.Ordinal);
            Assert.DoesNotContain("(amountVnd)", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await CountAsync($"payment_refunds WHERE payment_id = {payment}"));

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(accountant, "/ke-toan?handler=Refund", page, Form("10 000", "Thu thừa khi đổi mức lệ phí"))).StatusCode);
        Assert.Equal(1, await CountAsync($"payment_refunds WHERE payment_id = {payment} AND amount_vnd = 10000 AND receipt_id = {receipt}"));
        // The rest, 50.000: a full refund cancels the receipt, and the payment leaves the list.
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(accountant, "/ke-toan?handler=Refund", page, Form("50.000", "Hồ sơ bị từ chối trước khi thẩm định"))).StatusCode);
        Assert.Equal(1, await CountAsync($"receipts WHERE id = {receipt} AND cancel_reason LIKE 'Hoàn trả: %'"));

        // The accountant's confirmation reads "50.000", "50 000" and "50000" alike.
        foreach (var (typed, i) in new[] { "50.000", "50 000", "50000" }.Select((t, i) => (t, i)))
        {
            var code = await SubmitAsync($"04619001402{i}");
            var request = await OpenRequestAsync(code, 50_000);
            page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
            var confirmed = await PostFormAsync(accountant, "/ke-toan?handler=Confirm", page, new()
            {
                ["requestId"] = Id(request), ["amountVnd"] = typed, ["method"] = "cash", ["paidAt"] = "", ["payerName"] = "",
            });
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.Equal(1, await CountAsync($"payments WHERE request_id = {request} AND amount_vnd = 50000 AND flag IS NULL"));
        }
    }

    // ------------------------------------------------------------------ 5: attach errors beside the field

    [Fact]
    public async Task Attaching_unmatched_money_shows_its_errors_beside_the_field_and_changes_nothing()
    {
        app.Clock.Now = At(5, 9);
        var unmatched = await app.ScalarAsync("INSERT INTO payments (amount_vnd, method, paid_at, recorded_at, flag) VALUES (25000, 'transfer', now(), now(), 'unmatched') RETURNING id");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        foreach (var typed in new[] { "khong-phai-ma", "000.00.01.H46-251105-9999" })
        {
            var refused = await PostFormAsync(accountant, "/ke-toan?handler=Attach", page, new() { ["id"] = Id(unmatched), ["dossierCode"] = typed, ["note"] = "" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains($"aria-invalid=\"true\" aria-describedby=\"attach-dossierCode-{unmatched}-error\"", html, StringComparison.Ordinal);
            var at = html.IndexOf($"<span class=\"error\" id=\"attach-dossierCode-{unmatched}-error\">", StringComparison.Ordinal);
            Assert.True(at > html.IndexOf("id=\"flags\"", StringComparison.Ordinal), "the message is in the row's form, not above the tables");
            Assert.DoesNotContain("<p class=\"error\" role=\"alert\">Nhập mã hồ sơ", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{typed}\"", html, StringComparison.Ordinal);
        }
        Assert.Equal(1, await CountAsync($"payments WHERE id = {unmatched} AND dossier_id IS NULL AND flag = 'unmatched'"));
    }

    // ------------------------------------------------------------------ 4, 7, 8: the partner's callback

    [Fact]
    public async Task A_transaction_id_reused_with_other_facts_is_409_and_kept_for_the_accountant_while_a_true_replay_answers_the_first()
    {
        app.Clock.Now = At(6, 9);
        var code = await SubmitAsync("046190014031");
        await OpenRequestAsync(code, 45_000);
        app.Clock.Now = At(6, 10);
        var partner = await PartnerAsync("bank-reuse");
        var first = await SignedAsync(partner, Callback("RU-1", 45_000, $"Nop phi {code}", At(6, 9, 30)));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstText = await first.Content.ReadAsStringAsync();
        var replay = await SignedAsync(partner, Callback("RU-1", 45_000, $"Nop phi {code}", At(6, 9, 30)));
        Assert.Equal(firstText, await replay.Content.ReadAsStringAsync());

        foreach (var (body, fields) in new[]
        {
            (Callback("RU-1", 450_000, $"Nop phi {code}", At(6, 9, 30)), new[] { "amountVnd" }),
            (Callback("RU-1", 45_000, "Nop phi 000.00.01.H46-251106-0099", At(6, 9, 30)), new[] { "purpose" }),
            (Callback("RU-1", 45_000, $"Nop phi {code}", At(6, 9, 45), "NGUYEN VAN AN"), new[] { "paidAt", "payerName" }),
        })
        {
            for (var i = 0; i < 2; i++)
            {
                var conflict = await SignedAsync(partner, body);
                Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
                Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
                var errors = (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
                Assert.Equal(fields, errors.EnumerateObject().Select(e => e.Name).ToArray());
            }
        }
        // One payment; each distinct conflicting body kept once (retried twice each).
        Assert.Equal(1, await CountAsync("payments WHERE partner_transaction_id = 'RU-1'"));
        Assert.Equal(3, await CountAsync("payment_replay_conflicts WHERE transaction_id = 'RU-1' AND resolved_at IS NULL"));

        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains("RU-1", page, StringComparison.Ordinal);
        Assert.Contains("450.000 đồng", page, StringComparison.Ordinal);
        var conflicts = await app.ScalarAsync("SELECT min(id) FROM payment_replay_conflicts WHERE transaction_id = 'RU-1'");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync($"/api/v1/payments/replay-conflicts/{conflicts}/note", new { note = "x" })).StatusCode);
        await IntakeApiTests.AssertProblem(await accountant.PostAsJsonAsync($"/api/v1/payments/replay-conflicts/{conflicts}/note", new { note = " " }), "note");
        Assert.Equal(HttpStatusCode.NoContent, (await accountant.PostAsJsonAsync($"/api/v1/payments/replay-conflicts/{conflicts}/note", new { note = "Ngân hàng xác nhận gửi nhầm số tiền" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await accountant.PostAsJsonAsync($"/api/v1/payments/replay-conflicts/{conflicts}/note", new { note = "Lần hai" })).StatusCode);
        var next = await app.ScalarAsync("SELECT max(id) FROM payment_replay_conflicts WHERE transaction_id = 'RU-1'");
        var noted = await PostFormAsync(accountant, "/ke-toan?handler=Conflict", page, new() { ["conflictId"] = Id(next), ["note"] = "Đã hỏi ngân hàng" });
        Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);
        Assert.Equal(1, await CountAsync("payment_replay_conflicts WHERE transaction_id = 'RU-1' AND resolved_at IS NULL"));
        Assert.Equal(2, await CountAsync("audit_log WHERE action = 'payment.replay-conflict'"));
    }

    [Fact]
    public async Task The_callback_refuses_an_amount_sent_as_a_string_and_the_OpenAPI_says_a_future_paidAt_is_flagged()
    {
        app.Clock.Now = At(7, 10);
        var code = await SubmitAsync("046190014041");
        var partner = await PartnerAsync("bank-string");
        foreach (var amount in new[] { "\"50000\"", "\"5e4\"", "50000.5" })
        {
            var body = $$"""{"transactionId":"ST-{{amount.GetHashCode() & 0xFFFF}}","amountVnd":{{amount}},"purpose":"Nop phi {{code}}","paidAt":"2025-11-07T09:30:00+07:00"}""";
            await IntakeApiTests.AssertProblem(await SignedAsync(partner, body), "amountVnd");
        }
        Assert.Equal(0, await CountAsync("payments WHERE partner_transaction_id LIKE 'ST-%'"));

        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schema = document.GetProperty("paths").GetProperty("/api/v1/payments/callback").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        var paidAt = schema.GetProperty("paidAt").GetProperty("description").GetString()!;
        Assert.Contains("paidAtImplausible", paidAt, StringComparison.Ordinal);
        Assert.DoesNotContain("không ở tương lai", paidAt, StringComparison.Ordinal);
        Assert.Contains("chuỗi", schema.GetProperty("amountVnd").GetProperty("description").GetString()!, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ 3, 10: the fee register

    [Fact]
    public async Task The_fee_register_reconciles_phi_and_le_phi_only_and_an_overpayments_excess_is_refunded_apart_from_the_receipts()
    {
        app.Clock.Now = At(10, 9, month: 12);
        var charge = await SubmitAsync("046190014051");
        var land = await SubmitAsync("046190014052");
        await OpenRequestAsync(charge, 50_000);
        await OpenRequestAsync(land, 120_000_000, ObligationKinds.Levy);
        var accountant = await app.OfficerAsync("ketoan.trungtam");

        // An overpayment accepted: 60.000 for 50.000 is receipted 50.000; only the excess 10.000 may be refunded, by the API too.
        var chargeRequest = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{charge}'");
        var over = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = chargeRequest, amountVnd = 60_000, method = "cash" });
        Assert.Equal(HttpStatusCode.OK, over.StatusCode);
        var payment = (await over.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/resolve", new { accept = true, note = "Nhận, hoàn phần thừa" })).StatusCode);
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {payment} AND amount_vnd = 50000 AND cancelled_at IS NULL"));
        var tooMuch = await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 20_000, reason = "Nộp thừa", method = "cash" });
        await IntakeApiTests.AssertProblem(tooMuch, "amountVnd");
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 10_000, reason = "Nộp thừa", method = "cash" })).StatusCode);
        Assert.Equal(1, await CountAsync($"payment_refunds WHERE payment_id = {payment} AND receipt_id IS NULL"));
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {payment} AND cancelled_at IS NULL"));
        Assert.Equal(HttpStatusCode.Conflict, (await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = 1, reason = "Nộp thừa", method = "cash" })).StatusCode);
        // Its receipt stays cancellable on the page, the excess refunded leaving nothing more to refund there.
        var receipt = await app.ScalarAsync($"SELECT id FROM receipts WHERE payment_id = {payment}");
        var settled = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains($"id=\"cancelReason-{receipt}\"", settled);
        Assert.DoesNotContain($"id=\"settled-amountVnd-{payment}\"", settled);

        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-12-01&to=2025-12-31")).GetProperty("register");
        var reconciliation = register.GetProperty("reconciliation");
        output.WriteLine(reconciliation.ToString());
        // The land levy is not a phí or lệ phí: counted apart, never owed in this register.
        Assert.Equal(1, reconciliation.GetProperty("levyRequests").GetInt32());
        Assert.Equal(120_000_000, reconciliation.GetProperty("levyRequestedVnd").GetInt64());
        Assert.Equal(1, reconciliation.GetProperty("requests").GetInt32());
        Assert.Equal(50_000, reconciliation.GetProperty("requestedVnd").GetInt64());
        Assert.Equal(50_000, reconciliation.GetProperty("collectedVnd").GetInt64());
        Assert.Equal(0, reconciliation.GetProperty("differenceVnd").GetInt64());
        // The excess never receipted: its refund is listed apart, not taken off the day's net.
        var totals = register.GetProperty("totals");
        Assert.Equal(0, totals.GetProperty("refundedVnd").GetInt64());
        Assert.Equal(10_000, totals.GetProperty("unreceiptedRefundedVnd").GetInt64());
        Assert.Equal(50_000, totals.GetProperty("netVnd").GetInt64());
    }
}
