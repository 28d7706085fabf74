using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Domain.Messages;
using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Features.Channels;

/// <summary>
/// The <c>sms</c> target: sends an <see cref="SmsPayload"/> through the province's brandname gateway
/// (<see cref="SmsOptions"/>) as <c>POST {Url}</c> with <c>X-Api-Key</c> and <c>{to, text, brandname, messageId}</c>,
/// <c>to</c> as <c>84xxxxxxxxx</c> and <c>messageId</c> the outbox message id, which the gateway de-duplicates on and
/// returns in its delivery receipt. A number that is no Vietnamese mobile number is refused without a call; the gateway's
/// answer is read by <see cref="GatewayAnswers"/> (a 2xx <c>{id}</c> is delivered to the gateway, not yet to the phone:
/// the receipt says that).
/// </summary>
public sealed class SmsTarget(IHttpClientFactory http, IOptions<SmsOptions> options, TimeProvider clock) : IOutboxTarget
{
    /// <summary>The name of the HTTP client the gateway is called with.</summary>
    public const string Client = "sms-gateway";

    public string Name => ChannelMessages.SmsTarget;

    public Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        SmsPayload? sms;
        try { sms = message.Payload.Deserialize<SmsPayload>(JsonSerializerOptions.Web); }
        catch (JsonException e) { return Task.FromResult(DeliveryOutcome.Refused($"Nội dung tin SMS không đọc được: {e.Message}")); }
        if (sms is not { To: not null, Text: { Length: > 0 } })
            return Task.FromResult(DeliveryOutcome.Refused("Tin SMS thiếu số điện thoại hoặc nội dung."));
        if (MobileNumber.International(sms.To) is not { } to)
            return Task.FromResult(DeliveryOutcome.Refused($"'{sms.To}' không phải số di động Việt Nam."));
        var settings = options.Value;
        var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new { to, text = sms.Text, brandname = settings.Brandname, messageId = message.MessageId }),
        };
        request.Headers.Add("X-Api-Key", settings.ApiKey);
        return SendAsync(request, ct);
    }

    private async Task<DeliveryOutcome> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
            return await GatewayAnswers.SendAsync(http.CreateClient(Client), request, clock, (_, answer) => DeliveryOutcome.Delivered(answer), ct);
    }
}
