using System.Text.RegularExpressions;

namespace MotCua.Domain.Administration;

/// <summary>
/// The electronic identifier of an agency (mã định danh điện tử) under Quyết định 20/2020/QĐ-TTg: four levels written
/// from the lowest to the highest and separated by dots, <c>DDD.CC.BB.ANN</c>, e.g. <c>000.10.01.H46</c>:
/// level 4 (3 digits), level 3 (2 digits), level 2 (2 digits), level 1 (a capital letter and 2 digits: <c>H</c> and the
/// province code for a province's agencies, <c>G</c> for ministries, …). A level left unused is zeros, and a lower level
/// is used only under a higher one. Live data also writes level 1 first (<c>H46.01.10.000</c>); both are accepted.
/// </summary>
public static partial class AgencyCode
{
    /// <summary>Trims and upper-cases what an administrator typed; the result is what <see cref="Check"/> judges and what is stored.</summary>
    public static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant();

    /// <summary>
    /// Null when <paramref name="code"/> (already normalised) is a valid identifier for an agency of province
    /// <paramref name="provinceCode"/> (2 digits, Công văn 915/CTK-CSCL); otherwise the reason, in Vietnamese.
    /// A level-1 part beginning with H must carry that province's code.
    /// </summary>
    public static string? Check(string? code, string? provinceCode)
    {
        if (string.IsNullOrWhiteSpace(code)) return "Nhập mã định danh điện tử của cơ quan.";
        string level4, level3, level2, level1;
        if (LowestFirst().Match(code) is { Success: true } low)
            (level4, level3, level2, level1) = (low.Groups[1].Value, low.Groups[2].Value, low.Groups[3].Value, low.Groups[4].Value);
        else if (HighestFirst().Match(code) is { Success: true } high)
            (level1, level2, level3, level4) = (high.Groups[1].Value, high.Groups[2].Value, high.Groups[3].Value, high.Groups[4].Value);
        else
            return "Mã định danh điện tử theo Quyết định 20/2020/QĐ-TTg có dạng 000.00.00.H46: mã cấp 4 (3 chữ số), cấp 3 (2 chữ số), "
                   + "cấp 2 (2 chữ số) và cấp 1 (một chữ cái in hoa và 2 chữ số), cách nhau bằng dấu chấm.";
        if (level3 != "00" && level2 == "00") return "Mã cấp 3 chỉ dùng khi có mã cấp 2 (cấp 2 không được là 00).";
        if (level4 != "000" && level3 == "00") return "Mã cấp 4 chỉ dùng khi có mã cấp 3 (cấp 3 không được là 00).";
        if (level1[0] == 'H' && provinceCode is { Length: 2 } && level1[1..] != provinceCode)
            return $"Mã cấp 1 {level1} không khớp với tỉnh của cơ quan (mã tỉnh {provinceCode}); cơ quan của tỉnh dùng H{provinceCode}.";
        return null;
    }

    [GeneratedRegex("^([0-9]{3})\\.([0-9]{2})\\.([0-9]{2})\\.([A-Z][0-9]{2})$")]
    private static partial Regex LowestFirst();

    [GeneratedRegex("^([A-Z][0-9]{2})\\.([0-9]{2})\\.([0-9]{2})\\.([0-9]{3})$")]
    private static partial Regex HighestFirst();
}
