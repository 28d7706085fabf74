using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The ninth trial's fee-text findings over every channel of the national catalogue: a reduced amount written in
/// the description ("Phí: 800.000 đồng/hồ sơ (áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026
/// …). Lệ phí: 100.000 đồng/hồ sơ.", 1.002681) is a reduction to that amount of that item for the period, the phí and the
/// lệ phí kept apart; a dated period the reader cannot read is flagged, never ignored.</summary>
public partial class FeeTextTrialNineTests(ITestOutputHelper output)
{
    private static string Text(ChannelTerms terms) => (terms.FeeText ?? "") + " " + (terms.Description ?? "");

    // The wording as a reader would spot it, written apart from the product's patterns: "áp dụng mức (thu) (lệ) phí(:) X đồng …
    // kể từ ngày A đến hết ngày B" within one sentence.
    [GeneratedRegex(@"[Áá]p dụng mức (?:thu )?(?:lệ )?phí:? (?<amt>\d{1,3}(?:\.\d{3})+) đồng[^;]{0,80}?(?:[Kk]ể từ|[Tt]ừ) ngày (?<from>\d{1,2}/\d{1,2}/\d{4}) đến hết ngày (?<until>\d{1,2}/\d{1,2}/\d{4})")]
    private static partial Regex ReducedAmountWording();

    // "Phí: 800.000 đồng/hồ sơ … Lệ phí: 100.000 đồng/hồ sơ": a description naming each item by its label.
    [GeneratedRegex(@"^Phí: (?<fee>\d{1,3}(?:\.\d{3})+) đồng.*Lệ phí: (?<charge>\d{1,3}(?:\.\d{3})+) đồng", RegexOptions.Singleline)]
    private static partial Regex PhiThenLePhi();

    // Any period with its own dates, in figures or in words.
    [GeneratedRegex(@"(?:[Kk]ể từ|[Tt]ừ) (?:ngày )?(?<from>\d{1,2}/\d{1,2}/\d{4}|\d{1,2} tháng \d{1,2} năm \d{4}),? (?:đến|tới) (?:hết )?(?:ngày )?(?<until>\d{1,2}/\d{1,2}/\d{4}|\d{1,2} tháng \d{1,2} năm \d{4})")]
    private static partial Regex AnyDatedPeriod();

    private static long Vnd(string written) => long.Parse(written.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static DateOnly Day(string written)
    {
        var parts = Regex.Matches(written, @"\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        return new DateOnly(parts[2], parts[1], parts[0]);
    }

    private static string Spaced(string text) => Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void Every_channel_with_a_reduced_amount_for_a_period_charges_it_in_the_period_and_the_full_amount_after_or_is_flagged()
    {
        var worded = Channels().Select(c => (c.Spec, c.Terms, c.Rules, Match: ReducedAmountWording().Match(Spaced(Text(c.Terms))))).Where(c => c.Match.Success).ToList();
        var flagged = worded.Where(c => c.Rules.Unplaced is not null).ToList();
        var read = worded.Except(flagged).ToList();
        output.WriteLine($"reduced amount for a period: {worded.Count} channels in {worded.Select(c => c.Spec.Code).Distinct().Count()} procedures; " +
            $"read {read.Count} in {read.Select(c => c.Spec.Code).Distinct().Count()}, flagged {flagged.Count} ({string.Join(", ", flagged.Select(c => $"{c.Spec.Code} {c.Rules.Unplaced}").Distinct())})");
        Assert.True(worded.Select(c => c.Spec.Code).Distinct().Count() >= 30);
        foreach (var (spec, terms, rules, match) in read)
        {
            var reducedAll = Vnd(match.Groups["amt"].Value);
            var (from, until) = (Day(match.Groups["from"].Value), Day(match.Groups["until"].Value));
            var online = rules.Reductions.Any(r => r.From == from && r.Until == until && r.OnlineOnly);
            var label = $"{spec.Code} {terms.Channel}: {terms.FeeText} | {terms.Description}";
            foreach (var feeCase in rules.ByCase ? Enumerable.Range(1, rules.Items.Count).Select(n => (int?)n) : [null])
            {
                // Twelfth trial, rest: a case with its own reduced amount (1.008904's 500,000 of 1,000,000) is charged that one.
                var reduced = feeCase is null ? reducedAll
                    : rules.Reductions.FirstOrDefault(r => r.ReducedAmountVnd is not null && r.OfAmountVnd == rules.Items[feeCase.Value - 1].AmountVnd)?.ReducedAmountVnd ?? reducedAll;
                var during = DossierFee.Fix(rules, terms.Channel, until, null, null, null, feeCase);
                var after = DossierFee.Fix(rules, terms.Channel, until.AddDays(1), null, null, null, feeCase);
                Assert.Equal(FeeSource.Catalogue, after.Source);
                // After the period every item costs its published amount, the phí and the lệ phí apart.
                Assert.Equal(after.Items.Sum(i => i.AmountVnd), after.DueVnd);
                Assert.Equal((after.Items.Where(i => i.Kind == FeeKind.Fee).Sum(i => i.AmountVnd), after.Items.Where(i => i.Kind == FeeKind.Charge).Sum(i => i.AmountVnd)), (after.FeeVnd, after.ChargeVnd));
                if (online && terms.Channel != Channel.Online || feeCase is not null && rules.Items[feeCase.Value - 1].AmountVnd <= reduced)
                {
                    Assert.Equal(after.DueVnd, during.DueVnd);
                    continue;
                }
                // In the period (its last day inclusive) the amount written is charged: as one item's amount, or as the whole
                // when a percentage of the total reduces every item (2.000822's parts), and each item keeps its kind.
                Assert.True(during.Items.Any(i => i.AmountVnd == reduced) || during.DueVnd == reduced, $"{label}: {during.DueVnd} in the period");
                Assert.True(during.DueVnd < after.DueVnd, label);
                Assert.Equal(after.Items.Select(i => i.Kind), during.Items.Select(i => i.Kind));
            }
        }
    }

    [Fact]
    public void Every_description_naming_a_phi_and_a_le_phi_charges_both_apart()
    {
        var listed = Channels().Select(c => (c.Spec, c.Terms, c.Rules, Match: PhiThenLePhi().Match((c.Terms.Description ?? "").Trim()))).Where(c => c.Match.Success).ToList();
        output.WriteLine($"«Phí: … Lệ phí: …» descriptions: {listed.Count} channels in {listed.Select(c => c.Spec.Code).Distinct().Count()} procedures ({string.Join(", ", listed.Select(c => c.Spec.Code).Distinct())})");
        Assert.True(listed.Select(c => c.Spec.Code).Distinct().Count() >= 4);
        foreach (var (spec, terms, rules, match) in listed)
        {
            Assert.Null(rules.Unplaced);
            Assert.Contains(rules.Items, i => i.Kind == FeeKind.Fee && i.AmountVnd == Vnd(match.Groups["fee"].Value));
            Assert.Contains(rules.Items, i => i.Kind == FeeKind.Charge && i.AmountVnd == Vnd(match.Groups["charge"].Value));
            var after = DossierFee.Fix(rules, terms.Channel, new DateOnly(2027, 1, 1), null, null, null);
            Assert.Equal((Vnd(match.Groups["fee"].Value), Vnd(match.Groups["charge"].Value)), (after.FeeVnd, after.ChargeVnd));
        }
    }

    [Theory]
    // code, phí published, phí in the period, lệ phí
    [InlineData("1.002681", 800_000L, 400_000L, 100_000L)]
    [InlineData("2.001117", 800_000L, 400_000L, 100_000L)]
    [InlineData("1.002626", 500_000L, 250_000L, 0L)]
    [InlineData("1.013818", 3_500_000L, 1_750_000L, 0L)]
    public void The_named_examples_charge_the_reduced_phi_until_31_12_2026_and_the_full_phi_from_01_01_2027(string code, long fee, long reduced, long charge)
    {
        var spec = Catalogue.Value.Single(p => p.Code == code);
        foreach (var terms in spec.Channels)
        {
            var rules = FeeTextReader.Read(spec, terms);
            Assert.Null(rules.Unplaced);
            Assert.Equal(fee, Assert.Single(rules.Items, i => i.Kind == FeeKind.Fee).AmountVnd);
            Assert.Equal(charge, rules.Items.Where(i => i.Kind == FeeKind.Charge).Sum(i => i.AmountVnd));
            foreach (var (day, feeDue) in new[] { (new DateOnly(2025, 6, 30), fee), (new DateOnly(2025, 7, 1), reduced), (new DateOnly(2026, 12, 2), reduced), (new DateOnly(2026, 12, 31), reduced), (new DateOnly(2027, 1, 1), fee) })
            {
                var fixedFee = DossierFee.Fix(rules, terms.Channel, day, null, null, null);
                Assert.Equal((FeeSource.Catalogue, feeDue, charge, feeDue + charge), (fixedFee.Source, fixedFee.FeeVnd, fixedFee.ChargeVnd, fixedFee.DueVnd));
                // The lệ phí is never reduced; the phí's rule names the clause it was reduced by.
                Assert.All(fixedFee.Items.Where(i => i.Kind == FeeKind.Charge), i => Assert.Null(i.Rule));
                if (feeDue != fee) Assert.Contains("đến hết ngày 31/12/2026", fixedFee.Items.Single(i => i.Kind == FeeKind.Fee).Rule, StringComparison.Ordinal);
            }
            // Every item named after the act, its kind's label first (the receipt's and Mẫu 01's lines).
            Assert.All(rules.Items, i => Assert.StartsWith(i.Kind == FeeKind.Fee ? "Phí c" : "Lệ phí c", i.Name.Replace("Phí đ", "Phí c", StringComparison.Ordinal), StringComparison.Ordinal));
            var shown = FeePreview.Of(rules, terms.Channel, new DateOnly(2026, 12, 2), null, null, terms.FeeText);
            Assert.Equal((reduced + charge, fee + charge), (shown.Fee.DueVnd, shown.FullVnd));
            output.WriteLine($"{code} {terms.Channel}: {string.Join("; ", rules.Items.Select(i => $"{i.Name} {i.AmountVnd:N0}"))}; 02/12/2026: {shown.ReductionText}");
        }
    }

    [Fact]
    public void Every_dated_period_of_a_fee_text_is_read_or_flagged()
    {
        var dated = Channels().Select(c => (c.Spec, c.Terms, c.Rules, Periods: AnyDatedPeriod().Matches(Spaced(Text(c.Terms))).ToList())).Where(c => c.Periods.Count > 0).ToList();
        var summary = FeeSummary.Of(Catalogue.Value).Unplaced;
        var unread = summary.Where(u => u.Kind == UnplacedFees.UnreadReduction).ToList();
        output.WriteLine($"fee texts with a dated period: {dated.Count} channels in {dated.Select(c => c.Spec.Code).Distinct().Count()} procedures; " +
            $"listed unreadReduction {unread.Count} channels ({string.Join(", ", unread.Select(u => u.Code).Distinct())})");
        foreach (var (spec, terms, rules, periods) in dated)
        {
            if (rules.Unplaced is not null) continue;
            foreach (var period in periods)
                Assert.Contains(rules.Reductions, r => r.From == Day(period.Groups["from"].Value) && r.Until == Day(period.Groups["until"].Value));
            // A period read without a rate (unstated or unread) is listed in the import report.
            if (rules.UnstatedReduction is not null)
                Assert.Contains(summary, u => u.Code == spec.Code && u.Channel == terms.Channel);
        }

        // 1.011423: "Bằng 50% mức thu phí quy định tại Mục VIII … (Kể từ ngày 01 tháng 7 năm 2025 đến hết ngày 31 tháng 12 năm
        // 2026 …": not read; the period is flagged, the published amount applies after it.
        var aircraft = Catalogue.Value.Single(p => p.Code == "1.011423");
        foreach (var terms in aircraft.Channels)
        {
            var rules = FeeTextReader.Read(aircraft, terms);
            Assert.Equal((FeeSource.Unplaced, 0L), DossierFee.Fix(rules, terms.Channel, new DateOnly(2026, 12, 2), null, null, null) is var d ? (d.Source, d.DueVnd) : default);
            Assert.Equal((FeeSource.Catalogue, 1_800_000L), DossierFee.Fix(rules, terms.Channel, new DateOnly(2027, 1, 1), null, null, null) is var a ? (a.Source, a.DueVnd) : default);
            Assert.Contains("không đọc được", FeePreview.Of(rules, terms.Channel, new DateOnly(2026, 12, 2), null, null, terms.FeeText).UnplacedText, StringComparison.Ordinal);
        }
        Assert.Contains(unread, u => u.Code == "1.011423" && u.Reason.StartsWith("mức thu từ ngày 01/07/2025 đến hết ngày 31/12/2026 nêu trong nội dung công bố nhưng không đọc được", StringComparison.Ordinal));
        // 1.009822 "Miễn phí(* … 01 triệu đồng/lần cấp. * Theo … Thông tư 64/2025/TT-BTC (kể từ ngày 01/7/2025 đến hết ngày
        // 31/12/2026): 500.000 đồng/lần cấp.)" charged 500,000 for ever; 1.000312 "Miễn phí (Mức phí kể từ ngày … theo … Thông tư số
        // 64/2025/TT-BTC …)" was free: neither states the amount of every day, so the whole fee is flagged.
        foreach (var code in new[] { "1.009822", "1.000312" })
        {
            var spec = Catalogue.Value.Single(p => p.Code == code);
            Assert.All(spec.Channels, terms => Assert.Equal(UnplacedFees.UnreadReduction, FeeTextReader.Read(spec, terms).Unplaced));
            Assert.Contains(unread, u => u.Code == code && u.Reason.StartsWith("nội dung công bố nêu mức thu riêng từ ngày 01/07/2025 đến hết ngày 31/12/2026", StringComparison.Ordinal));
        }
        // 1.002897's free period spelled "Miễ phí từ ngày 07/4/2026 đến 30/6/2026" is read.
        var airport = Catalogue.Value.Single(p => p.Code == "1.002897");
        var online = FeeTextReader.Read(airport, airport.Channels.Single(c => c.Channel == Channel.Online));
        Assert.Equal(0, DossierFee.Fix(online, Channel.Online, new DateOnly(2026, 5, 4), null, null, null, 2).DueVnd);
        Assert.Equal(30_000_000, DossierFee.Fix(online, Channel.Online, new DateOnly(2026, 7, 1), null, null, null, 2).DueVnd);
    }

    [Fact]
    public void A_council_flag_on_a_text_that_also_publishes_amounts_says_so_3_000198()
    {
        var spec = Catalogue.Value.Single(p => p.Code == "3.000198");
        var listed = FeeSummary.Of([spec]).Unplaced;
        Assert.Equal(spec.Channels.Count, listed.Count);
        Assert.All(listed, u => Assert.Equal((UnplacedFees.SetByCouncil,
            "một số trường hợp có mức thu do Hội đồng nhân dân cấp tỉnh quyết định, trường hợp khác nêu mức 600.000 đồng/lô giống; 2.400.000 đồng/vườn giống: cán bộ xác định mức thu theo trường hợp"),
            (u.Kind, u.Reason)));
        // A council rate with no amount beside it keeps the plain sentence.
        Assert.Contains(FeeSummary.Of([Catalogue.Value.Single(p => p.Code == "1.001266")]).Unplaced, u => u.Reason == UnplacedFees.Text(UnplacedFees.SetByCouncil));
    }
}
