using System.Net;
using MotCua.Web.Features.Outbox;

using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Channels;

/// <summary>
/// How an HTTP gateway's answer becomes an attempt's outcome, the same for SMS and Zalo: a 2xx is read by the channel
/// (<paramref name="accepted"/>); 408, 425, 429 and 5xx, a connection that fails and a client time-out are failures
/// retried on the back-off (no sooner than the gateway's <c>Retry-After</c>); any other 4xx is a refusal, dead-lettered
/// at once (a wrong key or a refused number will not get better by itself). The answer recorded is the status code and
/// the start of the body.
/// </summary>
public static class GatewayAnswers
{
    private const int BodyShown = 300;

    /// <summary>Sends <paramref name="request"/> and classifies the answer; throws only <see cref="OperationCanceledException"/>
    /// when <paramref name="ct"/> (the worker's time-out or stop) ends the attempt.</summary>
    public static async Task<DeliveryOutcome> SendAsync(HttpClient client, HttpRequestMessage request, TimeProvider clock,
        Func<string, string, DeliveryOutcome> accepted, CancellationToken ct)
    {
        try
        {
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var answer = $"{(int)response.StatusCode} {(body.Length <= BodyShown ? body : body[..BodyShown])}".TrimEnd();
            if (response.IsSuccessStatusCode) return accepted(body, answer);
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or (HttpStatusCode)425)
                return DeliveryOutcome.Failed(answer, RetryAfter(response, clock));
            return DeliveryOutcome.Refused(answer);
        }
        catch (HttpRequestException e)
        {
            return DeliveryOutcome.Failed($"Không kết nối được cổng gửi tin: {NetworkErrors.Vietnamese(e)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryOutcome.Failed("Cổng gửi tin không trả lời kịp.");
        }
    }

    // RFC 9110 §10.2.3: seconds or an HTTP date.
    private static DateTimeOffset? RetryAfter(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => clock.GetUtcNow() + delta,
        { Date: { } date } => date,
        _ => null,
    };
}
