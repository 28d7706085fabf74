using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Calendar;

namespace MotCua.Web.Features.Reports;

/// <summary>One row of the per-step report: a step of a procedure's process at the units (<see cref="Kind"/> a
/// <see cref="StepKind"/> name) and its figures over the stays that ended in the period: <see cref="Count"/> stays; the
/// median, 90th percentile (interpolated as PostgreSQL's <c>percentile_cont</c>, position p × (n − 1)) and mean of the office
/// time worked, and the step's limit, in working hours; the share of stays that ended on time, 0–1.</summary>
public sealed record StepTimeRow(string ProcedureCode, string ProcedureName, int StepIndex, string StepName, string Kind, int Count,
    double MedianHours, double P90Hours, double MeanHours, double AllowanceHours, double OnTimeRate);

/// <summary>A flagged open dossier of the early warning: its legal due date, the expected finish and the step holding it.</summary>
public sealed record EarlyWarningRow(string Code, string ProcedureCode, string ProcedureName, int StepIndex, string Step,
    DateTimeOffset DueAt, DateTimeOffset ExpectedFinishAt, int StepsFromHistory, int StepsRemaining);

/// <summary>
/// Per-step times and early warning over the stored dossiers (docs/REPORTS.md §6): the figures per step of the kept stays
/// (<see cref="StepStayKeeper"/>: each stay measured once by <see cref="StepTimes.Visits"/>) of some units, and the per-agency
/// history (p90 of each step over the last <see cref="EarlyWarning.HistoryMonths"/> months) the expected finish reads, kept
/// by <see cref="StepHistories"/> so a worklist page neither recomputes it nor waits for it.
/// </summary>
public sealed class StepTimeReads(MotCuaDb db, CalendarStore calendars, StepHistories histories, StepStayKeeper stays, TimeProvider clock)
{
    /// <summary>How old an agency's step history may be before a new one is computed [choice]: a stay more or less barely
    /// moves a p90 over three months, and five minutes keeps the cost to one computation per agency per five minutes.</summary>
    public static readonly TimeSpan HistoryLifetime = TimeSpan.FromMinutes(5);

    /// <summary>A step of a procedure's process at a receiving unit: the key of the history.</summary>
    public readonly record struct StepKey(string ProcedureCode, int StepIndex, string StepName);

    // The receiving units' calendars, read once per request (this service is scoped).
    private readonly Dictionary<int, WorkingCalendar> _calendars = [];

    private sealed record StepAggregate(string ProcedureCode, string ProcedureName, short StepIndex, string StepName, short Kind, int Count,
        double MedianHours, double P90Hours, double MeanHours, double AllowanceHours, int OnTime);

    private sealed record HistoryAggregate(string ProcedureCode, short StepIndex, string StepName, int Count, double P90Hours);

    /// <summary>The per-step report of <paramref name="unitIds"/> for the Vietnam days <paramref name="from"/>–<paramref name="to"/>
    /// (inclusive; a stay counts on the day it ended), longest median first, then longest p90; of <paramref name="procedureCode"/>
    /// only when given. One aggregate over the kept stays after their catch-up. Raw SQL: LINQ has no ordered-set aggregate
    /// (percentile_cont); the province's quarter at 10,000,000 dossiers (2.9 million stays) takes about 4 s here, where
    /// measuring the stays again took 63.8 s (docs/PERFORMANCE.md).</summary>
    public async Task<IReadOnlyList<StepTimeRow>> ReportAsync(IReadOnlyList<int> unitIds, string? procedureCode, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await stays.CatchUpAsync(unitIds, ct);
        var units = unitIds.ToArray();
        // Raw SQL parameters go to timestamptz as UTC (Npgsql refuses another offset).
        var start = VietnamTime.At(from, TimeOnly.MinValue).ToUniversalTime();
        var end = VietnamTime.At(to.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var rows = await db.Database.SqlQuery<StepAggregate>($"""
            SELECT procedure_code AS "ProcedureCode", min(procedure_name) AS "ProcedureName", step_index AS "StepIndex", step_name AS "StepName",
                   min(step_kind) AS "Kind", count(*)::int AS "Count",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY worked_hours) AS "MedianHours",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY worked_hours) AS "P90Hours",
                   avg(worked_hours) AS "MeanHours", max(allowance_hours) AS "AllowanceHours",
                   (count(*) FILTER (WHERE on_time))::int AS "OnTime"
            FROM step_stays
            WHERE receiving_agency_id = ANY({units}) AND left_at >= {start} AND left_at < {end}
              AND ({procedureCode}::text IS NULL OR procedure_code = {procedureCode})
            GROUP BY procedure_code, step_index, step_name
            """).ToListAsync(ct);
        return [.. rows
            .Select(r => new StepTimeRow(r.ProcedureCode, r.ProcedureName, r.StepIndex, r.StepName, ((StepKind)r.Kind).ToString(), r.Count,
                r.MedianHours, r.P90Hours, r.MeanHours, r.AllowanceHours, (double)r.OnTime / r.Count))
            .OrderByDescending(r => r.MedianHours).ThenByDescending(r => r.P90Hours).ThenBy(r => r.ProcedureCode).ThenBy(r => r.StepIndex)];
    }

    /// <summary>The step history of dossiers received by <paramref name="agencyId"/>: per step, the p90 of the stays that
    /// ended in the last <see cref="EarlyWarning.HistoryMonths"/> months, and their number, as last computed
    /// (<see cref="StepHistories"/>: at most <see cref="HistoryLifetime"/> old, or being refreshed).</summary>
    public Task<IReadOnlyDictionary<StepKey, StepHistory>> HistoryAsync(int agencyId, CancellationToken ct) => histories.GetAsync(agencyId, ct);

    /// <summary>Computes the step history of <paramref name="agencyId"/> as of <paramref name="now"/> from the kept stays,
    /// after their catch-up (one aggregate over the unit's three months of stays: docs/PERFORMANCE.md).</summary>
    internal async Task<IReadOnlyDictionary<StepKey, StepHistory>> ComputeHistoryAsync(int agencyId, DateTimeOffset now, CancellationToken ct)
    {
        await stays.CatchUpAsync([agencyId], ct);
        var since = now.AddMonths(-EarlyWarning.HistoryMonths).ToUniversalTime();
        var until = now.ToUniversalTime();
        var rows = await db.Database.SqlQuery<HistoryAggregate>($"""
            SELECT procedure_code AS "ProcedureCode", step_index AS "StepIndex", step_name AS "StepName", count(*)::int AS "Count",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY worked_hours) AS "P90Hours"
            FROM step_stays
            WHERE receiving_agency_id = {agencyId} AND left_at >= {since} AND left_at < {until}
            GROUP BY procedure_code, step_index, step_name
            """).ToListAsync(ct);
        return rows.ToDictionary(r => new StepKey(r.ProcedureCode, r.StepIndex, r.StepName), r => new StepHistory(r.P90Hours, r.Count));
    }

    /// <summary>Gives this request the calendars of the receiving units <paramref name="agencyIds"/> in one statement (the
    /// agencies not known yet), so that a worklist page's expected finishes read no agency row per row;
    /// <paramref name="known"/> (an agency and its calendar the caller has read already) is taken as is.</summary>
    public async Task ReadCalendarsAsync(IEnumerable<int> agencyIds, (int AgencyId, WorkingCalendar Calendar)? known, CancellationToken ct)
    {
        if (known is { } k) _calendars.TryAdd(k.AgencyId, k.Calendar);
        var missing = agencyIds.Where(id => !_calendars.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0) return;
        foreach (var agency in await db.Agencies.AsNoTracking().Where(a => missing.Contains(a.Id)).ToListAsync(ct))
            _calendars[agency.Id] = await calendars.ForAsync(agency, ct);
    }

    /// <summary>The expected finish of an open dossier (the fields a worklist row reads), by its receiving unit's calendar
    /// and history; null when it is at no step or waits for the citizen.</summary>
    public async Task<ExpectedFinish?> ExpectedAsync(int receivingAgencyId, string procedureCode, IReadOnlyList<PlannedStep> process, int? currentStepIndex,
        DateTimeOffset? currentStepStartedAt, IReadOnlyList<DossierPause> pauses, DossierStatus status, DateTimeOffset? dueAt, CancellationToken ct)
    {
        if (status != DossierStatus.InProcess || currentStepIndex is null) return null;
        if (!_calendars.TryGetValue(receivingAgencyId, out var calendar))
            _calendars[receivingAgencyId] = calendar = await calendars.ForAsync(await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == receivingAgencyId, ct), ct);
        var history = await HistoryAsync(receivingAgencyId, ct);
        return EarlyWarning.For(process, currentStepIndex, currentStepStartedAt, pauses, pauses.Any(p => p.To is null), dueAt, clock.GetUtcNow(), calendar,
            i => history.GetValueOrDefault(new StepKey(procedureCode, i, process[i].Name)));
    }

    /// <summary>The expected finish of <paramref name="dossier"/> (see the overload).</summary>
    public Task<ExpectedFinish?> ExpectedAsync(Dossier dossier, CancellationToken ct) =>
        ExpectedAsync(dossier.ReceivingAgencyId, dossier.ProcedureCode, dossier.Process, dossier.CurrentStepIndex, dossier.CurrentStepStartedAt,
            dossier.Pauses, dossier.Status, dossier.DueAt, ct);

    /// <summary>The open dossiers received by <paramref name="unitIds"/> flagged as likely late (expected finish after a due
    /// date not yet passed), soonest due first.</summary>
    public async Task<IReadOnlyList<EarlyWarningRow>> FlaggedAsync(IReadOnlyList<int> unitIds, CancellationToken ct)
    {
        var ids = unitIds.ToList();
        var now = clock.GetUtcNow();
        var open = await db.Dossiers.AsNoTracking()
            .Where(d => ids.Contains(d.ReceivingAgencyId) && d.Status == DossierStatus.InProcess && d.DueAt > now)
            .OrderBy(d => d.DueAt).ThenBy(d => d.Id)
            .Select(d => new { d.Code, d.ReceivingAgencyId, d.ProcedureCode, d.ProcedureName, d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, d.Status, d.DueAt })
            .ToListAsync(ct);
        var rows = new List<EarlyWarningRow>();
        foreach (var d in open)
        {
            if (await ExpectedAsync(d.ReceivingAgencyId, d.ProcedureCode, d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, d.Status, d.DueAt, ct)
                is { LikelyLate: true } expected)
                rows.Add(new EarlyWarningRow(d.Code, d.ProcedureCode, d.ProcedureName, expected.HoldingStepIndex, expected.HoldingStepName,
                    d.DueAt!.Value.ToOffset(VietnamTime.Offset), expected.At.ToOffset(VietnamTime.Offset), expected.FromHistory, expected.Steps));
        }
        return rows;
    }
}

/// <summary>
/// The agencies' step histories (<see cref="StepTimeReads.HistoryAsync"/>), shared by every request of the process. The
/// last history computed is served at once; when it is older than <see cref="StepTimeReads.HistoryLifetime"/> by the
/// app's clock, one background refresh per agency computes the next in a scope of its own, and requests keep getting the
/// last one until it lands, so no request waits for a refresh (3–4 s for a unit at 1,000,000 dossiers, docs/PERFORMANCE.md).
/// Only an agency's first history since the app started is awaited, by the requests that ask for it while it is
/// computed (one computation for all of them); a first computation that failed is tried again by the next request, a
/// refresh that failed is logged and tried again by the next request after it, the last history still served.
/// </summary>
public sealed class StepHistories(IServiceScopeFactory scopes, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<StepHistories> log)
{
    private sealed record Computed(IReadOnlyDictionary<StepTimeReads.StepKey, StepHistory> History, DateTimeOffset At);

    private sealed class Entry(Task<Computed> current)
    {
        public Task<Computed> Current = current;
        public Task? Refresh;
    }

    private readonly ConcurrentDictionary<int, Entry> _entries = new();
    private readonly Lock _gate = new();

    /// <summary>The history of <paramref name="agencyId"/>'s dossiers as last computed, starting a refresh when it is due.
    /// Throws what the first computation threw (a database error) when there is no history yet.</summary>
    public async Task<IReadOnlyDictionary<StepTimeReads.StepKey, StepHistory>> GetAsync(int agencyId, CancellationToken ct)
    {
        Task<Computed> current;
        lock (_gate)
        {
            var entry = _entries.GetOrAdd(agencyId, id => new Entry(ComputeAsync(id)));
            if (entry.Current.IsFaulted || entry.Current.IsCanceled) entry.Current = ComputeAsync(agencyId);
            current = entry.Current;
            if (current.IsCompletedSuccessfully && entry.Refresh is null && clock.GetUtcNow() - current.Result.At >= StepTimeReads.HistoryLifetime)
                entry.Refresh = RefreshAsync(agencyId, entry);
        }
        return (await current.WaitAsync(ct)).History;
    }

    private async Task RefreshAsync(int agencyId, Entry entry)
    {
        try
        {
            var next = await ComputeAsync(agencyId);
            lock (_gate) entry.Current = Task.FromResult(next);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            log.LogError(e, "Không tính lại được lịch sử thời gian các bước của đơn vị {Agency}; vẫn dùng lịch sử trước.", agencyId);
        }
        catch (OperationCanceledException)
        {
            // The app is stopping.
        }
        finally
        {
            lock (_gate) entry.Refresh = null;
        }
    }

    // Off the request's thread and scope: the computation outlives the request that started it, and stops with the app.
    private Task<Computed> ComputeAsync(int agencyId) => Task.Run(async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        var history = await scope.ServiceProvider.GetRequiredService<StepTimeReads>().ComputeHistoryAsync(agencyId, now, lifetime.ApplicationStopping);
        return new Computed(history, now);
    }, lifetime.ApplicationStopping);
}
