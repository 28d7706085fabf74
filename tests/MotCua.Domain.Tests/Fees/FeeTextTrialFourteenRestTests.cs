using System.Text.RegularExpressions;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The fourteenth trial's LOW 1 and LOW 12 over every channel of the national catalogue (docs/FEES.md
/// "Fourteenth trial, the rest"): a flagged channel whose text writes plain amounts is told why with those amounts, never
/// "không đọc được số tiền"; a channel that publishes nothing says so without an empty "Công bố:".</summary>
public partial class FeeTextTrialFourteenRestTests(ITestOutputHelper output)
{
    // Written apart from the product's reader: digits grouped by thousands, or 4+ digits, then a currency word or not.
    [GeneratedRegex(@"(?<![\d.,/])(?:[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d{4,})(?![\d.,]?\d)")]
    private static partial Regex PlainAmount();

    [Fact]
    public void A_flagged_channel_whose_text_writes_amounts_names_them_and_never_says_no_amount_could_be_read()
    {
        var told = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
        {
            if (rules.Unplaced != UnplacedFees.Unreadable) continue;
            var why = UnplacedFees.Why(rules, terms.FeeText, terms.Description)!;
            if (!PlainAmount().IsMatch(terms.FeeText ?? "")) continue;
            told.Add($"{spec.Code} {terms.Channel}: {why}\n    «{terms.FeeText}»");
            Assert.DoesNotContain("không đọc được số tiền", why, StringComparison.Ordinal);
            Assert.Contains(PlainAmount().Match(terms.FeeText!).Value, why, StringComparison.Ordinal);
            Assert.EndsWith("cán bộ xác định mức thu", why, StringComparison.Ordinal);
        }
        output.WriteLine($"{told.Count} channels:\n" + string.Join("\n", told));
        Assert.True(told.Count >= 10, $"{told.Count}");
    }
}
