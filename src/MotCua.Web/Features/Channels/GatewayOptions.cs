namespace MotCua.Web.Features.Channels;

/// <summary>
/// The province's SMS brandname gateway (configuration section <c>Motcua:Sms</c>, docs/MESSAGES.md §3). Without
/// <see cref="Url"/> there is no <c>sms</c> target on this server, and the worker dead-letters SMS messages as an
/// unconfigured channel.
/// </summary>
public sealed class SmsOptions
{
    /// <summary>The gateway's send address, e.g. <c>https://sms.example.vn/sms/send</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Sent in the <c>X-Api-Key</c> header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The sender name registered with the carriers (e.g. <c>UBND-HUE</c>).</summary>
    public string Brandname { get; set; } = "MOTCUA";

    /// <summary>The provider's name in receipt addresses (<c>/api/v1/notifications/receipts/{provider}</c>) and rows.</summary>
    public string Provider { get; set; } = "sms";

    /// <summary>The secret the provider signs its delivery receipts with (HMAC-SHA256); without it its receipts are refused.</summary>
    public string? ReceiptSecret { get; set; }
}

/// <summary>
/// Zalo's ZNS template API for the province's Official Account (configuration section <c>Motcua:Zalo</c>). Without
/// <see cref="AccessToken"/> there is no <c>zalo</c> target on this server.
/// </summary>
public sealed class ZaloOptions
{
    /// <summary>The ZNS send address; Zalo's own unless a test or the demo points it at the fake gateway.</summary>
    public string Url { get; set; } = "https://business.openapi.zalo.me/message/template";

    /// <summary>The Official Account's access token, sent in the <c>access_token</c> header.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The provider's name in receipt addresses and rows.</summary>
    public string Provider { get; set; } = "zalo";

    /// <summary>The secret the provider signs its delivery receipts with (HMAC-SHA256).</summary>
    public string? ReceiptSecret { get; set; }
}
