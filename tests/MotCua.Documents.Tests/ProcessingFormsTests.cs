using System.Diagnostics;
using System.Text;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Documents.Tests;

/// <summary>
/// Mẫu 04, 05, 06, 07 and the result notice (docs/FORMS.md §5, §6.1): each rendered, its text extracted, and every label of
/// its one label list in src/MotCua.Documents found in the order printed (docs/FORMS.md §9).
/// </summary>
public sealed class ProcessingFormsTests
{
    private const string Code = "000.00.15.H57-261120-0001";
    private static readonly DateTimeOffset Received = new(2026, 11, 20, 1, 15, 0, TimeSpan.Zero);
    private static readonly Letterhead Department = new("UBND THÀNH PHỐ HUẾ", "Sở Tư pháp", "Huế");
    private static readonly Letterhead Centre = new("UBND THÀNH PHỐ HUẾ", "Trung tâm Phục vụ hành chính công thành phố Huế", "Huế");
    private static readonly Signatory Director = new(null, "GIÁM ĐỐC", "Lê Văn Giám");
    private static readonly Signatory Deputy = new("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Tôn Thất Minh");

    private static ApologyForm Apology(ApplicantKind kind = ApplicantKind.Individual) => new()
    {
        Letterhead = Department, Number = "05/PXL-STP", DossierCode = Code,
        ApplicantName = kind == ApplicantKind.Individual ? "Nguyễn Thị Hường".Normalize(NormalizationForm.FormD) : "Công ty TNHH Hương Giang",
        ApplicantKind = kind, ApplicantIdNumber = kind == ApplicantKind.Individual ? "046095001234" : "3301234567",
        ApplicantAddress = "Số 12 kiệt 45 đường Nguyễn Huệ, phường Thuận Hóa, thành phố Huế",
        ProcedureName = "Đăng ký khai sinh", ProcedureCode = "1.001193", Signer = Director,
        ReceivingUnitName = Centre.UnitName, ReceivedAt = Received, IssuedAt = Received.AddDays(3),
        OriginalDueAt = Received.AddDays(5), NewDueAt = Received.AddDays(8), Reason = "Cần xác minh nơi cư trú",
    };

    /// <summary>
    /// Finds every label in order, each after the previous one; returns the text. The text is read in the order it was
    /// drawn (pdftotext -raw), so a column header wrapped inside its cell stays in one piece; whitespace is collapsed.
    /// </summary>
    private static string AssertLabelsInOrder(string name, byte[] pdf, IEnumerable<string> labels)
    {
        var path = PdfTools.Save(name, pdf);
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-raw", "-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
        var raw = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var text = string.Join(' ', raw.Split((char[])[' ', '\n', '\r', '\t', '\f'], StringSplitOptions.RemoveEmptyEntries));
        Assert.True(text.IsNormalized(NormalizationForm.FormC), "pdftotext output is not NFC");
        var at = 0;
        foreach (var label in labels)
        {
            var found = text.IndexOf(label.Normalize(NormalizationForm.FormC), at, StringComparison.OrdinalIgnoreCase);
            Assert.True(found >= 0, $"'{label}' not found after position {at} in {name}:\n{text}");
            at = found + label.Length;
        }
        return text;
    }

    [Fact]
    public void Apology_prints_every_label_of_Mau_04_in_order_and_is_signed_by_the_head()
    {
        var text = AssertLabelsInOrder("mau-04-xin-loi", ProcessingForms.Apology(Apology()), ProcessingForms.ApologyLabels);
        Assert.Contains("Số: 05/PXL-STP", text);
        Assert.Contains("Kính gửi: Ông/Bà Nguyễn Thị Hường", text);
        Assert.Contains("046095001234", text);
        Assert.Contains("Ngày 20 tháng 11 năm 2026, Trung tâm Phục vụ hành chính công thành phố Huế tiếp nhận hồ sơ", text);
        Assert.Contains("Tuy nhiên đến nay, Sở Tư pháp chưa trả kết quả", text);
        Assert.Contains("- Trung tâm Phục vụ hành chính công thành phố Huế;", text);
        Assert.Contains("GIÁM ĐỐC", text);
        Assert.Contains("Lê Văn Giám", text);
        Assert.DoesNotContain("THỦ TRƯỞNG", text);
        Assert.DoesNotContain("Ngày 08:15", text);
    }

    [Fact]
    public void The_date_line_gives_day_and_months_1_and_2_a_leading_zero_in_Vietnam_time()
    {
        // 22:30 UTC on 4 January is 05:30 on 5 January in Vietnam.
        var form = Apology() with { ReceivedAt = new DateTimeOffset(2027, 1, 4, 22, 30, 0, TimeSpan.Zero) };
        var text = PdfTools.Text(PdfTools.Save("mau-04-ngay-thang", ProcessingForms.Apology(form)));
        Assert.Contains("Ngày 05 tháng 01 năm 2027, Trung tâm", text);
    }

    [Fact]
    public void Apology_to_an_organisation_says_To_chuc()
    {
        var text = PdfTools.Text(PdfTools.Save("mau-04-to-chuc", ProcessingForms.Apology(Apology(ApplicantKind.Enterprise))));
        Assert.Contains("Kính gửi: Tổ chức Công ty TNHH Hương Giang", text);
        Assert.Contains("Mã số doanh nghiệp: 3301234567", text);
        Assert.DoesNotContain("Ông/Bà", text);
    }

    [Fact]
    public void Stop_notice_prints_every_label_of_Mau_05_in_order_as_the_receiving_units_act()
    {
        var form = new StopNoticeForm
        {
            Letterhead = Centre, Number = "12/TB-TTPVHCC", DossierCode = Code, ApplicantName = "Nguyễn Thị Hường", ApplicantIdNumber = "046095001234",
            ApplicantAddress = "Phường Thuận Hóa, thành phố Huế", ProcedureName = "Đăng ký khai sinh", Signer = Deputy,
            ReceivingUnitName = Centre.UnitName, ReceivedAt = Received, IssuedAt = Received.AddDays(1),
            Reason = "Người yêu cầu rút hồ sơ khi chưa có kết quả", CompetentAgencyName = "Sở Tư pháp",
            WithdrawalRequest = "Gia đình đăng ký tại nơi cư trú khác", WithdrawalRequestedAt = Received.AddHours(20),
        };
        var text = AssertLabelsInOrder("mau-05-dung", ProcessingForms.StopNotice(form), ProcessingForms.StopNoticeLabels);
        Assert.Contains("Số: 12/TB-TTPVHCC", text);
        Assert.Contains("Ngày 20 tháng 11 năm 2026, Trung tâm Phục vụ hành chính công thành phố Huế tiếp nhận hồ sơ", text);
        Assert.Contains("Ngày 21 tháng 11 năm 2026, Ông/Bà đề nghị rút hồ sơ", text);
        Assert.Contains("- Sở Tư pháp;", text);
        Assert.Contains("KT. GIÁM ĐỐC", text);
        Assert.Contains("PHÓ GIÁM ĐỐC", text);
        Assert.Contains("Tôn Thất Minh", text);
    }

    [Fact]
    public void Stop_notice_of_an_online_dossier_never_received_says_the_procedure_once_the_code_once_and_asks_nothing_back()
    {
        // Trial16g LOW 10: "thủ tục hành chính Thủ tục đăng ký khai sinh", "Mã hồ sơ" twice, and "liên hệ … để nhận lại hồ sơ
        // đã nộp" for a dossier the unit never held.
        var form = new StopNoticeForm
        {
            Letterhead = Centre, Number = "13/TB-TTPVHCC", DossierCode = Code, ApplicantName = "Nguyễn Thị Hường", ApplicantIdNumber = "046095001234",
            ApplicantAddress = "Phường Thuận Hóa, thành phố Huế", ProcedureName = "Thủ tục đăng ký khai sinh", ProcedureCode = "1.001193", Signer = Deputy,
            ReceivingUnitName = Centre.UnitName, ReceivedAt = null, SubmittedAt = Received, IssuedAt = Received.AddDays(1),
            Reason = "Người yêu cầu rút hồ sơ khi chưa được tiếp nhận",
        };
        var text = PdfTools.Text(PdfTools.Save("mau-05-chua-tiep-nhan", ProcessingForms.StopNotice(form)));
        var flat = string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("thủ tục hành chính Đăng ký khai sinh (mã TTHC: 1.001193)", flat);
        Assert.DoesNotContain("Thủ tục đăng ký", flat);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(flat, "Mã hồ sơ"));
        Assert.Contains("hồ sơ chưa được tiếp nhận", flat);
        Assert.DoesNotContain("nhận lại hồ sơ", flat);
    }

    [Fact]
    public void Control_slip_prints_the_columns_the_hand_over_pairs_the_notes_and_the_competent_agency()
    {
        ControlSlipRow[] rows =
        [
            new(Received.AddHours(1), "Chuyển hồ sơ", "Trung tâm Phục vụ hành chính công", "Trần Thị Mỹ Linh", "Phan Thanh Bình", CompletionTiming.Early, null, "Sở Tư pháp"),
            new(Received.AddHours(30), "Thẩm định hồ sơ", "Sở Tư pháp", "Hoàng Minh Đức", "Trần Thị Mỹ Linh", CompletionTiming.Late, "Hồ sơ hợp lệ", "Trung tâm Phục vụ hành chính công"),
            new(Received.AddHours(50), "Trả kết quả cho tổ chức, cá nhân", "Trung tâm Phục vụ hành chính công", "Trần Thị Mỹ Linh", "Nguyễn Thị Hường",
                CompletionTiming.OnTime, "Nhận tại quầy", ControlSlip.Citizen),
        ];
        var form = new ControlSlipForm
        {
            Letterhead = Centre, Number = "07/PKS-TTPVHCC", DossierCode = Code, ApplicantName = "Nguyễn Thị Hường", ProcedureName = "Đăng ký khai sinh",
            ResolvingAgencyName = "Sở Tư pháp", CoAgencyNames = [], ReceivedAt = Received, DueAt = Received.AddDays(5), Rows = rows, IssuedAt = Received.AddDays(3),
        };
        var text = AssertLabelsInOrder("mau-06-phieu-kiem-soat", ProcessingForms.ControlSlip(form), ProcessingForms.ControlSlipLabels);
        Assert.Contains("Cơ quan (bộ phận) giải quyết hồ sơ: Sở Tư pháp", text);
        Assert.Contains("09 giờ 15 phút, ngày 20 tháng 11 năm 2026", text);
        Assert.Contains("2. Nhận: Tổ chức, cá nhân", text);
        foreach (var timing in new[] { "Trước hạn", "Quá hạn", "Đúng hạn" }) Assert.Contains(timing, text);
        Assert.Contains("Hồ sơ hợp lệ", text);
        foreach (var note in ProcessingForms.ControlSlipNotes) Assert.Contains(note[..40], text);
    }

    [Fact]
    public void Register_prints_the_motto_the_title_and_every_column_in_order()
    {
        var book = new RegisterBookForm
        {
            Letterhead = Centre, Year = 2026,
            Lines = [new RegisterLine(1, Code, "Đăng ký khai sinh", 1, "Nguyễn Thị Hường", "Huế; 0914 123 456", "Sở Tư pháp", Received, Received.AddDays(5), null, null, null, "")],
        };
        var text = AssertLabelsInOrder("mau-07-so-theo-doi", RegisterBook.Pdf(book), RegisterBook.Labels);
        Assert.Contains("Sở Tư pháp", text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Result_notice_is_the_competent_agencys_notice_with_number_recipients_and_signer(bool refused)
    {
        var form = new ResultForm
        {
            Letterhead = Department, Number = "31/TB-STP", DossierCode = Code, ApplicantName = "Nguyễn Thị Hường", ApplicantAddress = "Huế",
            ProcedureName = "Đăng ký khai sinh", Signer = Deputy, Refused = refused, Note = refused ? "Không đủ điều kiện" : null,
            DecidedAt = Received.AddDays(2), VerifyUrl = "https://motcua.example.vn/xac-thuc?ma=" + Code, ReturnUnitName = Centre.UnitName,
        };
        var text = AssertLabelsInOrder(refused ? "ket-qua-tu-choi" : "ket-qua", ResultDocument.Pdf(form), ResultDocument.Labels(refused));
        Assert.Contains("Số: 31/TB-STP", text);
        Assert.Contains("KT. GIÁM ĐỐC", text);
        Assert.DoesNotContain("NGƯỜI CÓ THẨM QUYỀN", text);
        if (refused) Assert.Contains("Không đủ điều kiện", text);
        else Assert.Contains($"trả tại {Centre.UnitName}", Words(text));
    }

    [Fact]
    public void An_online_results_notice_says_it_is_returned_online_not_at_the_desk()
    {
        // Trial 16b LOW 14: a portal dossier's electronic result said "Kết quả được trả tại Trung tâm…".
        var form = new ResultForm
        {
            Letterhead = Department, Number = "32/TB-STP", DossierCode = Code, ApplicantName = "Nguyễn Thị Hường", ApplicantAddress = "Huế",
            ProcedureName = "Đăng ký khai sinh", Signer = Deputy, Refused = false, DecidedAt = Received.AddDays(2),
            VerifyUrl = "https://motcua.example.vn/xac-thuc?ma=" + Code, ReturnUnitName = Centre.UnitName, ReturnedOnline = true,
        };
        var text = Words(AssertLabelsInOrder("ket-qua-truc-tuyen", ResultDocument.Pdf(form), ResultDocument.Labels(false)));
        Assert.Contains("trả trực tuyến", text);
        Assert.DoesNotContain($"trả tại {Centre.UnitName}", text);
    }

    // The extracted text with every run of white space (a line wrapped in the PDF) as one space.
    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
