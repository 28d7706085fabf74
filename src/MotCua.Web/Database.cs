using MotCua.Data;
using Npgsql;

namespace MotCua.Web;

/// <summary>
/// Chooses the database at start-up: a configured server (<c>MOTCUA_DB</c> or <c>ConnectionStrings:MotCua</c>),
/// or else the embedded default, a local PostgreSQL under <c>Motcua:DataFolder</c> that this process starts
/// and stops. Then applies the migrations as that connection's user, the owner, and hands the app a connection as its
/// own role (<see cref="DatabaseRoles"/>): <c>Motcua:AppConnectionString</c>, or the owner's with user <c>motcua_app</c>.
/// </summary>
public sealed class Database
{
    /// <summary>What the app connects with: its own role, which owns nothing and cannot change audit rows.</summary>
    public required string ConnectionString { get; init; }
    /// <summary>The configured or embedded connection, whose user owns the schema and runs the migrations.</summary>
    public required string OwnerConnectionString { get; init; }
    public LocalPostgres? Embedded { get; init; }

    public static async Task<Database> OpenAsync(IConfiguration config, ILogger log)
    {
        var configured = config["MOTCUA_DB"] ?? config.GetConnectionString("MotCua");
        string owner;
        LocalPostgres? embedded = null;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            owner = configured;
        }
        else
        {
            var local = EmbeddedCluster(config)!;
            var started = local.EnsureStarted();
            log.LogInformation("PostgreSQL cục bộ tại {Folder}, cổng {Port} ({State})", local.Folder, local.Port, started ? "đã khởi động" : "đang chạy sẵn");
            owner = local.ConnectionString("motcua");
            embedded = started ? local : null;
        }
        await CreateIfMissingAsync(owner);
        var applied = await SchemaMigrator.MigrateAsync(owner);
        foreach (var id in applied) log.LogInformation("Đã áp dụng migration {Id}", id);
        var app = await DatabaseRoles.PrepareAppRoleAsync(owner, config["Motcua:AppConnectionString"]);
        return new Database { ConnectionString = app, OwnerConnectionString = owner, Embedded = embedded };
    }

    /// <summary>The embedded cluster under <c>Motcua:DataFolder</c>, archiving its WAL for point-in-time recovery
    /// (docs/SECURITY.md §8); null when a server is configured.</summary>
    public static LocalPostgres? EmbeddedCluster(IConfiguration config) =>
        string.IsNullOrWhiteSpace(config["MOTCUA_DB"] ?? config.GetConnectionString("MotCua"))
            ? new LocalPostgres(config["Motcua:DataFolder"] ?? ".motcua", config.GetValue("Motcua:LocalPort", 55432), archiveWal: true)
            : null;

    public static async Task CreateIfMissingAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync() is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"")}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it first.
        }
    }
}
