using System.Collections.Concurrent;
using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Tests;

/// <summary>
/// An outbox adapter in the test that records what it delivered and answers as the test says ("250 OK" unless
/// <see cref="Answer"/> is set): the worker's and the planners' tests use it where the channel's protocol is not the
/// point (the channels' own tests use the real SMTP server and gateway). Delivery is at least once (docs/MESSAGES.md): a
/// message whose outcome was not recorded in time leaves again, which a busy machine makes happen; like a real gateway,
/// the target keeps a message once by its id (<see cref="OutboxDelivery.MessageId"/>) and counts the repeats apart.
/// </summary>
public sealed class RecordingTarget(string name) : IOutboxTarget
{
    public string Name => name;

    /// <summary>Whether the worker probes it after failures and releases its back-off when it answers again.</summary>
    public bool ReleasesBackoffOnRecovery { get; init; }
    private readonly ConcurrentDictionary<Guid, bool> seen = new();

    /// <summary>Each message delivered, once, in the order first delivered.</summary>
    public ConcurrentQueue<OutboxDelivery> Received { get; } = new();

    /// <summary>Deliveries of a message already received.</summary>
    public int Repeats => repeats;
    private int repeats;
    public Func<OutboxDelivery, CancellationToken, Task<DeliveryOutcome>> Answer { get; set; } =
        (_, _) => Task.FromResult(DeliveryOutcome.Delivered("250 OK"));

    public async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        var outcome = await Answer(message, ct);
        if (outcome.Result != DeliveryResult.Delivered) return outcome;
        if (seen.TryAdd(message.MessageId, true)) Received.Enqueue(message);
        else Interlocked.Increment(ref repeats);
        return outcome;
    }
}
