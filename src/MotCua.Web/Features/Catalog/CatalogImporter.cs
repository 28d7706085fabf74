using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Data;
using MotCua.Domain.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Catalog;

/// <summary>How far an import is: the phase ("parse", "write", "done") and the rows done of the phase's total.</summary>
public sealed record CatalogImportProgress(string Phase, int Done, int Total);

/// <summary>A partly parsed row, as listed in the import report.</summary>
public sealed record PartialRow(int Line, string Code, string Name, IReadOnlyList<string> Fields, IReadOnlyList<ParseIssue> Issues);

/// <summary>A line that could not become a procedure at all (not JSON, or no usable code).</summary>
public sealed record RejectedRow(int Line, string Reason);

/// <summary>
/// A procedure whose parsed spec differs from the last import: the new version and the components that changed.
/// <see cref="CorrectionToReview"/>: the document list was corrected locally and the catalogue's list has changed under
/// the correction, which was kept; an administrator should compare the two.
/// </summary>
public sealed record ChangedProcedure(string Code, string Name, int FromVersion, int ToVersion, IReadOnlyList<string> Components)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool CorrectionToReview { get; init; }
}

/// <summary>What <c>catalog_imports.issues</c> holds; <see cref="TimeLimits"/> and <see cref="Fees"/> (issue 14: every
/// channel fee the import could not place) are null in reports written before they existed.</summary>
public sealed record CatalogImportIssues(IReadOnlyList<PartialRow> Partial, IReadOnlyList<RejectedRow> Rejected, TimeLimitSummary? TimeLimits = null,
    MotCua.Domain.Fees.FeeSummary? Fees = null);

/// <summary>
/// Imports the national catalogue crawl (JSONL, one procedure per line) into procedures and procedure_versions.
/// Idempotent: a row whose parsed spec hashes as at the last import adds nothing; a changed one adds a version and
/// moves procedures.current_version (dossiers keep the version they were received under). Rows that parse only
/// partly are stored with their raw text and listed in the report (catalog_imports).
/// </summary>
/// <remarks>
/// Fast by construction: parsing runs in parallel, the existing hashes come in one query, and rows are written by
/// binary COPY into a temporary table and two set-based statements, one transaction per batch of 500. Imports are
/// serialised by an advisory lock, so two administrators importing at once cannot race on version numbers.
/// </remarks>
public sealed class CatalogImporter(string connectionString, TimeProvider clock)
{
    public const int BatchSize = 500;
    private const long LockKey = 0x4D6F74436174; // "MotCat"

    private sealed record Row(int Line, ParsedProcedure Parsed, string Hash);

    private sealed record Existing(int Version, string? Hash);

    private sealed record Write(ProcedureSpec Spec, int Version, string Hash, bool Partial, bool NewVersion);

    public async Task<CatalogImport> ImportAsync(Stream jsonl, string source, int? userId, IProgress<CatalogImportProgress>? progress, CancellationToken ct)
    {
        var lines = new List<string>();
        using (var reader = new StreamReader(jsonl, Encoding.UTF8))
            while (await reader.ReadLineAsync(ct) is { } line) lines.Add(line);

        var report = new CatalogImport { Source = source, UserId = userId, StartedAt = clock.GetUtcNow() };
        var (rows, rejected) = Parse(lines, progress, ct);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@p0)", ct, LockKey);
        try
        {
            report.Id = (long)(await ScalarAsync(connection, null,
                "INSERT INTO catalog_imports (started_at, source, user_id) VALUES (@p0, @p1, @p2) RETURNING id", ct,
                report.StartedAt, source, (object?)userId ?? DBNull.Value))!;
            var existing = await LoadExistingAsync(connection, ct);
            var (writes, changes) = await PlanAsync(connection, rows, existing, ct);
            await WriteAsync(connection, writes, $"import:{report.Id}", userId, progress, ct);

            report.Total = lines.Count(l => !string.IsNullOrWhiteSpace(l));
            report.FullRows = rows.Count(r => r.Parsed.Quality == ParseQuality.Full);
            report.PartialRows = rows.Count - report.FullRows;
            report.RawTextFields = rows.Sum(r => r.Parsed.Spec.RawTextFields.Count);
            report.RejectedRows = rejected.Count;
            report.Added = writes.Count(w => w.NewVersion && w.Version == 1);
            report.Changed = changes.Count;
            report.Unchanged = rows.Count - report.Added - report.Changed;
            report.FinishedAt = clock.GetUtcNow();
            var partial = rows.Where(r => r.Parsed.Quality == ParseQuality.Partial).Select(r => new PartialRow(r.Line, r.Parsed.Spec.Code, r.Parsed.Spec.Name,
                r.Parsed.Spec.RawTextFields, r.Parsed.Issues.Where(i => i.Kind == ParseIssueKind.RawTextKept).ToList())).ToList();
            var timeLimits = TimeLimitSummary.Of(rows.Select(r => r.Parsed.Spec));
            var fees = MotCua.Domain.Fees.FeeSummary.Of(rows.Select(r => r.Parsed.Spec));
            report.Issues = JsonSerializer.SerializeToDocument(new CatalogImportIssues(partial, rejected, timeLimits, fees), ProcedureSpecs.Json);
            report.Changes = JsonSerializer.SerializeToDocument(changes, ProcedureSpecs.Json);
            await ExecuteAsync(connection, null, """
                UPDATE catalog_imports SET finished_at = @p1, total = @p2, full_rows = @p3, partial_rows = @p4, raw_text_fields = @p5,
                    rejected_rows = @p6, added = @p7, changed = @p8, unchanged = @p9, issues = @p10, changes = @p11
                WHERE id = @p0
                """, ct, report.Id, report.FinishedAt, report.Total, report.FullRows, report.PartialRows, report.RawTextFields,
                report.RejectedRows, report.Added, report.Changed, report.Unchanged, report.Issues, report.Changes);
            progress?.Report(new CatalogImportProgress("done", rows.Count, rows.Count));
            return report;
        }
        catch (Exception e) when (report.Id > 0 && e is not OperationCanceledException)
        {
            await ExecuteAsync(connection, null, "UPDATE catalog_imports SET finished_at = @p1, error = @p2 WHERE id = @p0", CancellationToken.None,
                report.Id, clock.GetUtcNow(), e.Message);
            throw;
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@p0)", CancellationToken.None, LockKey);
        }
    }

    /// <summary>The hash that decides "unchanged": the spec as published, without the local e-form and document-list correction.</summary>
    public static string HashOf(ProcedureSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(spec.AsPublished(), ProcedureSpecs.Json)));

    private static (List<Row> Rows, List<RejectedRow> Rejected) Parse(List<string> lines, IProgress<CatalogImportProgress>? progress, CancellationToken ct)
    {
        var parsed = new Row?[lines.Count];
        var reasons = new string?[lines.Count];
        var done = 0;
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            if (string.IsNullOrWhiteSpace(lines[i])) return;
            try
            {
                var result = NationalCatalogParser.ParseLine(lines[i]);
                if (result.Spec.Code.Length == 0 || !result.Spec.Code.Contains('.') || !result.Spec.Code.All(c => char.IsAsciiDigit(c) || c == '.'))
                    reasons[i] = $"Mã thủ tục \"{result.Spec.Code}\" không hợp lệ; không thể lưu.";
                else
                    parsed[i] = new Row(i + 1, result, HashOf(result.Spec));
            }
            catch (JsonException e)
            {
                reasons[i] = $"Dòng không phải JSON hợp lệ: {e.Message}";
            }
            if (Interlocked.Increment(ref done) % 100 == 0) progress?.Report(new CatalogImportProgress("parse", done, lines.Count));
        });
        progress?.Report(new CatalogImportProgress("parse", lines.Count, lines.Count));

        // A code listed twice: the later line wins, and the earlier one is reported rather than silently replaced.
        var rows = new Dictionary<string, Row>();
        var rejected = new List<RejectedRow>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (reasons[i] is { } reason) rejected.Add(new RejectedRow(i + 1, reason));
            if (parsed[i] is not { } row) continue;
            if (rows.TryGetValue(row.Parsed.Spec.Code, out var earlier))
                rejected.Add(new RejectedRow(earlier.Line, $"Mã {row.Parsed.Spec.Code} lặp lại ở dòng {row.Line}; dòng sau được dùng."));
            rows[row.Parsed.Spec.Code] = row;
        }
        return (rows.Values.OrderBy(r => r.Line).ToList(), rejected);
    }

    private static async Task<Dictionary<string, Existing>> LoadExistingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var existing = new Dictionary<string, Existing>();
        await using var command = new NpgsqlCommand("""
            SELECT code, current_version, import_sha256 FROM procedures
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            existing[reader.GetString(0)] = new Existing(reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        return existing;
    }

    /// <summary>Decides per row: new procedure, new version, hash only (a seeded row found equal), or nothing.</summary>
    private static async Task<(List<Write> Writes, List<ChangedProcedure> Changes)> PlanAsync(
        NpgsqlConnection connection, List<Row> rows, Dictionary<string, Existing> existing, CancellationToken ct)
    {
        var writes = new List<Write>();
        var differing = rows.Where(r => existing.TryGetValue(r.Parsed.Spec.Code, out var e) && e.Hash != r.Hash).ToList();
        var previous = await LoadSpecsAsync(connection, differing.Select(r => r.Parsed.Spec.Code).ToArray(), ct);
        var changes = new List<ChangedProcedure>();
        foreach (var row in rows)
        {
            var spec = row.Parsed.Spec;
            var partial = row.Parsed.Quality == ParseQuality.Partial;
            if (!existing.TryGetValue(spec.Code, out var current))
            {
                writes.Add(new Write(spec, 1, row.Hash, partial, NewVersion: true));
                continue;
            }
            if (current.Hash == row.Hash) continue;
            var old = previous[spec.Code];
            if (current.Hash is null && HashOf(old) == row.Hash)
            {
                // Seeded from the sample before any import, and the same as the catalogue: remember the hash only.
                writes.Add(new Write(spec, current.Version, row.Hash, partial, NewVersion: false));
                continue;
            }
            // The catalogue publishes no e-form, and a corrected document list stays corrected: both are carried over.
            var carried = spec.WithLocalChangesOf(old);
            writes.Add(new Write(carried, current.Version + 1, row.Hash, partial, NewVersion: true));
            changes.Add(new ChangedProcedure(spec.Code, spec.Name, current.Version, current.Version + 1, ComponentsChanged(old, spec))
            {
                CorrectionToReview = carried.DocumentsCorrection?.ToReview == true && old.DocumentsCorrection?.ToReview != true,
            });
        }
        return (writes, changes);
    }

    private static async Task<Dictionary<string, ProcedureSpec>> LoadSpecsAsync(NpgsqlConnection connection, string[] codes, CancellationToken ct)
    {
        var specs = new Dictionary<string, ProcedureSpec>();
        await using var command = new NpgsqlCommand("""
            SELECT p.code, v.spec::text FROM procedures p JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE p.code = ANY(@p0)
            """, connection);
        command.Parameters.AddWithValue("p0", codes);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            specs[reader.GetString(0)] = JsonSerializer.Deserialize<ProcedureSpec>(reader.GetString(1), ProcedureSpecs.Json)!;
        return specs;
    }

    /// <summary>The spec's top-level components (camelCase JSON names) whose published values differ, local additions excluded.</summary>
    public static IReadOnlyList<string> ComponentsChanged(ProcedureSpec before, ProcedureSpec after)
    {
        var a = JsonSerializer.SerializeToNode(before.AsPublished(), ProcedureSpecs.Json)!.AsObject();
        var b = JsonSerializer.SerializeToNode(after.AsPublished(), ProcedureSpecs.Json)!.AsObject();
        return a.Select(p => p.Key).Union(b.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(a[key], b[key]))
            .ToList();
    }

    private async Task WriteAsync(NpgsqlConnection connection, List<Write> writes, string source, int? userId, IProgress<CatalogImportProgress>? progress, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        for (var start = 0; start < writes.Count; start += BatchSize)
        {
            var batch = writes.Skip(start).Take(BatchSize).ToList();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, tx, """
                CREATE TEMP TABLE catalog_batch (code text, name text, field text, levels int, version int, search_text text,
                    search_name text, search_field text, search_description text,
                    sha text, partial boolean, spec jsonb, new_version boolean) ON COMMIT DROP
                """, ct);
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY catalog_batch (code, name, field, levels, version, search_text, search_name, search_field, search_description, sha, partial, spec, new_version) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var w in batch)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(w.Spec.Code, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(w.Spec.Name, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(w.Spec.Field, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync((int)w.Spec.Levels, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(w.Version, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(SearchTextOf(w.Spec), NpgsqlDbType.Text, ct);
                    var (searchName, searchField, searchDescription) = SearchText.ForProcedure(w.Spec);
                    await copy.WriteAsync(searchName, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(searchField, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(searchDescription, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(w.Hash, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(w.Partial, NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(JsonSerializer.Serialize(w.Spec, ProcedureSpecs.Json), NpgsqlDbType.Jsonb, ct);
                    await copy.WriteAsync(w.NewVersion, NpgsqlDbType.Boolean, ct);
                }
                await copy.CompleteAsync(ct);
            }
            await ExecuteAsync(connection, tx, """
                INSERT INTO procedures (code, name, field, levels, current_version, search_text, search_name, search_field,
                    search_description, search_folding, import_sha256, partial)
                SELECT code, name, field, levels, version, search_text, search_name, search_field, search_description, @p0, sha, partial
                FROM catalog_batch
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, field = excluded.field, levels = excluded.levels,
                    current_version = excluded.current_version, search_text = excluded.search_text,
                    search_name = excluded.search_name, search_field = excluded.search_field,
                    search_description = excluded.search_description, search_folding = excluded.search_folding,
                    import_sha256 = excluded.import_sha256, partial = excluded.partial
                """, ct, (short)SearchText.Version);
            await ExecuteAsync(connection, tx, """
                INSERT INTO procedure_versions (procedure_code, version, spec, created_at, source, user_id)
                SELECT code, version, spec, @p0, @p1, @p2 FROM catalog_batch WHERE new_version
                """, ct, now, source, (object?)userId ?? DBNull.Value);
            await tx.CommitAsync(ct);
            progress?.Report(new CatalogImportProgress("write", start + batch.Count, writes.Count));
        }
    }

    /// <summary>What the trigram index searches: code, name and field.</summary>
    public static string SearchTextOf(ProcedureSpec spec) => $"{spec.Code} {spec.Name} {spec.Field}";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        for (var i = 0; i < parameters.Length; i++) command.Parameters.AddWithValue($"p{i}", parameters[i] ?? DBNull.Value);
        return command;
    }
}
