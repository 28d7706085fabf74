namespace MotCua.Web.Infrastructure;

/// <summary>
/// A sliding-window quota per key, in the process's memory: at most a limit of permits taken by one key in any
/// <see cref="Window"/>, each permit freeing its place one window after it was taken, read on the app's
/// <see cref="TimeProvider"/>. One mechanism for the public feedback sender's hour (per client address,
/// <see cref="Features.Feedback.FeedbackQuota"/>) and the citizen's uploads (per citizen, several files at once, a floor per
/// dossier, <see cref="Features.Files.CitizenUploadQuota"/>). A take is all or none; what it took can be given back when
/// the action it guarded did nothing, so concurrent takes by one key cannot pass the limit and a refusal costs nothing.
/// Keys with no permit left in the window are swept (at most once per <see cref="SweepEvery"/>), so the memory holds only
/// the keys of the last window, not every key ever seen.
/// [choice] Not ASP.NET's partitioned <c>SlidingWindowRateLimiter</c>: its window moves in segments, its limit is fixed per
/// partition (a dossier's floor varies per request), a lease cannot give its permits back, and it reads the real clock,
/// not the app's <see cref="TimeProvider"/> (tests move it). A restart forgets the window, which only lets a key through sooner.
/// </summary>
public sealed class SlidingWindowQuota<TKey>(TimeSpan window, TimeProvider clock) where TKey : notnull
{
    private readonly Dictionary<TKey, List<DateTimeOffset>> taken = [];
    private readonly Lock gate = new();
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    /// <summary>The window a permit is held for.</summary>
    public TimeSpan Window => window;

    /// <summary>How often at most the keys are swept: a tenth of the window (6 minutes of an hour).</summary>
    public TimeSpan SweepEvery => window / 10;

    /// <summary>What <see cref="TryTake"/> took, for <see cref="GiveBack"/>: the key, the instant and how many permits.</summary>
    public sealed record Permits(TKey Key, DateTimeOffset At, int Count);

    /// <summary>The keys held now (swept ones are gone): what the sweep keeps bounded.</summary>
    public int Keys
    {
        get { lock (gate) return taken.Count; }
    }

    /// <summary>
    /// Takes <paramref name="count"/> permits of <paramref name="key"/> now, all or none, under <paramref name="limit"/>
    /// permits per window. Taken: the permits and no wait. Refused: null and how long until enough places are free again
    /// (whole seconds, at least 1). <paramref name="count"/> 0 asks whether one more permit would be taken, taking nothing.
    /// </summary>
    public (Permits? Taken, TimeSpan RetryAfter) TryTake(TKey key, int count, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var now = clock.GetUtcNow();
        lock (gate)
        {
            Sweep(now);
            if (!taken.TryGetValue(key, out var times)) taken[key] = times = [];
            times.RemoveAll(t => t <= now - window);
            var wanted = Math.Max(count, 1);
            if (times.Count + wanted > limit)
            {
                // The place that frees the last one needed: the (count + wanted - limit)-th oldest; none when more is wanted
                // than the limit holds (then a whole window).
                var freeing = times.Count + wanted - limit;
                var at = freeing <= times.Count ? times.Order().ElementAt(freeing - 1) + window : now + window;
                if (times.Count == 0) taken.Remove(key);
                return (null, TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((at - now).TotalSeconds))));
            }
            if (count == 0)
            {
                if (times.Count == 0) taken.Remove(key);
                return (new Permits(key, now, 0), TimeSpan.Zero);
            }
            for (var i = 0; i < count; i++) times.Add(now);
            return (new Permits(key, now, count), TimeSpan.Zero);
        }
    }

    /// <summary>Gives back permits whose action did nothing (a refused or replayed send), so they do not count.</summary>
    public void GiveBack(Permits permits)
    {
        lock (gate)
        {
            if (!taken.TryGetValue(permits.Key, out var times)) return;
            for (var i = 0; i < permits.Count; i++) times.Remove(permits.At);
            if (times.Count == 0) taken.Remove(permits.Key);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now - lastSweep < SweepEvery) return;
        lastSweep = now;
        foreach (var stale in taken.Where(k => k.Value.TrueForAll(t => t <= now - window)).Select(k => k.Key).ToList())
            taken.Remove(stale);
    }
}
