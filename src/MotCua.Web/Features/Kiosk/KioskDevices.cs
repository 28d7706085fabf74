using System.Security.Cryptography;
using MotCua.Web.Features.Queue;
using Npgsql;

namespace MotCua.Web.Features.Kiosk;

/// <summary>A kiosk as the administrator's page lists it.</summary>
public sealed record KioskDeviceView(int Id, string AgencyCode, string AgencyName, string Name, DateTimeOffset CreatedAt, DateTimeOffset? EnrolledAt, DateTimeOffset? RevokedAt);

/// <summary>
/// The kiosks of the centres (issue 17 piece E, docs/design/ISSUE17.md §8, migration 0070 <c>kiosk_devices</c>): the
/// administrator creates one and gets a one-time enrolment link (its secret kept only as a SHA-256, cleared once used);
/// opening the link on the device and confirming enrols it (Infrastructure/KioskMode.cs sets the device cookie); revoking
/// ends its ticket printing at once (<see cref="QueueStore.DeviceActiveAsync"/> checks on every ticket).
/// </summary>
public sealed class KioskDevices(NpgsqlDataSource data, TimeProvider clock)
{
    /// <summary>Every kiosk, newest first.</summary>
    public async Task<IReadOnlyList<KioskDeviceView>> ListAsync(CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT k.id, a.code, a.name, k.name, k.created_at, k.enrolled_at, k.revoked_at
            FROM kiosk_devices k JOIN agencies a ON a.id = k.agency_id ORDER BY k.id DESC
            """);
        var list = new List<KioskDeviceView>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        return list;
    }

    /// <summary>Creates a kiosk of the centre <paramref name="agencyCode"/> named <paramref name="name"/>: its enrolment
    /// path (<c>/kiosk/ghi-danh/{secret}</c>), shown once; null for an unknown centre.</summary>
    public async Task<string?> CreateAsync(string agencyCode, string name, CancellationToken ct)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        await using var command = data.CreateCommand("""
            INSERT INTO kiosk_devices (agency_id, name, secret_hash, created_at) SELECT id, $2, $3, $4 FROM agencies WHERE code = $1 RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = QueueStore.HashOf(secret) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        return await command.ExecuteScalarAsync(ct) is int ? EnrolPath(secret) : null;
    }

    /// <summary>The enrolment page's address for a secret.</summary>
    public static string EnrolPath(string secret) => "/kiosk/ghi-danh/" + secret;

    /// <summary>The kiosk an unused, unrevoked enrolment secret opens (its id, agency id and centre's name), or null.</summary>
    public async Task<(int Id, int AgencyId, string AgencyName, string Name)?> PendingAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 64) return null;
        await using var command = data.CreateCommand("""
            SELECT k.id, k.agency_id, a.name, k.name FROM kiosk_devices k JOIN agencies a ON a.id = k.agency_id
            WHERE k.secret_hash = $1 AND k.enrolled_at IS NULL AND k.revoked_at IS NULL
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = QueueStore.HashOf(secret.Trim()) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    /// <summary>Marks the kiosk of <paramref name="secret"/> enrolled and forgets the secret, in one statement (a link
    /// opened twice enrols once): the kiosk's id and agency id, or null.</summary>
    public async Task<(int Id, int AgencyId)?> EnrolAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 64) return null;
        await using var command = data.CreateCommand("""
            UPDATE kiosk_devices SET enrolled_at = $2, last_seen_at = $2, secret_hash = NULL
            WHERE secret_hash = $1 AND enrolled_at IS NULL AND revoked_at IS NULL RETURNING id, agency_id
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = QueueStore.HashOf(secret.Trim()) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
    }

    /// <summary>Revokes kiosk <paramref name="id"/>; false when there is none or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(int id, CancellationToken ct)
    {
        await using var command = data.CreateCommand("UPDATE kiosk_devices SET revoked_at = $2, secret_hash = NULL WHERE id = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
