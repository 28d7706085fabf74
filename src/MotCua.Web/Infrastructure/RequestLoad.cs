using System.Diagnostics;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// How busy the app is with requests: the number in flight, integrated over time, so that a background job can ask for
/// the mean number of requests in flight between two of its readings (1.0 = one request being served all the time).
/// Background work that must not slow the desk (the outbox worker, issue 13) reads it and yields while it is high.
/// </summary>
public sealed class RequestLoad
{
    private readonly Lock gate = new();
    private int inFlight;
    private long changedAt = Stopwatch.GetTimestamp();
    // Requests in flight × Stopwatch ticks, summed since the app started.
    private double area;

    /// <summary>A reading of the integral: compare two with <see cref="MeanInFlight"/>.</summary>
    public readonly record struct Reading(long At, double Area);

    /// <summary>The integral now.</summary>
    public Reading Read()
    {
        lock (gate)
        {
            Advance(Stopwatch.GetTimestamp());
            return new Reading(changedAt, area);
        }
    }

    /// <summary>The mean number of requests in flight between <paramref name="earlier"/> and <paramref name="later"/>.</summary>
    public static double MeanInFlight(Reading earlier, Reading later) =>
        later.At > earlier.At ? (later.Area - earlier.Area) / (later.At - earlier.At) : 0;

    private void Started()
    {
        lock (gate)
        {
            Advance(Stopwatch.GetTimestamp());
            inFlight++;
        }
    }

    private void Ended()
    {
        lock (gate)
        {
            Advance(Stopwatch.GetTimestamp());
            inFlight--;
        }
    }

    private void Advance(long now)
    {
        area += (double)inFlight * (now - changedAt);
        changedAt = now;
    }

    /// <summary>Counts every request from its start to the end of its answer.</summary>
    public async Task Measure(HttpContext http, RequestDelegate next)
    {
        Started();
        try { await next(http); }
        finally { Ended(); }
    }
}
