using System.Text.RegularExpressions;
using MotCua.Domain.Messages;

namespace MotCua.Domain.Feedback;

/// <summary>
/// A feedback as its sender gives it (public form, API, the officer's transcription, the portal): the kind by API name
/// (<c>phan-anh</c>, <c>kien-nghi</c>, <c>khieu-nai</c>, <c>to-cao</c>), the sender's name, address and a phone or e-mail to
/// answer (NĐ 20/2008 as amended asks for name, address and a contact), optional CCCD (12 digits), the agency concerned by
/// code (the province centre when absent), optionally the procedure (its national code, e.g. 1.004837), a subject and the content.
/// </summary>
public sealed record FeedbackSubmission(string? Kind, string? SenderName, string? SenderPhone, string? SenderEmail, string? SenderAddress,
    string? SenderIdNumber, string? AgencyCode, string? ProcedureCode, string? Subject, string? Content);

/// <summary>The checks of what people type, each error in Vietnamese under the request's field name (camelCase).</summary>
public static partial class FeedbackInput
{
    /// <summary>The one message for a missing or unknown <c>kind</c>: what the form offers and the API names.</summary>
    public const string KindMessage = "Chọn loại: phản ánh (phan-anh) hoặc kiến nghị (kien-nghi); khiếu nại (khieu-nai), tố cáo (to-cao) được chuyển theo pháp luật khiếu nại, tố cáo.";

    public const int ContentMin = 20, ContentMax = 5000, NameMax = 200, AddressMax = 500, SubjectMax = 300;

    /// <summary>How long after a hotline call it may still be transcribed, in days [choice: a month covers a backlog; a
    /// time older than that is far more likely a mistyped year or month].</summary>
    public const int CallAgeMaxDays = 30;

    /// <summary>The time a hotline call was taken, as the officer typed it: not in the future, not more than
    /// <see cref="CallAgeMaxDays"/> days before <paramref name="now"/>. The feedback is received at the call (its
    /// deadlines count from it, not from the transcription: sixteenth trial finding 9). Null when acceptable, else the
    /// problem in Vietnamese (field <c>callAt</c>).</summary>
    public static string? CheckCallAt(DateTimeOffset callAt, DateTimeOffset now) =>
        callAt > now ? "Thời điểm cuộc gọi không được ở tương lai."
        : callAt < now.AddDays(-CallAgeMaxDays) ? $"Thời điểm cuộc gọi sớm hơn {CallAgeMaxDays} ngày trước: kiểm tra lại ngày, tháng, năm."
        : null;

    /// <summary>Errors by field; empty when <paramref name="s"/> may be registered.</summary>
    public static Dictionary<string, string[]> Check(FeedbackSubmission s)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors.TryAdd(field, [message]);
        // Third trial LOW 14: one message whether the kind is missing or unknown.
        if (string.IsNullOrWhiteSpace(s.Kind) || !FeedbackNames.KindNames.ContainsKey(s.Kind.Trim())) Add("kind", KindMessage);
        if (string.IsNullOrWhiteSpace(s.SenderName)) Add("senderName", "Nhập họ và tên người gửi (phản ánh, kiến nghị nặc danh không được xử lý).");
        else if (s.SenderName.Trim().Length > NameMax) Add("senderName", $"Họ và tên dài quá {NameMax} ký tự.");
        else if (s.SenderName.Any(char.IsDigit)) Add("senderName", "Họ và tên không chứa chữ số.");
        if (string.IsNullOrWhiteSpace(s.SenderAddress)) Add("senderAddress", "Nhập địa chỉ liên hệ của người gửi.");
        else if (s.SenderAddress.Trim().Length > AddressMax) Add("senderAddress", $"Địa chỉ dài quá {AddressMax} ký tự.");
        var hasPhone = !string.IsNullOrWhiteSpace(s.SenderPhone);
        var hasEmail = !string.IsNullOrWhiteSpace(s.SenderEmail);
        if (!hasPhone && !hasEmail) Add("senderPhone", "Nhập số điện thoại hoặc địa chỉ thư điện tử để nhận trả lời.");
        // The applicant's rule (fourth fresh trial LOW 8: the message said "10 chữ số" while 11-digit landlines and +84 pass).
        if (hasPhone && Identity.VietnamPhone.Problem(s.SenderPhone!.Trim()) is { } phoneProblem) Add("senderPhone", phoneProblem);
        if (hasEmail && (s.SenderEmail!.Trim().Length > 254 || !Email().IsMatch(s.SenderEmail.Trim()))) Add("senderEmail", "Địa chỉ thư điện tử không đúng dạng (ví dụ ten@example.vn).");
        if (!string.IsNullOrWhiteSpace(s.SenderIdNumber) && !IdNumber().IsMatch(s.SenderIdNumber.Trim())) Add("senderIdNumber", "Số CCCD/định danh cá nhân gồm 12 chữ số.");
        if (!string.IsNullOrWhiteSpace(s.ProcedureCode) && !ProcedureCode().IsMatch(s.ProcedureCode.Trim())) Add("procedureCode", "Mã thủ tục có dạng 1.004837.");
        if (s.AgencyCode is { Length: > 35 }) Add("agencyCode", "Mã cơ quan dài quá 35 ký tự.");
        if (s.Subject is { } subject && subject.Trim().Length > SubjectMax) Add("subject", $"Tiêu đề dài quá {SubjectMax} ký tự.");
        if (Text(s.Content, ContentMin, ContentMax, "Nội dung") is { } content) Add("content", content);
        return errors;
    }

    /// <summary>A free text an officer or sender must give: null when it is between <paramref name="min"/> and
    /// <paramref name="max"/> characters (trimmed), else the Vietnamese message naming <paramref name="label"/>.</summary>
    public static string? Text(string? value, int min, int max, string label) =>
        string.IsNullOrWhiteSpace(value) ? $"Nhập {label.ToLowerInvariant()}."
        : value.Trim().Length < min ? $"{label} quá ngắn (ít nhất {min} ký tự)."
        : value.Trim().Length > max ? $"{label} dài quá {max} ký tự."
        : null;

    /// <summary>The phone as stored: mobile numbers in their local form 0xxxxxxxxx, landlines as typed without separators.</summary>
    public static string? NormalisePhone(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? null : MobileNumber.Local(phone) ?? Identity.VietnamPhone.National(phone) ?? new string([.. phone.Where(char.IsAsciiDigit)]);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"^\d\.\d{6}$")]
    private static partial Regex ProcedureCode();
}
