using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Ratings;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Reports;

/// <summary>Whose index and which month a request asks for, once checked: <see cref="Agency"/> null is the province.</summary>
public sealed record Index766Scope(Agency? Agency, Index766Month Month)
{
    /// <summary>The scope as the page and the API name it.</summary>
    public string Name => Agency?.Name ?? "Toàn tỉnh";
}

/// <summary>Why a request for the index was refused: the HTTP status, the query field at fault (null for 403) and a Vietnamese message.</summary>
public sealed record Index766Refusal(int Status, string? Field, string Message);

/// <summary>A dossier behind a figure: no applicant's name or identity, only what places the dossier in the figure.
/// <paramref name="SyncState"/> is its sync with the National Portal now (<c>synced</c>, <c>pending</c> or <c>failed</c>, as
/// <c>GET /api/v1/dossiers/{code}/sync</c> says) behind 1.2's numerator and the denominator it shares (inputs 15 and 22),
/// null behind any other figure.</summary>
public sealed record Index766DossierRow(string Code, string AgencyCode, string AgencyName, string ProcedureCode, string ProcedureName, short Channel, short Status,
    DateTimeOffset? ReceivedAt, DateTimeOffset? OriginalDueAt, DateTimeOffset? ResultReadyAt, int SupplementRequests, string? SyncState = null);

/// <summary>An adoption behind a figure: the unit and the procedure it applies, with its online level as published.</summary>
public sealed record Index766AdoptionRow(string AgencyCode, string AgencyName, string ProcedureCode, string ProcedureName, string OnlineLevel, decimal? FeeVnd);

/// <summary>A procedure behind the average-time figure: its dossiers resolved in the month, the average share of the time
/// limit they used (elapsed ÷ allowed, both from the clock's start, waits for the citizen included in both) and the
/// average elapsed calendar days.</summary>
public sealed record Index766ProcedureRow(string ProcedureCode, string ProcedureName, long Resolved, decimal AverageShareOfLimit, decimal AverageDays);

/// <summary>A feedback case behind 5.1 (docs/REPORTS.md §5): its register number, kind, agency, status and the instants its
/// timeliness is judged by, with <see cref="OnTime"/> (every step within its deadline, <c>FeedbackClosure.OnTime</c>). No
/// sender's data and no text: the number opens the case's public page, where only the masked published answer shows.</summary>
public sealed record Index766FeedbackRow(string Number, short Kind, string AgencyCode, string AgencyName, short Status, DateTimeOffset ReceivedAt,
    DateTimeOffset? ClassifiedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? HandleDueAt, DateTimeOffset? PublishedAt, DateTimeOffset ClosedAt,
    int InformationRequests, bool OnTime);

/// <summary>One page of the rows behind a figure; only the list of the input's kind is filled.</summary>
public sealed record Index766Rows(Index766InputKind Kind, long Total, int Page, int PageSize,
    IReadOnlyList<Index766DossierRow> Dossiers, IReadOnlyList<Index766AdoptionRow> Adoptions, IReadOnlyList<Index766ProcedureRow> Procedures,
    IReadOnlyList<Index766FeedbackRow> Feedback);

/// <summary>
/// The index's inputs (current to the last committed change, no nightly job), and the rows behind each. Every input is
/// one SQL condition (<see cref="Condition"/>) over the rows that its drill-down lists and counts; the index itself reads
/// the dossier inputs from the counts the dossiers' transactions keep by the same conditions (migration 0049,
/// index766_state), which Index766Tests holds equal to a recount, so the list behind a figure has as many rows as the figure. A dossier belongs to the agency that received it; the
/// province is every agency. Dossier inputs are judged in the month by the instant named (received, or result ready) in
/// Vietnam time; adoption inputs are the catalogue as of the request, since adoptions keep no history. The feedback
/// inputs (5.1) are counted from the feedback rows in the same statement as the kept counts (migration 0086's index on
/// <c>closed_at</c>: only the month's closed cases are read).
/// </summary>
public static class Index766Reads
{
    /// <summary>Rows per page of a drill-down.</summary>
    public const int PageSize = 50;

    /// <summary>
    /// Checks who asks (<see cref="ReportReaders.OfAsync"/>), for which agency (its code; empty: the reader's own unit, or the
    /// province for those who may read it) and which month ("yyyy-MM"; empty: the current one). A refusal is 403 for a caller
    /// who may read no report or asks for a unit outside their reach, 422 naming <c>agency</c> or <c>month</c> for a value not
    /// understood or a month not begun.
    /// </summary>
    public static async Task<(Index766Scope? Scope, Index766Refusal? Refusal)> ResolveAsync(MotCuaDb db, ClaimsPrincipal user, string? agency, string? month,
        DateTimeOffset now, CancellationToken ct)
    {
        if (await ReportReaders.OfAsync(db, user, ct) is not { } reader)
            return (null, new(StatusCodes.Status403Forbidden, null, ReportReaders.Refusal));
        var (scope, refusal) = await UnitAsync(db, reader, agency, ct);
        if (refusal is not null) return (null, refusal);
        var period = string.IsNullOrWhiteSpace(month) ? Index766Month.Of(now) : Index766Month.Parse(month, now);
        if (period is null) return (null, new(StatusCodes.Status422UnprocessableEntity, "month", Index766Month.Format));
        return (new Index766Scope(scope, period), null);
    }

    /// <summary>The unit <paramref name="agency"/> names for <paramref name="reader"/> (null: the province, when empty and the
    /// reader may read it; else the reader's own unit), or the refusal: 422 naming <c>agency</c>, 403 out of reach.</summary>
    public static async Task<(Agency? Unit, Index766Refusal? Refusal)> UnitAsync(MotCuaDb db, ReportReader reader, string? agency, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (string.IsNullOrWhiteSpace(agency) && reader.Province) return (null, null);
        var (unit, invalid, refusal) = await ReportReaders.UnitAsync(db, reader, agency, ct);
        return refusal is not null ? (null, new(StatusCodes.Status403Forbidden, null, refusal))
            : invalid is { } wrong ? (null, new(StatusCodes.Status422UnprocessableEntity, wrong.Field, wrong.Message))
            : (unit, null);
    }

    /// <summary>
    /// Every input the index needs. The dossier inputs are sums of the counts the dossiers' own transactions keep
    /// (index766_counts, index766_procedure_counts: migration 0049), so a month of the province reads a few hundred count
    /// rows, not its dossiers, and is as current as the last committed change. The adoption inputs are functions of the
    /// catalogue alone, counted per unit once per catalogue change (<see cref="CatalogueAsync"/>: the token migration 0055
    /// replaces in every transaction that changes the catalogue, read in the same statement as the kept counts). One round
    /// trip while the catalogue is unchanged.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Index766Input, long>> CountAsync(NpgsqlDataSource data, Index766Scope scope, bool ratingsFinal, CancellationToken ct)
    {
        // A month whose ratings are not final withholds the ratings' input: it would move by one rating (docs/RATINGS.md).
        var inputs = Index766.NeededInputs.Where(i => ratingsFinal || Index766.KindOf(i) != Index766InputKind.Ratings).ToArray();
        var kept = inputs.Where(i => Index766.KindOf(i) != Index766InputKind.Adoptions).ToArray();
        var sql = "SELECT (SELECT token FROM catalogue_changes)" + string.Concat(kept.Select(i => $", ({KeptCountSql(i)})"));
        Guid token;
        var counts = new Dictionary<Index766Input, long>();
        await using (var command = data.CreateCommand(sql))
        {
            AddParameters(command, scope, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            token = reader.GetGuid(0);
            for (var i = 0; i < kept.Length; i++) counts[kept[i]] = reader.GetInt64(i + 1);
        }
        var catalogue = await CatalogueAsync(data, token, ct);
        foreach (var input in inputs.Where(i => Index766.KindOf(i) == Index766InputKind.Adoptions))
            counts[input] = catalogue.Count(input, scope.Agency?.Id);
        return inputs.ToDictionary(i => i, i => counts[i]);
    }

    /// <summary>What the index reads from the catalogue alone, as of the catalogue change <paramref name="Token"/>: the
    /// adopted procedures that charge a fee (codes) and, per unit (agency id), its count of each adoption input.</summary>
    private sealed record Catalogue(Guid Token, string[] FeeProcedures, IReadOnlyDictionary<int, long[]> AdoptionCounts)
    {
        /// <summary>The count of an adoption input for one unit, or the province (null: the sum of the units).</summary>
        public long Count(Index766Input input, int? agencyId)
        {
            var i = Array.IndexOf(AdoptionInputs, input);
            return agencyId is { } id ? AdoptionCounts.TryGetValue(id, out var c) ? c[i] : 0 : AdoptionCounts.Values.Sum(c => c[i]);
        }
    }

    private static readonly Index766Input[] AdoptionInputs = [.. Enum.GetValues<Index766Input>().Where(i => Index766.KindOf(i) == Index766InputKind.Adoptions)];

    // One catalogue per database (a data source per database): tests run several apps in one process.
    private static readonly ConditionalWeakTable<NpgsqlDataSource, Catalogue> Catalogues = new();

    /// <summary>
    /// The catalogue's part of the index as of <paramref name="token"/> (null: the token now), computed again when the
    /// catalogue changed since the one kept. Computed in one repeatable-read snapshot with the token it saw, so what is kept
    /// under a token is exactly that catalogue; writers replace the token in their own transaction (migration 0055), so a
    /// reader that saw a change sees a new token and never a stale count (Index766Tests adopts, changes and reads at once).
    /// </summary>
    private static async Task<Catalogue> CatalogueAsync(NpgsqlDataSource data, Guid? token, CancellationToken ct)
    {
        if (token is { } seen && Catalogues.TryGetValue(data, out var kept) && kept.Token == seen) return kept;
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        Guid now;
        await using (var read = new NpgsqlCommand("SELECT token FROM catalogue_changes", connection))
            now = (Guid)(await read.ExecuteScalarAsync(ct))!;
        var fees = await FeeProceduresAsync(connection, ct);
        var counts = new Dictionary<int, long[]>();
        await using (var command = new NpgsqlCommand("SELECT ap.agency_id" + string.Concat(AdoptionInputs.Select(i => $", count(*) FILTER (WHERE {Condition(i)})"))
            + $" {AdoptionsFrom} GROUP BY ap.agency_id", connection))
        {
            // Every unit at once (the adoption conditions' @agency null), grouped by unit.
            command.Parameters.Add(new NpgsqlParameter("feeProcedures", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = fees });
            command.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Integer) { Value = DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                counts[reader.GetInt32(0)] = [.. AdoptionInputs.Select((_, i) => reader.GetInt64(i + 1))];
        }
        await transaction.CommitAsync(ct);
        var fresh = new Catalogue(now, fees, counts);
        Catalogues.AddOrUpdate(data, fresh);
        return fresh;
    }

    // An input's count for the index: the kept counts for dossiers and procedures, the catalogue for adoptions.
    private static string KeptCountSql(Index766Input input) => Index766.KindOf(input) switch
    {
        Index766InputKind.Dossiers or Index766InputKind.Ratings => $"SELECT coalesce(sum(c.n), 0)::bigint FROM index766_counts c WHERE c.month = @month AND c.input = {(int)input} AND {KeptScope}",
        Index766InputKind.Procedures => $"""
            SELECT count(*) FROM (SELECT sum(c.n) AS n, sum(c.share) AS share FROM index766_procedure_counts c
                WHERE c.month = @month AND {KeptScope} GROUP BY c.procedure_code HAVING sum(c.n) > 0) x
            WHERE {Condition(input)}
            """,
        _ => CountSql(input),
    };

    private const string KeptScope = "(@agency IS NULL OR c.agency_id = @agency)";

    /// <summary>
    /// The index for the scope, scored by the Domain from the counted inputs read at <paramref name="now"/>: the unsatisfied
    /// ratings (5.2) only once the month's ratings are final (<see cref="RatingPublication.IsPublished"/> with the rating
    /// window <paramref name="ratingWindowDays"/>), 5.2 pending before.
    /// </summary>
    public static async Task<(Index766Result Result, IReadOnlyDictionary<Index766Input, long> Counts)> ScoreAsync(NpgsqlDataSource data, Index766Scope scope,
        DateTimeOffset now, int ratingWindowDays, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var final = RatingPublication.IsPublished(new DateOnly(scope.Month.Year, scope.Month.Month, 1), Domain.Calendar.VietnamTime.DateOf(now), ratingWindowDays);
        var counts = await CountAsync(data, scope, final, ct);
        return (Index766.Score(counts), counts);
    }

    /// <summary>The ratings' window in days (Motcua:Ratings:WindowDays), which decides when a month's ratings are final; read
    /// here from the configuration because the Reports slice does not depend on Ratings.</summary>
    public static int RatingWindowDays(IConfiguration configuration) =>
        configuration.GetValue("Motcua:Ratings:WindowDays", RatingWindow.DefaultDays);

    /// <summary>Page <paramref name="page"/> (from 1) of the rows behind <paramref name="input"/>, with their total.</summary>
    public static async Task<Index766Rows> RowsAsync(NpgsqlDataSource data, Index766Scope scope, Index766Input input, int page, CancellationToken ct)
    {
        var kind = Index766.KindOf(input);
        var fees = (await CatalogueAsync(data, null, ct)).FeeProcedures;
        long total;
        await using (var count = data.CreateCommand(CountSql(input)))
        {
            AddParameters(count, scope, fees);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var offset = (page - 1) * PageSize;
        var sql = kind switch
        {
            Index766InputKind.Dossiers => $"""
                SELECT d.code, a.code, a.name, d.procedure_code, d.procedure_name, d.channel, d.status, d.received_at, d.original_due_at, d.result_ready_at,
                       (SELECT count(*)::int FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'supplement-request'),
                       {(input is Index766Input.SyncedDossiers or Index766Input.OwnReceivedDossiers ? "portal_sync_state(d.code)" : "NULL::text")}
                FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id
                WHERE {Condition(input)} ORDER BY d.id LIMIT {PageSize} OFFSET {offset}
                """,
            Index766InputKind.Adoptions => $"""
                SELECT a.code, a.name, p.code, p.name, coalesce(v.spec ->> 'onlineLevel', 'none'), ap.fee
                {AdoptionsFrom} JOIN agencies a ON a.id = ap.agency_id
                WHERE {Condition(input)} ORDER BY a.code, p.code LIMIT {PageSize} OFFSET {offset}
                """,
            Index766InputKind.Feedback => $"""
                SELECT f.number, f.kind, a.code, a.name, f.status, f.received_at, f.classified_at, f.answered_at, coalesce(f.handle_restarted_due_at, f.handle_due_at),
                       f.published_at, f.closed_at, (SELECT count(*)::int FROM feedback_events e WHERE e.feedback_id = f.id AND e.to_status = 3),
                       {FeedbackStepsOnTime}
                FROM feedback f JOIN agencies a ON a.id = f.agency_id
                WHERE {Condition(input)} ORDER BY f.closed_at, f.id LIMIT {PageSize} OFFSET {offset}
                """,
            _ => $"""
                SELECT x.procedure_code, (SELECT p.name FROM procedures p WHERE p.code = x.procedure_code), x.n, round(x.share / x.n, 4), round(x.days::numeric, 2)
                FROM ({PerProcedure}) x WHERE {Condition(input)} ORDER BY x.procedure_code LIMIT {PageSize} OFFSET {offset}
                """,
        };
        await using var command = data.CreateCommand(sql);
        AddParameters(command, scope, fees);
        await using var reader = await command.ExecuteReaderAsync(ct);
        List<Index766DossierRow> dossiers = [];
        List<Index766AdoptionRow> adoptions = [];
        List<Index766ProcedureRow> procedures = [];
        List<Index766FeedbackRow> feedback = [];
        while (await reader.ReadAsync(ct))
            switch (kind)
            {
                case Index766InputKind.Dossiers:
                    dossiers.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt16(5),
                        reader.GetInt16(6), Instant(reader, 7), Instant(reader, 8), Instant(reader, 9), reader.GetInt32(10),
                        reader.IsDBNull(11) ? null : reader.GetString(11)));
                    break;
                case Index766InputKind.Adoptions:
                    adoptions.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetDecimal(5)));
                    break;
                case Index766InputKind.Feedback:
                    feedback.Add(new(reader.GetString(0), reader.GetInt16(1), reader.GetString(2), reader.GetString(3), reader.GetInt16(4), Instant(reader, 5)!.Value,
                        Instant(reader, 6), Instant(reader, 7), Instant(reader, 8), Instant(reader, 9), Instant(reader, 10)!.Value, reader.GetInt32(11), reader.GetBoolean(12)));
                    break;
                default:
                    procedures.Add(new(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetInt64(2), reader.GetDecimal(3), reader.GetDecimal(4)));
                    break;
            }
        return new Index766Rows(kind, total, page, PageSize, dossiers, adoptions, procedures, feedback);
    }

    private static DateTimeOffset? Instant(NpgsqlDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc));

    // The adopted procedures whose current version charges a fee, by the Domain's reading of the catalogue's fee text
    // (FeeTextReader.ChargesFee: by case and reduced fees included), which SQL cannot repeat.
    private static async Task<string[]> FeeProceduresAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT p.code, v.spec::text FROM procedures p JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE EXISTS (SELECT 1 FROM agency_procedures ap WHERE ap.procedure_code = p.code)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var codes = new List<string>();
        while (await reader.ReadAsync(ct))
            if (System.Text.Json.JsonSerializer.Deserialize<Domain.Catalog.ProcedureSpec>(reader.GetString(1), MotCuaDb.SpecJson) is { } spec
                && Domain.Fees.FeeTextReader.ChargesFee(spec))
                codes.Add(reader.GetString(0));
        return [.. codes];
    }

    private static void AddParameters(NpgsqlCommand command, Index766Scope scope, string[]? feeProcedures)
    {
        if (feeProcedures is not null)
            command.Parameters.Add(new NpgsqlParameter("feeProcedures", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = feeProcedures });
        command.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Integer) { Value = (object?)scope.Agency?.Id ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = scope.Month.Start.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = scope.Month.End.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("month", NpgsqlDbType.Date) { Value = new DateOnly(scope.Month.Year, scope.Month.Month, 1) });
    }

    private static string CountSql(Index766Input input) => Index766.KindOf(input) switch
    {
        Index766InputKind.Dossiers => $"SELECT count(*) FROM dossiers d WHERE {Condition(input)}",
        Index766InputKind.Adoptions => $"SELECT count(*) {AdoptionsFrom} WHERE {Condition(input)}",
        Index766InputKind.Feedback => $"SELECT count(*) FROM feedback f WHERE {Condition(input)}",
        _ => $"SELECT count(*) FROM ({PerProcedure}) x WHERE {Condition(input)}",
    };

    // The adoptions in scope with the current version of their procedure's published record.
    private const string AdoptionsFrom = """
        FROM agency_procedures ap JOIN procedures p ON p.code = ap.procedure_code
        JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
        """;

    private const string AgencyScope = "(@agency IS NULL OR d.receiving_agency_id = @agency)";
    private const string Received = "d.received_at >= @from AND d.received_at < @to AND " + AgencyScope;
    private const string Resolved = "d.result_ready_at >= @from AND d.result_ready_at < @to AND " + AgencyScope;
    // Not a ministry's dossier received for monitoring (origin 3): that system syncs it to the portal, and its files and
    // papers are the ministry's, so 1.2, 4.1–4.4 neither count it nor judge it [choice, docs/REPORTS.md §5, fresh trial p16p].
    private const string OwnReceived = Received + " AND d.origin <> 3";
    private const string OwnResolved = Resolved + " AND d.origin <> 3";
    // An electronic result (DOMAIN §6, group 4: results returned electronically or issued as electronic documents): the
    // result returned online (return_method 3, Dossier.Return) or its notice issued signed and kept (issued_documents.pdf).
    // Counting only the printed signed notice missed results sent back online (trial defect 5).
    private const string ElectronicResult =
        "(d.return_method = 3 OR EXISTS (SELECT 1 FROM issued_documents i WHERE i.key = 'dossier:' || d.id || ':result' AND i.pdf IS NOT NULL))";
    private const string AdoptionScope = "(@agency IS NULL OR ap.agency_id = @agency)";
    private const string HasFee = "(ap.fee > 0 OR p.code = ANY(@feeProcedures))";

    // Per procedure, the dossiers resolved in the month whose clock ran (a due date after its start): how many, the sum
    // of the shares of the time limit they used (index766_share: exact numeric, the same the kept counts sum) and the
    // average elapsed days. Waits for the citizen lengthen both the elapsed time and the due date (the due date moves by
    // them), so the share is the agency's own.
    private const string PerProcedure = $"""
        SELECT d.procedure_code, count(*) AS n, sum(index766_share(d.result_ready_at, d.clock_started_at, d.original_due_at)) AS share,
               avg(extract(epoch FROM d.result_ready_at - d.clock_started_at) / 86400) AS days
        FROM dossiers d WHERE {Resolved} AND d.original_due_at > d.clock_started_at
        GROUP BY d.procedure_code
        """;

    // 5.1 (FeedbackClosure, migration 0086): a feedback case closed at its agency in the month (closed_at, a generated
    // column: published, refused, or transferred outside MotCua), counted where it was closed.
    private const string FeedbackClosed = "f.closed_at >= @from AND f.closed_at < @to AND (@agency IS NULL OR f.agency_id = @agency)";

    // Every step within the deadline the register set (FeedbackClosure.OnTime): no request to the sender after the +5
    // deadline; refused by +2, transferred by +5, or answered by +15 (restarted by the information received) and published
    // by +2 from the answer. Null instants make it false.
    private const string FeedbackStepsOnTime = """
        (NOT EXISTS (SELECT 1 FROM feedback_events e WHERE e.feedback_id = f.id AND e.to_status = 3 AND e.at > f.information_due_at)
         AND coalesce(CASE f.status
             WHEN 2 THEN f.classified_at <= f.refuse_due_at
             WHEN 4 THEN f.classified_at <= f.transfer_due_at
             ELSE f.answered_at <= coalesce(f.handle_restarted_due_at, f.handle_due_at) AND f.published_at <= f.publish_due_at END, false))
        """;

    /// <summary>The SQL condition of an input over its rows (<c>d</c> dossiers, <c>ap</c>/<c>p</c>/<c>v</c> adoptions, <c>x</c> procedures, <c>f</c> feedback).</summary>
    private static string Condition(Index766Input input) => input switch
    {
        Index766Input.ReceivedDossiers => Received,
        Index766Input.OnlineDossiers => Received + " AND d.channel = 2",
        Index766Input.ResolvedDossiers => Resolved,
        // End ≤ the original due date (a supplement restarts it, a payment wait moves it; an extension does not), and a
        // second supplement request makes the dossier late whatever its end (DOMAIN §6).
        Index766Input.ResolvedOnTime => Resolved + """
             AND d.original_due_at IS NOT NULL AND d.result_ready_at <= d.original_due_at
             AND (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'supplement-request') <= 1
            """,
        Index766Input.DossiersWithPayment => Received + """
             AND (EXISTS (SELECT 1 FROM dossier_fees f WHERE f.dossier_id = d.id AND f.due_vnd > 0)
               OR EXISTS (SELECT 1 FROM payment_requests r WHERE r.dossier_id = d.id AND r.status <> 'cancelled')
               OR EXISTS (SELECT 1 FROM payments pm WHERE pm.dossier_id = d.id))
            """,
        // Money matched, or flagged and accepted by the accountant: a flagged payment left unaccepted was not a payment of the dossier.
        // Refunded in full (payment_refunds summing to the amount), it was not a payment (issue 14's finding).
        Index766Input.DossiersPaidOnline => Received + """
             AND EXISTS (SELECT 1 FROM payments pm WHERE pm.dossier_id = d.id AND pm.method = 'online' AND (pm.flag IS NULL OR pm.flag_accepted)
               AND (SELECT coalesce(sum(r.amount_vnd), 0) FROM payment_refunds r WHERE r.payment_id = pm.id) < pm.amount_vnd)
            """,
        Index766Input.ElectronicResults => OwnResolved + " AND " + ElectronicResult,
        Index766Input.OwnReceivedDossiers => OwnReceived,
        Index766Input.OwnResolvedDossiers => OwnResolved,
        // Migration 0082 keeps the four below (index766_state); DOMAIN §6 groups 1 and 4.
        // The portal holds its latest state: sync state "synced" now (migration 0120's portal_sync_state, the SQL twin of
        // PortalSync's), not merely a message delivered once (trial 16h MEDIUM 2 [choice, docs/REPORTS.md §5]).
        Index766Input.SyncedDossiers => OwnReceived + " AND portal_sync_state(d.code) = 'synced'",
        // Digitised at intake [choice, docs/REPORTS.md §5]: a file of the dossier's documents (submitted online, 1, or
        // scanned at the desk, 3), a document the portal sent digitised or with its file, or one reused (no paper to
        // scan) — what the portal's HoSoCoThanhPhanSoHoa says; and, with a result, the result electronic as 4.1 counts it.
        Index766Input.DigitisedDossiers => OwnReceived + """
             AND (EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.purpose IN (1, 3))
               OR d.documents @? '$[*] ? (@.digitised == true || @.fileUrl.type() == "string" || @.reused > 0)')
             AND (d.result_ready_at IS NULL OR
            """ + ElectronicResult + ")",
        // Reused: an earlier dossier's digitised or result file ("Dùng lại", dossier_files.reused_from_id), or a document
        // not asked for because the citizen's store or a published database holds it (ReceivedDocument.Reused 1 or 2).
        Index766Input.ReusedDataDossiers => OwnReceived + """
             AND (EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.reused_from_id IS NOT NULL)
               OR d.documents @? '$[*] ? (@.reused > 0)')
            """,
        // The citizen's data: the applicant verified by the population database or VNeID, or a document from their store (1).
        Index766Input.CitizenDataDossiers => OwnReceived + """
             AND (EXISTS (SELECT 1 FROM dossier_applicant_verifications av WHERE av.dossier_id = d.id)
               OR d.documents @? '$[*] ? (@.reused == 1)')
            """,
        Index766Input.AdoptedProcedures => AdoptionScope,
        Index766Input.CompletelyPublishedProcedures => AdoptionScope + """
             AND v.spec @? '$.documents[0]' AND v.spec @? '$.legalBasis[0]'
             AND v.spec @? '$.channels[*].timeLimit ? (@.type() == "object")'
             AND (ap.fee IS NOT NULL OR v.spec @? '$.channels[*] ? (@.fee.type() == "number" || (@.feeText.type() == "string" && @.feeText != ""))')
            """,
        Index766Input.OnlineProcedures => AdoptionScope + " AND v.spec ->> 'onlineLevel' IN ('partial', 'full')",
        Index766Input.FeeProcedures => AdoptionScope + " AND " + HasFee,
        Index766Input.FeeProceduresWithOnlinePayment => AdoptionScope + " AND " + HasFee
            + " AND EXISTS (SELECT 1 FROM collection_accounts ca WHERE ca.agency_id = ap.agency_id AND ca.active)",
        Index766Input.ClosedFeedback => FeedbackClosed,
        Index766Input.FeedbackOnTime => FeedbackClosed + " AND " + FeedbackStepsOnTime,
        Index766Input.ResolvedProcedures => "true",
        // An average share of at most 1, compared as sums so that no division rounds it.
        Index766Input.ProceduresWithinTimeLimit => "x.share <= x.n",
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
    };
}
