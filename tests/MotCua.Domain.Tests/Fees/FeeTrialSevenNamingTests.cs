using System.Runtime.CompilerServices;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The seventh trial's naming findings over the whole catalogue: the cases an officer chooses from are told apart
/// by their labels and by the item names that reach the request, the receipt and the register (1.002897), and no item name
/// starts with a small letter (1.001294).</summary>
public class FeeTrialSevenNamingTests(ITestOutputHelper output)
{
    private static string CatalogPath([CallerFilePath] string sourceFile = "") =>
        Environment.GetEnvironmentVariable("MOTCUA_CATALOG_FILE") is { Length: > 0 } configured ? configured
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "..", "shared", "data", "tthc", "dvcqg_tthc_central_2026.jsonl"));

    private static readonly Lazy<IReadOnlyList<ProcedureSpec>> Catalogue = new(() =>
        [.. File.ReadLines(CatalogPath()).Where(l => l.Length > 0).Select(l => NationalCatalogParser.ParseLine(l).Spec)]);

    private static IEnumerable<(string Code, Channel Channel, FeeRules Rules)> Channels() =>
        Catalogue.Value.SelectMany(p => p.Channels.Select(c => (p.Code, c.Channel, Rules: FeeTextReader.Read(p, c))));

    [Fact]
    public void The_three_airport_cases_of_1_002897_keep_their_qualifier_in_label_and_item_name()
    {
        var spec = Catalogue.Value.Single(p => p.Code == "1.002897");
        foreach (var terms in spec.Channels)
        {
            var rules = FeeTextReader.Read(spec, terms);
            Assert.True(rules.ByCase);
            Assert.Equal([5_000_000L, 30_000_000L, 40_000_000L], rules.Items.Select(i => i.AmountVnd).ToArray());
            Assert.Equal(["Đối với sân bay trực thăng, sân bay chuyên dùng", "Đối với cảng hàng không khác", "Đối với cảng hàng không quốc tế"],
                rules.Cases.Select(c => c.Label).ToArray());
            Assert.EndsWith("(đối với cảng hàng không khác)", rules.Items[1].Name, StringComparison.Ordinal);
            Assert.EndsWith("(đối với cảng hàng không quốc tế)", rules.Items[2].Name, StringComparison.Ordinal);
            Assert.StartsWith("Phí sửa đổi nội dung Giấy chứng nhận đăng ký cảng hàng không", rules.Items[2].Name, StringComparison.Ordinal);
            output.WriteLine($"{terms.Channel}: {string.Join(" | ", rules.Items.Select(i => $"{i.Name} = {i.AmountVnd}"))}");
        }
    }

    [Fact]
    public void No_two_cases_of_one_channel_share_a_label_or_an_item_name()
    {
        var byCase = Channels().Where(c => c.Rules.ByCase).ToList();
        var sameLabel = byCase.Where(c => c.Rules.Cases.GroupBy(x => x.Label).Any(g => g.Count() > 1)).ToList();
        var sameName = byCase.Where(c => c.Rules.Items.GroupBy(i => i.Name).Any(g => g.Count() > 1)).ToList();
        output.WriteLine($"{byCase.Count} channels by case; same label: {sameLabel.Count}, same item name: {sameName.Count}");
        foreach (var c in sameLabel.Concat(sameName).DistinctBy(c => (c.Code, c.Channel)))
            output.WriteLine($"  {c.Code} {c.Channel}: {string.Join(" | ", c.Rules.Items.Select(i => $"{FeeRules.CaseLabel(i)} / {i.Name} = {i.AmountVnd}"))}");
        // A sample to look at by eye (docs/FEES.md, "Seventh trial").
        foreach (var c in byCase.Where((_, i) => i % Math.Max(1, byCase.Count / 10) == 0).Take(10))
            output.WriteLine($"  sample {c.Code} {c.Channel}: {string.Join(" | ", c.Rules.Cases.Select(x => $"{x.Label} = {x.AmountVnd}"))}");
        Assert.Empty(sameLabel.Select(c => $"{c.Code} {c.Channel}"));
        Assert.Empty(sameName.Select(c => $"{c.Code} {c.Channel}"));
    }

    [Fact]
    public void No_item_name_of_the_catalogue_starts_with_a_small_letter()
    {
        var items = Channels().SelectMany(c => c.Rules.Items.Select(i => (c.Code, c.Channel, i.Name))).ToList();
        Assert.Contains(items, i => i.Code == "1.001294" && i.Name == "Phí đổi thẻ bảo hiểm y tế");
        var small = items.Where(i => i.Name.Length > 0 && char.IsLower(i.Name[0])).ToList();
        output.WriteLine($"{items.Count} items; starting lower-case: {small.Count}");
        Assert.Empty(small.Select(i => $"{i.Code} {i.Channel}: {i.Name}"));
    }
}
