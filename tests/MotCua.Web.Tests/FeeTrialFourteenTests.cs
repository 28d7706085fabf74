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

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fourteenth trial (TRIAL14n, docs/FEES.md "Fourteenth trial") over real HTTP and PostgreSQL: the fee QR's
/// "Nop phi &lt;code&gt;" with exactly the open obligation's amount settles the obligation (not a duplicate of the paid
/// fee), and money paid before the status-6 pause began still ends the pause, at the pause's own start.
/// </summary>
public class FeeTrialFourteenTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // 1.001294 at the centre: an intake fee request "Nop phi <code>".
    private async Task<(string Code, long Amount, long RequestId)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        return (code, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}"), request);
    }

    private async Task PauseAsync(string code, object obligation)
    {
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "transfer");
        await OkAsync(await app.OfficerAsync("truongphong.trungtam"), code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), code, "financial-obligation", obligation);
    }

    private async Task<Dossier> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
    }

    private Task<long> ReceiptsAsync(string code) => app.ScalarAsync($"""
        SELECT count(*) FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id
        WHERE d.code = '{code}' AND r.cancelled_at IS NULL
        """);

    private Task<long> ObligationRequestAsync(string code) =>
        app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.reason = 'financialObligation'");

    [Fact]
    public async Task The_fee_QRs_purpose_with_the_obligations_exact_amount_settles_the_obligation_and_ends_the_pause()
    {
        app.Clock.Now = At(25, 9);
        var (code, amount, fee) = await SubmitAsync("046199714001");
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-14-a");
        var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT14-A-1", amount, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        app.Clock.Now = At(25, 10);
        await PauseAsync(code, new { note = "Nộp lệ phí", amountVnd = 1_250_000, kind = "charge" });
        Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(code)).Status);

        // The trial's callback: the obligation's exact money with the fee QR's description.
        app.Clock.Now = At(25, 11);
        var again = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT14-A-2", 1_250_000, PaymentRequests.PurposeOf(code), At(25, 10, 30));
        Assert.Equal(JsonValueKind.Null, again.GetProperty("flag").ValueKind);
        Assert.Equal(await ObligationRequestAsync(code), again.GetProperty("requestId").GetInt64());
        Assert.NotEqual(fee, again.GetProperty("requestId").GetInt64());
        var dossier = await DossierAsync(code);
        Assert.Equal((DossierStatus.InProcess, At(25, 10, 30)), (dossier.Status, dossier.Pauses.Single().To));
        Assert.Equal(2, await ReceiptsAsync(code));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}' AND p.flag IS NOT NULL"));
    }

    [Fact]
    public async Task With_the_fee_and_a_levy_open_the_levys_exact_amount_under_the_fee_QRs_purpose_pays_the_levy()
    {
        app.Clock.Now = At(26, 9);
        var (code, amount, fee) = await SubmitAsync("046199714002");
        await PauseAsync(code, new { note = "Tiền sử dụng đất", amountVnd = 1_250_000, kind = "levy" });
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-14-b");
        var levy = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT14-B-1", 1_250_000, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal(JsonValueKind.Null, levy.GetProperty("flag").ValueKind);
        Assert.Equal(await ObligationRequestAsync(code), levy.GetProperty("requestId").GetInt64());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {fee} AND status = 'open'"));
        Assert.Equal(DossierStatus.InProcess, (await DossierAsync(code)).Status);
        // The fee's own amount still pays the fee.
        var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT14-B-2", amount, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal((fee, JsonValueKind.Null), (paid.GetProperty("requestId").GetInt64(), paid.GetProperty("flag").ValueKind));
    }

    // MEDIUM 1: the obligation asked without an amount reuses the open intake request; the money was paid (and is
    // confirmed) with its true time, before the pause began.
    [Theory]
    [InlineData("callback")]
    [InlineData("accountant")]
    public async Task Money_paid_before_the_pause_began_ends_the_pause_at_its_start(string by)
    {
        app.Clock.Now = At(27, 9);
        var (code, amount, request) = await SubmitAsync(by == "callback" ? "046199714003" : "046199714004");
        app.Clock.Now = At(27, 10);
        await PauseAsync(code, new { note = "Nộp lệ phí đã báo khi tiếp nhận" });
        var pausedFrom = (await DossierAsync(code)).Pauses.Single().From;
        app.Clock.Now = At(27, 11);
        var paidAt = At(27, 9, 30);
        if (by == "callback")
        {
            var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-14-c");
            var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "FT14-C-1", amount, PaymentRequests.PurposeOf(code), paidAt);
            Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        }
        else
        {
            var confirmed = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync("/api/v1/payments",
                new { requestId = request, amountVnd = amount, method = "transfer", paidAt });
            Assert.True(confirmed.StatusCode == HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        }
        var dossier = await DossierAsync(code);
        Assert.Equal((DossierStatus.InProcess, pausedFrom), (dossier.Status, dossier.Pauses.Single().To));
        Assert.Equal(1, await ReceiptsAsync(code));
    }

    [Fact]
    public async Task Ten_identical_confirmations_at_once_record_one_payment_and_answer_it_ten_times()
    {
        app.Clock.Now = At(28, 9);
        var (code, amount, request) = await SubmitAsync("046199714005");
        app.Clock.Now = At(28, 10);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var body = new { requestId = request, amountVnd = amount, method = "transfer", paidAt = At(28, 9, 30) };
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => accountant.PostAsJsonAsync("/api/v1/payments", body)));
        foreach (var answer in answers) Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(1, await ReceiptsAsync(code));
        // Other money (another paid time) is still recorded: a duplicate to refund.
        var other = await accountant.PostAsJsonAsync("/api/v1/payments", body with { paidAt = At(28, 9, 45) });
        Assert.Equal("duplicate", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("flag").GetString());
    }
}
