using System.Text;
using Microsoft.Extensions.Options;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Channels;

/// <summary>
/// Delivery receipts from the SMS and Zalo gateways (docs/MESSAGES.md §3): <c>POST /api/v1/notifications/receipts/{provider}</c>
/// with <c>{messageId, providerMessageId?, status: delivered|failed, at, detail?}</c>. No session and no API key: the
/// gateway signs the body with the provider's shared secret (<see cref="ReceiptSignature"/>), and anything unsigned,
/// wrongly signed, older or newer than five minutes, or for a provider without a secret is a 401 that stores nothing.
/// A receipt is stored once however often it comes (unique on message, provider, status and time); one for a message
/// id this server never sent on the provider's channel is a 404; a body that cannot be read a 422 naming the field.
/// </summary>
public static class ReceiptEndpoints
{
    /// <summary>A receipt as the gateways post it.</summary>
    public sealed record Receipt(Guid? MessageId, string? ProviderMessageId, string? Status, DateTimeOffset? At, string? Detail);

    public static void MapReceiptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/notifications/receipts/{provider}", ReceiveAsync).AllowAnonymous().WithTags("Notifications")
            .WithSummary("Biên nhận gửi tin của cổng SMS/Zalo, ký HMAC-SHA256 (X-Timestamp, X-Signature); lưu một lần");
    }

    private static async Task<IResult> ReceiveAsync(string provider, HttpRequest request, IOptions<SmsOptions> sms, IOptions<ZaloOptions> zalo,
        NpgsqlDataSource data, TimeProvider clock, CancellationToken ct)
    {
        var (secret, channel) = provider == sms.Value.Provider ? (sms.Value.ReceiptSecret, ChannelMessages.SmsTarget)
            : provider == zalo.Value.Provider ? (zalo.Value.ReceiptSecret, ChannelMessages.ZaloTarget)
            : (null, null);
        if (string.IsNullOrEmpty(secret) || channel is null)
            return Unauthorized("Nhà cung cấp này chưa được cấu hình khóa bí mật; biên nhận không xác thực được.");
        var read = await JsonBody.ReadAsync<Receipt>(request, ct);
        if (ReceiptSignature.Check(secret, request.Headers["X-Timestamp"], request.Headers["X-Signature"], read.Bytes.Span, clock.GetUtcNow()) is { } wrong)
            return Unauthorized(wrong);
        if (read.Problem is { } problem) return problem;
        var receipt = read.Value!;
        if (receipt.MessageId is not { } messageId) return Problems.Field("messageId", "Thiếu mã thư (messageId).");
        if (receipt.Status is not ("delivered" or "failed")) return Problems.Field("status", "Trạng thái phải là delivered hoặc failed.");
        if (receipt.At is not { } at) return Problems.Field("at", "Thiếu thời điểm (at).");
        if (receipt.ProviderMessageId is { Length: > 200 }) return Problems.Field("providerMessageId", "Mã tin của nhà cung cấp không quá 200 ký tự.");
        if (receipt.Detail is { Length: > 1000 }) return Problems.Field("detail", "Chi tiết không quá 1.000 ký tự.");

        await using var command = data.CreateCommand("""
            WITH sent AS (SELECT EXISTS (SELECT 1 FROM outbox WHERE message_id = $1 AND target = $8) AS known),
            stored AS (
                INSERT INTO notification_receipts (message_id, provider, provider_message_id, status, detail, at, received_at)
                SELECT $1, $2, $3, $4, $5, $6, $7 FROM sent WHERE known
                ON CONFLICT (message_id, provider, status, at) DO NOTHING
                RETURNING id)
            SELECT (SELECT known FROM sent), EXISTS (SELECT 1 FROM stored)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)receipt.ProviderMessageId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = receipt.Status });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)receipt.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (!reader.GetBoolean(0)) return Problems.NotFound($"Không có tin {channel.ToUpperInvariant()} nào mang mã {messageId}.");
        return Results.Ok(new { messageId, status = receipt.Status, duplicate = !reader.GetBoolean(1) });
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: Problems.TitleOf(StatusCodes.Status401Unauthorized), detail: detail);
}

/// <summary>
/// The signature on a gateway's receipt: <c>X-Timestamp</c> is the Unix time in seconds when it was signed and
/// <c>X-Signature</c> the lowercase or uppercase hex HMAC-SHA256, under the provider's shared secret (UTF-8), of the
/// timestamp, a full stop and the body's bytes as sent. The timestamp must lie within five minutes of this server's
/// clock, so a captured receipt cannot be replayed later; the comparison takes the same time whatever the bytes.
/// </summary>
public static class ReceiptSignature
{
    /// <summary>How far a timestamp may lie from the server's clock either way.</summary>
    public static TimeSpan Tolerance => TimestampSignature.Tolerance;

    /// <summary>The signature of <paramref name="body"/> at <paramref name="timestamp"/> (what a gateway sends).</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        TimestampSignature.Sign(Encoding.UTF8.GetBytes(secret), timestamp, body);

    /// <summary>Null when the headers sign <paramref name="body"/> under <paramref name="secret"/> within the tolerance of
    /// <paramref name="now"/>; otherwise why not, in Vietnamese.</summary>
    public static string? Check(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        TimestampSignature.Verify(Encoding.UTF8.GetBytes(secret), timestamp, signature, body, now) switch
        {
            null => null,
            TimestampSignature.Failure.Missing => "Thiếu chữ ký biên nhận (X-Timestamp, X-Signature).",
            TimestampSignature.Failure.BadTimestamp => "X-Timestamp phải là thời điểm Unix tính bằng giây.",
            TimestampSignature.Failure.Stale => "Biên nhận ký quá 5 phút so với đồng hồ máy chủ; không nhận.",
            _ => "Chữ ký biên nhận không đúng.",
        };
}
