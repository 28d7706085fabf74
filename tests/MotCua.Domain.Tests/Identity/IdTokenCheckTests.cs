using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Identity;

public sealed class IdTokenCheckTests : IDisposable
{
    private const string Issuer = "https://vneid.example";
    private const string Client = "motcua";
    private const string Nonce = "nonce-thu";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly RSA rsa = RSA.Create(2048);
    private readonly RSA other = RSA.Create(2048);

    private IReadOnlyList<RsaPublicKey> Keys()
    {
        var p = rsa.ExportParameters(false);
        var jwks = JsonSerializer.Serialize(new { keys = new object[]
        {
            new { kty = "EC", kid = "ec", crv = "P-256", x = "AA", y = "AA" },
            new { kty = "RSA", use = "sig", alg = "RS256", kid = "k1", n = IdTokenCheck.Base64Url(p.Modulus!), e = IdTokenCheck.Base64Url(p.Exponent!) },
        } });
        return IdTokenCheck.Keys(jwks);
    }

    private string Token(Action<Dictionary<string, object?>>? change = null, string alg = "RS256", string kid = "k1", RSA? signer = null)
    {
        var payload = new Dictionary<string, object?>
        {
            ["iss"] = Issuer, ["sub"] = "046095001234", ["aud"] = Client, ["exp"] = Now.AddMinutes(5).ToUnixTimeSeconds(),
            ["iat"] = Now.ToUnixTimeSeconds(), ["nonce"] = Nonce, ["name"] = "Nguyễn Thị Hồng Nhung", ["birthdate"] = "1995-09-02",
            ["phone_number"] = "+84905123456", ["acr"] = "2",
        };
        change?.Invoke(payload);
        var input = IdTokenCheck.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT", kid })) + "." + IdTokenCheck.Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        if (alg != "RS256") return input + ".";
        return input + "." + IdTokenCheck.Base64Url((signer ?? rsa).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private IdTokenClaims? Check(string token, out string problem) => IdTokenCheck.Check(token, Keys(), Issuer, Client, Nonce, Now, out problem);

    [Fact]
    public void A_right_token_gives_the_persons_claims()
    {
        var claims = Check(Token(), out var problem);
        Assert.Equal("", problem);
        Assert.Equal(new IdTokenClaims("046095001234", "Nguyễn Thị Hồng Nhung", new DateOnly(1995, 9, 2), "+84905123456", "2"), claims);
        // An audience array holding the client is right too.
        Assert.NotNull(Check(Token(p => p["aud"] = new[] { "khac", Client }), out _));
    }

    public static TheoryData<string, string> Wrongs => new()
    {
        { "issuer", "issuer" }, { "audience", "audience" }, { "expired", "expired" }, { "nonce", "nonce" }, { "future", "future" },
        { "sub", "sub" }, { "no-exp", "no exp" }, { "forged", "signature" }, { "none", "algorithm" }, { "hs256", "algorithm" },
        { "unknown-key", "no key" }, { "tampered", "signature" }, { "garbage", "compact" },
    };

    [Theory]
    [MemberData(nameof(Wrongs))]
    public void Every_wrong_token_is_refused_with_its_reason(string wrong, string reason)
    {
        var token = wrong switch
        {
            "issuer" => Token(p => p["iss"] = "https://gia-mao.example"),
            "audience" => Token(p => p["aud"] = "ung-dung-khac"),
            // Past the 2-minute skew; within it the token still passes.
            "expired" => Token(p => p["exp"] = Now.AddMinutes(-3).ToUnixTimeSeconds()),
            "nonce" => Token(p => p["nonce"] = "nonce-khac"),
            "future" => Token(p => p["iat"] = Now.AddMinutes(10).ToUnixTimeSeconds()),
            "sub" => Token(p => p["sub"] = "12345"),
            "no-exp" => Token(p => p.Remove("exp")),
            "forged" => Token(signer: other),
            "none" => Token(alg: "none"),
            "hs256" => Token(alg: "HS256"),
            "unknown-key" => Token(kid: "k2"),
            "tampered" => Tampered(),
            _ => "khong-phai-jwt",
        };
        Assert.Null(Check(token, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void The_skew_tolerates_two_minutes_of_clock_difference() =>
        Assert.NotNull(Check(Token(p => p["exp"] = Now.AddMinutes(-1).ToUnixTimeSeconds()), out _));

    [Fact]
    public void A_key_set_without_keys_is_no_key_set()
    {
        Assert.Throws<FormatException>(() => IdTokenCheck.Keys("{}"));
        Assert.Throws<FormatException>(() => IdTokenCheck.Keys("không phải JSON"));
        Assert.Single(Keys());
    }

    // The payload changed after signing (another CCCD): the signature no longer covers it.
    private string Tampered()
    {
        var parts = Token().Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(IdTokenCheck.Base64Url(parts[1]))!;
        payload["sub"] = "046095009999";
        return parts[0] + "." + IdTokenCheck.Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload)) + "." + parts[2];
    }

    public void Dispose()
    {
        rsa.Dispose();
        other.Dispose();
    }
}
