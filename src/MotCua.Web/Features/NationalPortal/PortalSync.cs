using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>One portal row of a dossier: its outbox id and message id, service, topic, state (<c>queued</c>,
/// <c>retrying</c>, <c>delivered</c>, <c>dead</c>), attempts, the portal's last answer and, only while it waits (queued or
/// retrying), when it is next tried: a delivered or dead row is tried no more (fresh trial 16f LOW B).</summary>
public sealed record PortalMessageView(long Id, Guid MessageId, string Service, string Topic, string State, int Attempts, string? LastAnswer,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt);

/// <summary>
/// A dossier's sync with the portal: <c>pending</c> (a row not yet delivered, also while it is retried: <see cref="LastAnswer"/>
/// says why; or no row yet, <see cref="Configured"/> saying whether one will be written), <c>failed</c> (a row dead-lettered and no re-push delivered after it), <c>monitored</c> (a ministry's dossier
/// received for monitoring: nothing is sent for it), <c>synced</c> otherwise; the attempts
/// of all its rows, the last payload sent (what the portal holds, or will) and the portal's last answer (when failed, its
/// answer to the last row that died).
/// </summary>
/// <remarks><see cref="Message"/>: on a server with no portal configured (<see cref="Configured"/> false) a dossier nothing
/// was planned for stays <c>pending</c> and says, in Vietnamese, that it is not sent until the portal is configured; null
/// otherwise.</remarks>
public sealed record DossierSyncState(string Code, string? PortalCode, string State, bool Configured, int Attempts, DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt, JsonElement? LastPayload, string? LastAnswer, IReadOnlyList<PortalMessageView> Messages, string? Message = null);

/// <summary>A dossier whose sync failed: its code; the first row refused since the dossier last synced (<c>id</c>,
/// <c>messageId</c>, <c>service</c>) and the portal's answer to it, <c>reason</c>, which is the cause (sixteenth trial
/// finding 5: a refused create makes every later row of the dossier answer "không tồn tại"); when the last row died
/// (<c>at</c>) and the portal's answer to it, <c>lastAnswer</c>; <c>laterFailures</c> the rows refused after the first.</summary>
public sealed record PortalFailure(string Code, long Id, Guid MessageId, string Service, DateTimeOffset At, string? LastAnswer, string? Reason = null, int LaterFailures = 0);

/// <summary>The portal's backlog: rows waiting for their first attempt, retrying, delivered in 24 hours, dead; dossiers
/// failed; the oldest row not delivered; one page of failures, newest first; <see cref="Unreachable"/> while the portal
/// does not answer.</summary>
public sealed record PortalBacklog(bool Configured, int Queued, int Retrying, int DeliveredLastDay, int Dead, int FailedDossiers,
    DateTimeOffset? OldestPending, IReadOnlyList<PortalFailure> Failures, PortalUnreachable? Unreachable = null);

/// <summary>The portal not answering now (trial 16b LOW 8): the last attempt to it failed without an answer of the portal
/// (a connection refused, a timeout, a 5xx: outcome <c>failed</c>, retried); <c>since</c> the first such attempt after the
/// portal last answered (delivered or refused), <c>lastAt</c> and <c>lastError</c> the last one, <c>attempts</c> how many
/// failed since.</summary>
public sealed record PortalUnreachable(DateTimeOffset Since, DateTimeOffset LastAt, string LastError, int Attempts);

/// <summary>What a re-push did: its number, the dossiers it covered and the rows it queued (new HoSo rows and dead rows
/// re-opened); <c>monitored</c>, the codes asked for that it skipped as dossiers a ministry's system sent for monitoring
/// (never sent from here); <c>unknown</c>, the codes asked for that no dossier holds (skipped, named rather than dropped
/// silently: fresh trial p16p LOW).</summary>
public sealed record RepushResult(long Repush, int Dossiers, int Messages, IReadOnlyList<string> Monitored, IReadOnlyList<string> Unknown);

/// <summary>
/// A dossier's sync state, the portal's backlog and re-push (docs/PORTAL.md). The state is derived from the dossier's
/// <c>dvcqg</c> rows, never stored twice. A re-push is always safe: per dossier it re-opens its dead <c>dvcqg</c> rows
/// (the same message ids, so the portal never gets a step twice) and queues one HoSo update of the dossier as it stands
/// now (topic <c>portal.repush</c>, behind anything pending on <c>dvcqg:{code}</c>); it is recorded in
/// <c>portal_repushes</c> and the audit log (<c>portal.repush</c>).
/// </summary>
public sealed class PortalSync(MotCuaDb db, IOptions<PortalOptions> options, OutboxWorker worker, TimeProvider clock, PortalLinks links)
{
    /// <summary>The most dossiers one re-push may cover.</summary>
    public const int MaxRepush = 10_000;

    /// <summary>What a dossier's sync state and the administration page say while no portal is configured.</summary>
    public const string NotConfiguredMessage =
        "Máy chủ này chưa cấu hình kết nối Cổng DVCQG (Motcua:Portal:SyncUrl): hồ sơ chưa được gửi lên Cổng và sẽ được gửi khi cấu hình xong (đẩy lại).";

    /// <summary>Failures a backlog page holds.</summary>
    public const int PageSize = 50;

    /// <summary>The sync state of dossier <paramref name="code"/>; null when there is no such dossier.</summary>
    public async Task<DossierSyncState?> StateAsync(string code, CancellationToken ct)
    {
        var origin = await db.Dossiers.Where(d => d.Code == code).Select(d => (DossierOrigin?)d.Origin).FirstOrDefaultAsync(ct);
        if (origin is null) return null;
        var key = PortalPlanner.OrderingKey(code);
        var rows = await db.Outbox.AsNoTracking().Where(o => o.Target == PortalPlanner.Target && o.OrderingKey == key).OrderBy(o => o.Id).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var attempts = await db.OutboxAttempts.AsNoTracking().Where(a => ids.Contains(a.OutboxId)).OrderBy(a => a.Id)
            .Select(a => new { a.OutboxId, a.At, a.Answer }).ToListAsync(ct);
        var lastAnswers = attempts.GroupBy(a => a.OutboxId).ToDictionary(g => g.Key, g => g.Last().Answer);
        var messages = rows.Select(r => (Row: r, State: StateOf(r))).Select(x => new PortalMessageView(x.Row.Id, x.Row.MessageId, Service(x.Row), x.Row.Topic,
            x.State, x.Row.Attempts, lastAnswers.GetValueOrDefault(x.Row.Id) ?? x.Row.LastError, x.Row.CreatedAt,
            x.State is "queued" or "retrying" ? x.Row.NextAttemptAt : null)).ToList();
        var sent = rows.LastOrDefault(r => r.Attempts > 0 || r.DeliveredAt is not null) ?? rows.LastOrDefault();
        // A dossier a ministry's system sent for monitoring is sent to nobody (DossierOutbox): it is monitored, not synced
        // (fourth fresh trial LOW 6).
        var state = origin == DossierOrigin.Monitored && messages.Count == 0 ? "monitored" : Derive(messages);
        // Failed: the answer that failed it, not a later step's success (trial 16b LOW 7).
        var answer = state == "failed" ? messages.Last(m => m.State == "dead").LastAnswer : attempts.Count == 0 ? null : attempts[^1].Answer;
        var lastAttemptAt = attempts.Count == 0 ? (DateTimeOffset?)null : attempts.Max(a => a.At);
        // The worker sends a dossier's rows in id order (its ordering key): the next to leave is the first not delivered nor
        // dead, at its own next attempt, which a later row's earlier one does not bring forward (trial: nextAttemptAt before
        // lastAttemptAt after a failed probe). Never shown before the last attempt: a row due already leaves at the next claim.
        // A failed dossier's rows wait behind the dead one until a re-push (NationalPortalTarget.HoldsKeyBehindDead): nothing
        // leaves on its own, so no next attempt is shown (trial 16i MEDIUM 2).
        var head = state == "failed" ? null : rows.FirstOrDefault(r => r.DeliveredAt is null && r.DeadAt is null);
        var nextAttemptAt = head is null ? (DateTimeOffset?)null
            : lastAttemptAt is { } lastAt && lastAt > head.NextAttemptAt ? lastAt : head.NextAttemptAt;
        // No portal configured and nothing ever planned: the state stays "pending" (the contract's three values), and says
        // why it will not move (item 5 of brief p16q [choice]: not a fourth state, which clients of the contract do not know).
        var message = !options.Value.Configured && messages.Count == 0 && state == "pending" ? NotConfiguredMessage : null;
        return new DossierSyncState(code, sent is null ? null : HoSoCode(sent), state, options.Value.Configured, rows.Sum(r => r.Attempts),
            lastAttemptAt, nextAttemptAt, sent?.Payload.RootElement.Clone(), answer, messages, message);
    }

    // failed: a dead row with no delivered re-push after it; pending: a row not yet delivered, or no row yet (the portal has
    // nothing of the dossier: right after intake or a push, before the planner wrote its rows, it was "synced" with 0
    // attempts, fresh trial p16p LOW); synced otherwise.
    private static string Derive(IReadOnlyList<PortalMessageView> messages)
    {
        if (messages.Count == 0) return "pending";
        var lastDead = messages.LastOrDefault(m => m.State == "dead");
        if (lastDead is not null && !messages.Any(m => m.Id > lastDead.Id && m.Topic == PortalPlanner.RepushTopic && m.State == "delivered")) return "failed";
        return messages.Any(m => m.State is "queued" or "retrying") ? "pending" : "synced";
    }

    /// <summary>The backlog and the <paramref name="page"/>th page of failed dossiers.</summary>
    public async Task<PortalBacklog> BacklogAsync(int page, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        var rows = db.Outbox.AsNoTracking().Where(o => o.Target == PortalPlanner.Target);
        var queued = await rows.CountAsync(o => o.DeliveredAt == null && o.DeadAt == null && o.Attempts == 0, ct);
        var retrying = await rows.CountAsync(o => o.DeliveredAt == null && o.DeadAt == null && o.Attempts > 0, ct);
        var delivered = await rows.CountAsync(o => o.DeliveredAt >= dayAgo, ct);
        var dead = await rows.CountAsync(o => o.DeadAt != null, ct);
        var oldest = await rows.Where(o => o.DeliveredAt == null && o.DeadAt == null).MinAsync(o => (DateTimeOffset?)o.CreatedAt, ct);
        var failed = await FailedQuery().ToListAsync(ct);
        var pageRows = failed.OrderByDescending(f => f.DeadAt).Skip((Paging.Clamp(page) - 1) * PageSize).Take(PageSize).ToList();
        // Each failed dossier's dead rows since its last delivered re-push: the first of them is the cause.
        var keys = pageRows.Select(r => r.OrderingKey).ToList();
        var related = await db.Outbox.AsNoTracking()
            .Where(o => o.Target == PortalPlanner.Target && keys.Contains(o.OrderingKey)
                && (o.DeadAt != null || (o.Topic == PortalPlanner.RepushTopic && o.DeliveredAt != null)))
            .OrderBy(o => o.Id).ToListAsync(ct);
        var failures = pageRows.Select(r =>
        {
            var rows = related.Where(o => o.OrderingKey == r.OrderingKey && o.Id <= r.Id).ToList();
            var since = rows.LastOrDefault(o => o.DeadAt is null)?.Id ?? 0;
            var dead = rows.Where(o => o.Id > since && o.DeadAt is not null).ToList();
            var first = dead.FirstOrDefault() ?? r;
            return new PortalFailure(r.OrderingKey![(PortalPlanner.Target.Length + 1)..], first.Id, first.MessageId, Service(first), r.DeadAt!.Value, r.LastError,
                first.LastError, Math.Max(0, dead.Count - 1));
        }).ToList();
        return new PortalBacklog(options.Value.Configured, queued, retrying, delivered, dead, failed.Count, oldest, failures, await UnreachableAsync(ct));
    }

    // The attempts since the portal last answered, when the last one failed too.
    private async Task<PortalUnreachable?> UnreachableAsync(CancellationToken ct)
    {
        var attempts = db.OutboxAttempts.AsNoTracking().Where(a => a.Target == PortalPlanner.Target);
        var last = await attempts.OrderByDescending(a => a.Id).Select(a => new { a.Id, a.At, a.Outcome, a.Answer }).FirstOrDefaultAsync(ct);
        if (last is null || last.Outcome != "failed") return null;
        var answered = await attempts.Where(a => a.Outcome != "failed").MaxAsync(a => (long?)a.Id, ct) ?? 0;
        var failing = attempts.Where(a => a.Id > answered);
        return new PortalUnreachable(await failing.MinAsync(a => a.At, ct), last.At, last.Answer, await failing.CountAsync(ct));
    }

    // The last dead row of each dossier that has no delivered re-push after it.
    private IQueryable<OutboxMessage> FailedQuery() => db.Outbox.AsNoTracking()
        .Where(o => o.Target == PortalPlanner.Target && o.DeadAt != null
            && !db.Outbox.Any(d => d.Target == PortalPlanner.Target && d.OrderingKey == o.OrderingKey && d.DeadAt != null && d.Id > o.Id)
            && !db.Outbox.Any(r => r.Target == PortalPlanner.Target && r.OrderingKey == o.OrderingKey && r.Topic == PortalPlanner.RepushTopic && r.DeliveredAt != null && r.Id > o.Id));

    /// <summary>The codes of every dossier whose sync failed.</summary>
    public async Task<List<string>> FailedCodesAsync(CancellationToken ct) =>
        [.. (await FailedQuery().Select(o => o.OrderingKey!).ToListAsync(ct)).Select(k => k[(PortalPlanner.Target.Length + 1)..]).Distinct()];

    /// <summary>
    /// Re-pushes <paramref name="codes"/> (existing dossiers only; at most <see cref="MaxRepush"/>) for <paramref name="who"/>,
    /// <paramref name="filter"/> being what was asked, kept with the record. Null when the portal is not configured.
    /// </summary>
    public async Task<RepushResult?> RepushAsync(IReadOnlyCollection<string> codes, object filter, ClaimsPrincipal who, CancellationToken ct)
    {
        if (!options.Value.Configured) return null;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using (var insert = await db.CommandAsync("INSERT INTO portal_repushes (at, user_id, filter, dossiers) VALUES ($1, $2, $3::jsonb, 0) RETURNING id", ct,
                         now, Claims.UserIdOf(who), JsonSerializer.Serialize(filter, MotCuaDb.Json)))
        {
            var repush = (long)(await insert.ExecuteScalarAsync(ct))!;
            var repushId = Guid.CreateVersion7();
            var messages = 0;
            var done = new List<string>();
            var monitored = new List<string>();
            var unknown = new List<string>();
            foreach (var code in codes.Distinct())
            {
                var read = await PortalViews.ReadAsync(db, code, ct, links);
                if (read is null)
                {
                    unknown.Add(code);
                    continue;
                }
                // A monitored (ministry) dossier is never sent from here, re-push or not; the answer names it as skipped.
                if (read.Dossier.Origin == DossierOrigin.Monitored)
                {
                    monitored.Add(code);
                    continue;
                }
                var key = PortalPlanner.OrderingKey(code);
                messages += await db.Outbox.Where(o => o.Target == PortalPlanner.Target && o.OrderingKey == key && o.DeadAt != null)
                    .ExecuteUpdateAsync(o => o.SetProperty(m => m.DeadAt, (DateTimeOffset?)null).SetProperty(m => m.Attempts, 0)
                        .SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), ct);
                db.Outbox.Add(new OutboxMessage
                {
                    MessageId = DossierEventPlan.Derive(repushId, code),
                    Topic = PortalPlanner.RepushTopic,
                    Target = PortalPlanner.Target,
                    OrderingKey = key,
                    Payload = JsonSerializer.SerializeToDocument(PortalPlanner.HoSoEnvelope(PortalPayload.HoSo(read.View, now, read.Dossier.Status), true), MotCuaDb.Json),
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                messages++;
                done.Add(code);
            }
            await using (var count = await db.CommandAsync("UPDATE portal_repushes SET dossiers = $2 WHERE id = $1", ct, repush, done.Count))
                await count.ExecuteNonQueryAsync(ct);
            db.AuditLog.Add(new AuditEntry
            {
                At = now, UserId = Claims.UserIdOf(who), Action = "portal.repush", Subject = done.Count == 1 ? done[0] : $"portal-repush:{repush}",
                Details = JsonSerializer.SerializeToDocument(new { repush, filter, dossiers = done.Count, messages, codes = done.Take(100) }, MotCuaDb.Json),
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            worker.Nudge();
            return new RepushResult(repush, done.Count, messages, monitored, unknown);
        }
    }

    private static string StateOf(OutboxMessage o) =>
        o.DeliveredAt is not null ? "delivered" : o.DeadAt is not null ? "dead" : o.Attempts > 0 ? "retrying" : "queued";

    private static string Service(OutboxMessage o) =>
        o.Payload.RootElement.TryGetProperty("service", out var s) ? s.GetString() ?? "" : "";

    private static string? HoSoCode(OutboxMessage o) =>
        o.Payload.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0
            && data[0].TryGetProperty("MaHoSo", out var code) ? code.GetString() : null;
}
