using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;

namespace MotCua.Domain.Tests.Payments;

/// <summary>When a payment request is raised and what it asks (issue 14): intake from the fee fixed, the financial
/// obligation's amount, and the request's QR carrying the amount and the dossier code.</summary>
public class PaymentRequestRuleTests
{
    [Theory]
    [InlineData(25_000, "catalogue", true)]
    [InlineData(15_000, "local", true)]
    [InlineData(0, "catalogue", false)] // exempt: the items are kept, nothing is due
    [InlineData(0, "none", false)]
    [InlineData(0, "unplaced", false)] // the officer must settle the amount first; never a request of 0
    public void Intake_raises_a_request_only_for_a_known_amount_due(long due, string source, bool raised) =>
        Assert.Equal(raised, PaymentRequests.RaisedAtIntake(due, source));

    [Fact]
    public void The_obligation_amount_is_required_without_an_open_request_and_must_be_a_positive_13_digit_integer()
    {
        Assert.Equal("amountVnd", PaymentRequests.ObligationAmount(null, hasOpenRequest: false).Problem?.Field);
        Assert.Equal((null, null), PaymentRequests.ObligationAmount(null, hasOpenRequest: true));
        foreach (var bad in new long[] { 0, -1, VietQr.MaxAmountVnd + 1 })
            Assert.Equal("amountVnd", PaymentRequests.ObligationAmount(bad, hasOpenRequest: true).Problem?.Field);
        Assert.Equal((8_000L, (FieldProblem?)null), PaymentRequests.ObligationAmount(8_000, hasOpenRequest: false));
        Assert.Equal(VietQr.MaxAmountVnd, PaymentRequests.ObligationAmount(VietQr.MaxAmountVnd, hasOpenRequest: true).AmountVnd);
    }

    [Theory]
    [InlineData("12.500.000", 12_500_000L)]
    [InlineData("12 500 000", 12_500_000L)]
    [InlineData(" 8000 ", 8_000L)]
    [InlineData("25.000 đồng", 25_000L)]
    [InlineData("25.000đ", 25_000L)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void An_amount_typed_the_Vietnamese_way_reads_as_whole_dong(string? typed, long? expected)
    {
        var (amount, problem) = PaymentRequests.TypedAmount(typed);
        Assert.Null(problem);
        Assert.Equal(expected, amount);
    }

    [Theory]
    [InlineData("12,5")]
    [InlineData("mười nghìn")]
    [InlineData("1e6")]
    [InlineData("-5000")]
    [InlineData("12345678901234")]
    public void An_amount_that_is_not_whole_dong_is_a_problem_never_an_empty_amount(string typed)
    {
        var (amount, problem) = PaymentRequests.TypedAmount(typed);
        Assert.Null(amount);
        Assert.Equal("amountVnd", problem?.Field);
    }

    // A pause's start in the clock's 100 ns ticks, 7 ticks past a whole microsecond: PostgreSQL keeps its own request's
    // created_at at the microsecond before it.
    private static readonly DateTimeOffset PauseFrom = new DateTimeOffset(2025, 11, 17, 9, 0, 0, TimeSpan.FromHours(7)).AddTicks(7);
    private static readonly DateTimeOffset Stored = PauseFrom.AddTicks(-7);

    private static ObligationRequest Own(DateTimeOffset? paidAt) => new(PaymentRequestReasons.FinancialObligation, Stored, paidAt);

    [Fact]
    public void The_pauses_own_request_stored_at_its_microsecond_is_its_own_and_its_payment_ends_the_pause()
    {
        Assert.True(PaymentRequestReasons.RaisedBy(PauseFrom, Own(null)));
        Assert.Equal(PauseFrom.AddHours(2), PaymentRequestReasons.ObligationMetAt(PauseFrom, [Own(PauseFrom.AddHours(2))]));
    }

    [Fact]
    public void An_intake_fee_of_the_same_instant_and_an_earlier_obligation_are_not_the_pauses_own()
    {
        Assert.False(PaymentRequestReasons.RaisedBy(PauseFrom, new ObligationRequest(PaymentRequestReasons.Intake, Stored, null)));
        Assert.False(PaymentRequestReasons.RaisedBy(PauseFrom, new ObligationRequest(PaymentRequestReasons.FinancialObligation, Stored.AddTicks(-1), null)));
        // The levy paid, the intake fee still open: the pause ends at the levy's payment.
        Assert.Equal(PauseFrom.AddHours(1), PaymentRequestReasons.ObligationMetAt(PauseFrom,
            [new ObligationRequest(PaymentRequestReasons.Intake, Stored, null), Own(PauseFrom.AddHours(1))]));
    }

    [Fact]
    public void Paying_obligation_one_does_not_end_the_pause_while_its_obligation_two_is_open_and_both_paid_end_it_at_the_later()
    {
        Assert.Null(PaymentRequestReasons.ObligationMetAt(PauseFrom, [Own(PauseFrom.AddHours(1)), Own(null)]));
        Assert.Equal(PauseFrom.AddHours(3), PaymentRequestReasons.ObligationMetAt(PauseFrom, [Own(PauseFrom.AddHours(3)), Own(PauseFrom.AddHours(1))]));
        // An obligation of an earlier pause, paid now, is not this pause's: its own is still open.
        var earlier = new ObligationRequest(PaymentRequestReasons.FinancialObligation, Stored.AddDays(-2), PauseFrom.AddHours(1));
        Assert.Null(PaymentRequestReasons.ObligationMetAt(PauseFrom, [earlier, Own(null)]));
    }

    // Fourteenth trial: a pause that raised none (it reused the intake request) ends once nothing of the dossier is open.
    [Fact]
    public void A_pause_that_raised_no_request_ends_when_nothing_of_the_dossier_is_open()
    {
        var intakePaid = new ObligationRequest(PaymentRequestReasons.Intake, Stored.AddDays(-3), PauseFrom.AddMinutes(-5));
        Assert.Equal(PauseFrom.AddMinutes(-5), PaymentRequestReasons.ObligationMetAt(PauseFrom, [intakePaid]));
        Assert.Null(PaymentRequestReasons.ObligationMetAt(PauseFrom, [intakePaid, new ObligationRequest(PaymentRequestReasons.Intake, Stored.AddDays(-3), null)]));
        Assert.Null(PaymentRequestReasons.ObligationMetAt(PauseFrom, []));
    }

    [Fact]
    public void The_QR_pays_the_amount_into_the_account_with_the_code_and_none_without_an_account()
    {
        var code = DossierCode.Format("000.10.01.H46", new DateOnly(2025, 11, 17), 12);
        Assert.Equal("Nop phi " + code, PaymentRequests.PurposeOf(code));
        var qr = VietQr.TryParse(PaymentRequests.QrOf(code, 2_500_000, new CollectionAccountRef(1, "970415", "114600000001", "UBND")), out var error);
        Assert.True(qr is not null, error);
        Assert.Equal(new VietQrPayment("970415", "114600000001", 2_500_000, "Nop phi " + code), qr);
        Assert.Null(PaymentRequests.QrOf(code, 2_500_000, null));
    }
}
