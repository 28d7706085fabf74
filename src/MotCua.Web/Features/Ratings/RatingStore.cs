using Microsoft.Extensions.Options;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Ratings;

/// <summary>What became of a rating sent with a code and a token.</summary>
public enum RateOutcome
{
    Rated = 1,
    /// <summary>No dossier has that code, or the token is not its token: one answer, so codes cannot be probed.</summary>
    NotFound,
    AlreadyRated,
    NotOpen,
}

/// <summary>
/// The applicants' ratings (docs/RATINGS.md): the one statement that records a rating with its receipt, its counts and
/// the 766 index's input 19, and the checks before it. The rating row never names the dossier (ISSUE17 §7.3); nothing
/// here logs the code beside the rating.
/// </summary>
public sealed class RatingStore(NpgsqlDataSource data, DeploymentKey key, IOptions<RatingOptions> options, TimeProvider clock)
{
    /// <summary>Motcua:Ratings:WindowDays.</summary>
    public int WindowDays => options.Value.WindowDays;

    /// <summary>The token of dossier <paramref name="dossierId"/> (printed <c>XXXX-XXXX-XXXX</c>).</summary>
    public string TokenOf(long dossierId) => RatingToken.For(key.DeriveKey(RatingToken.KeyPurpose), dossierId);

    /// <summary>The dossier a code and token open, with its window, or null (<see cref="RateOutcome.NotFound"/>).</summary>
    public async Task<RatableDossier?> FindAsync(string? code, string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return null;
        var normal = code.Trim().ToUpperInvariant();
        if (!DossierCode.TryParse(normal, out _, out _, out _)) return null;
        await using var command = data.CreateCommand(FindSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = normal });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var id = reader.GetInt64(0);
        if (!RatingToken.Matches(key.DeriveKey(RatingToken.KeyPurpose), id, token)) return null;
        var status = (DossierStatus)reader.GetInt16(1);
        DateTimeOffset? closedAt = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
        var window = RatingWindow.StateOf(status, closedAt, clock.GetUtcNow(), options.Value.WindowDays);
        return new RatableDossier(id, normal, reader.GetString(4), reader.GetString(5), window, reader.GetBoolean(3));
    }

    private const string FindSql = """
        SELECT d.id, d.status,
               (SELECT max(e.at) FROM dossier_events e WHERE e.dossier_id = d.id
                 AND e.action = CASE d.status WHEN 10 THEN 'return' WHEN 3 THEN 'refuse' WHEN 8 THEN 'stop' END),
               EXISTS (SELECT 1 FROM rating_receipts r WHERE r.dossier_id = d.id),
               d.procedure_name, a.name
        FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id
        WHERE d.code = $1
        """;

    /// <summary>
    /// Records <paramref name="rating"/> for the dossier <paramref name="code"/> opened by <paramref name="token"/>:
    /// <see cref="RateOutcome.Rated"/>, or why not. A second rating of the same dossier, even sent at the same instant,
    /// writes nothing (<see cref="RateOutcome.AlreadyRated"/>): the receipt's primary key decides in one statement.
    /// </summary>
    public async Task<(RateOutcome Outcome, RatingWindowState Window)> RateAsync(string? code, string? token, Rating rating, CancellationToken ct)
    {
        if (await FindAsync(code, token, ct) is not { } dossier) return (RateOutcome.NotFound, RatingWindowState.NotClosed);
        if (dossier.Rated) return (RateOutcome.AlreadyRated, dossier.Window);
        if (dossier.Window != RatingWindowState.Open) return (RateOutcome.NotOpen, dossier.Window);
        var today = VietnamTime.DateOf(clock.GetUtcNow());
        await using var command = data.CreateCommand(RateSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = dossier.Id });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)rating.Channel });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = new DateOnly(today.Year, today.Month, 1) });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. rating.Answers.Select(a => (short)a)] });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)rating.Overall });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)rating.Comment ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var written = (long)(await command.ExecuteScalarAsync(ct))!;
        return (written == 1 ? RateOutcome.Rated : RateOutcome.AlreadyRated, dossier.Window);
    }

    // One statement (ISSUE17 §7.2): the receipt decides; the rating, its cells (officer 0 = every rating of the
    // procedure, then each officer on the dossier's events) and input 19 follow only from the receipt's row. Cells are
    // upserted in key order so two ratings of the same cells cannot deadlock.
    private const string RateSql = """
        WITH receipt AS (
            INSERT INTO rating_receipts (dossier_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING dossier_id),
        r AS (
            INSERT INTO ratings (agency_id, procedure_code, officer_ids, channel, month, answers, overall, comment)
            SELECT d.receiving_agency_id, d.procedure_code,
                   ARRAY(SELECT DISTINCT e.actor_user_id FROM dossier_events e WHERE e.dossier_id = d.id AND e.actor_user_id IS NOT NULL ORDER BY 1),
                   $2, $3, $4, $5, $6
            FROM receipt JOIN dossiers d ON d.id = receipt.dossier_id
            RETURNING agency_id, procedure_code, officer_ids, month, answers, overall),
        cells AS (
            INSERT INTO rating_counts AS c (month, agency_id, procedure_code, officer_id, n, sums, very, satisfied, unsatisfied)
            SELECT r.month, r.agency_id, r.procedure_code, o.id, 1, r.answers::int[],
                   (r.overall = 2)::int, (r.overall = 1)::int, (r.overall = 0)::int
            FROM r CROSS JOIN LATERAL unnest(0 || r.officer_ids) AS o (id)
            ORDER BY o.id
            ON CONFLICT (month, agency_id, procedure_code, officer_id) DO UPDATE SET
                n = c.n + 1,
                sums = ARRAY(SELECT x + y FROM unnest(c.sums, excluded.sums) WITH ORDINALITY AS t (x, y, i) ORDER BY i),
                very = c.very + excluded.very, satisfied = c.satisfied + excluded.satisfied, unsatisfied = c.unsatisfied + excluded.unsatisfied
            RETURNING 1),
        unsatisfied AS (
            INSERT INTO index766_counts AS c (month, input, agency_id, n)
            SELECT r.month, 19, r.agency_id, 1 FROM r WHERE r.overall = 0
            ON CONFLICT (month, input, agency_id) DO UPDATE SET n = c.n + 1
            RETURNING 1)
        SELECT count(*) FROM receipt
        """;
}

/// <summary>A dossier a code and its token opened: its id (never shown), code, procedure and agency names, window and
/// whether it was rated.</summary>
public sealed record RatableDossier(long Id, string Code, string ProcedureName, string AgencyName, RatingWindowState Window, bool Rated);
