using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MotCua.Domain.Identity;
using MotCua.Domain.Messages;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>What a VNeID callback came to: the account signed in and where to go, or a Vietnamese message.</summary>
public abstract record VneIdOutcome
{
    /// <summary>Proven by VNeID: the account (<c>citizens.id</c>, made or updated with assurance 1) and the return path.</summary>
    public sealed record SignedIn(long CitizenId, string ReturnTo) : VneIdOutcome;

    /// <summary>Not signed in; <paramref name="Message"/> says why, <paramref name="Unreachable"/> when VNeID could not be
    /// reached (the page then offers the one-time code first).</summary>
    public sealed record Failed(string Message, bool Unreachable = false) : VneIdOutcome;
}

/// <summary>
/// The VNeID sign-in (authorisation code + PKCE S256 + nonce, OpenID-Connect shaped; docs/SECURITY.md "Citizen sign-in").
/// <see cref="StartAsync"/> draws a random state, derives the nonce and the PKCE verifier from it under deployment subkeys
/// (<c>vneid-nonce</c>, <c>vneid-pkce</c>), keeps their SHA-256 in <c>vneid_sign_ins</c> (5 minutes) and gives the
/// provider's address; the browser also keeps the state in the cookie <see cref="StateCookie"/>, so a callback carried to
/// another browser (a sign-in forced on someone) is refused. <see cref="CompleteAsync"/> uses the state once, exchanges the
/// code with the verifier, checks the ID token (<see cref="IdTokenCheck"/>) and makes or updates the citizen's account.
/// </summary>
public sealed class VneIdSignIns(NpgsqlDataSource data, DeploymentKey deploymentKey, IVneIdClient client, IOptions<VneIdOptions> options,
    TimeProvider clock, ILogger<VneIdSignIns> log)
{
    /// <summary>How long a started sign-in may take.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The cookie that binds a started sign-in to this browser.</summary>
    public const string StateCookie = "motcua.vneid";

    /// <summary>The path of the callback, under which the state cookie is sent.</summary>
    public const string CallbackPath = "/cong-dan/dang-nhap/vneid/xong";

    /// <summary>What a citizen who cancelled at VNeID is told.</summary>
    public const string Cancelled = "Bạn đã hủy đăng nhập.";

    /// <summary>What a citizen is told when VNeID cannot be reached.</summary>
    public const string UnreachableMessage = "Không kết nối được VNeID, hãy nhận mã qua tin nhắn.";

    /// <summary>What a citizen is told when the callback is not one MotCua started (used, expired, another browser's).</summary>
    public const string Invalid = "Phiên đăng nhập VNeID không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.";

    /// <summary>What a citizen is told when VNeID's answer cannot be accepted (refused exchange, a token that fails a check).</summary>
    public const string NotAccepted = "Không xác nhận được thông tin đăng nhập do VNeID gửi về. Vui lòng đăng nhập lại hoặc nhận mã qua tin nhắn.";

    /// <summary>Starts a sign-in that will return to <paramref name="returnTo"/> (made safe) through the callback at
    /// <paramref name="redirectUri"/>; returns the provider's authorisation address and the state for the browser's cookie.</summary>
    public async Task<(string AuthorizeUrl, string State)> StartAsync(string? returnTo, string redirectUri, CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var state = IdTokenCheck.Base64Url(RandomNumberGenerator.GetBytes(32));
        var (nonce, verifier) = Derived(state);
        await using (var command = data.CreateCommand("""
            WITH old AS (DELETE FROM vneid_sign_ins WHERE created_at < $6)
            INSERT INTO vneid_sign_ins (state_hash, nonce_hash, verifier_hash, return_to, created_at) VALUES ($1, $2, $3, $4, $5)
            """))
        {
            command.Parameters.AddWithValue(Sha256(state));
            command.Parameters.AddWithValue(Sha256(nonce));
            command.Parameters.AddWithValue(Sha256(verifier));
            command.Parameters.AddWithValue(CitizenReturn.Safe(returnTo));
            command.Parameters.AddWithValue(now);
            command.Parameters.AddWithValue(now - Lifetime);
            await command.ExecuteNonQueryAsync(ct);
        }
        var challenge = IdTokenCheck.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = settings.ClientId!, ["redirect_uri"] = redirectUri, ["scope"] = settings.Scope,
            ["state"] = state, ["nonce"] = nonce, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        };
        var separator = settings.AuthorizeUrl!.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return (settings.AuthorizeUrl + separator + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")), state);
    }

    /// <summary>Completes the sign-in VNeID sent back to <paramref name="redirectUri"/> with <paramref name="code"/> or
    /// <paramref name="error"/> and <paramref name="state"/>; <paramref name="browserState"/> is the browser's
    /// <see cref="StateCookie"/>. The state is used up whatever the outcome.</summary>
    public async Task<VneIdOutcome> CompleteAsync(string? state, string? code, string? error, string? browserState, string redirectUri, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 200) return new VneIdOutcome.Failed(Invalid);
        string nonceHash, verifierHash, returnTo;
        DateTimeOffset createdAt;
        await using (var take = data.CreateCommand("DELETE FROM vneid_sign_ins WHERE state_hash = $1 RETURNING nonce_hash, verifier_hash, return_to, created_at"))
        {
            take.Parameters.AddWithValue(Sha256(state));
            await using var reader = await take.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return new VneIdOutcome.Failed(Invalid);
            (nonceHash, verifierHash, returnTo, createdAt) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
        }
        if (clock.GetUtcNow() - createdAt > Lifetime
            || browserState is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(browserState), Encoding.UTF8.GetBytes(state)))
            return new VneIdOutcome.Failed(Invalid);
        if (error is not null) return new VneIdOutcome.Failed(error == "access_denied" ? Cancelled : NotAccepted);
        if (string.IsNullOrEmpty(code) || code.Length > 2000) return new VneIdOutcome.Failed(NotAccepted);
        var (nonce, verifier) = Derived(state);
        // Another deployment key since the start (a restore elsewhere): the derived values are no longer the ones sent.
        if (Sha256(nonce) != nonceHash || Sha256(verifier) != verifierHash) return new VneIdOutcome.Failed(Invalid);

        IdTokenClaims? claims;
        try
        {
            var token = await client.ExchangeAsync(code, verifier, redirectUri, ct);
            var settings = options.Value;
            claims = IdTokenCheck.Check(token, await client.KeysAsync(false, ct), settings.Issuer!, settings.ClientId!, nonce, clock.GetUtcNow(), out var problem);
            if (claims is null && problem.StartsWith("no key", StringComparison.Ordinal))
                claims = IdTokenCheck.Check(token, await client.KeysAsync(true, ct), settings.Issuer!, settings.ClientId!, nonce, clock.GetUtcNow(), out problem);
            if (claims is null)
            {
                log.LogWarning("VNeID ID token refused: {Problem}", problem);
                return new VneIdOutcome.Failed(NotAccepted);
            }
        }
        catch (VneIdUnavailableException e)
        {
            log.LogWarning("VNeID unavailable: {Error}", e.Message);
            return new VneIdOutcome.Failed(UnreachableMessage, Unreachable: true);
        }
        catch (VneIdRefusedException e)
        {
            log.LogWarning("VNeID refused the code exchange: {Error}", e.Message);
            return new VneIdOutcome.Failed(NotAccepted);
        }
        return new VneIdOutcome.SignedIn(await UpsertAsync(claims, ct), returnTo);
    }

    // VNeID proves the identity: the CCCD's proven account (assurance 1, one per CCCD) is made, or takes the name VNeID gives;
    // the phone VNeID gives (when it gives one) becomes the account's, the one a later one-time code must go to. A code
    // account of the same CCCD (assurance 2) is never turned into the proven one (rat28 MEDIUM 4): whoever made it proved
    // only a phone or an e-mail.
    private async Task<long> UpsertAsync(IdTokenClaims claims, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO citizens AS c (id_number, full_name, phone, assurance, security_stamp, created_at) VALUES ($1, $2, $3, 1, $4, $5)
            ON CONFLICT (id_number) WHERE assurance = 1 DO UPDATE SET full_name = coalesce(EXCLUDED.full_name, c.full_name), phone = coalesce(EXCLUDED.phone, c.phone)
            RETURNING id
            """);
        command.Parameters.AddWithValue(claims.Subject);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)claims.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)MobileNumber.Local(claims.PhoneNumber) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(CitizenSignIn.NewSecurityStamp());
        command.Parameters.AddWithValue(clock.GetUtcNow());
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private (string Nonce, string Verifier) Derived(string state) =>
        (IdTokenCheck.Base64Url(HMACSHA256.HashData(deploymentKey.DeriveKey("vneid-nonce"), Encoding.ASCII.GetBytes(state))),
         IdTokenCheck.Base64Url(HMACSHA256.HashData(deploymentKey.DeriveKey("vneid-pkce"), Encoding.ASCII.GetBytes(state))));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
