namespace MotCua.Domain.Messages;

/// <summary>
/// A Vietnamese mobile number as the SMS and Zalo gateways take it: 84 followed by the nine-digit subscriber number
/// (since the Ministry of Information and Communications converted 11-digit mobile numbers in 2018, every mobile number is
/// 0 + 9 digits beginning with 3, 5, 7, 8 or 9). Citizens write it 0xxxxxxxxx, +84xxxxxxxxx or
/// 84xxxxxxxxx, with spaces, dots or dashes; a landline or anything else is no mobile number and cannot take an SMS.
/// </summary>
public static class MobileNumber
{
    /// <summary>The number in the gateways' form (<c>84</c> + 9 digits), or null when <paramref name="text"/> is not a
    /// Vietnamese mobile number.</summary>
    public static string? International(string? text)
    {
        if (text is null) return null;
        var digits = new string([.. text.Where(c => c is not (' ' or '.' or '-' or '(' or ')'))]);
        var subscriber = digits switch
        {
            ['+', '8', '4', .. var rest] => rest,
            ['8', '4', .. var rest] when digits.Length == 11 => rest,
            ['0', .. var rest] => rest,
            _ => null,
        };
        return subscriber is { Length: 9 } && subscriber.All(char.IsAsciiDigit) && subscriber[0] is '3' or '5' or '7' or '8' or '9'
            ? "84" + subscriber : null;
    }

    /// <summary>The number as citizens read it (<c>0</c> + 9 digits), or null when it is not a Vietnamese mobile number.</summary>
    public static string? Local(string? text) => International(text) is { } international ? "0" + international[2..] : null;
}
