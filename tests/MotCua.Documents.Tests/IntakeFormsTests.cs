using MotCua.Domain.Dossiers;
using System.Text;

namespace MotCua.Documents.Tests;

public sealed class IntakeFormsTests
{
    private const double A5Width = 419.53;
    private const double A5Height = 595.28;
    private const double A4Width = 595.28;
    private const double A4Height = 841.89;

    [Fact]
    public void Receipt_is_one_A4_page_with_the_key_texts_in_NFC()
    {
        var pdf = PdfTools.Save("mau-01-giay-tiep-nhan", IntakeForms.Receipt(Samples.Receipt()));

        AssertA4(pdf, pages: 1);
        var text = AssertNfcText(pdf,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "UBND THÀNH PHỐ HUẾ",
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            Samples.DossierCode,
            "Nguyễn Thị Hường",
            "Giấy chứng nhận quyền sử dụng đất",
            "15 ngày làm việc",
            "Huế, ngày 20 tháng 11 năm 2026",
            "4. Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 20 tháng 11 năm 2026",
            "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 11 tháng 12 năm 2026",
            "2. Số lượng hồ sơ: 01 (bộ)",
            "Số định danh cá nhân (CCCD): 046186001234",
            "Không tính: Thứ Bảy, Chủ nhật",
            "Quyển số: 01/2026",
            "Số thứ tự: 1285",
            "Trần Quốc Việt",
            "Trực tiếp",
            "huong.nguyen@example.vn",
            IntakeForms.QrCaption);
        Assert.DoesNotContain("Trang 1/", text);
    }

    [Fact]
    public void Receipt_QR_code_decodes_to_the_lookup_url()
    {
        var pdf = PdfTools.Save("mau-01-qr", IntakeForms.Receipt(Samples.Receipt()));
        var pngs = PdfTools.RenderPng(pdf);
        Assert.Equal(Samples.LookupUrl, PdfTools.DecodeQr(pngs[0]));
    }

    [Fact]
    public void Receipt_document_info_names_the_form_and_dossier()
    {
        var pdf = PdfTools.Save("mau-01-info", IntakeForms.Receipt(Samples.Receipt()));
        var info = PdfTools.Info(pdf);
        Assert.Equal(IntakeForms.ReceiptTitle, info["Title"].Normalize(NormalizationForm.FormC));
        Assert.Equal(Samples.DossierCode, info["Subject"]);
        Assert.Equal("MotCua", info["Creator"]);
    }

    // Fifty papers (twice the inheritance transfer's): too many for one page even compacted, so the table flows on.
    [Fact]
    public void Receipt_with_50_documents_flows_to_a_second_page()
    {
        var form = Samples.ReceiptWith25Documents() with
        {
            Documents = [.. Samples.TwentyFivePapers.Concat(Samples.TwentyFivePapers.Select(p => p + " (bản thứ hai)")).Select((name, i) => new ReceivedDocument(name, i % 2, 1))],
        };
        var pdf = PdfTools.Save("mau-01-50-giay-to", IntakeForms.Receipt(form));

        AssertA4(pdf, pages: 2);
        var text = AssertNfcText(pdf,
            "Phiếu chuyển thông tin để xác định nghĩa vụ tài chính",
            "Quyết định giao đất của Ủy ban nhân dân huyện Phú Vang",
            "16 giờ 30 phút, ngày 11 tháng 12 năm 2026",
            "Trang 1/2",
            "Trang 2/2",
            "(tiếp theo)",
            "NGƯỜI TIẾP NHẬN HỒ SƠ");
        // Every paper is printed, in order, after the table heading.
        var position = text.IndexOf("Thành phần hồ sơ nộp gồm", StringComparison.Ordinal);
        Assert.True(position >= 0);
        foreach (var paper in Samples.TwentyFivePapers)
        {
            var next = text.IndexOf(paper, position, StringComparison.Ordinal);
            Assert.True(next > position, $"'{paper}' missing or out of order");
            position = next;
        }

        var pngs = PdfTools.RenderPng(pdf);
        Assert.Equal(2, pngs.Count);
        Assert.Equal(form.LookupUrl, PdfTools.DecodeQr(pngs[0]));
    }

    [Fact]
    public void Supplement_request_lists_every_item_once_and_in_full()
    {
        var form = Samples.SupplementRequest();
        var pdf = PdfTools.Save("mau-02-yeu-cau-bo-sung", IntakeForms.SupplementRequest(form));

        AssertA5(pdf, pages: 1);
        AssertNfcText(pdf,
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÓA",
            "000.20.15.H57-261119-0042",
            "Nguyễn Thị Hường",
            "Đăng ký khai sinh",
            "Thời gian nhận hồ sơ: 09 giờ 40 phút, ngày 19 tháng 11 năm 2026",
            "1. Giấy chứng sinh (bản chính)",
            "2. Văn bản ủy quyền được chứng thực",
            "3. Giấy chứng nhận kết hôn của cha, mẹ",
            "Lý do:",
            "Hồ sơ được yêu cầu bổ sung một lần, đầy đủ",
            "Trần Quốc Việt",
            "0234 3822 118",
            "NGƯỜI HƯỚNG DẪN",
            "Huế, ngày 19 tháng 11 năm 2026");
        PdfTools.RenderPng(pdf);
        Assert.Equal(form.DossierCode, PdfTools.Info(pdf)["Subject"]);
    }

    [Fact]
    public void Refusal_states_reason_and_legal_basis()
    {
        var pdf = PdfTools.Save("mau-03-tu-choi", IntakeForms.Refusal(Samples.Refusal()));

        AssertA5(pdf, pages: 1);
        AssertNfcText(pdf,
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÓA",
            "Trần Quốc Việt",
            "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
            "khoản 2 Điều 19 Nghị định số 61/2018/NĐ-CP",
            "không thuộc thẩm quyền tiếp nhận",
            "Nguyễn Thị Hường",
            "Thời gian nhận hồ sơ: 14 giờ 50 phút, ngày 19 tháng 11 năm 2026",
            "Huế, ngày 19 tháng 11 năm 2026");
        PdfTools.RenderPng(pdf);
    }

    [Fact]
    public void Long_supplement_request_flows_to_a_second_page_with_the_signature()
    {
        var items = Enumerable.Range(1, 14)
            .Select(i => new SupplementItem(
                $"Giấy tờ thứ {i}: bản sao có chứng thực Giấy chứng nhận quyền sử dụng đất",
                "Bản chụp không rõ nét, không đọc được số vào sổ cấp giấy chứng nhận và ngày cấp; đề nghị nộp bản sao có chứng thực."))
            .ToList();
        var pdf = PdfTools.Save("mau-02-nhieu-noi-dung", IntakeForms.SupplementRequest(Samples.SupplementRequest() with { Items = items }));

        AssertA5(pdf, pages: 2);
        AssertNfcText(pdf, "14. Giấy tờ thứ 14", "Trang 2/2", "NGƯỜI HƯỚNG DẪN", "để được hướng dẫn./.");
        Assert.Equal(2, PdfTools.RenderPng(pdf).Count);
    }

    [Fact]
    public void Supplement_request_without_items_is_rejected()
    {
        var form = Samples.SupplementRequest() with { Items = [] };
        Assert.Throws<ArgumentException>(() => IntakeForms.SupplementRequest(form));
    }

    [Fact]
    public void Forms_render_in_parallel()
    {
        var results = Enumerable.Range(0, 8).AsParallel()
            .Select(i => (i % 3) switch
            {
                0 => IntakeForms.Receipt(Samples.Receipt()),
                1 => IntakeForms.SupplementRequest(Samples.SupplementRequest()),
                _ => IntakeForms.Refusal(Samples.Refusal()),
            })
            .ToList();
        Assert.All(results, pdf => Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]));
    }

    // Mẫu 01 with a fee due: the VietQR, the bank, the account and the purpose beside it, all on the one A4 page, with the
    // notes of a case time limit, a competent agency's receipt and skipped days, which fill the page most.
    [Fact]
    public void Receipt_with_a_VietQR_is_one_A4_page_naming_the_bank_and_account_beside_the_QR()
    {
        var qr = MotCua.Domain.Payments.VietQr.Encode(new("970436", "0071000123456", 2_100_000, "Nop phi " + Samples.DossierCode));
        var form = Samples.Receipt() with
        {
            Payment = new PaymentQr(qr, 2_100_000, "Nop phi " + Samples.DossierCode, "TRUNG TAM PHUC VU HANH CHINH CONG"),
            TimeLimitCondition = "trường hợp phải xác minh nguồn gốc đất, thời gian giải quyết không quá 25 ngày làm việc",
            CompetentReceivedAt = Samples.Receipt().ReceivedAt.AddHours(3),
        };
        var pdf = PdfTools.Save("mau-01-vietqr", IntakeForms.Receipt(form));

        AssertA4(pdf, pages: 1);
        AssertNfcText(pdf, "Nộp phí, lệ phí: 2.100.000 đồng", "Ngân hàng: Vietcombank", "Số tài khoản: 0071000123456",
            "Tên tài khoản: TRUNG TAM PHUC VU HANH CHINH CONG", "Nội dung chuyển khoản: Nop phi " + Samples.DossierCode, "NGƯỜI TIẾP NHẬN HỒ SƠ");
        var codes = PdfTools.DecodeQr(PdfTools.RenderPng(pdf)[0]).Split('\n');
        Assert.Contains(qr, codes);
        Assert.Contains(Samples.LookupUrl, codes);
    }

    // Trial of issue 14: the payment block was left alone on a last page. For every length of a slip too long for one
    // page (26 to 90 papers, with the VietQR and the notes), the last page holds the last paper's row together with the
    // last items, the signatures and the payment block, whose QR decodes there.
    [Fact]
    public void A_slip_too_long_for_one_page_keeps_its_last_row_items_signatures_and_payment_together()
    {
        var qr = MotCua.Domain.Payments.VietQr.Encode(new("970415", "113000123456", 2_100_000, "Nop phi " + Samples.DossierCode));
        var papers = Enumerable.Range(1, 4).SelectMany(k => Samples.TwentyFivePapers.Select(p => $"{p} (bộ {k})")).ToList();
        var multiPage = 0;
        for (var n = 26; n <= 90; n++)
        {
            var form = Samples.Receipt() with
            {
                Documents = [.. papers.Take(n).Select((name, i) => new ReceivedDocument(name, i % 2, 1))],
                Payment = new PaymentQr(qr, 2_100_000, "Nop phi " + Samples.DossierCode, "TRUNG TAM PHUC VU HANH CHINH CONG"),
                TimeLimitCondition = "trường hợp phải xác minh nguồn gốc đất, thời gian giải quyết không quá 25 ngày làm việc",
            };
            var pdf = PdfTools.Save($"mau-01-{n}-giay-to-vietqr", IntakeForms.Receipt(form));
            var pages = int.Parse(PdfTools.Info(pdf)["Pages"], System.Globalization.CultureInfo.InvariantCulture);
            if (pages == 1) continue;
            multiPage++;
            var last = PdfTools.PageText(pdf, pages).Normalize(NormalizationForm.FormC);
            foreach (var expected in new[] { papers[n - 1], "16 giờ 30 phút, ngày 11 tháng 12 năm 2026", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Nộp phí, lệ phí: 2.100.000 đồng" })
                Assert.True(last.Contains(expected.Normalize(NormalizationForm.FormC), StringComparison.Ordinal), $"{n} papers: '{expected}' not on the last page ({pages}):\n{last}");
            if (n % 16 == 0) Assert.Contains(qr, PdfTools.DecodeQr(PdfTools.RenderPng(pdf)[^1]).Split('\n'));
        }
        Assert.True(multiPage > 10, $"only {multiPage} slips ran over one page");
    }

    // Third trial of issue 14: 2.000438 received at the desk with all 18 of its documents (catalogue names of up to 900
    // characters: conditions, points a) to h), citations) ran to two pages, the first a third empty. 18 such names, the
    // VietQR, a case note and skipped days: one A4 page, every row numbered, the tail and the QR on it.
    [Fact]
    public void Eighteen_long_documents_with_the_VietQR_fit_one_A4_page()
    {
        var qr = MotCua.Domain.Payments.VietQr.Encode(new("970415", "113000123456", 35_000_000, "Nop phi " + Samples.DossierCode));
        const string tail = " của tổ chức tín dụng phi ngân hàng trách nhiệm hữu hạn, sau khi nhận được văn bản chấp thuận nguyên tắc, Ban trù bị "
            + "phải nộp bổ sung theo quy định tại điểm a, b, c, d, đ, e khoản 8 Điều 13 Thông tư số 57/2024/TT-NHNN (bản chính hoặc bản sao có chứng thực)";
        var names = Enumerable.Range(0, 18).Select(i => $"{(char)('a' + i % 8)}) Văn bản số {i + 1} về việc đề nghị cấp Giấy phép{tail[..Math.Min(tail.Length, 120 + i * 37 % 200)]}").ToList();
        var form = Samples.Receipt() with
        {
            ProcedureName = "Cấp Giấy phép thành lập và hoạt động của tổ chức tín dụng phi ngân hàng (công ty tài chính, công ty cho thuê tài chính)",
            ProcedureCode = "2.000438",
            Documents = [.. names.Select((name, i) => new ReceivedDocument(name, 1, i % 3 == 0 ? 1 : 0))],
            Payment = new PaymentQr(qr, 35_000_000, "Nop phi " + Samples.DossierCode, "TRUNG TAM PHUC VU HANH CHINH CONG"),
            TimeLimitCondition = "trường hợp phải xác minh, thời gian giải quyết không quá 25 ngày làm việc",
        };
        var pdf = PdfTools.Save("mau-01-18-giay-to-dai-vietqr", IntakeForms.Receipt(form));
        AssertA4(pdf, 1);
        var text = PdfTools.Text(pdf).Normalize(NormalizationForm.FormC);
        foreach (var expected in new[] { "Văn bản số 1 ", "Văn bản số 18 ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Nộp phí, lệ phí: 35.000.000 đồng" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains(qr, PdfTools.DecodeQr(PdfTools.RenderPng(pdf)[0]).Split('\n'));
    }

    private static void AssertA4(string pdf, int pages)
    {
        var (width, height) = PdfTools.PageSize(pdf);
        Assert.InRange(width, A4Width - 0.5, A4Width + 0.5);
        Assert.InRange(height, A4Height - 0.5, A4Height + 0.5);
        Assert.Equal(pages.ToString(System.Globalization.CultureInfo.InvariantCulture), PdfTools.Info(pdf)["Pages"]);
    }

    private static void AssertA5(string pdf, int pages)
    {
        var (width, height) = PdfTools.PageSize(pdf);
        Assert.InRange(width, A5Width - 0.5, A5Width + 0.5);
        Assert.InRange(height, A5Height - 0.5, A5Height + 0.5);
        Assert.Equal(pages.ToString(System.Globalization.CultureInfo.InvariantCulture), PdfTools.Info(pdf)["Pages"]);
    }

    private static string AssertNfcText(string pdf, params string[] expected)
    {
        var text = PdfTools.Text(pdf);
        Assert.True(text.IsNormalized(NormalizationForm.FormC), "pdftotext output is not NFC");
        foreach (var s in expected)
        {
            var nfc = s.Normalize(NormalizationForm.FormC);
            Assert.True(text.Contains(nfc, StringComparison.Ordinal), $"'{nfc}' not found in {Path.GetFileName(pdf)}:\n{text}");
        }
        return text;
    }
}
