using System.Globalization;

namespace MotCua.Domain.Registers;

/// <summary>How the fee fixed at intake stands, as the book's column "Lệ phí/Phí chứng thực" needs to know it.</summary>
public enum FeeStanding
{
    /// <summary>No fee was fixed for the dossier (no <c>dossier_fees</c> row).</summary>
    NotFixed = 0,
    /// <summary>An amount from the catalogue or the unit's local fee (<c>source</c> catalogue or local).</summary>
    Amount,
    /// <summary>The procedure charges nothing (<c>source</c> none).</summary>
    Free,
    /// <summary>The officer exempted the dossier (an exemption reason and legal basis; the amount due is 0).</summary>
    Exempt,
    /// <summary>The catalogue's fee text could not be read to an amount at intake (<c>source</c> unplaced): the fee is per
    /// page or per paper, known only from what the book's e-form asks.</summary>
    Unplaced,
}

/// <summary>
/// The fee an authentication book prints (second trial: the copy book printed "0"). Amounts in VND. The catalogue publishes
/// the authentication fees of Thông tư 226/2016/TT-BTC only as text (2.000815: "2.000 đồng/trang; từ trang thứ 3 trở lên
/// thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản"; 2.000884: "10.000 đồng/trường hợp"). Intake charges them
/// from the e-form's counts with <see cref="CopyVnd"/> and <see cref="SignatureVnd"/> (<c>Fees.CountedFees</c>), so the
/// book prints the dossier's charged amount; it computes them here only for a dossier fixed before that, as unplaced.
/// </summary>
public static class BookFees
{
    /// <summary>The copy book's repeated group: the originals of one request, each with its name, copies and pages
    /// (<see cref="MotCua.Domain.Catalog.EForm.Rows"/>; a dossier stored before it reads as one original).</summary>
    public const string OriginalsGroup = "banChinh";

    /// <summary>The e-form field of the copy book: the original's number of pages (the fee counts the original's pages).</summary>
    public const string PagesField = "soTrang";

    /// <summary>The e-form field of the copy book: the copies certified.</summary>
    public const string CopiesField = "soBanSao";

    /// <summary>The signature book's repeated group: the papers signed in one request, each kind of paper with its name
    /// and how many of it were signed (Thông tư 01/2020/TT-BTP Điều 4 khoản 2: one number per kind of paper, never per
    /// requester; a dossier stored before it reads as one paper).</summary>
    public const string PapersGroup = "giayTo";

    /// <summary>The e-form field of the signature book: how many papers of a row's kind are signed (one case each).</summary>
    public const string PapersField = "soLuongGiayTo";

    /// <summary>Copy certification (Thông tư 226/2016/TT-BTC Điều 4): 2.000 VND for each of the first two pages of the
    /// original, 1.000 VND for each further page, at most 200.000 VND a copy, times the copies. Raises
    /// <see cref="ArgumentOutOfRangeException"/> for fewer than one page or copy.</summary>
    public static long CopyVnd(int pages, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        return copies * Math.Min(200_000L, 2_000L * Math.Min(pages, 2) + 1_000L * Math.Max(pages - 2, 0));
    }

    /// <summary>Signature certification (Thông tư 226/2016/TT-BTC Điều 4): 10.000 VND a case, a case being one paper
    /// however many signatures it bears. Raises <see cref="ArgumentOutOfRangeException"/> for fewer than one paper.</summary>
    public static long SignatureVnd(int papers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(papers, 1);
        return 10_000L * papers;
    }

    /// <summary>
    /// What the fee column prints: an amount in VND with dots ("10.000"); "Miễn" for an exempted dossier or a procedure
    /// without a fee; for an unplaced fee the amount computed from the e-form (the copy book's pages and copies, the
    /// signature book's papers) or "—" when the e-form does not give it; likewise when no fee was fixed at intake.
    /// A dossier entered as several entries (<paramref name="entries"/> &gt; 1: one per original) prints on each line its
    /// original's share computed from the line's own pages and copies, which is how intake charged the dossier (the sum of
    /// the originals, <c>CountedFees.Charge</c>): the lines add up to the amount charged, never repeat it.
    /// </summary>
    public static string Printed(FeeStanding standing, long? vnd, IReadOnlyDictionary<string, string>? form, int entries = 1) => standing switch
    {
        FeeStanding.Amount when entries > 1 && FromForm(form) is { } share => BookValues.Money(share),
        FeeStanding.Amount when vnd is > 0 => BookValues.Money(vnd.Value),
        FeeStanding.Amount or FeeStanding.Free or FeeStanding.Exempt => "Miễn",
        FeeStanding.Unplaced or FeeStanding.NotFixed when FromForm(form) is { } computed => BookValues.Money(computed),
        _ => "—",
    };

    // The copy book asks pages and copies; the signature book the papers signed.
    private static long? FromForm(IReadOnlyDictionary<string, string>? form)
    {
        if (form is null) return null;
        int? Count(string key) => form.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;
        if (Count(PagesField) is { } pages && Count(CopiesField) is { } copies) return CopyVnd(pages, copies);
        if (Count(PapersField) is { } papers) return SignatureVnd(papers);
        return null;
    }
}
