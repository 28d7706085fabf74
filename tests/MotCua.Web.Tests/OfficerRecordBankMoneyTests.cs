using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Brief fees40a (docs/FEES.md "One reading of bank money for an obligation the officer recorded (fees40a)") over real HTTP
/// and PostgreSQL, the trial14u steps: bank money that fits a request the officer recorded paid elsewhere settles it with
/// its receipt whichever of the two came first (HIGH 2, MEDIUM 1), never re-times a dossier whose result is ready (HIGH 1),
/// the reused intake fee's bank time ends the pause (MEDIUM 3), the part the unit collected before the record stays
/// requested and paid (MEDIUM 4), and /ke-toan says who recorded the obligation (LOW 2).
/// </summary>
public class OfficerRecordBankMoneyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    // A procedure with no fee at the centre: the tests put in the requests they need.
    private Task<string> SubmitAsync(string idNumber) => app.SubmitAsync("1.004837", idNumber);

    private async Task<(Dossier Dossier, WorkingCalendar Calendar)> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events).SingleAsync(d => d.Code == code);
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>().ForAsync(await db.Agencies.SingleAsync(a => a.Id == dossier.ReceivingAgencyId));
        return (dossier, calendar);
    }

    private async Task<JsonElement> RequestAsync(string code, long id) =>
        (await (await app.OfficerAsync("tiepnhan.trungtam")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments"))
            .GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);

    private Task<long> EventsAsync(string code, string action) =>
        app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}' AND e.action = '{action}'");

    private Task<long> ReceiptsAsync(long requestId) =>
        app.ScalarAsync($"SELECT count(*) FROM receipts k JOIN payments p ON p.id = k.payment_id WHERE p.request_id = {requestId} AND k.cancelled_at IS NULL");

    private async Task<JsonElement> CallbackAsync(PaymentPartner partner, string transactionId, long amountVnd, string purpose, DateTimeOffset paidAt, string? creditedAccount = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            transactionId, amountVnd, purpose, paidAt = paidAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), creditedAccount,
        });
        using var response = await partner.SendAsync(app.CreateClient(), body, app.Clock.Now);
        return await FeeTrialSteps.OkAsync(response);
    }

    private async Task<string> CentreAccountAsync() =>
        (await app.ScalarAsync($"SELECT a.account_number::bigint FROM collection_accounts a JOIN agencies g ON g.id = a.agency_id WHERE g.code = '{DemoData.CentreCode}' AND a.active"))
            .ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Bank_money_for_the_lệ_phí_the_officer_recorded_settles_it_with_one_receipt_and_the_same_pause_end_as_bank_first()
    {
        // Two lệ phí obligations of 90,000 asked Monday 17/11 09:30 (trial14u HIGH 2: the citizen shows the transfer slip).
        app.Clock.Now = At(11, 17, 9, 30);
        var officerFirst = await SubmitAsync("046190040001");
        var recorded = await app.ObligationAsync(officerFirst, 90_000, ObligationKinds.Charge);
        var bankFirst = await SubmitAsync("046190040002");
        var waiting = await app.ObligationAsync(bankFirst, 90_000, ObligationKinds.Charge);
        var account = await CentreAccountAsync();
        var partner = await app.PartnerAsync("bank-one-reading");

        // Officer first: recorded Thursday 20/11 10:00 as paid Wednesday 15:00; the bank reports on Friday the money paid
        // Tuesday 18/11 09:30 into the unit's own account.
        app.Clock.Now = At(11, 20, 10);
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{officerFirst}/payment-received", new { note = "Ủy nhiệm chi người dân xuất trình", paidAt = At(11, 19, 15) });
        Assert.Equal("paidElsewhere", (await RequestAsync(officerFirst, recorded)).GetProperty("status").GetString());
        app.Clock.Now = At(11, 21, 9);
        var settled = await CallbackAsync(partner, "OR40-1", 90_000, PaymentRequests.ObligationPurposeOf(officerFirst, 1), At(11, 18, 9, 30), account);
        output.WriteLine(settled.ToString());
        Assert.Equal((JsonValueKind.Null, recorded), (settled.GetProperty("flag").ValueKind, settled.GetProperty("requestId").GetInt64()));
        Assert.Equal(JsonValueKind.String, settled.GetProperty("receiptNumber").ValueKind);
        var request = await RequestAsync(officerFirst, recorded);
        Assert.Equal(("paid", At(11, 18, 9, 30)), (request.GetProperty("status").GetString(), request.GetProperty("paidAt").GetDateTimeOffset()));

        // Bank first: the same money while the dossier waits settles it; the officer's record then finds no pause.
        var direct = await CallbackAsync(partner, "OR40-2", 90_000, PaymentRequests.ObligationPurposeOf(bankFirst, 1), At(11, 18, 9, 30), account);
        Assert.Equal(JsonValueKind.Null, direct.GetProperty("flag").ValueKind);
        var late = await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync($"/api/v1/dossiers/{bankFirst}/payment-received", new { note = "Ủy nhiệm chi" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        // One end state: request paid, one receipt, the same pause end and due date, the clock moved once.
        var (one, _) = await DossierAsync(officerFirst);
        var (other, _) = await DossierAsync(bankFirst);
        Assert.Equal((At(11, 18, 9, 30), other.DueAt), (one.Pauses.Single().To, one.DueAt));
        Assert.Equal(At(11, 18, 9, 30), other.Pauses.Single().To);
        Assert.Equal((1L, 1L), (await ReceiptsAsync(recorded), await ReceiptsAsync(waiting)));
        Assert.Equal("paid", (await RequestAsync(bankFirst, waiting)).GetProperty("status").GetString());
        Assert.Equal(1, await EventsAsync(officerFirst, "payment-paid-earlier"));

        // The money is the lệ phí collected, held while the dossier is processed, not a duplicate offered for refund.
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var refund = await accountant.PostAsJsonAsync($"/api/v1/payments/{settled.GetProperty("id").GetInt64()}/refunds", new { amountVnd = 90_000, reason = "Nộp trùng", method = "transfer" });
        Assert.Equal(HttpStatusCode.Conflict, refund.StatusCode);

        // Money again for it is a real duplicate now, and moves nothing.
        var again = await CallbackAsync(partner, "OR40-3", 90_000, PaymentRequests.ObligationPurposeOf(officerFirst, 1), At(11, 17, 10), account);
        Assert.Equal("duplicate", again.GetProperty("flag").GetString());
        Assert.Equal(At(11, 18, 9, 30), (await DossierAsync(officerFirst)).Dossier.Pauses.Single().To);
        Assert.Equal(1, await EventsAsync(officerFirst, "payment-paid-earlier"));
    }

    [Fact]
    public async Task A_callback_after_the_result_was_returned_early_settles_the_levy_and_changes_no_due_date_or_completion()
    {
        // trial14u HIGH 1: asked Monday 17/11 09:30, recorded Tuesday 18/11 10:00, returned the same day: "early".
        app.Clock.Now = At(11, 17, 9, 30);
        var code = await SubmitAsync("046190040003");
        var levy = await app.ObligationAsync(code, 150_000);
        app.Clock.Now = At(11, 18, 10);
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/payment-received", new { note = "Chứng từ KBNN số 123" });
        app.Clock.Now = At(11, 18, 10, 30);
        await app.PostOkAsync("chuyenvien.trungtam", $"/api/v1/dossiers/{code}/complete-step", new { note = "Hồ sơ đủ điều kiện, trình ký." });
        await app.PostOkAsync("lanhdao.trungtam", $"/api/v1/dossiers/{code}/approve", new { note = "Đồng ý." });
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/result-ready", new { });
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/return", new { method = "desk", receivedBy = "Hồ Thị Lan" });
        var (before, _) = await DossierAsync(code);
        Assert.Equal((DossierStatus.Returned, CompletionTiming.Early), (before.Status, before.Completion));

        // The bank reports on Wednesday (within the 72 hours after which a callback is late) that the levy was paid Monday
        // 10:00, before the officer's record.
        app.Clock.Now = At(11, 19, 9);
        var partner = await app.PartnerAsync("bank-after-return");
        var paid = await CallbackAsync(partner, "RT40-1", 150_000, PaymentRequests.ObligationPurposeOf(code, 1), At(11, 17, 10));
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("receiptId").ValueKind);
        Assert.Equal("paid", (await RequestAsync(code, levy)).GetProperty("status").GetString());

        var (after, _) = await DossierAsync(code);
        Assert.Equal((before.DueAt, before.OriginalDueAt, before.Completion, before.Status, before.Pauses.Single().To),
            (after.DueAt, after.OriginalDueAt, after.Completion, after.Status, after.Pauses.Single().To));
        var note = after.Events.OrderBy(e => e.Id).Last(e => e.Action == DossierEventAction.PaymentPaidEarlier).Note ?? "";
        output.WriteLine(note);
        Assert.Contains("ghi nhận để kế toán đối chiếu", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pause_that_reused_the_intake_fee_ends_at_the_banks_time_when_the_officer_recorded_first()
    {
        // trial14u MEDIUM 3: the intake fee of 50,000 open, an obligation without an amount (the pause reuses the fee).
        app.Clock.Now = At(11, 17, 9, 30);
        var code = await SubmitAsync("046190040004");
        var fee = await app.IntakeRequestAsync(code, 50_000);
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/transfer", new { });
        await app.PostOkAsync("truongphong.trungtam", $"/api/v1/dossiers/{code}/assign", new { userName = "chuyenvien.trungtam" });
        await app.PostOkAsync("chuyenvien.trungtam", $"/api/v1/dossiers/{code}/financial-obligation", new { note = "Nộp lệ phí trước khi trả kết quả" });
        var dueBefore = (await DossierAsync(code)).Dossier.DueAt!.Value;
        app.Clock.Now = At(11, 20, 10);
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/payment-received", new { note = "Đã nộp" });
        Assert.Equal("open", (await RequestAsync(code, fee)).GetProperty("status").GetString());

        app.Clock.Now = At(11, 21, 9);
        var partner = await app.PartnerAsync("bank-reused-fee");
        var paid = await CallbackAsync(partner, "RF40-1", 50_000, PaymentRequests.PurposeOf(code), At(11, 18, 9, 30));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.String), (paid.GetProperty("flag").ValueKind, paid.GetProperty("receiptNumber").ValueKind));
        var (dossier, calendar) = await DossierAsync(code);
        Assert.Equal(At(11, 18, 9, 30), dossier.Pauses.Single().To);
        Assert.Equal(calendar.AddWorkingTime(dueBefore, calendar.WorkingTimeBetween(At(11, 17, 9, 30), At(11, 18, 9, 30))), dossier.DueAt);
        Assert.Equal(1, await EventsAsync(code, "payment-paid-earlier"));
    }

    [Fact]
    public async Task A_part_paid_obligation_recorded_paid_elsewhere_covers_only_the_rest_and_money_that_does_not_fit_keeps_its_flag()
    {
        // trial14u MEDIUM 4: a 100,000 lệ phí asked Monday 08/12 09:00, 40,000 of it paid and accepted, the rest recorded
        // paid elsewhere at 10:00.
        app.Clock.Now = At(12, 8, 9);
        var code = await SubmitAsync("046190040005");
        var charge = await app.ObligationAsync(code, 100_000, ObligationKinds.Charge);
        app.Clock.Now = At(12, 8, 9, 10);
        var partner = await app.PartnerAsync("bank-part-paid");
        var part = await CallbackAsync(partner, "PP40-1", 40_000, PaymentRequests.ObligationPurposeOf(code, 1), At(12, 8, 9, 5));
        Assert.Equal("underpaid", part.GetProperty("flag").GetString());
        await app.PostOkAsync("ketoan.trungtam", $"/api/v1/payments/{part.GetProperty("id").GetInt64()}/resolve", new { accept = true, note = "Nhận một phần" });
        app.Clock.Now = At(12, 8, 10);
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/payment-received", new { note = "Phần còn lại nộp tại kho bạc" });
        var request = await RequestAsync(code, charge);
        output.WriteLine(request.ToString());
        Assert.Equal(("paidElsewhere", 0L, 60_000L),
            (request.GetProperty("status").GetString(), request.GetProperty("remainingVnd").GetInt64(), request.GetProperty("paidElsewhereVnd").GetInt64()));

        var accountant = await app.OfficerAsync("ketoan.trungtam");
        async Task<JsonElement> ReconciliationAsync() =>
            (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-12-08&to=2025-12-08")).GetProperty("register").GetProperty("reconciliation");
        var reconciliation = await ReconciliationAsync();
        output.WriteLine(reconciliation.ToString());
        Assert.Equal((1, 40_000L, 40_000L, 0L), (reconciliation.GetProperty("requests").GetInt32(), reconciliation.GetProperty("requestedVnd").GetInt64(),
            reconciliation.GetProperty("collectedVnd").GetInt64(), reconciliation.GetProperty("differenceVnd").GetInt64()));

        // Money that does not fit what was left keeps its flag and moves no clock: dated before the obligation existed
        // (MEDIUM 1), or another amount; /ke-toan says who recorded the obligation and that the clock did not move (LOW 2).
        app.Clock.Now = At(12, 8, 11);
        var early = await CallbackAsync(partner, "PP40-2", 60_000, PaymentRequests.ObligationPurposeOf(code, 1), At(12, 8, 8));
        var other = await CallbackAsync(partner, "PP40-3", 55_000, PaymentRequests.ObligationPurposeOf(code, 1), At(12, 8, 9, 30));
        Assert.Equal(("duplicate", "duplicate"), (early.GetProperty("flag").GetString(), other.GetProperty("flag").GetString()));
        Assert.Equal(At(12, 8, 10), (await DossierAsync(code)).Dossier.Pauses.Single().To);
        Assert.Equal(0, await EventsAsync(code, "payment-paid-earlier"));
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        var note = $"id=\"recorded-elsewhere-{other.GetProperty("id").GetInt64()}\"";
        Assert.Contains(note, page, StringComparison.Ordinal);
        Assert.Contains("đã ghi nhận nghĩa vụ tài chính đã nộp nơi khác lúc 10:00 08/12/2025", page, StringComparison.Ordinal);

        // The rest, paid at 09:30, is the payment of what was left: settled with its receipt, the pause ends at 09:30.
        var rest = await CallbackAsync(partner, "PP40-4", 60_000, PaymentRequests.ObligationPurposeOf(code, 1), At(12, 8, 9, 30));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.String), (rest.GetProperty("flag").ValueKind, rest.GetProperty("receiptNumber").ValueKind));
        Assert.Equal("paid", (await RequestAsync(code, charge)).GetProperty("status").GetString());
        Assert.Equal(At(12, 8, 9, 30), (await DossierAsync(code)).Dossier.Pauses.Single().To);
        reconciliation = await ReconciliationAsync();
        Assert.Equal((100_000L, 100_000L, 0L), (reconciliation.GetProperty("requestedVnd").GetInt64(), reconciliation.GetProperty("collectedVnd").GetInt64(),
            reconciliation.GetProperty("differenceVnd").GetInt64()));
    }
}
