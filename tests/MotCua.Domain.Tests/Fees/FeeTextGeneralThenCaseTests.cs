using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The lead's decision on 1.001471 (docs/FEES.md "General amount, then a case (fees24)"), over every channel of the
/// national catalogue: a general amount, then after a full stop "Trường hợp X: Y", is two cases the officer chooses between,
/// each at the amount written, never their sum and no longer flagged.</summary>
public partial class FeeTextGeneralThenCaseTests(ITestOutputHelper output)
{
    // Written apart from the product's rule: an amount in đồng per a unit, a full stop, then "Trường hợp …: amount đ".
    [GeneratedRegex(@"(?<![\d.,])(?<general>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|đ)\s*/[^.()\d]{1,40}\.\s*(?<case>Trường hợp\s[^:;()\d]{3,200}?)\s*:\s*(?<amt>[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:đồng|đ)")]
    private static partial Regex GeneralThenCase();

    private static long Vnd(string s) => long.Parse(s.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Fact]
    public void A_general_amount_then_a_case_after_a_full_stop_is_two_cases_at_the_amounts_written()
    {
        var day = new DateOnly(2026, 12, 3);
        var shaped = new List<string>();
        // The import report's totals, written in docs/FEES.md before and after.
        var report = FeeSummary.Of(Catalogue.Value);
        output.WriteLine($"import report: {report.Read:N0} read / {report.Unplaced.Count:N0} unplaced in {report.Unplaced.Select(u => u.Code).Distinct().Count()} procedures");
        foreach (var (spec, terms, rules) in Channels())
        {
            if (GeneralThenCase().Match(terms.FeeText ?? "") is not { Success: true } m) continue;
            var (general, special) = (Vnd(m.Groups["general"].Value), Vnd(m.Groups["amt"].Value));
            var where = $"{spec.Code} {terms.Channel}";
            Assert.True(rules.Unplaced is null, $"{where}: flagged {rules.Unplaced}");
            Assert.True(rules.ByCase, $"{where}: {rules.Items.Count} items, not cases");
            Assert.Equal([(1, "Các trường hợp còn lại", general), (2, m.Groups["case"].Value.Trim(), special)], rules.Cases);
            // Never the sum; one kind for both (the cell's, as the general amount's).
            Assert.DoesNotContain(rules.Items, i => i.AmountVnd == general + special);
            Assert.Single(rules.Items.Select(i => i.Kind).Distinct());
            // Charged as chosen; without a case nothing is charged (the desk asks for one).
            Assert.Equal(general, DossierFee.Fix(rules, terms.Channel, day, null, null, null, 1, channelText: terms.FeeText).DueVnd);
            Assert.Equal(special, DossierFee.Fix(rules, terms.Channel, day, null, null, null, 2, channelText: terms.FeeText).DueVnd);
            Assert.Equal(FeeSource.Unplaced, DossierFee.Fix(rules, terms.Channel, day, null, null, null, channelText: terms.FeeText).Source);
            shaped.Add($"{where}: {string.Join(" | ", rules.Items.Select(i => $"{i.AmountVnd:N0} {i.Name}"))}");
        }
        output.WriteLine($"{shaped.Count} channels write a general amount, then a case:\n" + string.Join("\n", shaped));
        // 1.001471's three channels and 1.001456 direct (its online and postal cells write another shape, with a comma).
        Assert.Equal(4, shaped.Count);
        Assert.Contains(shaped, s => s.StartsWith("1.001471 Direct", StringComparison.Ordinal));
        Assert.Contains(shaped, s => s.StartsWith("1.001456 Direct", StringComparison.Ordinal));
    }

    [Fact]
    public void The_passport_s_two_cases_are_named_by_their_case_as_lệ_phí()
    {
        var (spec, terms, rules) = Of("1.001471", Channel.Direct);
        var text = FeeTextReader.Read(terms.Fee, terms.FeeText, terms.Description);
        Assert.Equal(["Lệ phí (các trường hợp còn lại)", "Lệ phí (trường hợp cấp lại do bị hỏng hoặc bị mất)"], text.Items.Select(i => i.Name));
        Assert.Equal([200_000L, 400_000L], text.Items.Select(i => i.AmountVnd));
        Assert.All(rules.Items, i => Assert.Equal(FeeKind.Charge, i.Kind));
        // The procedure's act completes each name, the case kept (as every case's item).
        Assert.Equal(["Lệ phí cấp hộ chiếu phổ thông ở trong nước (các trường hợp còn lại)",
            "Lệ phí cấp hộ chiếu phổ thông ở trong nước (trường hợp cấp lại do bị hỏng hoặc bị mất)"], rules.Items.Select(i => i.Name));
        Assert.Empty(FeeSummary.Of([spec]).Unplaced);
    }
}
