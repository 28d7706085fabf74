using System.Text.Json;
using MotCua.Domain.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Catalog;

/// <summary>
/// Keeps the folded search columns of procedures in step with <see cref="SearchText"/>: run at start-up, it folds again
/// every procedure whose <c>search_folding</c> is not <see cref="SearchText.Version"/>: all of them the first time
/// after migration 0009, and all of them again after the folding rule changes. Writers fold their own rows
/// (<c>Procedure.IndexForSearch</c>, the importer's COPY), so after start-up nothing is left unfolded.
/// </summary>
public static class ProcedureSearchIndex
{
    /// <summary>Folds the stale rows; returns how many. About 1 s for the full catalogue of 2,642 procedures.</summary>
    public static async Task<int> RefreshAsync(string connectionString, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var codes = new List<string>();
        var names = new List<string>();
        var fields = new List<string>();
        var descriptions = new List<string>();
        await using (var read = new NpgsqlCommand("""
            SELECT p.code, v.spec::text FROM procedures p
            JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE p.search_folding IS DISTINCT FROM @version
            """, connection))
        {
            read.Parameters.AddWithValue("version", (short)SearchText.Version);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var spec = JsonSerializer.Deserialize<ProcedureSpec>(reader.GetString(1), ProcedureSpecs.Json)!;
                var (name, field, description) = SearchText.ForProcedure(spec);
                codes.Add(reader.GetString(0));
                names.Add(name);
                fields.Add(field);
                descriptions.Add(description);
            }
        }
        if (codes.Count == 0) return 0;
        await using var write = new NpgsqlCommand("""
            UPDATE procedures p SET search_name = f.name, search_field = f.field, search_description = f.description, search_folding = @version
            FROM unnest(@codes, @names, @fields, @descriptions) AS f(code, name, field, description)
            WHERE p.code = f.code
            """, connection);
        write.Parameters.AddWithValue("version", (short)SearchText.Version);
        write.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = codes.ToArray() });
        write.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = names.ToArray() });
        write.Parameters.Add(new NpgsqlParameter("fields", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = fields.ToArray() });
        write.Parameters.Add(new NpgsqlParameter("descriptions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = descriptions.ToArray() });
        return await write.ExecuteNonQueryAsync(ct);
    }
}
