using System.Net;
using Microsoft.Extensions.Options;

namespace MotCua.Web.Features.Feedback;

/// <summary>
/// The public sender's quota: <see cref="FeedbackOptions.RateLimitPerHour"/> feedbacks registered per client address in
/// any hour (the public form and <c>POST /api/v1/feedback</c>). Only what was registered counts (trial 16b LOW 13: a
/// citizen who mistyped, or several people behind one address, were locked out for an hour by refused sends). A slot is
/// taken before the write and given back when nothing was registered (a refusal, a complaint routed away, a replay), so
/// concurrent sends from one address cannot pass the quota. Kept in memory per instance [choice: no table for a flood
/// guard; a restart forgets the hour, which only lets a sender through sooner]. Sends of any outcome are still bounded
/// by the <see cref="FeedbackEndpoints.RateLimitPolicy"/> rate limiter, at <see cref="FloodFactor"/> times the quota.
/// </summary>
public sealed class FeedbackQuota(IOptions<FeedbackOptions> options, TimeProvider clock)
{
    /// <summary>The rate limiter on every send (refused ones too) allows this many times the quota per hour.</summary>
    public const int FloodFactor = 5;

    /// <summary>What a sender is told when the quota is used (Vietnamese).</summary>
    public const string Message = "Bạn đã gửi quá nhiều phản ánh, kiến nghị trong một giờ. Vui lòng thử lại sau.";

    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Dictionary<IPAddress, List<DateTimeOffset>> registered = [];
    private readonly Lock gate = new();

    /// <summary>A slot taken by <see cref="Take"/>, given back by <see cref="GiveBack"/>.</summary>
    public sealed record Slot(IPAddress Address, DateTimeOffset At);

    /// <summary>Takes a slot of <paramref name="address"/>'s hour; when none is left, null and how long until one frees
    /// (whole seconds, at least 1).</summary>
    public (Slot? Slot, TimeSpan RetryAfter) Take(IPAddress? address)
    {
        var key = address ?? IPAddress.None;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            // Addresses whose hour has passed are forgotten, so the map holds only the last hour's senders.
            foreach (var stale in registered.Where(r => r.Value.TrueForAll(t => t <= now - Window)).Select(r => r.Key).ToList())
                registered.Remove(stale);
            if (!registered.TryGetValue(key, out var times)) registered[key] = times = [];
            times.RemoveAll(t => t <= now - Window);
            if (times.Count >= options.Value.RateLimitPerHour)
                return (null, TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((times.Min() + Window - now).TotalSeconds))));
            times.Add(now);
            return (new Slot(key, now), TimeSpan.Zero);
        }
    }

    /// <summary>Gives back a slot whose send registered nothing.</summary>
    public void GiveBack(Slot slot)
    {
        lock (gate)
            if (registered.TryGetValue(slot.Address, out var times)) times.Remove(slot.At);
    }

    /// <summary>The 429 problem+json of a used quota, with <c>Retry-After</c>.</summary>
    public static IResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Quá nhiều lần gửi", detail: Message,
            type: "https://motcua.vn/problems/rate-limit");
    }
}
