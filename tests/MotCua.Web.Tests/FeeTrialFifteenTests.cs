using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Payments;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fifteenth trial (TRIAL14o MEDIUM 1, docs/FEES.md "Fifteenth trial") over real HTTP and PostgreSQL: money
/// that pays open requests of its own dossier is applied to them, each journey ending with the dossier's paid total equal
/// to the money received, the receipts (the register's lines) right and nothing of it on /ke-toan's refund list but a
/// true excess.
/// </summary>
public class FeeTrialFifteenTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0, int second = 0) => new(2025, 11, day, hour, minute, second, VietnamTime.Offset);

    private static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // 1.001294 at the centre: an intake fee request "Nop phi <code>" (its amount is the data's).
    private async Task<(string Code, long Fee, long FeeRequest)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        return (code, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}"), request);
    }

    private async Task PauseAsync(string code, long amountVnd, string kind = "charge")
    {
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "transfer");
        await OkAsync(await app.OfficerAsync("truongphong.trungtam"), code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd, kind });
    }

    private async Task<Dossier> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
    }

    private Task<long> ObligationRequestAsync(string code) =>
        app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.reason = 'financialObligation'");

    // The dossier's money as its page and the register read it: the payments listed (GET …/payments, what /ho-so sums
    // as "Đã nộp"), the live receipts' total (the register's lines), the requests still open, and what /ke-toan lists
    // for refund of this dossier's money (Refunds.RefundablesAsync, the page's own list).
    private async Task<(long Paid, long Receipted, long Open, long ToRefund)> MoneyAsync(string code)
    {
        var payments = await (await app.OfficerAsync("ketoan.trungtam")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        var paid = payments.GetProperty("payments").EnumerateArray().Sum(p => p.GetProperty("amountVnd").GetInt64());
        var open = payments.GetProperty("requests").EnumerateArray().Count(r => r.GetProperty("status").GetString() == "open");
        var receipted = await app.ScalarAsync($"""
            SELECT coalesce(sum(r.amount_vnd), 0) FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id
            WHERE d.code = '{code}' AND r.cancelled_at IS NULL
            """);
        using var scope = app.Services.CreateScope();
        var centre = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Agencies.Where(a => a.Code == DemoData.CentreCode).Select(a => a.Id).SingleAsync();
        var refundables = await scope.ServiceProvider.GetRequiredService<RefundService>().RefundablesAsync(centre, CancellationToken.None);
        return (paid, receipted, open, refundables.Where(r => r.DossierCode == code).Sum(r => r.RefundableVnd));
    }

    /// <summary>-0026: fee and obligation open, one transfer of their sum under each description a payer sends.</summary>
    [Theory]
    [InlineData("Nop phi", "046199715001")]
    [InlineData("NVTC 1", "046199715002")]
    [InlineData("CK", "046199715003")]
    public async Task One_transfer_of_the_fee_and_the_obligation_settles_both_with_one_receipt_and_ends_the_pause(string prefix, string idNumber)
    {
        app.Clock.Now = At(17, 9);
        var (code, fee, feeRequest) = await SubmitAsync(idNumber);
        app.Clock.Now = At(17, 10);
        await PauseAsync(code, 1_250_000);
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-15-a-" + idNumber[^1]);
        app.Clock.Now = At(17, 11);
        var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT15-A-" + idNumber, fee + 1_250_000, prefix + " " + code, At(17, 10, 30));

        Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        Assert.Equal(feeRequest, paid.GetProperty("requestId").GetInt64());
        var dossier = await DossierAsync(code);
        Assert.Equal((DossierStatus.InProcess, At(17, 10, 30)), (dossier.Status, dossier.Pauses.Single().To));
        Assert.Equal((fee + 1_250_000, fee + 1_250_000, 0L, 0L), await MoneyAsync(code));
        // One receipt, each request its own line.
        var items = await app.ScalarAsync($"SELECT jsonb_array_length(items) FROM receipts WHERE payment_id = {paid.GetProperty("id").GetInt64()}");
        Assert.Equal(2, items);
    }

    /// <summary>-0026 as the trial saw it: more than the sum, flagged overpaid on the fee; accepting settles the fee and the
    /// obligation its excess pays in full, and only the true excess is listed for refund.</summary>
    [Fact]
    public async Task Accepting_an_overpayment_applies_the_excess_to_the_open_obligation_before_any_refund()
    {
        app.Clock.Now = At(18, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199715004");
        app.Clock.Now = At(18, 10);
        await PauseAsync(code, 1_250_000);
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-15-b");
        app.Clock.Now = At(18, 11);
        var money = fee + 1_250_000 + 5_000;
        var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT15-B-1", money, PaymentRequests.PurposeOf(code), At(18, 10, 30));
        Assert.Equal(("overpaid", feeRequest), (paid.GetProperty("flag").GetString(), paid.GetProperty("requestId").GetInt64()));
        Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(code)).Status);

        await OkAsync(await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{paid.GetProperty("id").GetInt64()}/resolve",
            new { accept = true, note = "Nộp cả phí và lệ phí" }));
        var dossier = await DossierAsync(code);
        Assert.Equal((DossierStatus.InProcess, At(18, 10, 30)), (dossier.Status, dossier.Pauses.Single().To));
        Assert.Equal((money, fee + 1_250_000, 0L, 5_000L), await MoneyAsync(code));
    }

    /// <summary>-0040: the obligation's money paid 76 s before the obligation was raised: flagged, and accepted against it.</summary>
    [Fact]
    public async Task Money_paid_just_before_the_obligation_was_raised_is_accepted_against_it()
    {
        app.Clock.Now = At(19, 9);
        var (code, fee, _) = await SubmitAsync("046199715005");
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-15-c");
        await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT15-C-1", fee, PaymentRequests.PurposeOf(code), app.Clock.Now);
        app.Clock.Now = At(19, 10);
        await PauseAsync(code, 1_250_000);
        var pausedFrom = (await DossierAsync(code)).Pauses.Single().From;
        app.Clock.Now = At(19, 10, 5);
        var early = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT15-C-2", 1_250_000, PaymentRequests.ObligationPurposeOf(code, 1),
            pausedFrom.AddSeconds(-76));
        Assert.Equal(("paidAtImplausible", await ObligationRequestAsync(code)), (early.GetProperty("flag").GetString(), early.GetProperty("requestId").GetInt64()));

        var accepted = await OkAsync(await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{early.GetProperty("id").GetInt64()}/resolve",
            new { accept = true, note = "Sao kê: tiền vào tài khoản" }));
        Assert.True(accepted.GetProperty("accepted").GetBoolean());
        var dossier = await DossierAsync(code);
        // The bank's time stands; the pause ends at its own start, the clock lost nothing.
        Assert.Equal((DossierStatus.InProcess, pausedFrom), (dossier.Status, dossier.Pauses.Single().To));
        Assert.Equal((fee + 1_250_000, fee + 1_250_000, 0L, 0L), await MoneyAsync(code));
    }

    /// <summary>-0061: the accountant names the paid fee for exactly the open obligation's amount: it pays the obligation.</summary>
    [Fact]
    public async Task The_accountant_naming_the_paid_fee_for_the_obligations_exact_amount_pays_the_obligation()
    {
        app.Clock.Now = At(20, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199715006");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = feeRequest, amountVnd = fee, method = "cash", paidAt = At(20, 9) }));
        app.Clock.Now = At(20, 10);
        await PauseAsync(code, 400_000);
        app.Clock.Now = At(20, 11);
        var paid = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments",
            new { requestId = feeRequest, amountVnd = 400_000, method = "transfer", paidAt = At(20, 10, 30) }));
        Assert.Equal((JsonValueKind.Null, await ObligationRequestAsync(code)), (paid.GetProperty("flag").ValueKind, paid.GetProperty("requestId").GetInt64()));
        Assert.Equal((DossierStatus.InProcess, At(20, 10, 30)), ((await DossierAsync(code)).Status, (await DossierAsync(code)).Pauses.Single().To));
        Assert.Equal((fee + 400_000, fee + 400_000, 0L, 0L), await MoneyAsync(code));
    }

    /// <summary>A duplicate of the paid fee whose amount is the obligation raised afterwards is attached to its own dossier
    /// (no longer 409 "đang gắn với chính hồ sơ đó"): decided again, then accepted at the bank's time.</summary>
    [Fact]
    public async Task A_duplicate_is_attached_to_an_open_request_of_its_own_dossier()
    {
        app.Clock.Now = At(21, 9);
        var (code, fee, _) = await SubmitAsync("046199715007");
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-15-d");
        await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT15-D-1", fee, PaymentRequests.PurposeOf(code), app.Clock.Now);
        app.Clock.Now = At(21, 9, 30);
        var duplicate = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT15-D-2", 400_000, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal("duplicate", duplicate.GetProperty("flag").GetString());
        app.Clock.Now = At(21, 10);
        await PauseAsync(code, 400_000);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var id = duplicate.GetProperty("id").GetInt64();
        var attached = await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/attach", new { dossierCode = code, note = "Tiền lệ phí" }));
        Assert.Equal(await ObligationRequestAsync(code), attached.GetProperty("requestId").GetInt64());
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/resolve", new { accept = true, note = "Sao kê" }));
        Assert.Equal(DossierStatus.InProcess, (await DossierAsync(code)).Status);
        Assert.Equal((fee + 400_000, fee + 400_000, 0L, 0L), await MoneyAsync(code));
    }
}
