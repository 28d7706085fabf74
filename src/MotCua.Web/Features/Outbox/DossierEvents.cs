using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Features.Outbox;

/// <summary>
/// A dossier's event as the planners read it: the outbox row's id and message id, its topic (<c>dossier.status</c> or
/// <c>dossier.reorganised</c>), the dossier code, the payload as written (<see cref="DossierOutbox"/>) and the instant of
/// the event (Vietnam time where shown).
/// </summary>
public sealed record DossierEventMessage(long Id, Guid MessageId, string Topic, string Code, JsonElement Payload, DateTimeOffset At);

/// <summary>
/// Says what a dossier's event causes on one kind of target: the applicant's notifications, the webhooks' deliveries, the
/// portal's sync. Planners run inside one transaction per event with the event's row; whatever they add through
/// <see cref="DossierEventPlan.Add"/> (and any rows of their own on <see cref="DossierEventPlan.Db"/>) is written once,
/// however often the event is expanded again after a crash.
/// </summary>
public interface IDossierEventPlanner
{
    /// <summary>Adds to <paramref name="plan"/> the messages <see cref="DossierEventPlan.Event"/> causes, if any.</summary>
    Task PlanAsync(DossierEventPlan plan, CancellationToken ct);
}

/// <summary>The event being expanded, the unit of work it is written in, and the way to add a message.</summary>
public sealed class DossierEventPlan(MotCuaDb db, DossierEventMessage @event, DateTimeOffset now)
{
    /// <summary>The event's unit of work, inside the expansion's transaction; saved by the expansion, not by planners.</summary>
    public MotCuaDb Db { get; } = db;

    public DossierEventMessage Event { get; } = @event;

    /// <summary>The instant of the expansion (the worker's clock).</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// Adds a message to <paramref name="target"/>, due at <paramref name="notBefore"/> (or now). Its message id derives from
    /// the event's and <paramref name="key"/>, which must be unique among the event's messages (e.g. <c>sms</c>,
    /// <c>webhook:12</c>), so an event expanded twice gives the same ids. Messages on the same target about the same
    /// dossier keep their order unless <paramref name="orderingKey"/> says otherwise. Returns the row, for rows of the
    /// planner's own that refer to its <see cref="OutboxMessage.MessageId"/>.
    /// </summary>
    public OutboxMessage Add(string key, string topic, string target, object payload, DateTimeOffset? notBefore = null, string? orderingKey = null)
    {
        var message = new OutboxMessage
        {
            MessageId = Derive(Event.MessageId, key),
            Topic = topic,
            Target = target,
            OrderingKey = orderingKey ?? $"{target}:{Event.Code}",
            Payload = JsonSerializer.SerializeToDocument(payload, MotCuaDb.Json),
            CreatedAt = Now,
            NextAttemptAt = notBefore is { } later && later > Now ? later : Now,
        };
        Db.Outbox.Add(message);
        return message;
    }

    /// <summary>A name-based UUID (RFC 9562 version 8) from a parent message id and a key: SHA-256, first 16 bytes.</summary>
    public static Guid Derive(Guid parent, string key)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(key.Length)];
        parent.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(key, input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}

/// <summary>
/// The <c>dossier-events</c> target: expands a dossier's event into the messages it causes by asking every
/// <see cref="IDossierEventPlanner"/>, and writes them in one transaction that also marks the event delivered. An event
/// already expanded (a re-claim after a crash) is answered as delivered without a second expansion.
/// </summary>
public sealed class DossierEventExpansion(IServiceScopeFactory scopes, TimeProvider clock) : IOutboxTarget
{
    public string Name => DossierOutbox.EventsTarget;

    public async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        if (!message.Payload.TryGetProperty("code", out var code) || code.GetString() is not { Length: > 0 } dossierCode)
            return DeliveryOutcome.Refused("Thư không mang mã hồ sơ.");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The event's own row, marked in the transaction that writes what it causes: the lock it takes also keeps a second
        // worker (after a lease ran out) from expanding it at the same time.
        var marked = await db.Outbox.Where(o => o.Id == message.Id && o.DeliveredAt == null)
            .ExecuteUpdateAsync(o => o.SetProperty(m => m.DeliveredAt, now), ct);
        if (marked == 0) return DeliveryOutcome.Delivered("Đã tách trước đó.");
        var plan = new DossierEventPlan(db, new DossierEventMessage(message.Id, message.MessageId, message.Topic, dossierCode, message.Payload, message.CreatedAt), now);
        foreach (var planner in scope.ServiceProvider.GetServices<IDossierEventPlanner>())
            await planner.PlanAsync(plan, ct);
        var added = db.ChangeTracker.Entries<OutboxMessage>().Count(e => e.State == EntityState.Added);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return DeliveryOutcome.Delivered(added == 0 ? "Không sinh thư nào." : $"Sinh {added} thư.");
    }
}
