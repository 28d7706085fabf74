using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Ratings;
using Npgsql;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// One row of the ratings' figures: its key (the agency's or procedure's code, the officer's user id), its name, the
/// number of ratings, the average points per criterion (0..2, <see cref="RatingIndicators.All"/>'s order) and each
/// verdict's share (0..1). A row under Motcua:Ratings:MinCell ratings is <see cref="Suppressed"/> and carries no figure,
/// not even its count.
/// </summary>
public sealed record RatingRow(string Key, string Name, long? N, IReadOnlyList<decimal>? Averages,
    decimal? VeryShare, decimal? SatisfiedShare, decimal? UnsatisfiedShare, bool Suppressed);

/// <summary>The figures of an agency over the months from <see cref="From"/> to <see cref="To"/> (first days, Vietnam time;
/// <see cref="To"/> cut to the last published month, <c>RatingPublication</c>), grouped <see cref="By"/>; <see cref="Comments"/>
/// (masked, without date or dossier) only for leaders and the inspector; <see cref="Collecting"/> says, when the request
/// reaches months not published yet, that their ratings are being collected and when they will be published.</summary>
public sealed record RatingFiguresAnswer(string Agency, DateOnly From, DateOnly To, string By, IReadOnlyList<RatingRow> Rows, IReadOnlyList<string>? Comments,
    string? Collecting);

/// <summary>One indicator of a unit's quarter: MotCua's proposal (null when its data does not say), the self-score with
/// its author and reason, the appraised score with its author and note.</summary>
public sealed record UnitScoreRow(int Indicator, string Name, string ProposedFrom, decimal? Proposed,
    decimal? SelfScore, string? SelfBy, string? SelfReason, decimal? AppraisedScore, string? AppraisedBy, string? AppraisedNote);

/// <summary>A unit's TT 01/2018 score for a quarter: nine rows, the totals (of 18) of each column and their bands.</summary>
public sealed record UnitScoreSheet(string Agency, string AgencyName, string Quarter, IReadOnlyList<UnitScoreRow> Rows,
    decimal? ProposedTotal, decimal? SelfTotal, string? SelfBand, decimal? AppraisedTotal, string? AppraisedBand);

/// <summary>
/// Reads of the ratings' counts (never of a rating beside its dossier: <c>rating_counts</c> and, for comments,
/// <c>ratings</c> by agency and month only) and the TT 01/2018 unit scores, read and written. Every figure read here
/// covers only published months and cells of MinCell ratings per month (<see cref="RatingPublication"/>), so none moves
/// by one rating.
/// </summary>
public sealed class RatingFigures(NpgsqlDataSource data, MotCuaDb db, IOptions<RatingOptions> options, TimeProvider clock)
{
    private DateOnly Today => Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());

    /// <summary>The months of <paramref name="from"/>..<paramref name="to"/> (first days) published today, or null.</summary>
    public (DateOnly From, DateOnly To)? Readable(DateOnly from, DateOnly to) => RatingPublication.Readable(from, to, Today, options.Value.WindowDays);

    /// <summary>The sentence for a request reaching month <paramref name="to"/> when that month is not published yet, else null.</summary>
    public string? Collecting(DateOnly to)
    {
        var last = RatingPublication.LastPublishedMonth(Today, options.Value.WindowDays);
        return new DateOnly(to.Year, to.Month, 1) > last ? RatingPublication.Collecting(last.AddMonths(1), options.Value.WindowDays) : null;
    }

    /// <summary>The agency's id and name by code, or null.</summary>
    public async Task<(int Id, string Name, string Kind)?> AgencyAsync(string code, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT id, name, kind FROM agencies WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code.Trim() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>The code of agency <paramref name="id"/>.</summary>
    public async Task<string> AgencyCodeAsync(int id, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT code FROM agencies WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    // The sum of each criterion's points per (row, month) cell, then over the cells shown (columns 6 to 13).
    private static readonly string MonthSums = string.Join(", ", RatingIndicators.All.Select(i => $"sum(c.sums[{i.Number}])::bigint AS s{i.Number}"));
    private static readonly string Sums = string.Join(", ", RatingIndicators.All.Select(i => $"{Shown($"m.s{i.Number}")}"));

    private static string Shown(string column) => $"coalesce(sum({column}) FILTER (WHERE m.n >= $5), 0)::bigint";

    /// <summary>
    /// The rows of agency <paramref name="agencyId"/> for the published months among <paramref name="from"/>..<paramref name="to"/>
    /// (first days) grouped <paramref name="by"/>; <paramref name="onlyOfficer"/> keeps one officer's row. A row sums only
    /// its months of at least MinCell ratings; a row with none is suppressed; no row at all when no month is published.
    /// </summary>
    public Task<IReadOnlyList<RatingRow>> RowsAsync(int agencyId, DateOnly from, DateOnly to, RatingGrouping by, int? onlyOfficer, CancellationToken ct) =>
        RowsAsync([agencyId], from, to, by, onlyOfficer, null, ct);

    /// <summary>
    /// The rows of a roll-up of <paramref name="agencyIds"/> (the dashboard's units), as <see cref="RowsAsync(int, DateOnly, DateOnly, RatingGrouping, int?, CancellationToken)"/>;
    /// grouped by agency, <paramref name="asOne"/> (the roll-up's code and name) makes the units one row, else a row per unit.
    /// A roll-up adds only the cells each unit publishes (an agency's, procedure's or officer's month of at least MinCell
    /// ratings): a sum over small cells would give a unit's small month away by subtracting the units shown.
    /// </summary>
    public async Task<IReadOnlyList<RatingRow>> RowsAsync(IReadOnlyList<int> agencyIds, DateOnly from, DateOnly to, RatingGrouping by, int? onlyOfficer,
        (string Code, string Name)? asOne, CancellationToken ct)
    {
        if (Readable(from, to) is not { } months) return [];
        (from, to) = months;
        var (key, name, join, where) = by switch
        {
            RatingGrouping.Agency when asOne is not null => ("$6", "$7", "", "c.officer_id = 0"),
            RatingGrouping.Agency => ("a.code", "a.name", "JOIN agencies a ON a.id = c.agency_id", "c.officer_id = 0"),
            RatingGrouping.Procedure => ("c.procedure_code", "coalesce(p.name, c.procedure_code)", "LEFT JOIN procedures p ON p.code = c.procedure_code", "c.officer_id = 0"),
            _ => ("c.officer_id::text", "coalesce(u.full_name, '')", "LEFT JOIN users u ON u.id = c.officer_id", "c.officer_id <> 0 AND ($4::int IS NULL OR c.officer_id = $4)"),
        };
        // A cell is (row, unit, month): one unit reads exactly as before, a roll-up sums the cells shown.
        var sql = $"""
            SELECT m.key, m.name, {Shown("m.n")}, {Shown("m.very")}, {Shown("m.satisfied")}, {Shown("m.unsatisfied")}, {Sums}
            FROM (SELECT {key}::text AS key, {name}::text AS name, c.agency_id, c.month, sum(c.n)::bigint AS n, sum(c.very)::bigint AS very, sum(c.satisfied)::bigint AS satisfied,
                      sum(c.unsatisfied)::bigint AS unsatisfied, {MonthSums}
                  FROM rating_counts c {join}
                  WHERE c.agency_id = ANY($1) AND c.month BETWEEN $2 AND $3 AND {where}
                  GROUP BY 1, 2, 3, 4) m
            GROUP BY 1, 2 ORDER BY 2, 1
            """;
        await using var command = data.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. agencyIds] });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)onlyOfficer ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        var min = options.Value.MinCell;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = min });
        if (asOne is { } one && by == RatingGrouping.Agency)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = one.Code });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = one.Name });
        }
        var rows = new List<RatingRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var sums = RatingIndicators.All.Select((_, i) => reader.GetInt64(6 + i)).ToArray();
            var c = new RatingCell(reader.GetInt64(2), sums, reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
            var hidden = c.Suppressed(min);
            rows.Add(new RatingRow(reader.GetString(0), reader.GetString(1), hidden ? null : c.N, c.Averages(min),
                c.Share(c.VerySatisfied, min), c.Share(c.Satisfied, min), c.Share(c.Unsatisfied, min), hidden));
        }
        return rows;
    }

    /// <summary>
    /// The agency's masked comments of the published months among <paramref name="from"/>..<paramref name="to"/>, newest
    /// month first, at most <paramref name="limit"/>, in a random order within a month (the insert order would hint at who
    /// wrote what); only of months in which the agency has at least MinCell ratings (a new comment in a month already read
    /// would give itself away, <see cref="RatingPublication"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> CommentsAsync(int agencyId, DateOnly from, DateOnly to, int limit, CancellationToken ct)
    {
        if (Readable(from, to) is not { } months) return [];
        (from, to) = months;
        await using var command = data.CreateCommand("""
            SELECT r.comment FROM ratings r
            WHERE r.agency_id = $1 AND r.month BETWEEN $2 AND $3 AND r.comment IS NOT NULL
              AND r.month IN (SELECT x.month FROM ratings x WHERE x.agency_id = $1 AND x.month BETWEEN $2 AND $3 GROUP BY x.month HAVING count(*) >= $4)
            ORDER BY r.month DESC, random() LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = options.Value.MinCell });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var comments = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) comments.Add(reader.GetString(0));
        return comments;
    }

    /// <summary>
    /// The quarter's sheet of agency <paramref name="agency"/>: stored self and appraised scores beside MotCua's
    /// proposals. Proposed now from data: (3) supplement requests of the dossiers received in the quarter (none 2, one 1,
    /// more 0, averaged); (5) the receiving agency's kind (the province centre or a commune 2, else 0); (4), (7), (8) the
    /// averages of rating criteria 2, 5 and 7 over the quarter's published months of at least MinCell ratings (as every
    /// rating figure, <see cref="RatingPublication"/>). (1), (2), (6), (9)
    /// are not proposed yet (docs/RATINGS.md, what is left).
    /// </summary>
    public async Task<UnitScoreSheet> SheetAsync(int agencyId, string agencyCode, string agencyName, string kind, DateOnly quarter, CancellationToken ct)
    {
        var proposed = await ProposedAsync(agencyId, kind, quarter, ct);
        var stored = new Dictionary<int, UnitScoreRow>();
        await using (var command = data.CreateCommand("""
            SELECT s.indicator, s.self_score, su.full_name, s.self_reason, s.appraised_score, au.full_name, s.appraised_note
            FROM unit_scores s LEFT JOIN users su ON su.id = s.self_by LEFT JOIN users au ON au.id = s.appraised_by
            WHERE s.agency_id = $1 AND s.quarter = $2
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = quarter });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var n = reader.GetInt16(0);
                var indicator = UnitScoring.Indicators[n - 1];
                stored[n] = new UnitScoreRow(n, indicator.Name, indicator.ProposedFrom, null,
                    reader.IsDBNull(1) ? null : reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
            }
        }
        var rows = UnitScoring.Indicators.Select(i => (stored.TryGetValue(i.Number, out var s) ? s : new UnitScoreRow(i.Number, i.Name, i.ProposedFrom, null, null, null, null, null, null, null))
            with { Proposed = proposed.GetValueOrDefault(i.Number) }).ToArray();
        var bands = await BandsAsync(ct);
        decimal? Total(Func<UnitScoreRow, decimal?> column) => rows.All(r => column(r) is not null) ? rows.Sum(r => column(r)!.Value) : null;
        var self = Total(r => r.SelfScore);
        var appraised = Total(r => r.AppraisedScore);
        return new UnitScoreSheet(agencyCode, agencyName, UnitScoring.QuarterName(quarter), rows, Total(r => r.Proposed),
            self, self is { } s1 ? UnitScoring.Band(s1, bands) : null, appraised, appraised is { } a1 ? UnitScoring.Band(a1, bands) : null);
    }

    private async Task<IReadOnlyList<ScoringBand>> BandsAsync(CancellationToken ct)
    {
        var bands = new List<ScoringBand>();
        await using var command = data.CreateCommand("SELECT min, name FROM scoring_bands");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) bands.Add(new ScoringBand(reader.GetDecimal(0), reader.GetString(1)));
        return bands;
    }

    private async Task<Dictionary<int, decimal?>> ProposedAsync(int agencyId, string kind, DateOnly quarter, CancellationToken ct)
    {
        var proposed = new Dictionary<int, decimal?> { [5] = kind is "province_center" or "commune" ? 2m : 0m };
        var end = quarter.AddMonths(3);
        await using (var command = data.CreateCommand("""
            SELECT round(avg(CASE WHEN k = 0 THEN 2 WHEN k = 1 THEN 1 ELSE 0 END), 2) FROM (
                SELECT (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'supplement-request') AS k
                FROM dossiers d
                WHERE d.receiving_agency_id = $1 AND d.received_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
                  AND d.received_at < ($3::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')) x
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = quarter });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = end });
            var v = await command.ExecuteScalarAsync(ct);
            proposed[3] = v is decimal d ? d : null;
        }
        var rows = await RowsAsync(agencyId, quarter, end.AddMonths(-1), RatingGrouping.Agency, null, ct);
        if (rows.SingleOrDefault() is { Averages: { } averages })
        {
            proposed[4] = averages[1];
            proposed[7] = averages[4];
            proposed[8] = averages[6];
        }
        return proposed;
    }

    /// <summary>
    /// Writes <paramref name="column"/> of indicator <paramref name="indicator"/> for the quarter, with the author, the reason
    /// and the proposal seen; the other column is left as it was. Audited (<c>unit-score.self</c> / <c>unit-score.appraised</c>)
    /// in the same transaction.
    /// </summary>
    public async Task WriteAsync(int agencyId, string agencyCode, string kind, DateOnly quarter, int indicator, UnitScoreColumn column, decimal score,
        string? reason, int userId, DateTimeOffset now, CancellationToken ct)
    {
        var proposed = (await ProposedAsync(agencyId, kind, quarter, ct)).GetValueOrDefault(indicator);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var sql = column == UnitScoreColumn.SelfScore
            ? """
              INSERT INTO unit_scores (agency_id, quarter, indicator, proposed, self_score, self_by, self_reason) VALUES ($1, $2, $3, $4, $5, $6, $7)
              ON CONFLICT (agency_id, quarter, indicator) DO UPDATE SET proposed = excluded.proposed, self_score = excluded.self_score,
                  self_by = excluded.self_by, self_reason = excluded.self_reason
              """
            : """
              INSERT INTO unit_scores (agency_id, quarter, indicator, proposed, appraised_score, appraised_by, appraised_note) VALUES ($1, $2, $3, $4, $5, $6, $7)
              ON CONFLICT (agency_id, quarter, indicator) DO UPDATE SET proposed = excluded.proposed, appraised_score = excluded.appraised_score,
                  appraised_by = excluded.appraised_by, appraised_note = excluded.appraised_note
              """;
        await using (var command = await db.CommandAsync(sql, ct, agencyId, quarter, (short)indicator,
            new NpgsqlParameter { Value = (object?)proposed ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric }, score, userId,
            new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }))
            await command.ExecuteNonQueryAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = column == UnitScoreColumn.SelfScore ? "unit-score.self" : "unit-score.appraised",
            Subject = $"agency:{agencyCode}:{UnitScoring.QuarterName(quarter)}:{indicator}",
            Details = JsonSerializer.SerializeToDocument(new { score, reason, proposed }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
