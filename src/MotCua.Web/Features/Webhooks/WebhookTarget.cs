using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Webhooks;

/// <summary>
/// The <c>webhook</c> target: POSTs a message's payload (JSON, UTF-8) to subscription <c>{id}</c> of target
/// <c>webhook:{id}</c>, with <c>X-MotCua-Message-Id</c> (de-duplicate on it), <c>X-MotCua-Event</c> (the topic),
/// <c>X-MotCua-Timestamp</c> (Unix seconds of this attempt) and <c>X-MotCua-Signature: sha256=&lt;hex&gt;</c>, the
/// HMAC-SHA256 under the subscription's secret of <c>"{timestamp}.{body}"</c> (docs/MESSAGES.md §8 shows how a receiver
/// checks it). Answers: 2xx delivered; 408, 425, 429 and 5xx failed (retried, no earlier than a <c>Retry-After</c>);
/// 410 Gone refused and the subscription deactivated (the receiver says it is gone for good); any other 4xx refused;
/// no connection or a time-out failed. Redirects are not followed (a 3xx is refused: the subscription's URL is wrong).
/// </summary>
public sealed class WebhookTarget(NpgsqlDataSource data, DeploymentKey key, TimeProvider clock, ILogger<WebhookTarget> log) : IOutboxTarget, IDisposable
{
    /// <summary>The adapter's name, the part of <c>webhook:{id}</c> before the colon.</summary>
    public const string TargetName = "webhook";

    // How long a subscription read from the database is used before it is read again: a change made on another instance
    // reaches this one within that time (a change here is seen at once, Forget).
    private const long CacheMilliseconds = 5_000;

    private readonly ConcurrentDictionary<int, (WebhookEndpoint? Endpoint, long ReadAt)> cache = new();

    // One client for every receiver: connections pooled per receiver, as many as the worker lets be in flight to one target
    // (MaxInFlightPerTarget), renewed every few minutes so a receiver's DNS change is followed. No time-out of its own:
    // the worker cancels an attempt at its time-out.
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 256,
    }) { Timeout = Timeout.InfiniteTimeSpan };

    public string Name => TargetName;

    /// <summary>The target of subscription <paramref name="id"/>: <c>webhook:{id}</c>.</summary>
    public static string TargetOf(int id) => $"{TargetName}:{id}";

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> under <paramref name="secret"/>.</summary>
    public static string Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body) => "sha256=" + TimestampSignature.Sign(secret, timestamp, body);

    public async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        if (!int.TryParse(message.TargetDetail, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return DeliveryOutcome.Refused($"Đích '{message.Target}' không mang số đăng ký webhook.");
        var endpoint = await EndpointAsync(id, ct);
        if (endpoint is null) return DeliveryOutcome.Refused($"Không có đăng ký webhook số {id}.");
        if (!endpoint.Active) return DeliveryOutcome.Refused($"Đăng ký webhook số {id} đã ngừng.");

        var body = Encoding.UTF8.GetBytes(message.Payload.GetRawText());
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-MotCua-Message-Id", message.MessageId.ToString());
        request.Headers.Add("X-MotCua-Event", message.Topic);
        request.Headers.Add("X-MotCua-Timestamp", timestamp);
        request.Headers.Add("X-MotCua-Signature", Sign(endpoint.Secret, timestamp, body));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            return DeliveryOutcome.Failed($"Không kết nối được: {NetworkErrors.Vietnamese(e)}");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var answer = $"{status} {response.ReasonPhrase}".TrimEnd();
            if (response.IsSuccessStatusCode) return DeliveryOutcome.Delivered(answer);
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                await DeactivateAsync(id, answer, ct);
                return DeliveryOutcome.Refused($"{answer}: hệ thống nhận báo địa chỉ không còn; đăng ký đã ngừng.");
            }
            if (status is 408 or 425 or 429 or >= 500) return DeliveryOutcome.Failed(answer, RetryAfter(response));
            return DeliveryOutcome.Refused(answer);
        }
    }

    /// <summary>Drops the cached copy of subscription <paramref name="id"/> after a change on this instance.</summary>
    public void Forget(int id) => cache.TryRemove(id, out _);

    public void Dispose() => client.Dispose();

    private DateTimeOffset? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => clock.GetUtcNow() + delta,
        { Date: { } date } => date,
        _ => null,
    };

    private async Task<WebhookEndpoint?> EndpointAsync(int id, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (cache.TryGetValue(id, out var cached) && now - cached.ReadAt < CacheMilliseconds) return cached.Endpoint;
        await using var command = data.CreateCommand("SELECT url, secret, active FROM webhook_subscriptions WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var endpoint = await reader.ReadAsync(ct)
            ? new WebhookEndpoint(id, reader.GetString(0), key.Open(reader.GetFieldValue<byte[]>(1), WebhookSubscriptions.SecretPurpose), reader.GetBoolean(2))
            : null;
        cache[id] = (endpoint, now);
        return endpoint;
    }

    private async Task DeactivateAsync(int id, string answer, CancellationToken ct)
    {
        await using var command = data.CreateCommand("UPDATE webhook_subscriptions SET active = false, deactivated_reason = $2 WHERE id = $1 AND active");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"Hệ thống nhận trả lời {answer}." });
        await command.ExecuteNonQueryAsync(ct);
        Forget(id);
        log.LogWarning("Webhook số {Id} ngừng: hệ thống nhận trả lời {Answer}.", id, answer);
    }
}
