using System.Collections.Concurrent;
using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Tests;

/// <summary>
/// An outbox adapter in the test that records what it delivered and answers as the test says ("250 OK" unless
/// <see cref="Answer"/> is set): the worker's and the planners' tests use it where the channel's protocol is not the
/// point (the channels' own tests use the real SMTP server and gateway).
/// </summary>
public sealed class RecordingTarget(string name) : IOutboxTarget
{
    public string Name => name;
    public ConcurrentQueue<OutboxDelivery> Received { get; } = new();
    public Func<OutboxDelivery, CancellationToken, Task<DeliveryOutcome>> Answer { get; set; } =
        (_, _) => Task.FromResult(DeliveryOutcome.Delivered("250 OK"));

    public async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        var outcome = await Answer(message, ct);
        if (outcome.Result == DeliveryResult.Delivered) Received.Enqueue(message);
        return outcome;
    }
}
