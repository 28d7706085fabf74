using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fresh trial's fee findings (brief fees37; docs/FEES.md "Fresh trial (fees37)") over real HTTP and
/// PostgreSQL: the daily cash handover takes off bank money handed back in cash (JSON and /so-thu-phi); a day with
/// only an unreceipted cash refund has its day line; a withdrawal in status 6 ends the pause; a refund sent twice, three
/// at once or through the page twice is one refund; money that ended a pause through a reused intake request is held;
/// /ke-toan says an overpayment refunded in full was refunded in full.
/// </summary>
public class FeeTrialThirtySevenTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // Each test has its own month: the class's tests share one database and the register reads a month.
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task OkAsync(string user, string code, string action, object body) =>
        await OkAsync(await (await app.OfficerAsync(user)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body));

    // 1.001294 at the centre: its intake fee request (the amount is the data's).
    private async Task<(string Code, long Fee, long FeeRequest)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        return (code, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}"), request);
    }

    private async Task<Dossier> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
    }

    private static JsonElement Day(JsonElement register, string date) =>
        Assert.Single(register.GetProperty("days").EnumerateArray(), d => d.GetProperty("date").GetString() == date);

    private static (long Cash, long CashRefunded, long Handover, long Refunded) Figures(JsonElement day) =>
        (day.GetProperty("cashVnd").GetInt64(), day.GetProperty("cashRefundedVnd").GetInt64(), day.GetProperty("cashHandoverVnd").GetInt64(),
         day.GetProperty("refundedVnd").GetInt64());

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ 1: the cash handover; 5: /ke-toan; 6: the labels

    [Fact]
    public async Task A_cash_refund_of_an_accepted_overpayment_comes_off_the_handover_in_full()
    {
        app.Clock.Now = At(5, 6, 9);
        var (code, fee, feeRequest) = await SubmitAsync("046199737001");
        var (other, otherFee, otherRequest) = await SubmitAsync("046199737002");
        app.Clock.Now = At(5, 6, 10);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        // The bank's money, 3,000 more than the fee, accepted: the fee receipted, 3,000 never receipted.
        var paid = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = feeRequest, amountVnd = fee + 3_000, method = "transfer", paidAt = At(5, 6, 9, 30) }));
        Assert.Equal("overpaid", paid.GetProperty("flag").GetString());
        var payment = paid.GetProperty("id").GetInt64();
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/resolve", new { accept = true, note = "Nộp thừa 3.000 đồng" }));

        // The next day: another dossier's fee comes in cash, and the first is withdrawn and refunded in full in cash.
        app.Clock.Now = At(5, 7, 9);
        accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = otherRequest, amountVnd = otherFee, method = "cash", paidAt = At(5, 7, 8, 30) }));
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("tiepnhan.trungtam", code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        var refund = await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = fee + 3_000, reason = "Rút hồ sơ", method = "cash" }));
        Assert.True(refund.GetProperty("full").GetBoolean());

        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-05-01&to=2025-05-31")).GetProperty("register");
        // In: the other fee in cash. Out: the whole refund in cash. Only the receipted fee comes off the day's net.
        Assert.Equal((otherFee, fee + 3_000, otherFee - fee - 3_000, fee), Figures(Day(register, "2025-05-07")));
        var totals = register.GetProperty("totals");
        Assert.Equal((otherFee, fee + 3_000, otherFee - fee - 3_000), (totals.GetProperty("cashVnd").GetInt64(),
            totals.GetProperty("cashRefundedVnd").GetInt64(), totals.GetProperty("cashHandoverVnd").GetInt64()));
        Assert.Equal((fee, 3_000L), (totals.GetProperty("refundedVnd").GetInt64(), totals.GetProperty("unreceiptedRefundedVnd").GetInt64()));
        // The receipt cancelled by the full refund is in the totals and labelled so; none is "not counted".
        Assert.Equal((1, 1, 0), (totals.GetProperty("cancelled").GetInt32(), totals.GetProperty("cancelledByRefund").GetInt32(),
            totals.GetProperty("cancelledNotCounted").GetInt32()));

        // /so-thu-phi prints the same handover on the day's line, and the unreceipted refund.
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/so-thu-phi?tu=01/05/2025&den=31/05/2025"));
        var row = Regex.Match(page, "<tr><td>07/05/2025</td>.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains($"<td>{(otherFee - fee - 3_000).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.')}</td>", row, StringComparison.Ordinal);
        Assert.Contains("id=\"unreceipted-refunded\">3.000 đồng", page, StringComparison.Ordinal);

        // /ke-toan: refunded in full, the receipt cancelled; never "kept under the receipt".
        var desk = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains("Đã hoàn trả toàn bộ; biên lai đã hủy", desk, StringComparison.Ordinal);
        Assert.DoesNotContain("Đã hoàn trả phần nộp thừa; giữ lại", desk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_day_with_only_an_unreceipted_cash_refund_has_its_day_line()
    {
        app.Clock.Now = At(6, 2, 7);
        var (_, fee, request) = await SubmitAsync("046199737003");
        app.Clock.Now = At(6, 2, 9);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = fee, method = "transfer", paidAt = At(6, 2, 8) }));
        var twice = await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = fee, method = "transfer", paidAt = At(6, 2, 8, 30) }));
        Assert.Equal("duplicate", twice.GetProperty("flag").GetString());

        app.Clock.Now = At(6, 4, 9);
        accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{twice.GetProperty("id").GetInt64()}/refunds", new { amountVnd = fee, reason = "Nộp hai lần", method = "cash" }));
        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-06-01&to=2025-06-30")).GetProperty("register");
        // No receipt that day: the cash went out of the drawer all the same, and the fund makes it up.
        Assert.Equal((0L, fee, -fee, 0L), Figures(Day(register, "2025-06-04")));
        Assert.Equal(-fee, register.GetProperty("totals").GetProperty("cashHandoverVnd").GetInt64());
    }

    // ------------------------------------------------------------------ 2: the pause at withdrawal

    [Fact]
    public async Task Withdrawing_a_dossier_waiting_for_its_obligation_ends_the_pause_at_the_withdrawal()
    {
        app.Clock.Now = At(7, 3, 9);
        var (code, _, _) = await SubmitAsync("046199737004");
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("truongphong.trungtam", code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync("chuyenvien.trungtam", code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = 300_000, kind = "charge" });
        Assert.True((await DossierAsync(code)).IsPaused);
        app.Clock.Now = At(7, 3, 10);
        await OkAsync("tiepnhan.trungtam", code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        var dossier = await DossierAsync(code);
        Assert.Equal(DossierStatus.WithdrawalRequested, dossier.Status);
        Assert.False(dossier.IsPaused);
        Assert.Equal(At(7, 3, 10), dossier.Pauses.Single().To);
    }

    // ------------------------------------------------------------------ 3: a refund sent twice

    [Fact]
    public async Task A_refund_sent_twice_three_at_once_or_from_the_page_twice_is_one_refund()
    {
        app.Clock.Now = At(8, 5, 7);
        var (code, fee, request) = await SubmitAsync("046199737005");
        app.Clock.Now = At(8, 5, 9);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var payment = (await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = fee, method = "cash", paidAt = At(8, 5, 8) })))
            .GetProperty("id").GetInt64();
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("tiepnhan.trungtam", code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        app.Clock.Now = At(8, 5, 10);
        var url = $"/api/v1/payments/{payment}/refunds";

        // Twice, one after the other, within the window.
        var first = await OkAsync(await accountant.PostAsJsonAsync(url, new { amountVnd = 1, reason = "Rút hồ sơ", method = "cash" }));
        app.Clock.Now = At(8, 5, 10, 1);
        var again = await OkAsync(await accountant.PostAsJsonAsync(url, new { amountVnd = 1, reason = "Rút hồ sơ", method = "cash" }));
        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());

        // Three at once.
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => accountant.PostAsJsonAsync(url, new { amountVnd = 2, reason = "Rút hồ sơ", method = "cash" })));
        var ids = new List<long>();
        foreach (var answer in answers) ids.Add((await OkAsync(answer)).GetProperty("id").GetInt64());
        Assert.Single(ids.Distinct());

        // The /ke-toan form submitted twice.
        for (var i = 0; i < 2; i++)
        {
            var html = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
            var posted = await accountant.PostAsync("/ke-toan?handler=Refund", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(html), ["id"] = Id(payment), ["list"] = "settled",
                ["amountVnd"] = "3", ["method"] = "cash", ["reason"] = "Rút hồ sơ", ["refundedAt"] = "",
            }));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        Assert.Equal(3, await app.ScalarAsync($"SELECT count(*) FROM payment_refunds WHERE payment_id = {payment}"));
        Assert.Equal(6, await app.ScalarAsync($"SELECT sum(amount_vnd) FROM payment_refunds WHERE payment_id = {payment}"));
        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-08-01&to=2025-08-31")).GetProperty("register");
        Assert.Equal(new[] { 1L, 2L, 3L }, register.GetProperty("refunds").EnumerateArray().Select(r => r.GetProperty("amountVnd").GetInt64()).Order());
        Assert.Equal(6, register.GetProperty("totals").GetProperty("cashRefundedVnd").GetInt64());
        // Another method is another refund.
        var other = await OkAsync(await accountant.PostAsJsonAsync(url, new { amountVnd = 1, reason = "Rút hồ sơ", method = "transfer" }));
        Assert.NotEqual(first.GetProperty("id").GetInt64(), other.GetProperty("id").GetInt64());
    }

    // ------------------------------------------------------------------ 4: money a pause waited for is held

    [Fact]
    public async Task Money_that_ended_a_pause_through_the_reused_intake_request_is_held_while_the_dossier_goes_on()
    {
        app.Clock.Now = At(9, 8, 9);
        var (code, fee, request) = await SubmitAsync("046199737006");
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("truongphong.trungtam", code, "assign", new { userName = "chuyenvien.trungtam" });
        // Asked without an amount: the pause reuses the open intake request.
        await OkAsync("chuyenvien.trungtam", code, "financial-obligation", new { note = "Nộp lệ phí đã báo khi tiếp nhận" });
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'"));
        app.Clock.Now = At(9, 8, 10);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var payment = (await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = fee, method = "transfer", paidAt = At(9, 8, 9, 45) })))
            .GetProperty("id").GetInt64();
        Assert.Equal(DossierStatus.InProcess, (await DossierAsync(code)).Status);

        app.Clock.Now = At(9, 8, 11);
        var refused = await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd = fee, reason = "Người nộp xin lại", method = "cash" });
        var text = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.Conflict, $"{(int)refused.StatusCode} {text}");
        Assert.Contains("nghĩa vụ tài chính", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payment_refunds WHERE payment_id = {payment}"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NOT NULL"));
        // /ke-toan offers no refund form for it and says why.
        var desk = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        Assert.Contains($"id=\"held-{payment}\"", desk, StringComparison.Ordinal);
    }
}
