using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;

namespace MotCua.Domain.NationalPortal;

/// <summary>
/// The bodies MotCua sends the National Public Service Portal (docs/PORTAL.md), with exactly the keys of the field list
/// (tests/data/dvcqg/dvcqg_dossier_sync_fields.json, reconstructed from Tan Dan's and OpenCPS's public code; the official
/// VPCP guide was not available [unverified]): a dossier (HoSo, service <c>DongBoHoSoMC</c>) and a progress step
/// (QuaTrinhXuLy, service <c>CapNhatTienDoHoSoMC</c>). Every scalar is a string (<see cref="PortalFormat"/>); lists are
/// lists of string maps. Pure: the same view and instant give the same body.
/// </summary>
public static class PortalPayload
{
    /// <summary>The service that creates or updates a dossier on the portal.</summary>
    public const string DossierService = "DongBoHoSoMC";

    /// <summary>The service that adds a progress step.</summary>
    public const string StepService = "CapNhatTienDoHoSoMC";

    /// <summary>Sent when nobody is named as handler (Tan Dan's default).</summary>
    public const string DefaultHandler = "Chuyên viên";

    /// <summary>
    /// The HoSo object of <paramref name="view"/> as it stood at <paramref name="asOf"/> with <paramref name="status"/>
    /// (the status the event reached): lists and instants later than <paramref name="asOf"/> are left out, so a payload built
    /// late still says what was true at the event. Keys and sources: docs/design/ISSUE16.md §1.3.
    /// </summary>
    public static Dictionary<string, object> HoSo(DossierSyncView view, DateTimeOffset asOf, DossierStatus status)
    {
        DateTimeOffset? Known(DateTimeOffset? at) => at is { } a && a <= asOf ? a : null;
        var applicant = view.Applicant;
        var refusedAt = Known(view.RefusedAt);
        var finishedAt = Known(view.FinishedAt);
        var returnedAt = Known(view.ReturnedAt);
        var owner = PortalFormat.Text(applicant.FullName);
        var ended = status is DossierStatus.NotReceived or DossierStatus.Stopped || refusedAt is not null;
        // The documents held at the event: one a later supplement brought is not yet there (trial 16b HIGH 1's rest). The
        // event's instant was kept in whole microseconds, the document's in 100 ns ticks: one the same step wrote reads up to
        // 0.9 µs after its event, so the event's whole microsecond holds it (fourth fresh trial HIGH 1).
        var documents = view.Documents.Where(d => d.AddedAt is not { } added || added <= EndOfMicrosecond(asOf)).ToList();
        return new Dictionary<string, object>
        {
            ["MaHoSo"] = view.PortalCode ?? view.Code,
            ["MaTTHC"] = view.ProcedureCode,
            ["TenTTHC"] = PortalFormat.Text(view.ProcedureName),
            ["MaLinhVuc"] = PortalFormat.Text(view.FieldCode),
            ["TenLinhVuc"] = PortalFormat.Text(view.FieldName),
            ["KenhThucHien"] = ((int)view.Channel).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ChuHoSo"] = owner,
            ["SoGiayToChuHoSo"] = PortalFormat.Text(applicant.IdNumber),
            ["LoaiDoiTuong"] = SubjectKind(applicant.Kind),
            ["MaDoiTuong"] = PortalFormat.Text(view.PortalAccountId),
            ["ThongTinKhac"] = applicant.Kind == ApplicantKind.Individual ? "" : PortalFormat.Text(applicant.Representative),
            ["Email"] = PortalFormat.Text(applicant.Email),
            ["Fax"] = "",
            ["SoDienThoai"] = PortalFormat.Text(applicant.Phone),
            ["TrichYeuHoSo"] = PortalFormat.Text($"{view.ProcedureName} - {applicant.FullName}", PortalFormat.AbstractLength),
            ["NgayNopHoSo"] = PortalFormat.Instant(view.SubmittedAt),
            ["NgayTiepNhan"] = PortalFormat.Instant(status == DossierStatus.Submitted ? view.SubmittedAt : Known(view.ReceivedAt) ?? view.SubmittedAt),
            // The due the dossier had at this event (a refusal keeps the due it had; a dossier that never had one sends the
            // receipt instant: the field is required).
            ["NgayHenTra"] = PortalFormat.Instant(view.DueAsOf(asOf) ?? Known(view.ReceivedAt) ?? view.SubmittedAt),
            ["TrangThaiHoSo"] = PortalStatus.Code(status),
            ["NgayTra"] = PortalFormat.Instant(returnedAt),
            ["ThongTinTra"] = returnedAt is null ? "" : ReturnText(view.ReturnMethod, view.ReturnedTo),
            // The return method is chosen at the return: before it, nothing says post (trial 16b HIGH 1).
            ["HinhThuc"] = PortalFormat.Flag(returnedAt is not null && view.ReturnMethod == ReturnMethod.Post),
            ["NgayKetThucXuLy"] = PortalFormat.Instant(finishedAt),
            // The agency holding the dossier once this event was done, not the one holding it when the HoSo is built.
            ["DonViXuLy"] = PortalFormat.Text(view.HandlingUnitAsOf(asOf, status)),
            // The citizen's reason travels with the withdrawal request itself (status 7), not only with the stop that follows
            // (fifth portal trial LOW 7: the portal showed a withdrawal without its reason).
            ["GhiChu"] = ended ? PortalFormat.Text(view.Note) : status == DossierStatus.WithdrawalRequested ? PortalFormat.Text(view.WithdrawalReason) : "",
            ["NoiNopHoSo"] = "2",
            ["HoSoCoThanhPhanSoHoa"] = PortalFormat.Flag(documents.Any(d => d.Digitised || d.Reused > 0)),
            ["TaiKhoanDuocXacThucVoiVNeID"] = PortalFormat.Flag(view.VneIdVerified),
            // An obligation raised during processing and still unpaid is money due, whatever the intake fee's state.
            ["DuocThanhToanTrucTuyen"] = view.Payment switch
            {
                _ when view.ObligationDueAt(asOf, status) => "3",
                FeePayment.PaidOnline when view.PaidAt is not { } paid || paid <= asOf => "1",
                FeePayment.PaidOnline or FeePayment.Due => "3",
                _ => "0",
            },
            ["NgayTuChoi"] = PortalFormat.Instant(refusedAt),
            ["DinhDanhCHS"] = Identifiers(applicant),
            ["DSKetNoiCSDL"] = view.RegistryConsulted ? new List<Dictionary<string, string>> { new() { ["MaCSDL"] = "7" } } : new List<Dictionary<string, string>>(),
            ["TaiLieuNop"] = documents.Select(Document).ToList(),
            // The intake's fee, then the phí and lệ phí a financial obligation asked for by this event (trial 16f MEDIUM 2: the
            // portal never saw a land dossier's lệ phí).
            ["DanhSachLePhi"] = view.Fees.Concat(view.ObligationsAsOf(asOf).Select(o => o.Item)).Select(f => Fee(f, view.Channel)).ToList(),
            ["DanhSachTepDinhKemKhac"] = new List<Dictionary<string, string>>(),
            ["DanhSachHoSoBoSung"] = view.Supplements.Where(s => s.RequestedAt <= asOf).Select(s => Supplement(s, asOf, view.Documents)).ToList(),
            ["DanhSachGiayToKetQua"] = view.Results.Where(r => r.At <= asOf).Select(r => Result(r, view.ResultCode)).ToList(),
        };
    }

    /// <summary>
    /// The last 100 ns tick of the microsecond <paramref name="at"/> falls in: an instant PostgreSQL kept (timestamptz holds
    /// whole microseconds) stands for that whole microsecond when it is compared with one kept in ticks (a dossier's JSON).
    /// </summary>
    public static DateTimeOffset EndOfMicrosecond(DateTimeOffset at) =>
        new(at.Ticks - at.Ticks % TimeSpan.TicksPerMicrosecond + TimeSpan.TicksPerMicrosecond - 1, at.Offset);

    /// <summary>
    /// The QuaTrinhXuLy object of one event of <paramref name="view"/>: handler (cut to 50 characters, "Chuyên viên" when
    /// unnamed), title, instant, department, what was done (the action's Vietnamese name, the step and the note), the status
    /// reached, and the step's start and legal due (the dossier's due at the event when the event has no step).
    /// </summary>
    public static Dictionary<string, object> Step(DossierSyncView view, SyncStep step)
    {
        // The submission is the citizen's, made when NgayNopHoSo says: a dossier the portal pushed late is recorded here at
        // its arrival, yet its first step is timed at the submission (trial 16b LOW 11). The due stays the event's own.
        var handled = step.Action == DossierEventAction.Submit && view.SubmittedAt < step.At ? step with { At = view.SubmittedAt } : step;
        var content = Content(ActionName(step.Action), step.StepName, step.Note);
        return new Dictionary<string, object>
        {
            ["MaHoSo"] = view.PortalCode ?? view.Code,
            ["NguoiXuLy"] = PortalFormat.Text(string.IsNullOrWhiteSpace(step.Actor) ? DefaultHandler : step.Actor, PortalFormat.HandlerLength),
            ["ChucDanh"] = PortalFormat.Text(step.Title),
            ["ThoiDiemXuLy"] = PortalFormat.Instant(handled.At),
            ["PhongBanXuLy"] = PortalFormat.Text(step.Department),
            ["NoiDungXuLy"] = PortalFormat.Text(content),
            ["TrangThai"] = PortalStatus.Code(step.Status),
            ["NgayBatDau"] = PortalFormat.Instant(StartOf(handled)),
            ["NgayKetThucTheoQuyDinh"] = PortalFormat.Instant(step.StepDueAt ?? view.DueAsOf(step.At)),
        };
    }

    /// <summary>
    /// NoiDungXuLy from the action's name, the step's name and the note, each said once (third trial LOW 5: "Phê duyệt kết
    /// quả: Phê duyệt, ký kết quả: Phê duyệt kết quả: Đồng ý"): a part opening with an earlier one and ": " loses that
    /// opening, a part equal to an earlier one is dropped, and a part that only opens a later one ("Chuyển hồ sơ" before
    /// "Chuyển hồ sơ đến …") is dropped, so "Phê duyệt kết quả: Phê duyệt, ký kết quả: Đồng ý".
    /// </summary>
    public static string Content(params string?[] parts)
    {
        var kept = new List<string>();
        foreach (var raw in parts)
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var part = raw.Trim();
            foreach (var earlier in kept)
                if (part.StartsWith(earlier + ":", StringComparison.Ordinal)) part = part[(earlier.Length + 1)..].TrimStart();
            if (part.Length > 0 && !kept.Contains(part)) kept.Add(part);
        }
        return string.Join(": ", kept.Where(k => !kept.Any(other => other.Length > k.Length && other.StartsWith(k, StringComparison.Ordinal))));
    }

    /// <summary>
    /// NgayBatDau of a progress step: when the step began, never after its handling instant. A step entered after office
    /// hours counts from the next working period (its deadline runs from there), yet an officer may complete it the same
    /// evening; its start is then the handling instant [choice: the counted start, not the clock time of the transfer, is
    /// what the step's legal deadline NgayKetThucTheoQuyDinh is reckoned from, so it is kept whenever it is not later;
    /// sixteenth trial LOW 11g: a step done at 21:08 reported a start at 07:00 the next day].
    /// </summary>
    public static DateTimeOffset StartOf(SyncStep step) =>
        step.StepStartedAt is { } started && started < step.At ? started : step.At;

    /// <summary>The Vietnamese name of an action as the portal's NoiDungXuLy opens with it.</summary>
    public static string ActionName(DossierEventAction action) => action switch
    {
        DossierEventAction.Submit => "Nộp hồ sơ trực tuyến",
        DossierEventAction.Receive => "Tiếp nhận hồ sơ",
        DossierEventAction.Refuse => "Từ chối tiếp nhận hồ sơ",
        DossierEventAction.Accept => "Tiếp nhận hồ sơ trực tuyến",
        DossierEventAction.Transfer => "Chuyển hồ sơ",
        DossierEventAction.Assign => "Phân công xử lý",
        DossierEventAction.CompleteStep => "Hoàn thành bước xử lý",
        DossierEventAction.SendBack => "Trả lại bước trước",
        DossierEventAction.Approve => "Phê duyệt kết quả",
        DossierEventAction.RefuseOnMerits => "Từ chối giải quyết",
        DossierEventAction.ResultReady => "Có kết quả",
        DossierEventAction.Return => "Trả kết quả",
        DossierEventAction.SupplementRequest => "Yêu cầu bổ sung hồ sơ",
        DossierEventAction.SupplementReceived => "Nhận hồ sơ bổ sung",
        DossierEventAction.FinancialObligation => "Yêu cầu thực hiện nghĩa vụ tài chính",
        DossierEventAction.PaymentReceived => "Đã thực hiện nghĩa vụ tài chính",
        DossierEventAction.Extend => "Gia hạn",
        DossierEventAction.Withdraw => "Công dân rút hồ sơ",
        DossierEventAction.Stop => "Dừng giải quyết",
        DossierEventAction.CoAgencyAnswer => "Ý kiến cơ quan phối hợp",
        DossierEventAction.Reorganise => "Chuyển đơn vị kế thừa",
        DossierEventAction.PaymentPaidEarlier => "Đã thực hiện nghĩa vụ tài chính (thời điểm nộp theo ngân hàng)",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    // 1 công dân, 2 doanh nghiệp (an enterprise or a household business), 4 tổ chức; 3 (a state agency as applicant) is not
    // modelled [choice, docs/design/ISSUE16.md §1.3].
    private static string SubjectKind(ApplicantKind kind) => kind switch
    {
        ApplicantKind.Individual => "1",
        ApplicantKind.Enterprise or ApplicantKind.HouseholdBusiness => "2",
        _ => "4",
    };

    // An individual's CCCD (12 digits, type 1) or old CMND (9 digits, type 2); nothing for others or another shape.
    private static List<Dictionary<string, string>> Identifiers(Applicant applicant)
    {
        var id = applicant.IdNumber?.Trim() ?? "";
        if (applicant.Kind != ApplicantKind.Individual || !id.All(char.IsAsciiDigit) || id.Length is not (12 or 9)) return [];
        return [new() { ["LoaiDinhDanh"] = id.Length == 12 ? "1" : "2", ["SoDinhDanh"] = id }];
    }

    private static Dictionary<string, string> Document(SyncDocument d) => new()
    {
        ["TepDinhKemId"] = d.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["TenTepDinhKem"] = PortalFormat.Text(d.Name),
        ["IsDeleted"] = "False",
        ["MaThanhPhanHoSo"] = PortalFormat.Text(d.RequiredCode),
        ["DuongDanTaiTepTin"] = PortalFormat.Text(d.FileUrl),
        ["DuocSoHoa"] = PortalFormat.Flag(d.Digitised),
        ["DuocTaiSuDung"] = d.Reused is 1 or 2 ? d.Reused.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
        ["DuocLayTuKhoDMQG"] = PortalFormat.Flag(d.Reused == 1),
        ["MaKetQuaThayThe"] = "",
    };

    // HinhThucThu: 1 at the desk, 2 online [choice]; LoaiPhiLePhi: 1 phí, 2 lệ phí [choice].
    private static Dictionary<string, string> Fee(ChargedItem item, Channel channel) => new()
    {
        ["TenPhiLePhi"] = PortalFormat.Text(item.Name),
        ["MaPhiLePhi"] = "",
        ["HinhThucThu"] = channel == Channel.Online ? "2" : "1",
        ["Gia"] = PortalFormat.Amount(item.AmountVnd),
        ["LoaiPhiLePhi"] = item.Kind == FeeKind.Fee ? "1" : "2",
    };

    // TrangThaiBoSung: 1 requested, 2 received [choice; the portal's code list is not known].
    private static Dictionary<string, object> Supplement(SyncSupplement s, DateTimeOffset asOf, IReadOnlyList<SyncDocument> documents)
    {
        var received = s.ReceivedAt is { } r && r <= asOf;
        return new()
        {
            ["HoSoBoSungId"] = s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NguoiYeuCauBoSung"] = PortalFormat.Text(s.RequestedBy),
            ["NoiDungBoSung"] = PortalFormat.Text(s.Content),
            ["NgayBoSung"] = PortalFormat.Instant(s.RequestedAt),
            ["NguoiTiepNhanBoSung"] = received ? PortalFormat.Text(s.ReceivedBy) : "",
            ["ThongTinTiepNhan"] = s.NoticeUrl ?? "",
            ["NgayTiepNhanBoSung"] = received ? PortalFormat.Instant(s.ReceivedAt) : "",
            ["TrangThaiBoSung"] = received ? "2" : "1",
            ["DanhSachGiayToBoSung"] = received ? s.Supplied.Select((d, i) => SuppliedDocument(d, SuppliedId(s, d, i + 1, documents))).ToList() : new List<Dictionary<string, string>>(),
            ["DanhSachLePhiBoSung"] = new List<Dictionary<string, string>>(),
            ["NgayHenTraTruoc"] = PortalFormat.Instant(s.DueBefore),
            ["NgayHenTraMoi"] = received ? PortalFormat.Instant(s.DueAfter) : "",
        };
    }

    /// <summary>
    /// The TepDinhKemId of a document a supplement's answer brought: one ID per document across the whole HoSo (third
    /// trial LOW 6: the portal's re-push made "Giấy xác nhận cư trú" <c>"3"</c> in TaiLieuNop and <c>"1"</c> in the
    /// supplement's history). A document the answer made a document of the dossier is its TaiLieuNop ID
    /// (<see cref="Dossiers.SuppliedDocument.Number"/>; an answer recorded before it was kept, the dossier's document with
    /// the same name and portal file). The paper a desk answer brought is not a document of the dossier: it is
    /// <c>BS{HoSoBoSungId}.{position in the answer}</c> [choice: the field list gives no shape; a TaiLieuNop ID is a bare
    /// number, so this one never names another document].
    /// </summary>
    public static string SuppliedId(SyncSupplement supplement, SuppliedDocument document, int position, IReadOnlyList<SyncDocument> documents) =>
        (document.Number ?? documents.FirstOrDefault(d => d.FileUrl is not null && d.Name == document.Name && d.FileUrl == document.FileUrl)?.Index)
            is { } number
            ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"BS{supplement.Id}.{position}");

    // A document brought by a supplement, in TaiLieuNop's shape: its ID (SuppliedId), no catalogue code (the request names
    // documents in words), the portal's file URL when the portal sent it.
    private static Dictionary<string, string> SuppliedDocument(SuppliedDocument d, string id) => new()
    {
        ["TepDinhKemId"] = id,
        ["TenTepDinhKem"] = PortalFormat.Text(d.Name),
        ["IsDeleted"] = "False",
        ["MaThanhPhanHoSo"] = "",
        ["DuongDanTaiTepTin"] = PortalFormat.Text(d.FileUrl),
        ["DuocSoHoa"] = "0",
        ["DuocTaiSuDung"] = "0",
        ["DuocLayTuKhoDMQG"] = "0",
        ["MaKetQuaThayThe"] = "",
    };

    private static Dictionary<string, string> Result(SyncResult r, string? resultCode) => new()
    {
        ["TenGiayTo"] = PortalFormat.Text(r.Name),
        ["MaThanhPhanHoSo"] = "",
        ["GiayToId"] = r.Id,
        ["DuongDanTepTinKetQua"] = PortalFormat.Text(r.Url),
        ["MaGiayToKetQua"] = PortalFormat.Text(resultCode),
    };

    private static string ReturnText(ReturnMethod? method, string? to) => (method switch
    {
        ReturnMethod.Post => "Bưu chính",
        ReturnMethod.Electronic => "Trực tuyến",
        _ => "Trả trực tiếp",
    }) + (string.IsNullOrWhiteSpace(to) ? "" : $" - {to.Trim()}");
}
