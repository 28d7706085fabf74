using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The Domain's rules behind the second trial's fixes of issue 14 (docs/FEES.md "Second trial fixes").</summary>
public class SecondTrialRuleTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void An_accepted_overpayment_refunds_only_its_excess_against_no_receipt_and_never_cancels_the_fee_kept()
    {
        var over = new RefundablePayment(60_000, Now.AddDays(-1), 0, Settled: true, KeptVnd: 50_000, RefundDossier.Processing);
        Assert.Equal(10_000, PaymentRefunds.Refundable(over));
        var (_, _, tooMuch) = PaymentRefunds.Decide(over, 10_001, Now);
        Assert.Equal("amountVnd", tooMuch!.Field);
        Assert.Contains("10.000", tooMuch.Message, StringComparison.Ordinal);
        var (all, _, _) = PaymentRefunds.Decide(over, 10_000, Now);
        Assert.Equal(new RefundDecision(10_000, Full: false, OfExcess: true), all);
        var (_, nothing, _) = PaymentRefunds.Decide(over with { RefundedVnd = 10_000 }, 1, Now);
        Assert.NotNull(nothing);
        // A payment that settled nothing (fees38a, the one refund rule): the whole amount; a full refund empties it.
        Assert.Equal(new RefundDecision(60_000, Full: true, OfExcess: false), PaymentRefunds.Decide(over with { KeptVnd = 0, Settled = false }, 60_000, Now).Decision);
    }

    [Fact]
    public void The_fee_register_reconciles_phi_and_le_phi_and_counts_levies_apart()
    {
        var day = new DateOnly(2025, 11, 3);
        var register = FeeRegister.Build(day, day, [new FeeRegisterEntry(1, day, "01BLP0-001", "MC-25E", 1, "A", "X", 0, 50_000, 50_000, "cash", false, null)],
        [
            new FeeRegisterRequest(50_000, "paid"),
            new FeeRegisterRequest(20_000, "open"),
            new FeeRegisterRequest(120_000_000, "open", IsLevy: true),
            new FeeRegisterRequest(9_000_000, "paid", IsLevy: true),
            new FeeRegisterRequest(5_000_000, "cancelled", IsLevy: true),
        ]);
        Assert.Equal(new FeeReconciliation(2, 70_000, 50_000, 20_000, 50_000, -20_000, 0, 0, LevyRequests: 2, LevyRequestedVnd: 129_000_000), register.Reconciliation);
    }

    [Fact]
    public void A_callback_repeating_its_transaction_id_is_a_replay_only_with_the_same_facts()
    {
        var first = new CallbackFacts(45_000, "Nop phi 000.00.01.H46-251106-0001", Now, "TRAN THI BINH");
        Assert.Empty(PaymentMatching.ReplayConflicts(first, first with { Purpose = " Nop phi 000.00.01.H46-251106-0001 " }));
        Assert.Empty(PaymentMatching.ReplayConflicts(first, first with { PaidAt = Now.ToUniversalTime() }));
        Assert.Equal(new[] { "amountVnd" }, PaymentMatching.ReplayConflicts(first, first with { AmountVnd = 450_000 }));
        Assert.Equal(new[] { "purpose", "payerName" }, PaymentMatching.ReplayConflicts(first, first with { Purpose = "Nop phi khac", PayerName = null }));
        Assert.Equal(new[] { "paidAt" }, PaymentMatching.ReplayConflicts(first, first with { PaidAt = Now.AddMinutes(1) }));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(" Trần Thị Bính ", "Trần Thị Bính", null)]
    [InlineData("", null, "payerName")]
    [InlineData("A", null, "payerName")]
    [InlineData("12345", null, "payerName")]
    [InlineData("Lê\u0007Văn", null, "payerName")]
    public void A_replacement_takes_a_corrected_payer_name_checked(string? typed, string? name, string? field)
    {
        var (payer, problem) = ReceiptCancellation.ReplacementPayer(typed);
        Assert.Equal(name, payer);
        Assert.Equal(field, problem?.Field);
        if (problem is not null) Assert.DoesNotContain("payerName", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_amount_reads_Vietnamese_thousands_separators_and_its_message_names_no_field_code()
    {
        foreach (var typed in new[] { "50.000", "50 000", "50000", "50\u00a0000", "50.000 đồng", "50.000đ" })
            Assert.Equal((50_000L, (FieldProblem?)null), PaymentRequests.TypedAmount(typed));
        var (_, problem) = PaymentRequests.TypedAmount("50,5");
        Assert.DoesNotContain("(amountVnd)", problem!.Message, StringComparison.Ordinal);
        foreach (var message in PaymentRefunds.Problems(new RefundInput(0, null, "x", Now.AddHours(1)), Now).Values.SelectMany(m => m))
            Assert.DoesNotMatch(@"\((amountVnd|method|refundedAt|reason)\)", message);
    }
}
