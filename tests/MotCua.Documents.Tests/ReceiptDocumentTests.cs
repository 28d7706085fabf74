using MotCua.Domain.Receipts;
using Xunit.Abstractions;

namespace MotCua.Documents.Tests;

public class ReceiptDocumentTests(ITestOutputHelper output)
{
    private static FeeReceiptForm Form(string? cancelReason = null, bool publicCopy = false) => new(
        new Letterhead("UBND THÀNH PHỐ HUẾ", "Trung tâm Phục vụ hành chính công", "Huế"), ReceiptNumbering.FormNumber, "MC-26E", 105,
        "Trần Thị Bình", "000.00.01.H57-261201-0001",
        [new ReceiptItem("Lệ phí cấp giấy phép xây dựng", "charge", 20_000), new ReceiptItem("Phí thẩm định", "fee", 5_000)], 25_000,
        new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7)), "https://motcua.example/xac-thuc/bien-lai/abcDEF123_-x",
        cancelReason is null ? null : new ReceiptCancelled(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(7)), cancelReason, false, "MC-26E-0000106", publicCopy));

    [Fact]
    public void The_receipt_prints_its_required_content_and_a_QR_that_decodes_to_the_verification_page()
    {
        var pdf = PdfTools.Save("bien-lai", ReceiptDocument.Pdf(Form()));
        var text = PdfTools.Text(pdf);
        foreach (var expected in new[] { "BIÊN LAI THU PHÍ, LỆ PHÍ", "01BLP0-001", "MC-26E", "0000105", "Trần Thị Bình", "Hai mươi lăm nghìn đồng", "25.000", "Lệ phí" })
            Assert.Contains(expected, text);
        Assert.DoesNotContain("ĐÃ HỦY", text);
        var (width, height) = PdfTools.PageSize(pdf);
        output.WriteLine($"page {width:0}×{height:0} pt; {pdf}");
        Assert.InRange(width, 419, 421); // A5
        var decoded = PdfTools.DecodeQr(PdfTools.RenderPng(pdf)[0]);
        output.WriteLine($"QR: {decoded}");
        Assert.Equal("https://motcua.example/xac-thuc/bien-lai/abcDEF123_-x", decoded);
    }

    // Trial 14v LOW 7: the fee's full name, as 1.004306's aircraft case is named, wrapped in its cell, never cut.
    private const string AircraftFee = "Phí gia hạn, sửa đổi, bổ sung Giấy chứng nhận người khai thác tàu bay (đối với nhà khai thác tàu bay Việt Nam › "
        + "Bổ sung năng định: Bổ sung thêm loại hình khai thác đặc biệt (ETOPS, CAT II, CAT III, hàng nguy hiểm, MNPS...), chủng loại tàu bay khai thác)";

    [Fact]
    public void A_long_fee_name_is_printed_whole_wrapped_over_lines_on_one_A5_page()
    {
        var form = Form() with
        {
            Items = [new ReceiptItem(AircraftFee, "fee", 15_000_000), new ReceiptItem("Lệ phí cấp giấy phép lái xe (sát hạch lý thuyết và thực hành, cấp mới)", "charge", 135_000)],
            AmountVnd = 15_135_000,
        };
        var pdf = PdfTools.Save("bien-lai-ten-dai", ReceiptDocument.Pdf(form));
        // Every word of the name, in order; the text layer reads the row's kind cell ("Phí") beside the name's middle line.
        var text = PdfTools.Text(pdf);
        var words = AircraftFee.Split(' ').Select(System.Text.RegularExpressions.Regex.Escape);
        Assert.Matches(string.Join(@"\s+(?:Phí\s+)?", words), text);
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
        Assert.Equal("1", PdfTools.Info(pdf)["Pages"]);
        var (width, height) = PdfTools.PageSize(pdf);
        Assert.InRange(width, 419, 421);
        Assert.InRange(height, 594, 596);
        output.WriteLine($"{pdf}: {string.Join(", ", PdfTools.RenderPng(pdf))}");
    }

    [Fact]
    public void A_cancelled_receipt_prints_cancelled_with_its_reason()
    {
        var text = PdfTools.Text(PdfTools.Save("bien-lai-da-huy", ReceiptDocument.Pdf(Form("Thu nhầm hồ sơ"))));
        Assert.Contains("ĐÃ HỦY", text);
        Assert.Contains("Thu nhầm hồ sơ", text);
        // The payer's copy (third trial): the status, the date and the replacement, never the reason.
        var publicCopy = PdfTools.Text(PdfTools.Save("bien-lai-da-huy-ban-nguoi-nop", ReceiptDocument.Pdf(Form("Thu nhầm hồ sơ", publicCopy: true))));
        Assert.Contains("ĐÃ HỦY", publicCopy);
        Assert.Contains("Hủy ngày 02/12/2026; thay thế bằng biên lai số MC-26E-0000106.", publicCopy);
        Assert.DoesNotContain("Thu nhầm", publicCopy);
    }

    [Fact]
    public void A_receipt_without_a_human_collector_names_the_unit_and_the_partner_and_the_digital_signature()
    {
        var text = string.Join(' ', PdfTools.Text(PdfTools.Save("bien-lai-thu-qua-doi-tac", ReceiptDocument.Pdf(Form() with { CollectedThrough = "VietinBank" })))
            .Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Trung tâm Phục vụ hành chính công – thu qua VietinBank", text);
        Assert.Contains("(Ký số của đơn vị thu)", text);
        Assert.Contains("chữ ký số của đơn vị thu trên tệp thay chữ ký người thu tiền", text);
    }

    [Fact]
    public void The_collector_is_named_under_their_signature_and_an_item_starts_with_a_capital()
    {
        var form = Form() with
        {
            CollectorName = "Lê Thị Kế Toán",
            Items = [new ReceiptItem("phí đổi thẻ bảo hiểm y tế", "fee", 25_000)],
        };
        var text = PdfTools.Text(PdfTools.Save("bien-lai-nguoi-thu", ReceiptDocument.Pdf(form)));
        Assert.Contains("Lê Thị Kế Toán", text);
        Assert.Contains("Phí đổi thẻ bảo hiểm y tế", text);
    }

    [Fact]
    public void A_receipt_missing_its_payer_is_refused() =>
        Assert.Throws<ArgumentException>(() => ReceiptDocument.Pdf(Form() with { PayerName = "" }));
}
