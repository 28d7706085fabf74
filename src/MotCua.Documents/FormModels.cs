using MotCua.Domain.Dossiers;

namespace MotCua.Documents;

/// <summary>
/// The applicant as the intake forms print it (Mẫu 01 items 10–15, Mẫu 02 items 8–11, Mẫu 03 items 8–11 of
/// docs/FORMS.md §4): an organisation as much as a person. A value that is not known prints as a dotted blank to fill by hand.
/// </summary>
public sealed record FormApplicant
{
    /// <summary>The person's or the organisation's name ("Tiếp nhận hồ sơ của: …").</summary>
    public required string Name { get; init; }
    /// <summary>Chooses the identifier's label (<see cref="MotCua.Domain.Identity.ApplicantIdentity.IdentifierLabel"/>).</summary>
    public MotCua.Domain.Identity.ApplicantKind Kind { get; init; } = MotCua.Domain.Identity.ApplicantKind.Individual;
    /// <summary>CCCD, enterprise code, household business number; empty when the applicant has none (printed as a blank).</summary>
    public string IdNumber { get; init; } = "";
    /// <summary>The person handing the dossier in for the applicant ("Người nộp: …", 2025 addition [R]); null prints no line.</summary>
    public string? Submitter { get; init; }
    public string? Address { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

/// <summary>
/// What the three forms of the one-stop desk share: the letterhead, the applicant as identified at the desk and the
/// procedure asked for. Each form dates the letterhead with its own instant: the receipt with
/// <see cref="ReceiptForm.ReceivedAt"/>, the others with their IssuedAt.
/// </summary>
public abstract record DeskForm
{
    public required Letterhead Letterhead { get; init; }
    /// <summary>The form's number ("Số: 05/TNHS-TTPVHCC", Nghị định 30/2020 ô 3), allocated when the form is issued; null prints no "Số" line.</summary>
    public string? Number { get; init; }
    public required FormApplicant Applicant { get; init; }
    public required string ProcedureName { get; init; }
    /// <summary>National procedure code (d.dddddd), optional.</summary>
    public string? ProcedureCode { get; init; }
    /// <summary>The National Portal's code when the portal pushed the dossier (<c>dossiers.portal_code</c>), printed under
    /// MotCua's code as "Mã hồ sơ trên Cổng DVCQG: …"; null for a dossier of the desk or the API.</summary>
    public string? PortalCode { get; init; }
}

/// <summary>Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".</summary>
/// <summary>
/// Issue 14: the open payment request of a dossier as Mẫu 01 prints it: the VietQR string (EMVCo, docs/FEES.md
/// "The VietQR code"), the amount in VND, the transfer's purpose, and the name of the collection account the QR pays
/// into (as the bank registered it; null when the request names no account). The bank and the account number are read
/// from the QR itself, so what is printed beside it is what a bank app will show.
/// </summary>
/// <remarks><see cref="AmountVnd"/> is what is still owed; <see cref="PaidVnd"/> what was already paid of the request (parts
/// the accountant accepted, tenth trial finding 3), printed beside it when above 0.</remarks>
public sealed record PaymentQr(string VietQr, long AmountVnd, string Purpose, string? AccountName = null)
{
    /// <summary>Integer VND already paid of the request; 0 for a request nothing was paid of.</summary>
    public long PaidVnd { get; init; }
}

public sealed record ReceiptForm : DeskForm
{
    public required string DossierCode { get; init; }
    /// <summary>Issue 14: the open payment request with a QR, printed below the form as MotCua's own block; null for none.</summary>
    public PaymentQr? Payment { get; init; }
    /// <summary>Every item of the request, each as the receipt names it, under <see cref="Payment"/>'s total: one charged per
    /// a quantity unit with its count ("Cấp giấy chứng nhận …: 2 chiếc × 6.000.000 đồng = 12.000.000 đồng"), any other with its
    /// amount ("Phí sửa đổi … (đối với cảng hàng không khác): 30.000.000 đồng"); at most
    /// <see cref="IntakeForms.MaxPaymentLines"/> are printed. Empty without a request.</summary>
    public IReadOnlyList<string> PaymentLines { get; init; } = [];
    /// <summary>Issue 14: the line stating the fee when no <see cref="Payment"/> block says it (Domain
    /// <c>FeeStatement.For</c>): ("Miễn phí, lệ phí:", "reason (legal basis).") or ("Mức phí, lệ phí:", "do cơ quan xác
    /// định …" | "50.000 đồng phải nộp."); null for nothing to say.</summary>
    public (string Label, string Text)? FeeNote { get; init; }
    public required IReadOnlyList<ReceivedDocument> Documents { get; init; }
    /// <summary>Số bộ hồ sơ.</summary>
    public int Sets { get; init; } = 1;
    /// <summary>As published, in its unit: "15 ngày làm việc", "30 ngày", "4 giờ làm việc", "3 tháng", "trong ngày".</summary>
    public required string TimeLimitText { get; init; }
    /// <summary>The published case whose time limit applies ("trong trường hợp giấy tờ phức tạp …"), printed under the
    /// limit; null for the channel's own limit.</summary>
    public string? TimeLimitCondition { get; init; }
    /// <summary>When the competent agency received a dossier that the receiving unit received for it; printed as a
    /// second start when it differs from <see cref="ReceivedAt"/>, since the time limit counts from it.</summary>
    public DateTimeOffset? CompetentReceivedAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    /// <summary>Optional short line, e.g. "Không tính: Thứ Bảy 22/11, Chủ nhật 23/11".</summary>
    public string? DueDateExplanation { get; init; }
    /// <summary>Where the result is to be collected or sent ("6. Đăng ký nhận kết quả tại: …"): the unit and its address,
    /// or the applicant's postal address for a result sent by post.</summary>
    public required string ResultCollectionPlace { get; init; }
    /// <summary>Sổ theo dõi hồ sơ, quyển số (e.g. "01/2026").</summary>
    public required string RegisterBook { get; init; }
    /// <summary>Số thứ tự in the register book.</summary>
    public required int RegisterLine { get; init; }
    /// <summary>Printed under "NGƯỜI TIẾP NHẬN HỒ SƠ": the officer who received or accepted the dossier, or the unit's
    /// name when an integrated system received it with no officer (never the system's name).</summary>
    public required string ReceivingOfficerName { get; init; }
    public Channel Channel { get; init; } = Channel.Direct;
    /// <summary>Public lookup URL, drawn as a QR code.</summary>
    public required string LookupUrl { get; init; }
    /// <summary>Issue 17: the dossier's rating token and rating page, printed below the form with a QR
    /// (<see cref="RatingInvite"/>); null prints nothing.</summary>
    public RatingInvite? Rating { get; init; }
}

/// <summary>Issue 17: what Mẫu 01 prints so that only the applicant can rate the dossier: the rating token
/// (<c>XXXX-XXXX-XXXX</c>, "Mã đánh giá") and the rating page's address with code and token, drawn as a QR code.</summary>
public sealed record RatingInvite(string Token, string Url);

/// <summary>Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ".</summary>
public sealed record SupplementRequestForm : DeskForm
{
    /// <summary>The dossier's code when the notice belongs to one (issued during appraisal); also the PDF subject.
    /// Null at the desk, where no dossier is created.</summary>
    public string? DossierCode { get; init; }
    /// <summary>When the dossier was received; null at the desk. Never the notice's own date.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
    /// <summary>Every missing item, once and in full; at least one.</summary>
    public required IReadOnlyList<SupplementItem> Items { get; init; }
    public required string ContactOfficerName { get; init; }
    public required string ContactOfficerPhone { get; init; }
    /// <summary>Officer who signs (người hướng dẫn); often the contact officer.</summary>
    public required string OfficerName { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}

/// <summary>Mẫu 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ".</summary>
public sealed record RefusalForm : DeskForm
{
    public string? DossierCode { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public required string Reason { get; init; }
    /// <summary>Legal basis, e.g. "khoản 2 Điều 16 Luật Hộ tịch 2014".</summary>
    public required string LegalBasis { get; init; }
    public required string OfficerName { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}
