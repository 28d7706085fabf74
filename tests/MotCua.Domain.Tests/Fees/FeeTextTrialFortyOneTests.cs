using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>Trial 14v LOW 7 (docs/FEES.md "Trial 14v (fees41)"): an item's name, which the receipt prints, is the fee's
/// full name, never cut with "…" (1.004306's aircraft cases, 1.004270's tests); only the desk's case label is shortened.</summary>
public class FeeTextTrialFortyOneTests
{
    [Fact]
    public void The_aircraft_fee_s_items_carry_their_whole_case_and_act()
    {
        var (_, _, rules) = Of("1.004306", Channel.Direct);
        var names = rules.Items.Select(i => i.Name).ToList();
        Assert.All(names, n => Assert.DoesNotContain("…", n, StringComparison.Ordinal));
        // The one the trial found cut ("Phí gia hạn, sửa đổi, bổ sung… (đối với nhà khai thác tàu bay Việt Nam › …)"), whole.
        Assert.Contains("Phí gia hạn, sửa đổi, bổ sung Giấy chứng nhận người khai thác tàu bay (đối với nhà khai thác tàu bay Việt Nam › Gia hạn › "
            + "Khai thác 1 một loại tàu bay (tính theo đơn giá trên một chiếc tàu bay))", names);
        // The desk's radio list keeps a short label of each case.
        Assert.All(rules.Cases, c => Assert.True(c.Label.Length <= FeeRules.CaseLabelLength + 1, c.Label));
    }

    [Fact]
    public void No_item_of_the_catalogue_is_cut_where_its_text_is_not()
    {
        var cut = Channels().Where(c => !(c.Terms.FeeText + c.Terms.Description).Contains('…', StringComparison.Ordinal))
            .SelectMany(c => c.Rules.Items.Where(i => i.Name.Contains('…', StringComparison.Ordinal)).Select(i => $"{c.Spec.Code} {c.Terms.Channel}: {i.Name}")).ToList();
        Assert.True(cut.Count == 0, string.Join("\n", cut.Take(20)));
        Assert.All(Of("1.004270", Channel.Direct).Rules.Items, i => Assert.DoesNotContain("…", i.Name, StringComparison.Ordinal));
    }
}
