using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Domain.Identity;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>VNeID could not be reached (refused connection, timeout, 5xx, an answer that is no token): the citizen is sent
/// to the one-time code.</summary>
public sealed class VneIdUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>VNeID answered and refused (4xx: the code is unknown, used or expired, the verifier or the client is wrong).</summary>
public sealed class VneIdRefusedException(string message) : Exception(message);

/// <summary>What MotCua asks of VNeID server to server (the browser's part is a redirect): the code exchange and the key
/// set. The real contract is not public [unverified]; this interface is where it would change.</summary>
public interface IVneIdClient
{
    /// <summary>Exchanges an authorisation <paramref name="code"/> and its PKCE <paramref name="verifier"/> for the ID token
    /// (compact JWS). Throws <see cref="VneIdUnavailableException"/> or <see cref="VneIdRefusedException"/>.</summary>
    Task<string> ExchangeAsync(string code, string verifier, string redirectUri, CancellationToken ct);

    /// <summary>The provider's RSA signing keys, cached for 10 minutes; <paramref name="refresh"/> reads them again (a token
    /// names a key not seen yet: the provider rolled its keys). Throws <see cref="VneIdUnavailableException"/>.</summary>
    Task<IReadOnlyList<RsaPublicKey>> KeysAsync(bool refresh, CancellationToken ct);
}

/// <summary>
/// <see cref="IVneIdClient"/> over real HTTP (<see cref="VneIdOptions"/>): <c>POST {TokenUrl}</c> form-encoded
/// <c>grant_type=authorization_code, code, redirect_uri, code_verifier, client_id, client_secret</c> → <c>{id_token, …}</c>;
/// <c>GET {JwksUrl}</c> → JWKS. Every call is bounded by <see cref="VneIdOptions.TimeoutSeconds"/>.
/// </summary>
public sealed class VneIdClient(IOptions<VneIdOptions> options, TimeProvider clock, ILogger<VneIdClient> log) : IVneIdClient, IDisposable
{
    private static readonly TimeSpan KeysLife = TimeSpan.FromMinutes(10);
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.TimeoutSeconds)),
        AllowAutoRedirect = false,
    })
    { Timeout = Timeout.InfiniteTimeSpan };
    private (IReadOnlyList<RsaPublicKey> Keys, DateTimeOffset At)? keys;

    public async Task<string> ExchangeAsync(string code, string verifier, string redirectUri, CancellationToken ct)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
                ["client_id"] = settings.ClientId!, ["client_secret"] = settings.Secret() ?? "",
            }),
        };
        var (status, body) = await SendAsync(request, ct);
        if (status is >= 400 and < 500) throw new VneIdRefusedException($"token endpoint answered {status}: {body[..Math.Min(body.Length, 200)]}");
        if (status != 200) throw new VneIdUnavailableException($"token endpoint answered {status}");
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("id_token", out var token) && token.ValueKind == JsonValueKind.String
                ? token.GetString()! : throw new VneIdUnavailableException("token answer without id_token");
        }
        catch (JsonException e) { throw new VneIdUnavailableException("token answer is not JSON", e); }
    }

    public async Task<IReadOnlyList<RsaPublicKey>> KeysAsync(bool refresh, CancellationToken ct)
    {
        if (!refresh && keys is { } cached && clock.GetUtcNow() - cached.At < KeysLife) return cached.Keys;
        using var request = new HttpRequestMessage(HttpMethod.Get, options.Value.JwksUrl);
        var (status, body) = await SendAsync(request, ct);
        if (status != 200) throw new VneIdUnavailableException($"key set answered {status}");
        try
        {
            var read = IdTokenCheck.Keys(body);
            keys = (read, clock.GetUtcNow());
            return read;
        }
        catch (FormatException e) { throw new VneIdUnavailableException("the key set is not one", e); }
    }

    private async Task<(int Status, string Body)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning("VNeID {Url} did not answer within {Seconds} s", request.RequestUri, options.Value.TimeoutSeconds);
            throw new VneIdUnavailableException("timeout", e);
        }
        catch (HttpRequestException e)
        {
            log.LogWarning("VNeID {Url} unreachable: {Error}", request.RequestUri, e.Message);
            throw new VneIdUnavailableException("unreachable", e);
        }
    }

    public void Dispose() => client.Dispose();
}
