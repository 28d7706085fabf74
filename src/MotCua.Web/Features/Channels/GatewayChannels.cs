using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Features.Channels;

/// <summary>Registration of the SMS and Zalo channels (docs/MESSAGES.md §3): their options, HTTP clients and outbox targets.</summary>
public static class GatewayChannels
{
    /// <summary>
    /// Binds <c>Motcua:Sms</c> and <c>Motcua:Zalo</c>, and adds the <c>sms</c> target when an SMS gateway URL is configured
    /// and the <c>zalo</c> target when a ZNS access token is. The HTTP clients have no time-out of their own: the worker's
    /// (<c>Motcua:Outbox:TimeoutSeconds</c>) ends an attempt.
    /// </summary>
    public static IServiceCollection AddGatewayChannels(this IServiceCollection services, IConfiguration configuration)
    {
        var sms = configuration.GetSection("Motcua:Sms");
        var zalo = configuration.GetSection("Motcua:Zalo");
        services.Configure<SmsOptions>(sms);
        services.Configure<ZaloOptions>(zalo);
        foreach (var client in new[] { SmsTarget.Client, ZaloTarget.Client })
            services.AddHttpClient(client, c => c.Timeout = Timeout.InfiniteTimeSpan);
        if (!string.IsNullOrEmpty(sms["Url"])) services.AddSingleton<IOutboxTarget, SmsTarget>();
        if (!string.IsNullOrEmpty(zalo["AccessToken"])) services.AddSingleton<IOutboxTarget, ZaloTarget>();
        return services;
    }
}
