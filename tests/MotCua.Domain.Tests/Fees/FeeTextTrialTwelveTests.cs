using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The twelfth trial's fee-text findings over every channel of the national catalogue (docs/FEES.md "Twelfth trial
/// (fees20)"): an amount whose own text says it applies only until a date is never charged after that date (1.001200 and
/// 1.001258 online charged 40,000 in 2026 for a rate that ended on 31/12/2024).</summary>
public partial class FeeTextTrialTwelveTests(ITestOutputHelper output)
{
    // Written apart from the product's rule: an amount, its unit, then a bracket that opens with the day it applies until.
    [GeneratedRegex(@"(?<![\d.,])(?<amt>[1-9]\d{0,2}(?:\.\d{3})+)\s*đ?\s*/[^()\d;]{0,60}?\(\s*áp dụng đến hết ngày (?<until>\d{1,2}/\d{1,2}/\d{4})")]
    private static partial Regex AppliesUntil();

    private static readonly DateOnly Trial = new(2026, 12, 3);

    [Fact]
    public void No_amount_is_charged_after_the_day_its_own_text_says_it_applies_until()
    {
        var checkedCount = 0;
        var changed = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
            foreach (Match m in AppliesUntil().Matches(terms.FeeText ?? ""))
            {
                var amount = long.Parse(m.Groups["amt"].Value.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
                var until = DateOnly.ParseExact(m.Groups["until"].Value, ["d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture);
                var numbers = rules.Items.Select((item, i) => (item, Number: i + 1)).Where(x => x.item.AmountVnd == amount).ToList();
                foreach (var (item, number) in numbers)
                {
                    int? feeCase = rules.ByCase ? number : null;
                    var before = DossierFee.Fix(rules, terms.Channel, until, null, null, null, feeCase, channelText: terms.FeeText);
                    var after = DossierFee.Fix(rules, terms.Channel, until.AddDays(1), null, null, null, feeCase, channelText: terms.FeeText);
                    // Charged as published up to that day (unless a reduction of its own lowers it), flagged the day after.
                    Assert.Equal(FeeSource.Catalogue, before.Source);
                    Assert.Equal(FeeSource.Unplaced, after.Source);
                    Assert.Contains(until.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), after.Reason, StringComparison.Ordinal);
                    checkedCount++;
                    if (until < Trial) changed.Add($"{spec.Code} {terms.Channel}: {amount:N0} until {until:dd/MM/yyyy}");
                }
            }
        output.WriteLine($"{checkedCount} amounts with an end date read as items; flagged on {Trial:dd/MM/yyyy}:");
        output.WriteLine(string.Join("\n", changed));
        Assert.True(checkedCount >= 3);
    }

    [Theory]
    [InlineData("1.001200")]
    [InlineData("1.001258")]
    public void The_border_pass_rate_that_ended_on_31_12_2024_is_flagged_online_not_charged(string code)
    {
        var (_, terms, rules) = Of(code, Channel.Online);
        var fee = DossierFee.Fix(rules, Channel.Online, Trial, null, null, null, channelText: terms.FeeText);
        Assert.Equal((FeeSource.Unplaced, 0L), (fee.Source, fee.DueVnd));
        Assert.Equal("mức thu 40.000 đồng chỉ áp dụng đến hết ngày 31/12/2024; sau ngày đó nội dung công bố không nêu mức thu: cán bộ xác định mức thu", fee.Reason);
        var preview = FeePreview.Of(rules, Channel.Online, Trial, null, null, terms.FeeText);
        Assert.Contains("31/12/2024", preview.UnplacedText, StringComparison.Ordinal);
        // On the last day the rate applied it was charged as published.
        Assert.Equal(40_000, DossierFee.Fix(rules, Channel.Online, new DateOnly(2024, 12, 31), null, null, null).DueVnd);
        // The import report lists it with the end date.
        var listed = Assert.Single(FeeSummary.Of([Catalogue.Value.Single(p => p.Code == code)]).Unplaced, u => u.Channel == Channel.Online);
        Assert.Equal(UnplacedFees.EndedAmount, listed.Kind);
        Assert.Contains("31/12/2024", listed.Reason, StringComparison.Ordinal);
    }
}
