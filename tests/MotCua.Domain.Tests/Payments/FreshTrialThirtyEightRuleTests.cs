using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Tests.Dossiers;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The Domain's rules behind the fresh trial fees38a (docs/FEES.md "Fresh trial (fees38a)"): one refund rule for
/// how much of a payment may go back given its dossier's state, and one rule for the requests a dossier's end closes.</summary>
public class FreshTrialThirtyEightRuleTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 0, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData("received", RefundDossier.Processing)]
    [InlineData("appraise", RefundDossier.Processing)]
    [InlineData("payment", RefundDossier.Processing)]
    [InlineData("ready", RefundDossier.Decided)]
    [InlineData("returned", RefundDossier.Decided)]
    [InlineData("not-received", RefundDossier.EndedUndecided)]
    [InlineData("withdrawn", RefundDossier.EndedUndecided)]
    [InlineData("stopped", RefundDossier.EndedUndecided)]
    public void Where_the_dossier_stands_for_a_refund(string state, RefundDossier expected) =>
        Assert.Equal(expected, PaymentRefunds.DossierOf(CitizenDossierStates.InState(state, CitizenDossierStates.Monday).Dossier));

    /// <summary>A 50,000 fee paid exactly (it settled its request): held while processed (statuses 2, 4) and once decided
    /// (10), refundable in full once refused, withdrawn or stopped (3, 7, 8); money that settled nothing or has no dossier
    /// goes back in full whatever the state.</summary>
    [Theory]
    [InlineData(RefundDossier.Processing, 0L)]
    [InlineData(RefundDossier.Decided, 0L)]
    [InlineData(RefundDossier.EndedUndecided, 50_000L)]
    [InlineData(RefundDossier.None, 50_000L)]
    public void The_due_part_goes_back_only_when_the_dossier_ended_undecided(RefundDossier dossier, long refundable)
    {
        var fee = new RefundablePayment(50_000, Now.AddDays(-1), 0, Settled: true, Dossier: dossier);
        Assert.Equal(refundable, PaymentRefunds.Refundable(fee));
        var (decision, conflict, _) = PaymentRefunds.Decide(fee, 50_000, Now);
        if (refundable == 0)
        {
            Assert.Null(decision);
            Assert.Equal(dossier == RefundDossier.Decided ? PaymentRefunds.DecidedHeld : PaymentRefunds.DueHeld, conflict);
            Assert.Equal(conflict, PaymentRefunds.Held(fee));
        }
        else Assert.Equal(new RefundDecision(50_000, Full: true), decision);

        // A duplicate (flagged, not accepted: it settled nothing) is refundable in full in every state.
        var duplicate = fee with { Settled = false };
        Assert.Equal(50_000, PaymentRefunds.Refundable(duplicate));
        Assert.Null(PaymentRefunds.Held(duplicate));
    }

    /// <summary>An accepted overpayment of 60,000 keeping a 50,000 fee: the 10,000 excess goes back at any time; the fee
    /// only once the dossier ended undecided.</summary>
    [Theory]
    [InlineData(RefundDossier.Processing, 10_000L)]
    [InlineData(RefundDossier.Decided, 10_000L)]
    [InlineData(RefundDossier.EndedUndecided, 60_000L)]
    public void The_excess_always_goes_back(RefundDossier dossier, long refundable)
    {
        var over = new RefundablePayment(60_000, Now.AddDays(-1), 0, Settled: true, KeptVnd: 50_000, Dossier: dossier);
        Assert.Equal(refundable, PaymentRefunds.Refundable(over));
        var excessBack = over with { RefundedVnd = 10_000 };
        Assert.Equal(refundable - 10_000, PaymentRefunds.Refundable(excessBack));
        Assert.Equal(dossier switch
        {
            RefundDossier.Processing => PaymentRefunds.KeptHeld,
            RefundDossier.Decided => PaymentRefunds.DecidedHeld,
            _ => null,
        }, PaymentRefunds.Held(excessBack));
        // Everything back: nothing is held, the refusal says so.
        Assert.Null(PaymentRefunds.Held(over with { RefundedVnd = 60_000, Dossier = RefundDossier.EndedUndecided }));
    }

    [Fact]
    public void The_refusals_say_why_in_Vietnamese()
    {
        Assert.Contains("chỉ hoàn trả khi hồ sơ bị từ chối, rút hoặc dừng giải quyết", PaymentRefunds.DueHeld, StringComparison.Ordinal);
        Assert.Contains("Hồ sơ đã có kết quả giải quyết", PaymentRefunds.DecidedHeld, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payment", false)]
    [InlineData("received", false)]
    [InlineData("withdrawn", true)]
    [InlineData("stopped", true)]
    [InlineData("not-received", true)]
    [InlineData("returned", false)]
    public void A_change_that_ends_the_dossier_undecided_closes_its_open_requests(string state, bool closes)
    {
        var dossier = CitizenDossierStates.InState(state, CitizenDossierStates.Monday).Dossier;
        Assert.Equal(closes ? PaymentRequests.ClosedWithDossier(dossier) : null, PaymentRequests.ClosingReason(wasClosed: false, dossier));
        // A dossier that had already ended closes nothing again (the stop after a withdrawal).
        Assert.Null(PaymentRequests.ClosingReason(wasClosed: true, dossier));
    }
}
