using System.Text.RegularExpressions;

namespace MotCua.Domain.Documents;

/// <summary>
/// The place ("địa danh") that opens the date line of a document: "the official name of the administrative unit where
/// the issuing agency sits" (Nghị định 30/2020/NĐ-CP Phụ lục I, II.4(a)), written as the decree's examples write it, without
/// the kind of unit ("Hà Nội, ngày …"), except for a unit named by a number, which keeps it ("Phường 1, ngày …").
/// </summary>
public static partial class PlaceNames
{
    /// <summary>
    /// "Phường Thuận Hóa" → "Thuận Hóa", "Xã A Lưới 1" → "A Lưới 1", "Thành phố Huế" → "Huế", "Tỉnh Quảng Trị" → "Quảng
    /// Trị", "Phường 1" → "Phường 1". Raises <see cref="ArgumentException"/> for an empty name.
    /// </summary>
    public static string Of(string unitName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unitName);
        var name = unitName.Trim();
        var bare = UnitKind().Replace(name, "");
        return bare.Length == 0 || bare.All(char.IsDigit) ? name : bare;
    }

    // The same kinds as migration 0014 strips.
    [GeneratedRegex("^(Xã|Phường|Đặc khu|Tỉnh|Thành phố) ")]
    private static partial Regex UnitKind();
}
