using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Reports;

/// <summary>Biểu 06 as the API answers it: the unit, the units rolled up into it, the period and the report; for a roll-up of
/// more than one unit, <c>perUnit</c> gives each unit's own total row (its own dossiers), in the order of <c>unitCodes</c>,
/// adding up to <c>total</c>.</summary>
public sealed record Bieu06View(string AgencyCode, string AgencyName, IReadOnlyList<string> UnitCodes, string Period, DateOnly From, DateOnly To,
    IReadOnlyList<Bieu06Row> Rows, Bieu06Row Total, IReadOnlyList<Bieu06UnitRow> PerUnit);

/// <summary>One unit's own line under a roll-up's total: its code and name and its total row (the fifteen columns).</summary>
public sealed record Bieu06UnitRow(string AgencyCode, string AgencyName, Bieu06Row Total);

/// <summary>A dossier behind a number of Biểu 06: what identifies it, never the applicant (the list is not personal data).</summary>
public sealed record Bieu06DossierLine(string Code, string ProcedureName, string Field, short Channel, short Status,
    DateTimeOffset ReceivedAt, DateTimeOffset? OriginalDueAt, DateTimeOffset? EndedAt);

/// <summary>
/// Reads Biểu 06 from <c>bieu06_counts</c> (migration 0041, docs/REPORTS.md), never from the dossiers, and lists the
/// dossiers behind a number. The unit's roll-up: a province centre stands for every unit of its province; any other unit
/// for itself and the units under it (<c>parent_id</c>). Who may read: <see cref="ReportAccess"/>.
/// </summary>
public static class Bieu06Reports
{
    /// <summary>The dossiers a drill-down page lists.</summary>
    public const int PageSize = 50;

    /// <summary>What the caller asked, resolved: the reader, the unit, its roll-up and the period; or why not, in Vietnamese: a
    /// refusal (403) or the field named (422).</summary>
    public sealed record Resolved(ReportReader? Reader, Agency? Agency, IReadOnlyList<Agency> Units, Bieu06Period Period, string? Refusal = null,
        (string Field, string Message)? Invalid = null)
    {
        /// <summary>The problem to answer the API with, or null.</summary>
        public IResult? Problem => Refusal is { } refusal ? Problems.Forbidden(refusal)
            : Invalid is { } invalid ? Problems.Field(invalid.Field, invalid.Message) : null;
    }

    /// <summary>The named periods offered: last year's and this year's quarters, six months and year.</summary>
    public static IReadOnlyList<(string Name, Bieu06Period Period)> Offered(DateOnly today) =>
        [.. Bieu06Period.NamedIn(today.Year - 1), .. Bieu06Period.NamedIn(today.Year), .. (today.Month == 12 && today.Day >= 15 ? Bieu06Period.NamedIn(today.Year + 1) : [])];

    /// <summary>The quarter containing <paramref name="today"/> (the default period).</summary>
    public static Bieu06Period CurrentQuarter(DateOnly today) =>
        Offered(today).Select(p => p.Period).First(p => p.Label.StartsWith("Quý", StringComparison.Ordinal) && p.From <= today && today <= p.To);

    /// <summary>
    /// The reader (<see cref="ReportReaders.OfAsync"/>), the unit (<paramref name="agencyCode"/>; default the reader's home:
    /// their own unit, or the province centre for the inspector and the administrator) and the period:
    /// <paramref name="period"/> a named one ("quy-1-2026"), else <paramref name="from"/> and <paramref name="to"/> (yyyy-MM-dd
    /// or dd/MM/yyyy, Vietnam dates, inclusive), else the current quarter. A period not over yet is reported up to today; one
    /// not begun is refused.
    /// </summary>
    public static async Task<Resolved> ResolveAsync(MotCuaDb db, ClaimsPrincipal user, string? agencyCode, string? period, string? from, string? to,
        TimeProvider clock, CancellationToken ct)
    {
        var today = VietnamTime.DateOf(clock.GetUtcNow());
        var fallback = CurrentQuarter(today);
        if (await ReportReaders.OfAsync(db, user, ct) is not { } reader) return new(null, null, [], fallback, ReportReaders.Refusal);
        var (chosen, invalid) = PeriodOf(period, from, to, clock.GetUtcNow());
        if (invalid is not null) return new(reader, null, [], fallback, Invalid: invalid);
        var (agency, wrongAgency, refusal) = await ReportReaders.UnitAsync(db, reader, agencyCode, ct);
        if (refusal is not null) return new(reader, null, [], chosen!, refusal);
        if (wrongAgency is not null) return new(reader, null, [], chosen!, Invalid: wrongAgency);
        return new(reader, agency, await UnitsAsync(db, agency!.Id, ct), chosen!);
    }

    /// <summary>The period asked for (see <see cref="ResolveAsync"/>), or the field at fault and why, in Vietnamese.</summary>
    public static (Bieu06Period? Period, (string Field, string Message)? Invalid) PeriodOf(string? period, string? from, string? to, DateTimeOffset now)
    {
        var today = VietnamTime.DateOf(now);
        Bieu06Period chosen;
        if (!string.IsNullOrWhiteSpace(period))
        {
            if (Bieu06Period.Named(period) is not { } named)
                return (null, ("period", "Kỳ báo cáo không có: dùng quy-1-2026 … quy-4-2026, 6-thang-2026 hoặc nam-2026."));
            chosen = named;
        }
        else if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to)) chosen = CurrentQuarter(today);
        else
        {
            var (start, startProblem) = ReportDate.Read(from, "Ngày đầu kỳ");
            if (start is null) return (null, ("from", startProblem!));
            var (end, endProblem) = ReportDate.Read(to, "Ngày cuối kỳ");
            if (end is null) return (null, ("to", endProblem!));
            if (Bieu06Period.Problem(start.Value, end.Value) is { } problem) return (null, problem);
            chosen = Bieu06Period.Between(start.Value, end.Value);
        }
        // A period not yet over is reported as it stands today: its marks "overdue from" lie on future due days, so summing
        // to its last day would count dossiers still within their time limit as overdue (fresh trial, 1 December 2026).
        if (chosen.From > today)
            return (null, (string.IsNullOrWhiteSpace(period) ? "from" : "period", "Kỳ báo cáo chưa bắt đầu: ngày đầu kỳ phải trước hoặc bằng ngày hôm nay."));
        return (chosen.At(now), null);
    }

    /// <summary>A date typed dd/MM/yyyy (the pages) or yyyy-MM-dd (the API), or null (<see cref="ReportDate.Read"/> says why).</summary>
    public static DateOnly? ParseDate(string? text) => ReportDate.Read(text, "Ngày").Date;

    /// <summary>The units whose dossiers <paramref name="agencyId"/>'s report counts: the whole province for a province
    /// centre, else the unit and every unit under it.</summary>
    public static async Task<List<Agency>> UnitsAsync(MotCuaDb db, int agencyId, CancellationToken ct) =>
        await db.Agencies.FromSql($"""
            WITH RECURSIVE tree AS (
                SELECT id FROM agencies WHERE id = {agencyId}
                UNION SELECT a.id FROM agencies a JOIN tree t ON a.parent_id = t.id
            )
            SELECT a.* FROM agencies a
            WHERE a.id IN (SELECT id FROM tree)
               OR a.province_code = (SELECT province_code FROM agencies WHERE id = {agencyId} AND kind = 'province_center')
            """).AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);

    private sealed record SumRow(int Agency, string Field, short Measure, long Before, long UpTo);

    private sealed record NotYetDue(int Agency, string Field, long N);

    /// <summary>
    /// Biểu 06 of <paramref name="unitIds"/> for <paramref name="period"/>: two prefix sums of the counts (before the first
    /// day, and up to the last), each a year, month and day range of the primary key, so the rows read grow with the
    /// number of units and fields, not with the dossiers. The two prefixes' month and day ranges are read apart, not as
    /// one span from the earlier to the later: a year's report then reads 2 × (up to 11 months + 30 days) per unit, field
    /// and measure instead of every day between (measured at 10,000,000 dossiers, docs/PERFORMANCE.md). And, from the
    /// same sums, the report of each unit of <paramref name="unitIds"/> alone (its own
    /// dossiers, not its roll-up; trial defect 9: the province's table per unit): every unit's report is checked for the
    /// identities as the whole is, and the units' rows add up to the whole's total column by column. A period reaching today
    /// (<see cref="Bieu06Period.AsOf"/>) splits the dossiers in progress at that instant.
    /// </summary>
    /// <exception cref="Bieu06IdentityException">The counts break an identity, for the whole or a unit (never published).</exception>
    public static async Task<(Bieu06Report Report, IReadOnlyDictionary<int, Bieu06Report> PerUnit)> BuildWithUnitsAsync(MotCuaDb db, IReadOnlyList<int> unitIds,
        Bieu06Period period, CancellationToken ct)
    {
        var (fromYear, fromMonth, from) = Starts(period.From);
        var (endYear, endMonth, end) = Starts(period.To.AddDays(1));
        var units = unitIds.ToArray();
        var sums = await db.Database.SqlQuery<SumRow>($"""
            SELECT agency_id AS "Agency", field AS "Field", measure AS "Measure",
                   coalesce(sum(n) FILTER (WHERE grain = 'y' AND period_start < {fromYear}
                       OR grain = 'm' AND period_start >= {fromYear} AND period_start < {fromMonth}
                       OR grain = 'd' AND period_start >= {fromMonth} AND period_start < {from}), 0)::bigint AS "Before",
                   coalesce(sum(n) FILTER (WHERE grain = 'y' AND period_start < {endYear}
                       OR grain = 'm' AND period_start >= {endYear} AND period_start < {endMonth}
                       OR grain = 'd' AND period_start >= {endMonth} AND period_start < {end}), 0)::bigint AS "UpTo"
            FROM bieu06_counts
            WHERE agency_id = ANY ({units}) AND (
                   grain = 'y' AND period_start < greatest({fromYear}, {endYear})
                OR grain = 'm' AND period_start >= {fromYear} AND period_start < {fromMonth}
                OR grain = 'm' AND period_start >= {endYear} AND period_start < {endMonth}
                OR grain = 'd' AND period_start >= {fromMonth} AND period_start < {from}
                OR grain = 'd' AND period_start >= {endMonth} AND period_start < {end})
            GROUP BY agency_id, field, measure
            """).ToListAsync(ct);
        if (period.AsOf is { } asOf)
        {
            // Today is not over: a dossier open and due later today carries today's "overdue from" mark, which holds at the
            // end of the day, not now. Those marks are taken back, so the figure is the overdue at asOf, as the list shows.
            var notYet = await db.Database.SqlQuery<NotYetDue>($"""
                SELECT d.receiving_agency_id AS "Agency", p.field AS "Field", count(*)::bigint AS "N"
                FROM dossiers d JOIN procedures p ON p.code = d.procedure_code
                WHERE d.receiving_agency_id = ANY ({units}) AND d.status IN (2, 4, 5, 6, 7)
                  AND d.original_due_at >= {asOf} AND d.original_due_at < {period.EndInstant}
                GROUP BY 1, 2
                """).ToDictionaryAsync(n => (n.Agency, n.Field), n => n.N, ct);
            sums = [.. sums.Select(s => s.Measure == (short)Bieu06Measure.OverdueFrom && notYet.TryGetValue((s.Agency, s.Field), out var n) ? s with { UpTo = s.UpTo - n } : s)];
        }
        var whole = Bieu06.FromSums(period.From, period.To, sums.GroupBy(s => (s.Field, s.Measure))
            .Select(g => new Bieu06Sum(g.Key.Field, (Bieu06Measure)g.Key.Measure, g.Sum(s => s.Before), g.Sum(s => s.UpTo - s.Before))));
        var perUnit = unitIds.ToDictionary(id => id, id => Bieu06.FromSums(period.From, period.To,
            sums.Where(s => s.Agency == id).Select(s => new Bieu06Sum(s.Field, (Bieu06Measure)s.Measure, s.Before, s.UpTo - s.Before))));
        foreach (var column in Bieu06.Columns)
            if (perUnit.Values.Sum(r => r.Total[column]) != whole.Total[column])
                throw new Bieu06IdentityException($"tổng các đơn vị khác tổng cộng ở cột {Bieu06.ColumnLabels[column]}");
        return (whole, perUnit);
    }

    /// <summary>The per-unit lines of a roll-up (none for a single unit): units that receive dossiers or had any, in id order.</summary>
    public static IReadOnlyList<Bieu06UnitRow> UnitRows(IReadOnlyList<Agency> units, IReadOnlyDictionary<int, Bieu06Report> perUnit) =>
        units.Count < 2 ? [] : [.. units.Where(u => u.ReceivesDossiers || perUnit[u.Id].Total.ReceivedTotal > 0)
            .Select(u => new Bieu06UnitRow(u.Code, u.Name, perUnit[u.Id].Total with { Field = u.Name }))];

    private static (DateOnly Year, DateOnly Month, DateOnly Day) Starts(DateOnly day) => (new(day.Year, 1, 1), new(day.Year, day.Month, 1), day);

    // The dossiers behind each column, as Bieu06.Counts defines them, over the marks of migration 0041: r the day received,
    // e the end day, how the end's measure. Constant SQL, chosen by the column, never built from input.
    private static string ColumnCondition(Bieu06Column column) => column switch
    {
        Bieu06Column.ReceivedTotal => "(m.e IS NULL OR m.e >= @from)",
        Bieu06Column.Carried => "m.r < @from AND (m.e IS NULL OR m.e >= @from)",
        Bieu06Column.Online => "m.r >= @from AND d.channel = 2",
        Bieu06Column.Direct => "m.r >= @from AND d.channel = 1",
        Bieu06Column.Postal => "m.r >= @from AND d.channel = 3",
        Bieu06Column.ResolvedTotal => "m.e BETWEEN @from AND @to AND m.how IN (4, 5, 6)",
        Bieu06Column.Early => "m.e BETWEEN @from AND @to AND m.how = 4",
        Bieu06Column.OnTime => "m.e BETWEEN @from AND @to AND m.how = 5",
        Bieu06Column.Late => "m.e BETWEEN @from AND @to AND m.how = 6",
        Bieu06Column.Refused => "m.e BETWEEN @from AND @to AND m.how = 7",
        Bieu06Column.Withdrawn => "m.e BETWEEN @from AND @to AND m.how = 8",
        Bieu06Column.Stopped => "m.e BETWEEN @from AND @to AND m.how = 9",
        Bieu06Column.InProgressTotal => "(m.e IS NULL OR m.e > @to)",
        Bieu06Column.Overdue => "(m.e IS NULL OR m.e > @to) AND d.original_due_at < @asOf",
        Bieu06Column.WithinLimit => "(m.e IS NULL OR m.e > @to) AND (d.original_due_at IS NULL OR d.original_due_at >= @asOf)",
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    private const string Behind = """
        FROM dossiers d JOIN procedures p ON p.code = d.procedure_code
        CROSS JOIN LATERAL (
            SELECT max(day) FILTER (WHERE measure <= 3) AS r, max(day) FILTER (WHERE measure BETWEEN 4 AND 9) AS e,
                   max(measure) FILTER (WHERE measure BETWEEN 4 AND 9) AS how
            FROM bieu06_marks(d)) m
        WHERE d.receiving_agency_id = ANY (@units) AND d.received_at < @endInstant AND d.status NOT IN (1, 3)
          AND (@field::text IS NULL OR p.field = @field) AND m.r <= @to
          AND (@held::int IS NULL OR @held = ANY (d.held_by_agency_ids)) AND
        """;

    private static NpgsqlParameter[] Parameters(IReadOnlyList<int> unitIds, string? field, Bieu06Period period, int? heldBy) =>
    [
        new("units", unitIds.ToArray()), new("field", (object?)field ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        new("held", (object?)heldBy ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
        new("from", period.From), new("to", period.To),
        new("endInstant", period.EndInstant),
        new("asOf", period.JudgedAt),
    ];

    /// <summary>How many dossiers are behind <paramref name="column"/> (of <paramref name="field"/>, null: every field): the number
    /// the report shows; with <paramref name="heldBy"/>, only those that agency held (a department head's reach,
    /// <see cref="ReportAccess.ListsOnlyHeld"/>).</summary>
    public static async Task<long> CountBehindAsync(MotCuaDb db, IReadOnlyList<int> unitIds, string? field, Bieu06Column column, Bieu06Period period,
        CancellationToken ct, int? heldBy = null)
    {
        var sql = "SELECT count(*) AS \"Value\" " + Behind + " " + ColumnCondition(column);
        return await db.Database.SqlQueryRaw<long>(sql, Parameters(unitIds, field, period, heldBy)).SingleAsync(ct);
    }

    /// <summary>Page <paramref name="page"/> (from 1) of the dossiers behind <paramref name="column"/>, by receipt, oldest first;
    /// with <paramref name="heldBy"/>, only those that agency held.</summary>
    public static async Task<List<Bieu06DossierLine>> BehindAsync(MotCuaDb db, IReadOnlyList<int> unitIds, string? field, Bieu06Column column,
        Bieu06Period period, int page, CancellationToken ct, int? heldBy = null)
    {
        var sql = """
            SELECT d.code AS "Code", d.procedure_name AS "ProcedureName", p.field AS "Field", d.channel AS "Channel", d.status AS "Status",
                   d.received_at AS "ReceivedAt", d.original_due_at AS "OriginalDueAt",
                   CASE WHEN d.status IN (9, 10) THEN d.result_ready_at WHEN d.status = 8 THEN d.stopped_at END AS "EndedAt"
            """ + " " + Behind + " " + ColumnCondition(column) + " ORDER BY d.received_at, d.id LIMIT @limit OFFSET @offset";
        NpgsqlParameter[] parameters = [.. Parameters(unitIds, field, period, heldBy), new("limit", PageSize), new("offset", (Paging.Clamp(page) - 1) * PageSize)];
        return await db.Database.SqlQueryRaw<Bieu06DossierLine>(sql, parameters).ToListAsync(ct);
    }
}
