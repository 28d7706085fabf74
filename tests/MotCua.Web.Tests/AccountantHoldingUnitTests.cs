using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, brief fees40b (docs/FEES.md "Fresh trial 14u (fees40b)") over real HTTP and PostgreSQL: a refused acceptance
/// changes nothing; money credited to another unit's collection account is that unit's to see, refund and book; the
/// register's words on levy cash; the callback ignores fields it does not know; /tra-cuu heads a levy as a financial
/// obligation; the first welcome list names the ward accountants.
/// </summary>
public class AccountantHoldingUnitTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    // A procedure with no fee at the centre: the tests put in the requests they need.
    private Task<string> SubmitAsync(string idNumber) => app.SubmitAsync("1.004837", idNumber);

    private static string Body(string transactionId, long amountVnd, string purpose, DateTimeOffset paidAt, string? creditedAccount = null) =>
        JsonSerializer.Serialize(new { transactionId, amountVnd, purpose, paidAt = paidAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), creditedAccount });

    private async Task<JsonElement> PaymentOfAsync(string code, long id) =>
        (await (await app.OfficerAsync("tiepnhan.trungtam")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments"))
            .GetProperty("payments").EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == id);

    private static async Task<string> ConflictAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_refused_accept_changes_nothing_and_its_message_claims_no_receipt()
    {
        app.Clock.Now = At(12, 1, 9);
        var code = await SubmitAsync("046190040101");
        var fee = await app.IntakeRequestAsync(code, 25_000);
        app.Clock.Now = At(12, 1, 10);
        var partner = await app.PartnerAsync("bank-refused-accept");
        var client = app.CreateClient();
        // Credited to an account no unit has (not held elsewhere), and paid before the request existed.
        var credited = await FeeTrialSteps.OkAsync(await partner.SendAsync(client, Body("RA-1", 25_000, PaymentRequests.PurposeOf(code), At(12, 1, 9, 30), "0123456789"), app.Clock.Now));
        var early = await FeeTrialSteps.OkAsync(await partner.SendAsync(client, Body("RA-2", 25_000, PaymentRequests.PurposeOf(code), At(11, 30, 9)), app.Clock.Now));
        Assert.Equal(("creditedElsewhere", "paidAtImplausible"), (credited.GetProperty("flag").GetString(), early.GetProperty("flag").GetString()));
        // Then the exact money settles the fee: each flagged payment now reads as paid twice.
        var settled = await FeeTrialSteps.OkAsync(await partner.SendAsync(client, Body("RA-3", 25_000, PaymentRequests.PurposeOf(code), At(12, 1, 9, 40)), app.Clock.Now));
        Assert.Equal(JsonValueKind.Null, settled.GetProperty("flag").ValueKind);

        var accountant = await app.OfficerAsync("ketoan.trungtam");
        foreach (var (payment, flag) in new[] { (credited.GetProperty("id").GetInt64(), "creditedElsewhere"), (early.GetProperty("id").GetInt64(), "paidAtImplausible") })
        {
            var detail = await ConflictAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/resolve", new { accept = true, note = "Chấp nhận" }));
            Assert.Contains("Khoản nộp trùng", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("đã có biên lai", detail, StringComparison.Ordinal);
            var after = await PaymentOfAsync(code, payment);
            Assert.Equal((flag, flag, false), (after.GetProperty("flag").GetString(), after.GetProperty("firstFlag").GetString(), after.GetProperty("flagResolved").GetBoolean()));
            Assert.Equal(fee, await app.ScalarAsync($"SELECT request_id FROM payments WHERE id = {payment}"));
            Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = 'payment:{payment}'"));
        }
    }

    [Fact]
    public async Task Money_credited_to_another_units_account_is_that_units_to_see_refund_and_book()
    {
        await DemoHistory.EnsureStaffAsync(app.Services);
        app.Clock.Now = At(12, 2, 9);
        var code = await SubmitAsync("046190040102");
        await app.IntakeRequestAsync(code, 25_000);
        var thuanHoa = (await app.ScalarAsync($"SELECT a.account_number::bigint FROM collection_accounts a JOIN agencies g ON g.id = a.agency_id WHERE g.code = '{DemoData.ThuanHoaCode}' AND a.active")).ToString(CultureInfo.InvariantCulture);
        var holderId = await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}'");
        app.Clock.Now = At(12, 2, 10);
        var partner = await app.PartnerAsync("bank-held-elsewhere");
        var flagged = await FeeTrialSteps.OkAsync(await partner.SendAsync(app.CreateClient(), Body("HE-1", 25_000, PaymentRequests.PurposeOf(code), At(12, 2, 9, 30), thuanHoa), app.Clock.Now));
        var payment = flagged.GetProperty("id").GetInt64();
        Assert.Equal(("creditedElsewhere", holderId), (flagged.GetProperty("flag").GetString(), (long)flagged.GetProperty("heldById").GetInt32()));
        var holder = flagged.GetProperty("heldBy").GetString()!;

        // The holder sees it among its flags and its refunds; the dossier's unit sees why it can do nothing with it.
        var ward = await app.OfficerAsync("ketoan.thuanhoa");
        var wardPage = WebUtility.HtmlDecode(await ward.GetStringAsync("/ke-toan"));
        Assert.Contains(code, wardPage, StringComparison.Ordinal);
        Assert.Contains("held-here", wardPage, StringComparison.Ordinal);
        var centre = await app.OfficerAsync("ketoan.trungtam");
        var centrePage = WebUtility.HtmlDecode(await centre.GetStringAsync("/ke-toan"));
        Assert.Contains($"Khoản tiền được ghi có vào tài khoản thu của {holder}", centrePage, StringComparison.Ordinal);

        // The dossier's unit may neither accept, note, attach nor refund it: 409 naming the holder, nothing written.
        var refund = new { amountVnd = 25_000, reason = "Thu nhầm tài khoản", method = "transfer" };
        foreach (var refused in new[]
        {
            await centre.PostAsJsonAsync($"/api/v1/payments/{payment}/resolve", new { accept = true, note = "Chấp nhận" }),
            await centre.PostAsJsonAsync($"/api/v1/payments/{payment}/resolve", new { accept = false, note = "Đã xem" }),
            await centre.PostAsJsonAsync($"/api/v1/payments/{payment}/attach", new { dossierCode = code }),
            await centre.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", refund),
        })
            Assert.Contains(holder, await ConflictAsync(refused), StringComparison.Ordinal);
        // A third unit does not see it at all.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("ketoan.phuxuan")).PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", refund)).StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payment_refunds WHERE payment_id = {payment}"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payments WHERE id = {payment} AND (flag_resolved_at IS NOT NULL OR flag <> 'creditedElsewhere')"));

        // The holder never makes it the dossier's fee, but refunds it; its register books the refund, the centre's does not.
        Assert.Contains("không ghi nhận là phí", await ConflictAsync(await ward.PostAsJsonAsync($"/api/v1/payments/{payment}/resolve", new { accept = true, note = "Chấp nhận" })), StringComparison.Ordinal);
        await FeeTrialSteps.OkAsync(await ward.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", refund));
        static IEnumerable<long> Refunded(JsonElement register) =>
            register.GetProperty("register").GetProperty("refunds").EnumerateArray().Select(f => f.GetProperty("paymentId").GetInt64());
        Assert.Contains(payment, Refunded(await ward.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-12-01&to=2025-12-31")));
        Assert.DoesNotContain(payment, Refunded(await centre.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-12-01&to=2025-12-31")));
        Assert.Contains(code, WebUtility.HtmlDecode(await ward.GetStringAsync("/ke-toan")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callback_ignores_a_field_it_does_not_know_and_still_refuses_a_repeated_or_wrongly_typed_known_one()
    {
        app.Clock.Now = At(12, 3, 9);
        var code = await SubmitAsync("046190040103");
        await app.IntakeRequestAsync(code, 30_000);
        app.Clock.Now = At(12, 3, 10);
        var partner = await app.PartnerAsync("bank-new-field");
        var client = app.CreateClient();
        var paidAt = At(12, 3, 9, 30).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var purpose = PaymentRequests.PurposeOf(code);
        foreach (var (body, field) in new[]
        {
            ($$"""{"transactionId":"NF-1","amountVnd":30000,"amountVnd":30000,"purpose":"{{purpose}}","paidAt":"{{paidAt}}"}""", "amountVnd"),
            ($$"""{"transactionId":"NF-1","amountVnd":"30000","purpose":"{{purpose}}","paidAt":"{{paidAt}}","bankRef":"X"}""", "amountVnd"),
            ($$"""{"transactionId":"NF-1","amountVnd":30000,"purpose":"{{purpose}}","paidAt":"2025-12-03 09:30","bankRef":"X"}""", "paidAt"),
        })
        {
            using var refused = await partner.SendAsync(client, body, app.Clock.Now);
            Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), body);
        }
        var added = $$"""{"transactionId":"NF-1","amountVnd":30000,"purpose":"{{purpose}}","paidAt":"{{paidAt}}","channel":{"kind":"napas"},"bankRef":"FT123"}""";
        var recorded = await FeeTrialSteps.OkAsync(await partner.SendAsync(client, added, app.Clock.Now));
        Assert.Equal(JsonValueKind.Null, recorded.GetProperty("flag").ValueKind);
        Assert.Equal(JsonValueKind.Number, recorded.GetProperty("receiptId").ValueKind);
        var operation = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths").GetProperty("/api/v1/payments/callback").GetProperty("post");
        Assert.Contains("Trường không có trong mô tả được bỏ qua", operation.GetProperty("description").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_lookup_heads_a_levy_as_a_financial_obligation_with_its_kind()
    {
        app.Clock.Now = At(12, 4, 9);
        var code = await SubmitAsync("046190040104");
        await app.ObligationAsync(code, 123_000);
        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}"));
        Assert.Contains("Nghĩa vụ tài chính cần nộp: thuế, tiền sử dụng đất hoặc khoản nộp ngân sách khác", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Phí, lệ phí cần nộp", page, StringComparison.Ordinal);
        Assert.Contains("123.000", page, StringComparison.Ordinal);
        Assert.Equal("Phí, lệ phí cần nộp", ObligationKinds.PublicHeading([ObligationKinds.Fee, ObligationKinds.Charge]));
    }

    [Fact]
    public async Task The_register_says_levy_cash_is_in_the_drawer_figures_and_the_first_welcome_list_names_the_ward_accountants()
    {
        var page = WebUtility.HtmlDecode(await (await app.OfficerAsync("ketoan.trungtam")).GetStringAsync("/so-thu-phi?tu=01/12/2025&den=31/12/2025"));
        Assert.Contains(FeeRegister.HandoverRule, page, StringComparison.Ordinal);
        Assert.Contains("nộp thừa, nộp trùng, thuế, tiền sử dụng đất", FeeRegister.HandoverRule, StringComparison.Ordinal);
        Assert.Contains("kể cả khoản chưa lập biên lai, thuế, tiền sử dụng đất", FeeRegister.HandoverRule, StringComparison.Ordinal);

        // What Program does before the first list when the history is asked for (./run.sh).
        await DemoHistory.EnsureStaffAsync(app.Services);
        var welcome = await DemoData.WelcomeAsync(app.Services, ["http://127.0.0.1:5080"]);
        foreach (var user in new[] { "ketoan.thuanhoa", "ketoan.phuxuan", "ketoan.phuvang", "ketoan.aluoi1", "lanhdao.tuphap" })
            Assert.Contains(user, welcome, StringComparison.Ordinal);
    }
}
