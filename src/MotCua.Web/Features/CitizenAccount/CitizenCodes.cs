using System.Net;
using System.Text.Json;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>What asking for a code came to: sent (the code's row id), or refused with a Vietnamese message.</summary>
public abstract record CodeRequest
{
    /// <summary>The code is written and its message queued in the outbox (<c>citizen_codes.id</c>).</summary>
    public sealed record Sent(long CodeId) : CodeRequest;

    /// <summary>Too many codes, or wrong codes locked the destination or the address; nothing was written.</summary>
    public sealed record Refused(string Message) : CodeRequest;
}

/// <summary>What typing a code came to.</summary>
public abstract record CodeCheck
{
    /// <summary>Right: the account (<c>citizens.id</c>) to sign in, made at the first correct code.</summary>
    public sealed record Right(long CitizenId) : CodeCheck;

    /// <summary>Wrong, and the code still lives; the message says how many tries are left.</summary>
    public sealed record Wrong(string Message) : CodeCheck;

    /// <summary>The code is over (used, expired, too many wrong tries, or locked): a new one is needed.</summary>
    public sealed record Over(string Message) : CodeCheck;
}

/// <summary>
/// One-time codes for the citizens' sign-in (Domain <see cref="OneTimeCode"/>, docs/SECURITY.md "Citizen sign-in"). A code is
/// a <c>citizen_codes</c> row and its message an outbox row (target <c>sms</c> or <c>email</c>, ordering key
/// <c>otp:{id}</c>) written by one statement, so a code is never sent without its row nor kept without its message; the
/// message goes straight to the channel, not through the notification planner, so quiet hours and templates never delay
/// it. Asking is answered alike whether or not the CCCD or the destination is known (nothing is looked up). Wrong codes
/// count in <see cref="SignInThrottle"/> under the name <c>citizen:{destination hash}</c> and the client address, locking
/// both as wrong passwords do (<c>SignInBackoff</c>).
/// </summary>
public sealed class CitizenCodes(NpgsqlDataSource data, DeploymentKey deploymentKey, SignInThrottle throttle, TimeProvider clock)
{
    /// <summary>Writes a new code for <paramref name="idNumber"/> (a checked 12-digit CCCD) to <paramref name="destination"/>
    /// and queues its message, unless the destination had <see cref="OneTimeCode.PerDestination"/> codes in the last 15
    /// minutes, the address <see cref="OneTimeCode.PerClient"/> in the last hour, or wrong codes locked either.</summary>
    public async Task<CodeRequest> RequestAsync(string idNumber, CodeDestination destination, IPAddress? client, CancellationToken ct)
    {
        var destinationHash = OneTimeCode.DestinationHash(destination);
        if (await throttle.LockedUntilAsync(ThrottleName(destinationHash), client, ct) is { } until)
            return new CodeRequest.Refused(LockMessage(until));
        var now = clock.GetUtcNow();
        var address = Address(client);
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Two requests for one destination or from one address count one after the other, so neither slips past a limit.
        // The destination's lock is always taken first: no two transactions wait on each other.
        await using (var locks = new NpgsqlCommand("SELECT pg_advisory_xact_lock(66, hashtext($1)), pg_advisory_xact_lock(67, hashtext($2))", connection, transaction))
        {
            locks.Parameters.AddWithValue(destinationHash);
            locks.Parameters.AddWithValue(address?.ToString() ?? "?");
            await locks.ExecuteNonQueryAsync(ct);
        }
        await using (var counts = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM citizen_codes WHERE destination_hash = $1 AND created_at > $2),
                   (SELECT count(*) FROM citizen_codes WHERE client_address = $3 AND created_at > $4)
            """, connection, transaction))
        {
            counts.Parameters.AddWithValue(destinationHash);
            counts.Parameters.AddWithValue(now - OneTimeCode.DestinationWindow);
            counts.Parameters.Add(new NpgsqlParameter { Value = (object?)address ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Inet });
            counts.Parameters.AddWithValue(now - OneTimeCode.ClientWindow);
            await using var reader = await counts.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetInt64(0) >= OneTimeCode.PerDestination)
                return new CodeRequest.Refused($"Đã gửi {OneTimeCode.PerDestination} mã tới {Where(destination)} trong {OneTimeCode.DestinationWindow.TotalMinutes:0} phút. Vui lòng dùng mã đã nhận hoặc thử lại sau ít phút.");
            if (address is not null && reader.GetInt64(1) >= OneTimeCode.PerClient)
                return new CodeRequest.Refused("Có quá nhiều yêu cầu nhận mã từ mạng của bạn trong một giờ. Vui lòng thử lại sau.");
        }
        var code = OneTimeCode.New();
        var (target, payload) = destination.Channel == CodeChannel.Sms
            ? (ChannelMessages.SmsTarget, JsonSerializer.Serialize(new SmsPayload(destination.Address, OneTimeCode.SmsText(code), null), MotCuaDb.Json))
            : (ChannelMessages.EmailTarget, JsonSerializer.Serialize(new EmailPayload(destination.Address, null, OneTimeCode.EmailSubject, OneTimeCode.EmailText(code), null, null), MotCuaDb.Json));
        long id;
        await using (var write = new NpgsqlCommand("""
            WITH code AS (
                INSERT INTO citizen_codes (id_number, channel, destination_hash, code_hash, created_at, expires_at, client_address)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)
            INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
            SELECT $8, $9::jsonb, $5, $10, $8, 'otp:' || code.id, $5 FROM code
            RETURNING (SELECT id FROM code)
            """, connection, transaction))
        {
            write.Parameters.AddWithValue(idNumber);
            write.Parameters.AddWithValue((short)destination.Channel);
            write.Parameters.AddWithValue(destinationHash);
            write.Parameters.AddWithValue(OneTimeCode.Hash(deploymentKey.DeriveKey(OneTimeCode.KeyPurpose), code, destination));
            write.Parameters.AddWithValue(now);
            write.Parameters.AddWithValue(now + OneTimeCode.Lifetime);
            write.Parameters.Add(new NpgsqlParameter { Value = (object?)address ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Inet });
            write.Parameters.AddWithValue(target);
            write.Parameters.AddWithValue(payload);
            write.Parameters.AddWithValue(Guid.CreateVersion7());
            id = (long)(await write.ExecuteScalarAsync(ct))!;
        }
        await transaction.CommitAsync(ct);
        return new CodeRequest.Sent(id);
    }

    /// <summary>Checks <paramref name="typed"/> against the code <paramref name="codeId"/> sent for <paramref name="idNumber"/>
    /// to <paramref name="destination"/>. A wrong code counts against the code (5 end it) and in the throttle; a right one
    /// ends the code and gives an account: the CCCD's VNeID-proven account when the code went to its own phone or e-mail
    /// (<see cref="OneTimeCode.MayUseAccount"/>), else the code account of (CCCD, phone) or (CCCD, e-mail), made now
    /// (assurance 2) when there is none. A right code is never refused (migration 0105).</summary>
    public async Task<CodeCheck> CheckAsync(long codeId, string idNumber, CodeDestination destination, string? typed, IPAddress? client, CancellationToken ct)
    {
        var destinationHash = OneTimeCode.DestinationHash(destination);
        if (await throttle.LockedUntilAsync(ThrottleName(destinationHash), client, ct) is { } until)
            return new CodeCheck.Over(LockMessage(until));
        var now = clock.GetUtcNow();
        await using var connection = await data.OpenConnectionAsync(ct);
        string storedHash;
        await using (var read = new NpgsqlCommand("""
            SELECT code_hash FROM citizen_codes
            WHERE id = $1 AND id_number = $2 AND destination_hash = $3 AND used_at IS NULL AND attempts < 5 AND expires_at > $4
            """, connection))
        {
            read.Parameters.AddWithValue(codeId);
            read.Parameters.AddWithValue(idNumber);
            read.Parameters.AddWithValue(destinationHash);
            read.Parameters.AddWithValue(now);
            if (await read.ExecuteScalarAsync(ct) is not string hash) return new CodeCheck.Over(Expired);
            storedHash = hash;
        }
        if (!OneTimeCode.Matches(deploymentKey.DeriveKey(OneTimeCode.KeyPurpose), typed, destination, storedHash))
        {
            await throttle.FailedAsync(ThrottleName(destinationHash), client, ct);
            await using var count = new NpgsqlCommand("UPDATE citizen_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < 5 RETURNING attempts", connection);
            count.Parameters.AddWithValue(codeId);
            var attempts = await count.ExecuteScalarAsync(ct) is short a ? a : OneTimeCode.MaxWrongTries;
            return attempts >= OneTimeCode.MaxWrongTries
                ? new CodeCheck.Over($"Mã xác thực đã hết hiệu lực vì nhập sai {OneTimeCode.MaxWrongTries} lần. Vui lòng nhận mã mới.")
                : new CodeCheck.Wrong($"Mã xác thực không đúng. Bạn còn {OneTimeCode.MaxWrongTries - attempts} lần thử.");
        }
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Used once: of two tabs posting the right code, one signs in.
        await using (var use = new NpgsqlCommand("UPDATE citizen_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND attempts < 5 AND expires_at > $2 RETURNING id", connection, transaction))
        {
            use.Parameters.AddWithValue(codeId);
            use.Parameters.AddWithValue(now);
            if (await use.ExecuteScalarAsync(ct) is null) return new CodeCheck.Over(Expired);
        }
        // A code proves the phone or e-mail it went to, never the CCCD typed beside it (rat28 MEDIUM 4): the account VNeID
        // proved for the CCCD opens only when the code went to its own phone or e-mail (OneTimeCode.MayUseAccount);
        // otherwise the code account of (CCCD, that phone) or (CCCD, that e-mail) is used, made at its first code. Nobody
        // is refused for a CCCD another phone claimed first, so no code is ever sent for a refusal.
        long? citizenId = null;
        await using (var proven = new NpgsqlCommand("SELECT id, phone, email FROM citizens WHERE id_number = $1 AND assurance = 1", connection, transaction))
        {
            proven.Parameters.AddWithValue(idNumber);
            await using var reader = await proven.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)
                && OneTimeCode.MayUseAccount(reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), destination))
                citizenId = reader.GetInt64(0);
        }
        if (citizenId is null)
        {
            // DO UPDATE (of nothing that changes) so that RETURNING answers the existing account's id too.
            var sql = destination.Channel == CodeChannel.Sms
                ? """
                  INSERT INTO citizens AS c (id_number, phone, assurance, security_stamp, created_at) VALUES ($1, $2, 2, $3, $4)
                  ON CONFLICT (id_number, phone) WHERE assurance = 2 AND phone IS NOT NULL DO UPDATE SET phone = c.phone
                  RETURNING id
                  """
                : """
                  INSERT INTO citizens AS c (id_number, email, assurance, security_stamp, created_at) VALUES ($1, $2, 2, $3, $4)
                  ON CONFLICT (id_number, lower(email)) WHERE assurance = 2 AND email IS NOT NULL DO UPDATE SET email = c.email
                  RETURNING id
                  """;
            await using var upsert = new NpgsqlCommand(sql, connection, transaction);
            upsert.Parameters.AddWithValue(idNumber);
            upsert.Parameters.AddWithValue(destination.Address);
            upsert.Parameters.AddWithValue(CitizenSignIn.NewSecurityStamp());
            upsert.Parameters.AddWithValue(now);
            citizenId = (long)(await upsert.ExecuteScalarAsync(ct))!;
        }
        await transaction.CommitAsync(ct);
        await throttle.SucceededAsync(ThrottleName(destinationHash), ct);
        return new CodeCheck.Right(citizenId.Value);
    }

    /// <summary>What a citizen is told when the code is no longer valid.</summary>
    public const string Expired = "Mã xác thực đã hết hạn hoặc đã được dùng. Vui lòng nhận mã mới.";

    /// <summary>What a citizen locked by wrong codes is told: until when, in Vietnam time.</summary>
    public static string LockMessage(DateTimeOffset until)
    {
        var local = until.ToOffset(VietnamTime.Offset);
        return $"Tạm khóa đăng nhập bằng mã vì nhập sai nhiều lần. Vui lòng thử lại sau {local:HH:mm} ngày {local:dd/MM/yyyy}.";
    }

    // The throttle's "user name" of a destination: its hash, so the throttle table keeps no phone or address either.
    private static string ThrottleName(string destinationHash) => "citizen:" + destinationHash;

    private static string Where(CodeDestination destination) =>
        destination.Channel == CodeChannel.Sms ? "số điện thoại này" : "địa chỉ thư điện tử này";

    private static IPAddress? Address(IPAddress? client) => client?.IsIPv4MappedToIPv6 == true ? client.MapToIPv4() : client;
}
