using MotCua.Domain.Dossiers;

namespace MotCua.Documents;

/// <summary>
/// What the three forms of the one-stop desk share: the letterhead, the applicant as identified at the desk (an
/// organisation as much as a person) and the procedure asked for. Each form dates the letterhead with its own instant:
/// the receipt with <see cref="ReceiptForm.ReceivedAt"/>, the others with their IssuedAt.
/// </summary>
public abstract record DeskForm
{
    public required Letterhead Letterhead { get; init; }
    public required string ApplicantName { get; init; }
    /// <summary>The applicant's kind as printed ("Cá nhân", "Doanh nghiệp", …); null prints no line.</summary>
    public string? ApplicantKind { get; init; }
    /// <summary>The identifier with its label, e.g. ("Mã số doanh nghiệp", "0101234567"); null prints no line.</summary>
    public (string Label, string Value)? ApplicantIdentifier { get; init; }
    /// <summary>The person acting for an organisation or household business; null prints no line.</summary>
    public string? ApplicantRepresentative { get; init; }
    public required string ProcedureName { get; init; }
    /// <summary>National procedure code (d.dddddd), optional.</summary>
    public string? ProcedureCode { get; init; }
}

/// <summary>Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".</summary>
public sealed record ReceiptForm : DeskForm
{
    public required string DossierCode { get; init; }
    public required string ApplicantAddress { get; init; }
    public required string ApplicantPhone { get; init; }
    public string? ApplicantEmail { get; init; }
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
    /// <summary>Where to collect the result.</summary>
    public required string ResultCollectionPlace { get; init; }
    /// <summary>Sổ theo dõi hồ sơ, quyển số (e.g. "01/2026").</summary>
    public required string RegisterBook { get; init; }
    /// <summary>Số thứ tự in the register book.</summary>
    public required int RegisterLine { get; init; }
    public required string ReceivingOfficerName { get; init; }
    public Channel Channel { get; init; } = Channel.Direct;
    /// <summary>Public lookup URL, drawn as a QR code.</summary>
    public required string LookupUrl { get; init; }
}

/// <summary>Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ".</summary>
public sealed record SupplementRequestForm : DeskForm
{
    /// <summary>Dossier code if one was issued; also the PDF subject.</summary>
    public string? DossierCode { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
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
    public string? ApplicantAddress { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public required string Reason { get; init; }
    /// <summary>Legal basis, e.g. "khoản 2 Điều 16 Luật Hộ tịch 2014".</summary>
    public required string LegalBasis { get; init; }
    public required string OfficerName { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}
