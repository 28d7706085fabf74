using MotCua.Domain.Messages;

namespace MotCua.Domain.Identity;

/// <summary>
/// An applicant's telephone number as the desk and the API take it: a mobile number (0 + 9 digits beginning with 3, 5,
/// 7, 8 or 9, <see cref="MobileNumber"/>) or a landline (0 + 10 digits beginning with 2: since the Ministry of
/// Information and Communications' conversion of 2017 every landline is a three-digit area code 02x(x) and its
/// subscriber number, 11 digits in all, e.g. 0234 3822 123 in Huế, 024 3825 1234 in Hà Nội), written with 0 or +84 and
/// with spaces, dots or dashes between groups. A landline takes no SMS or Zalo message.
/// </summary>
public static class VietnamPhone
{
    /// <summary>What is wrong with <paramref name="text"/> as a telephone number, in Vietnamese, or null when it is one.</summary>
    public static string? Problem(string text) => National(text) is null
        ? "Số điện thoại di động gồm 10 chữ số (bắt đầu bằng 03, 05, 07, 08, 09), số cố định gồm 11 chữ số (bắt đầu bằng 02); có thể viết +84 thay cho số 0."
        : null;

    /// <summary>The number as stored and shown: the national digits without separators ("+84 905 111 222" →
    /// "0905111222", "0234 3822 123" → "02343822123"), or null when <paramref name="text"/> is no telephone number.</summary>
    public static string? National(string text)
    {
        var digits = new string([.. text.Where(c => c is not (' ' or '.' or '-' or '(' or ')'))]);
        var national = digits.StartsWith("+84", StringComparison.Ordinal) ? "0" + digits[3..] : digits;
        var valid = national.All(char.IsAsciiDigit) && national is ['0', ..]
            && (MobileNumber.International(national) is not null || national is ['0', '2', ..] && national.Length == 11);
        return valid ? national : null;
    }

    /// <summary>Whether <paramref name="text"/> is a landline (valid, and no mobile number): it cannot take SMS or Zalo.</summary>
    public static bool IsLandline(string text) => Problem(text) is null && MobileNumber.International(text) is null;
}
