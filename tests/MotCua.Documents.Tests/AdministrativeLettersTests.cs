using System.Text;
using MotCua.Domain.Dossiers;

namespace MotCua.Documents.Tests;

/// <summary>
/// The six documents of docs/FORMS.md §7: each renders, and its PDF text holds every label of its one list in
/// <see cref="AdministrativeLetters"/>, in print order, with the data it was given.
/// </summary>
public sealed class AdministrativeLettersTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly Letterhead Justice = new("UBND THÀNH PHỐ HUẾ", "Sở Tư pháp", "Huế");
    private static readonly Letterhead Centre = new("UBND THÀNH PHỐ HUẾ", "Trung tâm Phục vụ hành chính công", "Huế");
    private static readonly Signatory Director = new(null, "GIÁM ĐỐC", "Tôn Thất Minh");
    private const string Procedure = "Đăng ký việc nuôi con nuôi trong nước";

    // Finds each label after the previous one (NFC, case-insensitive): a label missing or out of place is a wrong form.
    private static string AssertLabels(string name, byte[] pdf, IReadOnlyList<string> labels, params string[] values)
    {
        var text = PdfTools.Text(PdfTools.Save(name, pdf)).Normalize(NormalizationForm.FormC);
        var at = 0;
        foreach (var label in labels)
        {
            var found = text.IndexOf(label.Normalize(NormalizationForm.FormC), at, StringComparison.OrdinalIgnoreCase);
            Assert.True(found >= 0, $"{name}: nhãn \"{label}\" không có (hoặc sai thứ tự) sau vị trí {at} trong: {text}");
            at = found + label.Length;
        }
        foreach (var value in values) Assert.Contains(value, text);
        return text;
    }

    [Fact]
    public void The_extension_request_carries_the_extension_and_the_head_of_the_competent_agency()
    {
        var pdf = AdministrativeLetters.ExtensionRequest(new ExtensionRequestLetter
        {
            Letterhead = Justice, Number = "03/STP", IssuedAt = new(2026, 11, 24, 9, 0, 0, Vn), DossierCode = Samples.DossierCode,
            ProcedureName = Procedure, ProcedureCode = "1.003976", Signer = Director, Recipients = ["- Như trên;", "- Lưu: VT."],
            OneStopUnitName = "Trung tâm Phục vụ hành chính công", ApplicantName = "Nguyễn Thị Hường",
            ReceivedAt = new(2026, 11, 20, 8, 15, 0, Vn), OriginalDueAt = new(2026, 11, 27, 16, 30, 0, Vn), NewDueAt = new(2026, 12, 2, 16, 30, 0, Vn),
            Reason = "Cần xác minh thêm hoàn cảnh gia đình người nhận con nuôi",
        });
        AssertLabels("letters-extension-request", pdf, AdministrativeLetters.ExtensionRequestLabels,
            "Số: 03/STP", "16 giờ 30 phút, ngày 27/11/2026", "16 giờ 30 phút, ngày 02/12/2026", "Cần xác minh thêm hoàn cảnh", "GIÁM ĐỐC", "Tôn Thất Minh");
    }

    private static ConsultationLetter Consultation(DateTimeOffset? answeredAt, string? answer) => new()
    {
        Letterhead = Centre, Number = "12/TTPVHCC", IssuedAt = new(2026, 11, 20, 9, 0, 0, Vn), DossierCode = Samples.DossierCode, ProcedureName = Procedure,
        Signer = new("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Bình"), Recipients = ["- Như trên;", "- Lưu: VT."],
        LeadAgencyName = "Trung tâm Phục vụ hành chính công", CoAgencyName = "Sở Tư pháp", ApplicantName = "Nguyễn Thị Hường",
        Task = "Xác minh, cho ý kiến về người giám hộ", AskedAt = new(2026, 11, 20, 9, 0, 0, Vn), AnswerDueAt = new(2026, 11, 23, 9, 0, 0, Vn),
        AnsweredAt = answeredAt, Answer = answer,
    };

    [Fact]
    public void The_consultation_request_and_its_answer_carry_the_task_the_deadline_and_the_answer()
    {
        AssertLabels("letters-consultation", AdministrativeLetters.ConsultationRequest(Consultation(null, null)), AdministrativeLetters.ConsultationLabels,
            "Xác minh, cho ý kiến về người giám hộ", "09 giờ 00 phút, ngày 23/11/2026", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC");
        AssertLabels("letters-consultation-answer",
            AdministrativeLetters.ConsultationAnswer(Consultation(new(2026, 11, 21, 14, 5, 0, Vn), "Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự")),
            AdministrativeLetters.ConsultationAnswerLabels, "14:05, ngày 21/11/2026", "Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự.");
        Assert.Throws<ArgumentException>(() => AdministrativeLetters.ConsultationAnswer(Consultation(null, null)));
    }

    [Fact]
    public void The_field_verification_record_follows_the_biên_bản_of_decree_30_and_every_participant_signs()
    {
        var pdf = AdministrativeLetters.FieldVerification(new FieldVerificationLetter
        {
            Letterhead = Justice, Number = "05/BB-STP", IssuedAt = new(2026, 11, 23, 11, 0, 0, Vn), DossierCode = Samples.DossierCode, ProcedureName = Procedure,
            ApplicantName = "Nguyễn Thị Hường",
            Verification = new("Nhà ông Trần Văn Tư, thôn Vĩ Dạ, phường Thuận Hóa", new(2026, 11, 23, 8, 30, 0, Vn), new(2026, 11, 23, 10, 45, 0, Vn),
                ["Phan Thị Ngọc Ánh - Chuyên viên", "Hoàng Minh Đức - Trưởng phòng", "Trần Văn Tư - người được xác minh"],
                "Hoàng Minh Đức", "Phan Thị Ngọc Ánh", "Gia đình ông Tư có nhà ở ổn định; các con đã trưởng thành; đủ điều kiện nuôi con nuôi."),
        });
        AssertLabels("letters-field-verification", pdf, AdministrativeLetters.FieldVerificationLabels,
            "Số: 05/BB-STP", "08 giờ 30, ngày 23 tháng 11 năm 2026", "kết thúc vào 10 giờ 45, ngày 23 tháng 11 năm 2026./.", "Nhà ông Trần Văn Tư",
            "Trần Văn Tư - người được xác minh", "đủ điều kiện nuôi con nuôi");
    }

    [Theory]
    [InlineData(LossKind.Lost, AdministrativeLetters.LostSubject, "Hồ sơ bị mất:")]
    [InlineData(LossKind.Damaged, AdministrativeLetters.DamagedSubject, "Hồ sơ bị hư hỏng:")]
    public void The_loss_apology_names_what_was_lost_the_remedy_and_the_cost_the_agency_bears(LossKind kind, string subject, string what)
    {
        var pdf = AdministrativeLetters.LossApology(new LossApologyLetter
        {
            Letterhead = Justice, Number = "07/STP", IssuedAt = new(2026, 11, 25, 10, 0, 0, Vn), DossierCode = Samples.DossierCode, ProcedureName = Procedure,
            Signer = Director, Recipients = ["- Như trên;", "- Trung tâm Phục vụ hành chính công;", "- Lưu: VT."],
            ApplicantName = "Nguyễn Thị Hường", ApplicantAddress = "Số 12 kiệt 45 đường Nguyễn Huệ, phường Thuận Hóa", ReceivedAt = new(2026, 11, 20, 8, 15, 0, Vn),
            Loss = new(kind, "Bản chính Giấy khai sinh của trẻ", "Liên hệ UBND phường cấp bản sao trích lục thay thế", 1_250_000, new(2026, 12, 4, 16, 0, 0, Vn)),
        });
        AssertLabels("letters-loss-apology-" + kind, pdf, AdministrativeLetters.LossApologyLabels,
            subject, what, "1.250.000 đồng", "16 giờ 00 phút, ngày 04/12/2026", "Tôn Thất Minh");
    }

    [Fact]
    public void The_early_return_notice_says_since_when_the_result_waits_and_where_to_collect_it()
    {
        var form = new EarlyReturnNoticeLetter
        {
            Letterhead = Centre, Number = "12/TB-TTPVHCC", IssuedAt = new(2026, 11, 24, 15, 0, 0, Vn), DossierCode = Samples.DossierCode, ProcedureName = Procedure,
            Signer = Director, Recipients = ["- Như trên;", "- Lưu: VT."], ApplicantName = "Nguyễn Thị Hường", ApplicantAddress = "phường Thuận Hóa",
            ReadyAt = new(2026, 11, 24, 14, 30, 0, Vn), DueAt = new(2026, 11, 27, 16, 30, 0, Vn),
            CollectAt = "Trung tâm Phục vụ hành chính công, số 01 Lê Lai, phường Thuận Hóa", CollectWhen = "Giờ hành chính các ngày làm việc",
        };
        AssertLabels("letters-early-return", AdministrativeLetters.EarlyReturnNotice(form), AdministrativeLetters.EarlyReturnLabels,
            "Số: 12/TB-TTPVHCC", "14:30, ngày 24/11/2026", "16:30, ngày 27/11/2026", "số 01 Lê Lai");
        Assert.Throws<ArgumentException>(() => AdministrativeLetters.EarlyReturnNotice(form with { ReadyAt = form.DueAt }));
    }

    [Fact]
    public void The_evaluation_slip_lists_every_indicator_with_its_three_answers_and_no_applicant()
    {
        var text = AssertLabels("letters-evaluation-slip", AdministrativeLetters.EvaluationSlip(new EvaluationSlipLetter
        {
            Letterhead = Centre, IssuedAt = new(2026, 11, 24, 15, 0, 0, Vn), DossierCode = Samples.DossierCode, ProcedureName = Procedure, ProcedureCode = "1.003976",
            Indicators = RatingIndicators.All,
        }), AdministrativeLetters.EvaluationSlipLabels, Samples.DossierCode, "1.003976");
        foreach (var answer in RatingIndicators.All.SelectMany(i => i.Answers)) Assert.Contains(answer.Text, text);
        Assert.All(RatingIndicators.All, i => Assert.Equal([2, 1, 0], i.Answers.Select(a => a.Score)));
        Assert.DoesNotContain("Nguyễn", text);
        Assert.DoesNotContain("Kính gửi", text);
    }
}
