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

    // Written apart from the product's rule: a number below 1,000 in Đồng, then a bracket opening with an amount per a unit.
    [GeneratedRegex(@"^(?<few>\d{1,3})\s*(?:Việt Nam Đồng|VNĐ)\s*\(\s*(?<full>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|đ)\s*/")]
    private static partial Regex SmallNumberThenFullAmount();

    [Fact]
    public void A_number_below_1000_whose_bracket_writes_it_in_full_is_read_as_the_bracket_s_amount()
    {
        var read = new List<string>();
        var kept = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
        {
            if (SmallNumberThenFullAmount().Match(terms.FeeText?.Trim() ?? "") is not { Success: true } m) continue;
            var (few, full) = (Vnd(m.Groups["few"].Value), Vnd(m.Groups["full"].Value));
            if (full == few * 10 || full == few * 100 || full == few * 1000)
            {
                Assert.Null(rules.Unplaced);
                Assert.Equal(full, Assert.Single(rules.Items).AmountVnd);
                read.Add($"{spec.Code} {terms.Channel}: {few} → {full:N0}");
            }
            else
            {
                // Not the same amount with its zeros lost (1.012680 online: 25 and 25.000.000đ): flagged, never charged.
                Assert.Equal(UnplacedFees.BelowThousand, rules.Unplaced);
                kept.Add($"{spec.Code} {terms.Channel}: {few} and {full:N0}");
            }
        }
        output.WriteLine($"read {read.Count}: {string.Join("; ", read)}\nkept flagged {kept.Count}: {string.Join("; ", kept)}");
        Assert.Contains("1.003133 Direct: 40 → 4,000", read);
        // 1.003133's 4.000 đ applies until 31/12/2026 (the twelfth trial's rule): charged then, flagged after.
        var (_, terms1003133, rules1003133) = Of("1.003133", Channel.Direct);
        Assert.Equal(4_000, DossierFee.Fix(rules1003133, Channel.Direct, new DateOnly(2026, 12, 3), null, null, null, channelText: terms1003133.FeeText).DueVnd);
        Assert.Equal(FeeSource.Unplaced, DossierFee.Fix(rules1003133, Channel.Direct, new DateOnly(2027, 1, 1), null, null, null, channelText: terms1003133.FeeText).Source);
    }

    // Written apart: "- 50.000đ/tem … (…). - 25.000đ/tem … (áp dụng đến hết ngày 31/12/2026".
    [GeneratedRegex(@"-\s*(?<full>[1-9]\d{0,2}(?:\.\d{3})+)\s*đ/(?<unit>[^()]+?)\([^()]*\)\.?\s*-\s*(?<lower>[1-9]\d{0,2}(?:\.\d{3})+)\s*đ/\k<unit>\(áp dụng đến hết ngày (?<until>\d{1,2}/\d{1,2}/\d{4})")]
    private static partial Regex AmountThenLowerUntil();

    [Fact]
    public void A_lower_amount_listed_until_a_date_is_charged_up_to_it_and_the_listed_amount_after()
    {
        var listed = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
        {
            if (AmountThenLowerUntil().Match(terms.FeeText ?? "") is not { Success: true } m) continue;
            var (full, lower) = (Vnd(m.Groups["full"].Value), Vnd(m.Groups["lower"].Value));
            var until = DateOnly.ParseExact(m.Groups["until"].Value, ["d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture);
            Assert.Null(rules.Unplaced);
            Assert.Equal(lower, DossierFee.Fix(rules, terms.Channel, until, null, null, null, channelText: terms.FeeText).DueVnd);
            Assert.Equal(full, DossierFee.Fix(rules, terms.Channel, until.AddDays(1), null, null, null, channelText: terms.FeeText).DueVnd);
            listed.Add($"{spec.Code} {terms.Channel}");
        }
        output.WriteLine($"{listed.Count} channels: {string.Join(", ", listed)}");
        foreach (var code in new[] { "1.014903", "1.014904", "1.014905" })
            foreach (var channel in new[] { Channel.Direct, Channel.Online })
                Assert.Contains($"{code} {channel}", listed);
        var (_, stampTerms, stampRules) = Of("1.014903", Channel.Direct);
        Assert.Equal("Mức thu 25.000 đồng thay cho 50.000 đồng đến hết ngày 31/12/2026",
            FeePreview.Of(stampRules, Channel.Direct, new DateOnly(2026, 12, 3), null, null, stampTerms.FeeText).ReductionText);
    }

    [Theory]
    // "Miễn phí (* Theo … Thông tư số 25/2022/TT-BTC … + 06 triệu đồng/Giấy chứng nhận … * Hoặc theo quy định hiện hành …)": the cell
    // says free, the bracket an amount in words or "the rules in force"; it contradicts itself, so the officer decides.
    [InlineData("1.009523", Channel.Direct)]
    // "25 VNĐ (25.000.000đ/giấy thông hành …": 25 million is not 25 with its thousands lost, so the cell's amount is unknown.
    [InlineData("1.012680", Channel.Online)]
    public void Channels_that_stay_flagged_for_a_stated_reason(string code, Channel channel)
    {
        var (_, _, rules) = Of(code, channel);
        Assert.NotNull(rules.Unplaced ?? rules.UnstatedReduction?.PublishedText);
    }

    // Written apart: a label that is only a condition, a range of a quantity or a case.
    [GeneratedRegex(@"^(?:Từ .+ đến |Dưới |Trên |Đối với |đối với |Trường hợp |trường hợp )")]
    private static partial Regex Condition();

    [Fact]
    public void No_item_is_named_by_a_condition_label()
    {
        var namedByCase = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
            foreach (var item in rules.Items)
            {
                // No item's name is a condition, whether its own case's label or not.
                Assert.False(Condition().IsMatch(item.Name), $"{spec.Code} {terms.Channel}: {item.Name}");
                if (rules.ByCase && item.Name == FeeRules.CaseLabel(item)) namedByCase.Add($"{spec.Code} {terms.Channel}: {item.Name}");
            }
        output.WriteLine($"{namedByCase.Count} items named as their case's label (names the text gives):\n" + string.Join("\n", namedByCase));
        // 1.013424: the tonnages are the cases, the items named after the procedure's act with their case.
        var (_, _, explosives) = Of("1.013424", Channel.Direct);
        Assert.Equal(["Dưới 5 tấn", "Từ 5 tấn đến 15 tấn", "Trên 15 tấn"], explosives.Cases.Select(c => c.Label));
        Assert.All(explosives.Items, i => Assert.Matches(@"^(?:Lệ phí|Phí) cấp Giấy phép vận chuyển vật liệu nổ quân dụng \((?:dưới|từ|trên) ", i.Name));
        // 3.000346's names are the text's own (the driving tests by class, then the licence).
        var (_, _, driving) = Of("3.000346", Channel.Online);
        Assert.Contains(driving.Items, i => i.Name == "Lệ phí cấp giấy phép lái xe");
        Assert.Contains(driving.Items, i => i.Name.StartsWith("Sát hạch lý thuyết (thi sát hạch lái xe các hạng xe A1, A, B1", StringComparison.Ordinal));
    }
}
