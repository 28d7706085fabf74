using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// The one signature recipe of MotCua's HTTP exchanges: the hex HMAC-SHA256, under a shared key, of the Unix time in
/// seconds written in decimal, a full stop and the body's bytes as sent (<c>"{timestamp}.{body}"</c>). The webhooks
/// MotCua sends, the gateways' delivery receipts and the payment partners' callbacks all use it; each names its own
/// headers and says its own refusals. A timestamp more than <see cref="Tolerance"/> from the receiver's clock is refused,
/// so a captured message cannot be replayed later; the comparison takes the same time whatever the bytes.
/// </summary>
public static class TimestampSignature
{
    /// <summary>Why a signature was refused.</summary>
    public enum Failure
    {
        /// <summary>No timestamp or no signature.</summary>
        Missing,
        /// <summary>The timestamp is not Unix seconds.</summary>
        BadTimestamp,
        /// <summary>The timestamp lies more than <see cref="Tolerance"/> from the clock.</summary>
        Stale,
        /// <summary>The signature is not hex, or not that of the body under the key.</summary>
        Wrong,
    }

    /// <summary>How far a timestamp may lie from the receiver's clock either way: five minutes.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The lowercase hex signature of <paramref name="body"/> at <paramref name="timestamp"/> (its decimal text).</summary>
    public static string Sign(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.ASCII.GetByteCount(timestamp) + 1 + body.Length];
        var n = Encoding.ASCII.GetBytes(timestamp, signed);
        signed[n] = (byte)'.';
        body.CopyTo(signed.AsSpan(n + 1));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }

    /// <summary>As the other overload, for a timestamp in Unix seconds.</summary>
    public static string Sign(byte[] key, long timestamp, ReadOnlySpan<byte> body) =>
        Sign(key, timestamp.ToString(CultureInfo.InvariantCulture), body);

    /// <summary>Null when <paramref name="signature"/> (hex, either case) signs <paramref name="body"/> at
    /// <paramref name="timestamp"/> under <paramref name="key"/> within <see cref="Tolerance"/> of <paramref name="now"/>;
    /// otherwise why not.</summary>
    public static Failure? Verify(byte[] key, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return Failure.Missing;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
            return Failure.BadTimestamp;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance) return Failure.Stale;
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return Failure.Wrong; }
        var expected = Convert.FromHexString(Sign(key, seconds, body));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? null : Failure.Wrong;
    }
}
