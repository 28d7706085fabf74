using System.Reflection;
using Npgsql;

namespace MotCua.Data;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> files in order, each in its own transaction, under a
/// PostgreSQL advisory lock so that two instances starting together never both migrate.
/// </summary>
public static class SchemaMigrator
{
    private const long LockKey = 0x4D6F74437561; // "MotCua"

    public static IReadOnlyList<string> All { get; } = typeof(SchemaMigrator).Assembly.GetManifestResourceNames()
        .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, "SELECT pg_advisory_lock(@key)", ct, ("key", LockKey));
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = new HashSet<string>();
            await using (var read = new NpgsqlCommand("SELECT id FROM schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));

            var newlyApplied = new List<string>();
            foreach (var resource in All)
            {
                var id = IdOf(resource);
                if (applied.Contains(id)) continue;
                await using var tx = await connection.BeginTransactionAsync(ct);
                // No command timeout: a migration that fills a table from the rows already stored (0049's 766 counts:
                // 2 minutes at 1,000,000 dossiers on a loaded machine) runs as long as it takes; the app serves nothing
                // before it is done, and the default 30 s cut it off and rolled it back.
                await using (var command = new NpgsqlCommand(await ReadAsync(resource), connection, tx) { CommandTimeout = 0 })
                    await command.ExecuteNonQueryAsync(ct);
                await Execute(connection, "INSERT INTO schema_migrations (id) VALUES (@id)", ct, ("id", id));
                await tx.CommitAsync(ct);
                newlyApplied.Add(id);
            }
            return newlyApplied;
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
        }
    }

    /// <summary>True when every embedded migration is recorded as applied (for the readiness probe).</summary>
    public static async Task<bool> IsUpToDateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM schema_migrations WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", All.Select(IdOf).ToArray());
        return (long)(await command.ExecuteScalarAsync(ct))! == All.Count;
    }

    private static string IdOf(string resource)
    {
        var name = resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
        return name[..^".sql".Length];
    }

    private static async Task<string> ReadAsync(string resource)
    {
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
