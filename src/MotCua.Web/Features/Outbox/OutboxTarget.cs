using System.Text.Json;

namespace MotCua.Web.Features.Outbox;

/// <summary>
/// An adapter that carries outbox messages somewhere: an SMTP server, an SMS or Zalo gateway, a webhook receiver, the
/// national portal, or, for <c>dossier-events</c>, the outbox itself (a dossier's event becomes the messages it causes).
/// One instance serves every message of its target, concurrently; it must not throw for anything a target answers (an
/// exception is recorded as a failed attempt all the same, so a bug delays messages but never loses them).
/// </summary>
public interface IOutboxTarget
{
    /// <summary>
    /// The target this adapter serves: a row's <c>target</c> is this name, or this name, a colon and a part the adapter
    /// reads (e.g. <c>webhook:12</c> for subscription 12, so that one dead receiver does not hold back the others).
    /// </summary>
    string Name { get; }

    /// <summary>
    /// Delivers one message within <paramref name="ct"/> (cancelled at the target's time-out). The receiver should be
    /// given <see cref="OutboxDelivery.MessageId"/> to de-duplicate on: the same message may come again after a crash.
    /// </summary>
    Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct);

    /// <summary>
    /// Whether a delivery to this target after a failed attempt (or the first since the worker started) releases the
    /// target's other rows waiting on their back-off, so that after an outage the backlog leaves at once, each ordering
    /// key still in order, rather than each row at its own next attempt (minutes to hours later on the default schedule).
    /// For a target whose outages are of the whole service (the National Portal); a flapping target then has its rows
    /// tried more often, each try counting towards <see cref="OutboxOptions.MaxAttempts"/>.
    /// </summary>
    bool ReleasesBackoffOnRecovery => false;

    /// <summary>
    /// How long one attempt to this target may take before the worker cancels it and counts it failed, or null for the
    /// worker's own <see cref="OutboxOptions.TimeoutSeconds"/>. A target that moves large bodies over slow links (a pushed
    /// dossier's file from the National Portal) sets a longer ceiling and detects a stalled transfer itself; the claim's
    /// lease on its rows is then at least this plus 30 seconds, so no other worker takes a row still being delivered.
    /// </summary>
    TimeSpan? AttemptTimeout => null;

    /// <summary>
    /// Whether a dead row of this target holds back the later rows of its ordering key until it is re-opened (a re-push),
    /// rather than letting them leave past it. For a target whose receiver builds one ordered history per key from the
    /// messages (the National Portal's progress of a dossier, trial 16i MEDIUM 2: a refused appraisal step re-pushed after
    /// the approval left the portal listing the approval first). Only rows whose target is exactly <see cref="Name"/> hold
    /// and are held; the name must then be a plain word (letters, digits, '-'), as it is written into the claim's SQL so
    /// that the target's partial index serves the check.
    /// </summary>
    bool HoldsKeyBehindDead => false;
}

/// <summary>A claimed outbox row as an adapter sees it; <see cref="Attempt"/> is 1 for the first attempt.</summary>
public sealed record OutboxDelivery(long Id, Guid MessageId, string Topic, string Target, string? OrderingKey, JsonElement Payload,
    int Attempt, DateTimeOffset CreatedAt)
{
    /// <summary>The part of the target after its adapter's name and a colon (<c>12</c> of <c>webhook:12</c>), or null.</summary>
    public string? TargetDetail => Target.IndexOf(':') is var colon and >= 0 ? Target[(colon + 1)..] : null;
}

/// <summary>What came of one attempt: the outcome, the target's answer as it will be shown to the administrator (short), and
/// for a failure an optional earliest retry the target asked for (an HTTP Retry-After).</summary>
public sealed record DeliveryOutcome(DeliveryResult Result, string Answer, DateTimeOffset? RetryNotBefore = null)
{
    /// <summary>The target took the message.</summary>
    public static DeliveryOutcome Delivered(string answer) => new(DeliveryResult.Delivered, answer);

    /// <summary>It did not, and may later: the message is tried again on the back-off schedule.</summary>
    public static DeliveryOutcome Failed(string answer, DateTimeOffset? notBefore = null) => new(DeliveryResult.Failed, answer, notBefore);

    /// <summary>It never will (a refused address, a payload the target rejects): dead-lettered at once, not retried.</summary>
    public static DeliveryOutcome Refused(string answer) => new(DeliveryResult.Refused, answer);

    /// <summary>It was not sent because it is no longer wanted (<see cref="IOutboxSkip"/>; <paramref name="reason"/> in
    /// Vietnamese): closed as handled, neither retried nor dead-lettered (migration 0115).</summary>
    public static DeliveryOutcome Skipped(string reason) => new(DeliveryResult.Skipped, reason);
}

/// <summary>The outcome of an attempt, as stored in <c>outbox_attempts.outcome</c>.</summary>
public enum DeliveryResult { Delivered, Failed, Refused, Skipped }

/// <summary>
/// A slice's check of its own messages (those of <see cref="Topic"/>) at the moment they would leave, for a message planned
/// ahead whose purpose may be gone by then (a rating invitation held for the quiet hours while the applicant rates by
/// another way, trial 17t LOW 12). The worker asks it before the target's adapter; a reason means the message is not sent
/// and its attempt is recorded as skipped with that reason (<see cref="DeliveryOutcome.Skipped"/>).
/// </summary>
public interface IOutboxSkip
{
    /// <summary>The <c>outbox.topic</c> of the messages checked.</summary>
    string Topic { get; }

    /// <summary>Why <paramref name="message"/> should no longer be sent (Vietnamese, shown on the delivery page), or null to
    /// send it.</summary>
    Task<string?> ReasonAsync(OutboxDelivery message, CancellationToken ct);
}
