using System.Text.RegularExpressions;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The thirteenth trial's LOW 4 (docs/FEES.md "1.004306's first case"), over every channel of the national catalogue:
/// a case whose amount the text does not label is of the kind the text gives its labelled amounts, when it gives only one.</summary>
public partial class FeeTextUnlabelledCaseKindTests(ITestOutputHelper output)
{
    // Written apart from the product's rule: "Phí: 15000000", "phí : 30.000.000" — an amount labelled phí.
    [GeneratedRegex(@"(?<![\p{L}])[Pp]hí\s*:\s*[1-9]")]
    private static partial Regex LabelledFee();

    [Fact]
    public void Cases_beside_amounts_labelled_only_phí_are_phí()
    {
        var listed = new List<string>();
        foreach (var (spec, terms, rules) in Channels())
        {
            var text = terms.FeeText ?? "";
            if (!rules.ByCase || !LabelledFee().IsMatch(text) || text.Contains("lệ phí", StringComparison.OrdinalIgnoreCase)) continue;
            Assert.All(rules.Items, i => Assert.True(i.Kind == FeeKind.Fee, $"{spec.Code} {terms.Channel}: {i.Name} is {i.Kind}"));
            listed.Add($"{spec.Code} {terms.Channel}");
        }
        output.WriteLine($"{listed.Count} channels by case label their amounts only phí: {string.Join(", ", listed)}");
        Assert.Contains("1.004306 Direct", listed);
        var (_, _, aoc) = Of("1.004306", Channel.Direct);
        Assert.Equal(FeeKind.Fee, aoc.Items[0].Kind);
        Assert.StartsWith("Phí ", aoc.Items[0].Name, StringComparison.Ordinal);
        Assert.Equal(15_000_000, aoc.Items[0].AmountVnd);
    }
}
