using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Payments;

/// <summary>Brief fees40a (docs/FEES.md "One reading of bank money for an obligation the officer recorded (fees40a)"): bank
/// money that fits a request the officer recorded paid elsewhere is its payment (<see cref="PaymentMatching.PaysRecorded"/>),
/// the pause's end follows the obligation's paid time whichever came first (<see cref="Dossier.PaidBeforeRecorded"/>), only
/// while the dossier is processed, and the register keeps what the unit collected of a request later paid elsewhere.</summary>
public class OfficerRecordBankMoneyRuleTests
{
    private const string Code = "000.10.01.H46-251117-0001";
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");
    private static readonly DateTimeOffset PauseFrom = Monday.AddMinutes(30);
    private static readonly Officer Desk = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer, 2);
    private static readonly Actor Bank = new("Đối tác thanh toán");

    // The obligation the pause raised (100,000), recorded paid elsewhere by the officer: what was left of it is its amount.
    private static readonly RequestState Recorded = new(102, 100_000, true, PauseFrom, PaymentRequests.ObligationPurposeOf(Code, 1), RecordedElsewhere: true);

    [Theory]
    [InlineData(100_000L, "2025-11-18 09:30", false, null)]
    [InlineData(100_000L, "2025-11-17 09:30", false, null)]   // the request's own minute: the floor of paidAtImplausible
    [InlineData(100_000L, "2025-11-17 09:29", false, "duplicate")]
    [InlineData(60_000L, "2025-11-18 09:30", false, "duplicate")]
    [InlineData(150_000L, "2025-11-18 09:30", false, "duplicate")]
    [InlineData(100_000L, "2025-11-18 09:30", true, "creditedElsewhere")]
    public void Bank_money_that_fits_a_request_recorded_paid_elsewhere_is_its_payment(long amount, string paidAt, bool creditedElsewhere, string? flag)
    {
        var match = PaymentMatching.Decide(FourteenthTrialRuleTests.PausedDossier(), [Recorded], amount, Vn.At(paidAt), Vn.At("2025-11-19 10:00"),
            TimeSpan.FromHours(72), purpose: Recorded.Purpose, creditedElsewhere: creditedElsewhere);
        Assert.Equal((102L, flag), (match.RequestId!.Value, match.Flag?.Code()));
        Assert.Equal(flag is null, PaymentMatching.PaysRecorded(Recorded, amount, Vn.At(paidAt), Vn.At("2025-11-19 10:00")) && !creditedElsewhere);
    }

    [Fact]
    public void The_fee_purpose_reused_for_the_recorded_obligations_exact_money_pays_it()
    {
        var paidFee = new RequestState(101, 25_000, true, Monday, PaymentRequests.PurposeOf(Code));
        var match = PaymentMatching.Decide(FourteenthTrialRuleTests.PausedDossier(), [paidFee, Recorded], 100_000, Vn.At("2025-11-18 09:30"),
            Vn.At("2025-11-19 10:00"), TimeSpan.FromHours(72), purpose: "Nop phi " + Code);
        Assert.Equal(new PaymentMatch(102, null), match);
    }

    // The pause ended by the officer's record on Thursday 20/11 10:00 (paid, they said, Wednesday 19/11 15:00).
    private static (Dossier Dossier, DateTimeOffset DueBefore) Recorded_on_Thursday()
    {
        var dossier = FourteenthTrialRuleTests.PausedDossier();
        var dueBefore = dossier.DueAt!.Value;
        dossier.PaymentReceived("Giấy nộp tiền số 40", Calendar, null, Desk, Vn.At("2025-11-20 10:00"), Vn.At("2025-11-19 15:00"));
        return (dossier, dueBefore);
    }

    private static ObligationRequest Obligation(DateTimeOffset? paidAt) => new(PaymentRequestReasons.FinancialObligation, PauseFrom, paidAt, 102);

    [Fact]
    public void Bank_money_settling_the_recorded_obligation_ends_the_pause_at_the_banks_time_as_when_it_came_first()
    {
        var (dossier, dueBefore) = Recorded_on_Thursday();
        var bankFirst = FourteenthTrialRuleTests.PausedDossier();
        bankFirst.PaymentReceived(null, Calendar, null, Desk, Vn.At("2025-11-20 10:00"), Vn.At("2025-11-18 09:30"));

        Assert.True(dossier.PaidBeforeRecorded([Obligation(Vn.At("2025-11-18 09:30"))], [102], Calendar, null, Bank, Vn.At("2025-11-21 09:00")));
        Assert.Equal(Vn.At("2025-11-18 09:30"), dossier.Pauses.Single().To);
        Assert.Equal(Calendar.AddWorkingTime(dueBefore, Calendar.WorkingTimeBetween(PauseFrom, Vn.At("2025-11-18 09:30"))), dossier.DueAt);
        Assert.Equal((bankFirst.Pauses.Single().To, bankFirst.DueAt), (dossier.Pauses.Single().To, dossier.DueAt));
        Assert.Equal(DossierEventAction.PaymentPaidEarlier, dossier.Events[^1].Action);
        // Once: the same report again moves nothing, nor money of another request.
        Assert.False(dossier.PaidBeforeRecorded([Obligation(Vn.At("2025-11-17 10:00"))], [102], Calendar, null, Bank, Vn.At("2025-11-21 09:05")));
        Assert.Single(dossier.Events, e => e.Action == DossierEventAction.PaymentPaidEarlier);
    }

    [Fact]
    public void A_later_bank_time_or_money_of_a_request_the_pause_did_not_wait_for_moves_nothing()
    {
        var (dossier, _) = Recorded_on_Thursday();
        var recordedDue = dossier.DueAt;
        Assert.False(dossier.PaidBeforeRecorded([Obligation(Vn.At("2025-11-19 16:00"))], [102], Calendar, null, Bank, Vn.At("2025-11-21 09:00")));
        // The intake fee (paid before the pause) is not what a pause with its own obligation waited for.
        var fee = new ObligationRequest(PaymentRequestReasons.Intake, Monday, Vn.At("2025-11-17 09:05"), 101);
        Assert.False(dossier.PaidBeforeRecorded([fee, Obligation(Vn.At("2025-11-19 15:00"))], [101], Calendar, null, Bank, Vn.At("2025-11-21 09:00")));
        Assert.Equal((Vn.At("2025-11-19 15:00"), recordedDue), (dossier.Pauses.Single().To, dossier.DueAt));
        Assert.DoesNotContain(dossier.Events, e => e.Action == DossierEventAction.PaymentPaidEarlier);
    }

    [Fact]
    public void A_pause_that_reused_the_intake_fee_ends_at_the_banks_time_for_the_fee()
    {
        // The intake fee, raised at reception, is what a pause that raised nothing waited for (MEDIUM 3).
        var (dossier, dueBefore) = Recorded_on_Thursday();
        var fee = new ObligationRequest(PaymentRequestReasons.Intake, Monday, Vn.At("2025-11-18 09:30"), 101);
        Assert.True(dossier.PaidBeforeRecorded([fee], [101], Calendar, null, Bank, Vn.At("2025-11-21 09:00")));
        Assert.Equal(Vn.At("2025-11-18 09:30"), dossier.Pauses.Single().To);
        Assert.Equal(Calendar.AddWorkingTime(dueBefore, Calendar.WorkingTimeBetween(PauseFrom, Vn.At("2025-11-18 09:30"))), dossier.DueAt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Once_the_result_is_ready_the_banks_time_is_recorded_without_re_timing_the_dossier(bool returned)
    {
        var (dossier, _) = Recorded_on_Thursday();
        var specialist = new Officer(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist, 2);
        dossier.CompleteStep("Hồ sơ hợp lệ", false, Calendar, specialist, Vn.At("2025-11-20 11:00"));
        dossier.Approve(null, Calendar, new Officer(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader, 2), Vn.At("2025-11-20 11:10"));
        dossier.ResultReady(Desk, Vn.At("2025-11-20 11:20"));
        if (returned) dossier.Return(new ReturnDetails(ReturnMethod.Desk, "Nguyễn Văn An"), Desk, Vn.At("2025-11-20 11:30"));
        var (due, original, completion, status) = (dossier.DueAt, dossier.OriginalDueAt, dossier.Completion, dossier.Status);
        Assert.False(Dossier.RetimedByPayment(status));

        Assert.True(dossier.PaidBeforeRecorded([Obligation(Vn.At("2025-11-18 09:30"))], [102], Calendar, null, Bank, Vn.At("2025-11-21 09:00")));
        Assert.Equal((due, original, completion, status), (dossier.DueAt, dossier.OriginalDueAt, dossier.Completion, dossier.Status));
        Assert.Equal(Vn.At("2025-11-19 15:00"), dossier.Pauses.Single().To);
        Assert.Equal(DossierEventAction.PaymentPaidEarlier, dossier.Events[^1].Action);
        Assert.Contains("ghi nhận để kế toán đối chiếu", dossier.Events[^1].Note, StringComparison.Ordinal);
        Assert.False(dossier.PaidBeforeRecorded([Obligation(Vn.At("2025-11-18 09:00"))], [102], Calendar, null, Bank, Vn.At("2025-11-21 09:05")));
    }

    [Theory]
    [InlineData(DossierStatus.Received, true)]
    [InlineData(DossierStatus.InProcess, true)]
    [InlineData(DossierStatus.SupplementRequested, true)]
    [InlineData(DossierStatus.AwaitingPayment, true)]
    [InlineData(DossierStatus.ResultReady, false)]
    [InlineData(DossierStatus.Returned, false)]
    [InlineData(DossierStatus.WithdrawalRequested, false)]
    [InlineData(DossierStatus.Stopped, false)]
    public void The_clock_is_re_timed_only_before_the_result_is_ready(DossierStatus status, bool retimed) =>
        Assert.Equal(retimed, Dossier.RetimedByPayment(status));

    [Fact]
    public void What_the_unit_collected_of_a_request_later_paid_elsewhere_stays_requested_and_paid()
    {
        var day = new DateOnly(2025, 11, 17);
        var register = FeeRegister.Build(day, day, [], [new FeeRegisterRequest(100_000, "paidElsewhere", CollectedVnd: 40_000), new FeeRegisterRequest(50_000, "paidElsewhere")]);
        Assert.Equal((1, 40_000L, 40_000L, 0L), (register.Reconciliation.Requests, register.Reconciliation.RequestedVnd,
            register.Reconciliation.PaidRequestsVnd, register.Reconciliation.OpenRequestsVnd));
    }
}
