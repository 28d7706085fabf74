using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The fifteenth trial's MEDIUM 1 (docs/FEES.md "Fifteenth trial"): money that pays open requests of its own
/// dossier is applied to them. One transfer of the sum of the open requests settles them all; an accepted overpayment's
/// excess settles the other open requests it pays in full, oldest first; accepting takes a paid time before the request;
/// the accountant who names a paid request meant the open one of exactly the amount.</summary>
public class FifteenthTrialRuleTests
{
    private const string Code = "000.10.01.H46-251117-0001";
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");
    private static readonly DateTimeOffset Paid = Monday.AddHours(2);
    private static readonly TimeSpan LateAfter = TimeSpan.FromHours(72);

    private static Dossier PausedDossier() => FourteenthTrialRuleTests.PausedDossier();

    // The trial's amounts: the intake fee, a lệ phí obligation, a later levy; each with its own description.
    private static RequestState Fee(bool paid = false) => new(101, 25_000, paid, Monday, PaymentRequests.PurposeOf(Code));
    private static RequestState Obligation(int n = 1, long amount = 1_250_000) =>
        new(101 + n, amount, false, Monday.AddMinutes(29 + n), PaymentRequests.ObligationPurposeOf(Code, n));

    /// <summary>Every set of two or three open requests, under each of the three descriptions a payer sends.</summary>
    public static TheoryData<int, string> OpenSets()
    {
        var data = new TheoryData<int, string>();
        foreach (var count in new[] { 2, 3 })
            foreach (var prefix in new[] { "Nop phi", "NVTC 1", "CK" })
                data.Add(count, prefix);
        return data;
    }

    private static List<RequestState> Open(int count) =>
        count == 2 ? [Fee(), Obligation()] : [Fee(), Obligation(), Obligation(2, 400_000)];

    [Theory]
    [MemberData(nameof(OpenSets))]
    public void One_transfer_of_the_sum_of_the_open_requests_settles_them_all(int count, string prefix)
    {
        var open = Open(count);
        var match = PaymentMatching.Decide(PausedDossier(), open, open.Sum(r => r.AmountVnd), Paid, Paid.AddMinutes(1), LateAfter, purpose: prefix + " " + Code);
        Assert.Null(match.Flag);
        Assert.Equal(open[0].Id, match.RequestId);
        Assert.Equal(open.Skip(1).Select(r => r.Id), match.Others!);
        // A đồng more or less is not the sum: it is flagged on one request, and settles nothing else.
        foreach (var other in new[] { open.Sum(r => r.AmountVnd) - 1, open.Sum(r => r.AmountVnd) + 1 })
        {
            var flagged = PaymentMatching.Decide(PausedDossier(), open, other, Paid, Paid.AddMinutes(1), LateAfter, purpose: prefix + " " + Code);
            Assert.NotNull(flagged.Flag);
            Assert.True(flagged.Others is null or { Count: 0 });
        }
    }

    [Fact]
    public void The_sum_paid_before_one_of_the_requests_was_raised_is_flagged_on_that_one()
    {
        var open = Open(2);
        var match = PaymentMatching.Decide(PausedDossier(), open, 1_275_000, Monday.AddMinutes(5), Paid, LateAfter, purpose: "Nop phi " + Code);
        Assert.Equal(new PaymentMatch(open[1].Id, PaymentFlag.PaidAtImplausible), match);
    }

    /// <summary>The excess over the chosen request against the other open requests: equal to one, to both, more than both
    /// (the rest to refund), less than the oldest but enough for a later one (the oldest passed over), less than any.</summary>
    [Theory]
    [InlineData(1_250_000, new long[] { 102 })]
    [InlineData(1_650_000, new long[] { 102, 103 })]
    [InlineData(1_700_000, new long[] { 102, 103 })]
    [InlineData(500_000, new long[] { 103 })]
    [InlineData(300_000, new long[] { })]
    public void An_accepted_overpayment_settles_the_other_open_requests_its_excess_pays_in_full_oldest_first(long excess, long[] covered)
    {
        var open = Open(3);
        var (match, refusal) = PaymentMatching.Recheck(PausedDossier(), open, 25_000 + excess, Paid, Paid.AddMinutes(1), open[0].Id, null);
        Assert.Null(refusal);
        Assert.Equal(new PaymentMatch(open[0].Id, PaymentFlag.Overpaid), match with { Others = null });
        Assert.Equal(covered, match.Others!);
        Assert.Equal(covered, PaymentMatching.Covered(open, open[0].Id, 25_000 + excess));
    }

    [Theory]
    [InlineData(1_250_000, null)]
    [InlineData(1_000_000, PaymentFlag.Underpaid)]
    [InlineData(1_300_000, PaymentFlag.Overpaid)]
    public void Money_paid_before_the_request_was_raised_is_accepted_against_it_at_the_banks_time(long amount, PaymentFlag? flag)
    {
        var obligation = Obligation();
        var before = obligation.RaisedAt!.Value.AddSeconds(-76);
        // Flagged when it arrives…
        Assert.Equal(new PaymentMatch(obligation.Id, PaymentFlag.PaidAtImplausible),
            PaymentMatching.Decide(PausedDossier(), [Fee(paid: true), obligation], amount, before, Paid, LateAfter, purpose: "NVTC 1 " + Code));
        // …and accepted against the request, judged on the amount only.
        var (match, refusal) = PaymentMatching.Recheck(PausedDossier(), [Fee(paid: true), obligation], amount, before, Paid, null, "NVTC 1 " + Code);
        Assert.Null(refusal);
        Assert.Equal(new PaymentMatch(obligation.Id, flag), match with { Others = null });
        // A time after the payment was recorded is still refused.
        Assert.NotNull(PaymentMatching.Recheck(PausedDossier(), [Fee(paid: true), obligation], amount, Paid.AddHours(1), Paid, null, null).Refusal);
    }

    /// <summary>The accountant names each request of the dossier, paid or open, with each request's amount and another.</summary>
    [Theory]
    [InlineData(true, 400_000L)]
    [InlineData(true, 25_000L)]
    [InlineData(true, 700_000L)]
    [InlineData(false, 400_000L)]
    [InlineData(false, 25_000L)]
    [InlineData(false, 700_000L)]
    public void The_accountant_naming_a_paid_request_meant_the_open_one_of_exactly_the_amount(bool namesPaid, long amount)
    {
        var paidFee = Fee(paid: true);
        var open = Obligation(1, 400_000);
        var match = PaymentMatching.Decide(PausedDossier(), [paidFee, open], amount, Paid, Paid.AddMinutes(1), null, namesPaid ? paidFee.Id : open.Id);
        var expected = amount == open.AmountVnd ? new PaymentMatch(open.Id, null)
            : namesPaid ? new PaymentMatch(paidFee.Id, PaymentFlag.Duplicate)
            : new PaymentMatch(open.Id, amount < open.AmountVnd ? PaymentFlag.Underpaid : PaymentFlag.Overpaid);
        Assert.Equal(expected, match);
    }
}
