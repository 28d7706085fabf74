using MotCua.Domain.Messages;

namespace MotCua.Web.Features.Outbox;

/// <summary>
/// How the outbox worker runs (configuration section <c>Motcua:Outbox</c>, docs/MESSAGES.md). The defaults suit two
/// cores: a claim of 128 rows is one statement, and at most 512 messages are in flight at once.
/// </summary>
public sealed class OutboxOptions
{
    /// <summary>Whether this instance runs the worker; every instance may (they share rows by SKIP LOCKED).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows claimed by one statement.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Messages being delivered at once, all targets together.</summary>
    public int MaxInFlight { get; set; } = 512;

    /// <summary>Messages in flight to one target beyond which the worker claims none of its rows: a slow target keeps at most
    /// this many (plus one batch) and the rest flows past it.</summary>
    public int MaxInFlightPerTarget { get; set; } = 64;

    /// <summary>How long the worker waits before looking again when nothing was due, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>
    /// The mean number of requests in flight (since the worker last looked, over at least a fifth of a second) at which
    /// the worker yields to them (or see <see cref="YieldBelowIdleShare"/>): it then claims at most
    /// <see cref="BusyBatchSize"/> rows every <see cref="BusyPollMilliseconds"/>, and catches up when the requests ease.
    /// 1.0 means the app serves a request all the time, half of two cores; a desk of twenty officers stays far below it.
    /// 0 turns yielding off.
    /// </summary>
    public double YieldAtRequestsInFlight { get; set; } = 1.0;

    /// <summary>
    /// The share of the machine's CPU left idle (0 to 1, from <c>/proc/stat</c>) below which the worker also yields whenever
    /// requests are being served: on a saturated machine requests wait for the CPU before the app sees them.
    /// </summary>
    public double YieldBelowIdleShare { get; set; } = 0.15;

    /// <summary>How long requests must stay below both thresholds before a yielding worker claims full batches again, in
    /// milliseconds.</summary>
    public int ResumeAfterCalmMilliseconds { get; set; } = 3_000;

    /// <summary>Rows claimed at a time while the worker yields to requests. One a second: at four, the expansions took
    /// 5–8 % of intake's rate under the load bench on a quiet machine (bench/load/worker.sh, docs/MESSAGES.md §9).</summary>
    public int BusyBatchSize { get; set; } = 1;

    /// <summary>The wait between claims while the worker yields to requests, in milliseconds.</summary>
    public int BusyPollMilliseconds { get; set; } = 1_000;

    /// <summary>How long one attempt may take before it counts as failed, in seconds.</summary>
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>How long a claim holds a row, in seconds: longer than any attempt, so only a dead worker's rows come back.</summary>
    public double LeaseSeconds { get; set; } = 120;

    /// <summary>The wait after the first failure, in seconds (<see cref="RetrySchedule"/>).</summary>
    public double FirstRetrySeconds { get; set; } = RetrySchedule.Default.FirstDelay.TotalSeconds;

    /// <summary>The longest wait between attempts, in seconds.</summary>
    public double MaxRetrySeconds { get; set; } = RetrySchedule.Default.MaxDelay.TotalSeconds;

    /// <summary>How often, in seconds, a target that releases its back-off on recovery
    /// (<see cref="IOutboxTarget.ReleasesBackoffOnRecovery"/>) and last failed is probed with the waiting row due first: the
    /// probe does not count as an attempt nor move the row's next attempt when it fails; when it passes, the target is back.
    /// 0 or less: no probe (the rows wait for their next attempts; the first that passes releases the others).</summary>
    public double RecoveryProbeSeconds { get; set; } = 10;

    /// <summary>The longest a target's <c>Retry-After</c> (seconds or an HTTP date) holds its rows and its recovery probe, in
    /// seconds [choice: 15 minutes; a portal asking for a day must not stop the sync for a day].</summary>
    public double MaxRetryAfterSeconds { get; set; } = 900;

    /// <summary>Attempts in all before a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = RetrySchedule.Default.MaxAttempts;

    /// <summary>The schedule these options describe.</summary>
    public RetrySchedule Retries => new(TimeSpan.FromSeconds(FirstRetrySeconds), TimeSpan.FromSeconds(MaxRetrySeconds), MaxAttempts);
}
