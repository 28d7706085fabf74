using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The official books (docs/REGISTERS.md) on a real PostgreSQL, generated from <see cref="OfficialBooks.All"/>: for each
/// book a dossier of its procedure is received with its e-form, taken to the entering act, and its values appear on its
/// row with the next number; a correction is an annotation beside the original; the workbook and the PDF read back.
/// </summary>
public class OfficialBookTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0, int month = 11) => new(2025, month, day, hour, minute, 0, VietnamTime.Offset);

    public static TheoryData<string> Books() => [.. OfficialBooks.All.Select(b => b.Key)];

    /// <summary>A valid answer for each e-form field, from its type and pattern (a name for a name, digits for a parcel).</summary>
    public static Dictionary<string, string?> FormFor(IEnumerable<EFormField> fields, int seed = 0) => fields.ToDictionary(f => f.Name, f => (string?)(f.Type switch
    {
        // A date bounded by another (the deceased's birth by the death) lies before every unbounded one.
        EFormFieldType.Date => new DateOnly(f.NotAfter is null ? 1990 : 1950, 1, 1).AddDays(seed * 37 + f.Name.Length).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        EFormFieldType.Select => f.Options[seed % f.Options.Count],
        // A year (a parent's năm sinh) lies before every generated date it may not follow.
        EFormFieldType.Number when f.NotAfter is not null => (1960 + seed % 20).ToString(CultureInfo.InvariantCulture),
        EFormFieldType.Number => (2 + seed % 5).ToString(CultureInfo.InvariantCulture),
        _ when f.Pattern?.Contains(@"\p{L}", StringComparison.Ordinal) == true => $"Trần Thị {(seed % 2 == 0 ? "Lan" : "Mai")}",
        _ when f.Pattern?.StartsWith("[0-9A-Za-z", StringComparison.Ordinal) == true => (120 + seed).ToString(CultureInfo.InvariantCulture),
        _ when f.Pattern == "[0-9]{12}" => (46124000000L + seed).ToString("000000000000", CultureInfo.InvariantCulture),
        _ => $"{f.Label} số {seed}",
    }));

    /// <summary>A procedure the book enters and the commune adopted: its own code, or for a field book the first such procedure.</summary>
    internal static async Task<string> ProcedureOfAsync(MotCuaApp app, OfficialBook book) => book.ProcedureCodes.Count > 0 ? book.ProcedureCodes[0]
        : await FirstAdoptedAsync(app, book.Field!);

    private static async Task<string> FirstAdoptedAsync(MotCuaApp app, string field)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT p.code FROM procedures p JOIN agency_procedures a ON a.procedure_code = p.code JOIN agencies g ON g.id = a.agency_id
            WHERE g.code = $1 AND p.field = $2 AND a.process IS NOT NULL ORDER BY p.code LIMIT 1
            """, connection);
        command.Parameters.AddWithValue(DemoData.ThuanHoaCode);
        command.Parameters.AddWithValue(field);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Receives a dossier at Thuận Hóa's desk with the e-form and, for a book entered at approval, transfers,
    /// appraises and approves it.</summary>
    internal static async Task<string> EnterAsync(MotCuaApp app, OfficialBook book, Dictionary<string, string?> form, int day = 17, bool approve = true, int month = 11)
    {
        app.Clock.Now = At(day, 8, 30, month: month);
        var procedure = await ProcedureOfAsync(app, book);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var received = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: procedure, formData: form));
        Assert.True(received.StatusCode == HttpStatusCode.Created, $"{procedure}: {await received.Content.ReadAsStringAsync()}");
        var code = (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        if (book.EnteredAt == EntryAct.Approval && approve)
        {
            await OkAsync(desk, code, "transfer");
            await OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Hồ sơ hợp lệ" });
            await OkAsync(await app.OfficerAsync("lanhdao.thuanhoa"), code, "approve", new { note = "Đồng ý" });
        }
        return code;
    }

    internal static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{code} {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static JsonElement EntryOf(JsonElement book, string code) =>
        book.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("dossierCode").GetString() == code);

    [Theory]
    [MemberData(nameof(Books))]
    public async Task A_dossier_entered_by_its_act_shows_its_e_form_on_its_row_with_the_next_number(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var before = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{key}/2025");
        var numbers = before.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("number").GetInt32()).ToList();

        var form = FormFor(book.FormFields, seed: numbers.Count);
        var code = await EnterAsync(app, book, form);
        // Entered at receipt only: a reception book is not waiting for approval, an approval book not filled at receipt.
        var after = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{key}/2025");
        var entry = EntryOf(after, code);
        Assert.Equal(numbers.Count + 1, entry.GetProperty("number").GetInt32());
        Assert.Equal(Enumerable.Range(1, numbers.Count + 1), after.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("number").GetInt32()));
        var values = entry.GetProperty("values");
        Assert.Equal(BookValues.Number(numbers.Count + 1), values.GetProperty(book.Columns[0].Key).GetString());
        foreach (var column in book.Columns.Where(c => c.Source == ColumnSource.Form))
        {
            var typed = form[column.Key]!;
            var printed = DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : typed;
            Assert.Equal(printed, values.GetProperty(column.Key).GetString());
        }
        // The signer with the chức vụ their account held at the act, or for a reception book whoever received the dossier
        // (here the API client that submitted it).
        // A commune's civil-status and authentication books are its people's committee's: the signer prints as its
        // chairman, whatever title the account holds (second trial: "Giám đốc").
        var expectedBy = book.EnteredAt == EntryAct.Approval ? "Võ Quốc Việt, Chủ tịch UBND phường Thuận Hóa"
            : (await desk.GetFromJsonAsync<JsonElement[]>($"/api/v1/dossiers/{code}/events"))![0].GetProperty("actor").GetString();
        Assert.Equal(expectedBy, values.GetProperty(book.Columns.Single(c => c.Source is ColumnSource.EnteredBy or ColumnSource.EnteredByWithTitle).Key).GetString());
        // The paper books have no column for the dossier: its code heads the notes, unless the book prints it in a column.
        if (!book.Columns.Any(c => c.Source == ColumnSource.DossierCode))
            Assert.StartsWith($"Mã hồ sơ: {code}", values.GetProperty("ghiChu").GetString());
        if (book.Columns.FirstOrDefault(c => c.Source == ColumnSource.Handler) is { } handler)
            Assert.Equal("Lê Thị Thu Hà", values.GetProperty(handler.Key).GetString());
        Assert.Equal("17/11/2025", values.GetProperty("ngayDangKy").GetString());
        Assert.Equal(book.Family == BookFamily.Reception ? "Trung tâm Phục vụ hành chính công phường Thuận Hóa" : "Ủy ban nhân dân phường Thuận Hóa",
            after.GetProperty("keeper").GetString());
        output.WriteLine($"{key}: {code} entered as {BookValues.Number(numbers.Count + 1)}, {book.Columns.Count(c => c.Source == ColumnSource.Form)} e-form columns");
    }

    [Fact]
    public async Task A_dossier_received_but_not_approved_is_not_in_an_approval_book()
    {
        var code = await EnterAsync(app, OfficialBooks.Death, FormFor(OfficialBooks.Death.FormFields, 7), approve: false);
        var book = await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetFromJsonAsync<JsonElement>("/api/v1/registers/khai-tu/2025");
        Assert.DoesNotContain(code, book.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("dossierCode").GetString()));
        // Refused on the merits: no civil-status act, no entry.
        await OkAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "transfer");
        await OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Thiếu giấy báo tử" });
        await OkAsync(await app.OfficerAsync("lanhdao.thuanhoa"), code, "refuse", new { reason = "Không có giấy báo tử hoặc giấy tờ thay thế" });
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM register_entries e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'"));
    }

    [Fact]
    public async Task A_correction_is_an_annotation_beside_the_original_by_the_units_specialist_or_leader_with_a_reason()
    {
        var form = FormFor(OfficialBooks.Birth.FormFields, 3);
        var code = await EnterAsync(app, OfficialBooks.Birth, form);
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var number = EntryOf(await clerk.GetFromJsonAsync<JsonElement>("/api/v1/registers/khai-sinh/2025"), code).GetProperty("number").GetInt32();
        var address = $"/api/v1/registers/khai-sinh/2025/{number}/corrections";
        app.Clock.Now = At(17, 16);

        // Refused, nothing written: no reason, an unknown column, the number column, a date not dd/MM/yyyy; the desk and
        // another unit; the inspector reads but does not correct.
        async Task Refused(HttpClient client, object body, HttpStatusCode status, string? field = null)
        {
            var response = await client.PostAsJsonAsync(address, body);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is not null) Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        await Refused(clerk, new { field = "hoTenTre", value = "Nguyễn Minh Khôi", reason = " " }, HttpStatusCode.UnprocessableEntity, "reason");
        await Refused(clerk, new { field = "tenMeo", value = "x", reason = "y" }, HttpStatusCode.UnprocessableEntity, "field");
        await Refused(clerk, new { field = "so", value = "99", reason = "y" }, HttpStatusCode.UnprocessableEntity, "field");
        await Refused(clerk, new { field = "ngaySinh", value = "2024-06-15", reason = "y" }, HttpStatusCode.UnprocessableEntity, "value");
        await Refused(await app.OfficerAsync("tiepnhan.thuanhoa"), new { field = "hoTenTre", value = "A B", reason = "y" }, HttpStatusCode.Forbidden);
        await Refused(await app.OfficerAsync("thanhtra"), new { field = "hoTenTre", value = "A B", reason = "y" }, HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM register_corrections"));

        // An entry number the book does not have.
        var missing = await clerk.PostAsJsonAsync($"/api/v1/registers/khai-sinh/2025/{number + 500}/corrections", new { field = "hoTenTre", value = "A B", reason = "y" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var corrected = await clerk.PostAsJsonAsync(address, new { field = "ngaySinh", value = "16/06/2024", reason = "Giấy chứng sinh số 123 ghi ngày 16/06/2024" });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var entry = EntryOf(await clerk.GetFromJsonAsync<JsonElement>("/api/v1/registers/khai-sinh/2025"), code);
        var original = DateOnly.ParseExact(form["ngaySinh"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        Assert.Equal(original, entry.GetProperty("values").GetProperty("ngaySinh").GetString());
        Assert.Equal("16/06/2024", entry.GetProperty("current").GetProperty("ngaySinh").GetString());
        var annotation = entry.GetProperty("values").GetProperty("ghiChu").GetString()!;
        Assert.Contains("Ngày 17/11/2025, Lê Thị Thu Hà sửa \"Ngày, tháng, năm sinh\" thành \"16/06/2024\". Lý do: Giấy chứng sinh số 123 ghi ngày 16/06/2024", annotation);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'register.correction' AND subject = 'register:{DemoData.ThuanHoaCode}:khai-sinh:2025:{number}'"));

        // The leader corrects too; both annotations stay, oldest first, and the entry row itself is untouched.
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        Assert.Equal(HttpStatusCode.Created, (await leader.PostAsJsonAsync(address, new { field = "noiSinh", value = "Bệnh viện Trung ương Huế", reason = "Theo giấy chứng sinh" })).StatusCode);
        entry = EntryOf(await (await app.OfficerAsync("thanhtra")).GetFromJsonAsync<JsonElement>($"/api/v1/registers/khai-sinh/2025?agency={DemoData.ThuanHoaCode}"), code);
        Assert.Equal(2, entry.GetProperty("corrections").GetArrayLength());
        Assert.Equal(["ngaySinh", "noiSinh"], entry.GetProperty("corrections").EnumerateArray().Select(c => c.GetProperty("field").GetString()));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM register_entries e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}' AND e.number = {number}"));

        // The page shows the annotation and offers the form to the specialist, not to the desk.
        var page = await clerk.GetStringAsync("/so-dang-ky?so=khai-sinh&nam=2025");
        Assert.Contains("SỔ ĐĂNG KÝ KHAI SINH NĂM 2025", page);
        Assert.Contains("thành &quot;16/06/2024&quot;", page.Replace("\"", "&quot;"));
        Assert.Contains("Ghi chú sửa một mục", page);
        Assert.DoesNotContain("Ghi chú sửa một mục", await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetStringAsync("/so-dang-ky?so=khai-sinh&nam=2025"));
    }

    [Fact]
    public async Task The_workbook_has_number_cells_and_the_pdf_prints_the_committee_the_entries_and_the_annotations()
    {
        // The commune's title comes from the unit's level, not the account: an account still saying "Giám đốc" signs as
        // the committee's chairman (the demo data said so before the second trial).
        await app.ScalarAsync("UPDATE users SET position = 'Giám đốc' WHERE user_name = 'lanhdao.thuanhoa' RETURNING 1");
        var form = FormFor(OfficialBooks.Copies.FormFields, 5);
        form[BookFees.PagesField] = "5";
        form["soBanSao"] = "3";
        var code = await EnterAsync(app, OfficialBooks.Copies, form);
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var json = await clerk.GetFromJsonAsync<JsonElement>("/api/v1/registers/chung-thuc-ban-sao/2025");
        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        var number = EntryOf(json, code).GetProperty("number").GetInt32();
        Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync($"/api/v1/registers/chung-thuc-ban-sao/2025/{number}/corrections",
            new { field = "tenBanChinh", value = "Bằng tốt nghiệp đại học số 0042", reason = "Ghi nhầm tên giấy tờ" })).StatusCode);

        var xlsx = await clerk.GetByteArrayAsync("/api/v1/registers/chung-thuc-ban-sao/2025.xlsx");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var part = workbook.WorkbookPart!;
            var sheet = part.Workbook.Descendants<Sheet>().Single();
            var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
            var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
            var header = rows.Single(r => r.RowIndex! == OfficialBookDocument.HeaderRow).Elements<Cell>().Select(c => c.InnerText).ToList();
            Assert.Equal(OfficialBooks.Copies.Columns.Select(c => c.Header), header);
            var data = rows.Where(r => r.RowIndex! >= OfficialBookDocument.FirstEntryRow).ToList();
            Assert.Equal(entries.Count, data.Count);
            var fee = header.IndexOf("Lệ phí/Phí chứng thực");
            // Formatted as the Biểu 06 workbook (second trial): the styles as the cells reference them.
            var formats = part.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
            var borders = part.WorkbookStylesPart.Stylesheet.Borders!.Elements<Border>().ToList();
            var fonts = part.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ToList();
            CellFormat FormatOf(Cell c) => formats[(int)c.StyleIndex!.Value];
            bool Bordered(Cell c) => borders[(int)FormatOf(c).BorderId!.Value].LeftBorder?.Style?.Value == BorderStyleValues.Thin;
            Assert.All(rows.Single(r => r.RowIndex! == OfficialBookDocument.HeaderRow).Elements<Cell>(), c =>
            {
                Assert.True(Bordered(c), $"tiêu đề cột {c.InnerText} không có viền");
                Assert.NotNull(fonts[(int)FormatOf(c).FontId!.Value].Bold);
            });
            Assert.Equal("00", part.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>()
                .Single(n => n.NumberFormatId!.Value == OfficialBookDocument.EntryNumberFormat).FormatCode!.Value);
            var widths = worksheet.Descendants<Column>().ToList();
            Assert.Equal(OfficialBooks.Copies.Columns.Count, widths.Count);
            Assert.All(widths, w => Assert.True(w.CustomWidth!.Value && w.Width!.Value >= 8));
            Assert.Contains(worksheet.Descendants<MergeCell>(), m => m.Reference!.Value!.StartsWith("A2:", StringComparison.Ordinal));
            Assert.Equal(PaneStateValues.Frozen, worksheet.Descendants<Pane>().Single().State!.Value);
            foreach (var (row, entry) in data.Zip(entries))
            {
                var cells = row.Elements<Cell>().ToList();
                Assert.All(cells, c => Assert.True(Bordered(c), $"ô {c.CellReference} không có viền"));
                // The number: a number cell printed "01" as the book prints it.
                Assert.Equal(CellValues.Number, cells[0].DataType!.Value);
                Assert.Equal(entry.GetProperty("number").GetInt32(), int.Parse(cells[0].CellValue!.Text, CultureInfo.InvariantCulture));
                Assert.Equal(OfficialBookDocument.EntryNumberFormat, FormatOf(cells[0]).NumberFormatId!.Value);
                Assert.Equal(entry.GetProperty("values").GetProperty("so").GetString(), BookValues.Number(entry.GetProperty("number").GetInt32()));
                var printedFee = entry.GetProperty("values").GetProperty("phi").GetString()!;
                Assert.NotEqual("0", printedFee);
                if (long.TryParse(printedFee.Replace(".", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var vnd))
                {
                    Assert.Equal(CellValues.Number, cells[fee].DataType!.Value);
                    Assert.Equal(vnd, long.Parse(cells[fee].CellValue!.Text, CultureInfo.InvariantCulture));
                    Assert.Equal(3u, FormatOf(cells[fee]).NumberFormatId!.Value);
                }
                else Assert.Equal(printedFee, cells[fee].InnerText);
                Assert.Equal(entry.GetProperty("values").GetProperty("tenBanChinh").GetString(), cells[header.IndexOf("Tên của bản chính giấy tờ, văn bản")].InnerText);
            }
        }
        // The fee the copy book asks (Thông tư 226/2016/TT-BTC as the catalogue publishes it): 5 pages (2 × 2.000 + 3 × 1.000)
        // for each of 3 copies, not the "0" an unplaced catalogue fee left; the signer as the committee's chairman.
        var ours = EntryOf(json, code).GetProperty("values");
        Assert.Equal(BookValues.Money(BookFees.CopyVnd(5, 3)), ours.GetProperty("phi").GetString());
        Assert.Equal("21.000", ours.GetProperty("phi").GetString());
        Assert.Equal("Võ Quốc Việt, Chủ tịch UBND phường Thuận Hóa", ours.GetProperty("nguoiKy").GetString());

        var pdf = await clerk.GetByteArrayAsync("/api/v1/registers/chung-thuc-ban-sao/2025.pdf");
        var file = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms");
        Directory.CreateDirectory(file);
        file = Path.Combine(file, "official-book-copies.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var text = System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-enc UTF-8 {file} -"), @"\s+", " ");
        Assert.Contains("ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÓA", text);
        Assert.DoesNotContain("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", text);
        Assert.Contains("SỔ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH NĂM 2025", text);
        Assert.Contains("Quyển số 01/2025/SCT/BS", text);
        Assert.Contains(form["tenBanChinh"]!, text);
        Assert.Contains("Bằng tốt nghiệp đại học số 0042", text);
        Assert.Contains("Lý do: Ghi nhầm tên giấy tờ", text);
        Assert.Contains("Signature", MotCuaApp.Tool("pdfsig", file));
        output.WriteLine($"xlsx {xlsx.Length:#,0} bytes, {entries.Count} rows; PDF {pdf.Length:#,0} bytes");
    }

    public static TheoryData<string> ResultBooks() => [.. OfficialBooks.All.Where(b => b.ResultReference([1], 2025) is not null).Select(b => b.Key)];

    /// <summary>Nghị định 23/2015/NĐ-CP Điều 13 khoản 2: the number on the result is the book's. For every book whose entry is
    /// a result (civil-status acts, authentications), the result notice prints the number and volume its entry took.</summary>
    [Theory]
    [MemberData(nameof(ResultBooks))]
    public async Task The_result_carries_the_number_its_book_gave(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var code = await EnterAsync(app, book, FormFor(book.FormFields, 4), day: 18);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OkAsync(desk, code, "result-ready");
        var number = EntryOf(await desk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{key}/2025"), code).GetProperty("number").GetInt32();
        var response = await desk.GetAsync($"/api/v1/dossiers/{code}/result.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms");
        Directory.CreateDirectory(file);
        file = Path.Combine(file, $"result-{key}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var text = System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {file} -"), @"\s+", " ");
        var expected = book.ResultReference([number], 2025)!;
        Assert.Contains(expected, text);
        Assert.Contains(book.Family == BookFamily.Authentication ? $"Số chứng thực: {BookValues.Number(number)}, quyển số 01/2025/{book.Symbol}"
            : $"số {BookValues.Number(number)}, quyển số 01/2025/{book.Symbol}", text);
        output.WriteLine($"{key}: {code} → {expected}");
    }

    /// <summary>Nghị định 23/2015/NĐ-CP Điều 13 khoản 3: a software-kept authentication book is printed monthly. For every
    /// book printed monthly, a dossier entered in December: its month's printing holds the month's entries only, with the
    /// year's numbers, opens with the first number and, once the month is over, closes with the count and the numbers.</summary>
    [Fact]
    public async Task An_authentication_book_prints_a_month_with_its_opening_and_closing_lines()
    {
        var before = app.Clock.Now;
        try
        {
            // A session lasts hours of the test clock: the clerk signs in again after each move of the clock.
            HttpClient clerk;
            foreach (var book in OfficialBooks.All.Where(b => b.PrintsMonthly))
            {
                var code = await EnterAsync(app, book, FormFor(book.FormFields, 3), day: 1, month: 12);
                clerk = await app.OfficerAsync("congchuc.thuanhoa");
                var year = await clerk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{book.Key}/2025");
                var entries = year.GetProperty("entries").EnumerateArray().Select(e => (Number: e.GetProperty("number").GetInt32(),
                    Code: e.GetProperty("dossierCode").GetString()!, On: e.GetProperty("values").GetProperty("ngayDangKy").GetString()!)).ToList();
                var december = entries.Where(e => e.On.EndsWith("/12/2025", StringComparison.Ordinal)).ToList();
                var others = entries.Except(december).ToList();
                Assert.Contains(december, e => e.Code == code);

                // While December runs, its printing is a reading: no month's closing yet.
                var running = await MonthTextAsync(clerk, book, 12);
                Assert.Contains($"{book.Title} THÁNG 12/2025", running);
                Assert.DoesNotContain("Khóa sổ tháng", running);

                app.Clock.Now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, VietnamTime.Offset);
                clerk = await app.OfficerAsync("congchuc.thuanhoa");
                var text = await MonthTextAsync(clerk, book, 12);
                Assert.Contains($"các việc chứng thực tháng 12/2025, bắt đầu từ số {BookValues.Number(december[0].Number)}.", text);
                Assert.Contains($"Khóa sổ tháng 12/2025: đã chứng thực {december.Count} việc trong tháng, từ số {BookValues.Number(december[0].Number)} "
                    + $"đến số {BookValues.Number(december[^1].Number)}; bản in tháng có", text);
                Assert.Contains("NGƯỜI KÝ CHỨNG THỰC", text);
                foreach (var e in december) Assert.Contains(e.Code, text);
                foreach (var e in others) Assert.DoesNotContain(e.Code, text);
                var november = await MonthTextAsync(clerk, book, 11);
                Assert.Contains($"Khóa sổ tháng 11/2025: đã chứng thực {others.Count(e => e.On.EndsWith("/11/2025", StringComparison.Ordinal))} việc trong tháng", november);
                Assert.DoesNotContain(code, november);
                // A month without entries says so.
                Assert.Contains("tháng 03/2025: không có việc chứng thực nào.", await MonthTextAsync(clerk, book, 3));
                app.Clock.Now = before;
            }
            clerk = await app.OfficerAsync("congchuc.thuanhoa");

            var page = await (await clerk.GetAsync($"/so-dang-ky?so={OfficialBooks.Copies.Key}&nam=2025")).Content.ReadAsStringAsync();
            Assert.Contains($"href=\"/api/v1/registers/{OfficialBooks.Copies.Key}/2025/12.pdf\"", page);
            Assert.DoesNotContain("ban-in-thang", await (await clerk.GetAsync("/so-dang-ky?so=khai-sinh&nam=2025")).Content.ReadAsStringAsync());
            // Bad months and books printed yearly are 422 naming the field; nothing is read.
            await AssertProblemAsync(await clerk.GetAsync($"/api/v1/registers/{OfficialBooks.Copies.Key}/2025/13.pdf"), "month");
            await AssertProblemAsync(await clerk.GetAsync($"/api/v1/registers/{OfficialBooks.Copies.Key}/2025/0.pdf"), "month");
            foreach (var book in OfficialBooks.All.Where(b => !b.PrintsMonthly))
                await AssertProblemAsync(await clerk.GetAsync($"/api/v1/registers/{book.Key}/2025/11.pdf"), "book");
            Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/v1/registers/khong-co/2025/11.pdf")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await clerk.GetAsync($"/api/v1/registers/{OfficialBooks.Copies.Key}/2025/11.pdf?agency={DemoData.PhuXuanCode}")).StatusCode);
        }
        finally { app.Clock.Now = before; }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    private async Task<string> MonthTextAsync(HttpClient client, OfficialBook book, int month)
    {
        var response = await client.GetAsync($"/api/v1/registers/{book.Key}/2025/{month}.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms");
        Directory.CreateDirectory(file);
        file = Path.Combine(file, $"official-book-{book.Key}-2025-{month:00}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Signature", MotCuaApp.Tool("pdfsig", file));
        output.WriteLine($"{book.Key} {month:00}/2025: {new FileInfo(file).Length:#,0} bytes");
        return System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {file} -"), @"\s+", " ");
    }

    [Fact]
    public async Task Who_reads_which_books_and_bad_addresses_get_clear_problems()
    {
        var inspector = await app.OfficerAsync("thanhtra");
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync($"/api/v1/registers/khai-sinh/2025?agency={DemoData.ThuanHoaCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await inspector.GetAsync("/api/v1/registers/khai-sinh/2025")).StatusCode);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/api/v1/registers/ket-hon/2025")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync($"/api/v1/registers/ket-hon/2025?agency={DemoData.PhuXuanCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("quantri")).GetAsync("/api/v1/registers/ket-hon/2025")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync("/api/v1/registers/ket-hon/2025")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync("/api/v1/registers/so-meo/2025")).StatusCode);
        var year = await desk.GetAsync("/api/v1/registers/ket-hon/1900");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, year.StatusCode);
        Assert.True((await year.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("year", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync("/api/v1/registers/ket-hon/2025?agency=000.99.99.H46")).StatusCode);
        Assert.Contains("Sổ đăng ký kết hôn", await inspector.GetStringAsync($"/so-dang-ky?so=ket-hon&nam=2025&donvi={DemoData.ThuanHoaCode}"));
    }
}

/// <summary>Twenty approvals at once take the numbers 1..20 of a fresh book, each once, without a gap.</summary>
public class OfficialBookConcurrencyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Twenty_concurrent_approvals_are_numbered_1_to_20_without_gaps()
    {
        var book = OfficialBooks.Signatures;
        var codes = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var code = await OfficialBookTests.EnterAsync(app, book, OfficialBookTests.FormFor(book.FormFields, i), approve: false);
            await OfficialBookTests.OkAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "transfer");
            await OfficialBookTests.OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Hợp lệ" });
            codes.Add(code);
        }
        var leaders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.OfficerAsync("lanhdao.thuanhoa")));
        var answers = await Task.WhenAll(codes.Select((code, i) => leaders[i % 4].PostAsJsonAsync($"/api/v1/dossiers/{code}/approve", new { note = "Đồng ý" })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        var json = await leaders[0].GetFromJsonAsync<JsonElement>($"/api/v1/registers/{book.Key}/2025");
        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 20), entries.Select(e => e.GetProperty("number").GetInt32()));
        Assert.Equal(codes.Order(StringComparer.Ordinal), entries.Select(e => e.GetProperty("dossierCode").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(20, await app.ScalarAsync($"SELECT last_number FROM register_book_counters WHERE book = '{book.Key}' AND year = 2025"));
        output.WriteLine($"20 approvals in parallel → numbers {string.Join(",", entries.Select(e => e.GetProperty("number").GetInt32()))}");
    }
}
