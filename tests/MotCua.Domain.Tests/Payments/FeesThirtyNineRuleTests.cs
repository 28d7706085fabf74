using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Domain.Tests.Calendar;
using MotCua.Domain.Text;

namespace MotCua.Domain.Tests.Payments;

/// <summary>Brief fees39 (docs/FEES.md "Officer's record, credited account, trial14r LOWs (fees39)"): the rules behind the
/// trial's LOWs (a typed amount over the limit, the register's dates, big amounts in words, "Nop phi" money during an
/// obligation) and the officer's record of a payment made elsewhere.</summary>
public class FeesThirtyNineRuleTests
{
    private const string Code = "000.10.01.H46-251117-0001";
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");

    [Theory]
    [InlineData("10.000.000.000.000")]
    [InlineData("99999999999999999999")]
    public void A_typed_amount_over_the_limit_gets_the_limit_message_not_unreadable(string typed)
    {
        var (amount, problem) = TypedMoney.ReadVnd(typed, "amountVnd");
        Assert.Null(amount);
        Assert.Equal(("amountVnd", PaymentAmount.Problem(PaymentAmount.MaxVnd + 1)!.Message), (problem!.Field, problem.Message));
    }

    [Theory]
    [InlineData(9_999_999_999_999L, "Chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng")]
    [InlineData(1_000_000_000_000L, "Một nghìn tỷ đồng")]
    [InlineData(2_100_000_000_005L, "Hai nghìn một trăm tỷ không trăm linh năm đồng")]
    [InlineData(1_000_000_001_000L, "Một nghìn tỷ không trăm linh một nghìn đồng")]
    [InlineData(125_000_000_000L, "Một trăm hai mươi lăm tỷ đồng")]
    public void Big_amounts_read_the_count_of_billions_as_one_number(long amount, string words) =>
        Assert.Equal(words, AmountInWords.Dong(amount));

    [Theory]
    [InlineData("2025-02-31")]
    [InlineData("31/02/2025")]
    [InlineData("1-3-25")]
    public void A_register_date_message_names_its_label_once(string typed)
    {
        var (_, error) = FeeRegister.ReadDate(typed, "Từ ngày", new DateOnly(2026, 12, 1));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error!, "Từ ngày"));
        Assert.Contains("ngày không hợp lệ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_over_366_days_names_its_end() =>
        Assert.Equal("to", FeeRegister.PeriodProblem(new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1))?.Field);

    private static Dossier PausedDossier() => FourteenthTrialRuleTests.PausedDossier();

    private static readonly RequestState PaidFee = new(101, 25_000, true, Monday, PaymentRequests.PurposeOf(Code));
    private static readonly RequestState OpenObligation = new(102, 100_000, false, Monday.AddMinutes(30), PaymentRequests.ObligationPurposeOf(Code, 1));

    [Theory]
    [InlineData(40_000L, "underpaid")]
    [InlineData(100_000L, null)]
    [InlineData(25_000L, "duplicate")]
    [InlineData(150_000L, "duplicate")]
    public void Nop_phi_money_with_the_fee_paid_goes_to_the_open_obligation_when_it_fits(long amount, string? flag)
    {
        var match = PaymentMatching.Decide(PausedDossier(), [PaidFee, OpenObligation], amount, Monday.AddHours(2), Monday.AddHours(3),
            TimeSpan.FromHours(72), purpose: "Nop phi " + Code);
        Assert.Equal((flag, flag == "duplicate" ? 101L : 102L), (match.Flag?.Code(), match.RequestId!.Value));
    }

    [Fact]
    public void A_bank_time_earlier_than_the_officers_record_moves_the_pause_end_back_once()
    {
        // Brief fees40a: the pause's end is the time the obligation's requests were paid (the bank's money settled the one
        // the officer recorded paid elsewhere), read from the requests, once.
        var dossier = PausedDossier();
        var dueBefore = dossier.DueAt!.Value;
        var desk = new Officer(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer, 2);
        var recorded = Vn.At("2025-11-19 15:00");
        dossier.PaymentReceived("Giấy nộp tiền số 39", Calendar, null, desk, Vn.At("2025-11-20 10:00"), recorded);
        var bank = new Actor("Đối tác thanh toán");
        ObligationRequest PaidAt(DateTimeOffset at) => new(PaymentRequestReasons.FinancialObligation, Monday.AddMinutes(30), at, 102);

        Assert.False(dossier.PaidBeforeRecorded([PaidAt(recorded.AddMinutes(5))], [102], Calendar, null, bank, Vn.At("2025-11-21 09:00")));
        Assert.True(dossier.PaidBeforeRecorded([PaidAt(Vn.At("2025-11-18 09:30"))], [102], Calendar, null, bank, Vn.At("2025-11-21 09:00")));
        Assert.Equal(Vn.At("2025-11-18 09:30"), dossier.Pauses.Single().To);
        Assert.Equal(Calendar.AddWorkingTime(dueBefore, Calendar.WorkingTimeBetween(Monday.AddMinutes(30), Vn.At("2025-11-18 09:30"))), dossier.DueAt);
        Assert.Equal((DossierEventAction.PaymentPaidEarlier, DossierStatus.InProcess), (dossier.Events[^1].Action, dossier.Events[^1].ToStatus));
        // Once: an even earlier report moves nothing.
        Assert.False(dossier.PaidBeforeRecorded([PaidAt(Vn.At("2025-11-17 10:00"))], [102], Calendar, null, bank, Vn.At("2025-11-21 09:05")));
        Assert.Single(dossier.Events, e => e.Action == DossierEventAction.PaymentPaidEarlier);
    }

    [Fact]
    public void The_officers_record_marks_only_the_pauses_own_open_requests_paid_elsewhere()
    {
        var pauseFrom = Monday.AddMinutes(30).AddTicks(7);
        var open = new[]
        {
            new ObligationRequest(PaymentRequestReasons.Intake, pauseFrom, null, 1),
            new ObligationRequest(PaymentRequestReasons.FinancialObligation, Monday, null, 2),
            new ObligationRequest(PaymentRequestReasons.FinancialObligation, new DateTimeOffset(pauseFrom.Ticks - 7, pauseFrom.Offset), null, 3),
        };
        Assert.Equal(new long[] { 3 }, PaymentRequestReasons.RecordedPaidElsewhere(pauseFrom, open));
    }

    [Fact]
    public void Money_credited_elsewhere_is_flagged_against_the_request_it_would_have_paid()
    {
        var match = PaymentMatching.Decide(PausedDossier(), [PaidFee, OpenObligation], 100_000, Monday.AddHours(2), Monday.AddHours(3),
            TimeSpan.FromHours(72), purpose: PaymentRequests.ObligationPurposeOf(Code, 1), creditedElsewhere: true);
        Assert.Equal(new PaymentMatch(102, PaymentFlag.CreditedElsewhere), match);
        Assert.Equal(PaymentFlag.Unmatched, PaymentMatching.Decide(null, [], 100_000, Monday, Monday, null, creditedElsewhere: true).Flag);
        Assert.Equal("0123456789", CollectionAccountInput.ReadNumber("0123 456 789", "creditedAccount").Number);
        Assert.Equal("creditedAccount", CollectionAccountInput.ReadNumber("12-AB", "creditedAccount").Problem!.Field);
    }
}
