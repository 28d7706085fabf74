using System.Diagnostics;
using System.Globalization;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// How busy the app is with requests, for background work that must not slow the desk (the outbox worker, issue 13):
/// the number of requests in flight integrated over time, the number served, and the machine's CPU time as Linux counts
/// it in <c>/proc/stat</c>. Two readings give the mean number of requests in flight between them (1.0 = one request
/// being served all the time), whether any request was served, and the share of the machine's CPU left idle.
/// </summary>
public sealed class RequestLoad
{
    private readonly Lock gate = new();
    private int inFlight;
    private long served;
    private long changedAt = Stopwatch.GetTimestamp();
    // Requests in flight × Stopwatch ticks, summed since the app started.
    private double area;

    /// <summary>
    /// A reading: the Stopwatch timestamp, the in-flight integral, requests served so far, and the machine's idle and total
    /// CPU ticks since boot (both 0 where <c>/proc/stat</c> cannot be read).
    /// </summary>
    public readonly record struct Reading(long At, double Area, long Served, long IdleTicks, long TotalTicks);

    /// <summary>The counters now.</summary>
    public Reading Read()
    {
        var (idle, total) = MachineCpu();
        lock (gate)
        {
            Advance(Stopwatch.GetTimestamp());
            return new Reading(changedAt, area, served, idle, total);
        }
    }

    /// <summary>The mean number of requests in flight between <paramref name="earlier"/> and <paramref name="later"/>.</summary>
    public static double MeanInFlight(Reading earlier, Reading later) =>
        later.At > earlier.At ? (later.Area - earlier.Area) / (later.At - earlier.At) : 0;

    /// <summary>The share (0 to 1) of the machine's CPU time left idle between two readings; 1 when it cannot be told.</summary>
    public static double IdleShare(Reading earlier, Reading later) =>
        later.TotalTicks > earlier.TotalTicks ? (double)(later.IdleTicks - earlier.IdleTicks) / (later.TotalTicks - earlier.TotalTicks) : 1;

    /// <summary>Counts every request from its start to the end of its answer.</summary>
    public async Task Measure(HttpContext http, RequestDelegate next)
    {
        lock (gate)
        {
            Advance(Stopwatch.GetTimestamp());
            inFlight++;
        }
        try { await next(http); }
        finally
        {
            lock (gate)
            {
                Advance(Stopwatch.GetTimestamp());
                inFlight--;
                served++;
            }
        }
    }

    private void Advance(long now)
    {
        area += (double)inFlight * (now - changedAt);
        changedAt = now;
    }

    // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal …" in clock ticks; idle and
    // iowait are time no process wanted the CPU.
    private static (long Idle, long Total) MachineCpu()
    {
        try
        {
            using var stat = new StreamReader("/proc/stat");
            var fields = stat.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: >= 6 } || fields[0] != "cpu") return (0, 0);
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (ticks[3] + ticks[4], ticks.Sum());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0);
        }
    }
}
