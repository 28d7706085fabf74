using System.Net;
using System.Security.Cryptography;
using System.Text;
using MotCua.Domain.Administration;
using Npgsql;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// Wrong passwords lock sign-in per account and per client address (<see cref="SignInBackoff"/>), counted in the
/// <c>sign_in_throttles</c> table (migration 0018) so that a restart or another instance sees the same locks. The
/// account is keyed by the SHA-256 of the user name as typed (trimmed, lower case), known or not: a password typed into
/// the name field is not stored in clear, and an unknown name is throttled exactly like a known one.
/// </summary>
public sealed class SignInThrottle(NpgsqlDataSource data, TimeProvider clock)
{
    private const string AccountKind = "account";
    private const string ClientKind = "client";

    /// <summary>What a locked officer is told: until when, in Vietnam time, without saying whether the account exists.</summary>
    public static string LockMessage(DateTimeOffset until)
    {
        var local = until.ToOffset(MotCua.Domain.Calendar.VietnamTime.Offset);
        return $"Đăng nhập tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {local:HH:mm} ngày {local:dd/MM/yyyy}.";
    }

    /// <summary>The end of the lock on this user name or this client address, whichever is later; null when neither is locked.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string userName, IPAddress? client, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT max(locked_until) FROM sign_in_throttles
            WHERE ((kind = 'account' AND key = $1) OR (kind = 'client' AND key = $2)) AND locked_until > $3
            """);
        command.Parameters.AddWithValue(AccountKey(userName));
        command.Parameters.AddWithValue(ClientKey(client));
        command.Parameters.AddWithValue(clock.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is DateTime until ? new DateTimeOffset(until, TimeSpan.Zero) : null;
    }

    /// <summary>Counts a wrong password (or an unknown user name) against both the name and the address, locking either
    /// when its count reaches the threshold.</summary>
    public async Task FailedAsync(string userName, IPAddress? client, CancellationToken ct)
    {
        await CountAsync(AccountKind, AccountKey(userName), SignInBackoff.Account, ct);
        await CountAsync(ClientKind, ClientKey(client), SignInBackoff.Client, ct);
    }

    /// <summary>A right password clears the count of the name (not of the address, or one valid account would let its
    /// holder reset the address between guesses at others), and rows idle for a day are dropped.</summary>
    public async Task SucceededAsync(string userName, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            DELETE FROM sign_in_throttles
            WHERE (kind = 'account' AND key = $1) OR (last_failure_at < $2 AND (locked_until IS NULL OR locked_until < $3))
            """);
        var now = clock.GetUtcNow();
        command.Parameters.AddWithValue(AccountKey(userName));
        command.Parameters.AddWithValue(now - SignInBackoff.Account.ForgetAfter);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>An administrator who resets the password of an account also lifts its lock.</summary>
    public async Task ClearAsync(string userName, CancellationToken ct)
    {
        await using var command = data.CreateCommand("DELETE FROM sign_in_throttles WHERE kind = 'account' AND key = $1");
        command.Parameters.AddWithValue(AccountKey(userName));
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task CountAsync(string kind, string key, SignInBackoff backoff, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // One statement: concurrent failures from many instances each add one.
        await using var count = data.CreateCommand("""
            INSERT INTO sign_in_throttles AS t (kind, key, failures, last_failure_at) VALUES ($1, $2, 1, $3)
            ON CONFLICT (kind, key) DO UPDATE
            SET failures = CASE WHEN t.last_failure_at < $4 THEN 1 ELSE t.failures + 1 END, last_failure_at = $3
            RETURNING failures
            """);
        count.Parameters.AddWithValue(kind);
        count.Parameters.AddWithValue(key);
        count.Parameters.AddWithValue(now);
        count.Parameters.AddWithValue(now - backoff.ForgetAfter);
        var failures = (int)(await count.ExecuteScalarAsync(ct))!;
        if (backoff.LockAfter(failures) is not { } lockFor) return;
        await using var lockIt = data.CreateCommand("UPDATE sign_in_throttles SET locked_until = $3 WHERE kind = $1 AND key = $2");
        lockIt.Parameters.AddWithValue(kind);
        lockIt.Parameters.AddWithValue(key);
        lockIt.Parameters.AddWithValue(now + lockFor);
        await lockIt.ExecuteNonQueryAsync(ct);
    }

    private static string AccountKey(string userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userName.Trim().ToLowerInvariant())));

    private static string ClientKey(IPAddress? client) => (client?.IsIPv4MappedToIPv6 == true ? client.MapToIPv4() : client)?.ToString() ?? "?";
}
