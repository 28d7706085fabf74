using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Domain.Registers;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 15, the official books checked against the law (docs/REGISTERS.md, "Sources"): each book's title, volume mark
/// and column headings, as data written from its source, asserted against the Domain's book, the PDF's text and the
/// workbook's header row; and the year-end closing (khóa sổ) that the Law and the Decree require.
/// </summary>
public class OfficialBookLayoutTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    /// <summary>What each book must print, in order.</summary>
    public sealed record Expected(string Title, string Symbol, string[] Headings);

    private const string CertNumber = "Số thứ tự/số chứng thực", CertDate = "Ngày, tháng, năm chứng thực",
        CertSigner = "Họ tên, chức danh người ký chứng thực", CertFee = "Lệ phí/Phí chứng thực";

    /// <summary>The books' layouts, each with its source.</summary>
    public static readonly IReadOnlyDictionary<string, Expected> Layouts = new Dictionary<string, Expected>
    {
        // Nghị định 23/2015/NĐ-CP Điều 13 khoản 4 điểm a and its annex (mẫu sổ SCT/BS, in force: Điều 13 unamended by
        // Nghị định 07/2025/NĐ-CP); the eight columns (1)–(8) as the form numbers them.
        ["chung-thuc-ban-sao"] = new("SỔ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH", "SCT/BS",
            [CertNumber, CertDate, "Họ tên của người yêu cầu chứng thực", "Tên của bản chính giấy tờ, văn bản", CertSigner,
             "Số bản sao đã được chứng thực", CertFee, "Ghi chú"]),
        // Same annex, mẫu sổ SCT/CK,ĐC (Điều 13 khoản 4 điểm b): name and identity paper share column (3).
        ["chung-thuc-chu-ky"] = new("SỔ CHỨNG THỰC CHỮ KÝ, CHỨNG THỰC ĐIỂM CHỈ", "SCT/CK,ĐC",
            [CertNumber, CertDate, "Họ tên, số giấy CMND/Hộ chiếu của người yêu cầu chứng thực",
             "Tên của giấy tờ, văn bản chứng thực chữ ký/điểm chỉ", CertSigner,
             "Số lượng giấy tờ, văn bản đã được chứng thực chữ ký/điểm chỉ", CertFee, "Ghi chú"]),
        // Title and mark from Điều 13 khoản 4 điểm đ; the shared columns in the annex's words; the contract's own two
        // columns are MotCua's reading (the SCT/HĐ,GD form was not found here) [reported].
        ["chung-thuc-hop-dong"] = new("SỔ CHỨNG THỰC HỢP ĐỒNG, GIAO DỊCH", "SCT/HĐ,GD",
            [CertNumber, CertDate, "Họ tên của người yêu cầu chứng thực", "Tên hợp đồng, giao dịch",
             "Họ tên các bên tham gia hợp đồng, giao dịch", CertSigner, CertFee, "Ghi chú"]),
        // Luật Hộ tịch 2014 Điều 14 khoản 1 (what a birth registration records: the child's name, birth date, sex, ethnicity,
        // nationality, place of birth, quê quán, số định danh cá nhân; điểm b: each parent's name, năm sinh, dân tộc, quốc tịch,
        // nơi cư trú, headed per parent as the marriage book heads each spouse's), Điều 16 khoản 2 (the declarant and the
        // officer sign the book, the chairman issues the Giấy khai sinh); the order of the Sổ đăng ký khai sinh's entry.
        // Thông tư 04/2020/TT-BTP's printed form itself was not found here [reported].
        ["khai-sinh"] = new("SỔ ĐĂNG KÝ KHAI SINH", "SKS",
            ["Số", "Ngày, tháng, năm đăng ký", "Họ, chữ đệm, tên người được đăng ký khai sinh", "Ngày, tháng, năm sinh", "Giới tính",
             "Dân tộc", "Quốc tịch", "Nơi sinh", "Quê quán", "Số định danh cá nhân", "Họ, chữ đệm, tên người mẹ",
             "Năm sinh (mẹ)", "Dân tộc (mẹ)", "Quốc tịch (mẹ)", "Nơi cư trú (mẹ)",
             "Họ, chữ đệm, tên người cha", "Năm sinh (cha)", "Dân tộc (cha)", "Quốc tịch (cha)", "Nơi cư trú (cha)", "Họ, chữ đệm, tên người đi khai sinh", "Quan hệ với người được khai sinh",
             "Giấy tờ tùy thân của người đi khai sinh", "Họ, chữ đệm, tên, chức vụ người ký Giấy khai sinh",
             "Người thực hiện (công chức tư pháp - hộ tịch)", "Ghi chú"]),
        // Luật Hộ tịch Điều 17 khoản 2 (each spouse's name, birth date, ethnicity, nationality, residence, identity paper),
        // Điều 18 khoản 2 [reported: the form's layout].
        ["ket-hon"] = new("SỔ ĐĂNG KÝ KẾT HÔN", "SKH",
            ["Số", "Ngày, tháng, năm đăng ký", "Họ, chữ đệm, tên bên chồng", "Ngày, tháng, năm sinh (chồng)", "Dân tộc (chồng)",
             "Quốc tịch (chồng)", "Nơi cư trú (chồng)", "Giấy tờ tùy thân (chồng)", "Họ, chữ đệm, tên bên vợ", "Ngày, tháng, năm sinh (vợ)",
             "Dân tộc (vợ)", "Quốc tịch (vợ)", "Nơi cư trú (vợ)", "Giấy tờ tùy thân (vợ)",
             "Họ, chữ đệm, tên, chức vụ người ký Giấy chứng nhận kết hôn", "Người thực hiện (công chức tư pháp - hộ tịch)", "Ghi chú"]),
        // Luật Hộ tịch Điều 34 (the death notice or its substitute, the declarant who signs the book with the officer)
        // [reported: the form's layout].
        ["khai-tu"] = new("SỔ ĐĂNG KÝ KHAI TỬ", "SKT",
            ["Số", "Ngày, tháng, năm đăng ký", "Họ, chữ đệm, tên người chết", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Quốc tịch",
             "Giấy tờ tùy thân", "Nơi cư trú cuối cùng", "Ngày, tháng, năm chết", "Nơi chết", "Nguyên nhân chết", "Giấy báo tử hoặc giấy tờ thay thế",
             "Họ, chữ đệm, tên người đi khai tử", "Quan hệ với người chết", "Giấy tờ tùy thân của người đi khai tử",
             "Họ, chữ đệm, tên, chức vụ người ký Trích lục khai tử", "Người thực hiện (công chức tư pháp - hộ tịch)", "Ghi chú"]),
        // No circular's form was found for a land-field reception book: MotCua's choice, the Sổ theo dõi hồ sơ's columns
        // (DocumentKind.Register.FormSource(): Thông tư 03/2025/TT-VPCP Mẫu số 07, formerly TT 01/2018 Mẫu 06) with the parcel [choice].
        ["tiep-nhan-dat-dai"] = new("SỔ TIẾP NHẬN HỒ SƠ LĨNH VỰC ĐẤT ĐAI", "STN/ĐĐ",
            ["Số", "Ngày nhận hồ sơ", "Mã hồ sơ", "Tên thủ tục", "Tên người nộp hồ sơ", "Địa chỉ", "Số điện thoại", "Thửa đất số",
             "Tờ bản đồ số", "Địa chỉ thửa đất", "Hẹn trả kết quả", "Người nhận hồ sơ", "Ghi chú"]),
    };

    public static TheoryData<string> Books() => [.. OfficialBooks.All.Select(b => b.Key)];

    [Fact]
    public void Every_book_has_a_layout_written_from_its_source()
    {
        Assert.Equal(OfficialBooks.All.Select(b => b.Key).Order(), Layouts.Keys.Order());
        foreach (var book in OfficialBooks.All)
        {
            var expected = Layouts[book.Key];
            Assert.Equal(expected.Title, book.Title);
            Assert.Equal(expected.Symbol, book.Symbol);
            Assert.Equal(expected.Headings, book.Columns.Select(c => c.Header));
        }
    }

    // The text of the PDF in drawing order: each table cell's lines come out together, so a heading wrapped in its cell
    // reads whole once the whitespace is collapsed.
    private static string PdfText(string file) => Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {file} -"), @"\s+", " ");

    private static async Task<string> SaveAsync(byte[] pdf, string name)
    {
        var directory = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(file, pdf);
        return file;
    }

    [Theory]
    [MemberData(nameof(Books))]
    public async Task The_pdf_and_the_workbook_print_the_sources_title_mark_and_headings_in_order(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var expected = Layouts[key];
        var code = await OfficialBookTests.EnterAsync(app, book, OfficialBookTests.FormFor(book.FormFields, 3));
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");

        var file = await SaveAsync(await clerk.GetByteArrayAsync($"/api/v1/registers/{key}/2025.pdf"), $"official-book-{key}.pdf");
        var text = PdfText(file);
        Assert.Contains($"{expected.Title} NĂM 2025", text);
        Assert.Contains($"Quyển số 01/2025/{expected.Symbol}", text);
        var at = 0;
        foreach (var heading in expected.Headings)
        {
            var found = text.IndexOf(heading, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"{key}: the PDF lacks the heading \"{heading}\" after position {at}");
            at = found + heading.Length;
        }
        // A dossier code may wrap inside its narrow cell.
        Assert.Contains(code, Regex.Replace(text, @"\s", ""));
        Assert.DoesNotContain("Khóa sổ", text);

        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await clerk.GetByteArrayAsync($"/api/v1/registers/{key}/2025.xlsx")), false);
        var part = workbook.WorkbookPart!;
        var sheet = part.Workbook.Descendants<Sheet>().Single();
        var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
        Assert.StartsWith($"{expected.Title} NĂM 2025", rows.Single(r => r.RowIndex! == 2).InnerText);
        Assert.Equal(expected.Headings, rows.Single(r => r.RowIndex! == OfficialBookDocument.HeaderRow).Elements<Cell>().Select(c => c.InnerText));
        output.WriteLine($"{key}: {expected.Headings.Length} cột, PDF {new FileInfo(file).Length} byte");
    }

    [Fact]
    public async Task A_past_years_book_ends_with_its_closing_the_total_and_the_pages()
    {
        var copies = OfficialBooks.Copies;
        await OfficialBookTests.EnterAsync(app, copies, OfficialBookTests.FormFor(copies.FormFields, 8));
        var births = OfficialBooks.Birth;
        await OfficialBookTests.EnterAsync(app, births, OfficialBookTests.FormFor(births.FormFields, 8));
        var clock = app.Clock.Now;
        try
        {
            app.Clock.Now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, VietnamTime.Offset);
            var clerk = await app.OfficerAsync("congchuc.thuanhoa");
            foreach (var book in new[] { copies, births })
            {
                var entries = (await clerk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{book.Key}/2025")).GetProperty("entries").GetArrayLength();
                var file = await SaveAsync(await clerk.GetByteArrayAsync($"/api/v1/registers/{book.Key}/2025.pdf"), $"official-book-{book.Key}-closed.pdf");
                var pages = int.Parse(Regex.Match(MotCuaApp.Tool("pdfinfo", file), @"Pages:\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
                var text = PdfText(file);
                var (statement, signer, _) = book.Closing(2025, entries, pages)!.Value;
                Assert.Contains(statement, text);
                Assert.Contains(signer.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), text);
                output.WriteLine($"{book.Key}: {statement}");
            }
            // The year still open is not closed.
            Assert.DoesNotContain("Khóa sổ", PdfText(await SaveAsync(await clerk.GetByteArrayAsync($"/api/v1/registers/{copies.Key}/2026.pdf"), "official-book-open.pdf")));
        }
        finally
        {
            app.Clock.Now = clock;
        }
    }
}
