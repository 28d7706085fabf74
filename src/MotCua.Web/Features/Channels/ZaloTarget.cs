using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Domain.Messages;
using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Features.Channels;

/// <summary>
/// The <c>zalo</c> target: sends a <see cref="ZaloPayload"/> as a ZNS template message (<see cref="ZaloOptions"/>):
/// <c>POST {Url}</c> with the <c>access_token</c> header and <c>{phone, template_id, template_data, tracking_id}</c>,
/// <c>phone</c> as <c>84xxxxxxxxx</c> and <c>tracking_id</c> the outbox message id. Zalo answers HTTP 200 with
/// <c>{error, message, data}</c>: <c>error</c> 0 is accepted (<c>data.msg_id</c> in the answer), any other code (-108 bad
/// number, -118 no Zalo account, -124 bad token, …) a refusal; an HTTP error is read by <see cref="GatewayAnswers"/>.
/// </summary>
public sealed class ZaloTarget(IHttpClientFactory http, IOptions<ZaloOptions> options, TimeProvider clock) : IOutboxTarget
{
    /// <summary>The name of the HTTP client ZNS is called with.</summary>
    public const string Client = "zalo-zns";

    public string Name => ChannelMessages.ZaloTarget;

    public Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        ZaloPayload? zalo;
        try { zalo = message.Payload.Deserialize<ZaloPayload>(JsonSerializerOptions.Web); }
        catch (JsonException e) { return Task.FromResult(DeliveryOutcome.Refused($"Nội dung tin Zalo không đọc được: {e.Message}")); }
        if (zalo is not { To: not null, TemplateId: { Length: > 0 }, TemplateData: not null })
            return Task.FromResult(DeliveryOutcome.Refused("Tin Zalo thiếu số điện thoại, mẫu ZNS hoặc tham số của mẫu."));
        if (MobileNumber.International(zalo.To) is not { } phone)
            return Task.FromResult(DeliveryOutcome.Refused($"'{zalo.To}' không phải số di động Việt Nam."));
        var settings = options.Value;
        var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new { phone, template_id = zalo.TemplateId, template_data = zalo.TemplateData, tracking_id = message.MessageId.ToString() }),
        };
        request.Headers.Add("access_token", settings.AccessToken);
        return SendAsync(request, ct);
    }

    private async Task<DeliveryOutcome> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
            return await GatewayAnswers.SendAsync(http.CreateClient(Client), request, clock, Accepted, ct);
    }

    private static DeliveryOutcome Accepted(string body, string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Number
                ? error.GetInt32() == 0 ? DeliveryOutcome.Delivered(answer) : DeliveryOutcome.Refused(answer)
                : DeliveryOutcome.Failed(answer);
        }
        catch (JsonException)
        {
            // A 200 that is not Zalo's answer (a proxy's page): whether it went out is unknown, so it is tried again
            // under the same tracking_id.
            return DeliveryOutcome.Failed(answer);
        }
    }
}
