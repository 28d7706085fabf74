using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The fresh trial's cash handover findings (brief fees38b; docs/FEES.md "Fresh trial (fees38b)"): "Tiền mặt nộp
/// quỹ" is what the drawer holds each day. Every cash payment is cash in on the day it was recorded, receipted or not
/// (<see cref="FeeRegisterCashIn"/>, the day's <see cref="FeeRegisterDay.UnreceiptedCashVnd"/>); every cash refund is cash
/// out in full on its day; a transfer refund moves no cash.</summary>
public class CashHandoverRuleTests
{
    private static readonly DateOnly Day1 = new(2026, 12, 4), Day2 = new(2026, 12, 5), Day3 = new(2026, 12, 6);

    private static FeeRegisterEntry Entry(long id, DateOnly day, long amountVnd, string method, bool refunded = false, string? replaces = null) =>
        new(id, day, "01BLP0-001", "MC-26E", (int)id, "Trần Thị Bình", $"000.00.01.H46-261204-000{id}", 0, amountVnd, amountVnd, method,
            Cancelled: refunded, CancelReason: refunded ? PaymentRefunds.ReceiptReasonPrefix + "Rút hồ sơ" : null, Refunded: refunded,
            Replaces: replaces, ReplacedKeptItsDay: replaces is not null);

    private static FeeRegisterRefund Refund(long id, DateOnly day, long paymentId, long amountVnd, string method, bool ofReceipt, long excessVnd = 0) =>
        new(id, day, paymentId, null, ofReceipt ? "MC-26E-0000001" : null, amountVnd, method, "Hoàn trả", ofReceipt, ExcessVnd: excessVnd);

    private static (long Cash, long Unreceipted, long CashRefunded, long Handover) Cash(FeeRegisterDay day) =>
        (day.CashVnd, day.UnreceiptedCashVnd, day.CashRefundedVnd, day.CashHandoverVnd);

    // D7: the fee 2,000 paid with 5,000 in cash at the desk, accepted (the receipt is 2,000); the 3,000 excess goes back by
    // transfer the next day. The drawer holds 5,000 on day 1 and nothing leaves it on day 2.
    [Fact]
    public void A_cash_overpayments_excess_refunded_by_transfer_is_handed_over_on_the_day_it_was_taken()
    {
        var register = FeeRegister.Build(Day1, Day3, [Entry(1, Day1, 2_000, FeeRegister.Cash)], [new FeeRegisterRequest(2_000, "paid")],
            [Refund(1, Day2, 1, 3_000, PaymentRefunds.Transfer, ofReceipt: false)], [new FeeRegisterCashIn(1, Day1, 5_000)]);
        var day = Assert.Single(register.Days);
        Assert.Equal((2_000L, 3_000L, 0L, 5_000L), Cash(day));
        Assert.Equal((5_000L, 3_000L, 3_000L), (register.Totals.CashHandoverVnd, register.Totals.UnreceiptedCashVnd, register.Totals.UnreceiptedRefundedVnd));
    }

    // D8: a cash duplicate 2,000 (flagged, no receipt) refunded by transfer: the drawer keeps it, the handover counts it.
    [Fact]
    public void A_cash_duplicate_refunded_by_transfer_is_handed_over()
    {
        var register = FeeRegister.Build(Day1, Day3, [Entry(1, Day1, 2_000, FeeRegister.Cash)], [],
            [Refund(1, Day1, 2, 2_000, PaymentRefunds.Transfer, ofReceipt: false)],
            [new FeeRegisterCashIn(1, Day1, 2_000), new FeeRegisterCashIn(2, Day1, 2_000)]);
        Assert.Equal((2_000L, 2_000L, 0L, 4_000L), Cash(Assert.Single(register.Days)));
    }

    // A cash duplicate taken on 04/12 and handed back in cash on 05/12: 04/12 hands it over, 05/12 takes all of it out.
    [Fact]
    public void A_cash_duplicate_kept_overnight_and_refunded_in_cash_is_in_then_out()
    {
        var register = FeeRegister.Build(Day1, Day3, [Entry(1, Day1, 2_000, FeeRegister.Cash), Entry(2, Day2, 2_000, FeeRegister.Cash)], [],
            [Refund(1, Day2, 2, 2_000, PaymentRefunds.Cash, ofReceipt: false)],
            [new FeeRegisterCashIn(1, Day1, 2_000), new FeeRegisterCashIn(2, Day1, 2_000), new FeeRegisterCashIn(3, Day2, 2_000)]);
        Assert.Equal((2_000L, 2_000L, 0L, 4_000L), Cash(register.Days[0]));
        Assert.Equal((2_000L, 0L, 2_000L, 0L), Cash(register.Days[1]));
        Assert.Equal(0L, register.Days[1].RefundedVnd);
        Assert.Equal(4_000L, register.Totals.CashHandoverVnd);
    }

    // A cash fee receipted normally, then refunded in full in cash; a fee paid by transfer refunded by transfer.
    [Fact]
    public void A_receipted_cash_refund_is_cash_out_and_a_transfer_refund_of_transfer_money_moves_no_cash()
    {
        var register = FeeRegister.Build(Day1, Day3,
            [Entry(1, Day1, 2_000, FeeRegister.Cash, refunded: true), Entry(2, Day1, 3_000, FeeRegister.Transfer, refunded: true)],
            [new FeeRegisterRequest(2_000, "refunded"), new FeeRegisterRequest(3_000, "refunded")],
            [Refund(1, Day2, 1, 2_000, PaymentRefunds.Cash, ofReceipt: true), Refund(2, Day3, 2, 3_000, PaymentRefunds.Transfer, ofReceipt: true)],
            [new FeeRegisterCashIn(1, Day1, 2_000)]);
        Assert.Equal((2_000L, 0L, 0L, 2_000L), Cash(register.Days[0]));
        Assert.Equal((0L, 0L, 2_000L, -2_000L), Cash(register.Days[1]));
        Assert.Equal(2_000L, register.Days[1].RefundedVnd);
        // The transfer refund still has its day line (it comes off the net), with no cash figure.
        Assert.Equal((0L, 0L, 0L, 0L), Cash(register.Days[2]));
        Assert.Equal(3_000L, register.Days[2].RefundedVnd);
        Assert.Equal((0L, 0L), (register.Totals.CashHandoverVnd, register.Totals.NetVnd));
    }

    // A refund in cash takes all of itself out of the drawer, whatever part was receipted and however the money came.
    [Fact]
    public void Every_cash_refund_is_cash_out_in_full()
    {
        Assert.Equal(5_000, Refund(1, Day1, 1, 5_000, PaymentRefunds.Cash, ofReceipt: true, excessVnd: 3_000).CashOutVnd);
        Assert.Equal(5_000, Refund(1, Day1, 1, 5_000, PaymentRefunds.Cash, ofReceipt: false).CashOutVnd);
        Assert.Equal(0, Refund(1, Day1, 1, 5_000, PaymentRefunds.Transfer, ofReceipt: true).CashOutVnd);
    }

    // A flagged cash payment taken on day 1 and accepted on day 2 (its receipt issued then): day 1 hands the cash over as
    // unreceipted; day 2's receipt is not cash in again (its unreceipted line is negative), so the period counts it once.
    [Fact]
    public void A_receipt_issued_a_day_after_the_cash_was_taken_does_not_count_the_cash_twice()
    {
        var register = FeeRegister.Build(Day1, Day3, [Entry(1, Day2, 2_000, FeeRegister.Cash)], [], [], [new FeeRegisterCashIn(1, Day1, 2_000)]);
        Assert.Equal((0L, 2_000L, 0L, 2_000L), Cash(register.Days[0]));
        Assert.Equal((2_000L, -2_000L, 0L, 0L), Cash(register.Days[1]));
        Assert.Equal((2_000L, 0L, 2_000L), (register.Totals.CashVnd, register.Totals.UnreceiptedCashVnd, register.Totals.CashHandoverVnd));
    }

    [Fact]
    public void A_cash_payment_outside_the_period_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FeeRegister.Build(Day1, Day2, [], [], [], [new FeeRegisterCashIn(1, Day3, 2_000)]));
    }

    // LOW: a replacement receipt later refunded in full is not counted (its money is on the replaced receipt's day): its
    // note says so, not "cộng ngày thu".
    [Fact]
    public void A_refunded_replacement_receipt_is_noted_as_not_counted()
    {
        var replacement = Entry(2, Day2, 2_000, FeeRegister.Cash, refunded: true, replaces: "MC-26E-0000001");
        Assert.False(replacement.Counted);
        Assert.DoesNotContain("cộng ngày thu", replacement.Note, StringComparison.Ordinal);
        Assert.StartsWith("ĐÃ HOÀN TRẢ (biên lai lập thay biên lai MC-26E-0000001, không cộng", replacement.Note, StringComparison.Ordinal);
        Assert.StartsWith("ĐÃ HOÀN TRẢ (cộng ngày thu, trừ ngày hoàn trả)", Entry(1, Day1, 2_000, FeeRegister.Cash, refunded: true).Note, StringComparison.Ordinal);
        var register = FeeRegister.Build(Day1, Day3, [replacement], []);
        Assert.Equal([("Biên lai đã hủy (không cộng)", 1), ("Biên lai đã hủy do hoàn trả toàn bộ (đã cộng ngày thu, đã trừ ở cột hoàn trả)", 0),
            ("Biên lai hủy sau ngày lập (vẫn cộng ngày lập; biên lai lập thay không cộng)", 0)], register.Totals.CancelledLines());
    }
}
