using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;

namespace MotCua.Domain.Tests.Payments;

/// <summary>Brief fees40b (docs/FEES.md "Fresh trial 14u (fees40b)"): who acts on money credited to another unit's
/// collection account, the duplicate's refusal that claims no receipt, and the public heading of a levy.</summary>
public class HoldingUnitRuleTests
{
    private static Officer Accountant(int agency) => new(new Actor("Trương Thị Hằng", 7), OfficerRole.Accountant, agency);

    [Fact]
    public void Only_the_holder_notes_or_refunds_and_nobody_accepts_money_another_units_account_holds()
    {
        Assert.Null(PaymentMatching.HeldElsewhereRefusal(Accountant(2), 2, "UBND phường Thuận Hóa", "Trung tâm", accepting: false));
        Assert.Contains("không ghi nhận là phí", PaymentMatching.HeldElsewhereRefusal(Accountant(2), 2, "UBND phường Thuận Hóa", "Trung tâm", accepting: true),
            StringComparison.Ordinal);
        foreach (var accepting in new[] { true, false })
            Assert.Contains("tài khoản thu của UBND phường Thuận Hóa, không phải của đơn vị bạn",
                PaymentMatching.HeldElsewhereRefusal(Accountant(1), 2, "UBND phường Thuận Hóa", "Trung tâm", accepting), StringComparison.Ordinal);
    }

    [Fact]
    public void The_duplicates_refusal_claims_no_receipt_and_a_levy_is_headed_as_a_financial_obligation()
    {
        var refusal = PaymentMatching.AcceptRefusal(PaymentFlag.Duplicate, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)!;
        Assert.DoesNotContain("biên lai", refusal, StringComparison.Ordinal);
        Assert.Equal("Phí, lệ phí cần nộp", ObligationKinds.PublicHeading([ObligationKinds.Charge]));
        Assert.StartsWith("Nghĩa vụ tài chính cần nộp", ObligationKinds.PublicHeading([ObligationKinds.Levy]), StringComparison.Ordinal);
        Assert.Contains("nghĩa vụ tài chính", ObligationKinds.PublicHeading([ObligationKinds.Fee, ObligationKinds.Levy]), StringComparison.Ordinal);
    }
}
