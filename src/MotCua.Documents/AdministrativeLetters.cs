using System.Globalization;
using MotCua.Domain.Dossiers;
using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>
/// The documents the law asks for that have no national form (docs/FORMS.md §7), laid out as administrative documents of
/// Nghị định 30/2020/NĐ-CP Phụ lục III: the công văn (Mẫu 1.5: "Số", "V/v …" under it, "Kính gửi:", body, "Nơi nhận:",
/// signer), the thông báo (Mẫu 1.4), the biên bản (Mẫu 1.9) and a questionnaire. Each returns the unsigned PDF; the web
/// numbers and signs it. Each document's labels are one list here (the tests find every one of them in the PDF); ND 30
/// labels are tagged V in docs/FORMS.md, the others are MotCua's wording (tag "—"), provisional until the annex check.
/// </summary>
public static class AdministrativeLetters
{
    public const string ExtensionRequestSubject = "V/v đề nghị gia hạn thời gian giải quyết hồ sơ";
    public const string ConsultationSubject = "V/v lấy ý kiến phối hợp giải quyết hồ sơ";
    public const string ConsultationAnswerSubject = "V/v trả lời ý kiến phối hợp giải quyết hồ sơ";
    public const string FieldVerificationTitle = "BIÊN BẢN";
    public const string FieldVerificationSubject = "Kiểm tra, xác minh hồ sơ";
    public const string LostSubject = "V/v xin lỗi do làm mất hồ sơ";
    public const string DamagedSubject = "V/v xin lỗi do làm hư hỏng hồ sơ";
    public const string EarlyReturnTitle = "THÔNG BÁO";
    public const string EarlyReturnSubject = "Về việc trả kết quả giải quyết hồ sơ trước hạn";
    public const string EvaluationSlipTitle = "PHIẾU ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH";

    // "Số:", "Kính gửi:", "Nơi nhận:" and "Lưu: VT" are Nghị định 30/2020 Phụ lục I (V); the field labels are MotCua's (—).
    /// <summary>The labels of the extension request, in print order.</summary>
    public static readonly IReadOnlyList<string> ExtensionRequestLabels =
        ["Số:", ExtensionRequestSubject, "Kính gửi:", "Mã hồ sơ:", "Tổ chức, cá nhân nộp hồ sơ:", "Thủ tục hành chính:", "Thời gian tiếp nhận:",
         "Thời hạn trả kết quả đã hẹn:", "Lý do chưa giải quyết xong:", "Đề nghị gia hạn thời gian trả kết quả đến:", "Nơi nhận:", "Lưu: VT"];

    /// <summary>The labels of the consultation request, in print order.</summary>
    public static readonly IReadOnlyList<string> ConsultationLabels =
        ["Số:", ConsultationSubject, "Kính gửi:", "Mã hồ sơ:", "Thủ tục hành chính:", "Nội dung đề nghị cho ý kiến:", "Thời hạn trả lời:", "Nơi nhận:", "Lưu: VT"];

    /// <summary>The labels of the consultation answer, in print order.</summary>
    public static readonly IReadOnlyList<string> ConsultationAnswerLabels =
        ["Số:", ConsultationAnswerSubject, "Kính gửi:", "Mã hồ sơ:", "Nội dung đề nghị cho ý kiến:", "Thời hạn trả lời:", "Ngày trả lời:", "Ý kiến:", "Nơi nhận:", "Lưu: VT"];

    // Nghị định 30/2020 Phụ lục III Mẫu 1.9 (V), as docs/FORMS.md §7 quotes them; "Mã hồ sơ:" and the subject are MotCua's.
    /// <summary>The labels of the field-verification record, in print order.</summary>
    public static readonly IReadOnlyList<string> FieldVerificationLabels =
        ["Số:", FieldVerificationTitle, "Mã hồ sơ:", FieldVerificationSubject, "Thời gian bắt đầu:", "Địa điểm:", "Thành phần tham dự:", "Chủ trì (chủ toạ):",
         "Thư ký (người ghi biên bản):", "Nội dung", "kết thúc vào", "THƯ KÝ", "CHỦ TRÌ"];

    /// <summary>The labels of the apology for a lost or damaged dossier, in print order (the subject names which).</summary>
    public static readonly IReadOnlyList<string> LossApologyLabels =
        ["Số:", "V/v xin lỗi do làm", "Kính gửi:", "Địa chỉ:", "Mã hồ sơ:", "Thủ tục hành chính:", "Hồ sơ bị", "Biện pháp khắc phục:",
         "Chi phí khắc phục do cơ quan chịu:", "Nơi nhận:", "Lưu: VT"];

    // Nghị định 30/2020 Phụ lục III Mẫu 1.4 "Văn bản có tên loại" (V) for the title and "Số: …/TB-…"; the fields are MotCua's.
    /// <summary>The labels of the early-return notice, in print order.</summary>
    public static readonly IReadOnlyList<string> EarlyReturnLabels =
        ["Số:", EarlyReturnTitle, EarlyReturnSubject, "Kính gửi:", "Địa chỉ:", "Mã hồ sơ:", "Thủ tục hành chính:", "Kết quả đã có từ:", "Thời gian hẹn trả kết quả:",
         "Nơi nhận kết quả:", "Thời gian nhận kết quả:", "Nơi nhận:", "Lưu: VT"];

    /// <summary>The labels of the evaluation slip, in print order: its head, then each indicator of <see cref="RatingIndicators"/> with its three answers.</summary>
    public static readonly IReadOnlyList<string> EvaluationSlipLabels =
        [EvaluationSlipTitle, "Mã hồ sơ:", "Thủ tục hành chính:", "Chỉ tiêu đánh giá",
         .. RatingIndicators.All.SelectMany(i => i.Answers.OrderByDescending(a => a.Score).Select(a => $"{a.Text} ({a.Score} điểm)").Prepend($"{i.Number}. {i.Question}"))];

    /// <summary>The competent agency to the one-stop unit: the dossier, the time promised, why it is late and the new time asked.</summary>
    public static byte[] ExtensionRequest(ExtensionRequestLetter form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var c = Letter(form, ExtensionRequestSubject, form.OneStopUnitName);
        c.Paragraph([new Run(form.Letterhead.UnitName + " đang giải quyết hồ sơ do " + form.OneStopUnitName + " tiếp nhận và chuyển đến:")]);
        DossierFields(c, form, form.ApplicantName);
        c.Field("Thời gian tiếp nhận", ShortTime(form.ReceivedAt), valueStyle: TextStyle.Regular);
        c.Field("Thời hạn trả kết quả đã hẹn", LongTime(form.OriginalDueAt));
        c.Field("Lý do chưa giải quyết xong", Sentence(form.Reason), valueStyle: TextStyle.Regular);
        c.Field("Đề nghị gia hạn thời gian trả kết quả đến", LongTime(form.NewDueAt));
        c.Paragraph([new Run(form.Letterhead.UnitName + " đề nghị " + form.OneStopUnitName + " thông báo việc gia hạn và gửi văn bản xin lỗi đến "
            + form.ApplicantName + "; thời hạn giải quyết chỉ được gia hạn một lần.")]);
        c.SignOff(form.Signer, form.Recipients);
        return c.Finish();
    }

    /// <summary>The lead agency asks a co-agency for its opinion on its task of an interconnected dossier, by a deadline.</summary>
    public static byte[] ConsultationRequest(ConsultationLetter form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var c = Letter(form, ConsultationSubject, form.CoAgencyName);
        c.Paragraph([new Run(form.LeadAgencyName + " đang giải quyết hồ sơ liên thông của " + form.ApplicantName + ":")]);
        DossierFields(c, form, null);
        c.Field("Nội dung đề nghị cho ý kiến", form.Task);
        c.Field("Thời hạn trả lời", LongTime(form.AnswerDueAt));
        c.Paragraph([new Run("Đề nghị " + form.CoAgencyName + " cho ý kiến bằng văn bản trong thời hạn trên để " + form.LeadAgencyName + " giải quyết hồ sơ đúng hạn.")]);
        c.SignOff(form.Signer, form.Recipients);
        return c.Finish();
    }

    /// <summary>The co-agency's answer to a consultation: what it was asked, by when, when it answered and its opinion.</summary>
    public static byte[] ConsultationAnswer(ConsultationLetter form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.AnsweredAt is not { } answeredAt || string.IsNullOrWhiteSpace(form.Answer))
            throw new ArgumentException("A consultation answer needs the date and text of the answer.", nameof(form));
        using var c = Letter(form, ConsultationAnswerSubject, form.LeadAgencyName);
        c.Paragraph([new Run(form.CoAgencyName + " nhận được đề nghị của " + form.LeadAgencyName + " ngày " + Date(form.AskedAt) + " về hồ sơ:")]);
        DossierFields(c, form, null);
        c.Field("Nội dung đề nghị cho ý kiến", form.Task, valueStyle: TextStyle.Regular);
        c.Field("Thời hạn trả lời", LongTime(form.AnswerDueAt), valueStyle: TextStyle.Regular);
        c.Field("Ngày trả lời", ShortTime(answeredAt));
        c.Field("Ý kiến", Sentence(form.Answer), valueStyle: TextStyle.Regular);
        c.SignOff(form.Signer, form.Recipients);
        return c.Finish();
    }

    /// <summary>
    /// The record of a field verification (Nghị định 30/2020 Phụ lục III Mẫu 1.9): start, place, participants, chair and
    /// secretary, the findings, the closing line with the end time, and the signatures of the secretary, the chair and
    /// every other participant.
    /// </summary>
    public static byte[] FieldVerification(FieldVerificationLetter form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var v = form.Verification;
        using var c = FormCanvas.ForDossier(FieldVerificationTitle, form.DossierCode, form.Letterhead, form.IssuedAt, form.Number);
        c.Space(-6);
        c.Paragraph([new Run(FieldVerificationSubject, TextStyle.Bold)], align: TextAlign.Center, spaceAfter: 6);
        c.Field("Thủ tục hành chính", Procedure(form.ProcedureName, form.ProcedureCode), valueStyle: TextStyle.Regular);
        c.Field("Tổ chức, cá nhân nộp hồ sơ", form.ApplicantName, valueStyle: TextStyle.Regular);
        c.Field("Thời gian bắt đầu", Clock(v.StartedAt));
        c.Field("Địa điểm", v.Place);
        c.Paragraph([new Run("Thành phần tham dự:")], align: TextAlign.Left, spaceAfter: 1.5);
        foreach (var person in v.Participants) c.Paragraph([new Run("- " + person)], align: TextAlign.Left, indent: 8, spaceAfter: 1);
        c.Field("Chủ trì (chủ toạ)", v.Chair);
        c.Field("Thư ký (người ghi biên bản)", v.Secretary);
        c.Paragraph([new Run("Nội dung kiểm tra, xác minh:", TextStyle.Bold)], align: TextAlign.Left, spaceAfter: 1.5);
        c.Paragraph([new Run(v.Findings)]);
        c.Paragraph([new Run("Buổi kiểm tra, xác minh kết thúc vào " + Clock(v.EndedAt) + "./.")]);
        c.Signatures(new SignatureBlock("Thư ký", "(Ký, ghi rõ họ tên)", v.Secretary), new SignatureBlock("Chủ trì", "(Ký, ghi rõ họ tên)", v.Chair));
        var others = v.Participants.Where(p => !SamePerson(p, v.Chair) && !SamePerson(p, v.Secretary)).ToList();
        if (others.Count > 0)
        {
            c.Paragraph([new Run("Các thành phần tham dự khác", TextStyle.Bold)], align: TextAlign.Center, spaceAfter: 0);
            foreach (var pair in others.Chunk(2))
                c.Signatures([.. pair.Select(p => new SignatureBlock("", "(Ký, ghi rõ họ tên)", p))]);
        }
        return c.Finish();
    }

    /// <summary>The holder agency apologises to the applicant for losing or damaging the dossier: what, the remedy, the cost it bears, the new date.</summary>
    public static byte[] LossApology(LossApologyLetter form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var loss = form.Loss;
        var (subject, what) = loss.Kind == LossKind.Lost ? (LostSubject, "bị mất") : (DamagedSubject, "bị hư hỏng");
        using var c = Letter(form, subject, form.ApplicantName);
        c.Field("Địa chỉ", form.ApplicantAddress, valueStyle: TextStyle.Regular);
        c.Space(2);
        c.Paragraph([new Run("Ngày " + Date(form.ReceivedAt) + ", Ông/Bà đã nộp hồ sơ đề nghị giải quyết thủ tục hành chính:")]);
        DossierFields(c, form, null);
        c.Field("Hồ sơ " + what, Sentence(loss.Description), valueStyle: TextStyle.Regular);
        c.Paragraph([new Run("Trong quá trình giải quyết, " + form.Letterhead.UnitName + " đã để hồ sơ của Ông/Bà " + what + ". "
            + form.Letterhead.UnitName + " thành thật xin lỗi Ông/Bà về sự việc này.")]);
        c.Field("Biện pháp khắc phục", Sentence(loss.Remedy), valueStyle: TextStyle.Regular);
        c.Field("Chi phí khắc phục do cơ quan chịu", Money(loss.CostVnd), "; Ông/Bà không phải trả chi phí này.");
        if (loss.NewDueAt is { } due) c.Field("Thời gian hẹn trả kết quả mới", LongTime(due));
        c.Paragraph([new Run("Mong nhận được sự thông cảm của Ông/Bà.")]);
        c.SignOff(form.Signer, form.Recipients);
        return c.Finish();
    }

    /// <summary>The one-stop unit tells the applicant the result is ready before the appointment (THÔNG BÁO, "Số …/TB-…").</summary>
    public static byte[] EarlyReturnNotice(EarlyReturnNoticeLetter form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.ReadyAt >= form.DueAt) throw new ArgumentException("The result is not ready before the appointment.", nameof(form));
        using var c = FormCanvas.ForDossier(EarlyReturnTitle, null, form.Letterhead, form.IssuedAt, form.Number);
        c.Space(-6);
        c.Paragraph([new Run(EarlyReturnSubject, TextStyle.Bold)], align: TextAlign.Center, spaceAfter: 6);
        c.Field("Kính gửi", form.ApplicantName);
        c.Field("Địa chỉ", form.ApplicantAddress, valueStyle: TextStyle.Regular);
        c.Space(2);
        c.Paragraph([new Run(form.Letterhead.UnitName + " thông báo kết quả giải quyết hồ sơ của Ông/Bà đã có trước thời hạn hẹn trả:")]);
        DossierFields(c, form, null);
        c.Field("Kết quả đã có từ", ShortTime(form.ReadyAt));
        c.Field("Thời gian hẹn trả kết quả", ShortTime(form.DueAt), valueStyle: TextStyle.Regular);
        c.Field("Nơi nhận kết quả", form.CollectAt);
        c.Field("Thời gian nhận kết quả", form.CollectWhen);
        c.Paragraph([new Run("Ông/Bà có thể nhận kết quả ngay từ thời điểm trên, không phải chờ đến ngày hẹn; khi đến nhận, mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")]);
        c.SignOff(form.Signer, form.Recipients);
        return c.Finish();
    }

    /// <summary>
    /// The evaluation slip of a dossier: its code and procedure, one row per indicator with its three answers (2, 1 and 0
    /// points) to tick, and no applicant name or signature, since the evaluator is confidential (Nghị định 61/2018/NĐ-CP
    /// Art. 31 [reported]). The unit's digital signature, added by the web, only attests that the slip was issued.
    /// </summary>
    public static byte[] EvaluationSlip(EvaluationSlipLetter form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var c = FormCanvas.ForDossier(EvaluationSlipTitle, form.DossierCode, form.Letterhead, form.IssuedAt, form.Number);
        c.Field("Thủ tục hành chính", Procedure(form.ProcedureName, form.ProcedureCode), valueStyle: TextStyle.Regular);
        c.Paragraph([new Run("Ông/Bà đánh dấu (x) vào một ô [  ] ở mỗi chỉ tiêu. Phiếu không ghi tên người đánh giá; thông tin người đánh giá được giữ bí mật.", TextStyle.Italic)],
            size: 8, align: TextAlign.Left);
        c.Paragraph([new Run("Chỉ tiêu đánh giá", TextStyle.Bold), new Run(" (mỗi chỉ tiêu chọn một mức: 2 điểm, 1 điểm hoặc 0 điểm)")], align: TextAlign.Left, spaceAfter: 3);
        foreach (var indicator in form.Indicators)
        {
            c.EnsureSpace(FormCanvas.LineHeight(FormCanvas.BodySize) * 2 + 4);
            c.Paragraph([new Run($"{indicator.Number}. {indicator.Question}", TextStyle.Bold)], align: TextAlign.Left, spaceAfter: 0.5);
            c.Paragraph([.. indicator.Answers.OrderByDescending(a => a.Score).SelectMany(a => new[] { new Run(Box + a.Text + " "), new Run($"({a.Score} điểm)   ", TextStyle.Italic) })],
                align: TextAlign.Left, indent: 10, spaceAfter: 3);
        }
        c.Paragraph([new Run("Ý kiến khác (nếu có): ")], align: TextAlign.Left);
        c.Paragraph([new Run(new string('.', 150))], align: TextAlign.Left);
        c.Paragraph([new Run("Phiếu do " + form.Letterhead.UnitName + " phát hành cho hồ sơ " + form.DossierCode + "; chữ ký số trên phiếu chỉ xác nhận phiếu do đơn vị phát hành. "
            + "Người đánh giá không ký tên.", TextStyle.Italic)], size: 7.5, align: TextAlign.Left);
        return c.Finish();
    }

    // An empty box to tick, kept as one word with the first word of the answer by no-break spaces (the typefaces have no ballot-box glyph).
    private const string Box = "[\u00A0\u00A0]\u00A0";

    // A công văn (Nghị định 30/2020 Phụ lục III Mẫu 1.5): no type name, the summary "V/v …" centred under the number in the
    // agency's column, then "Kính gửi: …" centred.
    private static FormCanvas Letter(AdministrativeLetter form, string subject, string addressee)
    {
        var c = FormCanvas.ForDossier("", null, form.Letterhead, form.IssuedAt, form.Number);
        try
        {
            // The letterhead leaves 8 pt under the number line and the empty title 6 more; the summary belongs right under the number.
            c.Space(-12);
            c.Y = c.DrawBlock([new Run(subject)], 8, c.Left, c.Y, c.Width * 0.43, TextAlign.Center) + 10;
            c.Paragraph([new Run("Kính gửi: "), new Run(addressee, TextStyle.Bold)], size: FormCanvas.BodySize + 0.5, align: TextAlign.Center, spaceAfter: 6);
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    private static void DossierFields(FormCanvas c, AdministrativeLetter form, string? applicantName)
    {
        c.Field("Mã hồ sơ", form.DossierCode, indent: 8);
        if (applicantName is not null) c.Field("Tổ chức, cá nhân nộp hồ sơ", applicantName, indent: 8, valueStyle: TextStyle.Regular);
        c.Field("Thủ tục hành chính", Procedure(form.ProcedureName, form.ProcedureCode), indent: 8, valueStyle: TextStyle.Regular);
    }

    // Officers type without the final full stop; the printed sentence needs one.
    private static string Sentence(string text) => text.TrimEnd().TrimEnd('.') + ".";

    // "10 giờ 30, ngày 17 tháng 11 năm 2025": the wording of the biên bản's time lines (Mẫu 1.9).
    private static string Clock(DateTimeOffset instant)
    {
        var t = InVietnam(instant);
        return t.ToString("HH' giờ 'mm', ngày 'dd' tháng 'MM' năm 'yyyy", CultureInfo.InvariantCulture);
    }

    // "1.250.000 đồng": Vietnamese digit grouping.
    private static string Money(long vnd) => vnd.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.') + " đồng";

    private static bool SamePerson(string participant, string name) =>
        participant.StartsWith(name.Trim(), StringComparison.CurrentCultureIgnoreCase);
}
