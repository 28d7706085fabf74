using System.Globalization;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>
/// Mẫu số 06 "Phiếu kiểm soát quá trình giải quyết hồ sơ" (TT 03/2025/TT-VPCP Phụ lục I; wording of TT 01/2018 Mẫu 05,
/// docs/FORMS.md §5.3): issued by the one-stop unit that received the dossier, one row per hand-over from
/// <see cref="MotCua.Domain.Dossiers.ControlSlip.Rows"/>.
/// </summary>
public sealed record ControlSlipForm
{
    /// <summary>The receiving one-stop unit's letterhead; the date line is <see cref="IssuedAt"/>.</summary>
    public required Letterhead Letterhead { get; init; }
    /// <summary>The slip's number ("12/PKS-TTPVHCC"), printed "Số: …"; null prints none.</summary>
    public string? Number { get; init; }
    public required string DossierCode { get; init; }
    public required string ApplicantName { get; init; }
    public required string ProcedureName { get; init; }
    /// <summary>Cơ quan (bộ phận) giải quyết hồ sơ: the competent agency (<see cref="CompetentAgency"/>), never the one-stop unit.</summary>
    public required string ResolvingAgencyName { get; init; }
    /// <summary>Cơ quan phối hợp giải quyết hồ sơ (liên thông); empty when none.</summary>
    public required IReadOnlyList<string> CoAgencyNames { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required IReadOnlyList<ControlSlipRow> Rows { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}

/// <summary>
/// What the documents an agency sends the applicant about a dossier share: the issuing agency's letterhead (each document
/// dates it with its own instant) and number, the addressee ("Kính gửi: Ông/Bà …" or "Tổ chức …", the identification
/// number, the address), the procedure and the signer (Nghị định 30/2020/NĐ-CP Phụ lục I, ô 7).
/// </summary>
public abstract record DossierLetter
{
    public required Letterhead Letterhead { get; init; }
    /// <summary>The document's number and symbol ("05/PXL-TTPVHCC"); null prints no number line.</summary>
    public string? Number { get; init; }
    public required string DossierCode { get; init; }
    /// <summary>The National Portal's code when the portal pushed the dossier, printed under <see cref="DossierCode"/> as
    /// "Mã hồ sơ trên Cổng DVCQG: …"; null otherwise.</summary>
    public string? PortalCode { get; init; }
    public required string ApplicantName { get; init; }
    /// <summary>A person is addressed "Ông/Bà", any other kind "Tổ chức" (TT 03/2025 Mẫu 04, as issue 11 reports it).</summary>
    public ApplicantKind ApplicantKind { get; init; } = ApplicantKind.Individual;
    /// <summary>The applicant's identification number (CCCD, enterprise code …), printed under its kind's label; null or empty prints none.</summary>
    public string? ApplicantIdNumber { get; init; }
    public required string ApplicantAddress { get; init; }
    public required string ProcedureName { get; init; }
    public string? ProcedureCode { get; init; }
    /// <summary>Who signs, with the authority and title Nghị định 30/2020 prints.</summary>
    public required Signatory Signer { get; init; }

    /// <summary>"Ông/Bà" for a person, "Tổ chức" for any organisation.</summary>
    internal string Honorific => ApplicantKind == ApplicantKind.Individual ? "Ông/Bà" : "Tổ chức";

    /// <summary>Draws the addressee: "Kính gửi" the applicant, the identification number and the address.</summary>
    internal void Addressee(FormCanvas c)
    {
        c.Field("Kính gửi", Honorific + " " + ApplicantName);
        if (!string.IsNullOrWhiteSpace(ApplicantIdNumber)) c.Field(ApplicantKind.IdentifierLabel(), ApplicantIdNumber.Trim(), valueStyle: TextStyle.Regular);
        c.Field("Địa chỉ", ApplicantAddress, valueStyle: TextStyle.Regular);
    }
}

/// <summary>What the notices about a dossier in process share; the letterhead is dated <see cref="IssuedAt"/>.</summary>
public abstract record DossierNotice : DossierLetter
{
    /// <summary>The one-stop unit that received the dossier (named in the body and under "Nơi nhận").</summary>
    public required string ReceivingUnitName { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}

/// <summary>
/// Mẫu số 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" (TT 03/2025/TT-VPCP Phụ lục I, docs/FORMS.md §5.1):
/// issued by the competent agency under its own letterhead and number, signed by its head.
/// </summary>
public sealed record ApologyForm : DossierNotice
{
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset OriginalDueAt { get; init; }
    public required DateTimeOffset NewDueAt { get; init; }
    public required string Reason { get; init; }
}

/// <summary>
/// Mẫu số 05 "Thông báo dừng giải quyết hồ sơ" (TT 03/2025/TT-VPCP Phụ lục I, docs/FORMS.md §5.2): issued by the one-stop
/// unit where the dossier was received, signed by its head, copied to the competent agency.
/// </summary>
public sealed record StopNoticeForm : DossierNotice
{
    /// <summary>When the one-stop unit received the dossier; null for an online dossier stopped before it was accepted
    /// (a supplement asked at the check, then withdrawn or stopped): the notice then opens with <see cref="SubmittedAt"/>.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
    /// <summary>When the applicant submitted the dossier online; printed ("nộp trực tuyến") only when it was never received.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
    public required string Reason { get; init; }
    /// <summary>The competent agency, which stops resolving the dossier; under "Nơi nhận". Null before transfer, when the
    /// dossier never reached one.</summary>
    public string? CompetentAgencyName { get; init; }
    /// <summary>The citizen's withdrawal request and when it was recorded, when the stop follows one.</summary>
    public string? WithdrawalRequest { get; init; }
    public DateTimeOffset? WithdrawalRequestedAt { get; init; }
}

/// <summary>The forms of processing after receipt, A5 portrait like the intake forms.</summary>
public static class ProcessingForms
{
    public const string ControlSlipTitle = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";
    public const string ApologyTitle = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT";
    public const string StopNoticeTitle = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";

    /// <summary>
    /// Mẫu 04's labels in the order printed (docs/FORMS.md §5.1). The title is V-list; the rest is provisional (I1: a 2026
    /// Đồng Nai copy; R: issue 11's report of QĐ 3621/QĐ-BYT) until checked against the annex of TT 03/2025.
    /// </summary>
    public static readonly IReadOnlyList<string> ApologyLabels =
    [
        "Số:", ApologyTitle, "Kính gửi:", "Địa chỉ:", "tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính", "Mã hồ sơ:",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ:", "Tuy nhiên đến nay,", "chưa trả kết quả giải quyết hồ sơ",
        "đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.", "Lý do:", "xin lỗi", "rất mong nhận được sự thông cảm",
        "Thời gian hẹn trả kết quả lại:", "Trân trọng./.", "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
    ];

    /// <summary>
    /// Mẫu 05's labels in the order printed (docs/FORMS.md §5.2). Only the title is V-list; no copy of the 2025 form was
    /// found, so every other label is MotCua's own (—), provisional until the annex check.
    /// </summary>
    public static readonly IReadOnlyList<string> StopNoticeLabels =
    [
        "Số:", StopNoticeTitle, "Mã hồ sơ:", "Kính gửi:", "Địa chỉ:", "tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính",
        "Lý do:", "thông báo dừng giải quyết hồ sơ", "Trân trọng./.", "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
    ];

    /// <summary>The control slip's table columns (docs/FORMS.md §5.3 items 11–14, I: three implementations agree).</summary>
    public static readonly IReadOnlyList<string> ControlSlipColumns =
    [
        "TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)", "GHI CHÚ",
    ];

    /// <summary>
    /// The notes under the table (docs/FORMS.md §5.3 item 18), as the Thanh Hóa copy of TT 01/2018 Mẫu 05 prints them
    /// (I1, provisional: the second note reads like a local edit).
    /// </summary>
    public static readonly IReadOnlyList<string> ControlSlipNotes =
    [
        "Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính công ích theo Quyết định số 45/2016/QĐ-TTg thì thời gian giao, nhận hồ sơ và việc ký nhận thể hiện trong hóa đơn của cơ quan Bưu chính;",
        "Kết quả giải quyết hồ sơ do bên nhập thông tin/ ghi khi nhận bàn giao hồ sơ.",
        "Trường hợp Hệ thống thông tin một cửa điện tử chưa vận hành, người giao và người nhận phải ký và ghi rõ họ tên. Khi Hệ thống thông tin một cửa điện tử đã vận hành, việc lưu vết được thực hiện tự động và thể hiện trên mẫu phiếu điện tử.",
    ];

    /// <summary>
    /// Mẫu 06's labels in the order printed (docs/FORMS.md §5.3): the fields (I, "(Kèm theo hồ sơ của" I1), the columns,
    /// the hand-over pair of a row ("1. Giao:", "2. Nhận:", "Người giao:", "Người nhận:", I) and "Ghi chú:".
    /// </summary>
    public static readonly IReadOnlyList<string> ControlSlipLabels =
    [
        "Số:", ControlSlipTitle, "Mã hồ sơ:", "(Kèm theo hồ sơ của", "Cơ quan (bộ phận) giải quyết hồ sơ:", "Cơ quan phối hợp giải quyết hồ sơ:",
        .. ControlSlipColumns, "1. Giao:", "2. Nhận:", "Người giao:", "Người nhận:", "Ghi chú:",
    ];

    /// <summary>Mẫu 04, one A5 page: the apology and the request to extend the time, signed by the competent agency's head.</summary>
    public static byte[] Apology(ApologyForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var agency = form.Letterhead.UnitName;
        var who = form.Honorific;
        using var c = Notice(form, ApologyTitle);
        c.Paragraph([new Run(DateLine(form.ReceivedAt) + ", " + form.ReceivingUnitName + " tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính "),
            new Run(ProcedureAfterKind(form.ProcedureName, form.ProcedureCode), TextStyle.Bold), new Run($" của {who} {form.ApplicantName}.")]);
        c.Field("Mã hồ sơ", form.DossierCode);
        c.Field("Thời gian hẹn trả kết quả giải quyết hồ sơ", LongTime(form.OriginalDueAt));
        c.Paragraph([new Run($"Tuy nhiên đến nay, {agency} chưa trả kết quả giải quyết hồ sơ của {who} đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")]);
        c.Field("Lý do", Sentence(form.Reason), valueStyle: TextStyle.Regular);
        c.Paragraph([new Run($"{agency} xin lỗi {who} về sự chậm trễ này, đề nghị gia hạn thời gian giải quyết hồ sơ và rất mong nhận được sự thông cảm của {who}.")]);
        c.Field("Thời gian hẹn trả kết quả lại", LongTime(form.NewDueAt));
        c.Paragraph([new Run("Trân trọng./.")], align: TextAlign.Left);
        c.SignOff(form.Signer, ["- Như trên;", $"- {form.ReceivingUnitName};", "- Lưu: VT."]);
        return c.Finish();
    }

    /// <summary>Mẫu 05, one A5 page: the receiving unit tells the applicant that the dossier is no longer resolved, and why.</summary>
    public static byte[] StopNotice(StopNoticeForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var unit = form.Letterhead.UnitName;
        var who = form.Honorific;
        using var c = Notice(form, StopNoticeTitle);
        // A dossier stopped before acceptance was never received: the form's receipt date is its online submission, said as
        // such [choice, docs/PORTAL.md], not a reception that never happened.
        if (form.ReceivedAt is { } received)
            c.Paragraph([new Run(DateLine(received) + ", " + unit + " tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính "),
                new Run(ProcedureAfterKind(form.ProcedureName, form.ProcedureCode), TextStyle.Bold), new Run($" của {who} {form.ApplicantName}.")]);
        else
            c.Paragraph([new Run(DateLine(form.SubmittedAt ?? throw new ArgumentException("Cần ngày tiếp nhận hoặc ngày nộp hồ sơ.", nameof(form)))
                    + $", {who} {form.ApplicantName} nộp trực tuyến hồ sơ đề nghị giải quyết thủ tục hành chính "),
                new Run(ProcedureAfterKind(form.ProcedureName, form.ProcedureCode), TextStyle.Bold), new Run($" đến {unit}; hồ sơ chưa được tiếp nhận.")]);
        // The code is printed under the title (FormCanvas.ForDossier): once is enough (trial16g LOW 10).
        if (form.WithdrawalRequest is { Length: > 0 } request)
            c.Paragraph([new Run((form.WithdrawalRequestedAt is { } at ? DateLine(at) + ", " : "") + $"{who} đề nghị rút hồ sơ: " + Sentence(request))]);
        c.Field("Lý do", Sentence(form.Reason), valueStyle: TextStyle.Regular);
        var competent = form.CompetentAgencyName is { Length: > 0 } name ? name : null;
        c.Paragraph([new Run(unit + " "), new Run("thông báo dừng giải quyết hồ sơ", TextStyle.Bold),
            new Run(" nêu trên" + (competent is null ? "" : $"; {competent} không tiếp tục giải quyết hồ sơ") + "."
                // A dossier never received left no paper at the unit to take back (trial16g LOW 10).
                + (form.ReceivedAt is null ? "" : $" {who} liên hệ {unit} để nhận lại hồ sơ đã nộp (nếu có)."))]);
        c.Paragraph([new Run("Trân trọng./.")], align: TextAlign.Left);
        c.SignOff(form.Signer, competent is null ? ["- Như trên;", "- Lưu: VT."] : ["- Như trên;", $"- {competent};", "- Lưu: VT."]);
        return c.Finish();
    }

    // Officers type reasons without the final full stop; the printed sentence needs one.
    private static string Sentence(string text) => text.TrimEnd().TrimEnd('.') + ".";

    /// <summary>"Ngày 20 tháng 11 năm 2026" in Vietnam time, day and months 1–2 with a leading zero as the date line (Nghị định 30/2020).</summary>
    private static string DateLine(DateTimeOffset instant)
    {
        var t = InVietnam(instant);
        var month = t.Month <= 2 ? t.Month.ToString("00", CultureInfo.InvariantCulture) : t.Month.ToString(CultureInfo.InvariantCulture);
        return $"Ngày {t.Day.ToString("00", CultureInfo.InvariantCulture)} tháng {month} năm {t.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>"08 giờ 15 phút, ngày 20 tháng 11 năm 2026": the control slip's time of a hand-over.</summary>
    private static string HandOverTime(DateTimeOffset instant) =>
        InVietnam(instant).ToString("HH' giờ 'mm' phút, '", CultureInfo.InvariantCulture) + DateLine(instant).ToLowerInvariant();

    private static FormCanvas Notice(DossierNotice form, string title)
    {
        var c = FormCanvas.ForDossier(title, form.DossierCode, form.Letterhead, form.IssuedAt, form.Number, portalCode: form.PortalCode);
        try
        {
            form.Addressee(c);
            c.Space(2);
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>Mẫu 06: the fields, the hand-over table in the columns of <see cref="ControlSlipColumns"/> and the notes.</summary>
    public static byte[] ControlSlip(ControlSlipForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.DossierCode);
        using var c = FormCanvas.ForDossier(ControlSlipTitle, form.DossierCode, form.Letterhead, form.IssuedAt, form.Number);
        c.Paragraph([new Run($"(Kèm theo hồ sơ của {form.ApplicantName})", TextStyle.Italic)], align: TextAlign.Center);
        c.Field("Thủ tục", form.ProcedureName, valueStyle: TextStyle.Regular);
        c.Field("Cơ quan (bộ phận) giải quyết hồ sơ", form.ResolvingAgencyName);
        c.Field("Cơ quan phối hợp giải quyết hồ sơ", form.CoAgencyNames.Count == 0 ? "không" : string.Join("; ", form.CoAgencyNames), valueStyle: TextStyle.Regular);
        c.Field("Thời gian tiếp nhận", LongTime(form.ReceivedAt), valueStyle: TextStyle.Regular);
        c.Field("Thời gian hẹn trả kết quả", LongTime(form.DueAt), valueStyle: TextStyle.Regular);
        c.Space(3);
        c.Table(
            [
                new TableColumn(ControlSlipColumns[0], 0, TextAlign.Left),
                new TableColumn(ControlSlipColumns[1], 122, TextAlign.Left),
                new TableColumn(ControlSlipColumns[2], 66, TextAlign.Center),
                new TableColumn(ControlSlipColumns[3], 66, TextAlign.Left),
            ],
            [.. form.Rows.Select(r => new[]
            {
                $"1. Giao: {r.Unit}\n2. Nhận: {r.ReceivingUnit ?? "—"}",
                $"{HandOverTime(r.At)}\nNgười giao: {r.HandedBy}\nNgười nhận: {r.ReceivedBy ?? "—"}",
                r.Timing?.Vietnamese() ?? "—",
                string.IsNullOrWhiteSpace(r.Note) ? r.Step : $"{r.Step}: {r.Note.Trim()}",
            })],
            new TableStyle(Size: 7));
        c.Paragraph([new Run("Ghi chú:", TextStyle.BoldItalic)], size: 7.5, align: TextAlign.Left, spaceAfter: 0.5);
        foreach (var note in ControlSlipNotes)
            c.Paragraph([new Run("- " + note, TextStyle.Italic)], size: 7, align: TextAlign.Justify, spaceAfter: 0.5);
        return c.Finish();
    }
}
