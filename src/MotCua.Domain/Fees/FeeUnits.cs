using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Fees;

/// <summary>
/// The units a catalogue amount is published "per" ("6000000/chiếc Đồng", "10.000 đồng/khẩu-chiếc", "50.000đ/tem"), and
/// which of them count a quantity the officer asks at intake. The table below is the one decision: an amount per
/// <em>thing</em> (an aircraft, a gun, a stamp, a tonne, a page, a copy, a person …) is charged quantity × amount; an amount
/// per <em>act</em> ("/lần", "/hồ sơ", "/giấy phép", "/giấy chứng nhận", "/trường hợp", "/cơ sở", "/tờ khai" …) is charged
/// once for the dossier, the dossier being one act. Read over the 2,642 records of the national catalogue (docs/FEES.md,
/// "Fifth round"). Legal source: Luật Phí và lệ phí 2015 Điều 3 (an amount is set per service), the circulars each record cites.
/// "/thẻ" (căn cước, ABTC, bảo hiểm y tế) is per an act: a dossier asks for one card, and no published fee text says per card
/// for several people, so it is charged once and not asked a quantity (sixth round decision).
/// </summary>
public static partial class FeeUnits
{
    /// <summary>The units that count a quantity, as the catalogue spells them (lower case, longest first so "lô hàng"
    /// wins over "lô").</summary>
    public static readonly IReadOnlyList<string> Quantity =
    [
        "vườn giống", "lô giống", "lô hàng", "phương tiện", "môn thi", "loại thuốc",
        "chiếc", "khẩu", "loại", "tem", "tấn", "trang", "bản", "người", "con", "cây", "sổ",
    ];

    /// <summary>Largest quantity the desk and the API accept for one item.</summary>
    public const int MaxQuantity = 10_000;

    // "/chiếc Đồng", " đồng/khẩu-chiếc.", "đ/tem “AB”": the words after the slash that follows an amount (and its currency).
    // "đồng/ 1 môn thi" (1.007380): a count of one written after the slash is the unit's, not another amount.
    [GeneratedRegex(@"^\s*(?:đ|đồng|Đồng|VNĐ|VND|Việt Nam Đồng)?\s*/\s*(?:0?1\s+)?(?<unit>\p{L}+(?:[\s-]\p{L}+)?)")]
    private static partial Regex AfterAmount();

    /// <summary>The quantity unit (one of <see cref="Quantity"/>) of an amount followed by <paramref name="textAfterAmount"/>
    /// ("/chiếc Đồng (…" → "chiếc"; " đồng/khẩu-chiếc" → "khẩu"), null when the amount is per an act or per nothing.</summary>
    public static string? Of(string textAfterAmount)
    {
        if (AfterAmount().Match(textAfterAmount) is not { Success: true } m) return null;
        var words = m.Groups["unit"].Value.ToLower(CultureInfo.GetCultureInfo("vi-VN"));
        return Quantity.FirstOrDefault(u => words == u || words.StartsWith(u + " ", StringComparison.Ordinal) || words.StartsWith(u + "-", StringComparison.Ordinal));
    }

    /// <summary>"2 chiếc × 6.000.000 đồng": what a quantity item's line says on the receipt, Mẫu 01 and the register.</summary>
    public static string Times(int quantity, string unit, long unitAmountVnd) => $"{quantity} {unit} × {FeePreview.Vnd(unitAmountVnd)}";

    /// <summary>"6.000.000 đồng/chiếc": a quantity item's amount as published, with its unit.</summary>
    public static string PerUnit(long unitAmountVnd, string unit) => $"{FeePreview.Vnd(unitAmountVnd)}/{unit}";
}
