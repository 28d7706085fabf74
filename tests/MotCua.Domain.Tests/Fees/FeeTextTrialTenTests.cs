using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The tenth trial's fee-text findings over every channel of the national catalogue (docs/FEES.md "Tenth trial,
/// rest"): a channel's name is never an item's name and a bracket that only describes the channels is flagged (1.014899
/// postal); a "Miễn phí" whose bracket is the charge paid to the service provider is flagged, never free (1.014063 postal);
/// the fee keeps the channel's published cell as its text and the reader's reason apart; Mẫu 01's line after the fee is paid.</summary>
public partial class FeeTextTrialTenTests(ITestOutputHelper output)
{
    // How a dossier is handed in, as the catalogue names the channels (written apart from the product's pattern). "Nộp trực
    // tiếp" / "Nộp trực tuyến" name a case by how it is handed in (3.000346's driving tests), which is a case, not a channel.
    [GeneratedRegex(@"^[+\-–•\s]*(?:trực tiếp|trực tuyến|(?:qua\s+)?(?:dịch vụ\s+)?bưu chính(?:\s+công ích)?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ChannelWord();

    [GeneratedRegex(@"^\(\s*[+\-–•]?\s*(?:Trực tiếp|Trực tuyến|Dịch vụ bưu chính)\s*:")]
    private static partial Regex BracketOfChannels();

    [GeneratedRegex(@"(?:trả|nộp|thanh toán) (?:phí|cước|tiền|chi phí) (?:dịch vụ )?(?:cho|tới|với) (?:đơn vị|doanh nghiệp|tổ chức|nhà) (?:cung cấp|cung ứng) dịch vụ", RegexOptions.IgnoreCase)]
    private static partial Regex PaidToTheProvider();

    private static string Spaced(string text) => Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void No_item_of_any_channel_is_named_after_a_channel()
    {
        var named = Channels().SelectMany(c => c.Rules.Items.Select(i => (c.Spec.Code, c.Terms.Channel, i.Name))).ToList();
        output.WriteLine($"{named.Count} items over {Channels().Count()} channels");
        Assert.True(named.Count > 1000);
        Assert.DoesNotContain(named, n => ChannelWord().IsMatch(n.Name));
    }

    [Fact]
    public void Every_amount_whose_bracket_only_describes_the_channels_is_flagged_1_014899_postal()
    {
        var shaped = Channels().Where(c => c.Terms.FeeText is { } text && text.IndexOf('(') is >= 0 and var open && BracketOfChannels().IsMatch(text[open..])).ToList();
        output.WriteLine(string.Join("\n", shaped.Select(c => $"{c.Spec.Code} {c.Terms.Channel}: {c.Rules.Unplaced} | {c.Terms.FeeText}")));
        Assert.Contains(shaped, c => c.Spec.Code == "1.014899" && c.Terms.Channel == Channel.Postal);
        Assert.All(shaped, c => Assert.Equal(UnplacedFees.ChannelNote, c.Rules.Unplaced));

        var (_, terms, rules) = Of("1.014899", Channel.Postal);
        var fee = DossierFee.Fix(rules, Channel.Postal, new DateOnly(2026, 12, 2), null, null, null, channelText: terms.FeeText);
        Assert.Equal((FeeSource.Unplaced, 0L), (fee.Source, fee.DueVnd));
        Assert.Empty(fee.Items);
        Assert.Equal(UnplacedFees.Text(UnplacedFees.ChannelNote), fee.Reason);
        Assert.Equal(terms.FeeText!.Trim(), fee.PublishedText);
        Assert.Contains(FeeSummary.Of([Catalogue.Value.Single(p => p.Code == "1.014899")]).Unplaced,
            u => u.Channel == Channel.Postal && u.Kind == UnplacedFees.ChannelNote && u.Reason.Contains("hình thức nộp hồ sơ", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_free_cell_whose_bracket_is_the_charge_paid_to_the_service_provider_is_flagged_never_free_1_014063_postal()
    {
        var shaped = Channels().Where(c => (c.Terms.FeeText ?? "").StartsWith("Miễn phí", StringComparison.Ordinal)
            && PaidToTheProvider().IsMatch(Spaced(c.Terms.FeeText!))).ToList();
        output.WriteLine(string.Join("\n", shaped.Select(c => $"{c.Spec.Code} {c.Terms.Channel}: {c.Rules.Unplaced} | {c.Terms.FeeText}")));
        Assert.Contains(shaped, c => c.Spec.Code == "1.014063" && c.Terms.Channel == Channel.Postal);
        Assert.All(shaped, c => Assert.Equal(UnplacedFees.ProviderCharge, c.Rules.Unplaced));

        var (_, terms, rules) = Of("1.014063", Channel.Postal);
        Assert.False(rules.Free);
        var fee = DossierFee.Fix(rules, Channel.Postal, new DateOnly(2026, 12, 2), null, null, null, channelText: terms.FeeText);
        Assert.Equal(FeeSource.Unplaced, fee.Source);
        Assert.Equal(terms.FeeText!.Trim(), fee.PublishedText);
        Assert.Contains("Trả phí cho đơn vị cung cấp dịch vụ", fee.PublishedText, StringComparison.Ordinal);
        Assert.Contains("đơn vị cung cấp dịch vụ", fee.Reason, StringComparison.Ordinal);
        // The direct channel of the same procedure is still read: 50,000 at 50 % until 31/12/2026.
        var (_, direct, directRules) = Of("1.014063", Channel.Direct);
        Assert.Equal(25_000, DossierFee.Fix(directRules, Channel.Direct, new DateOnly(2026, 12, 2), null, null, null, channelText: direct.FeeText).DueVnd);
    }

    [Fact]
    public void Every_channel_s_fee_keeps_its_published_cell_as_its_text_and_the_reason_apart()
    {
        var day = new DateOnly(2026, 12, 2);
        var counted = 0;
        foreach (var (spec, terms, rules) in Channels())
        {
            if (string.IsNullOrWhiteSpace(terms.FeeText)) continue;
            var fee = DossierFee.Fix(rules, terms.Channel, day, null, null, null, channelText: terms.FeeText);
            var label = $"{spec.Code} {terms.Channel}: {terms.FeeText}";
            Assert.True(fee.PublishedText == terms.FeeText.Trim(), label);
            // The reader's reason is never the published text, and an unplaced fee always has one.
            if (fee.Source == FeeSource.Unplaced) Assert.False(string.IsNullOrWhiteSpace(fee.Reason), label);
            Assert.NotEqual(fee.PublishedText, fee.Reason);
            if (fee.Source == FeeSource.Catalogue) Assert.Null(fee.Reason);
            counted++;
        }
        output.WriteLine($"{counted} channels with a published cell");
        Assert.True(counted > 5000);

        // 1.000889's item text is cut to its amount; the fee keeps the whole cell with its reductions.
        var (_, terms889, rules889) = Of("1.000889", Channel.Direct);
        var fee889 = DossierFee.Fix(rules889, Channel.Direct, day, null, null, null, channelText: terms889.FeeText);
        Assert.Equal(25_000, fee889.DueVnd);
        Assert.Contains("Thông tư số 64/2025/TT-BTC", fee889.PublishedText, StringComparison.Ordinal);
        Assert.Null(fee889.Reason);

        // A period's waiver keeps the cell as its text and "Miễn thu từ ngày …" as its reason, which Mẫu 01 prints.
        var free = Catalogue.Value.Single(p => p.Code == "1.013216");
        var freeTerms = free.Channels.First();
        var waived = DossierFee.Fix(FeeTextReader.Read(free, freeTerms), freeTerms.Channel, day, null, null, null, channelText: freeTerms.FeeText);
        Assert.Equal(FeeSource.None, waived.Source);
        Assert.Equal(freeTerms.FeeText!.Trim(), waived.PublishedText);
        Assert.StartsWith("Miễn thu từ ngày 01/07/2025 đến hết ngày 31/12/2026", waived.Reason, StringComparison.Ordinal);
        Assert.Equal((FeeStatement.ExemptLabel, waived.Reason!.TrimEnd('.') + "."), FeeStatement.For("none", 0, null, null, false, waived.Reason));
    }

    [Fact]
    public void Mau_01_says_a_fee_paid_in_full_is_paid_never_that_it_is_due()
    {
        Assert.Equal((FeeStatement.AmountLabel, "500.000 đồng, đã nộp đủ."), FeeStatement.For("catalogue", 500_000, null, null, false, null, 500_000));
        Assert.Equal((FeeStatement.AmountLabel, "500.000 đồng phải nộp."), FeeStatement.For("catalogue", 500_000, null, null, false, null, 400_000));
        Assert.Null(FeeStatement.For("catalogue", 500_000, null, null, true, null, 400_000));
    }

    [Fact]
    public void A_register_entry_names_the_receipt_it_replaces_and_counts_it_only_when_the_replaced_one_kept_its_day()
    {
        var day = new DateOnly(2026, 12, 2);
        // Replaced the same day: the first receipt is not counted, this one is, and it still names it (the JSON said null).
        var sameDay = new MotCua.Domain.Receipts.FeeRegisterEntry(29, day, "01BLP0-001", "MC-26E", 29, "Trần Thị Bình", "X", 0, 25_000, 25_000, "online", false, null,
            Replaces: "MC-26E-0000021", ReplacedKeptItsDay: false);
        Assert.Equal(("MC-26E-0000021", false, true), (sameDay.Replaces, sameDay.Replacement, sameDay.Counted));
        // Replaced a later day: the first receipt keeps the money on its day, this one is listed, not counted again.
        var later = sameDay with { ReplacedKeptItsDay = true };
        Assert.Equal((true, false), (later.Replacement, later.Counted));
    }
}
