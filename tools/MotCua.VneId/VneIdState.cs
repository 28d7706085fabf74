using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MotCua.PopulationRegistry;

namespace MotCua.VneId;

/// <summary>One sign-in event the simulator saw (<c>GET /sign-ins</c>, for tests): when, whose CCCD, which client, and the
/// outcome (<c>approved</c>, <c>denied</c>, <c>wrong-passcode</c>, <c>token</c>, <c>token-refused:{reason}</c>, <c>outage</c>).</summary>
public sealed record SignInEvent(DateTimeOffset At, string? Sub, string? ClientId, string Outcome);

/// <summary>An authorisation code handed to a browser: for which client and redirect address, whose CCCD, the nonce and
/// PKCE challenge of the request, until when, and whether it was exchanged.</summary>
public sealed record Grant(string ClientId, string RedirectUri, string Sub, string? Nonce, string Challenge, DateTimeOffset ExpiresAt)
{
    public bool Used { get; set; }
}

/// <summary>
/// The simulator's people, codes, tokens, signing key and misbehaviour (<c>POST /control</c>): <c>mode</c> <c>normal</c>;
/// <c>outage</c> (every OpenID endpoint closes the connection without answering); <c>slow</c> (<c>delayMs</c> before each
/// answer); <c>deny</c> (every authorisation answers <c>access_denied</c>, as a citizen who refuses). <c>tamper</c> makes the
/// next ID tokens wrong in one way, for MotCua's checks to refuse: <c>none</c>, <c>forged</c> (signed by another key under the
/// same key id), <c>expired</c>, <c>nonce</c>, <c>audience</c>, <c>issuer</c>, <c>unsigned</c> (<c>alg: none</c>).
/// </summary>
public sealed class VneIdState(List<Person> people)
{
    /// <summary>The passcode every simulated person signs in with [simulator only].</summary>
    public const string Passcode = "123456";

    private static readonly string[] Modes = ["normal", "outage", "slow", "deny"];
    private static readonly string[] Tampers = ["none", "forged", "expired", "nonce", "audience", "issuer", "unsigned"];

    private readonly Lock gate = new();
    private readonly Dictionary<string, Person> byNumber = people.ToDictionary(p => p.IdNumber);
    private readonly Dictionary<string, string> phones = [];
    private readonly List<Person> ordered = people;
    private readonly Dictionary<string, Grant> grants = [];
    private readonly Dictionary<string, (string Sub, DateTimeOffset ExpiresAt)> accessTokens = [];
    private readonly List<SignInEvent> events = [];
    private string mode = "normal", tamper = "none";
    private int delayMs;

    /// <summary>The RSA key the ID tokens are signed with, made at start (2048 bits), and its key id.</summary>
    public RSA Key { get; } = RSA.Create(2048);

    // The key a forged token is signed with, made at start too: making one per token takes seconds on a busy machine.
    private readonly RSA forger = RSA.Create(2048);

    /// <summary>The key id of <see cref="Key"/> (the JWKS <c>kid</c>).</summary>
    public string KeyId { get; } = "vneid-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public Person? Find(string? number)
    {
        lock (gate) return number is null ? null : byNumber.GetValueOrDefault(number);
    }

    public IReadOnlyList<Person> Take(int take)
    {
        lock (gate) return [.. ordered.Take(take)];
    }

    /// <summary>Adds (or replaces) a person, with a phone number when given.</summary>
    public void Add(Person person, string? phone)
    {
        lock (gate)
        {
            if (byNumber.ContainsKey(person.IdNumber)) ordered.RemoveAll(p => p.IdNumber == person.IdNumber);
            byNumber[person.IdNumber] = person;
            ordered.Insert(0, person);
            if (phone is not null) phones[person.IdNumber] = phone;
            else phones.Remove(person.IdNumber);
        }
    }

    /// <summary>The person's phone as VNeID would give it (<c>+84…</c>): the one given to <c>POST /people</c>, else one made
    /// from the CCCD's last eight digits (a 09x mobile number), so the generator's people have one too.</summary>
    public string PhoneOf(Person person)
    {
        lock (gate) return phones.GetValueOrDefault(person.IdNumber) ?? "+849" + person.IdNumber[^8..];
    }

    public void Record(SignInEvent e)
    {
        lock (gate) events.Add(e);
    }

    public IReadOnlyList<SignInEvent> Events()
    {
        lock (gate) return [.. events];
    }

    /// <summary>A new authorisation code for <paramref name="grant"/> (random, 256 bits, base64url).</summary>
    public string Issue(Grant grant)
    {
        var code = Base64Url(RandomNumberGenerator.GetBytes(32));
        lock (gate) grants[code] = grant;
        return code;
    }

    /// <summary>Takes the grant of <paramref name="code"/> when it exists, is unused and unexpired; marks it used. A used code
    /// presented again is refused (RFC 6749 §4.1.2: codes are single-use).</summary>
    public Grant? Redeem(string? code, DateTimeOffset now)
    {
        lock (gate)
        {
            if (code is null || !grants.TryGetValue(code, out var grant) || grant.Used || grant.ExpiresAt < now) return null;
            grant.Used = true;
            return grant;
        }
    }

    public string NewAccessToken(string sub, DateTimeOffset expiresAt)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        lock (gate) accessTokens[token] = (sub, expiresAt);
        return token;
    }

    public string? SubOfAccessToken(string token, DateTimeOffset now)
    {
        lock (gate) return accessTokens.TryGetValue(token, out var t) && t.ExpiresAt > now ? t.Sub : null;
    }

    /// <summary>Sets the mode, delay and tamper; returns the state or null when a value is not known.</summary>
    public object? Control(string? newMode, int? newDelayMs, string? newTamper)
    {
        if (newMode is not null && !Modes.Contains(newMode) || newTamper is not null && !Tampers.Contains(newTamper) || newDelayMs is < 0 or > 60_000) return null;
        lock (gate)
        {
            mode = newMode ?? mode;
            delayMs = newDelayMs ?? (mode == "slow" ? delayMs : 0);
            tamper = newTamper ?? tamper;
            return new { mode, delayMs, tamper };
        }
    }

    public string Mode
    {
        get { lock (gate) return mode; }
    }

    /// <summary>Whether to close the connection (outage); waits first in slow mode.</summary>
    public async Task<bool> InterfereAsync(CancellationToken ct)
    {
        int wait;
        lock (gate)
        {
            if (mode == "outage") return true;
            wait = mode == "slow" ? delayMs : 0;
        }
        if (wait > 0) await Task.Delay(wait, ct);
        return false;
    }

    /// <summary>The ID token for <paramref name="person"/> as a compact JWS, RS256 under <see cref="Key"/> unless the tamper
    /// setting says otherwise.</summary>
    public string IdToken(Person person, string issuer, string clientId, string? nonce, DateTimeOffset now)
    {
        string how;
        lock (gate) how = tamper;
        var issued = how == "expired" ? now.AddMinutes(-30) : now;
        var payload = new Dictionary<string, object?>
        {
            ["iss"] = how == "issuer" ? "https://vneid.gia-mao.example" : issuer,
            ["sub"] = person.IdNumber,
            ["aud"] = how == "audience" ? "ung-dung-khac" : clientId,
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["auth_time"] = issued.ToUnixTimeSeconds(),
            ["exp"] = issued.AddMinutes(5).ToUnixTimeSeconds(),
            ["nonce"] = how == "nonce" ? (nonce ?? "") + "-khac" : nonce,
            ["name"] = person.FullName,
            ["birthdate"] = person.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["gender"] = person.Sex == "Nữ" ? "female" : "male",
            ["phone_number"] = PhoneOf(person),
            ["acr"] = "2",
        };
        var header = new Dictionary<string, object> { ["alg"] = how == "unsigned" ? "none" : "RS256", ["typ"] = "JWT", ["kid"] = KeyId };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        if (how == "unsigned") return signingInput + ".";
        var signature = (how == "forged" ? forger : Key).SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
