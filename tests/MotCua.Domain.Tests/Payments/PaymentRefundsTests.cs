using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Payments;

/// <summary>Refunds (docs/FEES.md "### Refunds"): who may, the input's fields, how much is left, what a full refund does,
/// and how the fee register counts them.</summary>
public class PaymentRefundsTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 0, 0, TimeSpan.FromHours(7));
    private static Officer Of(OfficerRole role, int agency) => new(new Actor("x", 1), role, agency);

    [Fact]
    public void Only_the_accountant_of_the_collecting_unit_refunds_and_any_accountant_an_unmatched_payment()
    {
        Assert.True(PaymentRefunds.MayRefund(Of(OfficerRole.Accountant, 7), 7));
        Assert.False(PaymentRefunds.MayRefund(Of(OfficerRole.Accountant, 8), 7));
        Assert.False(PaymentRefunds.MayRefund(Of(OfficerRole.Leader, 7), 7));
        Assert.False(PaymentRefunds.MayRefund(Of(OfficerRole.ReceivingOfficer, 7), 7));
        Assert.True(PaymentRefunds.MayRefund(Of(OfficerRole.Accountant, 8), null));
    }

    [Theory]
    [InlineData(null, "Nộp hai lần", "cash", "amountVnd")]
    [InlineData(0L, "Nộp hai lần", "cash", "amountVnd")]
    [InlineData(-5L, "Nộp hai lần", "cash", "amountVnd")]
    [InlineData(5_000L, " ", "cash", "reason")]
    [InlineData(5_000L, null, "transfer", "reason")]
    [InlineData(5_000L, "Nộp thừa", "cheque", "method")]
    [InlineData(5_000L, "Nộp thừa", null, "method")]
    public void Each_bad_field_is_named(long? amount, string? reason, string? method, string field)
    {
        var errors = PaymentRefunds.Problems(new RefundInput(amount, reason, method, null), Now);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_reason_too_long_and_a_refund_in_the_future_are_refused_and_a_good_one_passes()
    {
        Assert.Equal(["reason"], PaymentRefunds.Problems(new RefundInput(1, new string('x', PaymentRefunds.MaxReason + 1), "cash", null), Now).Keys);
        Assert.Equal(["refundedAt"], PaymentRefunds.Problems(new RefundInput(1, "Nộp thừa", "cash", Now.AddMinutes(6)), Now).Keys);
        Assert.Empty(PaymentRefunds.Problems(new RefundInput(1, "Nộp thừa", "transfer", Now.AddMinutes(-1)), Now));
    }

    [Fact]
    public void The_amount_runs_from_1_to_what_is_left_and_the_last_of_it_is_a_full_refund()
    {
        var paid = new RefundablePayment(50_000, Now.AddDays(-1), 0, Settled: true);
        Assert.Equal(50_000, PaymentRefunds.Refundable(paid));
        Assert.Equal(new RefundDecision(1, false), PaymentRefunds.Decide(paid, 1, Now).Decision);
        Assert.Equal(new RefundDecision(50_000, true), PaymentRefunds.Decide(paid, 50_000, Now).Decision);
        var over = PaymentRefunds.Decide(paid, 50_001, Now);
        Assert.Equal(("amountVnd", null), (over.Problem?.Field, over.Decision));
        Assert.Contains("50.000 đồng", over.Problem!.Message);

        var partly = paid with { RefundedVnd = 30_000 };
        Assert.Equal(new RefundDecision(20_000, true), PaymentRefunds.Decide(partly, 20_000, Now).Decision);
        Assert.Equal("amountVnd", PaymentRefunds.Decide(partly, 20_001, Now).Problem?.Field);
        var nothing = PaymentRefunds.Decide(paid with { RefundedVnd = 50_000 }, 1, Now);
        Assert.NotNull(nothing.Conflict);
        Assert.Null(nothing.Decision);
        Assert.Equal("refundedAt", PaymentRefunds.Decide(paid, 1, Now.AddDays(-2)).Problem?.Field);
        Assert.Equal("Hoàn trả: Nộp hai lần", PaymentRefunds.ReceiptCancelReason("  Nộp hai lần "));
    }

    [Fact]
    public void Any_sequence_of_refunds_never_exceeds_the_payment()
    {
        var random = new Random(14);
        for (var run = 0; run < 2_000; run++)
        {
            var amount = random.NextInt64(1, 10_000_000);
            var payment = new RefundablePayment(amount, Now.AddDays(-1), 0, true);
            var full = false;
            for (var step = 0; step < 8 && !full; step++)
            {
                var (decision, conflict, problem) = PaymentRefunds.Decide(payment, random.NextInt64(1, amount + 2), Now);
                if (decision is null) { Assert.True(conflict is not null || problem is not null); continue; }
                payment = payment with { RefundedVnd = payment.RefundedVnd + decision.AmountVnd };
                full = decision.Full;
                Assert.Equal(full, payment.RefundedVnd == amount);
            }
            Assert.InRange(payment.RefundedVnd, 0, amount);
        }
    }

    [Fact]
    public void The_register_takes_refunds_off_their_day_and_cash_refunds_off_the_cash_handed_over()
    {
        FeeRegisterEntry Entry(long id, int day, long amount, string method, bool refunded = false) =>
            new(id, new DateOnly(2025, 3, day), ReceiptNumbering.FormNumber, "MC-25E", (int)id, "Người nộp", "000.00.01.H46-250301-0001",
                0, amount, amount, method, refunded, refunded ? "Hoàn trả: Nộp hai lần" : null, Refunded: refunded);
        var register = FeeRegister.Build(new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31),
            [Entry(1, 2, 50_000, "cash", refunded: true), Entry(2, 2, 20_000, "transfer"), Entry(3, 5, 30_000, "cash")],
            [new(50_000, "refunded"), new(20_000, "paid"), new(30_000, "paid")],
            [
                new(1, new DateOnly(2025, 3, 5), 1, "000.00.01.H46-250301-0001", "MC-25E-0000001", 50_000, "cash", "Nộp hai lần", OfReceipt: true),
                new(2, new DateOnly(2025, 3, 7), 9, null, null, 10_000, "transfer", "Không khớp hồ sơ", OfReceipt: false),
            ]);
        // The refunded receipt counts on 2 March, when the cash came in and was handed over.
        Assert.Equal(new FeeRegisterDay(new DateOnly(2025, 3, 2), 2, 50_000, 20_000, 0, 70_000, 50_000), register.Days[0]);
        // The refund goes out on 5 March, in cash: 30,000 in, 50,000 back, the fund makes up 20,000.
        Assert.Equal(new FeeRegisterDay(new DateOnly(2025, 3, 5), 1, 30_000, 0, 0, 30_000, -20_000, 50_000, 50_000), register.Days[1]);
        Assert.Equal(-20_000, register.Days[1].NetVnd);
        Assert.Equal(2, register.Days.Count);
        Assert.Equal((100_000L, 50_000L, 50_000L, 30_000L, 10_000L), (register.Totals.TotalVnd, register.Totals.RefundedVnd, register.Totals.NetVnd,
            register.Totals.CashHandoverVnd, register.Totals.UnreceiptedRefundedVnd));
        Assert.Equal(1, register.Totals.Cancelled);
        // Requested: the refunded request was not owed; collected 100,000 less 50,000 refunded = the 50,000 owed and paid.
        Assert.Equal(new FeeReconciliation(2, 50_000, 50_000, 0, 100_000, 0, 50_000, 50_000), register.Reconciliation);
        Assert.Equal(2, register.Refunds.Count);
    }

    /// <summary>Sixteenth trial, MEDIUM 1: an accepted overpayment (1,280,000 keeping 1,275,000) whose excess went back is
    /// held with a true reason while its dossier is processed; once the dossier is closed the fee it kept is refundable, a
    /// refund within the excess stays the excess's, and the one that empties the payment is full.</summary>
    [Fact]
    public void Once_the_dossier_is_closed_the_fee_an_overpayment_kept_is_refundable_in_full()
    {
        var paid = new RefundablePayment(1_280_000, Now.AddDays(-1), 5_000, true, KeptVnd: 1_275_000, RefundDossier.Processing);
        Assert.Equal(0, PaymentRefunds.Refundable(paid));
        Assert.Equal(PaymentRefunds.KeptHeld, PaymentRefunds.Decide(paid, 1, Now).Conflict);

        var closed = paid with { Dossier = RefundDossier.EndedUndecided };
        Assert.Equal(1_275_000, PaymentRefunds.Refundable(closed));
        Assert.Equal(new RefundDecision(1_275_000, true), PaymentRefunds.Decide(closed, 1_275_000, Now).Decision);
        Assert.Equal(new RefundDecision(1_000, false), PaymentRefunds.Decide(closed, 1_000, Now).Decision);
        // The excess not yet handed back: a refund of it alone is still booked against no receipt.
        var excessLeft = closed with { RefundedVnd = 0 };
        Assert.Equal(new RefundDecision(5_000, false, true), PaymentRefunds.Decide(excessLeft, 5_000, Now).Decision);
        Assert.Equal("Khoản tiền này đã được hoàn trả hết; không còn gì để hoàn trả.",
            PaymentRefunds.Decide(closed with { RefundedVnd = 1_280_000 }, 1, Now).Conflict);
    }
}
