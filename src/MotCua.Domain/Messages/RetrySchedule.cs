namespace MotCua.Domain.Messages;

/// <summary>
/// When a message that failed to leave is tried again: exponential back-off with jitter, capped, for a number of attempts,
/// after which it is dead-lettered for the administrator. Jitter spreads the retries of many messages that failed
/// together (a gateway outage) so that they do not all return at the same instant.
/// </summary>
/// <param name="FirstDelay">The wait after the first failed attempt; each later one doubles it.</param>
/// <param name="MaxDelay">No wait is longer than this.</param>
/// <param name="MaxAttempts">Attempts in all, the first included; at least 1.</param>
public sealed record RetrySchedule(TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    /// <summary>
    /// 30 s, 1, 2, 4, 8, 16, 32, 64 minutes, then 2 hours: ten attempts over about four and a half hours, which outlasts an
    /// outage of a gateway or of the national portal without holding a message for a day.
    /// </summary>
    public static readonly RetrySchedule Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(2), 10);

    /// <summary>How far a wait may stray from its nominal length either way: ±20 %.</summary>
    public const double JitterShare = 0.2;

    /// <summary>
    /// When to try again after attempt number <paramref name="attempt"/> (1-based) failed at <paramref name="failedAt"/>, or
    /// null when it was the last and the message is dead-lettered. <paramref name="jitter"/> in [0, 1) chooses where the
    /// wait falls between 80 % and 120 % of its nominal length (random in production, fixed in tests).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An attempt below 1 or a jitter outside [0, 1).</exception>
    public DateTimeOffset? NextAttempt(DateTimeOffset failedAt, int attempt, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (jitter is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter lies in [0, 1).");
        if (attempt >= MaxAttempts) return null;
        // 2^(attempt-1) overflows long before the cap matters, so stop doubling once the cap is reached.
        var nominal = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 40));
        var capped = Math.Min(nominal, MaxDelay.TotalMilliseconds);
        return failedAt.AddMilliseconds(capped * (1 - JitterShare + 2 * JitterShare * jitter));
    }
}
