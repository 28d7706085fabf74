using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// The one HTTP client of the National Public Service Portal (Cổng DVCQG), shared by the sync (<see cref="NationalPortalTarget"/>)
/// and the fetch of pushed dossiers' files (<see cref="PortalFileTarget"/>): no redirects, no cookies, the configured
/// credential (<see cref="PortalOptions.Auth"/>): a bearer token from the client-credentials grant at
/// <see cref="PortalOptions.TokenUrl"/>, kept until a minute before it expires, or <c>X-Api-Key</c>. A 401 drops the token
/// and asks once again with a new one; the caller reads the second answer.
/// </summary>
public sealed class PortalClient(IOptions<PortalOptions> options, TimeProvider clock, ILogger<PortalClient> log) : IDisposable
{
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    }) { Timeout = Timeout.InfiniteTimeSpan };

    private readonly SemaphoreSlim tokenGate = new(1, 1);
    private (string Token, DateTimeOffset Until)? token;

    /// <summary>The settings as they stand now.</summary>
    public PortalOptions Settings => options.Value;

    /// <summary>
    /// Sends the request <paramref name="build"/> makes, with the credential; on a 401 under <c>Bearer</c> a new token is
    /// taken and a second request built and sent. Null when no token could be had (the token endpoint refused or is
    /// unset). <paramref name="completion"/> <see cref="HttpCompletionOption.ResponseHeadersRead"/> leaves the body
    /// unread, for streaming a file.
    /// </summary>
    /// <exception cref="HttpRequestException">No connection.</exception>
    public async Task<HttpResponseMessage?> SendAsync(Func<HttpRequestMessage> build, HttpCompletionOption completion, CancellationToken ct)
    {
        var response = await SendOnceAsync(build(), completion, ct);
        if (response is { StatusCode: HttpStatusCode.Unauthorized } && options.Value.Auth == "Bearer")
        {
            response.Dispose();
            token = null;
            response = await SendOnceAsync(build(), completion, ct);
        }
        return response;
    }

    private async Task<HttpResponseMessage?> SendOnceAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        using (request)
        {
            var settings = options.Value;
            switch (settings.Auth)
            {
                case "Bearer":
                    if (await TokenAsync(settings, ct) is not { } bearer) return null;
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                    break;
                case "ApiKey":
                    request.Headers.Add("X-Api-Key", settings.Key());
                    break;
            }
            return await client.SendAsync(request, completion, ct);
        }
    }

    private async Task<string?> TokenAsync(PortalOptions settings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (token is { } held && held.Until > now) return held.Token;
        await tokenGate.WaitAsync(ct);
        try
        {
            if (token is { } again && again.Until > now) return again.Token;
            if (string.IsNullOrWhiteSpace(settings.TokenUrl)) return null;
            using var response = await client.PostAsync(settings.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.ClientId ?? "",
                ["client_secret"] = settings.Secret() ?? "",
            }), ct);
            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("Cổng DVCQG không cấp token: {Status}", (int)response.StatusCode);
                return null;
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var value = json.RootElement.GetProperty("access_token").GetString()!;
            var seconds = json.RootElement.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : 3600;
            token = (value, now.AddSeconds(Math.Max(0, seconds - 60)));
            return value;
        }
        finally
        {
            tokenGate.Release();
        }
    }

    public void Dispose()
    {
        client.Dispose();
        tokenGate.Dispose();
    }
}
