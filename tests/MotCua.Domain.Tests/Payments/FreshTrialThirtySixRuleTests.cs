using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The fresh trial of 4 December 2026 (brief fees36; docs/FEES.md "Fresh trial (fees36)"): the amount's bounds,
/// a refund split into its receipted and never-receipted parts, and the register's one reading of a date.</summary>
public class FreshTrialThirtySixRuleTests
{
    [Theory]
    [InlineData(1L, true)]
    [InlineData(9_999_999_999_999L, true)]
    [InlineData(10_000_000_000_000L, false)]
    [InlineData(99_999_999_999_999_999L, false)]
    [InlineData(0L, false)]
    [InlineData(-5L, false)]
    public void An_amount_is_a_whole_number_of_dong_from_1_to_thirteen_nines(long amountVnd, bool valid)
    {
        var problem = PaymentAmount.Problem(amountVnd);
        Assert.Equal(valid, problem is null);
        if (problem is not null)
        {
            Assert.Equal("amountVnd", problem.Field);
            Assert.Contains("9.999.999.999.999", problem.Message, StringComparison.Ordinal);
        }
        Assert.Equal("amountVnd", PaymentAmount.Problem(null)!.Field);
        // Every money input reads it: the obligation, the refund, the officer's fee.
        Assert.Equal(valid, PaymentRequests.ObligationAmount(amountVnd, hasOpenRequest: false).Problem is null);
        Assert.Equal(valid, !PaymentRefunds.Problems(new RefundInput(amountVnd, "Nộp thừa", "cash", null), DateTimeOffset.UnixEpoch).ContainsKey("amountVnd"));
        Assert.Equal(valid, global::MotCua.Domain.Fees.OfficerFee.Validate(amountVnd, "fee", "Phí thẩm định").Problems.All(p => p.Field != "fee.amountVnd"));
    }

    [Theory]
    // 310,000 paid, 300,000 receipted: refunded at once, then in two parts (the excess goes back first).
    [InlineData(310_000L, 10_000L, 0L, 10_000L)]
    [InlineData(5_000L, 10_000L, 0L, 5_000L)]
    [InlineData(305_000L, 10_000L, 5_000L, 5_000L)]
    [InlineData(300_000L, 10_000L, 10_000L, 0L)]
    // A payment whose receipt covers it all has no excess.
    [InlineData(50_000L, 0L, 0L, 0L)]
    public void A_refund_gives_back_the_excess_first_and_only_the_rest_comes_off_the_receipts(long amountVnd, long excessVnd, long before, long expectedExcess)
    {
        Assert.Equal(expectedExcess, FeeRegisterRefund.ExcessPart(amountVnd, excessVnd, before));
        var refund = new FeeRegisterRefund(1, new DateOnly(2026, 12, 4), 1, null, "MC-26E-0000001", amountVnd, "cash", "Rút hồ sơ", OfReceipt: true,
            ExcessVnd: expectedExcess);
        Assert.Equal((amountVnd - expectedExcess, expectedExcess), (refund.ReceiptedVnd, refund.UnreceiptedVnd));
    }

    [Fact]
    public void The_register_takes_only_the_receipted_part_of_a_refund_off_its_receipts()
    {
        var day = new DateOnly(2026, 12, 4);
        var entry = new FeeRegisterEntry(1, day, "01BLP0-001", "MC-26E", 1, "Trần Thị Bình", "000.00.01.H46-261204-0001", 0, 300_000, 300_000, "cash",
            Cancelled: true, CancelReason: PaymentRefunds.ReceiptReasonPrefix + "Rút hồ sơ", Refunded: true, CancelledOn: day.AddDays(1));
        var refund = new FeeRegisterRefund(1, day.AddDays(1), 1, "000.00.01.H46-261204-0001", "MC-26E-0000001", 310_000, "cash", "Rút hồ sơ", OfReceipt: true,
            ExcessVnd: FeeRegisterRefund.ExcessPart(310_000, 10_000, 0));
        var register = FeeRegister.Build(day, day.AddDays(1), [entry], [new FeeRegisterRequest(300_000, "refunded")], [refund],
            [new FeeRegisterCashIn(1, day, 310_000)]);
        // The 10,000 excess came into the drawer as cash without a receipt and was handed over that day (fees38b): the cash
        // refund takes all 310,000 out of the next day's handover; only the receipted 300,000 comes off the receipts.
        Assert.Equal((300_000L, 310_000L, 10_000L, 0L), (register.Totals.RefundedVnd, register.Totals.CashRefundedVnd, register.Totals.UnreceiptedRefundedVnd, register.Totals.NetVnd));
        Assert.Equal((310_000L, -310_000L), (register.Days[0].CashHandoverVnd, register.Days.Single(d => d.Date == day.AddDays(1)).CashHandoverVnd));
        Assert.Equal((300_000L, 0L), (register.Reconciliation.RefundedVnd, register.Reconciliation.DifferenceVnd));
        Assert.Equal("trong đó 10.000 đồng nộp thừa chưa lập biên lai", refund.SplitNote);
    }

    [Theory]
    [InlineData("2026-02-31")]
    [InlineData("31/02/2026")]
    [InlineData("2026-13-01")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("hôm qua")]
    public void A_register_date_that_does_not_exist_is_refused_never_shifted(string typed)
    {
        var (date, error) = FeeRegister.ReadDate(typed, "Từ ngày", new DateOnly(2026, 12, 1));
        Assert.Null(date);
        Assert.Contains("ngày không hợp lệ", error, StringComparison.Ordinal);
        Assert.StartsWith("\"Từ ngày\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-02-28", 2026, 2, 28)]
    [InlineData("28/02/2026", 2026, 2, 28)]
    [InlineData("", 2026, 12, 1)]
    public void A_register_date_is_read_as_dd_MM_yyyy_or_yyyy_MM_dd_and_blank_is_the_default(string typed, int year, int month, int day)
    {
        Assert.Equal((new DateOnly(year, month, day), (string?)null), FeeRegister.ReadDate(typed, "Từ ngày", new DateOnly(2026, 12, 1)));
    }
}
