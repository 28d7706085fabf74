using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Messages;

namespace MotCua.Web.Features.Notifications;

/// <summary>
/// One message about a dossier as officers see it: <c>channel</c> email|sms|zalo, <c>event</c> (a
/// <see cref="NotificationEvent"/> in camelCase), <c>status</c> queued|sent|delivered|failed, the attempts made so far (every one recorded, across an
/// administrator's re-send),
/// when it was planned, handed to the channel (<c>sentAt</c>: the start of the attempt the channel took), confirmed
/// delivered or failed (Vietnam time), the recipient masked (<see cref="NotificationRules.MaskRecipient"/>), while queued
/// the time of its next attempt (<c>nextAttemptAt</c>: the end of the quiet period for an SMS held overnight when
/// <c>attempts</c> is 0, else a retry's time), and the channel's last refusal or error (<c>lastError</c>, any address or phone number in it masked) while it is
/// retried or once it failed.
/// </summary>
public sealed record NotificationView(string Channel, string Event, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt, string Recipient, DateTimeOffset? NextAttemptAt,
    string? LastError);

/// <summary>The messages sent about a dossier, with each one's state read in one query (docs/MESSAGES.md §6).</summary>
public static class DossierMessages
{
    private sealed class Row
    {
        public required string Channel { get; init; }
        public required string Event { get; init; }
        public required string Recipient { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        public DateTimeOffset? DeadAt { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
        public DateTimeOffset? SentAt { get; init; }
        public string? LastError { get; init; }
        public string? Receipt { get; init; }
        public DateTimeOffset? ReceiptAt { get; init; }
    }

    /// <summary>
    /// The dossier's messages, oldest first. Status: the latest receipt's (delivered or failed) when a gateway sent one;
    /// else failed when the outbox gave up (dead), sent when the channel took it, queued while it waits or is retried.
    /// </summary>
    public static async Task<IReadOnlyList<NotificationView>> ListAsync(MotCuaDb db, string code, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT n.channel AS "Channel", n.event AS "Event", n.recipient AS "Recipient", n.created_at AS "CreatedAt",
                   (SELECT count(*)::int FROM outbox_attempts a WHERE a.outbox_id = o.id) AS "Attempts", o.delivered_at AS "DeliveredAt", o.dead_at AS "DeadAt", o.next_attempt_at AS "NextAttemptAt",
                   r.status AS "Receipt", r.at AS "ReceiptAt", s.at AS "SentAt", o.last_error AS "LastError"
            FROM notifications n
            JOIN outbox o ON o.message_id = n.message_id
            LEFT JOIN LATERAL (SELECT at FROM outbox_attempts a WHERE a.outbox_id = o.id AND a.outcome = 'delivered' ORDER BY a.id DESC LIMIT 1) s ON true
            LEFT JOIN LATERAL (SELECT status, at FROM notification_receipts x WHERE x.message_id = n.message_id ORDER BY x.id DESC LIMIT 1) r ON true
            WHERE n.dossier_code = {code}
            ORDER BY n.id
            """).ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var status = r.Receipt ?? (r.DeadAt is not null ? "failed" : r.DeliveredAt is not null ? "sent" : "queued");
            // Sent when the attempt began: the channel's own delivery time (a receipt) can come before the worker has
            // the channel's answer, and a message must not read as delivered before it was sent.
            return new NotificationView(r.Channel, r.Event, status, r.Attempts, Vn(r.CreatedAt), Vn(r.DeliveredAt is null ? null : r.SentAt ?? r.DeliveredAt),
                r.Receipt == "delivered" ? Vn(r.ReceiptAt) : null,
                r.Receipt == "failed" ? Vn(r.ReceiptAt) : r.Receipt is null ? Vn(r.DeadAt) : null,
                NotificationRules.MaskRecipient(r.Recipient), status == "queued" ? Vn(r.NextAttemptAt) : null,
                status is "queued" or "failed" && r.DeliveredAt is null ? NotificationRules.MaskContactsIn(r.LastError) : null);
        })];
    }

    private static DateTimeOffset Vn(DateTimeOffset at) => VietnamTime.ToVietnam(at);
    private static DateTimeOffset? Vn(DateTimeOffset? at) => at is { } a ? VietnamTime.ToVietnam(a) : null;

    /// <summary>The Vietnamese name of a stored event, for the dossier page.</summary>
    public static string EventName(string @event) => @event switch
    {
        "received" => "Tiếp nhận",
        "refused" => "Không tiếp nhận / từ chối",
        "supplementRequested" => "Yêu cầu bổ sung",
        "paymentRequested" => "Yêu cầu nộp phí",
        "financialObligation" => "Nghĩa vụ tài chính",
        "stopped" => "Dừng giải quyết",
        "withdrawn" => "Rút hồ sơ",
        "apology" => "Xin lỗi, hẹn lại",
        "resultReady" => "Có kết quả",
        "returned" => "Đã trả kết quả",
        "appointmentReminder" => "Nhắc hẹn",
        _ => @event,
    };

    /// <summary>The Vietnamese name of a status.</summary>
    public static string StatusName(string status) => status switch
    {
        "queued" => "Chờ gửi",
        "sent" => "Đã gửi",
        "delivered" => "Đã đến",
        "failed" => "Không gửi được",
        _ => status,
    };
}
