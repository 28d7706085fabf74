using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Domain.Tests.Dossiers;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The fresh trial's fee findings (brief fees37; docs/FEES.md "Fresh trial (fees37)"): the daily cash handover
/// takes every cash refund off, a withdrawal ends an open pause, money a pause waited for is held, and the register's
/// cancelled receipts are counted by what the totals do with them.</summary>
public class FreshTrialThirtySevenRuleTests
{
    private static readonly DateOnly Day1 = new(2026, 12, 1), Day2 = new(2026, 12, 2), Day3 = new(2026, 12, 3);

    private static FeeRegisterEntry Entry(long id, DateOnly day, long amountVnd, string method, bool refunded = false, DateOnly? cancelledOn = null) =>
        new(id, day, "01BLP0-001", "MC-26E", (int)id, "Trần Thị Bình", $"000.00.01.H46-261201-000{id}", 0, amountVnd, amountVnd, method,
            Cancelled: refunded || cancelledOn is not null, CancelReason: refunded ? PaymentRefunds.ReceiptReasonPrefix + "Rút hồ sơ" : cancelledOn is null ? null : "Ghi sai",
            Refunded: refunded, CancelledOn: cancelledOn);

    // The trial's case: the fee 2,000 paid 5,000 by the bank, accepted (receipt 2,000); on day 2, 7,000 of cash receipts and
    // the 5,000 handed back in cash after withdrawal: 7,000 came into the drawer, 5,000 went out, 2,000 is handed over.
    // On day 3 only a flagged payment's 4,000 that came by transfer, never receipted, is handed back in cash: the fund
    // makes it up.
    [Fact]
    public void The_cash_handover_takes_off_what_the_cash_refunds_took_out_of_the_drawer()
    {
        var register = FeeRegister.Build(Day1, Day3,
            [Entry(1, Day1, 2_000, FeeRegister.Online, refunded: true), Entry(2, Day2, 7_000, FeeRegister.Cash)],
            [new FeeRegisterRequest(2_000, "refunded"), new FeeRegisterRequest(7_000, "paid")],
            [
                new FeeRegisterRefund(1, Day2, 1, "000.00.01.H46-261201-0001", "MC-26E-0000001", 5_000, PaymentRefunds.Cash, "Rút hồ sơ", OfReceipt: true,
                    ExcessVnd: FeeRegisterRefund.ExcessPart(5_000, 3_000, 0)),
                new FeeRegisterRefund(2, Day3, 9, null, null, 4_000, PaymentRefunds.Cash, "Nộp trùng", OfReceipt: false),
            ]);
        var day2 = register.Days.Single(d => d.Date == Day2);
        Assert.Equal((7_000L, 5_000L, 2_000L), (day2.CashVnd, day2.CashRefundedVnd, day2.CashHandoverVnd));
        // Only the receipted part comes off the day's net.
        Assert.Equal((2_000L, 5_000L), (day2.RefundedVnd, day2.NetVnd));
        var day3 = Assert.Single(register.Days, d => d.Date == Day3);
        Assert.Equal((0L, 4_000L, -4_000L, 0L), (day3.CashVnd, day3.CashRefundedVnd, day3.CashHandoverVnd, day3.RefundedVnd));
        Assert.Equal((7_000L, 9_000L, -2_000L), (register.Totals.CashVnd, register.Totals.CashRefundedVnd, register.Totals.CashHandoverVnd));
        Assert.Equal((2_000L, 7_000L), (register.Totals.RefundedVnd, register.Totals.UnreceiptedRefundedVnd));
        // The handover of the period is the sum of the days'.
        Assert.Equal(register.Days.Sum(d => d.CashHandoverVnd), register.Totals.CashHandoverVnd);
    }

    // Cash taken at the desk without a receipt (a duplicate) is cash in on its day (brief fees38b; fees37 left it out of both
    // sides): handed back in cash on another day, it comes out of that day's handover and makes its day line.
    [Fact]
    public void A_cash_refund_of_unreceipted_cash_is_cash_out_on_its_day()
    {
        var register = FeeRegister.Build(Day1, Day3, [Entry(1, Day1, 2_000, FeeRegister.Cash)], [],
            [new FeeRegisterRefund(1, Day2, 9, null, null, 4_000, PaymentRefunds.Cash, "Nộp trùng", OfReceipt: false)],
            [new FeeRegisterCashIn(1, Day1, 2_000), new FeeRegisterCashIn(9, Day1, 4_000)]);
        Assert.Equal(new[] { Day1, Day2 }, register.Days.Select(d => d.Date));
        Assert.Equal((6_000L, -4_000L), (register.Days[0].CashHandoverVnd, register.Days[1].CashHandoverVnd));
        Assert.Equal((2_000L, 4_000L, 4_000L), (register.Totals.CashHandoverVnd, register.Totals.CashRefundedVnd, register.Totals.UnreceiptedRefundedVnd));
    }

    [Fact]
    public void A_transfer_refund_of_unreceipted_money_moves_no_day_figure_and_makes_no_day_line()
    {
        var register = FeeRegister.Build(Day1, Day3, [Entry(1, Day1, 2_000, FeeRegister.Cash)], [],
            [new FeeRegisterRefund(1, Day2, 9, null, null, 4_000, PaymentRefunds.Transfer, "Nộp trùng", OfReceipt: false)]);
        Assert.Equal(new[] { Day1 }, register.Days.Select(d => d.Date));
        Assert.Equal((2_000L, 4_000L), (register.Totals.CashHandoverVnd, register.Totals.UnreceiptedRefundedVnd));
    }

    [Fact]
    public void The_cancelled_receipts_are_counted_by_what_the_totals_do_with_them()
    {
        var register = FeeRegister.Build(Day1, Day3,
            [Entry(1, Day1, 2_000, FeeRegister.Cash, refunded: true), Entry(2, Day1, 3_000, FeeRegister.Cash, refunded: true),
             Entry(3, Day1, 4_000, FeeRegister.Cash, cancelledOn: Day1), Entry(4, Day1, 5_000, FeeRegister.Cash, cancelledOn: Day2)], []);
        Assert.Equal((4, 1, 2, 1), (register.Totals.Cancelled, register.Totals.CancelledNotCounted, register.Totals.CancelledByRefund, register.Totals.CancelledLater));
        // The two refunded ones and the one cancelled a day later are in the totals; the one cancelled on its day is not.
        Assert.Equal((3, 10_000L), (register.Totals.Receipts, register.Totals.TotalVnd));
    }

    [Fact]
    public void A_refund_none_of_which_was_receipted_says_so_beside_the_receipt_number()
    {
        var excessOnly = new FeeRegisterRefund(1, Day2, 1, null, "MC-26E-0000001", 3_000, PaymentRefunds.Cash, "Nộp thừa", OfReceipt: false);
        Assert.Equal(FeeRegisterRefund.WhollyUnreceiptedNote, excessOnly.SplitNote);
        Assert.Null((excessOnly with { ReceiptNumber = null }).SplitNote);
        Assert.Null(new FeeRegisterRefund(2, Day2, 1, null, "MC-26E-0000001", 3_000, PaymentRefunds.Cash, "Rút hồ sơ", OfReceipt: true).SplitNote);
    }

    [Theory]
    [InlineData("payment")]
    [InlineData("supplement")]
    public void A_withdrawal_ends_the_open_pause_at_its_own_time(string state)
    {
        var (dossier, now) = CitizenDossierStates.InState(state, CitizenDossierStates.Monday);
        Assert.True(dossier.IsPaused);
        dossier.Withdraw("Người dân xin rút hồ sơ", new Officer(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer), now);
        Assert.Equal(DossierStatus.WithdrawalRequested, dossier.Status);
        Assert.False(dossier.IsPaused);
        Assert.Equal(now, dossier.Pauses[^1].To);
        // The stop notice that follows finds nothing open and changes no pause.
        dossier.Stop("Theo yêu cầu rút hồ sơ", new Officer(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader), now.AddMinutes(10));
        Assert.Equal(now, dossier.Pauses[^1].To);
    }
}
