using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MotCua.Domain.Messages;

namespace MotCua.Domain.Identity;

/// <summary>Where a one-time code goes: an SMS to a Vietnamese mobile number or an e-mail.</summary>
public enum CodeChannel
{
    /// <summary>An SMS through the province's brandname gateway (outbox target <c>sms</c>).</summary>
    Sms = 1,
    /// <summary>An e-mail through the province's SMTP server (outbox target <c>email</c>).</summary>
    Email = 2,
}

/// <summary>A code's destination as typed, normalised: a mobile number in its local form (<c>0905123456</c>) or an e-mail
/// address trimmed and in lower case (ASCII), with its channel.</summary>
public sealed record CodeDestination(CodeChannel Channel, string Address)
{
    /// <summary>The destination as a sign-in page shows it back: "090****456", "a***@example.vn".</summary>
    public string Masked => Channel == CodeChannel.Sms
        ? Address[..3] + new string('*', Address.Length - 6) + Address[^3..]
        : Address[..1] + "***" + Address[Address.IndexOf('@', StringComparison.Ordinal)..];
}

/// <summary>
/// The one-time code a citizen signs in with when VNeID is not used (mã xác thực dùng một lần, docs/design/ISSUE17.md §4):
/// <see cref="Digits"/> digits drawn from a cryptographic generator, valid <see cref="Lifetime"/>, ended by
/// <see cref="MaxWrongTries"/> wrong tries; at most <see cref="PerDestination"/> codes to one destination in
/// <see cref="DestinationWindow"/> and <see cref="PerClient"/> from one client address in <see cref="ClientWindow"/>.
/// Stored only as an HMAC-SHA-256 (deployment subkey <see cref="KeyPurpose"/>) of the code and its destination, so a copy
/// of the database neither reveals a live code nor lets one code serve another destination. A code proves the
/// possession of the phone or the address, never the identity (<see cref="CitizenAssurance.OneTimeCode"/>) [choice:
/// the figures follow common practice for SMS codes (NIST SP 800-63B §5.1.3: short-lived, rate-limited); no Vietnamese
/// text sets them].
/// </summary>
public static partial class OneTimeCode
{
    /// <summary>How many digits a code has.</summary>
    public const int Digits = 6;

    /// <summary>How many wrong tries end a code.</summary>
    public const int MaxWrongTries = 5;

    /// <summary>Codes sent to one destination within <see cref="DestinationWindow"/> before more are refused.</summary>
    public const int PerDestination = 3;

    /// <summary>Codes asked from one client address within <see cref="ClientWindow"/> before more are refused.</summary>
    public const int PerClient = 10;

    /// <summary>The purpose of the deployment subkey that keys the codes' HMAC (DeploymentKey.DeriveKey, SECURITY §1).</summary>
    public const string KeyPurpose = "citizen-code";

    /// <summary>How long a code is valid from its sending.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The window of <see cref="PerDestination"/>.</summary>
    public static readonly TimeSpan DestinationWindow = TimeSpan.FromMinutes(15);

    /// <summary>The window of <see cref="PerClient"/>.</summary>
    public static readonly TimeSpan ClientWindow = TimeSpan.FromHours(1);

    /// <summary>A fresh code: <see cref="Digits"/> decimal digits, leading zeros kept, uniform over 000000–999999.</summary>
    public static string New() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The code's stored form: lower-case hex HMAC-SHA-256 under <paramref name="key"/> of the code, a newline and
    /// the destination's channel and normalised address.</summary>
    public static string Hash(byte[] key, string code, CodeDestination destination) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{code}\n{(int)destination.Channel}:{destination.Address}")));

    /// <summary>The destination's key for counting and throttling (no code in it): lower-case hex SHA-256 of the channel and
    /// the normalised address.</summary>
    public static string DestinationHash(CodeDestination destination) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{(int)destination.Channel}:{destination.Address}")));

    /// <summary>True when <paramref name="typed"/> (spaces ignored) is the code stored as <paramref name="storedHash"/> for
    /// <paramref name="destination"/>; compared in constant time.</summary>
    public static bool Matches(byte[] key, string? typed, CodeDestination destination, string storedHash)
    {
        var code = Normalise(typed);
        if (code is null) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key, code, destination)), Encoding.ASCII.GetBytes(storedHash));
    }

    /// <summary>Null when <paramref name="idNumber"/> may name a citizen's account: a well-formed 12-digit CCCD
    /// (<see cref="CitizenId.Check"/>); a number of digits of another length is told in the citizen's words (fresh trial 17u
    /// L2: the sign-in answered with the officers' population-lookup message).</summary>
    public static string? IdNumberProblem(string? idNumber, DateOnly today)
    {
        var number = idNumber?.Trim() ?? "";
        return number.Length > 0 && number.All(char.IsAsciiDigit) && number.Length != 12 ? IdNumberLength : CitizenId.Check(number, today);
    }

    /// <summary>What a number of digits but not 12 is told at the citizen's sign-in.</summary>
    public const string IdNumberLength = "Số định danh cá nhân (số căn cước, CCCD) gồm đúng 12 chữ số; hãy nhập lại.";

    /// <summary>What is wrong with a typed code, in Vietnamese, or null when it has the right shape (6 digits, spaces aside).</summary>
    public static string? Problem(string? typed) =>
        Normalise(typed) is null ? $"Mã xác thực gồm {Digits} chữ số." : null;

    /// <summary>The destination typed on the sign-in form: an e-mail address when it holds '@', else a Vietnamese mobile
    /// number (0 or +84; a landline takes no SMS). Null when it is neither; <see cref="DestinationProblem"/> says why.</summary>
    public static CodeDestination? Destination(string? typed)
    {
        var text = typed?.Trim() ?? "";
        if (text.Contains('@', StringComparison.Ordinal))
            return text.Length <= 254 && Email().IsMatch(text) ? new CodeDestination(CodeChannel.Email, text.ToLowerInvariant()) : null;
        return MobileNumber.Local(text) is { } local ? new CodeDestination(CodeChannel.Sms, local) : null;
    }

    /// <summary>Null when <paramref name="typed"/> is a destination (<see cref="Destination"/>), otherwise the reason in Vietnamese.</summary>
    public static string? DestinationProblem(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? "Vui lòng nhập số điện thoại di động hoặc địa chỉ thư điện tử để nhận mã."
        : Destination(typed) is not null ? null
        : typed.Contains('@', StringComparison.Ordinal) ? "Địa chỉ thư điện tử không hợp lệ."
        : "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (có thể viết +84 thay cho số 0).";

    /// <summary>The SMS that carries <paramref name="code"/> (design §4): Vietnamese, with diacritics, one UCS-2 segment.</summary>
    public static string SmsText(string code) =>
        $"Mã đăng nhập MotCua: {code}. Hiệu lực {Lifetime.TotalMinutes:0} phút. Không cung cấp mã này cho người khác.";

    /// <summary>The subject of the e-mail that carries a code.</summary>
    public const string EmailSubject = "Mã đăng nhập Dịch vụ công MotCua";

    /// <summary>The plain-text body of the e-mail that carries <paramref name="code"/>.</summary>
    public static string EmailText(string code) =>
        SmsText(code) + "\n\nNếu bạn không yêu cầu đăng nhập, hãy bỏ qua thư này: không ai vào được tài khoản khi không có mã.";

    /// <summary>Whether a code sign-in may use the existing account of the same CCCD: only when the code went to the phone or
    /// e-mail recorded on it. Anyone can type a CCCD, so a code to another phone, or to any phone when the account records
    /// none (an account made by VNeID without a phone), must not open the account, and the dossiers it submitted, of the
    /// person who owns that CCCD; they sign in with VNeID [choice].</summary>
    public static bool MayUseAccount(string? accountPhone, string? accountEmail, CodeDestination destination) =>
        destination.Channel == CodeChannel.Sms
            ? accountPhone is not null && MobileNumber.Local(accountPhone) == destination.Address
            : accountEmail is not null && string.Equals(accountEmail.Trim(), destination.Address, StringComparison.OrdinalIgnoreCase);

    private static string? Normalise(string? typed)
    {
        var code = new string([.. (typed ?? "").Where(c => !char.IsWhiteSpace(c))]);
        return code.Length == Digits && code.All(char.IsAsciiDigit) ? code : null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex Email();
}
