using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The rest of the twelfth trial's fee-text findings over every channel of the national catalogue (docs/FEES.md
/// "Twelfth trial, rest (fees21)"): amounts for alternative cases are cases or flagged, never summed (1.008904 charged half
/// the sum of its two cases).</summary>
public partial class FeeTextTrialTwelveRestTests(ITestOutputHelper output)
{
    // Written apart from the product's rule: an amount with its currency (and unit, and amount in words), then within a few
    // words its own case, "đối với …" or "trường hợp …", up to a stop.
    [GeneratedRegex(@"(?<![\d.,])(?<amt>[1-9]\d{0,2}(?:[.,]\d{3})+)\s*(?:Việt Nam Đồng|VNĐ|đồng|Đồng|đ)?\s*(?:/\s*\p{L}+\s*)?(?:\([^()\d]*\)\s*)?[(+\-\s]*(?:\p{L}+\s){0,3}?(?<case>(?:[Đđ]ối với|[Tt]rường hợp)\s[^();:\n]{3,}?)(?=\s*[(),;:\n])")]
    private static partial Regex AmountWithItsCase();

    private static long Vnd(string s) => long.Parse(s.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Fact]
    public void Amounts_for_alternative_cases_are_cases_or_flagged_never_a_sum()
    {
        var shaped = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
        {
            if (rules.Items.Any(i => i.Counted is not null)) continue;
            var alternatives = AmountWithItsCase().Matches((terms.FeeText ?? "") + "\n" + terms.Description)
                .Select(m => (Amount: Vnd(m.Groups["amt"].Value), Case: m.Groups["case"].Value.Trim())).Where(a => a.Amount >= 1000).ToList();
            if (alternatives.Select(a => a.Case).Distinct().Count() < 2) continue;
            shaped.Add($"{spec.Code} {terms.Channel}: {(rules.Unplaced ?? string.Join(" | ", rules.Cases.Select(c => $"{c.AmountVnd:N0} {c.Label}")))}");
            // Either the cases to choose from, each alternative's amount one of them, or flagged for the officer.
            if (rules.Unplaced is null)
            {
                Assert.True(rules.ByCase, $"{spec.Code} {terms.Channel}: alternatives read as {rules.Items.Count} items added up");
                Assert.All(alternatives, a => Assert.Contains(rules.Items, i => i.AmountVnd == a.Amount));
            }
            // Never the sum of the alternatives as one amount.
            Assert.DoesNotContain(rules.Items, i => i.AmountVnd == alternatives.DistinctBy(a => a.Case).Sum(a => a.Amount));
        }
        output.WriteLine($"{shaped.Count} channels write amounts for alternative cases:\n" + string.Join("\n", shaped));
        Assert.True(shaped.Count >= 12);
    }

    [Theory]
    [InlineData(Channel.Direct)]
    [InlineData(Channel.Online)]
    [InlineData(Channel.Postal)]
    public void The_arbitration_centre_s_two_cases_are_chosen_each_at_its_own_reduced_amount(Channel channel)
    {
        var (_, terms, rules) = Of("1.008904", channel);
        Assert.True(rules.ByCase);
        Assert.Equal([1_000_000L, 3_000_000L], rules.Items.Select(i => i.AmountVnd));
        Assert.StartsWith("Đối với thay đổi nội dung Giấy đăng ký hoạt động của Trung tâm trọng tài", rules.Cases[0].Label, StringComparison.Ordinal);
        Assert.Contains("Chi nhánh", rules.Cases[1].Label, StringComparison.Ordinal);
        // The item names keep their case: the two are told apart on the receipt and the register.
        Assert.Equal(2, rules.Items.Select(i => i.Name).Distinct().Count());
        Assert.All(rules.Items, i => Assert.EndsWith("(" + char.ToLower(i.Condition![0], CultureInfo.GetCultureInfo("vi-VN")) + i.Condition[1..] + ")", i.Name, StringComparison.Ordinal));
        var trial = new DateOnly(2026, 12, 3);
        Assert.Equal(500_000, DossierFee.Fix(rules, channel, trial, null, null, null, 1, channelText: terms.FeeText).DueVnd);
        Assert.Equal(1_500_000, DossierFee.Fix(rules, channel, trial, null, null, null, 2, channelText: terms.FeeText).DueVnd);
        Assert.Equal(1_000_000, DossierFee.Fix(rules, channel, new DateOnly(2027, 1, 1), null, null, null, 1, channelText: terms.FeeText).DueVnd);
        Assert.Equal(3_000_000, DossierFee.Fix(rules, channel, new DateOnly(2027, 1, 1), null, null, null, 2, channelText: terms.FeeText).DueVnd);
        // Without a case it is not charged at all (the desk requires one; the API fixes it unplaced).
        Assert.Equal((FeeSource.Unplaced, 0L), DossierFee.Fix(rules, channel, trial, null, null, null, channelText: terms.FeeText) is var none ? (none.Source, none.DueVnd) : default);
    }

    [Theory]
    [InlineData("1.003708")]
    [InlineData("1.003747")]
    public void The_aircraft_registration_by_weight_is_two_cases_not_6_000_000(string code)
    {
        var (_, _, rules) = Of(code, Channel.Online);
        Assert.True(rules.ByCase);
        Assert.Equal([4_500_000L, 1_500_000L], rules.Items.Select(i => i.AmountVnd));
        Assert.Equal(["Đối với loại tàu bay từ 5.700 kg trở lên", "Đối với loại tàu bay dưới 5.700 kg"], rules.Cases.Select(c => c.Label));
        Assert.All(rules.Items, i => Assert.Equal(FeeKind.Charge, i.Kind));
    }

    [Fact]
    public void A_case_published_as_not_charged_flags_the_channel()
    {
        foreach (var channel in new[] { Channel.Direct, Channel.Online, Channel.Postal })
        {
            var (spec, terms, rules) = Of("1.002173", channel);
            Assert.Equal(UnplacedFees.UnreadCases, rules.Unplaced);
            Assert.Equal((FeeSource.Unplaced, 0L), DossierFee.Fix(rules, channel, new DateOnly(2026, 12, 3), null, null, null, channelText: terms.FeeText) is var f ? (f.Source, f.DueVnd) : default);
            var listed = Assert.Single(FeeSummary.Of([spec]).Unplaced, u => u.Channel == channel);
            Assert.Equal(UnplacedFees.Text(UnplacedFees.UnreadCases), listed.Reason);
        }
    }
}
