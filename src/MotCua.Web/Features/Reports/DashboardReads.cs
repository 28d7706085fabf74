using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using MotCua.Data;
using MotCua.Domain.Administration;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Messages;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>A day of the series: the Vietnam date (ISO yyyy-MM-dd in JSON; the page prints dd/MM/yyyy) and its three counts,
/// the overdue judged at the end of the day, or at the moment read for today (<see cref="Dashboard.Days"/>).</summary>
public sealed record DashboardDayView(DateOnly Date, long Received, long Resolved, long Overdue);

/// <summary>On-time figures of an agency (its code), a field (its name) or a procedure (its catalogue code): resolved in the
/// period, early, on time, late, and the rate (early + on time) ÷ resolved, 0–1, null when nothing was resolved.</summary>
public sealed record OnTimeView(string Code, string Name, long Resolved, long Early, long OnTime, long Late, double? Rate);

/// <summary>
/// An overdue dossier (in progress, its original due instant passed): its code, procedure, the step it is at, who holds it
/// (<c>officer</c>: the assigned officer's name, or else the officers of the holding unit whose role acts at that step, names
/// joined by ", "; null when there is nobody; <c>holder</c>: the department or unit holding it, wherever it is), the original
/// due instant (ISO 8601 with the Vietnam offset, +07:00; the page prints HH:mm dd/MM/yyyy), how far the officer reminders escalated it (<c>escalated</c>: "leader" when
/// a leader was told, "head" when only a department head was, or null) and who was told, from the escalation records.
/// </summary>
public sealed record OverdueView(string Code, string ProcedureName, string? Step, string? Officer, string Holder, DateTimeOffset OriginalDueAt, string? Escalated,
    IReadOnlyList<NotifiedView> Notified);

/// <summary>One escalation notice of a dossier: the level ("head": trưởng phòng, "leader": lãnh đạo), the officer told and
/// when (ISO 8601, Vietnam offset).</summary>
public sealed record NotifiedView(string Level, string Name, DateTimeOffset At);

/// <summary>The overdue list: how many dossiers are overdue now, how many of them were escalated, and the
/// <see cref="DashboardReads.OverdueShown"/> overdue longest.</summary>
public sealed record OverdueListView(long Total, long Escalated, IReadOnlyList<OverdueView> Dossiers);

/// <summary>Totals of the period: received, resolved (early + on time + late), the on-time rate 0–1 (null: nothing resolved).</summary>
public sealed record DashboardTotals(long Received, long Resolved, double? OnTimeRate);

/// <summary>
/// The dashboard as JSON (docs/REPORTS.md §7): the unit and its roll-up, the period (Vietnam dates, ISO yyyy-MM-dd; only
/// the page prints dd/MM/yyyy, second trial), the
/// totals, the series by day, the on-time figures per agency, field and procedure (every one with a dossier resolved,
/// most resolved first), the <see cref="DashboardReads.StepsShown"/> steps where dossiers wait longest, the overdue list
/// and the instant it was read (ISO 8601 with the Vietnam offset).
/// </summary>
public sealed record DashboardView(string AgencyCode, string AgencyName, IReadOnlyList<string> UnitCodes, DateOnly From, DateOnly To, DateTimeOffset At,
    DashboardTotals Totals, IReadOnlyList<DashboardDayView> Days, IReadOnlyList<OnTimeView> Agencies, IReadOnlyList<OnTimeView> Fields,
    IReadOnlyList<OnTimeView> Procedures, IReadOnlyList<StepTimeRow> Steps, OverdueListView Overdue);

/// <summary>
/// Reads the leaders' and the inspector's dashboard. Every figure comes from counts kept by the dossiers' own transactions
/// (<c>bieu06_counts</c> of migration 0041 for days, agencies and fields; <c>procedure_outcome_counts</c> of 0045 for
/// procedures) or from bounded, indexed lists (the overdue dossiers, by <c>dossiers_in_progress_by_original_due</c>,
/// <see cref="OverdueShown"/> of them). The per-step figures are <see cref="StepTimeReads.ReportAsync"/>'s, kept
/// <see cref="StepsLifetime"/> in the memory cache (they are computed from the events, see docs/REPORTS.md §6).
/// </summary>
public sealed class DashboardReads(MotCuaDb db, StepTimeReads steps, IMemoryCache cache, TimeProvider clock)
{
    /// <summary>The overdue dossiers listed (the longest overdue first); the total counts all.</summary>
    public const int OverdueShown = 50;

    /// <summary>The steps shown, longest median first.</summary>
    public const int StepsShown = 10;

    /// <summary>How long the per-step figures of a roll-up and period are reused [choice]: as the early warning's history.</summary>
    public static readonly TimeSpan StepsLifetime = StepTimeReads.HistoryLifetime;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>What the caller asked, resolved: the unit, its roll-up and the period; or the problem (403, or 422 naming
    /// <c>agency</c>, <c>from</c> or <c>to</c>) and its Vietnamese message.</summary>
    public sealed record Request(Agency? Agency, IReadOnlyList<Agency> Units, DateOnly From, DateOnly To, IResult? Problem = null,
        string? Message = null, bool Forbidden = false, ReportReader? Reader = null);

    /// <summary>
    /// The reader and the unit (<paramref name="agency"/>, a code; default the reader's own unit or, for the inspector and the
    /// administrator, the province centre) as Biểu 06 resolves them (<see cref="ReportReaders"/>), and the period: <paramref name="from"/>
    /// and <paramref name="to"/> typed dd/MM/yyyy or yyyy-MM-dd, inclusive Vietnam days, at most <see cref="Dashboard.MaxDays"/>,
    /// not after today; both empty: <see cref="Dashboard.DefaultPeriod"/>; one empty: that end of the default.
    /// </summary>
    public async Task<Request> ResolveAsync(ClaimsPrincipal user, string? agency, string? from, string? to, CancellationToken ct)
    {
        var today = VietnamTime.DateOf(clock.GetUtcNow());
        var (defaultFrom, defaultTo) = Dashboard.DefaultPeriod(today);
        var resolved = await Bieu06Reports.ResolveAsync(db, user, agency, null, null, null, clock, ct);
        if (resolved.Problem is { } problem)
            return new(null, [], defaultFrom, defaultTo, problem, resolved.Refusal ?? resolved.Invalid?.Message, resolved.Refusal is not null);
        DateOnly start = defaultFrom, end = defaultTo;
        if (!string.IsNullOrWhiteSpace(from))
        {
            var (f, wrongFrom) = ReportDate.Read(from, "Ngày đầu kỳ");
            if (f is null) return Invalid("from", wrongFrom!);
            start = f.Value;
        }
        if (!string.IsNullOrWhiteSpace(to))
        {
            var (t, wrongTo) = ReportDate.Read(to, "Ngày cuối kỳ");
            if (t is null) return Invalid("to", wrongTo!);
            end = t.Value;
        }
        if (Dashboard.PeriodProblem(start, end, today) is { } wrong) return Invalid(wrong.Field, wrong.Message);
        return new(resolved.Agency, resolved.Units, start, end, Reader: resolved.Reader);

        Request Invalid(string field, string message) => new(null, [], defaultFrom, defaultTo, Problems.Field(field, message), message);
    }

    private sealed record DayCount(DateOnly Day, short Measure, long N);
    private sealed record MeasureCount(short Measure, long N);
    private sealed record KeyedCount(string Key, short Measure, long N);
    private sealed record NamedKey(string Code, string Name);
    private sealed record OverdueRow(string Code, string ProcedureName, string? Step, short? StepKind, int? AgencyId, string? Officer, string Holder,
        DateTimeOffset OriginalDueAt);
    private sealed record NoticeRow(string Code, string Key, string Name, DateTimeOffset At);
    private sealed record OverdueTotals(long Total, long Escalated);

    /// <summary>
    /// The dashboard of <paramref name="request"/>'s units and period, at the app's clock. Reads: the day rows of the period
    /// and the prefix rows before it (years, months, days) for the overdue series; in-period sums per agency, field and
    /// procedure (whole months from the month rows, the edges from the day rows); the overdue dossiers by index, the
    /// <see cref="OverdueShown"/> oldest listed.
    /// </summary>
    public async Task<DashboardView> BuildAsync(Request request, CancellationToken ct)
    {
        var units = request.Units.Select(u => u.Id).ToArray();
        var (from, to) = (request.From, request.To);
        var now = clock.GetUtcNow();
        var (fromYear, fromMonth) = (new DateOnly(from.Year, 1, 1), new DateOnly(from.Year, from.Month, 1));

        var dayRows = await db.Database.SqlQuery<DayCount>($"""
            SELECT period_start AS "Day", measure AS "Measure", sum(n)::bigint AS "N" FROM bieu06_counts
            WHERE grain = 'd' AND agency_id = ANY ({units}) AND period_start >= {from} AND period_start <= {to} AND measure IN (1, 2, 3, 4, 5, 6, 10, 11)
            GROUP BY 1, 2
            """).ToListAsync(ct);
        var before = await db.Database.SqlQuery<MeasureCount>($"""
            SELECT measure AS "Measure", sum(n)::bigint AS "N" FROM bieu06_counts
            WHERE agency_id = ANY ({units}) AND measure IN (10, 11) AND (
                   grain = 'y' AND period_start < {fromYear}
                OR grain = 'm' AND period_start >= {fromYear} AND period_start < {fromMonth}
                OR grain = 'd' AND period_start >= {fromMonth} AND period_start < {from})
            GROUP BY 1
            """).ToListAsync(ct);
        // One rule for the chart and the box: today is judged at the moment read (docs/REPORTS.md §7, second trial).
        var today = VietnamTime.DateOf(now);
        (DateOnly, long)? notYetDue = null;
        if (to == today)
        {
            var midnight = VietnamTime.At(today.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
            var utcNow = now.ToUniversalTime();
            notYetDue = (today, await db.Database.SqlQuery<long>($"""
                SELECT count(*)::bigint AS "Value" FROM dossiers d
                WHERE d.receiving_agency_id = ANY ({units}) AND d.status IN (2, 4, 5, 6, 7)
                  AND d.original_due_at >= {utcNow} AND d.original_due_at < {midnight}
                """).SingleAsync(ct));
        }
        var days = Dashboard.Days(from, to, Sum(before, Bieu06Measure.OverdueFrom), Sum(before, Bieu06Measure.OverdueUntil),
            dayRows.Select(r => (r.Day, (Bieu06Measure)r.Measure, r.N)), notYetDue);

        // Whole months of the period from the month rows, the days before the first and after the last from the day rows.
        var end = to.AddDays(1);
        var monthsFrom = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var monthsTo = new DateOnly(end.Year, end.Month, 1);
        if (monthsFrom >= monthsTo) monthsFrom = monthsTo = end;
        var byAgency = await db.Database.SqlQuery<KeyedCount>($"""
            SELECT agency_id::text AS "Key", measure AS "Measure", sum(n)::bigint AS "N" FROM bieu06_counts
            WHERE agency_id = ANY ({units}) AND measure IN (4, 5, 6) AND (
                   grain = 'm' AND period_start >= {monthsFrom} AND period_start < {monthsTo}
                OR grain = 'd' AND (period_start >= {from} AND period_start < {monthsFrom} OR period_start >= {monthsTo} AND period_start < {end}))
            GROUP BY 1, 2
            """).ToListAsync(ct);
        var byField = await db.Database.SqlQuery<KeyedCount>($"""
            SELECT field AS "Key", measure AS "Measure", sum(n)::bigint AS "N" FROM bieu06_counts
            WHERE agency_id = ANY ({units}) AND measure IN (4, 5, 6) AND (
                   grain = 'm' AND period_start >= {monthsFrom} AND period_start < {monthsTo}
                OR grain = 'd' AND (period_start >= {from} AND period_start < {monthsFrom} OR period_start >= {monthsTo} AND period_start < {end}))
            GROUP BY 1, 2
            """).ToListAsync(ct);
        var byProcedure = await db.Database.SqlQuery<KeyedCount>($"""
            SELECT procedure_code AS "Key", measure AS "Measure", sum(n)::bigint AS "N" FROM procedure_outcome_counts
            WHERE agency_id = ANY ({units}) AND (
                   grain = 'm' AND period_start >= {monthsFrom} AND period_start < {monthsTo}
                OR grain = 'd' AND (period_start >= {from} AND period_start < {monthsFrom} OR period_start >= {monthsTo} AND period_start < {end}))
            GROUP BY 1, 2
            """).ToListAsync(ct);
        var procedureCodes = byProcedure.Select(r => r.Key).Distinct().ToArray();
        var procedureNames = (await db.Database.SqlQuery<NamedKey>($"""SELECT code AS "Code", name AS "Name" FROM procedures WHERE code = ANY ({procedureCodes})""")
            .ToListAsync(ct)).ToDictionary(p => p.Code, p => p.Name);
        var agencyNames = request.Units.ToDictionary(u => u.Id.ToString(Invariant), u => (u.Code, u.Name));

        var agencies = Figures(byAgency, key => agencyNames[key]);
        var fields = Figures(byField, key => (key, key));
        var procedures = Figures(byProcedure, key => (key, procedureNames.GetValueOrDefault(key, key)));
        var resolved = agencies.Sum(a => a.Resolved);
        var timely = agencies.Sum(a => a.Early + a.OnTime);

        var stepRows = await cache.GetOrCreateAsync($"dashboard-steps:{string.Join(',', units)}:{from:yyyyMMdd}:{to:yyyyMMdd}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = StepsLifetime;
            return (await steps.ReportAsync(units, null, from, to, ct)).Take(StepsShown).ToList();
        }) ?? [];

        var overdue = await OverdueAsync(units, now, ct);
        return new DashboardView(request.Agency!.Code, request.Agency.Name, [.. request.Units.Select(u => u.Code)],
            from, to, VietnamTime.ToVietnam(now),
            new DashboardTotals(days.Sum(d => d.Received), resolved, resolved == 0 ? null : (double)timely / resolved),
            [.. days.Select(d => new DashboardDayView(d.Date, d.Received, d.Resolved, d.Overdue))],
            agencies, fields, procedures, stepRows, overdue);
    }

    private static long Sum(IEnumerable<MeasureCount> rows, Bieu06Measure measure) => rows.Where(r => r.Measure == (short)measure).Sum(r => r.N);

    private static List<OnTimeView> Figures(IEnumerable<KeyedCount> rows, Func<string, (string Code, string Name)> name) =>
        [.. rows.GroupBy(r => r.Key)
            .Select(g =>
            {
                var (code, label) = name(g.Key);
                var figures = new OnTimeFigures(code, label, Count(g, Bieu06Measure.Early), Count(g, Bieu06Measure.OnTime), Count(g, Bieu06Measure.Late));
                return new OnTimeView(figures.Key, figures.Name, figures.Resolved, figures.Early, figures.OnTime, figures.Late, figures.Rate);
            })
            .Where(v => v.Resolved != 0)
            .OrderByDescending(v => v.Resolved).ThenBy(v => v.Code, StringComparer.Ordinal)];

    private static long Count(IEnumerable<KeyedCount> rows, Bieu06Measure measure) => rows.Where(r => r.Measure == (short)measure).Sum(r => r.N);

    // In progress (Biểu 06's 2, 4, 5, 6, 7) with the original due instant passed: an extension does not save a dossier from
    // being overdue [law, docs/PROCESSING.md §3]. Escalated: the officer reminders told the department head (1) or the
    // leader too (2) about it (officer_notices keys "escalation-head:…", "escalation-leader:…").
    private async Task<OverdueListView> OverdueAsync(int[] units, DateTimeOffset now, CancellationToken ct)
    {
        var utc = now.ToUniversalTime();
        var totals = await db.Database.SqlQuery<OverdueTotals>($"""
            SELECT count(*) AS "Total",
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM officer_notices n WHERE n.kind = 'escalation' AND n.dossier_code = d.code)) AS "Escalated"
            FROM dossiers d
            WHERE d.receiving_agency_id = ANY ({units}) AND d.status IN (2, 4, 5, 6, 7) AND d.original_due_at < {utc}
            """).SingleAsync(ct);
        var rows = await db.Database.SqlQuery<OverdueRow>($"""
            SELECT d.code AS "Code", d.procedure_name AS "ProcedureName", d.current_step_name AS "Step", d.current_step_kind AS "StepKind",
                   d.current_agency_id AS "AgencyId", d.assignee_name AS "Officer", h.name AS "Holder", d.original_due_at AS "OriginalDueAt"
            FROM dossiers d JOIN agencies h ON h.id = d.current_agency_id
            WHERE d.receiving_agency_id = ANY ({units}) AND d.status IN (2, 4, 5, 6, 7) AND d.original_due_at < {utc}
            ORDER BY d.original_due_at, d.id
            LIMIT {OverdueShown}
            """).ToListAsync(ct);
        // Who was told, from the escalation notices themselves (trial defect 2: "Trưởng phòng, lãnh đạo" was printed where only
        // the leader of a commune without department heads had been told).
        var codes = rows.Select(r => r.Code).ToArray();
        var notices = (await db.Database.SqlQuery<NoticeRow>($"""
            SELECT n.dossier_code AS "Code", n.key AS "Key", u.full_name AS "Name", n.created_at AS "At"
            FROM officer_notices n JOIN users u ON u.id = n.user_id
            WHERE n.kind = 'escalation' AND n.dossier_code = ANY ({codes})
            ORDER BY n.created_at, n.id
            """).ToListAsync(ct)).ToLookup(n => n.Code);
        // Who holds a dossier nobody is assigned to: the officers of the holding unit whose role acts at its step (the
        // reminders' own rule, OfficerReminderRules.Handlers), e.g. a commune's officer at a commune step (trial defect 2).
        var agencies = rows.Where(r => r.Officer is null && r.AgencyId is not null).Select(r => r.AgencyId!.Value).Distinct().ToList();
        var staff = (await db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null && u.AgencyId != null && agencies.Contains(u.AgencyId.Value))
            .OrderBy(u => u.FullName).Select(u => new { AgencyId = u.AgencyId!.Value, u.Role, u.FullName }).ToListAsync(ct)).ToLookup(u => u.AgencyId);
        string? HolderOf(OverdueRow r)
        {
            if (r.Officer is not null) return r.Officer;
            if (r.StepKind is not { } kind || r.AgencyId is not { } agency) return null;
            var roles = OfficerReminderRules.Handlers((StepKind)kind)
                .Select(h => AccountRules.Roles.First(role => role.Value == h.Role).Key).ToHashSet();
            var names = staff[agency].Where(u => roles.Contains(u.Role)).Select(u => u.FullName).Distinct().ToList();
            return names.Count == 0 ? null : string.Join(", ", names);
        }
        static DateTimeOffset Instant(DateTimeOffset at) => VietnamTime.ToVietnam(at);
        return new OverdueListView(totals.Total, totals.Escalated, [.. rows.Select(r =>
        {
            var told = notices[r.Code].Select(n => new NotifiedView(n.Key.StartsWith("escalation-leader:", StringComparison.Ordinal) ? "leader" : "head", n.Name, Instant(n.At))).ToList();
            return new OverdueView(r.Code, r.ProcedureName, r.Step, HolderOf(r), r.Holder, Instant(r.OriginalDueAt),
                told.Any(n => n.Level == "leader") ? "leader" : told.Count > 0 ? "head" : null, told);
        })]);
    }
}
