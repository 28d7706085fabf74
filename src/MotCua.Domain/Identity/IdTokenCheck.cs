using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MotCua.Domain.Identity;

/// <summary>An RSA public key of the identity provider's key set (JWKS, RFC 7517): its key id and the big-endian modulus
/// and exponent.</summary>
public sealed record RsaPublicKey(string KeyId, byte[] Modulus, byte[] Exponent);

/// <summary>What a checked ID token says of the person: <c>sub</c> (the CCCD, 12 digits), <c>name</c>, <c>birthdate</c>
/// (ISO 8601 date, when given), <c>phone_number</c> (when given) and <c>acr</c> (the assurance level, "2" for VNeID level 2).</summary>
public sealed record IdTokenClaims(string Subject, string? Name, DateOnly? BirthDate, string? PhoneNumber, string? Acr);

/// <summary>
/// The check of an OpenID-Connect ID token (a JWS in compact form, RS256 only) from VNeID before MotCua signs a citizen in
/// (docs/design/ISSUE17.md §4): the signature verified with <see cref="RSA.VerifyData(byte[], byte[], HashAlgorithmName, RSASignaturePadding)"/>
/// on the key of the provider's key set named by the header's <c>kid</c>; <c>iss</c> equal to the configured issuer; <c>aud</c>
/// (a string or an array) holding MotCua's client id; <c>exp</c> in the future and <c>iat</c> not in it, with
/// <see cref="Skew"/> either way; <c>nonce</c> equal to the one MotCua sent; <c>sub</c> a 12-digit CCCD. Any other
/// algorithm (<c>none</c>, <c>HS256</c> keyed with the public key) is refused before any key is used (RFC 8725 §3.1).
/// OpenID Connect Core 1.0 §3.1.3.7 is the source of these rules; the real VNeID contract is not public [unverified].
/// </summary>
public static class IdTokenCheck
{
    /// <summary>The clock difference tolerated between MotCua and the provider.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);

    /// <summary>The longest token MotCua reads (a VNeID token is a few kilobytes at most).</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Checks <paramref name="token"/>; returns its claims, or null with <paramref name="problem"/> saying why it
    /// was refused (English, for the log: the citizen is told only that VNeID's answer could not be accepted).</summary>
    public static IdTokenClaims? Check(string? token, IReadOnlyList<RsaPublicKey> keys, string issuer, string audience, string nonce,
        DateTimeOffset now, out string problem)
    {
        problem = "";
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength) return Refuse("no token or too long", out problem);
        var parts = token.Split('.');
        if (parts.Length != 3) return Refuse("not a compact JWS", out problem);
        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
            payload = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
            signature = Base64Url(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException) { return Refuse("not base64url JSON", out problem); }
        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object) return Refuse("header or payload not an object", out problem);
        if (String(header, "alg") != "RS256") return Refuse($"algorithm {String(header, "alg") ?? "missing"} is not RS256", out problem);
        var kid = String(header, "kid");
        var key = keys.FirstOrDefault(k => k.KeyId == kid) ?? (kid is null && keys.Count == 1 ? keys[0] : null);
        if (key is null) return Refuse($"no key {kid ?? "(none named)"} in the key set", out problem);
        using (var rsa = RSA.Create(new RSAParameters { Modulus = key.Modulus, Exponent = key.Exponent }))
        {
            if (!rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                return Refuse("signature does not verify", out problem);
        }
        if (String(payload, "iss") != issuer) return Refuse($"issuer {String(payload, "iss")} is not {issuer}", out problem);
        if (!Audiences(payload).Contains(audience, StringComparer.Ordinal)) return Refuse("audience does not hold the client id", out problem);
        if (Seconds(payload, "exp") is not { } exp) return Refuse("no exp", out problem);
        if (DateTimeOffset.FromUnixTimeSeconds(exp) + Skew <= now) return Refuse("expired", out problem);
        if (Seconds(payload, "iat") is { } iat && DateTimeOffset.FromUnixTimeSeconds(iat) - Skew > now) return Refuse("issued in the future", out problem);
        if (String(payload, "nonce") is not { } sent || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(nonce)))
            return Refuse("nonce does not match", out problem);
        var subject = String(payload, "sub");
        if (subject is not { Length: 12 } || !subject.All(char.IsAsciiDigit)) return Refuse("sub is not a 12-digit CCCD", out problem);
        DateOnly? birth = DateOnly.TryParseExact(String(payload, "birthdate"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var b) ? b : null;
        return new IdTokenClaims(subject, String(payload, "name")?.Trim().Normalize(NormalizationForm.FormC), birth, String(payload, "phone_number"), String(payload, "acr"));
    }

    /// <summary>The RSA signing keys of a JWKS document (<c>{"keys": [{"kty": "RSA", "kid", "n", "e", …}]}</c>); keys of other
    /// types or marked for encryption are left out. Throws <see cref="FormatException"/> when the document is no key set.</summary>
    public static IReadOnlyList<RsaPublicKey> Keys(string jwks)
    {
        try
        {
            using var document = JsonDocument.Parse(jwks);
            if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
                throw new FormatException("The key set has no \"keys\" array.");
            return [.. keys.EnumerateArray()
                .Where(k => k.ValueKind == JsonValueKind.Object && String(k, "kty") == "RSA" && String(k, "use") is null or "sig"
                    && String(k, "n") is not null && String(k, "e") is not null)
                .Select(k => new RsaPublicKey(String(k, "kid") ?? "", Base64Url(String(k, "n")!), Base64Url(String(k, "e")!)))];
        }
        catch (JsonException e) { throw new FormatException("The key set is not JSON.", e); }
    }

    /// <summary>Base64url without padding (RFC 7515 §2), as JWS and JWKS write bytes.</summary>
    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The bytes of a base64url text; throws <see cref="FormatException"/> when it is not one.</summary>
    public static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }

    private static IdTokenClaims? Refuse(string why, out string problem)
    {
        problem = why;
        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Seconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? seconds : null;

    private static IEnumerable<string> Audiences(JsonElement payload) =>
        !payload.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()!]
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)
        : [];
}
