using MotCua.Domain.Messages;

namespace MotCua.Web.Features.Notifications;

/// <summary>A notification as rendered for one channel: the e-mail subject (null off e-mail), the body, the SMS segments it
/// takes (null off SMS), the template it came from (id and version; null for the fixed wording) and, for Zalo, the ZNS
/// template id and its parameters (null for the fixed wording).</summary>
public sealed record NotificationText(string? Subject, string Body, int? Segments, int? TemplateId, int? TemplateVersion,
    string? ZnsTemplateId = null, IReadOnlyDictionary<string, string>? ZnsData = null);

/// <summary>
/// Renders the wording of a notification from the values of a dossier's event, keyed by the templates' placeholder names
/// (<see cref="NotificationPlaceholders.All"/>: <c>maHoSo</c>, <c>thuTuc</c>, <c>hanTra</c> dd/MM/yyyy HH:mm Vietnam time,
/// <c>soTien</c>, <c>traCuu</c>, <c>hoTen</c>, <c>coQuan</c>, <c>lyDo</c>, <c>huyNhan</c>, <c>nhanKetQua</c>). Null when nothing is to be sent for the event on the channel (no template).
/// The administrator's editable templates (docs/MESSAGES.md §4) are the production renderer.
/// </summary>
public interface INotificationRenderer
{
    Task<NotificationText?> RenderAsync(NotificationEvent @event, NotificationChannel channel, IReadOnlyDictionary<string, string> values, CancellationToken ct);
}

/// <summary>
/// Fixed Vietnamese wording for every event, used by <see cref="TemplateRenderer"/> only when a template cannot be
/// rendered (a value it needs is missing): short enough for SMS, with the lookup link and the opt-out link, so that the
/// citizen is still told and the other messages of the event are not held back.
/// </summary>
public sealed class FixedNotificationRenderer
{
    public Task<NotificationText?> RenderAsync(NotificationEvent @event, NotificationChannel channel, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        string V(string key) => values.TryGetValue(key, out var value) ? value : "";
        var what = @event switch
        {
            NotificationEvent.Received => $"đã được tiếp nhận, hẹn trả kết quả {V("hanTra")}",
            NotificationEvent.Refused => $"không được tiếp nhận/giải quyết. Lý do: {V("lyDo")}",
            NotificationEvent.SupplementRequested => $"cần bổ sung: {V("lyDo")}",
            NotificationEvent.PaymentRequested => $"cần nộp phí, lệ phí {V("soTien")}",
            NotificationEvent.FinancialObligation => $"cần thực hiện nghĩa vụ tài chính: {V("soTien")}",
            NotificationEvent.Stopped => $"đã dừng giải quyết. Lý do: {V("lyDo")}",
            NotificationEvent.Withdrawn => $"đã được ghi nhận yêu cầu rút: {V("lyDo")}",
            NotificationEvent.Apology => $"trễ hẹn; {V("coQuan")} xin lỗi và hẹn lại {V("hanTra")}",
            NotificationEvent.ResultReady => $"đã có kết quả; {V("nhanKetQua")}",
            NotificationEvent.Returned => "đã được trả kết quả",
            NotificationEvent.AppointmentReminder => $"đến hẹn trả kết quả {V("hanTra")}",
            _ => "có cập nhật",
        };
        var body = $"Hồ sơ {V("maHoSo")} ({V("thuTuc")}) {what}. Tra cứu: {V("traCuu")} Ngừng nhận: {V("huyNhan")}";
        var subject = channel == NotificationChannel.Email ? $"[Một cửa] Hồ sơ {V("maHoSo")}" : null;
        var segments = channel == NotificationChannel.Sms ? Segments(body) : (int?)null;
        return Task.FromResult<NotificationText?>(new NotificationText(subject, body, segments, null, null));
    }

    // With any character outside GSM 7-bit (every Vietnamese diacritic) a segment holds 70 characters, 67 when split.
    private static int Segments(string text)
    {
        var unicode = text.Any(c => c > 0x7E);
        var (single, part) = unicode ? (70, 67) : (160, 153);
        return text.Length <= single ? 1 : (text.Length + part - 1) / part;
    }
}
