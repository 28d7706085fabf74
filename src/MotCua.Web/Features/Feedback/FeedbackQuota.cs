using System.Net;
using Microsoft.Extensions.Options;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Feedback;

/// <summary>
/// The public sender's quota: <see cref="FeedbackOptions.RateLimitPerHour"/> feedbacks registered per client address in
/// any hour (the public form and <c>POST /api/v1/feedback</c>). Only what was registered counts (trial 16b LOW 13: a
/// citizen who mistyped, or several people behind one address, were locked out for an hour by refused sends). A slot is
/// taken before the write and given back when nothing was registered (a refusal, a complaint routed away, a replay), so
/// concurrent sends from one address cannot pass the quota. Kept in memory per instance by <see cref="SlidingWindowQuota{TKey}"/> [choice: no table for a flood
/// guard; a restart forgets the hour, which only lets a sender through sooner]. Sends of any outcome are still bounded
/// by the <see cref="FeedbackEndpoints.RateLimitPolicy"/> rate limiter, at <see cref="FloodFactor"/> times the quota.
/// </summary>
public sealed class FeedbackQuota(IOptions<FeedbackOptions> options, TimeProvider clock)
{
    /// <summary>The rate limiter on every send (refused ones too) allows this many times the quota per hour.</summary>
    public const int FloodFactor = 5;

    /// <summary>What a sender is told when the quota is used (Vietnamese).</summary>
    public const string Message = "Bạn đã gửi quá nhiều phản ánh, kiến nghị trong một giờ. Vui lòng thử lại sau.";

    private readonly SlidingWindowQuota<IPAddress> hour = new(TimeSpan.FromHours(1), clock);

    /// <summary>Takes a slot of <paramref name="address"/>'s hour; when none is left, null and how long until one frees
    /// (whole seconds, at least 1). A slot is given back by <see cref="GiveBack"/>.</summary>
    public (SlidingWindowQuota<IPAddress>.Permits? Slot, TimeSpan RetryAfter) Take(IPAddress? address) =>
        hour.TryTake(address ?? IPAddress.None, 1, options.Value.RateLimitPerHour);

    /// <summary>Gives back a slot whose send registered nothing.</summary>
    public void GiveBack(SlidingWindowQuota<IPAddress>.Permits slot) => hour.GiveBack(slot);

    /// <summary>The addresses held now: only those that registered within the hour (the others are swept).</summary>
    public int Senders => hour.Keys;

    /// <summary>The 429 problem+json of a used quota, with <c>Retry-After</c>.</summary>
    public static IResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Quá nhiều lần gửi", detail: Message,
            type: "https://motcua.vn/problems/rate-limit");
    }
}
