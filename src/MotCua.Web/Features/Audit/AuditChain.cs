using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Audit;

/// <summary>
/// What a walk of the audit log's hash chain found: the rows checked and the last link, or the first row that does not
/// link (changed, deleted before it, or inserted out of turn) with the reason in Vietnamese. <see cref="HeadHash"/> is the
/// SHA-256 of the last good row, in lower-case hex: written down elsewhere, it also shows rows cut off the end.
/// <see cref="Checkpoints"/> keyed checkpoints were checked (<see cref="AuditCheckpoints"/>); the last one anchors the
/// chain up to <see cref="AnchoredSeq"/> at <see cref="AnchoredAt"/>.
/// </summary>
public sealed record AuditChainState(long Rows, long? LastSeq, string? HeadHash, long? BrokenSeq, long? BrokenId, string? Problem, TimeSpan Took,
    int Checkpoints = 0, long? AnchoredSeq = null, DateTimeOffset? AnchoredAt = null)
{
    public bool Intact => BrokenSeq is null;
}

/// <summary>
/// The hash chain of <c>audit_log</c> (migration 0019): row n stores SHA-256(hash of row n−1 ‖ content of row n), the
/// first row's predecessor being empty. The database trigger writes the links; this checks them independently of it, with
/// the content written here again (<see cref="Content"/>), so that a changed trigger or function cannot vouch for itself.
/// The plain chain alone shows an edit only to someone who did not recompute the hashes after it; the keyed checkpoints
/// (<see cref="AuditCheckpoints"/>) show that too, up to the last checkpoint.
/// </summary>
public static class AuditChain
{
    /// <summary>Walks the whole chain in order and stops at the first broken link: a row that does not link, or a keyed
    /// checkpoint whose HMAC (under <paramref name="key"/>) does not verify, or whose hash is not the chain's at its number,
    /// or that names a row the chain no longer has. Reads only (SELECT on audit_log and audit_checkpoints).</summary>
    public static async Task<AuditChainState> VerifyAsync(string connectionString, DeploymentKey key, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var checkpoints = await AuditCheckpoints.ReadAsync(connection, ct);
        var macKey = key.DeriveKey(AuditCheckpoints.Purpose);
        var previousMac = Array.Empty<byte>();
        foreach (var c in checkpoints)
        {
            if (!CryptographicOperations.FixedTimeEquals(AuditCheckpoints.Mac(macKey, previousMac, c.Seq, c.Hash, c.At), c.Mac))
                return new AuditChainState(0, null, null, c.Seq, null,
                    $"mốc kiểm chứng có khóa số {c.Id} không đúng chữ ký (mốc bị sửa, bị xóa một mốc trước nó, hoặc khóa triển khai khác)", started.Elapsed);
            previousMac = c.Mac;
        }
        var anchors = checkpoints.GroupBy(c => c.Seq).ToDictionary(g => g.Key, g => g.First().Hash);
        var last = checkpoints.Count == 0 ? null : checkpoints[^1];
        await using var command = new NpgsqlCommand("""
            SELECT chain_seq, id, at, user_id, api_client_id, action, subject, details::text, client_address, endpoint, hash
            FROM audit_log ORDER BY chain_seq
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var previous = Array.Empty<byte>();
        long rows = 0, lastSeq = 0;
        while (await reader.ReadAsync(ct))
        {
            var seq = reader.GetInt64(0);
            var id = reader.GetInt64(1);
            var content = Content(seq, id, reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9));
            var stored = reader.GetFieldValue<byte[]>(10);
            string? problem = null;
            if (seq != lastSeq + 1)
                problem = $"thiếu mắt xích: sau số {lastSeq} là số {seq} (có dòng đã bị xóa)";
            var expected = SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(content)]);
            if (problem is null && !expected.AsSpan().SequenceEqual(stored))
                problem = "mã băm không khớp nội dung (dòng này hoặc dòng trước nó đã bị sửa)";
            if (problem is null && anchors.TryGetValue(seq, out var anchored) && !anchored.AsSpan().SequenceEqual(stored))
                problem = "mã băm khác với mốc kiểm chứng đã ký bằng khóa triển khai (nhật ký đến mắt xích này đã bị sửa và tính lại mã băm)";
            if (problem is not null)
                return new AuditChainState(rows, lastSeq == 0 ? null : lastSeq, lastSeq == 0 ? null : Hex(previous), seq, id, problem, started.Elapsed);
            previous = stored;
            lastSeq = seq;
            rows++;
        }
        if (last is not null && last.Seq > lastSeq)
            return new AuditChainState(rows, rows == 0 ? null : lastSeq, rows == 0 ? null : Hex(previous), last.Seq, null,
                $"mốc kiểm chứng đã ký đến mắt xích số {last.Seq} nhưng chuỗi chỉ còn đến số {lastSeq} (các dòng cuối đã bị xóa)", started.Elapsed);
        return new AuditChainState(rows, rows == 0 ? null : lastSeq, rows == 0 ? null : Hex(previous), null, null, null, started.Elapsed,
            checkpoints.Count, last?.Seq, last?.At);
    }

    /// <summary>
    /// The text a row's hash covers, as <c>audit_log_content</c> in migration 0019 writes it: each field "-" when null,
    /// else its UTF-8 length, ":" and its text; the instant as whole microseconds since 1970-01-01 UTC; the details as
    /// PostgreSQL prints jsonb.
    /// </summary>
    public static string Content(long seq, long id, DateTimeOffset at, int? userId, int? clientId, string action, string subject,
        string? details, string? clientAddress, string? endpoint)
    {
        var micros = (at.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        var text = new StringBuilder();
        foreach (var field in new[]
        {
            seq.ToString(CultureInfo.InvariantCulture), id.ToString(CultureInfo.InvariantCulture), micros.ToString(CultureInfo.InvariantCulture),
            userId?.ToString(CultureInfo.InvariantCulture), clientId?.ToString(CultureInfo.InvariantCulture), action, subject, details, clientAddress, endpoint,
        })
            text.Append(field is null ? "-" : $"{Encoding.UTF8.GetByteCount(field)}:{field}");
        return text.ToString();
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
