using System.Collections.Frozen;

namespace MotCua.Domain.Identity;

/// <summary>
/// Structural check of a citizen identity number. A 12-digit CCCD is <c>PPP G YY RRRRRR</c>: the province
/// (or, for births abroad, country) code of birth registration, a century-and-gender digit, the birth year's
/// last two digits and six random digits. An old 9-digit CMND is accepted as opaque. A number that passes is
/// well formed, not proven: identity is verified against the population database, never by this check.
/// </summary>
public static class CitizenId
{
    // Thông tư 07/2016/TT-BCA (pre-2025 provinces, still printed on every card issued before the merger).
    private static readonly FrozenSet<int> ProvinceCodes = new[]
    {
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42,
        44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84,
        86, 87, 89, 91, 92, 93, 94, 95, 96,
    }.ToFrozenSet();

    // Country codes for citizens born abroad.
    private const int FirstCountryCode = 101;
    private const int LastCountryCode = 295;

    /// <summary>Returns null when the number is well formed, otherwise the reason in Vietnamese.</summary>
    public static string? Check(string? value, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(value)) return "Vui lòng nhập số định danh cá nhân (CCCD).";
        var number = value.Trim();
        if (!number.All(char.IsAsciiDigit)) return "Số CCCD chỉ gồm chữ số.";
        if (number.Length == 9) return null;
        if (number.Length != 12) return "Số CCCD phải có 12 chữ số (hoặc CMND cũ 9 chữ số).";

        var place = int.Parse(number.AsSpan(0, 3));
        if (!ProvinceCodes.Contains(place) && place is < FirstCountryCode or > LastCountryCode)
            return $"Mã nơi đăng ký khai sinh '{number[..3]}' trong số CCCD không tồn tại.";

        var centuryDigit = number[3] - '0';
        var century = centuryDigit switch
        {
            0 or 1 => 1900,
            2 or 3 => 2000,
            4 or 5 => 2100,
            6 or 7 => 2200,
            _ => 1800,
        };
        var birthYear = century + int.Parse(number.AsSpan(4, 2));
        if (birthYear > today.Year) return "Năm sinh trong số CCCD lớn hơn năm hiện tại.";
        if (birthYear < today.Year - 130) return "Năm sinh trong số CCCD không hợp lệ.";
        return null;
    }
}
