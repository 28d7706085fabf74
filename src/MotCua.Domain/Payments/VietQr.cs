using System.Globalization;
using System.Text;
using MotCua.Domain.Messages;

namespace MotCua.Domain.Payments;

/// <summary>
/// What a dynamic VietQR code asks for: a transfer of <see cref="AmountVnd"/> (integer VND, &gt; 0) to account
/// <see cref="AccountNumber"/> at the bank of NAPAS BIN <see cref="BankBin"/> (6 digits), with the transfer description
/// <see cref="Purpose"/> (ASCII, it carries the dossier code).
/// </summary>
public sealed record VietQrPayment(string BankBin, string AccountNumber, long AmountVnd, string Purpose);

/// <summary>
/// The VietQR code of a payment request (DOMAIN §8; NAPAS VietQR specification on EMVCo merchant-presented QR): a string
/// of tag-length-value fields, the length two decimal digits counting characters: 00 "01"; 01 "12" (dynamic, one
/// amount) or "11" (static); 38 {00 "A000000727", 01 {00 BIN, 01 account}, 02 "QRIBFTTA"}; 53 "704" (VND); 54 the
/// amount; 58 "VN"; 62 {08 purpose}; 63 the CRC-16/CCITT-FALSE of everything before it including "6304", 4 hex digits.
/// </summary>
public static class VietQr
{
    /// <summary>The NAPAS application identifier of tag 38.00.</summary>
    public const string Guid = "A000000727";

    /// <summary>Service code of a transfer to an account (tag 38.02); QRIBFTTC would be a transfer to a card.</summary>
    public const string ServiceToAccount = "QRIBFTTA";

    /// <summary>
    /// Longest purpose kept: bank apps cut transfer descriptions near 50 characters, and the dossier code (at most
    /// 35 + 1 + 6 + 1 + 9 = 52 characters, usually about 25) must survive; a longer purpose is refused, never cut.
    /// </summary>
    public const int MaxPurposeLength = 60;

    /// <summary>Largest amount: tag 54 holds at most 13 characters.</summary>
    public const long MaxAmountVnd = 9_999_999_999_999;

    /// <summary>
    /// The transfer description of a dossier's payment: "<paramref name="prefix"/> <paramref name="dossierCode"/>"
    /// without diacritics (đ → d), keeping only letters, digits, spaces, dots and hyphens, which every bank app keeps.
    /// The prefix is dropped when both do not fit, so that the code (at most 52 characters) always does.
    /// </summary>
    /// <exception cref="ArgumentException">The code alone is empty or longer than <see cref="MaxPurposeLength"/>.</exception>
    public static string PurposeFor(string dossierCode, string prefix = "Nop phi")
    {
        ArgumentNullException.ThrowIfNull(dossierCode);
        ArgumentNullException.ThrowIfNull(prefix);
        var purpose = CleanPurpose($"{prefix} {dossierCode}");
        if (purpose.Length > MaxPurposeLength) purpose = CleanPurpose(dossierCode);
        if (purpose.Length is 0 or > MaxPurposeLength)
            throw new ArgumentException($"Nội dung chuyển khoản phải có từ 1 đến {MaxPurposeLength} ký tự.", nameof(dossierCode));
        return purpose;
    }

    /// <summary>ASCII letters, digits, space, '.' and '-' after dropping diacritics; other characters become spaces,
    /// runs of spaces one, ends trimmed.</summary>
    public static string CleanPurpose(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = SmsText.WithoutDiacritics(text);
        var kept = new StringBuilder(plain.Length);
        foreach (var c in plain)
        {
            var c2 = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : ' ';
            if (c2 == ' ' && (kept.Length == 0 || kept[^1] == ' ')) continue;
            kept.Append(c2);
        }
        return kept.ToString().TrimEnd();
    }

    /// <summary>Whether <paramref name="purpose"/> is already what <see cref="CleanPurpose"/> gives, within length.</summary>
    public static bool IsValidPurpose(string? purpose) =>
        purpose is { Length: > 0 and <= MaxPurposeLength } && CleanPurpose(purpose) == purpose;

    /// <summary>Whether <paramref name="bin"/> has the shape of a NAPAS bank BIN (6 digits); whether the bank exists is
    /// <see cref="BankDirectory"/>'s question.</summary>
    public static bool IsBinShape(string? bin) => bin is { Length: 6 } && bin.All(char.IsAsciiDigit);

    /// <summary>Account numbers as banks issue them: 1 to 19 ASCII letters or digits (the 0032 check).</summary>
    public static bool IsAccountNumber(string? account) =>
        account is { Length: > 0 and <= 19 } && account.All(char.IsAsciiLetterOrDigit);

    /// <summary>The dynamic VietQR string of <paramref name="payment"/>.</summary>
    /// <exception cref="ArgumentException">A field is out of shape (Vietnamese message naming it).</exception>
    public static string Encode(VietQrPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (!IsBinShape(payment.BankBin))
            throw new ArgumentException("Mã BIN ngân hàng phải gồm 6 chữ số.", nameof(payment));
        if (!IsAccountNumber(payment.AccountNumber))
            throw new ArgumentException("Số tài khoản chỉ gồm 1 đến 19 chữ số hoặc chữ cái.", nameof(payment));
        if (payment.AmountVnd is <= 0 or > MaxAmountVnd)
            throw new ArgumentException("Số tiền phải lớn hơn 0 và có tối đa 13 chữ số.", nameof(payment));
        if (!IsValidPurpose(payment.Purpose))
            throw new ArgumentException($"Nội dung chuyển khoản chỉ gồm chữ không dấu, chữ số, dấu cách, '.', '-', tối đa {MaxPurposeLength} ký tự.", nameof(payment));
        var beneficiary = Field("00", payment.BankBin) + Field("01", payment.AccountNumber);
        var account = Field("00", Guid) + Field("01", beneficiary) + Field("02", ServiceToAccount);
        var body = Field("00", "01") + Field("01", "12") + Field("38", account) + Field("53", "704")
            + Field("54", payment.AmountVnd.ToString(CultureInfo.InvariantCulture)) + Field("58", "VN")
            + Field("62", Field("08", payment.Purpose)) + "6304";
        return body + Crc16(Encoding.UTF8.GetBytes(body)).ToString("X4", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reads a VietQR string back: the CRC checked, tags 00, 01, 38 (GUID, service), 53 and 58 checked, the amount a
    /// positive integer. Answers null and a Vietnamese <paramref name="error"/> for anything else.
    /// </summary>
    public static VietQrPayment? TryParse(string? text, out string error)
    {
        error = "";
        if (text is null || text.Length < 8 || text[^8..^4] != "6304")
            return Fail("Mã VietQR không kết thúc bằng trường CRC (63).", out error);
        var body = text[..^4];
        // Upper-case hex only, as written: a lower-case CRC is another string than the one encoded.
        if (text[^4..] != Crc16(Encoding.UTF8.GetBytes(body)).ToString("X4", CultureInfo.InvariantCulture))
            return Fail("Mã VietQR sai CRC.", out error);
        var top = Fields(text[..^8]);
        if (top is null) return Fail("Mã VietQR sai cấu trúc TLV.", out error);
        if (Get(top, "00") != "01") return Fail("Mã VietQR sai phiên bản (00).", out error);
        if (Get(top, "01") is not ("11" or "12")) return Fail("Mã VietQR sai phương thức (01).", out error);
        if (Get(top, "53") != "704") return Fail("Mã VietQR không phải tiền đồng (53).", out error);
        if (Get(top, "58") != "VN") return Fail("Mã VietQR sai quốc gia (58).", out error);
        var account = Fields(Get(top, "38"));
        if (account is null || Get(account, "00") != Guid || Get(account, "02") != ServiceToAccount)
            return Fail("Mã VietQR không phải chuyển khoản NAPAS đến tài khoản (38).", out error);
        var beneficiary = Fields(Get(account, "01"));
        var bin = beneficiary is null ? null : Get(beneficiary, "00");
        var number = beneficiary is null ? null : Get(beneficiary, "01");
        if (!IsBinShape(bin) || !IsAccountNumber(number)) return Fail("Mã VietQR sai người thụ hưởng (38.01).", out error);
        if (!long.TryParse(Get(top, "54"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return Fail("Mã VietQR không có số tiền hợp lệ (54).", out error);
        var additional = Fields(Get(top, "62"));
        var purpose = additional is null ? null : Get(additional, "08");
        if (purpose is null) return Fail("Mã VietQR không có nội dung chuyển khoản (62.08).", out error);
        return new VietQrPayment(bin!, number!, amount, purpose);
    }

    /// <summary>CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR ("123456789" → 0x29B1).</summary>
    public static ushort Crc16(ReadOnlySpan<byte> bytes)
    {
        ushort crc = 0xFFFF;
        foreach (var b in bytes)
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
        }
        return crc;
    }

    private static string Field(string tag, string value)
    {
        if (value.Length > 99) throw new ArgumentException($"Trường {tag} của mã VietQR dài quá 99 ký tự.", nameof(value));
        return tag + value.Length.ToString("D2", CultureInfo.InvariantCulture) + value;
    }

    // Null when the text is not a clean sequence of fields; a repeated tag keeps its first value.
    private static Dictionary<string, string>? Fields(string? text)
    {
        if (text is null) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = 0;
        while (at < text.Length)
        {
            if (at + 4 > text.Length || !int.TryParse(text.AsSpan(at + 2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || at + 4 + length > text.Length)
                return null;
            fields.TryAdd(text.Substring(at, 2), text.Substring(at + 4, length));
            at += 4 + length;
        }
        return fields;
    }

    private static string? Get(Dictionary<string, string> fields, string tag) => fields.GetValueOrDefault(tag);

    private static VietQrPayment? Fail(string message, out string error)
    {
        error = message;
        return null;
    }
}
