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
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, brief fees39 (docs/FEES.md "Officer's record, credited account, trial14r LOWs (fees39)") over real HTTP and
/// PostgreSQL: the officer's <c>payment-received</c> marks the pause's own open requests paid elsewhere (no QR anywhere; a
/// later callback of the same money settles it since fees40a, the pause's end moved back to an earlier bank time once); the callback's
/// <c>creditedAccount</c>; the trial's LOWs on amounts, dates and the "Nop phi" purpose during an obligation.
/// </summary>
public class FeesThirtyNineLedgerTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    // A procedure with no fee at the centre: the tests put in the requests they need.
    private Task<string> SubmitAsync(string idNumber) => app.SubmitAsync("1.004837", idNumber);

    private async Task<(Dossier Dossier, WorkingCalendar Calendar)> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>().ForAsync(await db.Agencies.SingleAsync(a => a.Id == dossier.ReceivingAgencyId));
        return (dossier, calendar);
    }

    private async Task<JsonElement> PaymentsAsync(string code) =>
        await (await app.OfficerAsync("tiepnhan.trungtam")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");

    private static JsonElement RequestOf(JsonElement payments, long id) =>
        payments.GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);

    private Task<long> EventsAsync(string code, string action) =>
        app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}' AND e.action = '{action}'");

    private static string Body(string transactionId, long amountVnd, string purpose, DateTimeOffset paidAt, string? creditedAccount) =>
        JsonSerializer.Serialize(new { transactionId, amountVnd, purpose, paidAt = paidAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), creditedAccount });

    // ------------------------------------------------------------------ item 1: the officer's record on the pause's own requests

    [Fact]
    public async Task The_officers_record_marks_the_obligation_paid_elsewhere_and_an_earlier_bank_time_moves_the_pause_end_back_once()
    {
        // Asked Monday 17/11 09:30; the officer records on Thursday 20/11 10:00 a payment made Wednesday 19/11 15:00.
        app.Clock.Now = At(11, 17, 9, 30);
        var code = await SubmitAsync("046190039001");
        var obligation = await app.ObligationAsync(code, 1_200_000);
        var dueBefore = (await DossierAsync(code)).Dossier.DueAt!.Value;
        app.Clock.Now = At(11, 20, 10);
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{code}/payment-received", new { note = "Giấy nộp tiền vào NSNN số 39", paidAt = At(11, 19, 15) });

        var request = RequestOf(await PaymentsAsync(code), obligation);
        output.WriteLine(request.ToString());
        Assert.Equal("paidElsewhere", request.GetProperty("status").GetString());
        Assert.Equal(At(11, 19, 15), request.GetProperty("recordedPaidAt").GetDateTimeOffset());
        Assert.False(string.IsNullOrWhiteSpace(request.GetProperty("recordedPaidBy").GetString()));
        Assert.Equal(JsonValueKind.Null, request.GetProperty("vietQr").ValueKind);
        // No surface invites the citizen to pay it again: the lookup, the dossier page, the accountant's open requests.
        var purpose = PaymentRequests.ObligationPurposeOf(code, 1);
        Assert.DoesNotContain(purpose, WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}")), StringComparison.Ordinal);
        var desk = WebUtility.HtmlDecode(await (await app.OfficerAsync("tiepnhan.trungtam")).GetStringAsync($"/ho-so/{code}"));
        Assert.DoesNotContain("data-vietqr=", desk, StringComparison.Ordinal);
        Assert.Contains("đã nộp nơi khác", desk, StringComparison.Ordinal);
        Assert.DoesNotContain(purpose, WebUtility.HtmlDecode(await (await app.OfficerAsync("ketoan.trungtam")).GetStringAsync("/ke-toan")), StringComparison.Ordinal);

        // The bank reports on Friday 21/11 09:00 that the money was paid Tuesday 18/11 09:30: since brief fees40a it is the
        // payment of the recorded obligation (settled; a levy, so no receipt) and the pause now ends at the bank's time, so
        // one working day was waited instead of two and a half.
        app.Clock.Now = At(11, 21, 9);
        var partner = await app.PartnerAsync("bank-elsewhere");
        var settled = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "EL-1", 1_200_000, purpose, At(11, 18, 9, 30));
        Assert.Equal(JsonValueKind.Null, settled.GetProperty("flag").ValueKind);
        Assert.Equal(obligation, settled.GetProperty("requestId").GetInt64());
        Assert.Equal(JsonValueKind.Null, settled.GetProperty("receiptId").ValueKind);
        var (dossier, calendar) = await DossierAsync(code);
        Assert.Equal(At(11, 18, 9, 30), dossier.Pauses.Single().To);
        Assert.Equal(calendar.AddWorkingTime(dueBefore, calendar.WorkingTimeBetween(At(11, 17, 9, 30), At(11, 18, 9, 30))), dossier.DueAt);
        Assert.Equal(1, await EventsAsync(code, "payment-paid-earlier"));
        Assert.Equal("paid", RequestOf(await PaymentsAsync(code), obligation).GetProperty("status").GetString());

        // Once: the same callback again, and another even earlier, move nothing more.
        await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "EL-1", 1_200_000, purpose, At(11, 18, 9, 30));
        var again = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "EL-2", 1_200_000, purpose, At(11, 17, 10));
        Assert.Equal("duplicate", again.GetProperty("flag").GetString());
        Assert.Equal(At(11, 18, 9, 30), (await DossierAsync(code)).Dossier.Pauses.Single().To);
        Assert.Equal(1, await EventsAsync(code, "payment-paid-earlier"));
    }

    [Fact]
    public async Task The_bank_first_then_the_officer_gives_the_same_due_date_and_a_later_bank_time_moves_nothing()
    {
        // The same times as above on two dossiers: the bank's callback while the dossier waits (it settles, the pause ends at
        // the bank's time, the officer's record then finds no pause: 409); and a bank time after the officer's record.
        app.Clock.Now = At(11, 17, 9, 30);
        var first = await SubmitAsync("046190039002");
        await app.ObligationAsync(first, 1_200_000);
        var later = await SubmitAsync("046190039003");
        var laterObligation = await app.ObligationAsync(later, 1_200_000);
        var dueBefore = (await DossierAsync(first)).Dossier.DueAt!.Value;
        app.Clock.Now = At(11, 20, 10);
        await app.PostOkAsync("tiepnhan.trungtam", $"/api/v1/dossiers/{later}/payment-received", new { note = "Giấy nộp tiền số 40", paidAt = At(11, 18, 9, 30) });

        app.Clock.Now = At(11, 21, 9);
        var partner = await app.PartnerAsync("bank-order");
        var settled = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "OR-1", 1_200_000, PaymentRequests.ObligationPurposeOf(first, 1), At(11, 18, 9, 30));
        Assert.Equal(JsonValueKind.Null, settled.GetProperty("flag").ValueKind);
        var refused = await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync($"/api/v1/dossiers/{first}/payment-received", new { note = "Giấy nộp tiền số 41" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var (dossier, calendar) = await DossierAsync(first);
        var expected = calendar.AddWorkingTime(dueBefore, calendar.WorkingTimeBetween(At(11, 17, 9, 30), At(11, 18, 9, 30)));
        Assert.Equal((At(11, 18, 9, 30), expected), (dossier.Pauses.Single().To, dossier.DueAt));
        Assert.Equal(expected, (await DossierAsync(later)).Dossier.DueAt);

        // Paid by the bank after the officer's record: the payment of the recorded obligation (brief fees40a), the pause as
        // the officer recorded it.
        var after = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "OR-2", 1_200_000, PaymentRequests.ObligationPurposeOf(later, 1), At(11, 19, 9));
        Assert.Equal(((string?)null, laterObligation), (after.GetProperty("flag").GetString(), after.GetProperty("requestId").GetInt64()));
        Assert.Equal((At(11, 18, 9, 30), expected), ((await DossierAsync(later)).Dossier.Pauses.Single().To, (await DossierAsync(later)).Dossier.DueAt));
        Assert.Equal(0, await EventsAsync(later, "payment-paid-earlier"));
    }

    // ------------------------------------------------------------------ item 2: creditedAccount

    [Fact]
    public async Task Money_credited_to_an_account_not_the_units_is_flagged_and_a_malformed_account_is_422()
    {
        app.Clock.Now = At(12, 1, 9);
        var code = await SubmitAsync("046190039004");
        var fee = await app.IntakeRequestAsync(code, 30_000);
        var other = await SubmitAsync("046190039005");
        var otherFee = await app.IntakeRequestAsync(other, 30_000);
        var own = (await app.ScalarAsync($"SELECT a.account_number::bigint FROM collection_accounts a JOIN agencies g ON g.id = a.agency_id WHERE g.code = '{DemoData.CentreCode}' AND a.active")).ToString(CultureInfo.InvariantCulture);
        app.Clock.Now = At(12, 1, 10);
        var partner = await app.PartnerAsync("bank-credited");
        var client = app.CreateClient();

        foreach (var bad in new[] { "12-AB", "", "1234567890123456789012" })
        {
            using var refused = await partner.SendAsync(client, Body("CR-bad", 30_000, PaymentRequests.PurposeOf(code), At(12, 1, 9, 30), bad), app.Clock.Now);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("creditedAccount", out _));
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payments WHERE request_id IN ({fee}, {otherFee})"));

        using var elsewhere = await partner.SendAsync(client, Body("CR-1", 30_000, PaymentRequests.PurposeOf(code), At(12, 1, 9, 30), "0123456789"), app.Clock.Now);
        var flagged = await FeeTrialSteps.OkAsync(elsewhere);
        Assert.Equal(("creditedElsewhere", fee), (flagged.GetProperty("flag").GetString(), flagged.GetProperty("requestId").GetInt64()));
        Assert.Equal(JsonValueKind.Null, flagged.GetProperty("receiptId").ValueKind);
        var payments = await PaymentsAsync(code);
        Assert.Equal("open", RequestOf(payments, fee).GetProperty("status").GetString());
        Assert.Equal("0123456789", payments.GetProperty("payments")[0].GetProperty("creditedAccount").GetString());
        var page = WebUtility.HtmlDecode(await (await app.OfficerAsync("ketoan.trungtam")).GetStringAsync("/ke-toan"));
        Assert.Contains("0123456789", page, StringComparison.Ordinal);
        Assert.Contains("Tiền được ghi có vào tài khoản không phải tài khoản thu của đơn vị", page, StringComparison.Ordinal);

        // The unit's own account (spaces between groups as a bank may print it) settles as before, with its receipt.
        var spaced = string.Join(' ', own.Chunk(4).Select(c => new string(c)));
        using var home = await partner.SendAsync(client, Body("CR-2", 30_000, PaymentRequests.PurposeOf(other), At(12, 1, 9, 30), spaced), app.Clock.Now);
        var settled = await FeeTrialSteps.OkAsync(home);
        Assert.Equal(JsonValueKind.Null, settled.GetProperty("flag").ValueKind);
        Assert.Equal(JsonValueKind.Number, settled.GetProperty("receiptId").ValueKind);
    }

    // ------------------------------------------------------------------ item 3: the trial's LOWs

    [Fact]
    public async Task A_JSON_amount_with_a_zero_fraction_is_read_and_a_fraction_is_422_naming_the_field()
    {
        app.Clock.Now = At(12, 2, 9);
        var code = await SubmitAsync("046190039006");
        var fee = await app.IntakeRequestAsync(code, 1_000_000);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var half = await accountant.PostAsync("/api/v1/payments", new StringContent($$"""{"requestId":{{fee}},"amountVnd":1000000.5,"method":"cash"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, half.StatusCode);
        var problem = await half.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(problem.ToString());
        Assert.Contains("số nguyên", problem.GetProperty("errors").GetProperty("amountVnd")[0].GetString(), StringComparison.Ordinal);
        var whole = await FeeTrialSteps.OkAsync(await accountant.PostAsync("/api/v1/payments",
            new StringContent($$"""{"requestId":{{fee}},"amountVnd":1000000.0,"method":"cash"}""", Encoding.UTF8, "application/json")));
        Assert.Equal(1_000_000, whole.GetProperty("amountVnd").GetInt64());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("flag").ValueKind);
    }

    [Fact]
    public async Task A_framework_bound_amount_reads_whole_numbers_alike_and_ids_and_amounts_stay_integers_in_the_OpenAPI_document()
    {
        // A refund's body is bound by the framework: a fraction is named as one, not as a wrong type.
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var refused = await accountant.PostAsync("/api/v1/payments/1/refunds",
            new StringContent("""{"amountVnd":1000.5,"reason":"Nộp thừa","method":"cash"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(MotCua.Web.Features.JsonOptions.WholeNumberConverter.FractionMessage, problem.GetProperty("errors").GetProperty("amountVnd")[0].GetString());

        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var refund = document.GetProperty("components").GetProperty("schemas").GetProperty("RefundRequest").GetProperty("properties");
        Assert.Contains("integer", refund.GetProperty("amountVnd").GetProperty("type").ToString(), StringComparison.Ordinal);
        Assert.Equal("int64", refund.GetProperty("amountVnd").GetProperty("format").GetString());
        var view = document.GetProperty("components").GetProperty("schemas").GetProperty("RefundView").GetProperty("properties");
        Assert.Equal("integer", view.GetProperty("id").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_accountants_page_gives_the_limit_message_for_an_amount_over_the_limit()
    {
        app.Clock.Now = At(12, 3, 9);
        var code = await SubmitAsync("046190039007");
        var fee = await app.IntakeRequestAsync(code, 20_000);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var page = await accountant.GetStringAsync("/ke-toan");
        var posted = await accountant.PostAsync("/ke-toan?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["requestId"] = fee.ToString(CultureInfo.InvariantCulture),
            ["amountVnd"] = "10.000.000.000.000", ["method"] = "cash",
        }));
        var html = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains("từ 1 đến 9.999.999.999.999", html, StringComparison.Ordinal);
        Assert.DoesNotContain("không đọc được", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_paidAt_in_year_0001_or_9999_is_out_of_range_not_a_format_error()
    {
        app.Clock.Now = At(12, 4, 9);
        var partner = await app.PartnerAsync("bank-range");
        foreach (var paidAt in new[] { "0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-07:00", "9999-01-01T00:00:00+07:00" })
        {
            var body = $$"""{"transactionId":"RG-{{paidAt[..4]}}","amountVnd":1000,"purpose":"Nop phi","paidAt":"{{paidAt}}"}""";
            using var refused = await partner.SendAsync(app.CreateClient(), body, app.Clock.Now);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("paidAt")[0].GetString();
            output.WriteLine($"{paidAt}: {message}");
            Assert.Contains("ngoài khoảng", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Register_dates_name_the_field_at_fault_once_and_a_wholly_future_period_is_refused()
    {
        app.Clock.Now = At(12, 5, 9);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        async Task<(string Field, string Message)> ProblemAsync(string query)
        {
            var response = await accountant.GetAsync("/api/v1/registers/fees?" + query);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single();
            return (errors.Name, errors.Value[0].GetString()!);
        }
        var (field, message) = await ProblemAsync("from=2025-02-31&to=2025-03-31");
        Assert.Equal("from", field);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, "Ngày đầu kỳ"));
        Assert.Equal("to", (await ProblemAsync("from=2024-01-01&to=2025-03-31")).Field);
        Assert.Equal("from", (await ProblemAsync("from=2025-12-06&to=2025-12-31")).Field);
        // A period reaching into the future from today is read (the days to come are empty).
        Assert.Equal(HttpStatusCode.OK, (await accountant.GetAsync("/api/v1/registers/fees?from=2025-12-01&to=2025-12-31")).StatusCode);
    }

    [Fact]
    public async Task Nop_phi_money_during_an_obligation_with_the_fee_paid_is_matched_to_the_obligation()
    {
        app.Clock.Now = At(12, 8, 9);
        var code = await SubmitAsync("046190039008");
        var fee = await app.IntakeRequestAsync(code, 25_000);
        await app.PostOkAsync("ketoan.trungtam", "/api/v1/payments", new { requestId = fee, amountVnd = 25_000, method = "cash" });
        var obligation = await app.ObligationAsync(code, 100_000);
        app.Clock.Now = At(12, 8, 11);
        var partner = await app.PartnerAsync("bank-nopphi");
        var part = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "NP-1", 40_000, PaymentRequests.PurposeOf(code), At(12, 8, 10));
        Assert.Equal(("underpaid", obligation), (part.GetProperty("flag").GetString(), part.GetProperty("requestId").GetInt64()));

        var other = await SubmitAsync("046190039009");
        var otherFee = await app.IntakeRequestAsync(other, 25_000);
        await app.PostOkAsync("ketoan.trungtam", "/api/v1/payments", new { requestId = otherFee, amountVnd = 25_000, method = "cash" });
        var otherObligation = await app.ObligationAsync(other, 100_000);
        app.Clock.Now = At(12, 8, 12);
        var all = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "NP-2", 100_000, "Nop phi " + other, At(12, 8, 11, 30));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("flag").ValueKind);
        Assert.Equal(otherObligation, all.GetProperty("requestId").GetInt64());
        Assert.Equal(DossierStatus.InProcess, (await DossierAsync(other)).Dossier.Status);

        // The fee's own amount again is still money paid twice for the fee.
        var twice = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "NP-3", 25_000, PaymentRequests.PurposeOf(code), At(12, 8, 11, 45));
        Assert.Equal(("duplicate", fee), (twice.GetProperty("flag").GetString(), twice.GetProperty("requestId").GetInt64()));
    }
}
