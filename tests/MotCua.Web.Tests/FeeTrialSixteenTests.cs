using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Payments;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the sixteenth trial (HIGH 1, MEDIUM 1, MEDIUM 2; docs/FEES.md "Sixteenth trial") over real HTTP and
/// PostgreSQL: an accepted overpayment keeps of each request it settled only what that request still owed, so on every
/// sequence the money received equals what is receipted, listed for refund and refunded; once the dossier is closed the
/// fee it kept is refundable in full; the fee register counts requests settled by another request's money.
/// </summary>
public class FeeTrialSixteenTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task OkAsync(string user, string code, string action, object body) =>
        await OkAsync(await (await app.OfficerAsync(user)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body));

    // 1.001294 at the centre: an intake fee request (its amount is the data's).
    private async Task<(string Code, long Fee, long FeeRequest)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        return (code, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}"), request);
    }

    // The obligation of 1,250,000 lệ phí raised by the specialist (status 6): its request id.
    private async Task<long> PauseAsync(string code)
    {
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("truongphong.trungtam", code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync("chuyenvien.trungtam", code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = 1_250_000, kind = "charge" });
        return await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.reason = 'financialObligation'");
    }

    // The accountant records money for a request at the desk; a flag (under- or overpaid) is accepted. The payment's id.
    private async Task<long> PayAsync(long requestId, long amountVnd, DateTimeOffset paidAt)
    {
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var paid = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId, amountVnd, method = "cash", paidAt }));
        var id = paid.GetProperty("id").GetInt64();
        if (paid.GetProperty("flag").ValueKind == JsonValueKind.String)
            await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/resolve", new { accept = true, note = "Chấp nhận theo sao kê" }));
        return id;
    }

    private async Task<HttpResponseMessage> RefundAsync(long paymentId, long amountVnd) =>
        await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{paymentId}/refunds",
            new { amountVnd, reason = "Hoàn trả tiền nộp", method = "cash" });

    // The dossier's money: received (GET …/payments), receipted (live receipts), listed for refund on /ke-toan
    // (RefundService.RefundablesAsync) and refunded.
    private async Task<(long Received, long Receipted, long ToRefund, long Refunded)> MoneyAsync(string code)
    {
        var payments = await (await app.OfficerAsync("ketoan.trungtam")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        var received = payments.GetProperty("payments").EnumerateArray().Sum(p => p.GetProperty("amountVnd").GetInt64());
        var receipted = await app.ScalarAsync($"""
            SELECT coalesce(sum(r.amount_vnd), 0) FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id
            WHERE d.code = '{code}' AND r.cancelled_at IS NULL
            """);
        var refunded = await app.ScalarAsync($"""
            SELECT coalesce(sum(f.amount_vnd), 0) FROM payment_refunds f JOIN payments p ON p.id = f.payment_id JOIN dossiers d ON d.id = p.dossier_id
            WHERE d.code = '{code}'
            """);
        using var scope = app.Services.CreateScope();
        var centre = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Agencies.Where(a => a.Code == DemoData.CentreCode).Select(a => a.Id).SingleAsync();
        var refundables = await scope.ServiceProvider.GetRequiredService<RefundService>().RefundablesAsync(centre, CancellationToken.None);
        return (received, receipted, refundables.Where(r => r.DossierCode == code).Sum(r => r.RefundableVnd), refunded);
    }

    private async Task AssertBalancedAsync(string code, long receipted, long toRefund)
    {
        var money = await MoneyAsync(code);
        Assert.Equal((receipted, toRefund), (money.Receipted, money.ToRefund));
        Assert.Equal(money.Received, money.Receipted + money.ToRefund + money.Refunded);
    }

    /// <summary>-0021: a part of the fee accepted, then an overpayment of the rest that also pays the obligation: the fee
    /// keeps only what it still owed, so the whole true excess is listed for refund.</summary>
    [Fact]
    public async Task Part_of_the_fee_then_an_overpayment_keeps_only_what_the_fee_still_owed()
    {
        app.Clock.Now = At(11, 17, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199716001");
        var part = fee / 5;
        await PayAsync(feeRequest, part, At(11, 17, 9));
        app.Clock.Now = At(11, 17, 10);
        await PauseAsync(code);
        app.Clock.Now = At(11, 17, 11);
        await PayAsync(feeRequest, fee - part + 1_250_000 + 30_000, At(11, 17, 10, 30));

        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.status = 'open'"));
        await AssertBalancedAsync(code, fee + 1_250_000, 30_000);
    }

    /// <summary>-0052: a part of the obligation accepted, then an overpayment of the fee that settles both: the obligation
    /// is receipted for what it still owed, never 1,275,000 for 1,250,000.</summary>
    [Fact]
    public async Task Part_of_the_obligation_then_an_overpayment_of_the_fee_receipts_the_obligation_once()
    {
        app.Clock.Now = At(11, 18, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199716002");
        app.Clock.Now = At(11, 18, 10);
        var obligation = await PauseAsync(code);
        app.Clock.Now = At(11, 18, 11);
        await PayAsync(obligation, 25_000, At(11, 18, 10, 30));
        app.Clock.Now = At(11, 18, 12);
        var over = await PayAsync(feeRequest, fee + 1_225_000 + 10_000, At(11, 18, 11, 30));

        Assert.Equal(fee + 1_225_000, await app.ScalarAsync($"SELECT amount_vnd FROM receipts WHERE payment_id = {over} AND cancelled_at IS NULL"));
        await AssertBalancedAsync(code, fee + 1_250_000, 10_000);
    }

    /// <summary>An overpayment of the fee first, then the obligation paid in a part and the rest: only the first excess is
    /// to refund.</summary>
    [Fact]
    public async Task An_overpayment_then_a_part_and_the_rest_balance()
    {
        app.Clock.Now = At(11, 19, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199716003");
        await PayAsync(feeRequest, fee + 7_000, At(11, 19, 9));
        app.Clock.Now = At(11, 19, 10);
        var obligation = await PauseAsync(code);
        app.Clock.Now = At(11, 19, 11);
        await PayAsync(obligation, 250_000, At(11, 19, 10, 30));
        await PayAsync(obligation, 1_000_000, At(11, 19, 10, 45));
        await AssertBalancedAsync(code, fee + 1_250_000, 7_000);
    }

    /// <summary>The sum of the fee and the obligation in one transfer, then its full refund after the dossier is withdrawn:
    /// the register's reconciliation counts both requests paid, then refunded.</summary>
    [Fact]
    public async Task The_register_counts_requests_settled_by_another_requests_money()
    {
        app.Clock.Now = At(12, 15, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199716004");
        app.Clock.Now = At(12, 15, 10);
        await PauseAsync(code);
        app.Clock.Now = At(12, 15, 11);
        var paid = await PayAsync(feeRequest, fee + 1_250_000, At(12, 15, 10, 30));
        await AssertBalancedAsync(code, fee + 1_250_000, 0);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var reconciliation = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-12-01&to=2025-12-31"))
            .GetProperty("register").GetProperty("reconciliation");
        Assert.Equal((fee + 1_250_000, 0L), (reconciliation.GetProperty("paidRequestsVnd").GetInt64(), reconciliation.GetProperty("openRequestsVnd").GetInt64()));

        app.Clock.Now = At(12, 16, 9);
        await OkAsync("tiepnhan.trungtam", code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        await OkAsync(await RefundAsync(paid, fee + 1_250_000));
        reconciliation = (await (await app.OfficerAsync("ketoan.trungtam")).GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-12-01&to=2025-12-31"))
            .GetProperty("register").GetProperty("reconciliation");
        Assert.Equal((0L, fee + 1_250_000), (reconciliation.GetProperty("paidRequestsVnd").GetInt64(), reconciliation.GetProperty("refundedRequestsVnd").GetInt64()));
    }

    /// <summary>MEDIUM 1: an accepted overpayment that settled the fee and the obligation; its excess refunded while the
    /// dossier is processed, the rest held with a true reason; once withdrawn, the fee it kept is refundable in full, the
    /// refund that empties it cancels the receipt and marks both requests refunded.</summary>
    [Fact]
    public async Task After_withdrawal_the_fee_an_overpayment_kept_is_refundable_in_full()
    {
        app.Clock.Now = At(11, 20, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199716005");
        app.Clock.Now = At(11, 20, 10);
        await PauseAsync(code);
        app.Clock.Now = At(11, 20, 11);
        var over = await PayAsync(feeRequest, fee + 1_250_000 + 5_000, At(11, 20, 10, 30));
        await AssertBalancedAsync(code, fee + 1_250_000, 5_000);
        await OkAsync(await RefundAsync(over, 5_000));
        var held = await RefundAsync(over, 1);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        // The true reason (PaymentRefunds.KeptHeld): the excess went back, the rest is the fee, held; never "nothing left".
        var why = await held.Content.ReadAsStringAsync();
        Assert.DoesNotContain("không còn gì để hoàn trả", why, StringComparison.Ordinal);
        Assert.Contains("phần còn lại là phí, lệ phí đã thu của hồ sơ", why, StringComparison.Ordinal);

        app.Clock.Now = At(11, 21, 9);
        await OkAsync("tiepnhan.trungtam", code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        var history = await RefundsOfAsync(code);
        Assert.Equal(fee + 1_250_000, history.Single().RefundableVnd);
        var refund = await OkAsync(await RefundAsync(over, fee + 1_250_000));
        Assert.True(refund.GetProperty("full").GetBoolean());
        Assert.Equal(JsonValueKind.String, refund.GetProperty("cancelledReceipt").ValueKind);
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE settled_by = {over} AND status = 'refunded'"));
        await AssertBalancedAsync(code, 0, 0);
        var done = await RefundAsync(over, 1);
        Assert.Equal(HttpStatusCode.Conflict, done.StatusCode);
        Assert.Contains("đã được hoàn trả hết", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<List<RefundView>> RefundsOfAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        var centre = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Agencies.Where(a => a.Code == DemoData.CentreCode).Select(a => a.Id).SingleAsync();
        return [.. (await scope.ServiceProvider.GetRequiredService<RefundService>().RefundsAsync(centre, CancellationToken.None)).Where(r => r.DossierCode == code)];
    }
}
