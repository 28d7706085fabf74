using System.Globalization;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Fees;

/// <summary>One case of a fee by case as the desk offers it: its 1-based number, its label
/// (<see cref="FeeRules.CaseLabel"/>), the published amount and the amount due if chosen today (integer VND; null when a
/// reduction of unstated rate is in force, so the amount is unknown).</summary>
public sealed record FeeCasePreview(int Number, string Label, long PublishedVnd, long? DueVnd);

/// <summary>
/// What the desk shows before intake: the fee intake will fix today (<see cref="Fee"/>, from <see cref="DossierFee.Fix"/>,
/// the one rule), each case with its amount due when the fee is by case, the reduction in force stated in words
/// (<see cref="ReductionText"/>, null when none applies), why the amount is unknown when it is
/// (<see cref="UnplacedText"/>), the full amount before the reduction (<see cref="FullVnd"/>, integer VND, null when no
/// reduction applies), the published text kept for whoever wants to read it, and <see cref="CountedRule"/>, how a fee by the
/// e-form's counts is computed (null for any other fee): such a fee is never typed by the officer.
/// </summary>
public sealed record FeePreview(FixedFee Fee, IReadOnlyList<FeeCasePreview> Cases, string? ReductionText, string? UnplacedText, string? PublishedText,
    long? FullVnd = null, string? CountedRule = null)
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>
    /// The preview of a dossier received on <paramref name="day"/> (Vietnam date) by <paramref name="channel"/>: the local fee
    /// set at adoption (<paramref name="localFeeVnd"/>, <paramref name="localFeeText"/>, of <paramref name="localFeeKind"/>) wins as at intake; else the catalogue's
    /// <paramref name="rules"/> with the reduction in force that day; for a fee by case, no case chosen yet, every case's
    /// amount due. <paramref name="publishedText"/> is the channel's published cell, shown apart. A fee by the e-form's counts
    /// is computed from <paramref name="form"/> (the counts typed so far), else unknown until they are typed, with
    /// <see cref="CountedText"/> saying how it is computed. <paramref name="procedureName"/> names a local fee's item.
    /// </summary>
    public static FeePreview Of(FeeRules? rules, Channel channel, DateOnly day, long? localFeeVnd, string? localFeeText, string? publishedText,
        IReadOnlyDictionary<string, string>? form = null, FeeKind localFeeKind = FeeKind.Charge, string? procedureName = null)
    {
        var fee = DossierFee.Fix(rules, channel, day, localFeeVnd, localFeeText, null, form: form, localFeeKind: localFeeKind, procedureName: procedureName);
        if (localFeeVnd is not null || rules is null)
            return new FeePreview(fee, [], null, rules is null ? "Thủ tục chưa công bố phí, lệ phí cho kênh nộp này." : null, localFeeVnd is null ? publishedText : localFeeText);
        var reduction = DossierFee.ReductionOn(rules, channel, day);
        var unplaced = rules.Unplaced is not null && fee.Source == FeeSource.Unplaced ? UnplacedFees.Text(rules.Unplaced)
            : fee.Source == FeeSource.Unplaced && CountedText(rules) is { } counted ? "nhập số lượng trên tờ khai để tính phí: " + counted
            : reduction is { Ended: true } ? char.ToUpper(UnplacedFees.EndedText(reduction)[0], Vi) + UnplacedFees.EndedText(reduction)[1..] + "."
            : reduction is { Unread: true } ? $"Từ ngày {Date(reduction.From)} đến hết ngày {Date(reduction.Until)} nội dung công bố nêu mức thu riêng nhưng không đọc được: chưa xác định được mức phí."
            : reduction is { Unstated: true } ? $"Từ ngày {Date(reduction.From)} đến hết ngày {Date(reduction.Until)} mức thu theo văn bản khác, nội dung công bố không nêu tỷ lệ: chưa xác định được mức phí."
            : null;
        var cases = rules.Cases.Select(c => new FeeCasePreview(c.Number, c.Label, c.AmountVnd,
            DossierFee.Fix(rules, channel, day, null, null, null, c.Number) is { Source: FeeSource.Catalogue } chosen ? chosen.DueVnd : null)).ToList();
        var full = reduction is { Unstated: false } && fee.Source == FeeSource.Catalogue
            ? (rules.ByCase ? (long?)null : rules.Items.Sum(i => i.AmountVnd)) : null;
        var words = reduction switch
        {
            { PercentCharged: { } pct } => Words(pct, reduction),
            { ReducedAmountVnd: { } reduced, OfAmountVnd: { } of } => $"Mức thu {Vnd(reduced)} thay cho {Vnd(of)} {Period(reduction)}"
                + (reduction.OnlineOnly ? " (nộp trực tuyến)" : ""),
            _ => null,
        };
        return new FeePreview(fee, cases, words, unplaced, publishedText, full, CountedText(rules));
    }

    /// <summary>"Giảm còn 50% mức thu từ ngày 01/07/2025 đến hết ngày 31/12/2026" or "Miễn thu từ ngày … đến hết ngày …",
    /// with "(nộp trực tuyến)" when only online dossiers benefit.</summary>
    public static string Words(int percentCharged, FeeReduction reduction) =>
        (percentCharged == 0 ? "Miễn thu" : $"Giảm còn {percentCharged}% mức thu")
        + " " + Period(reduction) + (reduction.OnlineOnly ? " (nộp trực tuyến)" : "");

    // "từ ngày 01/07/2025 đến hết ngày 31/12/2026"; "đến hết ngày 31/12/2026" for an amount whose text states no start (1.014903).
    private static string Period(FeeReduction reduction) =>
        (reduction.From == DateOnly.MinValue ? "" : $"từ ngày {Date(reduction.From)} ") + $"đến hết ngày {Date(reduction.Until)}";

    /// <summary>How the channel's fee by the e-form's counts is computed, in words (<see cref="CountedFees.RuleText"/>), null when
    /// it has none.</summary>
    public static string? CountedText(FeeRules rules) =>
        rules.Items.FirstOrDefault(i => i.Counted is not null) is { Counted: { } count } ? CountedFees.RuleText(count) : null;

    /// <summary>An amount as officers read it: "25.000 đồng".</summary>
    public static string Vnd(long amount) => amount.ToString("#,0", Vi) + " đồng";

    private static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
