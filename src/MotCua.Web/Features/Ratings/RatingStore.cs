using Microsoft.Extensions.Options;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Ratings;

/// <summary>What became of a rating sent with a code and a token, or by the signed-in applicant.</summary>
public enum RateOutcome
{
    Rated = 1,
    /// <summary>No dossier has that code, or the token is not its token: one answer, so codes cannot be probed.</summary>
    NotFound,
    /// <summary>Rated already by a proof this one does not replace (<see cref="RatingProofs.Replaces"/>).</summary>
    AlreadyRated,
    NotOpen,
    /// <summary>Other ratings of the same dossier or cells kept colliding (deadlock, unique key) through every attempt.</summary>
    Busy,
}

/// <summary>
/// The applicants' ratings (docs/RATINGS.md): the transaction that records a rating with its receipt, its counts and the
/// 766 index's input 19, replacing a printed-code rating when the proof is stronger (<see cref="RatingProofs"/>), and the
/// checks before it. The rating row never names the dossier (ISSUE17 §7.3); nothing here logs the code beside the rating.
/// </summary>
public sealed class RatingStore(NpgsqlDataSource data, DeploymentKey key, IOptions<RatingOptions> options, TimeProvider clock)
{
    /// <summary>How many times a rating colliding with another (deadlock, serialization, unique key) is tried.</summary>
    public const int Attempts = 3;

    /// <summary>Motcua:Ratings:WindowDays.</summary>
    public int WindowDays => options.Value.WindowDays;

    /// <summary>The printed token of dossier <paramref name="dossierId"/> (<c>XXXX-XXXX-XXXX</c>, Mẫu 01 only).</summary>
    public string TokenOf(long dossierId) => RatingToken.For(key.DeriveKey(RatingToken.KeyPurpose), dossierId);

    /// <summary>The own link's token of dossier <paramref name="dossierId"/>: the closing SMS/e-mail and the citizen's
    /// dossier page (<see cref="RatingProof.OwnLink"/>).</summary>
    public string OwnTokenOf(long dossierId) => RatingToken.For(key.DeriveKey(RatingToken.OwnKeyPurpose), dossierId);

    /// <summary>The own link to the rating page of dossier <paramref name="code"/> (site-relative).</summary>
    public string OwnLinkOf(long dossierId, string code) => $"/danh-gia?ma={Uri.EscapeDataString(code)}&t={OwnTokenOf(dossierId)}";

    /// <summary>The proof each of <paramref name="dossierIds"/> was rated with; a dossier not rated is absent.</summary>
    public async Task<IReadOnlyDictionary<long, RatingProof>> ProofsAsync(IReadOnlyCollection<long> dossierIds, CancellationToken ct)
    {
        var proofs = new Dictionary<long, RatingProof>();
        if (dossierIds.Count == 0) return proofs;
        await using var command = data.CreateCommand("SELECT dossier_id, proof FROM rating_receipts WHERE dossier_id = ANY ($1)");
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. dossierIds] });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) proofs[reader.GetInt64(0)] = (RatingProof)reader.GetInt16(1);
        return proofs;
    }

    /// <summary>Whether the own link (<see cref="RatingProof.OwnLink"/>) of the dossier <paramref name="code"/> may still rate
    /// it as far as earlier ratings go (<see cref="RatingProofs.MayRate"/>: not rated, or rated with the printed code only);
    /// true for an unknown code, which the link itself answers. Static: the outbox worker, a singleton, asks it
    /// (<see cref="RatingInvitationSkip"/>).</summary>
    public static async Task<bool> OwnLinkMayRateAsync(NpgsqlDataSource data, string code, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT r.proof FROM rating_receipts r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        return RatingProofs.MayRate(RatingProof.OwnLink, await command.ExecuteScalarAsync(ct) is short proof ? (RatingProof)proof : null);
    }

    /// <summary>The dossier a code and token open, with its window and the proof the token is (printed code or own link),
    /// or null (<see cref="RateOutcome.NotFound"/>).</summary>
    public async Task<RatableDossier?> FindAsync(string? code, string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return null;
        var normal = code.Trim().ToUpperInvariant();
        if (!DossierCode.TryParse(normal, out _, out _, out _)) return null;
        return await ReadAsync(FindByCodeSql, new NpgsqlParameter<string> { TypedValue = normal }, id =>
            RatingToken.Matches(key.DeriveKey(RatingToken.OwnKeyPurpose), id, token) ? RatingProof.OwnLink
            : RatingToken.Matches(key.DeriveKey(RatingToken.KeyPurpose), id, token) ? RatingProof.Printed : null, ct);
    }

    /// <summary>The dossier <paramref name="dossierId"/> as its signed-in applicant rates it (<see cref="RatingProof.Account"/>);
    /// the caller has checked that the citizen may read it.</summary>
    public Task<RatableDossier?> FindForApplicantAsync(long dossierId, CancellationToken ct) =>
        ReadAsync(FindByIdSql, new NpgsqlParameter<long> { TypedValue = dossierId }, _ => RatingProof.Account, ct);

    private async Task<RatableDossier?> ReadAsync(string sql, NpgsqlParameter lookup, Func<long, RatingProof?> proofOf, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        command.Parameters.Add(lookup);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var id = reader.GetInt64(0);
        if (proofOf(id) is not { } proof) return null;
        var status = (DossierStatus)reader.GetInt16(1);
        DateTimeOffset? closedAt = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
        var window = RatingWindow.StateOf(status, closedAt, clock.GetUtcNow(), options.Value.WindowDays);
        RatingProof? ratedBy = reader.IsDBNull(3) ? null : (RatingProof)reader.GetInt16(3);
        return new RatableDossier(id, reader.GetString(6), reader.GetString(4), reader.GetString(5), window, proof, ratedBy);
    }

    private const string FindSql = """
        SELECT d.id, d.status,
               (SELECT max(e.at) FROM dossier_events e WHERE e.dossier_id = d.id
                 AND e.action = CASE d.status WHEN 10 THEN 'return' WHEN 3 THEN 'refuse' WHEN 8 THEN 'stop' END),
               (SELECT r.proof FROM rating_receipts r WHERE r.dossier_id = d.id),
               d.procedure_name, a.name, d.code
        FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id
        """;
    private const string FindByCodeSql = FindSql + "\nWHERE d.code = $1";
    private const string FindByIdSql = FindSql + "\nWHERE d.id = $1";

    /// <summary>
    /// Records <paramref name="rating"/> for the dossier <paramref name="code"/> opened by <paramref name="token"/> (the
    /// printed code or the own link): <see cref="RateOutcome.Rated"/>, or why not (<see cref="RecordAsync"/>).
    /// </summary>
    public async Task<(RateOutcome Outcome, RatingWindowState Window)> RateAsync(string? code, string? token, Rating rating, CancellationToken ct) =>
        await FindAsync(code, token, ct) is { } dossier ? await RecordAsync(dossier, rating, ct) : (RateOutcome.NotFound, RatingWindowState.NotClosed);

    /// <summary>Records <paramref name="rating"/> by the signed-in applicant of dossier <paramref name="dossierId"/>
    /// (<see cref="RatingProof.Account"/>), as <see cref="RecordAsync"/>.</summary>
    public async Task<(RateOutcome Outcome, RatingWindowState Window)> RateAsApplicantAsync(long dossierId, Rating rating, CancellationToken ct) =>
        await FindForApplicantAsync(dossierId, ct) is { } dossier ? await RecordAsync(dossier, rating, ct) : (RateOutcome.NotFound, RatingWindowState.NotClosed);

    /// <summary>
    /// Records <paramref name="rating"/> for <paramref name="dossier"/> by its proof. A dossier not rated gets it; one rated
    /// with a proof this one replaces (<see cref="RatingProofs.Replaces"/>: a stronger proof over the printed code) loses
    /// the old rating, its counts and its input 19 in the same transaction; otherwise <see cref="RateOutcome.AlreadyRated"/>
    /// and nothing written, also when two arrive at once (the receipt row decides). A deadlock, serialization failure or
    /// unique violation against a concurrent rating is tried again, up to <see cref="Attempts"/> times, then
    /// <see cref="RateOutcome.Busy"/>.
    /// </summary>
    private async Task<(RateOutcome Outcome, RatingWindowState Window)> RecordAsync(RatableDossier dossier, Rating rating, CancellationToken ct)
    {
        if (dossier.Rated) return (RateOutcome.AlreadyRated, dossier.Window);
        if (dossier.Window != RatingWindowState.Open) return (RateOutcome.NotOpen, dossier.Window);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await WriteAsync(dossier, rating, ct), dossier.Window);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation)
            {
                if (attempt == Attempts) return (RateOutcome.Busy, dossier.Window);
            }
        }
    }

    private async Task<RateOutcome> WriteAsync(RatableDossier dossier, Rating rating, CancellationToken ct)
    {
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var replaceKey = RatingToken.For(key.DeriveKey(RatingToken.ReplaceKeyPurpose), dossier.Id);
        NpgsqlCommand Command(string sql, params NpgsqlParameter[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddRange(parameters);
            return command;
        }
        NpgsqlParameter<long> Id() => new() { TypedValue = dossier.Id };
        NpgsqlParameter<short> Proof() => new() { TypedValue = (short)dossier.Proof };

        // The receipt decides: a new one, or the old one's proof raised when this proof replaces it. A second rating sent
        // at the same instant waits on the receipt's key or row and then finds nothing to claim.
        await using (var claim = Command("INSERT INTO rating_receipts (dossier_id, proof) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1", Id(), Proof()))
        {
            if (await claim.ExecuteScalarAsync(ct) is null)
            {
                var replaced = RatingProofs.Replaced(dossier.Proof);
                if (replaced.Count == 0) return RateOutcome.AlreadyRated;
                await using var raise = Command("UPDATE rating_receipts SET proof = $2 WHERE dossier_id = $1 AND proof = ANY ($3) RETURNING 1",
                    Id(), Proof(), new NpgsqlParameter<short[]> { TypedValue = [.. replaced.Select(p => (short)p)] });
                if (await raise.ExecuteScalarAsync(ct) is null) return RateOutcome.AlreadyRated;
                await using var remove = Command(RemoveSql, new NpgsqlParameter<string> { TypedValue = replaceKey });
                // A printed-code rating from before migration 0107 carries no key: it cannot be found, so it stays.
                if ((long)(await remove.ExecuteScalarAsync(ct))! == 0) return RateOutcome.AlreadyRated;
                await using var emptied = Command("DELETE FROM rating_counts WHERE n = 0");
                await emptied.ExecuteNonQueryAsync(ct);
            }
        }
        var today = VietnamTime.DateOf(clock.GetUtcNow());
        await using var insert = Command(RateSql, Id(),
            new NpgsqlParameter<short> { TypedValue = (short)rating.Channel },
            new NpgsqlParameter<DateOnly> { TypedValue = new DateOnly(today.Year, today.Month, 1) },
            new NpgsqlParameter<short[]> { TypedValue = [.. rating.Answers.Select(a => (short)a)] },
            new NpgsqlParameter<short> { TypedValue = (short)rating.Overall },
            new NpgsqlParameter { Value = (object?)rating.Comment ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            Proof(),
            new NpgsqlParameter { Value = dossier.Proof == RatingProof.Printed ? replaceKey : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await insert.ExecuteScalarAsync(ct);
        await transaction.CommitAsync(ct);
        return RateOutcome.Rated;
    }

    // The replaced rating leaves ratings, every cell it was counted in (officer 0 and each officer credited, in its own
    // month) and input 19. Cells are lowered, never deleted here (a concurrent rating may raise the same cell): the next
    // statement deletes those this transaction emptied, still locked by it.
    private const string RemoveSql = """
        WITH gone AS (
            DELETE FROM ratings WHERE replace_key = $1
            RETURNING agency_id, procedure_code, officer_ids, month, answers, overall),
        cells AS (
            UPDATE rating_counts c SET n = c.n - 1,
                sums = ARRAY(SELECT x - y FROM unnest(c.sums, gone.answers::int[]) WITH ORDINALITY AS t (x, y, i) ORDER BY i),
                very = c.very - (gone.overall = 2)::int, satisfied = c.satisfied - (gone.overall = 1)::int, unsatisfied = c.unsatisfied - (gone.overall = 0)::int
            FROM gone
            WHERE c.month = gone.month AND c.agency_id = gone.agency_id AND c.procedure_code = gone.procedure_code AND c.officer_id = ANY (0 || gone.officer_ids)
            RETURNING 1),
        unsatisfied AS (
            UPDATE index766_counts c SET n = c.n - 1 FROM gone
            WHERE gone.overall = 0 AND c.month = gone.month AND c.input = 19 AND c.agency_id = gone.agency_id
            RETURNING 1)
        SELECT count(*) FROM gone
        """;

    // After the receipt (ISSUE17 §7.2): the rating with its proof, its cells (officer 0 = every rating of the procedure,
    // then each officer on the dossier's events) and input 19. Cells are upserted in key order so two ratings of the same
    // cells cannot deadlock on them.
    private const string RateSql = """
        WITH r AS (
            INSERT INTO ratings (agency_id, procedure_code, officer_ids, channel, month, answers, overall, comment, proof, replace_key)
            SELECT d.receiving_agency_id, d.procedure_code,
                   ARRAY(SELECT DISTINCT e.actor_user_id FROM dossier_events e WHERE e.dossier_id = d.id AND e.actor_user_id IS NOT NULL ORDER BY 1),
                   $2, $3, $4, $5, $6, $7, $8
            FROM dossiers d WHERE d.id = $1
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
        SELECT count(*) FROM r
        """;
}

/// <summary>A dossier a code and its token (or its signed-in applicant) opened: its id (never shown), code, procedure and
/// agency names, window, the proof of this rater and the proof it was rated with (null: not rated).</summary>
public sealed record RatableDossier(long Id, string Code, string ProcedureName, string AgencyName, RatingWindowState Window, RatingProof Proof, RatingProof? RatedBy)
{
    /// <summary>Rated already by a proof this rater's does not replace (<see cref="RatingProofs.MayRate"/>).</summary>
    public bool Rated => !RatingProofs.MayRate(Proof, RatedBy);
}
