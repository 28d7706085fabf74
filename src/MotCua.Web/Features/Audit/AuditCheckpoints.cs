using System.Buffers.Binary;
using System.Text;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Audit;

/// <summary>
/// Keyed checkpoints of the audit chain (migration 0025, issue 12): every minute, when the chain has grown, and when the app
/// stops, the head of the chain (its number and hash) is written to <c>audit_checkpoints</c> with an HMAC-SHA-256 under a
/// key derived from the deployment key (<see cref="DeploymentKey.DeriveKey"/>), which the database does not hold. Someone
/// with database access alone can edit a row and recompute the plain SHA-256 chain after it, but cannot make a checkpoint
/// for the new hashes, so <see cref="AuditChain.VerifyAsync"/> finds the edit. The write path of a logged read stays one
/// INSERT linked by the trigger (order guaranteed by its lock); the key is used once a minute, off that path.
/// </summary>
public sealed class AuditCheckpoints(NpgsqlDataSource data, DeploymentKey key, TimeProvider clock, ILogger<AuditCheckpoints> log) : BackgroundService
{
    /// <summary>The purpose the checkpoint key is derived for.</summary>
    public const string Purpose = "audit-checkpoint";

    /// <summary>How often the head is checkpointed while the app runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private const long LockKey = 0x4D6F74436B7074; // "MotCkpt": two instances must not both chain to the same previous mac.

    /// <summary>One stored checkpoint: the chain's row <see cref="Seq"/> had <see cref="Hash"/> at <see cref="At"/>.</summary>
    public sealed record Checkpoint(long Id, long Seq, byte[] Hash, DateTimeOffset At, byte[] Mac);

    /// <summary>HMAC-SHA-256 under <paramref name="macKey"/> of: "motcua-audit-checkpoint", the previous checkpoint's mac
    /// (empty for the first), the row number and the instant in microseconds since 1970 (8 bytes big-endian each), and the
    /// row's hash.</summary>
    public static byte[] Mac(byte[] macKey, byte[] previousMac, long seq, byte[] hash, DateTimeOffset at)
    {
        var numbers = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(numbers, seq);
        BinaryPrimitives.WriteInt64BigEndian(numbers.AsSpan(8), Micros(at));
        return System.Security.Cryptography.HMACSHA256.HashData(macKey, (byte[])[.. Encoding.ASCII.GetBytes("motcua-audit-checkpoint"), .. previousMac, .. numbers, .. hash]);
    }

    /// <summary>Every checkpoint, oldest first.</summary>
    public static async Task<List<Checkpoint>> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var list = new List<Checkpoint>();
        await using var command = new NpgsqlCommand("SELECT id, chain_seq, hash, at, mac FROM audit_checkpoints ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new Checkpoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<byte[]>(4)));
        return list;
    }

    /// <summary>Checkpoints the chain's head if it is past the last checkpoint; returns the row number anchored, or null when
    /// there was nothing new. The head read is a committed row: the trigger's lock makes committed rows a prefix of the chain.</summary>
    public async Task<long?> WriteAsync(CancellationToken ct)
    {
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, tx))
            await lockCommand.ExecuteNonQueryAsync(ct);
        long lastSeq = 0;
        var previousMac = Array.Empty<byte>();
        await using (var lastCommand = new NpgsqlCommand("SELECT chain_seq, mac FROM audit_checkpoints ORDER BY id DESC LIMIT 1", connection, tx))
        await using (var reader = await lastCommand.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct)) (lastSeq, previousMac) = (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        long seq;
        byte[] hash;
        await using (var headCommand = new NpgsqlCommand("SELECT chain_seq, hash FROM audit_log ORDER BY chain_seq DESC LIMIT 1", connection, tx))
        await using (var reader = await headCommand.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return null;
            (seq, hash) = (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
        if (seq <= lastSeq) return null;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks(Micros(clock.GetUtcNow()) * 10);
        await using (var insert = new NpgsqlCommand("INSERT INTO audit_checkpoints (chain_seq, hash, at, mac) VALUES ($1, $2, $3, $4)", connection, tx)
        {
            Parameters = { new() { Value = seq }, new() { Value = hash }, new() { Value = at }, new() { Value = Mac(key.DeriveKey(Purpose), previousMac, seq, hash, at) } },
        })
            await insert.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return seq;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await TryWriteAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the last checkpoint is written by StopAsync.
        }
    }

    /// <summary>Checkpoints the head once more as the app stops, so that a clean stop leaves no unanchored tail.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryWriteAsync(cancellationToken);
    }

    // A database outage must not stop the app: the next tick anchors what this one could not.
    private async Task TryWriteAsync(CancellationToken ct)
    {
        try
        {
            await WriteAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Chưa ghi được mốc kiểm chứng nhật ký; sẽ thử lại sau {Interval}.", Interval);
        }
    }

    private static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
}
