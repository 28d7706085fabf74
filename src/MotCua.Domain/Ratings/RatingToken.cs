using System.Security.Cryptography;
using System.Text;

namespace MotCua.Domain.Ratings;

/// <summary>
/// The rating token (mã đánh giá) of a dossier: the first 60 bits of HMAC-SHA256(key, <c>"rating:" + dossierId</c>) in
/// Crockford base32, 12 characters printed <c>XXXX-XXXX-XXXX</c>. Only the applicant gets it (Mẫu 01, the closing SMS or
/// e-mail), so nobody rates another's dossier by knowing its public code. Derived, never stored [choice, ISSUE17 §1.5]: a
/// reprinted receipt shows the same token, and the key is a deployment subkey the database does not hold, so a copy of the
/// database cannot mint tokens.
/// </summary>
public static class RatingToken
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The purpose of the deployment subkey that derives tokens (DeploymentKey.DeriveKey, SECURITY §1).</summary>
    public const string KeyPurpose = "ratings";

    /// <summary>The purpose of the subkey of the own link's token (<see cref="RatingProof.OwnLink"/>): sent only in the
    /// closing SMS/e-mail and shown on the citizen's own dossier page, never printed, so it proves more than the slip.</summary>
    public const string OwnKeyPurpose = "ratings-own";

    /// <summary>The purpose of the subkey that marks a printed-code rating so a stronger proof can find and replace it
    /// (<c>ratings.replace_key</c>): without the deployment key a copy of the database cannot tie it to a dossier.</summary>
    public const string ReplaceKeyPurpose = "ratings-replace";

    /// <summary>The printed length, dashes included.</summary>
    public const int PrintedLength = 14;

    /// <summary>The token of <paramref name="dossierId"/> under <paramref name="key"/> (any length), e.g. <c>7K3M-9QXA-2PRT</c>.</summary>
    public static string For(ReadOnlySpan<byte> key, long dossierId)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes("rating:" + dossierId.ToString(System.Globalization.CultureInfo.InvariantCulture)), mac);
        ulong bits = 0;
        for (var i = 0; i < 8; i++) bits = (bits << 8) | mac[i];
        bits >>= 4; // 60 bits: 12 characters of 5 bits
        Span<char> chars = stackalloc char[PrintedLength];
        for (int i = 11, at = PrintedLength - 1; i >= 0; i--, at--)
        {
            if (at is 4 or 9) chars[at--] = '-';
            chars[at] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
        return new string(chars);
    }

    /// <summary>
    /// Whether <paramref name="typed"/> is the token of <paramref name="dossierId"/>: dashes and spaces dropped, case folded,
    /// <c>O</c> read as <c>0</c> and <c>I</c>/<c>L</c> as <c>1</c> (Crockford's reading), compared in constant time. Null,
    /// empty or another length is false.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> key, long dossierId, string? typed)
    {
        if (Normalize(typed) is not { } folded) return false;
        var expected = Normalize(For(key, dossierId))!;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(folded), Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>The 12 characters of a typed token in the alphabet, or null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 32) return null;
        var folded = new StringBuilder(12);
        foreach (var c in typed.ToUpperInvariant())
        {
            if (c is '-' or ' ') continue;
            var d = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (!Alphabet.Contains(d)) return null;
            folded.Append(d);
        }
        return folded.Length == 12 ? folded.ToString() : null;
    }
}

/// <summary>
/// The invitation to rate sent when a dossier is closed (ISSUE17 §7.1): "Mời ông/bà đánh giá việc giải quyết hồ sơ {code}:
/// {url}", folded to GSM-7 (<see cref="Messages.SmsText.WithoutDiacritics"/>) so it fits one 160-character SMS.
/// </summary>
public static class RatingInvitation
{
    /// <summary>The e-mail's subject and the SMS's wording before folding.</summary>
    public static string Text(string code, string url) => $"Mời ông/bà đánh giá việc giải quyết hồ sơ {code}: {url}";

    /// <summary>
    /// The SMS: the text above folded, or, when the link makes it longer than one GSM-7 segment, the same text without the
    /// code (the link carries it); null when even that does not fit (a public address too long for an SMS).
    /// </summary>
    public static string? Sms(string code, string url)
    {
        foreach (var text in new[] { Text(code, url), $"Mời ông/bà đánh giá việc giải quyết hồ sơ: {url}" })
        {
            var folded = Messages.SmsText.WithoutDiacritics(text);
            var size = Messages.SmsText.Measure(folded);
            if (size.Encoding == Messages.SmsEncoding.Gsm7 && size.Segments == 1) return folded;
        }
        return null;
    }
}
