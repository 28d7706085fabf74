using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Fees;

/// <summary>Where a dossier's fee came from (the <c>dossier_fees.source</c> values of migration 0032; <c>officer</c>,
/// migration 0072: an unplaced fee whose amount the officer fixed at intake, <see cref="OfficerFee"/>).</summary>
public enum FeeSource
{
    Catalogue,
    Local,
    None,
    Unplaced,
    Officer,
}

/// <summary>An exemption chosen by the officer: why, and the legal text that grants it (both required).</summary>
public sealed record FeeExemption(string Reason, string LegalBasis);

/// <summary>One item as charged: the published amount after any reduction in force on the day of intake; <c>Rule</c>
/// says which reduction applied (its published text), null when none did. An item published per a quantity unit
/// (<see cref="FeeItem.Unit"/>) keeps its <see cref="Unit"/>, the <see cref="Quantity"/> chosen at intake and
/// <see cref="UnitAmountVnd"/> (one unit after the reduction); <see cref="AmountVnd"/> is then quantity × unit amount.</summary>
public sealed record ChargedItem(string Name, FeeKind Kind, long AmountVnd, string PublishedText, string? Rule,
    int Quantity = 1, string? Unit = null, long? UnitAmountVnd = null)
{
    /// <summary>"2 chiếc × 6.000.000 đồng" for an item by quantity, null for one charged once.</summary>
    public string? Times => Unit is { } unit && UnitAmountVnd is { } each ? FeeUnits.Times(Quantity, unit, each) : null;
}

/// <summary>The fee fixed at intake: the items as charged, phí and lệ phí totals (VND), the amount due (0 when exempt),
/// where it came from and the published text kept beside the amount (the channel's cell as the catalogue publishes it, when
/// <see cref="DossierFee.Fix"/> was given it). <see cref="Reason"/>, apart from it (tenth trial, finding 7), says in
/// Vietnamese why the amount is what it is when the text alone does not: why it could not be read
/// (<see cref="FeeSource.Unplaced"/>), "Miễn thu từ ngày … đến hết ngày … (…)" for a waiver for a period; null otherwise.</summary>
public sealed record FixedFee(IReadOnlyList<ChargedItem> Items, long FeeVnd, long ChargeVnd, long DueVnd, FeeSource Source,
    string? PublishedText, FeeExemption? Exemption)
{
    /// <summary>Why the amount is unknown or waived for a period (Vietnamese), never the published text; null when the text says it.</summary>
    public string? Reason { get; init; }
}

/// <summary>The one rule that fixes a dossier's fee at intake, for the API and the desk alike.</summary>
public static class DossierFee
{
    /// <summary>
    /// Fixes the fee of a dossier received on <paramref name="day"/> (Vietnam date) by <paramref name="channel"/>.
    /// A local fee set at adoption (<paramref name="localFeeVnd"/>, with its note, one item of <paramref name="localFeeKind"/>,
    /// lệ phí unless the unit said phí, migration 0098) wins over the catalogue's
    /// <paramref name="rules"/>. Catalogue items that are cases (<see cref="FeeRules.ByCase"/>) are alternatives: only
    /// the one at 1-based <paramref name="feeCase"/> is charged, and with none chosen the fee is
    /// <see cref="FeeSource.Unplaced"/> (shown to the officer, never a silent 0). Reductions in force that day apply
    /// (the online-only ones to online dossiers); when several do, the lowest amount; one in force whose rate the text does
    /// not state makes the fee <see cref="FeeSource.Unplaced"/> with that clause as its text. A "Miễn phí" only for a period
    /// (<see cref="UnplacedFees.FreeForPeriod"/>) is <see cref="FeeSource.None"/> in it, unplaced outside. An exemption makes the amount due
    /// 0 and keeps the items.
    /// </summary>
    /// <remarks><paramref name="quantities"/> maps an item's 1-based number in <see cref="FeeRules.Items"/> to its quantity
    /// (1 to <see cref="FeeUnits.MaxQuantity"/>) for items published per a quantity unit; an item absent is 1, an item charged
    /// once ignores it. The amount is the quantity × the unit amount after the reduction, integer VND. An item by the e-form's
    /// counts (<see cref="FeeItem.Counted"/>) is charged from <paramref name="form"/>, the dossier's e-form values, by
    /// <see cref="CountedFees.Charge"/>; with a count missing the fee is <see cref="FeeSource.Unplaced"/> (the desk's
    /// preview before the counts are typed; intake refuses the dossier beside the field first).</remarks>
    /// <remarks><paramref name="channelText"/> is the channel's published fee cell with its bracket (<c>ChannelTerms.FeeText</c>):
    /// when given it is the fee's <see cref="FixedFee.PublishedText"/> whatever was read from it, so "Theo công bố" shows what
    /// the catalogue publishes (a cut item text such as 1.000889's "50,000 Việt Nam Đồng" never replaces the cell), and the
    /// reader's reason goes to <see cref="FixedFee.Reason"/> (tenth trial, finding 7). Without it (a preview of one case), the
    /// items' texts.</remarks>
    /// <exception cref="ArgumentException">The exemption's reason or legal basis is blank, the case or a quantity is out of range.</exception>
    public static FixedFee Fix(FeeRules? rules, Channel channel, DateOnly day, long? localFeeVnd, string? localFeeText,
        FeeExemption? exemption, int? feeCase = null, IReadOnlyDictionary<int, int>? quantities = null, IReadOnlyDictionary<string, string>? form = null,
        string? channelText = null, FeeKind localFeeKind = FeeKind.Charge, string? procedureName = null)
    {
        var fee = FixFrom(rules, channel, day, localFeeVnd, localFeeText, exemption, feeCase, quantities, form, channelText, localFeeKind, procedureName);
        return localFeeVnd is null && !string.IsNullOrWhiteSpace(channelText) ? fee with { PublishedText = channelText.Trim() } : fee;
    }

    private static FixedFee FixFrom(FeeRules? rules, Channel channel, DateOnly day, long? localFeeVnd, string? localFeeText,
        FeeExemption? exemption, int? feeCase, IReadOnlyDictionary<int, int>? quantities, IReadOnlyDictionary<string, string>? form, string? channelText,
        FeeKind localFeeKind, string? procedureName)
    {
        if (quantities?.Values.Any(q => q is < 1 or > FeeUnits.MaxQuantity) == true)
            throw new ArgumentException($"Số lượng phải là số nguyên từ 1 đến {FeeUnits.MaxQuantity:N0}.", nameof(quantities));
        if (exemption is not null && (string.IsNullOrWhiteSpace(exemption.Reason) || string.IsNullOrWhiteSpace(exemption.LegalBasis)))
            throw new ArgumentException("Miễn phí, lệ phí phải nêu rõ lý do và căn cứ pháp lý.", nameof(exemption));

        if (localFeeVnd is { } local)
        {
            // One item of the kind the unit set at adoption (fourteenth trial, MEDIUM 2): its name says phí or lệ phí, as the
            // receipt and the register's column do, and what it is charged for (trial 14v LOW 5).
            var localItems = local > 0 ? new List<ChargedItem> { new(LocalItemName(localFeeKind, procedureName), localFeeKind, local, localFeeText ?? $"{local} đồng", null) } : [];
            return Total(localItems, FeeSource.Local, localFeeText, exemption);
        }
        var published = rules is null ? null : string.Join(" | ", rules.Items.Select(i => i.PublishedText).Distinct());
        // A "Miễn phí" stated only for a period another text covers (Thông tư 64/2025/TT-BTC): free in it, not determined outside.
        if (rules is { Unplaced: UnplacedFees.FreeForPeriod } && rules.Reductions.FirstOrDefault(r => r.PercentCharged == 0 && r.AppliesOn(day, channel == Channel.Online)) is { } freePeriod)
            // The published text says when the waiver ends, so the dossier page and Mẫu 01 do not call the procedure free for good.
            return new FixedFee([], 0, 0, 0, FeeSource.None, freePeriod.PublishedText, exemption)
            {
                Reason = $"{FeePreview.Words(0, freePeriod)} ({freePeriod.PublishedText.Trim().TrimEnd('.')})",
            };
        if (rules is null || rules.Unplaced is not null)
            return new FixedFee([], 0, 0, 0, FeeSource.Unplaced, null, exemption) { Reason = rules is null ? null : UnplacedFees.Why(rules, channelText) };
        if (rules.Free)
            return new FixedFee([], 0, 0, 0, FeeSource.None, null, exemption);

        var chosen = rules.Items.Select((item, i) => (Item: item, Number: i + 1)).ToList();
        if (rules.ByCase)
        {
            if (feeCase is null or 0)
                return new FixedFee([], 0, 0, 0, FeeSource.Unplaced, published, exemption) { Reason = UnplacedFees.NoCaseText };
            if (feeCase < 1 || feeCase > rules.Items.Count)
                throw new ArgumentException($"Trường hợp thu phí phải từ 1 đến {rules.Items.Count}.", nameof(feeCase));
            chosen = [chosen[feeCase.Value - 1]];
        }
        var inForce = rules.Reductions.Where(r => r.AppliesOn(day, channel == Channel.Online)).ToList();
        // A reduction in force whose rate the text leaves to another text: the amount due that day is unknown.
        // An ended amount (FeeReduction.Ended) flags only the item published at it: another case of the channel still applies.
        if (inForce.FirstOrDefault(r => r.Unstated && (r.OfAmountVnd is null || chosen.Any(c => c.Item.AmountVnd == r.OfAmountVnd))) is { } unstated)
            return new FixedFee([], 0, 0, 0, FeeSource.Unplaced, published, exemption) { Reason = UnplacedFees.UnstatedText(unstated) };
        if (chosen.Any(c => c.Item.Counted is not null && CountedFees.Charge(c.Item, form) is null))
            return new FixedFee([], 0, 0, 0, FeeSource.Unplaced, published, exemption) { Reason = UnplacedFees.CountsMissingText };
        var items = chosen.Select(c =>
        {
            if (CountedFees.Charge(c.Item, form) is { } counted) return counted;
            // Each item its lowest amount in force: a percentage reduces every item, a reduction by amount only the item
            // published at the amount it replaces. At the same amount the item's own reduction is the rule quoted: a case's
            // "Áp dụng mức phí: 500.000 đồng …" rather than the total's "2.000.000 đồng" read as 50 % (trial 14m, LOW 3).
            var reduction = inForce.Where(r => r.Charge(c.Item.AmountVnd) is not null)
                .OrderBy(r => r.Charge(c.Item.AmountVnd)).ThenBy(r => r.OfAmountVnd == c.Item.AmountVnd ? 0 : 1).FirstOrDefault();
            var each = reduction?.Charge(c.Item.AmountVnd) ?? c.Item.AmountVnd;
            if (c.Item.Unit is not { } unit) return new ChargedItem(c.Item.Name, c.Item.Kind, each, c.Item.PublishedText, reduction?.PublishedText);
            var quantity = quantities is not null && quantities.TryGetValue(c.Number, out var q) ? q : 1;
            return new ChargedItem(c.Item.Name, c.Item.Kind, checked(each * quantity), c.Item.PublishedText, reduction?.PublishedText, quantity, unit, each);
        }).ToList();
        return Total(items, FeeSource.Catalogue, published, exemption);
    }

    /// <summary>The name of a local fee's one item: named after the procedure's fee as a bare label is
    /// (<see cref="FeeTextReader.ItemName"/>: "Lệ phí đăng ký khai sinh", "Phí cấp giấy phép …"), so the desk, Mẫu 01 and the
    /// receipt say what it is charged for (trial 14v LOW 5: "Phí tại cơ quan" on all three); "Phí tại cơ quan" or "Lệ phí tại
    /// cơ quan" when the procedure's name is not known.</summary>
    public static string LocalItemName(FeeKind kind, string? procedureName = null) =>
        string.IsNullOrWhiteSpace(procedureName) ? (kind == FeeKind.Fee ? "Phí tại cơ quan" : "Lệ phí tại cơ quan") : FeeTextReader.ItemName(kind, procedureName);

    /// <summary>The kind of a local fee as stored with its adoption (<c>fee</c> phí, anything else the default lệ phí).</summary>
    public static FeeKind LocalKindOf(string? code) => code == OfficerFee.FeeCode ? FeeKind.Fee : FeeKind.Charge;

    /// <summary>The reduction that applies to a dossier received on <paramref name="day"/> (Vietnam date) by
    /// <paramref name="channel"/>: one of unstated rate when any such is in force (the amount is then unknown), else the
    /// lowest percentage in force, else a reduction by amount in force, else null.</summary>
    public static FeeReduction? ReductionOn(FeeRules rules, Channel channel, DateOnly day)
    {
        // An ended amount of one case only (FeeReduction.Ended) is not the channel's: the other cases still apply.
        var inForce = rules.Reductions.Where(r => r.AppliesOn(day, channel == Channel.Online)
            && (!r.Ended || rules.Items.All(i => i.AmountVnd == r.OfAmountVnd))).ToList();
        return inForce.FirstOrDefault(r => r.Unstated)
            ?? inForce.Where(r => r.PercentCharged is not null).OrderBy(r => r.PercentCharged).FirstOrDefault()
            ?? inForce.FirstOrDefault();
    }

    private static FixedFee Total(List<ChargedItem> items, FeeSource source, string? published, FeeExemption? exemption)
    {
        var fee = items.Where(i => i.Kind == FeeKind.Fee).Sum(i => i.AmountVnd);
        var charge = items.Where(i => i.Kind == FeeKind.Charge).Sum(i => i.AmountVnd);
        return new FixedFee(items, fee, charge, exemption is null ? fee + charge : 0, source, published, exemption);
    }
}
