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

    // Fourteenth trial: an intake request the pause reused (no amount asked) ends it once nothing is left open; while a
    // levy is open, paying the intake fee does not.
    [Theory]
    [InlineData("financialObligation", 0, true)]
    [InlineData("financialObligation", 1, true)]
    [InlineData("intake", 1, false)]
    [InlineData("intake", 0, true)]
    public void The_obligations_own_request_or_the_last_open_one_ends_its_pause(string reason, int openLeft, bool ends) =>
        Assert.Equal(ends, PaymentRequestReasons.EndsObligation(reason, openLeft));

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
