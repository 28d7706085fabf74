using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Payments;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, confirmation: a partner's signed callback and the accountant's confirmation, one rule
/// (<see cref="PaymentMatching.Decide"/>), against the real server and PostgreSQL. Payment requests are inserted by SQL per
/// migration 0032's contract (the requests feature is another branch).
/// </summary>
public class PaymentConfirmationTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    private static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // A dossier of the centre awaiting payment (status 6) since the clock's instant, with an open request of amount.
    private async Task<(string Code, long Request)> AwaitingPaymentAsync(long amount, bool obligation = true)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: "Trần Thị Bình"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        if (obligation)
        {
            await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "transfer");
            await OkAsync(await app.OfficerAsync("truongphong.trungtam"), code, "assign", new { userName = "chuyenvien.trungtam" });
            // The obligation raises its payment request (the requests feature).
            await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = amount, kind = "charge" });
            return (code, await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.reason = 'financialObligation' AND r.status = 'open' AND r.amount_vnd = {amount}"));
        }
        // A fee due at intake, as intake raises it where the procedure has one.
        var request = await app.ScalarAsync($"""
            INSERT INTO payment_requests (dossier_id, reason, amount_vnd, purpose, status, created_at)
            SELECT id, 'intake', {amount}, '{VietQr.PurposeFor(code)}', 'open', received_at FROM dossiers WHERE code = '{code}'
              AND NOT EXISTS (SELECT 1 FROM payment_requests r WHERE r.dossier_id = dossiers.id)
            RETURNING id
            """);
        return (code, request);
    }

    private async Task<PaymentPartner> PartnerAsync(string name)
    {
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name);
        Assert.Equal(32, partner.Secret.Length);
        return partner;
    }

    private static string Body(string transactionId, long amount, string purpose, DateTimeOffset paidAt) =>
        JsonSerializer.Serialize(new { transactionId, amountVnd = amount, purpose, paidAt, payerName = "TRAN THI BINH" });

    private HttpRequestMessage Signed(PaymentPartner partner, string body, DateTimeOffset? signedAt = null, string? signature = null) =>
        partner.Request(body, signedAt ?? app.Clock.Now, signature);

    private async Task<JsonElement> CallbackOkAsync(PaymentPartner partner, string body)
    {
        var response = await app.CreateClient().SendAsync(Signed(partner, body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Dossier> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
    }

    private Task<long> CountAsync(string sql) => app.ScalarAsync($"SELECT count(*) FROM {sql}");

    [Fact]
    public async Task A_callback_unsigned_wrongly_signed_stale_or_from_an_unknown_partner_is_401_and_writes_nothing()
    {
        app.Clock.Now = At(17, 9);
        var (code, request) = await AwaitingPaymentAsync(50_000);
        var partner = await PartnerAsync("bank-sig");
        var body = Body("SIG-1", 50_000, VietQr.PurposeFor(code), app.Clock.Now);
        var client = app.CreateClient();
        var before = await CountAsync("payments");

        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/callback") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        unsigned.Headers.Add("X-MotCua-Partner", partner.Name);
        var wrongSecret = partner with { Secret = new byte[32] };
        var tampered = Signed(partner, body);
        tampered.Content = new StringContent(body.Replace("50000", "5000", StringComparison.Ordinal), Encoding.UTF8, "application/json");
        var unknown = Signed(partner with { Name = "khong-co" }, body);
        var cases = new (string Name, HttpRequestMessage Request)[]
        {
            ("không ký", unsigned), ("khóa sai", Signed(wrongSecret, body)), ("nội dung bị sửa", tampered),
            ("ký 6 phút trước", Signed(partner, body, app.Clock.Now.AddMinutes(-6))), ("ký 6 phút sau", Signed(partner, body, app.Clock.Now.AddMinutes(6))),
            ("chữ ký không phải hex", Signed(partner, body, signature: "xyz")), ("đối tác lạ", unknown),
        };
        foreach (var (name, message) in cases)
        {
            var response = await client.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{name}: {(int)response.StatusCode} {text}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await CountAsync("payments"));
        Assert.Equal(0, await CountAsync($"payment_requests WHERE id = {request} AND status <> 'open'"));
        Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(code)).Status);

        // Within the window (4 minutes early) the same body is taken; a deactivated partner is refused again.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Signed(partner, body, app.Clock.Now.AddMinutes(-4)))).StatusCode);
        var admin = await app.OfficerAsync("quantri");
        var id = await app.ScalarAsync($"SELECT id FROM payment_partners WHERE name = '{partner.Name}'");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/payment-partners/{id}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Signed(partner, Body("SIG-2", 1000, "x", app.Clock.Now)))).StatusCode);
        Assert.Equal(1, await CountAsync($"audit_log WHERE subject = 'payment-partner:{id}' AND action = 'payment-partner.deactivate'"));
    }

    [Fact]
    public async Task An_exact_callback_ends_the_pause_at_the_paid_instant_issues_one_receipt_and_replays_answer_the_same()
    {
        // The obligation on Monday 17/11 09:30; paid Wednesday 19/11 09:30; the bank reports it Thursday 20/11 10:00.
        app.Clock.Now = At(17, 9, 30);
        var (code, request) = await AwaitingPaymentAsync(75_000);
        var dueBefore = (await DossierAsync(code)).DueAt!.Value;
        var partner = await PartnerAsync("bank-exact");
        app.Clock.Now = At(20, 10);
        var paidAt = At(19, 9, 30);
        var body = Body("EXACT-1", 75_000, "CT " + VietQr.PurposeFor(code).ToLowerInvariant() + " FT2531", paidAt);

        var first = await CallbackOkAsync(partner, body);
        var answers = new List<string> { first.GetRawText() };
        for (var i = 0; i < 9; i++) answers.Add((await CallbackOkAsync(partner, body)).GetRawText());
        var client = app.CreateClient();
        var together = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync(Signed(partner, body))));
        foreach (var response in together)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
        }
        Assert.Single(answers.Distinct());
        Assert.True(first.GetProperty("flag").ValueKind == JsonValueKind.Null, first.GetRawText());
        Assert.Equal(code, first.GetProperty("dossierCode").GetString());
        Assert.Equal(1, await CountAsync($"payments WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '{code}')"));
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {first.GetProperty("id").GetInt64()}"));
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {request} AND status = 'paid' AND paid_at = '{paidAt:O}'"));

        // The clock resumed at the paid instant: the due date moved by exactly the two working days waited, not by the
        // three days until the bank's report.
        var dossier = await DossierAsync(code);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>().ForAsync(await db.Agencies.SingleAsync(a => a.Id == dossier.ReceivingAgencyId));
        var expected = calendar.AddWorkingTime(dueBefore, calendar.WorkingTimeOf(TimeLimit.Days(2)));
        var ifAtReport = calendar.AddWorkingTime(dueBefore, calendar.WorkingTimeBetween(At(17, 9, 30), At(20, 10)));
        output.WriteLine($"hẹn trả trước {VietnamTime.ToVietnam(dueBefore):HH:mm dd/MM/yyyy}; sau {VietnamTime.ToVietnam(dossier.DueAt!.Value):HH:mm dd/MM/yyyy} "
            + $"(chờ {calendar.WorkingTimeBetween(At(17, 9, 30), paidAt)} giờ làm việc); nếu tính đến lúc ngân hàng báo: {VietnamTime.ToVietnam(ifAtReport):HH:mm dd/MM/yyyy}; "
            + $"20 lần gửi lại → {answers.Distinct().Count()} câu trả lời, 1 khoản tiền, 1 biên lai");
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
        Assert.Equal(paidAt, dossier.Pauses.Single().To);
        Assert.Equal(expected, dossier.DueAt);
        Assert.NotEqual(ifAtReport, dossier.DueAt);
    }

    [Fact]
    public async Task Each_flag_is_recorded_keeps_the_pause_and_issues_no_receipt_until_the_accountant_accepts_it()
    {
        app.Clock.Now = At(24, 9);
        var partner = await PartnerAsync("bank-flags");
        var flagged = new List<(string Expected, string Code, long Request, JsonElement Answer)>();
        async Task<JsonElement> SendAsync(string tx, long amount, string purpose, DateTimeOffset? paidAt = null) =>
            await CallbackOkAsync(partner, Body(tx, amount, purpose, paidAt ?? app.Clock.Now.AddMinutes(-10)));

        // The late payment's obligation was raised before the money was paid four days ago (a payment cannot predate it).
        app.Clock.Now = At(19, 9);
        var (late, lateRequest) = await AwaitingPaymentAsync(100_000);
        app.Clock.Now = At(24, 9);
        var (under, underRequest) = await AwaitingPaymentAsync(100_000);
        var (over, overRequest) = await AwaitingPaymentAsync(100_000);
        var (closed, closedRequest) = await AwaitingPaymentAsync(30_000, obligation: false);
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), closed, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        var (twice, twiceRequest) = await AwaitingPaymentAsync(40_000);
        // Paid at 09:50, after the obligations of 09:00.
        app.Clock.Now = At(24, 10);
        flagged.Add(("underpaid", under, underRequest, await SendAsync("F-UNDER", 90_000, VietQr.PurposeFor(under))));
        flagged.Add(("overpaid", over, overRequest, await SendAsync("F-OVER", 110_000, VietQr.PurposeFor(over))));
        flagged.Add(("late", late, lateRequest, await SendAsync("F-LATE", 100_000, VietQr.PurposeFor(late), app.Clock.Now.AddDays(-4))));
        flagged.Add(("dossierClosed", closed, closedRequest, await SendAsync("F-CLOSED", 30_000, VietQr.PurposeFor(closed))));
        Assert.True((await SendAsync("F-FIRST", 40_000, VietQr.PurposeFor(twice))).GetProperty("flag").ValueKind == JsonValueKind.Null);
        flagged.Add(("duplicate", twice, twiceRequest, await SendAsync("F-TWICE", 40_000, VietQr.PurposeFor(twice))));
        flagged.Add(("unmatched", "", 0, await SendAsync("F-NOCODE", 20_000, "chuyen tien hoc phi")));
        flagged.Add(("unmatched", "", 0, await SendAsync("F-UNKNOWN", 20_000, "Nop phi 000.00.99.H46-251124-0999")));

        foreach (var (expected, code, request, answer) in flagged)
        {
            output.WriteLine($"{expected}: {answer.GetRawText()}");
            Assert.Equal(expected, answer.GetProperty("flag").GetString());
            Assert.True(answer.GetProperty("receiptId").ValueKind == JsonValueKind.Null);
            Assert.Equal(0, await CountAsync($"receipts WHERE payment_id = {answer.GetProperty("id").GetInt64()}"));
            if (expected is "underpaid" or "overpaid" or "late")
            {
                Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(code)).Status);
                Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {request} AND status = 'open'"));
            }
        }
        Assert.Equal(7, await CountAsync("payments WHERE flag IS NOT NULL AND partner_transaction_id LIKE 'F-%'"));

        // The accountant's page lists them; accepting the underpayment takes it as a part-payment with its receipt, the
        // request open for the rest; the rest paid in cash settles it and ends the pause at its paid instant; a second
        // resolution is refused; an unmatched one may only be noted.
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var page = await accountant.GetStringAsync("/ke-toan");
        Assert.Contains("Nộp thiếu so với số tiền yêu cầu", page);
        Assert.Contains(under, page);
        var underId = flagged[0].Answer.GetProperty("id").GetInt64();
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync($"/api/v1/payments/{underId}/resolve", new { accept = true, note = "x" })).StatusCode);
        var missing = await accountant.PostAsJsonAsync($"/api/v1/payments/{underId}/resolve", new { accept = true });
        Assert.Equal((HttpStatusCode)422, missing.StatusCode);
        Assert.Contains("\"note\"", await missing.Content.ReadAsStringAsync());
        var accepted = await accountant.PostAsJsonAsync($"/api/v1/payments/{underId}/resolve", new { accept = true, note = "Nhận 90.000 đồng, người nộp bổ sung 10.000 đồng tiền mặt" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var view = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("accepted").GetBoolean());
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {underId}"));
        Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(under)).Status);
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {underRequest} AND status = 'open'"));
        var rest = await (await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = underRequest, amountVnd = 10_000, method = "cash", paidAt = At(24, 9, 55) }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(rest.GetProperty("flag").ValueKind == JsonValueKind.Null, rest.ToString());
        Assert.Equal(DossierStatus.InProcess, (await DossierAsync(under)).Status);
        Assert.Equal(At(24, 9, 55), (await DossierAsync(under)).Pauses.Single().To);
        Assert.Equal(HttpStatusCode.Conflict, (await accountant.PostAsJsonAsync($"/api/v1/payments/{underId}/resolve", new { accept = true, note = "lần nữa" })).StatusCode);
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {underId}"));
        var unmatchedId = flagged[5].Answer.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Conflict, (await accountant.PostAsJsonAsync($"/api/v1/payments/{unmatchedId}/resolve", new { accept = true, note = "?" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/payments/{unmatchedId}/resolve", new { accept = false, note = "Hoàn trả cho người chuyển nhầm" })).StatusCode);
        Assert.Equal(1, await CountAsync($"payments WHERE id = {unmatchedId} AND flag_accepted = false AND flag_note = 'Hoàn trả cho người chuyển nhầm'"));
    }

    [Fact]
    public async Task The_accountant_confirms_cash_with_the_same_rule_and_only_for_their_unit()
    {
        app.Clock.Now = At(25, 9);
        var (code, request) = await AwaitingPaymentAsync(60_000);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var invalid = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = 0, method = "cheque" });
        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        var problem = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("\"amountVnd\"", problem);
        Assert.Contains("\"method\"", problem);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync("/api/v1/payments",
            new { requestId = request, amountVnd = 60_000, method = "cash" })).StatusCode);
        Assert.Equal(0, await CountAsync($"payments WHERE request_id = {request}"));

        app.Clock.Now = At(25, 14);
        var paidAt = At(25, 10, 15);
        var response = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = 60_000, method = "cash", paidAt, payerName = "Trần Thị Bình" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(view.GetRawText());
        Assert.True(view.GetProperty("flag").ValueKind == JsonValueKind.Null);
        // One display of a receipt's number everywhere: its series and seven digits (ReceiptNumbering.Display).
        Assert.Matches(@"^MC-\d{2}E-\d{7}$", view.GetProperty("receiptNumber").GetString()!);
        var dossier = await DossierAsync(code);
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
        Assert.Equal(paidAt, dossier.Pauses.Single().To);
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {view.GetProperty("id").GetInt64()} AND issued_by = (SELECT id FROM users WHERE user_name = 'ketoan.trungtam')"));

        // The same confirmation sent again is the payment already recorded (fourteenth trial, PaymentMatching.ResendWindow);
        // cash paid at another time is a duplicate for the accountant to look at; no second receipt either way.
        var resent = await (await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = 60_000, method = "cash", paidAt })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(view.GetProperty("id").GetInt64(), resent.GetProperty("id").GetInt64());
        var again = await (await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = 60_000, method = "cash", paidAt = paidAt.AddMinutes(5) })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("duplicate", again.GetProperty("flag").GetString());
        Assert.Equal(1, await CountAsync($"receipts r JOIN payments p ON p.id = r.payment_id WHERE p.request_id = {request}"));
    }

    [Fact]
    public async Task Paying_the_intake_fee_does_not_end_an_obligation_whose_own_request_is_still_open()
    {
        app.Clock.Now = At(26, 9);
        var (code, obligation) = await AwaitingPaymentAsync(500_000);
        var intake = await app.ScalarAsync($"""
            INSERT INTO payment_requests (dossier_id, reason, amount_vnd, purpose, status, created_at)
            SELECT id, 'intake', 30000, '{VietQr.PurposeFor(code)}', 'open', received_at FROM dossiers WHERE code = '{code}' RETURNING id
            """);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        app.Clock.Now = At(26, 10);
        var fee = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = intake, amountVnd = 30_000, method = "cash", paidAt = At(26, 9, 30) });
        Assert.Equal(HttpStatusCode.OK, fee.StatusCode);
        Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(code)).Status);
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {obligation} AND status = 'open'"));

        var levy = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = obligation, amountVnd = 500_000, method = "transfer", paidAt = At(26, 9, 45) });
        Assert.Equal(HttpStatusCode.OK, levy.StatusCode);
        var dossier = await DossierAsync(code);
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
        Assert.Equal(At(26, 9, 45), dossier.Pauses.Single().To);
    }

    [Fact]
    public void The_documented_signature_example_is_what_the_server_computes()
    {
        const string body = """{"transactionId":"FT25323001","amountVnd":75000,"purpose":"Nop phi 000.00.01.H46-251117-0001","paidAt":"2025-11-19T09:30:00+07:00","payerName":"TRAN THI BINH"}""";
        var secret = Convert.FromBase64String("q3Vd8sJv0m7y1Xo5Q2nY4hT6wZ9bC0eF1gH2iJ3kL4M=");
        Assert.Equal("f400e67d0accfdf614101319a9911fa94003392f3607f35bec99fc368b2dfadd", CallbackSignature.Sign(secret, 1763517000, Encoding.UTF8.GetBytes(body)));
        Assert.Null(CallbackSignature.Check(secret, "1763517000", "F400E67D0ACCFDF614101319A9911FA94003392F3607F35BEC99FC368B2DFADD", Encoding.UTF8.GetBytes(body),
            DateTimeOffset.FromUnixTimeSeconds(1763517000).AddMinutes(4)));
    }
}
