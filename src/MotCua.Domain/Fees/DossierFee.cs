using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Fees;

/// <summary>Where a dossier's fee came from (the <c>dossier_fees.source</c> values of migration 0032).</summary>
public enum FeeSource
{
    Catalogue,
    Local,
    None,
    Unplaced,
}

/// <summary>An exemption chosen by the officer: why, and the legal text that grants it (both required).</summary>
public sealed record FeeExemption(string Reason, string LegalBasis);

/// <summary>One item as charged: the published amount after any reduction in force on the day of intake; <c>Rule</c>
/// says which reduction applied (its published text), null when none did.</summary>
public sealed record ChargedItem(string Name, FeeKind Kind, long AmountVnd, string PublishedText, string? Rule);

/// <summary>The fee fixed at intake: the items as charged, phí and lệ phí totals (VND), the amount due (0 when exempt),
/// where it came from and the published text kept beside the amount.</summary>
public sealed record FixedFee(IReadOnlyList<ChargedItem> Items, long FeeVnd, long ChargeVnd, long DueVnd, FeeSource Source,
    string? PublishedText, FeeExemption? Exemption);

/// <summary>The one rule that fixes a dossier's fee at intake, for the API and the desk alike.</summary>
public static class DossierFee
{
    /// <summary>
    /// Fixes the fee of a dossier received on <paramref name="day"/> (Vietnam date) by <paramref name="channel"/>.
    /// A local fee set at adoption (<paramref name="localFeeVnd"/>, with its note) wins over the catalogue's
    /// <paramref name="rules"/>. Catalogue items that are cases (<see cref="FeeRules.ByCase"/>) are alternatives: only
    /// the one at 1-based <paramref name="feeCase"/> is charged, and with none chosen the fee is
    /// <see cref="FeeSource.Unplaced"/> (shown to the officer, never a silent 0). Reductions in force that day apply
    /// (the online-only ones to online dossiers); when several do, the lowest amount; one in force whose rate the text does
    /// not state makes the fee <see cref="FeeSource.Unplaced"/> with that clause as its text. An exemption makes the amount due
    /// 0 and keeps the items.
    /// </summary>
    /// <exception cref="ArgumentException">The exemption's reason or legal basis is blank, or the case is out of range.</exception>
    public static FixedFee Fix(FeeRules? rules, Channel channel, DateOnly day, long? localFeeVnd, string? localFeeText,
        FeeExemption? exemption, int? feeCase = null)
    {
        if (exemption is not null && (string.IsNullOrWhiteSpace(exemption.Reason) || string.IsNullOrWhiteSpace(exemption.LegalBasis)))
            throw new ArgumentException("Miễn phí, lệ phí phải nêu rõ lý do và căn cứ pháp lý.", nameof(exemption));

        if (localFeeVnd is { } local)
        {
            var localItems = local > 0 ? new List<ChargedItem> { new("Phí, lệ phí tại cơ quan", FeeKind.Charge, local, localFeeText ?? $"{local} đồng", null) } : [];
            return Total(localItems, FeeSource.Local, localFeeText, exemption);
        }
        var published = rules is null ? null : string.Join(" | ", rules.Items.Select(i => i.PublishedText).Distinct());
        if (rules is null || rules.Unplaced is not null)
            return new FixedFee([], 0, 0, 0, FeeSource.Unplaced, rules?.Unplaced is { } why ? UnplacedFees.Text(why) : null, exemption);
        if (rules.Free)
            return new FixedFee([], 0, 0, 0, FeeSource.None, null, exemption);

        var chosen = rules.Items;
        if (rules.ByCase)
        {
            if (feeCase is null or 0)
                return new FixedFee([], 0, 0, 0, FeeSource.Unplaced, published, exemption);
            if (feeCase < 1 || feeCase > rules.Items.Count)
                throw new ArgumentException($"Trường hợp thu phí phải từ 1 đến {rules.Items.Count}.", nameof(feeCase));
            chosen = [rules.Items[feeCase.Value - 1]];
        }
        var reduction = ReductionOn(rules, channel, day);
        // A reduction in force whose rate the text leaves to another text: the amount due that day is unknown.
        if (reduction is { PercentCharged: null } unstated)
            return new FixedFee([], 0, 0, 0, FeeSource.Unplaced, unstated.PublishedText, exemption);
        var items = chosen.Select(i => new ChargedItem(i.Name, i.Kind,
            reduction is null ? i.AmountVnd : i.AmountVnd * reduction.PercentCharged!.Value / 100, i.PublishedText, reduction?.PublishedText)).ToList();
        return Total(items, FeeSource.Catalogue, published, exemption);
    }

    /// <summary>The reduction that applies to a dossier received on <paramref name="day"/> (Vietnam date) by
    /// <paramref name="channel"/>: one of unstated rate when any such is in force (the amount is then unknown), else the
    /// lowest rate in force, else null.</summary>
    public static FeeReduction? ReductionOn(FeeRules rules, Channel channel, DateOnly day)
    {
        var inForce = rules.Reductions.Where(r => r.AppliesOn(day, channel == Channel.Online)).ToList();
        return inForce.FirstOrDefault(r => r.PercentCharged is null) ?? inForce.OrderBy(r => r.PercentCharged).FirstOrDefault();
    }

    private static FixedFee Total(List<ChargedItem> items, FeeSource source, string? published, FeeExemption? exemption)
    {
        var fee = items.Where(i => i.Kind == FeeKind.Fee).Sum(i => i.AmountVnd);
        var charge = items.Where(i => i.Kind == FeeKind.Charge).Sum(i => i.AmountVnd);
        return new FixedFee(items, fee, charge, exemption is null ? fee + charge : 0, source, published, exemption);
    }
}
