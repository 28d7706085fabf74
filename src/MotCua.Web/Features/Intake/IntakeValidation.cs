using System.Net.Mail;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Web.Features.Intake;

/// <summary>What intake checks and cleans in a request before it reads anything: the applicant, the documents, the
/// channel, the counts and instants.</summary>
public static partial class IntakeValidation
{
    private const int MaxDocuments = 100;

    private const int MaxReuseRef = 300;

    /// <summary>The checks of the request alone (applicant, documents, channel, counts), keyed by field as the API names them;
    /// what needs the database (agency, procedure, e-form) is checked by <see cref="ReceiveAsync"/>.</summary>
    public static Dictionary<string, string[]> Validate(IntakeRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        if (string.IsNullOrWhiteSpace(request.ProcedureCode)) Add("procedureCode", "Vui lòng chọn thủ tục hành chính.");
        if (string.IsNullOrWhiteSpace(request.AgencyCode)) Add("agencyCode", "Thiếu mã cơ quan tiếp nhận.");
        if (Domain.Dossiers.Channels.Parse(request.Channel) is null) Add("channel", "Kênh nộp phải là 'direct' (trực tiếp), 'online' (trực tuyến) hoặc 'postal' (bưu chính).");

        var applicant = request.Applicant;
        if (applicant is null) Add("applicant", "Thiếu thông tin người nộp hồ sơ.");
        else
        {
            if (ApplicantIdentity.Parse(applicant.Kind) is not { } kind)
            {
                Add("applicant.kind", "Loại người nộp phải là 'individual' (cá nhân), 'household-business' (hộ kinh doanh), 'enterprise' (doanh nghiệp) hoặc 'organization' (tổ chức khác).");
                // Issue 16 (p16m): a wrong kind hid a missing name; the name is checked by the loosest rule (an organisation's)
                // so that only what is wrong whatever the kind is named.
                if (string.IsNullOrWhiteSpace(applicant.FullName)) Add("applicant.fullName", "Vui lòng nhập họ và tên (hoặc tên tổ chức) người nộp.");
                else if (ApplicantIdentity.CheckName(ApplicantKind.Organization, applicant.FullName) is { } nameError) Add("applicant.fullName", nameError);
            }
            else
            {
                if (ApplicantIdentity.CheckName(kind, applicant.FullName) is { } nameError) Add("applicant.fullName", nameError);
                if (ApplicantIdentity.CheckIdentifier(kind, applicant.IdNumber, VietnamTime.DateOf(now)) is { } idError) Add("applicant.idNumber", idError);
                if (ApplicantIdentity.CheckRepresentative(kind, applicant.Representative) is { } representativeError) Add("applicant.representative", representativeError);
            }
            var phone = applicant.Phone?.Trim() ?? "";
            if (phone.Length == 0) Add("applicant.phone", "Vui lòng nhập số điện thoại.");
            else if (VietnamPhone.Problem(phone) is { } phoneError) Add("applicant.phone", phoneError);
            // A choice the applicant made that cannot be kept is said now, not discovered when the first message fails.
            else if (VietnamPhone.IsLandline(phone) && request.Notifications is { } chosen && (chosen.Sms || chosen.Zalo))
                Add(chosen.Sms ? "notifications.sms" : "notifications.zalo",
                    "Số điện thoại cố định không nhận được tin nhắn SMS hay Zalo: nhập số di động, hoặc bỏ chọn nhận tin qua SMS, Zalo.");
            if (!string.IsNullOrWhiteSpace(applicant.Email) && !IsEmail(applicant.Email.Trim())) Add("applicant.email", "Địa chỉ thư điện tử không hợp lệ.");
            var address = applicant.Address?.Trim() ?? "";
            if (address.Length == 0) Add("applicant.address", "Vui lòng nhập địa chỉ.");
            else if (address.Length > 300) Add("applicant.address", "Địa chỉ không quá 300 ký tự.");
            if (request.Notifications is { Email: true } && string.IsNullOrWhiteSpace(applicant.Email))
                Add("notifications.email", "Muốn nhận thông báo qua thư điện tử thì cần nhập địa chỉ thư điện tử.");
        }

        if (request.Documents is null) Add("documents", "Thiếu danh sách giấy tờ đã nộp.");
        else if (request.Documents.Count > MaxDocuments) Add("documents", $"Không quá {MaxDocuments} giấy tờ.");
        else
            for (var i = 0; i < request.Documents.Count; i++)
            {
                var document = request.Documents[i];
                if (document is null) { Add($"documents[{i}]", "Giấy tờ không được để trống."); continue; }
                if (string.IsNullOrWhiteSpace(document.Name)) Add($"documents[{i}].name", "Thiếu tên giấy tờ.");
                if (document.Original is < 0 or > 99) Add($"documents[{i}].original", "Số bản chính từ 0 đến 99.");
                if (document.Copies is < 0 or > 99) Add($"documents[{i}].copies", "Số bản sao từ 0 đến 99.");
                if (document.Reused is < 0 or > 2) Add($"documents[{i}].reused", "reused là 0 (đã nộp), 1 (tái sử dụng từ kho dữ liệu của công dân) hoặc 2 (dữ liệu trong CSDL quốc gia).");
                else if (document.Reused > 0 && string.IsNullOrWhiteSpace(document.ReuseRef))
                    Add($"documents[{i}].reuseRef", "Giấy tờ tái sử dụng phải ghi giấy tờ được dùng lại (tên và số).");
                else if (document.ReuseRef is { Length: > MaxReuseRef }) Add($"documents[{i}].reuseRef", $"Giấy tờ tái sử dụng không quá {MaxReuseRef} ký tự.");
                else if (document.Reused == 0 && document.Original + document.Copies == 0) Add($"documents[{i}]", "Mỗi giấy tờ phải có ít nhất một bản chính hoặc bản sao.");
            }

        if (request.SubmittedAt is { } submitted)
        {
            if (submitted > now.AddMinutes(5)) Add("submittedAt", "Thời điểm nộp không được ở tương lai.");
            else if (submitted < now.AddDays(-90)) Add("submittedAt", "Thời điểm nộp quá cũ (hơn 90 ngày).");
        }
        if (request.CompetentReceivedAt is { } competent && competent > now.AddMinutes(5))
            Add("competentReceivedAt", "Thời điểm cơ quan có thẩm quyền nhận hồ sơ không được ở tương lai.");
        if (request.Sets is < 1 or > 50) Add("sets", "Số bộ hồ sơ từ 1 đến 50.");
        return errors;
    }

    /// <summary>The applicant as stored: names and address trimmed, single-spaced and NFC, identifiers upper-case, the
    /// phone in its national digits (<see cref="VietnamPhone.National"/>: masked and dialled the same however typed).</summary>
    public static Applicant Clean(IntakeApplicant a) => new(
        Nfc(a.FullName!), a.IdNumber?.Trim().ToUpperInvariant() ?? "", VietnamPhone.National(a.Phone!) ?? a.Phone!.Trim().Replace(" ", ""),
        string.IsNullOrWhiteSpace(a.Email) ? null : a.Email.Trim(), Nfc(a.Address!))
    {
        Kind = ApplicantIdentity.Parse(a.Kind)!.Value,
        Representative = string.IsNullOrWhiteSpace(a.Representative) ? null : Nfc(a.Representative),
    };

    /// <summary>The text trimmed, with runs of white space as one space, in Unicode NFC.</summary>
    public static string Nfc(string text) => Regex.Replace(text.Trim(), @"\s+", " ").Normalize(System.Text.NormalizationForm.FormC);

    /// <summary>Whether <paramref name="text"/> (trimmed) is one e-mail address, at most 254 characters, with a dot in
    /// it: the check of intake and of the monitoring ingest.</summary>
    public static bool IsEmail(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);

}
