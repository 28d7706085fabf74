using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Outbox;

/// <summary>
/// Delivers the outbox: claims due rows in batches with <c>FOR UPDATE SKIP LOCKED</c> under a lease (so several instances
/// share the work and a killed worker's rows come back when the lease ends), hands each to its target's adapter
/// concurrently, and records every attempt with its answer and duration, a delivery, or a retry on the back-off schedule
/// (<see cref="Domain.Messages.RetrySchedule"/>) until the last attempt dead-letters the row. At least once: a message
/// may leave twice after a crash, always under the same message id. Rows sharing an ordering key leave in id order (and,
/// on a target that <see cref="IOutboxTarget.HoldsKeyBehindDead"/>, never past a dead row of their key); a
/// slow target holds at most <see cref="OutboxOptions.MaxInFlightPerTarget"/> messages and never the others.
/// Raw SQL: the claim and the recording are one statement each per batch, which is what lets it pass 1,000 messages a
/// second on two cores (bench/outbox, docs/PERFORMANCE.md).
/// </summary>
public sealed class OutboxWorker(NpgsqlDataSource data, IEnumerable<IOutboxTarget> adapters, IEnumerable<IOutboxSkip> skipChecks, IOptions<OutboxOptions> options,
    TimeProvider clock, RequestLoad load, ILogger<OutboxWorker> log) : BackgroundService
{
    private const int AnswerLength = 1_000;

    /// <summary>What a failed recovery probe's answer starts with, in the attempts and the row's last error (it counts no attempt).</summary>
    public const string ProbePrefix = "Thăm dò: ";

    private readonly OutboxOptions settings = options.Value;
    private readonly Dictionary<string, IOutboxTarget> targets = adapters.ToDictionary(a => a.Name, StringComparer.Ordinal);
    // The topics whose messages are checked before they leave (IOutboxSkip): a dictionary look-up for every other message.
    private readonly Dictionary<string, IOutboxSkip> skips = skipChecks.ToDictionary(s => s.Topic, StringComparer.Ordinal);
    // The targets whose attempts may outlast the worker's lease, with the lease their rows are claimed under (the claim's
    // $5 and $6); every other row gets LeaseSeconds.
    private (string[] Keys, double[] Seconds) longLeases;
    // The claim and the probe with the hold of IOutboxTarget.HoldsKeyBehindDead written in (ExecuteAsync).
    private string claimSql = "", probeSql = "";
    private readonly ConcurrentDictionary<string, int> inFlightByTarget = new(StringComparer.Ordinal);
    private readonly Channel<Attempted> attempted = Channel.CreateUnbounded<Attempted>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim wake = new(0);
    private int inFlight;
    private volatile bool saturated;
    // The last claim left targets out for being at their cap: one of them falling back under it is worth a claim now
    // rather than at the next poll (with one busy target, waiting for the poll held throughput to one batch a poll).
    private volatile bool heldBack;
    // Per adapter that releases its back-off on recovery: whether its last recorded outcome was an answer. Absent (the
    // worker just started) counts as not: rows may be waiting from before. Written by the recorder, read by the claim loop.
    private readonly ConcurrentDictionary<string, bool> answering = new(StringComparer.Ordinal);
    // When each such adapter was last probed (Stopwatch ticks).
    private readonly Dictionary<string, long> probedAt = new(StringComparer.Ordinal);
    // Per such adapter: the earliest next attempt its last failure asked for (Retry-After, capped), before which it is
    // not probed (issue 16 trial: a 503 with Retry-After: 45 was probed again after 1 s). Written by the recorder.
    private readonly ConcurrentDictionary<string, DateTimeOffset> heldUntil = new(StringComparer.Ordinal);
    private RequestLoad.Reading loadReading = load.Read();
    private bool yielding;
    private long? calmSince;

    /// <summary>Asks the worker to look for due rows now rather than at its next poll (after a re-send, for example).</summary>
    public void Nudge()
    {
        if (wake.CurrentCount == 0) wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var longer = targets.Where(t => LeaseSeconds(t.Value) > settings.LeaseSeconds).ToArray();
        longLeases = ([.. longer.Select(t => t.Key)], [.. longer.Select(t => LeaseSeconds(t.Value))]);
        var held = HeldClause([.. targets.Values.Where(t => t.HoldsKeyBehindDead).Select(t => t.Name)]);
        (claimSql, probeSql) = (ClaimSqlTemplate.Replace("{HELD}", held, StringComparison.Ordinal), ProbeSqlTemplate.Replace("{HELD}", held, StringComparison.Ordinal));
        var recorder = RecordAsync();
        try
        {
            await ClaimLoopAsync(stoppingToken);
        }
        finally
        {
            // Attempts under way finish or time out; their outcomes are recorded before the worker ends, so a clean stop
            // leaves no row waiting for its lease.
            while (Volatile.Read(ref inFlight) > 0) await Task.Delay(20, CancellationToken.None);
            attempted.Writer.Complete();
            await recorder;
        }
    }

    private async Task ClaimLoopAsync(CancellationToken stop)
    {
        var poll = TimeSpan.FromMilliseconds(settings.PollMilliseconds);
        while (!stop.IsCancellationRequested)
        {
            var free = settings.MaxInFlight - Volatile.Read(ref inFlight);
            saturated = free <= 0;
            if (saturated)
            {
                await WaitAsync(poll, stop);
                continue;
            }
            // Under a load of requests the worker takes a small, fixed share: expanding an event costs several times the
            // intake that wrote it, and on two cores every statement it runs is taken from the desk (bench/load/worker.sh).
            var busy = YieldingToRequests();
            var wanted = Math.Min(free, busy ? settings.BusyBatchSize : settings.BatchSize);
            IReadOnlyList<OutboxDelivery> claimed;
            try
            {
                claimed = await ClaimAsync(wanted, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database restarting or unreachable: the rows wait in it; look again shortly.
                log.LogWarning(e, "Không lấy được thư chờ gửi từ cơ sở dữ liệu; thử lại sau.");
                await WaitAsync(TimeSpan.FromSeconds(1), stop);
                continue;
            }
            foreach (var message in claimed) Start(message, stop);
            await ProbeAsync(stop);
            if (busy) await PauseAsync(TimeSpan.FromMilliseconds(settings.BusyPollMilliseconds), stop);
            else if (claimed.Count < wanted) await WaitAsync(poll, stop);
            else heldBack = false;
        }
    }

    // Whether requests keep the app busy (judged over at least 200 ms, so that a worker claiming back to back does not
    // judge by one instant): requests served all the time, or served at all while the machine has hardly any CPU idle
    // (then a wrk client or a rush of officers waits for the CPU, and in-flight counts alone miss it).
    private bool YieldingToRequests()
    {
        if (settings.YieldAtRequestsInFlight <= 0) return false;
        var now = load.Read();
        if (Stopwatch.GetElapsedTime(loadReading.At, now.At) < TimeSpan.FromMilliseconds(200)) return yielding;
        var busy = RequestLoad.MeanInFlight(loadReading, now) >= settings.YieldAtRequestsInFlight
            || now.Served > loadReading.Served && RequestLoad.IdleShare(loadReading, now) < settings.YieldBelowIdleShare;
        // A lull of a second in a rush (clients starved of CPU, a pause between two bursts) must not start a full-speed
        // catch-up whose hundreds of deliveries in flight then run into the rush: full speed only after a calm of
        // ResumeAfterCalmMilliseconds.
        if (busy) calmSince = null;
        else calmSince ??= now.At;
        yielding = busy || yielding && Stopwatch.GetElapsedTime(calmSince!.Value, now.At).TotalMilliseconds < settings.ResumeAfterCalmMilliseconds;
        loadReading = now;
        return yielding;
    }

    // A wait that a nudge does not cut short: while yielding, deliveries finishing must not bring the next claim forward.
    private static async Task PauseAsync(TimeSpan delay, CancellationToken stop)
    {
        try { await Task.Delay(delay, stop); }
        catch (OperationCanceledException) { }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stop)
    {
        try { await wake.WaitAsync(delay, stop); }
        catch (OperationCanceledException) { }
    }

    private const string ClaimSqlTemplate = """
        UPDATE outbox o SET attempts = o.attempts + 1,
            locked_until = $1 + make_interval(secs => coalesce(
                (SELECT l.seconds FROM unnest($5::text[], $6::float8[]) AS l(target, seconds) WHERE l.target = split_part(o.target, ':', 1)), $2))
        FROM (SELECT c.id FROM outbox c
              WHERE c.delivered_at IS NULL AND c.dead_at IS NULL AND c.next_attempt_at <= $1
                AND (c.locked_until IS NULL OR c.locked_until < $1)
                AND c.target <> ALL ($4)
                AND (c.ordering_key IS NULL OR NOT EXISTS (
                    SELECT 1 FROM outbox p
                    WHERE p.ordering_key = c.ordering_key AND p.id < c.id AND p.delivered_at IS NULL AND p.dead_at IS NULL))
                {HELD}
              ORDER BY c.next_attempt_at, c.id
              LIMIT $3
              FOR UPDATE OF c SKIP LOCKED) due
        WHERE o.id = due.id
        RETURNING o.id, o.message_id, o.topic, o.target, o.ordering_key, o.payload::text, o.attempts, o.created_at
        """;

    // For each target that holds its keys behind a dead row (IOutboxTarget.HoldsKeyBehindDead): none of its rows leaves
    // while an earlier row of its key on that target is dead. The name is written in as a literal, not a parameter, so the
    // planner can match a partial index on the target's rows (the portal's outbox_dvcqg_by_key, migration 0058): the dead
    // rows of a key are looked up by index, never by a scan of the outbox's history.
    private static string HeldClause(IReadOnlyList<string> names)
    {
        var clauses = new List<string>();
        foreach (var name in names)
        {
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
                throw new InvalidOperationException($"Kênh gửi '{name}' giữ thư sau thư hỏng nhưng tên không phải một từ (chữ, số, '-').");
            clauses.Add($"AND NOT (c.target = '{name}' AND EXISTS (SELECT 1 FROM outbox h WHERE h.target = '{name}' "
                + "AND h.ordering_key = c.ordering_key AND h.id < c.id AND h.dead_at IS NOT NULL))");
        }
        return string.Join("\n", clauses);
    }

    private async Task<IReadOnlyList<OutboxDelivery>> ClaimAsync(int count, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var busy = inFlightByTarget.Where(t => t.Value >= settings.MaxInFlightPerTarget).Select(t => t.Key).ToArray();
        heldBack = busy.Length > 0;
        await using var command = data.CreateCommand(claimSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = settings.LeaseSeconds });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = busy, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = longLeases.Keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = longLeases.Seconds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        var claimed = new List<OutboxDelivery>(count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var payload = JsonDocument.Parse(reader.GetString(5));
            claimed.Add(new OutboxDelivery(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), payload.RootElement.Clone(), reader.GetInt32(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }
        // Claims come back in no particular order; start them oldest first.
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    private const string ProbeSqlTemplate = """
        UPDATE outbox o SET locked_until = $2
        FROM (SELECT c.id FROM outbox c
              WHERE (c.target = $3 OR c.target LIKE $3 || ':%') AND c.delivered_at IS NULL AND c.dead_at IS NULL AND c.attempts > 0
                AND c.next_attempt_at > $1 AND (c.locked_until IS NULL OR c.locked_until < $1)
                AND (c.ordering_key IS NULL OR NOT EXISTS (
                    SELECT 1 FROM outbox p
                    WHERE p.ordering_key = c.ordering_key AND p.id < c.id AND p.delivered_at IS NULL AND p.dead_at IS NULL))
                {HELD}
              ORDER BY c.next_attempt_at, c.id
              LIMIT 1
              FOR UPDATE OF c SKIP LOCKED) due
        WHERE o.id = due.id
        RETURNING o.id, o.message_id, o.topic, o.target, o.ordering_key, o.payload::text, o.attempts, o.created_at
        """;

    // Each target that releases its back-off on recovery, last seen failing, with nothing in flight: every
    // RecoveryProbeSeconds its waiting row due first is tried once as a probe (uncounted; see RecordSql), so that the end of
    // an outage is seen within seconds rather than at the rows' next attempts, minutes to hours away.
    private async Task ProbeAsync(CancellationToken stop)
    {
        if (settings.RecoveryProbeSeconds <= 0) return;
        foreach (var (name, target) in targets)
        {
            if (!target.ReleasesBackoffOnRecovery || answering.GetValueOrDefault(name) || inFlightByTarget.GetValueOrDefault(name) > 0
                || probedAt.TryGetValue(name, out var last) && Stopwatch.GetElapsedTime(last).TotalSeconds < settings.RecoveryProbeSeconds
                || heldUntil.TryGetValue(name, out var held) && clock.GetUtcNow() < held)
                continue;
            probedAt[name] = Stopwatch.GetTimestamp();
            var now = clock.GetUtcNow();
            OutboxDelivery? probe = null;
            try
            {
                await using var command = data.CreateCommand(probeSql);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.AddSeconds(LeaseSeconds(target)) });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                await using var reader = await command.ExecuteReaderAsync(stop);
                if (await reader.ReadAsync(stop))
                {
                    using var payload = JsonDocument.Parse(reader.GetString(5));
                    probe = new OutboxDelivery(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), payload.RootElement.Clone(), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7));
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is NpgsqlException or TimeoutException)
            {
                log.LogWarning(e, "Không lấy được thư để thăm dò kênh '{Target}'.", name);
            }
            if (probe is not null) Start(probe, stop, isProbe: true);
        }
    }

    private void Start(OutboxDelivery message, CancellationToken stop, bool isProbe = false)
    {
        Interlocked.Increment(ref inFlight);
        inFlightByTarget.AddOrUpdate(message.Target, 1, (_, n) => n + 1);
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await AttemptAsync(message, stop);
                attempted.Writer.TryWrite(result with { Probe = isProbe });
            }
            finally
            {
                var left = inFlightByTarget.AddOrUpdate(message.Target, 0, (_, n) => n - 1);
                Interlocked.Decrement(ref inFlight);
                if (saturated || heldBack && left == settings.MaxInFlightPerTarget - 1) Nudge();
            }
        }, CancellationToken.None);
    }

    private async Task<Attempted> AttemptAsync(OutboxDelivery message, CancellationToken stop)
    {
        var at = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var name = message.Target.IndexOf(':') is var colon and >= 0 ? message.Target[..colon] : message.Target;
        DeliveryOutcome outcome;
        var known = targets.TryGetValue(name, out var target);
        var limit = AttemptTimeout(target);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(limit);
        try
        {
            outcome = skips.TryGetValue(message.Topic, out var skip) && await skip.ReasonAsync(message, timeout.Token) is { } reason
                ? DeliveryOutcome.Skipped(reason)
                : known
                ? await target!.DeliverAsync(message, timeout.Token)
                : DeliveryOutcome.Refused($"Chưa cấu hình kênh gửi '{name}' trên máy chủ này.");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The app is stopping: the attempt is given back uncounted rather than recorded as the target's failure.
            return new Attempted(message, at, null, 0);
        }
        catch (OperationCanceledException)
        {
            outcome = DeliveryOutcome.Failed($"Quá thời gian chờ {limit.TotalSeconds:0.#} giây.");
        }
        catch (Exception e)
        {
            log.LogError(e, "Bộ gửi '{Target}' lỗi với thư {MessageId}.", message.Target, message.MessageId);
            outcome = DeliveryOutcome.Failed($"{e.GetType().Name}: {e.Message}");
        }
        var duration = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new Attempted(message, at, outcome, duration);
    }

    // The worker's time-out unless the target sets its own ceiling.
    private TimeSpan AttemptTimeout(IOutboxTarget? target) => target?.AttemptTimeout ?? TimeSpan.FromSeconds(settings.TimeoutSeconds);

    // A claim holds a row longer than its longest attempt can take, so only a dead worker's rows come back.
    private double LeaseSeconds(IOutboxTarget target) => Math.Max(settings.LeaseSeconds, AttemptTimeout(target).TotalSeconds + 30);

    private sealed record Attempted(OutboxDelivery Message, DateTimeOffset At, DeliveryOutcome? Outcome, int DurationMs, bool Probe = false);

    // Records what came back in batches: one statement for the attempts and one for the rows' new state.
    private async Task RecordAsync()
    {
        var batch = new List<Attempted>(512);
        while (await attempted.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 512 && attempted.Reader.TryRead(out var next)) batch.Add(next);
            for (var tries = 0; ; tries++)
            {
                try
                {
                    await WriteAsync(batch);
                    break;
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException && tries < 30)
                {
                    // Unrecorded outcomes are not lost work: the rows return when their lease ends and leave again.
                    log.LogWarning(e, "Không ghi được kết quả gửi; thử lại.");
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
                catch (Exception e)
                {
                    log.LogError(e, "Bỏ ghi kết quả của {Count} lần gửi; các thư sẽ được gửi lại khi hết hạn giữ.", batch.Count);
                    break;
                }
            }
            try
            {
                await ReleaseRecoveredAsync(batch);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // Not released: the rows leave at their own next attempt, as without the release.
                log.LogWarning(e, "Không đưa được các thư đang chờ lùi thời gian về hạn gửi ngay.");
            }
            batch.Clear();
        }
    }

    private static readonly string RecordSql = """
        WITH r AS (
            SELECT * FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::int[],
                                 $8::timestamptz[], $9::timestamptz[], $10::bool[])
                AS r(id, attempt, at, target, outcome, answer, duration_ms, next_attempt_at, dead_at, probe)),
        logged AS (
            -- A probe counts no attempt, so it is logged as attempt 0, not under the number of the row's last counted one
            -- (which would show the same number twice on the delivery page).
            INSERT INTO outbox_attempts (outbox_id, attempt, at, target, outcome, answer, duration_ms)
            SELECT id, CASE WHEN probe THEN 0 ELSE attempt END, at, target, outcome, answer, duration_ms FROM r WHERE outcome IS NOT NULL)
        UPDATE outbox o SET
            -- A skipped message (IOutboxSkip, migration 0115) is closed as handled: it must neither leave nor wait.
            delivered_at = CASE WHEN r.outcome IN ('delivered', 'skipped') THEN r.at + make_interval(secs => r.duration_ms / 1000.0) END,
            next_attempt_at = coalesce(r.next_attempt_at, o.next_attempt_at),
            dead_at = r.dead_at,
            locked_until = NULL,
            -- A probe's claim counted no attempt (ProbeSql): nothing to give back.
            attempts = CASE WHEN r.outcome IS NULL AND NOT r.probe THEN o.attempts - 1 ELSE o.attempts END,
            last_error = CASE WHEN r.outcome IN ('failed', 'refused') THEN r.answer ELSE o.last_error END
        FROM r
        -- A late answer from a claim whose lease ran out and was claimed again changes nothing but a delivery.
        WHERE o.id = r.id AND o.delivered_at IS NULL AND (r.outcome IN ('delivered', 'skipped') OR o.attempts = r.attempt)
        """;

    private async Task WriteAsync(IReadOnlyList<Attempted> batch)
    {
        var retries = settings.Retries;
        var n = batch.Count;
        var (ids, attempts, ats, names, outcomes, answers) = (new long[n], new int[n], new DateTimeOffset[n], new string[n], new string?[n], new string?[n]);
        var (durations, nexts, deads, probes) = (new int[n], new DateTimeOffset?[n], new DateTimeOffset?[n], new bool[n]);
        for (var i = 0; i < n; i++)
        {
            var (message, at, outcome, duration, probe) = batch[i];
            (ids[i], attempts[i], ats[i], names[i], durations[i], probes[i]) = (message.Id, message.Attempt, at, message.Target, duration, probe);
            if (outcome is null) continue;
            outcomes[i] = outcome.Result switch { DeliveryResult.Delivered => "delivered", DeliveryResult.Failed => "failed", DeliveryResult.Skipped => "skipped", _ => "refused" };
            answers[i] = outcome.Answer.Length <= AnswerLength ? outcome.Answer : outcome.Answer[..AnswerLength];
            if (probe && outcome.Result != DeliveryResult.Delivered) answers[i] = Truncate(ProbePrefix + answers[i]);
            // A failed probe leaves the row as it was: its attempts and its next attempt on the back-off schedule.
            if (outcome.Result is DeliveryResult.Delivered or DeliveryResult.Skipped || probe && outcome.Result == DeliveryResult.Failed) continue;
            var ended = at.AddMilliseconds(duration);
            var next = outcome.Result == DeliveryResult.Refused ? null : retries.NextAttempt(ended, message.Attempt, Random.Shared.NextDouble());
            if (next is null) deads[i] = ended;
            else nexts[i] = NotBefore(outcome, ended) is { } asked && asked > next ? asked : next;
        }
        await using var command = data.CreateCommand(RecordSql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = ats });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = outcomes });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = answers });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = durations });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = nexts });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = deads });
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = probes });
        await command.ExecuteNonQueryAsync();
    }

    // What the target asked for (Retry-After), never more than MaxRetryAfterSeconds after the attempt ended.
    private DateTimeOffset? NotBefore(DeliveryOutcome outcome, DateTimeOffset ended) => outcome.RetryNotBefore is { } asked
        ? asked < ended.AddSeconds(settings.MaxRetryAfterSeconds) ? asked : ended.AddSeconds(settings.MaxRetryAfterSeconds)
        : null;

    private static string Truncate(string answer) => answer.Length <= AnswerLength ? answer : answer[..AnswerLength];

    // A row never tried (attempts 0) waits for its own reason (an SMS's quiet hours) and keeps it, unless a Retry-After hold of
    // its target moved it (HoldSql: up to the hold's end, $2): the hold is over, so it leaves too (fresh trial p16n: the step
    // row behind a held HoSo, never tried, kept the 15-minute hold after the portal had answered).
    private static readonly string ReleaseSql = """
        UPDATE outbox o SET next_attempt_at = $3
        FROM unnest($1::text[], $2::timestamptz[]) AS t(target, held_until)
        WHERE split_part(o.target, ':', 1) = t.target AND o.delivered_at IS NULL AND o.dead_at IS NULL
          AND o.next_attempt_at > $3 AND (o.attempts > 0 OR o.next_attempt_at <= t.held_until)
        """;

    private static readonly string HoldSql = """
        UPDATE outbox SET next_attempt_at = $2
        WHERE split_part(target, ':', 1) = $1 AND delivered_at IS NULL AND dead_at IS NULL
          AND next_attempt_at < $2 AND (locked_until IS NULL OR locked_until < $3)
        """;

    // A target that answers again after failing (IOutboxTarget.ReleasesBackoffOnRecovery): its rows waiting on their back-off
    // become due now, and the claim's ordering-key rule still sends each key's rows one after the other, in id order.
    // Such a target failing with a Retry-After is out as a whole too: none of its waiting rows is due before it (nor its
    // probe), so every row's next attempt shows when it will really leave.
    private async Task ReleaseRecoveredAsync(IReadOnlyList<Attempted> batch)
    {
        // Each target answering again after failing, with the end of the hold it was under (null: none).
        var recovered = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var held = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (message, at, outcome, duration, _) in batch)
        {
            var name = message.Target.IndexOf(':') is var colon and >= 0 ? message.Target[..colon] : message.Target;
            // A skipped message never reached the target: it says nothing of whether the target answers.
            if (outcome is null or { Result: DeliveryResult.Skipped } || !targets.TryGetValue(name, out var target) || !target.ReleasesBackoffOnRecovery) continue;
            // Refused is an answer too: the target is up, only that message will never pass.
            var answered = outcome.Result != DeliveryResult.Failed;
            if (answered && !answering.GetValueOrDefault(name)) recovered.TryAdd(name, null);
            answering[name] = answered;
            if (answered)
            {
                if (heldUntil.TryRemove(name, out var wasHeld) && recovered.ContainsKey(name)) recovered[name] = wasHeld;
                held.Remove(name);
            }
            else if (NotBefore(outcome, at.AddMilliseconds(duration)) is { } until && until > held.GetValueOrDefault(name))
                held[name] = until;
        }
        foreach (var (name, until) in held)
        {
            heldUntil[name] = until;
            await using var hold = data.CreateCommand(HoldSql);
            hold.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            hold.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = until });
            hold.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await hold.ExecuteNonQueryAsync();
        }
        if (recovered.Count == 0) return;
        await using var command = data.CreateCommand(ReleaseSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. recovered.Keys] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = [.. recovered.Values] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        if (await command.ExecuteNonQueryAsync() > 0) Nudge();
    }
}
