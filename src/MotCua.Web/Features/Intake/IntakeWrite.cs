using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Domain.Registers;
using Npgsql;

namespace MotCua.Web.Features.Intake;

/// <summary>A staged file (<c>staged_files.id</c>) intake attaches to the document at <paramref name="DocumentIndex"/> of the
/// dossier's documents, named <paramref name="DocumentName"/> (issue 17).</summary>
public sealed record StagedUse(long StagedId, int DocumentIndex, string DocumentName);

/// <summary>
/// Stores a new dossier with its first event, that event's outbox message (<see cref="DossierOutbox.MessageFor"/>) and
/// its idempotency key, numbering it on the way: the agency's serial for the day and, for a dossier received at the desk
/// or by post, the next line of the unit's register (<see cref="RegisterCounters.NextLineSql"/>). It is one statement, so
/// one round trip and one implicit transaction: the counter rows stay locked (which keeps serials and register lines
/// gap-free under concurrent intake) only while PostgreSQL runs it; raw SQL because holding them across EF's round trips
/// measured as the first bottleneck of intake (docs/PERFORMANCE.md, "What made the difference"). The columns and their values come from the EF model (column names, store types, value
/// converters, the applicant's complex type), so every column EF maps is written as EF would write it; only the
/// generated ones (ids, the row version) and the three the statement computes (the code, the register year and line)
/// are not parameters. The statement is built once per model and kept.
/// </summary>
public sealed class IntakeWrite
{
    private static IntakeWrite? built;

    /// <summary>The statement for this model (the application has one), built on first use.</summary>
    public static IntakeWrite For(IModel model)
    {
        var current = built;
        if (current is not null && ReferenceEquals(current.model, model)) return current;
        return built = new IntakeWrite(model);
    }

    /// <summary>A column written from a parameter: how to read its value from the row's object.</summary>
    private sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> Read);

    // The parameters before the columns' own: $1 agency id, $2 day, $3 year, $4 enters the register, $5 code prefix,
    // $6 Idempotency-Key, $7 request hash, $8 API client, $9 the instant of intake, $10 the officer whose desk form
    // carried the key (null when an API client sent it).
    private const int FixedParameters = 10;

    private readonly IModel model;
    private readonly Column[] dossierColumns;
    private readonly Column[] eventColumns;
    private readonly Column[] messageColumns;

    /// <summary>The SQLSTATE the statement fails with when a staged file it was given is no longer usable (expired or
    /// taken by a concurrent intake between the check and the write): nothing was written.</summary>
    public const string StagedFilesGone = "P0065";

    /// <summary>The statement's text.</summary>
    public string Sql { get; }

    /// <summary>Every column the statement writes, by table: for the test that compares them with the model.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; }

    private IntakeWrite(IModel model)
    {
        this.model = model;
        var next = FixedParameters;
        var columns = new Dictionary<string, IReadOnlyList<string>>();

        // The serial is padded as DossierCode.Format pads it and keeps all its digits beyond.
        var digits = DossierCode.SerialDigits;
        string Serial(string n) => $"CASE WHEN length({n}::text) < {digits} THEN lpad({n}::text, {digits}, '0') ELSE {n}::text END";
        // Fresh trial 16g HIGH 1: a code already held (a ministry's monitored dossier or a portal code taken before the
        // ingest refused MotCua's own code space) made every later intake of the unit that day fail on dossiers_code_key,
        // the serial rolling back with it. The next serial is the first after the last whose code no dossier holds, as its
        // code or portal code (the skipped serials stay unused); the counter's row lock keeps concurrent intakes apart.
        // The series is read in order and LIMIT 1 stops at the first free code (min() over it probed all 1000 codes at every
        // intake). None free in the next 1000 (codes taken on purpose) gives the next, whose insert then fails on
        // dossiers_code_key, never a null serial.
        string Free(string after) => $"""
            coalesce((SELECT n FROM generate_series({after} + 1, {after} + 1000) AS n
             WHERE NOT EXISTS (SELECT 1 FROM dossiers x WHERE x.code = $5 || {Serial("n")})
               AND NOT EXISTS (SELECT 1 FROM dossiers x WHERE x.portal_code = $5 || {Serial("n")})
             LIMIT 1), {after} + 1)
            """;
        var (dossiers, dossierList) = Insert(typeof(Dossier), new()
        {
            ["code"] = $"$5 || {Serial("serial.last_serial")}",
            ["register_year"] = "CASE WHEN line.last_number IS NOT NULL THEN $3 END",
            ["register_number"] = "line.last_number",
        });
        var (events, eventList) = Insert(typeof(DossierEvent), new() { ["dossier_id"] = "dossier.id" });
        // The message is built before the code is known; the statement adds it to the payload and the ordering key.
        var (outbox, messageList) = Insert(typeof(OutboxMessage), new()
        {
            ["payload"] = "{value} || jsonb_build_object('code', dossier.code)",
            ["ordering_key"] = $"'{DossierOutbox.OrderingKey("")}' || dossier.code",
        });
        (dossierColumns, eventColumns, messageColumns) = (dossierList, eventList, messageList);
        // Issue 14: the fee fixed at intake (Domain DossierFee.Fix; an amount the officer fixed for an unplaced fee, Domain
        // OfficerFee, is also written to audit_log as dossier.fee.officer, in the same statement), its nine values after the columns' own; none for a
        // dossier refused at the desk (the items parameter is then null). The tenth says whether the fee raises a payment
        // request (Domain PaymentRequests.RaisedAtIntake): the request is written here with the dossier, its purpose
        // "Nop phi <code>" (PaymentRequests.PurposeOf: a code is digits, capitals, dots and hyphens, which it keeps), and
        // the agency's active collection account is returned, so WriteAsync computes the VietQR string (Domain VietQr,
        // which needs the code only this statement knows) and stores it by a second statement after the counters'
        // locks are released.
        // Issue 15: the eleventh and twelfth are the reception book the dossier enters at receipt (docs/REGISTERS.md; null
        // when none) and the receiving officer's name: its number is taken here, by the same locked upsert as the register
        // line's, so the land reception book is numbered without a gap.
        // Fourth trial: the request is raised at the instant the dossier was received (the instant its clock counts from,
        // a past submittedAt over the API included), not when the row is written, so money paid on the submission day is
        // not "before the request" (PaymentMatching.PaidAtProblem); never after the write.
        var f = next;
        Columns = columns;

        Sql = $"""
            WITH serial AS (
                -- The inserted value is computed even when the day's row exists, and NOT NULL is checked before the conflict:
                -- searched from 1 it cost a probe per dossier of the day and, past 1000, was null and every intake of the unit
                -- answered 500 (load bench, session 31). It is searched only for the day's first intake.
                INSERT INTO dossier_serials AS s (agency_id, day, last_serial) VALUES ($1, $2,
                    CASE WHEN EXISTS (SELECT 1 FROM dossier_serials d WHERE d.agency_id = $1 AND d.day = $2) THEN 0 ELSE {Free("0")} END)
                ON CONFLICT (agency_id, day) DO UPDATE SET last_serial = {Free("s.last_serial")}
                RETURNING last_serial),
            line AS ({RegisterCounters.NextLineSql("$1", "$3", "$4")}),
            dossier AS ({dossiers}
                FROM serial LEFT JOIN line ON true
                RETURNING id, code, register_number, received_at, submitted_at, applicant_id_number),
            opened AS ({events} FROM dossier),
            message AS ({outbox} FROM dossier),
            fee AS (
                INSERT INTO dossier_fees (dossier_id, items, fee_vnd, charge_vnd, due_vnd, source, published_text,
                    exemption_reason, exemption_legal_basis, fixed_at, fixed_by, reason)
                SELECT dossier.id, ${f + 1}::jsonb, ${f + 2}, ${f + 3}, ${f + 4}, ${f + 5}, ${f + 6}, ${f + 7}, ${f + 8}, $9, ${f + 9}, ${f + 19}
                FROM dossier WHERE ${f + 1}::jsonb IS NOT NULL),
            fee_audit AS (
                INSERT INTO audit_log (at, user_id, action, subject, details)
                SELECT $9, ${f + 9}, 'dossier.fee.officer', 'dossier:' || dossier.code,
                    jsonb_build_object('items', ${f + 1}::jsonb, 'dueVnd', ${f + 4}, 'publishedText', ${f + 6}, 'apiClientId', $8)
                FROM dossier WHERE ${f + 5} = 'officer'),
            answered AS (
                INSERT INTO idempotency_keys (client_id, user_id, citizen_id, key, request_sha256, dossier_code, created_at)
                SELECT $8, $10, ${f + 17}, $6, $7, dossier.code, $9 FROM dossier WHERE $6 IS NOT NULL),
            account AS (SELECT id, bank_bin, account_number FROM collection_accounts WHERE agency_id = $1 AND active),
            request AS (
                INSERT INTO payment_requests (dossier_id, reason, amount_vnd, items, account_id, purpose, status, created_at, created_by)
                SELECT dossier.id, '{PaymentRequestReasons.Intake}', ${f + 4}, ${f + 1}::jsonb, (SELECT id FROM account),
                    'Nop phi ' || dossier.code, 'open', least(coalesce(dossier.received_at, dossier.submitted_at), $9), ${f + 9}
                FROM dossier WHERE ${f + 10}
                RETURNING id),
            book_line AS (
                INSERT INTO register_book_counters AS b (agency_id, book, year, last_number) SELECT $1, ${f + 11}, $3, 1 WHERE $4 AND ${f + 11} IS NOT NULL
                ON CONFLICT (agency_id, book, year) DO UPDATE SET last_number = b.last_number + 1
                RETURNING last_number),
            book_entry AS (
                INSERT INTO register_entries (agency_id, book, year, number, dossier_id, entered_at, entered_by)
                SELECT $1, ${f + 11}, $3, book_line.last_number, dossier.id, $9, ${f + 12} FROM dossier, book_line),
            used AS (
                DELETE FROM staged_files s
                USING unnest(${f + 13}::bigint[], ${f + 14}::int[], ${f + 15}::text[]) AS u(id, document_index, document_name)
                WHERE s.id = u.id AND s.expires_at > $9 AND s.dossier_id IS NULL AND s.purpose IN (1, 3)
                  AND (s.owner_user_id = ${f + 16} OR s.owner_citizen_id = ${f + 17} OR s.owner_client_id = $8)
                RETURNING s.sha256, s.display_name, s.purpose, s.owner_user_id, s.created_at, s.reused_from_id, u.document_index, u.document_name),
            attached AS (
                -- A desk scan (purpose 3) is a digitised copy (issue 17 piece C): by the officer who scanned it, when it was scanned.
                -- A reused file ("Dùng lại", 0076) is the earlier row's content and keeps that row's digitisation (by whom, when).
                INSERT INTO dossier_files (dossier_id, document_index, document_name, purpose, sha256, display_name, pages,
                    added_at, added_by_user_id, added_by_citizen_id, added_by_client_id, owner_id_number,
                    digitised, digitised_by_user_id, digitised_at, reused_from_id)
                SELECT dossier.id, used.document_index, used.document_name, used.purpose, used.sha256, used.display_name, stored.pages,
                    $9, ${f + 16}, ${f + 17}, $8, nullif(dossier.applicant_id_number, ''),
                    CASE WHEN original.id IS NOT NULL THEN original.digitised ELSE used.purpose = 3 END,
                    CASE WHEN original.id IS NOT NULL THEN original.digitised_by_user_id WHEN used.purpose = 3 THEN used.owner_user_id END,
                    CASE WHEN original.id IS NOT NULL THEN original.digitised_at WHEN used.purpose = 3 THEN used.created_at END,
                    used.reused_from_id
                FROM dossier, used JOIN stored_files stored ON stored.sha256 = used.sha256
                    LEFT JOIN dossier_files original ON original.id = used.reused_from_id),
            vneid AS (
                -- Issue 17: a citizen signed in by VNeID submitting as themselves (same CCCD and name, checked by intake) is
                -- a VNeID-verified applicant (method 2, as a portal push marks one), written with the dossier.
                INSERT INTO dossier_applicant_verifications (dossier_id, method, verified_at)
                SELECT dossier.id, 2, $9 FROM dossier WHERE ${f + 18})
            SELECT code, register_number, (SELECT id FROM request), (SELECT bank_bin FROM account), (SELECT account_number FROM account),
                staged_files_taken(cardinality(${f + 13}::bigint[]), (SELECT count(*) FROM used))
            FROM dossier
            """;

        // "INSERT INTO table (columns) SELECT values" for an entity type: a parameter cast to the column's store type for
        // each column, or the statement's own expression where one is given ({value} in it stands for the parameter).
        (string Sql, Column[] Parameters) Insert(Type clrType, Dictionary<string, string> computed)
        {
            var type = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not mapped.");
            var names = new List<string>();
            var values = new List<string>();
            var parameters = new List<Column>();
            foreach (var (property, read) in Properties(type))
            {
                var name = property.GetColumnName();
                var mapping = property.GetRelationalTypeMapping();
                names.Add(name);
                if (computed.TryGetValue(name, out var expression) && !expression.Contains("{value}", StringComparison.Ordinal))
                {
                    values.Add(expression);
                    continue;
                }
                var placeholder = $"${++next}::{mapping.StoreType}";
                values.Add(expression?.Replace("{value}", placeholder, StringComparison.Ordinal) ?? placeholder);
                parameters.Add(new Column(name, mapping, property.IsNullable, read));
            }
            if (computed.Keys.FirstOrDefault(c => !names.Contains(c)) is { } unknown)
                throw new InvalidOperationException($"{type.GetTableName()} has no column {unknown}.");
            columns[type.GetTableName()!] = names;
            return ($"INSERT INTO {type.GetTableName()} ({string.Join(", ", names)}) SELECT {string.Join(", ", values)}", [.. parameters]);
        }
    }

    // Every column EF writes for a new row of the type, with how to read its value: the database generates the others.
    private static IEnumerable<(IProperty Property, Func<object, object?> Read)> Properties(IEntityType type)
    {
        foreach (var property in type.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never))
            yield return (property, property.IsShadowProperty() ? _ => null : row => Value(property, row));
        foreach (var complex in type.GetComplexProperties())
            foreach (var property in complex.ComplexType.GetProperties())
                yield return (property, row => Value(complex, row) is { } owner ? Value(property, owner) : null);
    }

    private static object? Value(IPropertyBase property, object owner) =>
        property.PropertyInfo is { } info ? info.GetValue(owner) : property.FieldInfo!.GetValue(owner);

    /// <summary>
    /// Writes <paramref name="dossier"/> (not yet numbered, with the one event it recorded) and returns its code
    /// (<see cref="DossierCode.Format"/> of the agency's next serial on <paramref name="day"/>) and its register line, or
    /// null when it does not enter the register. The key belongs to the dossier's API client, or else to the officer who
    /// received it at the desk. A reused key raises the unique violation of <c>idempotency_keys_once</c>, and then
    /// nothing was written. A dossier entering the register also enters <paramref name="receptionBook"/> when given (the
    /// book of its field kept at receipt, <see cref="OfficialBooks.Entering"/>), numbered in the same statement. Issue 17:
    /// the <paramref name="staged"/> files are taken from <c>staged_files</c> (deleted) into <c>dossier_files</c> by the same
    /// statement, added by the event's officer or citizen (or the API client); if any is no longer usable the statement
    /// fails with <see cref="StagedFilesGone"/> and nothing is written.
    /// <paramref name="vneIdVerified"/>: the applicant is the citizen signed in by VNeID who submits (intake checked it,
    /// <see cref="MotCua.Domain.Identity.CitizenLookupRules.SameName"/>); the statement then writes their
    /// <c>dossier_applicant_verifications</c> row, method 2.
    /// When <paramref name="db"/> has a transaction open (a portal push, whose VNeID mark and online payment must commit
    /// with the dossier), the statement runs in it and commits or rolls back with it, the counters' rows staying locked
    /// until then; otherwise it runs on a connection of its own, one round trip in its implicit transaction.
    /// </summary>
    public async Task<(string Code, int? RegisterLine)> WriteAsync(MotCuaDb db, NpgsqlDataSource data, Dossier dossier, string agencyCode, DateOnly day,
        bool entersRegister, string? idempotencyKey, string? requestHash, FixedFee? fee, OfficialBook? receptionBook, IReadOnlyList<StagedUse> staged,
        bool vneIdVerified, CancellationToken ct)
    {
        var opened = dossier.Events.Single();
        var message = DossierOutbox.MessageFor(dossier, opened)!;
        var joined = db.Database.CurrentTransaction is not null;
        async Task<NpgsqlCommand> CommandAsync(string sql) => joined ? (NpgsqlCommand)await db.CommandAsync(sql, ct) : data.CreateCommand(sql);
        await using var command = await CommandAsync(Sql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<int> { TypedValue = dossier.ReceivingAgencyId });
        p.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        p.Add(new NpgsqlParameter<int> { TypedValue = day.Year });
        p.Add(new NpgsqlParameter<bool> { TypedValue = entersRegister });
        p.Add(new NpgsqlParameter<string> { TypedValue = DossierCode.Prefix(agencyCode, day) });
        p.Add(new NpgsqlParameter { Value = (object?)idempotencyKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)requestHash ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)dossier.ApiClientId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = opened.At.ToUniversalTime() });
        p.Add(new NpgsqlParameter { Value = (object?)(dossier.ApiClientId is null ? opened.ActorUserId : null) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        Add(command, dossierColumns, dossier);
        Add(command, eventColumns, opened);
        Add(command, messageColumns, message);
        AddFee(command, fee, opened.ActorUserId);
        p.Add(new NpgsqlParameter { Value = (object?)receptionBook?.Key ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<string> { TypedValue = opened.ActorName });
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. staged.Select(s => s.StagedId)] });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = [.. staged.Select(s => s.DocumentIndex)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. staged.Select(s => s.DocumentName)] });
        p.Add(new NpgsqlParameter { Value = (object?)(dossier.ApiClientId is null && opened.ActorCitizenId is null ? opened.ActorUserId : null) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter { Value = (object?)opened.ActorCitizenId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        p.Add(new NpgsqlParameter<bool> { TypedValue = vneIdVerified });
        // Tenth trial, finding 7: the fee's reason, apart from its published text (migration 0077).
        p.Add(new NpgsqlParameter { Value = (object?)fee?.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        string code;
        int? line;
        long? requestId;
        CollectionAccountRef? account;
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct))
        {
            await reader.ReadAsync(ct);
            code = reader.GetString(0);
            line = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            requestId = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            account = reader.IsDBNull(3) ? null : new CollectionAccountRef(0, reader.GetString(3), reader.GetString(4), "");
        }
        if (requestId is { } id && account is not null)
        {
            // A crash between the two statements leaves the request without its QR string, as for a unit without an
            // account: the request (amount, purpose) stands and the accountant can still confirm a payment for it.
            await using var qr = await CommandAsync("UPDATE payment_requests SET vietqr = $1 WHERE id = $2");
            qr.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PaymentRequests.QrOf(code, fee!.DueVnd, account)! });
            qr.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await qr.ExecuteNonQueryAsync(ct);
        }
        return (code, line);
    }

    private static void AddFee(NpgsqlCommand command, FixedFee? fee, int? officer)
    {
        var p = command.Parameters;
        object Or(object? value) => value ?? DBNull.Value;
        p.Add(new NpgsqlParameter { Value = fee is null ? DBNull.Value : Shared.FeeItemsJson.Of(fee), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter<long> { TypedValue = fee?.FeeVnd ?? 0 });
        p.Add(new NpgsqlParameter<long> { TypedValue = fee?.ChargeVnd ?? 0 });
        p.Add(new NpgsqlParameter<long> { TypedValue = fee?.DueVnd ?? 0 });
        p.Add(new NpgsqlParameter<string> { TypedValue = SourceCode(fee) });
        p.Add(new NpgsqlParameter { Value = Or(fee?.PublishedText), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = Or(fee?.Exemption?.Reason), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = Or(fee?.Exemption?.LegalBasis), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = Or(officer), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter<bool> { TypedValue = fee is not null && PaymentRequests.RaisedAtIntake(fee.DueVnd, SourceCode(fee)) });
    }

    private static string SourceCode(FixedFee? fee) => (fee?.Source ?? FeeSource.None).ToString().ToLowerInvariant();

    // Positional parameters (no name), converted as EF converts the property's value.
    private static void Add(NpgsqlCommand command, Column[] columns, object row)
    {
        foreach (var column in columns)
            command.Parameters.Add(column.Mapping.CreateParameter(command, "", column.Read(row), column.Nullable));
    }
}
