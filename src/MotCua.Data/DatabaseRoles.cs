using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace MotCua.Data;

/// <summary>
/// The app's own database role (issue 12, item 6): it owns nothing, may read and write the tables' rows, and may only
/// SELECT and INSERT on <c>audit_log</c> and <c>audit_checkpoints</c>, so a compromised app cannot change or delete audit rows, nor alter the table,
/// its trigger or the schema. The role that migrates (the configured or embedded connection's user) owns the objects.
/// </summary>
public static class DatabaseRoles
{
    /// <summary>The app role's name when no app connection string is configured.</summary>
    public const string AppRole = "motcua_app";

    private const long LockKey = 0x4D6F74526F6C65; // "MotRole": two instances granting at once would race on the catalog rows.

    /// <summary>
    /// Creates the app role if missing (LOGIN, with the password of <paramref name="appConnectionString"/> if it has one;
    /// this needs CREATEROLE on the owner's connection, or the role created beforehand), grants it the rows of every table
    /// and sequence in <c>public</c>, now and for tables made later by the owner, and takes back UPDATE, DELETE and
    /// TRUNCATE on <c>audit_log</c>. Returns the connection string the app uses: <paramref name="appConnectionString"/>,
    /// or the owner's with the user <see cref="AppRole"/> and the password <see cref="DerivedPassword"/> of the owner's
    /// (the embedded server's way), or no password when the owner has none (trust or peer authentication).
    /// Raises <see cref="InvalidOperationException"/> when both name the same user.
    /// </summary>
    public static async Task<string> PrepareAppRoleAsync(string ownerConnectionString, string? appConnectionString, CancellationToken ct = default)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        var app = new NpgsqlConnectionStringBuilder(string.IsNullOrWhiteSpace(appConnectionString) ? DerivedConnectionString(ownerConnectionString) : appConnectionString);
        if (string.Equals(owner.Username, app.Username, StringComparison.Ordinal))
            throw new InvalidOperationException($"Tài khoản cơ sở dữ liệu của ứng dụng ({app.Username}) phải khác tài khoản chủ sở hữu dùng để chạy migration.");
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ownerConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        var role = Quote(app.Username!);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", connection) { Parameters = { new() { Value = app.Username! } } })
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                var password = app.Password is { Length: > 0 } p ? $" PASSWORD {Literal(p)}" : "";
                await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT{password}", connection);
                try
                {
                    await create.ExecuteNonQueryAsync(ct);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
                {
                    // Another instance, on this database or another of the same server, created it first.
                }
            }
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({LockKey});
            GRANT CONNECT, TEMPORARY ON DATABASE {Quote(connection.Database)} TO {role};
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
            REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM {role};
            REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_checkpoints FROM {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role};
            """, connection, tx))
            await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return app.ConnectionString;
    }

    /// <summary>The app role's connection string when none is configured: the owner's, with the user <see cref="AppRole"/>
    /// and the password <see cref="DerivedPassword"/> of the owner's (none when the owner has none).</summary>
    public static string DerivedConnectionString(string ownerConnectionString)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        return new NpgsqlConnectionStringBuilder(ownerConnectionString)
        {
            Username = AppRole,
            Password = owner.Password is { Length: > 0 } ownerPassword ? DerivedPassword(ownerPassword) : null,
        }.ConnectionString;
    }

    /// <summary>The app role's password when none is configured: HMAC-SHA-256 of <see cref="AppRole"/> keyed by the
    /// owner's password, as base64url (43 characters). Whoever holds the owner's password can compute it; the app's
    /// password does not reveal the owner's.</summary>
    public static string DerivedPassword(string ownerPassword) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ownerPassword), Encoding.UTF8.GetBytes(AppRole)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''") + "'";
}
