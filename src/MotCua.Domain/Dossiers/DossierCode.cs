using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Dossiers;

/// <summary>
/// The national dossier code <c>&lt;agency electronic code&gt;-&lt;yyMMdd&gt;-&lt;serial&gt;</c>
/// (Nghị định 61/2018 Art. 26, Thông tư 01/2018 Art. 19), e.g. <c>000.00.15.H57-230915-0001</c>.
/// The serial counts per receiving agency per day and has at least four digits.
/// </summary>
public static partial class DossierCode
{
    public const int MaxAgencyCodeLength = 35;

    /// <summary>The least number of digits of the serial, zero-padded (0001); a larger serial keeps all its digits.</summary>
    public const int SerialDigits = 4;

    public static string Format(string agencyCode, DateOnly receivedOn, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(serial, 1);
        return Prefix(agencyCode, receivedOn) + serial.ToString("D" + SerialDigits, CultureInfo.InvariantCulture);
    }

    /// <summary>Everything before the serial, <c>&lt;agency&gt;-&lt;yyMMdd&gt;-</c>: the part known before the serial is taken.</summary>
    public static string Prefix(string agencyCode, DateOnly receivedOn)
    {
        if (!IsValidAgencyCode(agencyCode))
            throw new ArgumentException($"Mã cơ quan '{agencyCode}' không đúng định dạng.", nameof(agencyCode));
        return $"{agencyCode}-{receivedOn.ToString("yyMMdd", CultureInfo.InvariantCulture)}-";
    }

    /// <summary>Quyết định 20/2020/QĐ-TTg: up to 35 characters of digits, capital letters and dots.</summary>
    public static bool IsValidAgencyCode(string? code) =>
        code is { Length: > 0 and <= MaxAgencyCodeLength } && AgencyCodePattern().IsMatch(code);

    public static bool TryParse(string? code, out string agencyCode, out DateOnly receivedOn, out int serial)
    {
        agencyCode = "";
        receivedOn = default;
        serial = 0;
        if (code is null) return false;
        var match = CodePattern().Match(code);
        if (!match.Success || !IsValidAgencyCode(match.Groups["agency"].Value)) return false;
        if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out receivedOn))
            return false;
        agencyCode = match.Groups["agency"].Value;
        serial = int.Parse(match.Groups["serial"].Value, CultureInfo.InvariantCulture);
        return serial > 0;
    }

    /// <summary>
    /// Whether <paramref name="code"/> lies in MotCua's own code space: one of our agencies' codes
    /// (<paramref name="ourAgencyCodes"/>), a day yyMMdd and a serial of any number of digits. Intake may issue (or has
    /// issued) such a code, so another system's code there (a ministry's monitored dossier, a portal push) is refused as an
    /// external code: taken, it blocked the unit's intake on a unique key, or joined two citizens under one portal record
    /// (fresh trial 16g HIGH 1).
    /// </summary>
    public static bool InOwnCodeSpace(string? code, IReadOnlySet<string> ourAgencyCodes) =>
        code is not null && OwnSpacePattern().Match(code) is { Success: true } m && ourAgencyCodes.Contains(m.Groups["agency"].Value);

    /// <summary>Why an external <paramref name="code"/> in MotCua's own code space (<see cref="InOwnCodeSpace"/>) is refused.</summary>
    public static string OwnCodeSpaceRefusal(string code) =>
        $"Mã {code} có dạng mã hồ sơ do MotCua cấp (mã đơn vị tiếp nhận của tỉnh-yyMMdd-số thứ tự): mã của hệ thống khác không được trùng dạng này; không tiếp nhận.";

    [GeneratedRegex("^(?<agency>[0-9A-Z.]{1,35})-[0-9]{6}-[0-9]+$")]
    private static partial Regex OwnSpacePattern();

    [GeneratedRegex("^[0-9A-Z]+(\\.[0-9A-Z]+)*$")]
    private static partial Regex AgencyCodePattern();

    [GeneratedRegex("^(?<agency>[0-9A-Z.]{1,35})-(?<date>[0-9]{6})-(?<serial>[0-9]{4,9})$")]
    private static partial Regex CodePattern();
}
