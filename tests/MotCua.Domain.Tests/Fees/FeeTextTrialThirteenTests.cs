using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The thirteenth trial's (TRIAL14m) fee-text findings over every channel of the national catalogue (docs/FEES.md
/// "Thirteenth trial (fees23)"): a case's reduction rule quotes that case's own reduced amount.</summary>
public partial class FeeTextTrialThirteenTests(ITestOutputHelper output)
{
    // Written apart from the product's rule, as in FeeTextTrialTwelveRestTests: an amount, then within a few words its case.
    [GeneratedRegex(@"(?<![\d.,])(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+)\s*(?:Việt Nam Đồng|VNĐ|đồng|Đồng|đ)?\s*(?:/\s*\p{L}+\s*)?(?:\([^()\d]*\)\s*)?[(+\-\s]*(?:\p{L}+\s){0,3}?(?<case>(?:[Đđ]ối với|[Tt]rường hợp)\s[^();:\n]{3,}?)(?=\s*[(),;:\n])")]
    private static partial Regex AmountWithItsCase();

    [GeneratedRegex(@"(?<![\d.,])[1-9]\d{0,2}(?:[.,]\d{3})+(?![\d])")]
    private static partial Regex Amount();

    private static long Vnd(string s) => long.Parse(s.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Fact]
    public void Each_case_s_reduction_rule_quotes_the_reduced_amount_it_is_charged()
    {
        var checkedItems = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
        {
            if (!rules.ByCase || rules.Items.Any(i => i.Counted is not null)) continue;
            var alternatives = AmountWithItsCase().Matches((terms.FeeText ?? "") + "\n" + terms.Description)
                .Select(m => m.Groups["case"].Value.Trim()).Distinct().Count();
            if (alternatives < 2) continue;
            // Every day a reduction starts on, by the channel, for every case.
            foreach (var day in rules.Reductions.Where(r => !r.Ended && !r.Unstated).Select(r => r.From).Distinct())
                for (var feeCase = 1; feeCase <= rules.Items.Count; feeCase++)
                {
                    var fee = DossierFee.Fix(rules, terms.Channel, day, null, null, null, feeCase, channelText: terms.FeeText);
                    foreach (var item in fee.Items.Where(i => i.Rule is not null))
                    {
                        var quoted = Amount().Matches(item.Rule!).Select(m => Vnd(m.Value)).ToList();
                        checkedItems.Add($"{spec.Code} {terms.Channel} {day:dd/MM/yyyy} case {feeCase}: {item.AmountVnd} ← {item.Rule}");
                        Assert.True(quoted.Count == 0 || quoted.Contains(item.AmountVnd),
                            $"{spec.Code} {terms.Channel} case {feeCase}: charged {item.AmountVnd:N0} under the rule \"{item.Rule}\"");
                    }
                }
        }
        output.WriteLine($"{checkedItems.Count} reduced cases:\n" + string.Join("\n", checkedItems));
        Assert.Contains(checkedItems, c => c.StartsWith("1.008904", StringComparison.Ordinal) && c.Contains(": 500000 ← ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Channel.Direct)]
    [InlineData(Channel.Online)]
    [InlineData(Channel.Postal)]
    public void The_arbitration_centre_s_cases_each_quote_their_own_reduced_amount(Channel channel)
    {
        var (_, terms, rules) = Of("1.008904", channel);
        var trial = new DateOnly(2026, 12, 3);
        foreach (var (feeCase, amount) in new[] { (1, "500.000"), (2, "1.500.000") })
        {
            var item = Assert.Single(DossierFee.Fix(rules, channel, trial, null, null, null, feeCase, channelText: terms.FeeText).Items);
            Assert.Contains(amount, item.Rule!, StringComparison.Ordinal);
            Assert.DoesNotContain("2.000.000", item.Rule!, StringComparison.Ordinal);
        }
    }
}
