using System.Globalization;
using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;

namespace MotCua.Domain.Fees;

/// <summary>How a fee item's amount follows the counts the dossier's e-form gives (a fee "by the e-form's counts").</summary>
public enum FeeCount
{
    /// <summary>Phí chứng thực bản sao từ bản chính: the original's pages and the copies (<see cref="BookFees.CopyVnd"/>).</summary>
    CopyPages = 1,

    /// <summary>Phí chứng thực chữ ký: the papers signed, one case each (<see cref="BookFees.SignatureVnd"/>).</summary>
    Papers,
}

/// <summary>
/// The chứng thực fees the catalogue publishes as a rate whose amount depends on counts the text defines, charged at
/// intake from the e-form's counts by the copy and signature books' own rule (<see cref="BookFees"/>), so the payment
/// request, its VietQR, Mẫu 01, the receipt and the book's fee column print one amount. Legal source: Thông tư
/// 226/2016/TT-BTC Điều 4 (phí chứng thực: bản sao 2.000 đồng/trang, từ trang thứ ba 1.000 đồng/trang, tối đa 200.000
/// đồng/bản, trang tính theo bản chính; chữ ký 10.000 đồng/trường hợp, a case being one paper however many signatures it
/// bears), as the catalogue's description for 2.000815, 2.000942 and 2.000884 writes it. The counts are asked as e-form
/// fields (the copy and signature books' definitions) added to the procedure's own e-form when it lacks them.
/// </summary>
public static class CountedFees
{
    /// <summary>The legal source of every counted fee, as the desk and the docs cite it.</summary>
    public const string LegalSource = "Thông tư 226/2016/TT-BTC, Điều 4";

    /// <summary>The circular's item names: what the receipt and Mẫu 01 call each counted fee.</summary>
    public static string NameOf(FeeCount count) => count == FeeCount.CopyPages ? "Phí chứng thực bản sao từ bản chính" : "Phí chứng thực chữ ký";

    /// <summary>"2.000 đồng/trang hai trang đầu, 1.000 đồng/trang từ trang thứ ba, tối đa 200.000 đồng/bản; nhân số bản" and
    /// its like: the rule in words, for the desk beside the amount.</summary>
    public static string RuleText(FeeCount count) => count == FeeCount.CopyPages
        ? $"{FeePreview.Vnd(BookFees.CopyVnd(1, 1))}/trang cho hai trang đầu của bản chính, {FeePreview.Vnd(BookFees.CopyVnd(3, 1) - BookFees.CopyVnd(2, 1))}/trang từ trang thứ ba, tối đa {FeePreview.Vnd(BookFees.CopyVnd(10_000, 1))}/bản, nhân số bản sao ({LegalSource})"
        : $"{FeePreview.Vnd(BookFees.SignatureVnd(1))}/trường hợp, mỗi giấy tờ, văn bản là một trường hợp ({LegalSource})";

    /// <summary>The e-form fields <paramref name="count"/> reads, as the copy book (pages, copies) and the signature book
    /// (papers) define them: required whole numbers, the pages 1 to 9,999, the copies and papers 1 to 999.</summary>
    public static IReadOnlyList<EFormField> Fields(FeeCount count) => count == FeeCount.CopyPages
        ? [.. OfficialBooks.Copies.FormFields.Where(f => f.Name is BookFees.PagesField or BookFees.CopiesField)]
        : [.. OfficialBooks.Signatures.FormFields.Where(f => f.Name == BookFees.PapersField)];

    /// <summary>
    /// The e-form intake validates and the desk shows for <paramref name="spec"/>: its own fields, then the count fields of
    /// any counted fee item on any of its channels (read with <see cref="FeeTextReader.Read"/>) that it does not declare
    /// (2.000942 declares none). Missing or invalid counts are then refused beside the field (<c>formData.soTrang</c> …)
    /// like any e-form field, never charged as 0.
    /// </summary>
    public static IReadOnlyList<EFormField> FormOf(ProcedureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var counted = spec.Channels.SelectMany(c => FeeTextReader.Read(spec, c).Items).Select(i => i.Counted).OfType<FeeCount>().Distinct().ToList();
        if (counted.Count == 0) return spec.FormFields;
        return [.. spec.FormFields, .. counted.SelectMany(Fields).Where(f => spec.FormFields.All(own => own.Name != f.Name)).DistinctBy(f => f.Name)];
    }

    /// <summary>
    /// <paramref name="item"/> (a counted item) as charged from <paramref name="form"/>, the dossier's e-form values: for
    /// each original (the copy e-form's rows, <see cref="BookFees.OriginalsGroup"/>; a form of one original under the plain
    /// names reads as one) its copies × <see cref="BookFees.CopyVnd"/> of its pages, summed (the fee is per copy and page,
    /// so several originals cost what they would cost one by one), named "… (bản chính 5 trang)" for one original or "… (3
    /// bản chính)" for several, quantity the copies and unit "bản" (the unit amount only when one original); the papers of
    /// every kind signed (the signature e-form's rows, <see cref="BookFees.PapersGroup"/>) summed × <see
    /// cref="BookFees.SignatureVnd"/>, unit "giấy tờ", named "… (2 loại giấy tờ)" for several kinds (10.000 VND a case, a
    /// case being one paper however many signatures it bears, Thông tư 226/2016/TT-BTC as the catalogue quotes it). Integer VND; no reduction applies (none is published for
    /// these). Null when a count is missing or not a whole number of at least 1: intake refuses that beforehand.
    /// </summary>
    public static ChargedItem? Charge(FeeItem item, IReadOnlyDictionary<string, string>? form)
    {
        ArgumentNullException.ThrowIfNull(item);
        static int? Count(IReadOnlyDictionary<string, string>? values, string key) => values is not null && values.TryGetValue(key, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= FeeUnits.MaxQuantity ? n : null;
        switch (item.Counted)
        {
            case FeeCount.CopyPages:
                var originals = EForm.Rows(form, BookFees.OriginalsGroup, [BookFees.PagesField, BookFees.CopiesField])
                    .Select(row => (Pages: Count(row, BookFees.PagesField), Copies: Count(row, BookFees.CopiesField))).ToList();
                if (originals.Count == 0 || originals.Any(o => o.Pages is null || o.Copies is null)) return null;
                var copies = originals.Sum(o => o.Copies!.Value);
                var amount = originals.Sum(o => BookFees.CopyVnd(o.Pages!.Value, o.Copies!.Value));
                return originals.Count == 1
                    ? new ChargedItem($"{item.Name} (bản chính {originals[0].Pages} trang)", item.Kind, amount, item.PublishedText, null,
                        copies, "bản", BookFees.CopyVnd(originals[0].Pages!.Value, 1))
                    : new ChargedItem($"{item.Name} ({originals.Count} bản chính)", item.Kind, amount, item.PublishedText, null, copies, "bản");
            case FeeCount.Papers:
                // Every field of the group names a row, so a row giving its paper but not its count is not skipped.
                var kinds = EForm.Rows(form, BookFees.PapersGroup, [.. OfficialBooks.Signatures.FormFields.Where(f => f.Group == BookFees.PapersGroup).Select(f => f.Name)])
                    .Select(row => Count(row, BookFees.PapersField)).ToList();
                if (kinds.Count == 0 || kinds.Any(k => k is null)) return null;
                var papers = kinds.Sum(k => k!.Value);
                return new ChargedItem(kinds.Count == 1 ? item.Name : $"{item.Name} ({kinds.Count} loại giấy tờ)", item.Kind, BookFees.SignatureVnd(papers),
                    item.PublishedText, null, papers, "giấy tờ", BookFees.SignatureVnd(1));
            default:
                return null;
        }
    }
}
