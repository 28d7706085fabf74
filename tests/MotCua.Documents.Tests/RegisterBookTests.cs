using System.Globalization;
using System.Text;

namespace MotCua.Documents.Tests;

public sealed class RegisterBookTests
{
    private const double A4LandscapeWidth = 841.89;
    private const double A4LandscapeHeight = 595.28;

    private static readonly DateTimeOffset Received = new(2026, 1, 5, 1, 15, 0, TimeSpan.Zero);

    // Every fourth line has a long procedure name and every fifth a web address with no space, so rows differ in height
    // and a word must be split inside its cell.
    private static RegisterLine Line(int number) => new(
        number, $"000.00.15.H57-2601{number % 28 + 1:00}-{number:0000}",
        number % 4 == 0 ? "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do nhận thừa kế" : "Đăng ký khai sinh",
        1, "Nguyễn Thị Hường",
        number % 5 == 0 ? "https://example.vn/dia-chi-khong-co-khoang-trang-nao-abcdefghijklmnopqrstuvwxyz; 0914123456" : "Số 12 kiệt 45 đường Nguyễn Huệ, phường Thuận Hóa; 0914 123 456",
        "Ủy ban nhân dân phường Thuận Hóa", Received.AddHours(number), Received.AddDays(5), null, null, null, "Đang giải quyết");

    private static RegisterBookForm Book(int lines) => new()
    {
        Letterhead = new Letterhead("UBND THÀNH PHỐ HUẾ", "Ủy ban nhân dân phường Thuận Hóa", "Huế"),
        Year = 2026,
        Lines = [.. Enumerable.Range(1, lines).Select(Line)],
    };

    [Fact]
    public void A_long_book_repeats_the_header_row_on_every_page_and_prints_every_line_once_in_order()
    {
        var form = Book(60);
        var pdf = PdfTools.Save("so-theo-doi-60-dong", RegisterBook.Pdf(form));

        var (width, height) = PdfTools.PageSize(pdf);
        Assert.InRange(width, A4LandscapeWidth - 0.5, A4LandscapeWidth + 0.5);
        Assert.InRange(height, A4LandscapeHeight - 0.5, A4LandscapeHeight + 0.5);
        var pages = int.Parse(PdfTools.Info(pdf)["Pages"], CultureInfo.InvariantCulture);
        Assert.True(pages >= 3, $"60 lines should take several pages, got {pages}");

        var first = PdfTools.PageText(pdf, 1);
        Assert.Contains("UBND THÀNH PHỐ HUẾ", first);
        Assert.Contains("ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÓA", first);
        Assert.Contains("SỔ THEO DÕI HỒ SƠ NĂM 2026", first);
        Assert.Contains("Quyển số 01/2026 · 60 hồ sơ", first);
        var all = new StringBuilder();
        for (var page = 1; page <= pages; page++)
        {
            var text = PdfTools.PageText(pdf, page);
            Assert.True(text.IsNormalized(NormalizationForm.FormC), $"page {page} is not NFC");
            // The header row opens the table on every page.
            var header = text.IndexOf("STT Mã hồ sơ Tên thủ tục", StringComparison.Ordinal);
            Assert.True(header >= 0, $"no header row on page {page}:\n{text}");
            Assert.True(header < text.IndexOf("000.00.15.H57-", StringComparison.Ordinal), $"a line comes before the header row on page {page}");
            if (page > 1)
            {
                Assert.Contains("SỔ THEO DÕI HỒ SƠ NĂM 2026 – Ủy ban nhân dân phường Thuận Hóa (tiếp theo)", text);
                Assert.DoesNotContain("Quyển số", text);
            }
            all.Append(text).Append(' ');
        }
        var book = all.ToString();
        var position = 0;
        foreach (var line in form.Lines)
        {
            var at = book.IndexOf(line.Code, StringComparison.Ordinal);
            Assert.True(at >= position, $"line {line.Number} ({line.Code}) missing or out of order");
            Assert.Equal(at, book.LastIndexOf(line.Code, StringComparison.Ordinal));
            position = at;
        }
        Assert.Equal(pages, PdfTools.RenderPng(pdf).Count);
    }

    [Fact]
    public void An_empty_book_prints_its_header_row_and_says_it_is_empty()
    {
        var pdf = PdfTools.Save("so-theo-doi-trong", RegisterBook.Pdf(Book(0)));

        Assert.Equal("1", PdfTools.Info(pdf)["Pages"]);
        var text = PdfTools.Text(pdf);
        Assert.Contains("Quyển số 01/2026 · 0 hồ sơ", text);
        Assert.Contains("Ghi chú", text);
        Assert.Contains("Chưa có hồ sơ nào trong sổ.", text);
    }
}
