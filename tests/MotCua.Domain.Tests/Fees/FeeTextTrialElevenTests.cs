using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Receipts;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The eleventh trial's fee-text findings over every channel of the national catalogue (docs/FEES.md "Eleventh
/// trial (fees19)"): an item whose own label names it a phí ("Phí …") is a phí and one named "Lệ phí …" a lệ phí, whatever
/// the other rows of its cell say (1.005071's "Phí sát hạch lái tàu" was a lệ phí); a period or date phrase is never an
/// item's name (2.001246's item was "Từ ngày 01/07/2025 đến hết ngày 31/12/2026").</summary>
public partial class FeeTextTrialElevenTests(ITestOutputHelper output)
{
    // The kind an item's own name gives it, written apart from the product's rule: "Lệ phí …" a lệ phí, "Phí …" a phí; a name
    // that opens with both ("Phí, lệ phí …", "Phí và lệ phí …") or neither says nothing.
    [GeneratedRegex(@"^Lệ phí(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex NamedCharge();

    [GeneratedRegex(@"^Phí(?![\p{L}])(?!\s*(?:,|và|/|hoặc)\s*lệ phí)", RegexOptions.IgnoreCase)]
    private static partial Regex NamedFee();

    private static FeeKind? KindNamed(string name) =>
        NamedCharge().IsMatch(name) ? FeeKind.Charge : NamedFee().IsMatch(name) ? FeeKind.Fee : null;

    // A period or date phrase, or a channel's name: when or how, never what is charged.
    [GeneratedRegex(@"^[\s(\-–+•]*(?:Từ ngày|Kể từ|Đến hết|Tới hết|Áp dụng từ)(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex DatePhrase();

    [GeneratedRegex(@"^[+\-–•\s]*(?:trực tiếp|trực tuyến|(?:qua\s+)?(?:dịch vụ\s+)?bưu chính(?:\s+công ích)?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ChannelWord();

    [Fact]
    public void No_item_of_any_channel_has_a_kind_its_own_label_contradicts()
    {
        var items = Channels().SelectMany(c => c.Rules.Items.Select(i => (c.Spec.Code, c.Terms.Channel, Item: i))).ToList();
        var labelled = items.Where(i => KindNamed(i.Item.Name) is not null).ToList();
        var disagree = labelled.Where(i => KindNamed(i.Item.Name) != i.Item.Kind).ToList();
        output.WriteLine($"{items.Count} items, {labelled.Count} named by a label, {disagree.Count} disagree");
        output.WriteLine(string.Join("\n", disagree.Select(d => $"{d.Code} {d.Channel}: {d.Item.Name} | {d.Item.Kind}")));
        Assert.True(labelled.Count > 1000);
        Assert.Empty(disagree);
    }

    [Theory]
    [InlineData(Channel.Direct)]
    [InlineData(Channel.Online)]
    [InlineData(Channel.Postal)]
    public void The_train_driver_s_test_is_a_phi_and_the_licence_a_le_phi_on_every_channel_1_005071(Channel channel)
    {
        var (_, terms, rules) = Of("1.005071", channel);
        Assert.Null(rules.Unplaced);
        Assert.False(rules.ByCase);
        Assert.Equal(
            [("Lệ phí cấp Giấy phép lái tàu", FeeKind.Charge, 100_000L), ("Phí sát hạch lái tàu", FeeKind.Fee, 950_000L)],
            rules.Items.Select(i => (i.Name, i.Kind, i.AmountVnd)));

        // The dossier's fee, its request's items, the receipt's lines and so the register's columns carry those kinds.
        var fee = DossierFee.Fix(rules, channel, new DateOnly(2026, 12, 3), null, null, null, channelText: terms.FeeText);
        Assert.Equal((FeeSource.Catalogue, 950_000L, 100_000L, 1_050_000L), (fee.Source, fee.FeeVnd, fee.ChargeVnd, fee.DueVnd));
        var requestItems = fee.Items.Select(i => new ReceiptItem(i.Name, i.Kind == FeeKind.Fee ? "fee" : "charge", i.AmountVnd)).ToList();
        var lines = ReceiptContent.ItemsFor(requestItems, [], 1_050_000, "000.00.01.H46-261203-0007");
        Assert.Equal(950_000, lines.Where(l => l.Kind == "fee").Sum(l => l.AmountVnd));
        Assert.Equal(100_000, lines.Where(l => l.Kind == "charge").Sum(l => l.AmountVnd));
        Assert.Equal("Phí", ReceiptContent.KindLabel(lines.Single(l => l.Name == "Phí sát hạch lái tàu").Kind));
    }

    [Fact]
    public void No_item_of_any_channel_is_named_by_a_period_or_a_date_or_a_channel()
    {
        var items = Channels().SelectMany(c => c.Rules.Items.Select(i => (c.Spec.Code, c.Terms.Channel, i.Name))).ToList();
        var bad = items.Where(i => DatePhrase().IsMatch(i.Name) || ChannelWord().IsMatch(i.Name)).ToList();
        output.WriteLine($"{items.Count} items, {bad.Count} named by a period, a date or a channel");
        output.WriteLine(string.Join("\n", bad.Select(b => $"{b.Code} {b.Channel}: {b.Name}")));
        Assert.True(items.Count > 1000);
        Assert.Empty(bad);
    }

    [Theory]
    [InlineData(Channel.Direct)]
    [InlineData(Channel.Online)]
    [InlineData(Channel.Postal)]
    public void The_bank_licence_is_named_after_the_procedure_and_keeps_its_period_as_its_rule_2_001246(Channel channel)
    {
        var (spec, terms, rules) = Of("2.001246", channel);
        var item = Assert.Single(rules.Items);
        Assert.Equal((FeeKind.Charge, 140_000_000L), (item.Kind, item.AmountVnd));
        // The procedure is "Đề nghị cấp Giấy phép thành lập và hoạt động …": its act names the bare lệ phí, as for any bare label.
        Assert.StartsWith("Lệ phí đề nghị cấp Giấy phép thành lập", item.Name, StringComparison.Ordinal);
        Assert.Equal(FeeTextReader.ItemName(FeeKind.Charge, spec.Name), item.Name);
        var fee = DossierFee.Fix(rules, channel, new DateOnly(2026, 12, 3), null, null, null, channelText: terms.FeeText);
        Assert.Equal(70_000_000, fee.DueVnd);
        var charged = Assert.Single(fee.Items);
        Assert.Equal(item.Name, charged.Name);
        Assert.Contains("31/12/2026", charged.Rule, StringComparison.Ordinal);
    }
}
