using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Calendar;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// Keeps <c>step_stays</c>, the stays of every dossier at the steps of its process (<see cref="StepStay"/>), equal to what
/// the Domain's rule (<see cref="StepTimes.Visits"/>) measures from the dossier's events by its receiving unit's calendar
/// (migration 0123). The database marks a dossier in <c>step_stays_pending</c> in the transaction that records an event
/// ending a stay or changes what its stays depend on; <see cref="CatchUpAsync"/> measures the marked dossiers again and
/// replaces their rows, in the transaction that removes the marks, so a dossier is never left unmarked with stale rows.
/// Called in the background by <see cref="StepStayWorker"/> and, for the units read, before every per-step report and step
/// history, which therefore read what the events say at that moment.
/// </summary>
public sealed class StepStayKeeper(MotCuaDb db, CalendarStore calendars, ILogger<StepStayKeeper> log)
{
    /// <summary>Dossiers measured per transaction [choice]: a few thousand stays written in one save, short enough that an
    /// officer's action on one of them waits for it at most a fraction of a second (its mark waits for the batch).</summary>
    public const int BatchSize = 500;

    /// <summary>Measures again every marked dossier (received by <paramref name="unitIds"/> when given, else all) and replaces
    /// its kept stays; returns how many dossiers it measured. Waits for a batch another caller is measuring (its marks are
    /// locked until it commits), so on return no stay of those units is stale. Throws the database's errors; a failed batch
    /// leaves its marks (rolled back) for the next call.</summary>
    public async Task<int> CatchUpAsync(IReadOnlyList<int>? unitIds, CancellationToken ct)
    {
        var total = 0;
        // Until a batch finds none: a batch may come back short because another caller removed marks it waited for, while
        // more remain after them.
        for (int measured; (measured = await MeasureBatchAsync(unitIds, ct)) > 0;) total += measured;
        return total;
    }

    private async Task<int> MeasureBatchAsync(IReadOnlyList<int>? unitIds, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Marks are taken in dossier order by every caller, so two callers never wait for each other in a cycle; a writer
        // marking a dossier of the batch again waits for this commit and leaves a new mark for the next batch.
        var units = unitIds?.ToArray();
        var ids = await (units is null
            ? db.Database.SqlQuery<long>($"""
                DELETE FROM step_stays_pending WHERE dossier_id IN (
                    SELECT dossier_id FROM step_stays_pending ORDER BY dossier_id LIMIT {BatchSize} FOR UPDATE)
                RETURNING dossier_id AS "Value"
                """)
            : db.Database.SqlQuery<long>($"""
                DELETE FROM step_stays_pending WHERE dossier_id IN (
                    SELECT p.dossier_id FROM step_stays_pending p JOIN dossiers d ON d.id = p.dossier_id
                    WHERE d.receiving_agency_id = ANY({units}) ORDER BY p.dossier_id LIMIT {BatchSize} FOR UPDATE OF p)
                RETURNING dossier_id AS "Value"
                """)).ToListAsync(ct);
        if (ids.Count == 0) return 0;

        var dossiers = await db.Dossiers.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.ReceivingAgencyId, d.ProcedureCode, d.ProcedureName, d.Process, d.Pauses, Events = d.Events.OrderBy(e => e.Id).ToList() })
            .AsSplitQuery().ToListAsync(ct);
        var agencyIds = dossiers.Select(d => d.ReceivingAgencyId).Distinct().ToList();
        var hours = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id))
            .Select(a => new { a.Id, a.OfficeHours, a.Cutoff }).ToDictionaryAsync(a => a.Id, ct);
        var stays = new List<StepStay>();
        foreach (var dossier in dossiers)
        {
            var agency = hours[dossier.ReceivingAgencyId];
            var calendar = await calendars.ForAsync(agency.OfficeHours, agency.Cutoff, ct);
            stays.AddRange(StepTimes.Visits(dossier.Process, dossier.Events, dossier.Pauses, calendar).Select((v, i) => new StepStay
            {
                DossierId = dossier.Id,
                Ordinal = checked((short)i),
                ReceivingAgencyId = dossier.ReceivingAgencyId,
                ProcedureCode = dossier.ProcedureCode,
                ProcedureName = dossier.ProcedureName,
                StepIndex = checked((short)v.StepIndex),
                StepName = v.StepName,
                StepKind = v.Kind,
                EnteredAt = v.EnteredAt,
                LeftAt = v.LeftAt,
                WorkedHours = v.Worked.TotalHours,
                AllowanceHours = v.Allowance.TotalHours,
                OnTime = v.OnTime,
                SentBack = v.SentBack,
            }));
        }
        await db.StepStays.Where(s => ids.Contains(s.DossierId)).ExecuteDeleteAsync(ct);
        db.StepStays.AddRange(stays);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await tx.CommitAsync(ct);
        log.LogDebug("Đã đo lại {Dossiers} hồ sơ, {Stays} lượt ở các bước.", ids.Count, stays.Count);
        return ids.Count;
    }
}

/// <summary>
/// Measures the marked dossiers' stays in the background (<see cref="StepStayKeeper.CatchUpAsync"/> over every unit) every
/// <see cref="Interval"/>, so that a report's own catch-up finds little left to do; after migration 0123 on a database that
/// already holds dossiers, this is what measures them all once (840,187 dossiers, 3.5 million stays, in 329 s at
/// 10,000,000 stored on this machine's two cores: docs/PERFORMANCE.md). Off when <c>Motcua:StepStays:Enabled</c> is
/// false (the tests, which read after their own catch-up).
/// </summary>
public sealed class StepStayWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StepStayWorker> log) : BackgroundService
{
    /// <summary>The pause between two catch-ups [choice]: a report's own catch-up then meets at most a few seconds of events.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var started = clock.GetTimestamp();
                var measured = await scope.ServiceProvider.GetRequiredService<StepStayKeeper>().CatchUpAsync(null, stoppingToken);
                if (measured >= StepStayKeeper.BatchSize)
                    log.LogInformation("Đã đo lại thời gian các bước của {Dossiers} hồ sơ trong {Seconds:F1} giây.", measured, clock.GetElapsedTime(started).TotalSeconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "Không đo lại được thời gian các bước; thử lại sau {Seconds} giây.", Interval.TotalSeconds);
            }
            await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
