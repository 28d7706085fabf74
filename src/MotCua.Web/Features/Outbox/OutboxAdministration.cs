using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Outbox;

/// <summary>A target's backlog: messages waiting for their first attempt, waiting to be retried, being delivered now,
/// delivered in the last 24 hours, and dead-lettered.</summary>
public sealed record TargetBacklog(string Target, int Queued, int Retrying, int InFlight, int DeliveredLastDay, int Dead);

/// <summary>An outbox row as the administrator sees it (times in Vietnam time on the page, ISO 8601 in the API). State is
/// <c>queued</c>, <c>retrying</c>, <c>delivered</c> or <c>dead</c>.</summary>
public sealed record OutboxRowView(long Id, Guid MessageId, string Topic, string Target, string? DossierCode, string State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset? DeadAt, string? LastError);

/// <summary>One attempt as recorded (duration in milliseconds); <see cref="Attempt"/> 0 is a recovery probe, which counts
/// no attempt (docs/PORTAL.md "Recovery").</summary>
public sealed record OutboxAttemptView(int Attempt, DateTimeOffset At, string Target, string Outcome, string Answer, int DurationMs);

/// <summary>A row with its payload and every attempt, oldest first.</summary>
public sealed record OutboxRowDetail(OutboxRowView Row, JsonElement Payload, IReadOnlyList<OutboxAttemptView> Attempts);

/// <summary>
/// The administrator's view of the outbox (docs/MESSAGES.md): backlog per target, rows by state, one row with its attempts,
/// and re-sending a dead-lettered row, which gives it a fresh series of attempts and is written to the audit log.
/// </summary>
public sealed class OutboxAdministration(MotCuaDb db, OutboxWorker worker, TimeProvider clock)
{
    /// <summary>States a list may ask for.</summary>
    public static readonly IReadOnlyList<string> States = ["queued", "retrying", "delivered", "dead"];

    /// <summary>Rows a list page holds.</summary>
    public const int PageSize = 50;

    /// <summary>The backlog of every target that has rows, by name.</summary>
    public async Task<IReadOnlyList<TargetBacklog>> BacklogAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        // One pass over the open rows and the last day's deliveries (both by partial or id-ordered indexes).
        return await db.Database.SqlQuery<TargetBacklog>($"""
            SELECT target AS "Target",
                   count(*) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL AND attempts = 0 AND (locked_until IS NULL OR locked_until < {now}))::int AS "Queued",
                   count(*) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL AND attempts > 0 AND (locked_until IS NULL OR locked_until < {now}))::int AS "Retrying",
                   count(*) FILTER (WHERE delivered_at IS NULL AND dead_at IS NULL AND locked_until >= {now})::int AS "InFlight",
                   count(*) FILTER (WHERE delivered_at >= {dayAgo})::int AS "DeliveredLastDay",
                   count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS "Dead"
            FROM outbox
            WHERE (delivered_at IS NULL OR delivered_at >= {dayAgo})
            GROUP BY target ORDER BY target
            """).ToListAsync(ct);
    }

    /// <summary>Rows in <paramref name="state"/> (one of <see cref="States"/>; null: every open row), optionally of one
    /// target, newest first, <see cref="PageSize"/> a page; with the total.</summary>
    public async Task<(IReadOnlyList<OutboxRowView> Items, int Total)> ListAsync(string? state, string? target, int page, CancellationToken ct)
    {
        var rows = db.Outbox.AsNoTracking();
        rows = state switch
        {
            "queued" => rows.Where(o => o.DeliveredAt == null && o.DeadAt == null && o.Attempts == 0),
            "retrying" => rows.Where(o => o.DeliveredAt == null && o.DeadAt == null && o.Attempts > 0),
            "delivered" => rows.Where(o => o.DeliveredAt != null),
            "dead" => rows.Where(o => o.DeadAt != null),
            _ => rows.Where(o => o.DeliveredAt == null),
        };
        if (!string.IsNullOrEmpty(target)) rows = rows.Where(o => o.Target == target);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(o => o.Id).Skip((Paging.Clamp(page) - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return ([.. items.Select(View)], total);
    }

    /// <summary>One row with its payload and attempts; null when there is none with that id.</summary>
    public async Task<OutboxRowDetail?> DetailAsync(long id, CancellationToken ct)
    {
        var row = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (row is null) return null;
        var attempts = await db.OutboxAttempts.AsNoTracking().Where(a => a.OutboxId == id).OrderBy(a => a.Id)
            .Select(a => new OutboxAttemptView(a.Attempt, a.At, a.Target, a.Outcome, a.Answer, a.DurationMs)).ToListAsync(ct);
        return new OutboxRowDetail(View(row), row.Payload.RootElement.Clone(), attempts);
    }

    /// <summary>The names of the webhook subscriptions among <paramref name="targets"/> ("webhook:3" → its name), so that
    /// the pages name a webhook as its administrator did.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WebhookNamesAsync(IEnumerable<string> targets, CancellationToken ct)
    {
        var ids = targets.Where(t => t.StartsWith("webhook:", StringComparison.Ordinal))
            .Select(t => int.TryParse(t.AsSpan("webhook:".Length), out var id) ? id : 0).Where(id => id > 0).Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<string, string>();
        var names = await db.Database.SqlQuery<WebhookName>($"SELECT id AS \"Id\", name AS \"Name\" FROM webhook_subscriptions WHERE id = ANY({ids})").ToListAsync(ct);
        return names.ToDictionary(n => $"webhook:{n.Id}", n => n.Name);
    }

    private sealed record WebhookName(int Id, string Name);

    /// <summary>
    /// Re-sends a dead-lettered row: due now, with a fresh series of attempts; its earlier attempts stay on record.
    /// Returns the row, or an error: <c>NotFound</c> when there is no such row, <c>Conflict</c> when it is not dead.
    /// </summary>
    public async Task<(OutboxRowView? Row, string? NotFound, string? Conflict)> ResendAsync(long id, ClaimsPrincipal who, CancellationToken ct)
    {
        var row = await db.Outbox.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (row is null) return (null, $"Không có thư số {id}.", null);
        if (row.DeadAt is null) return (null, null, row.DeliveredAt is null ? $"Thư số {id} đang chờ gửi, không cần gửi lại." : $"Thư số {id} đã gửi xong.");
        var now = clock.GetUtcNow();
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = Claims.UserIdOf(who), Action = "outbox.resend", Subject = $"outbox:{id}",
            Details = JsonSerializer.SerializeToDocument(new { row.Target, row.Topic, row.MessageId, row.Attempts, row.LastError }, MotCuaDb.Json),
        });
        (row.DeadAt, row.Attempts, row.NextAttemptAt, row.LockedUntil) = (null, 0, now, null);
        await db.SaveChangesAsync(ct);
        worker.Nudge();
        return (View(row), null, null);
    }

    private static OutboxRowView View(OutboxMessage o) => new(o.Id, o.MessageId, o.Topic, o.Target,
        o.Payload.RootElement.ValueKind == JsonValueKind.Object && o.Payload.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null,
        o.DeliveredAt is not null ? "delivered" : o.DeadAt is not null ? "dead" : o.Attempts > 0 ? "retrying" : "queued",
        o.Attempts, o.CreatedAt, o.NextAttemptAt, o.DeliveredAt, o.DeadAt, o.LastError);
}
