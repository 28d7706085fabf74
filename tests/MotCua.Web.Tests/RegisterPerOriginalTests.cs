using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// One authentication number per original copied and per kind of paper signed (Nghị định 23/2015/NĐ-CP Điều 20 khoản 3;
/// Thông tư 01/2020/TT-BTP Điều 4 khoản 1–2; docs/REGISTERS.md, sessions 23 and 24), for every authentication procedure
/// the demo's commune adopts that enters a book, found from the data: a dossier of three rows (where the book's e-form
/// lists them) takes three consecutive numbers, one line each in the book, and its result prints them all; a dossier
/// stored in the one-row shape of before prints as one; the JSON API takes the rows as an array too.
/// </summary>
public class RegisterPerOriginalTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    // The authentication procedures Thuận Hóa adopted (with a process) and the book each enters at approval.
    private async Task<List<(string Code, OfficialBook Book)>> AdoptedAuthenticationsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT p.code, p.field FROM procedures p JOIN agency_procedures a ON a.procedure_code = p.code JOIN agencies g ON g.id = a.agency_id
            WHERE g.code = $1 AND a.process IS NOT NULL ORDER BY p.code
            """, connection);
        command.Parameters.AddWithValue(DemoData.ThuanHoaCode);
        var found = new List<(string, OfficialBook)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            foreach (var book in OfficialBooks.Entering(reader.GetString(0), reader.GetString(1), EntryAct.Approval).Where(b => b.Family == BookFamily.Authentication))
                found.Add((reader.GetString(0), book));
        Assert.NotEmpty(found);
        // Every procedure of a book with rows is adopted, so each is covered (the books' codes, not one example).
        Assert.All(GroupBooks.SelectMany(b => b.ProcedureCodes), code => Assert.Contains(code, found.Select(f => f.Item1)));
        return found;
    }

    // Three originals as an API client sends them ("banChinh[1].soTrang"), or the book's form once when it has no group.
    private static Dictionary<string, string?> ThreeOriginals(OfficialBook book, int seed)
    {
        var form = OfficialBookTests.FormFor(book.FormFields.Where(f => f.Group is null), seed);
        foreach (var field in book.FormFields.Where(f => f.Group is not null))
            for (var row = 0; row < 3; row++)
                form[EForm.RowKey(field.Group!, row, field.Name)] = field.Type == EFormFieldType.Number ? (row + 2).ToString() : $"Giấy tờ {seed}-{row + 1}";
        return form;
    }

    private static int Originals(OfficialBook book) => book.FormFields.Any(f => f.Group is not null) ? 3 : 1;

    // The authentication books whose e-form lists rows: the originals of a copy, the papers signed.
    private static IEnumerable<OfficialBook> GroupBooks =>
        OfficialBooks.All.Where(b => b.Family == BookFamily.Authentication && b.FormFields.Any(f => f.Group is not null));

    [Fact]
    public async Task Every_adopted_authentication_takes_one_number_per_original_and_its_result_prints_them()
    {
        foreach (var (code, book) in await AdoptedAuthenticationsAsync())
        {
            var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
            var before = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{book.Key}/2025")).GetProperty("entries").GetArrayLength();
            var dossier = await OfficialBookTests.EnterAsync(app, book, ThreeOriginals(book, before), day: 19);
            var after = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{book.Key}/2025");
            var entries = after.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("dossierCode").GetString() == dossier).ToList();
            var expected = Enumerable.Range(before + 1, Originals(book)).ToList();
            Assert.Equal(expected, entries.Select(e => e.GetProperty("number").GetInt32()));
            // Each line names its own original.
            foreach (var field in book.FormFields.Where(f => f.Group is not null && f.Type == EFormFieldType.Text))
                Assert.Equal(Enumerable.Range(1, 3).Select(i => $"Giấy tờ {before}-{i}"), entries.Select(e => e.GetProperty("values").GetProperty(field.Name).GetString()));

            await OfficialBookTests.OkAsync(desk, dossier, "result-ready");
            var file = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms");
            Directory.CreateDirectory(file);
            file = Path.Combine(file, $"result-originals-{code}.pdf");
            await File.WriteAllBytesAsync(file, await desk.GetByteArrayAsync($"/api/v1/dossiers/{dossier}/result.pdf"));
            var text = System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {file} -"), @"\s+", " ");
            Assert.Contains($"Số chứng thực: {string.Join(", ", expected.Select(BookValues.Number))}, quyển số 01/2025/{book.Symbol}", text);

            // The book's PDF and workbook print one line per entry.
            var pdf = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms", $"book-originals-{book.Key}.pdf");
            await File.WriteAllBytesAsync(pdf, await desk.GetByteArrayAsync($"/api/v1/registers/{book.Key}/2025.pdf"));
            // Whitespace removed: a narrow "Ghi chú" cell may wrap the code.
            var bookText = System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {pdf} -"), @"\s+", "");
            Assert.Equal(Originals(book), System.Text.RegularExpressions.Regex.Matches(bookText, System.Text.RegularExpressions.Regex.Escape($"Mãhồsơ:{dossier}")).Count);
            output.WriteLine($"{code} ({book.Key}): {dossier} → {string.Join(", ", expected.Select(BookValues.Number))}");
        }
    }

    public static TheoryData<string> GroupBookKeys() => [.. GroupBooks.Select(b => b.Key)];

    [Theory]
    [MemberData(nameof(GroupBookKeys))]
    public async Task Twenty_dossiers_of_three_rows_approved_at_once_leave_no_gap_and_no_duplicate(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var codes = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var code = await OfficialBookTests.EnterAsync(app, book, ThreeOriginals(book, i), day: 20, approve: false);
            await OfficialBookTests.OkAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "transfer");
            await OfficialBookTests.OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Hợp lệ" });
            codes.Add(code);
        }
        var before = (int)await app.ScalarAsync($"SELECT coalesce(max(last_number), 0) FROM register_book_counters WHERE book = '{book.Key}' AND year = 2025");
        var leaders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.OfficerAsync("lanhdao.thuanhoa")));
        var answers = await Task.WhenAll(codes.Select((code, i) => leaders[i % 4].PostAsJsonAsync($"/api/v1/dossiers/{code}/approve", new { note = "Đồng ý" })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        var entries = (await leaders[0].GetFromJsonAsync<JsonElement>($"/api/v1/registers/{book.Key}/2025")).GetProperty("entries").EnumerateArray()
            .Select(e => (Number: e.GetProperty("number").GetInt32(), Code: e.GetProperty("dossierCode").GetString()!)).Where(e => codes.Contains(e.Code)).ToList();
        Assert.Equal(Enumerable.Range(before + 1, 60), entries.Select(e => e.Number).Order());
        // Each dossier's three numbers are consecutive: the counter row is its act's until it commits.
        Assert.All(entries.GroupBy(e => e.Code), g => Assert.Equal(Enumerable.Range(g.Min(e => e.Number), 3), g.Select(e => e.Number).Order()));
        Assert.Equal(before + 60, await app.ScalarAsync($"SELECT last_number FROM register_book_counters WHERE book = '{book.Key}' AND year = 2025"));
        // The book prints each row on its own line.
        var pdf = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms", $"book-twenty-{book.Key}.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(pdf)!);
        await File.WriteAllBytesAsync(pdf, await leaders[0].GetByteArrayAsync($"/api/v1/registers/{book.Key}/2025.pdf"));
        var bookText = System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {pdf} -"), @"\s+", "");
        Assert.All(codes, code => Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(bookText, System.Text.RegularExpressions.Regex.Escape($"Mãhồsơ:{code}")).Count));
        output.WriteLine($"{book.Key}: 20 × 3 rows in parallel → {before + 1}..{before + 60}");
    }

    // The shape stored before sessions 23 (copies) and 24 (signatures): the row's fields under their own names.
    public static TheoryData<string, string, string, string> OldShapes() => new()
    {
        { OfficialBooks.Copies.Key, """{"tenBanChinh": "Học bạ trung học cơ sở", "soBanSao": "3", "soTrang": "5"}""", "tenBanChinh", "Học bạ trung học cơ sở" },
        { OfficialBooks.Signatures.Key, """{"tenGiayTo": "Giấy ủy quyền nhận lương hưu", "soLuongGiayTo": "3"}""", "tenGiayTo", "Giấy ủy quyền nhận lương hưu" },
    };

    [Theory]
    [MemberData(nameof(OldShapes))]
    public async Task A_dossier_stored_with_one_row_under_the_plain_names_prints_as_one_row(string key, string stored, string nameField, string name)
    {
        var book = OfficialBooks.ByKey(key)!;
        Assert.Contains(book, GroupBooks);
        var code = await OfficialBookTests.EnterAsync(app, book, ThreeOriginals(book, 90), day: 21, approve: false);
        // Written as it was (no rewrite of stored dossiers).
        Assert.Equal(1, await app.ScalarAsync($$"""
            WITH d AS (UPDATE dossiers SET form_data = '{{stored}}'::jsonb
                WHERE code = '{{code}}' RETURNING 1) SELECT count(*) FROM d
            """));
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OfficialBookTests.OkAsync(desk, code, "transfer");
        await OfficialBookTests.OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Hợp lệ" });
        await OfficialBookTests.OkAsync(await app.OfficerAsync("lanhdao.thuanhoa"), code, "approve", new { note = "Đồng ý" });
        var entry = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/registers/{book.Key}/2025")).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("dossierCode").GetString() == code);
        var values = entry.GetProperty("values");
        Assert.Equal(name, values.GetProperty(nameField).GetString());
        Assert.Equal("3", values.GetProperty(book.FormFields.First(f => f.Type == EFormFieldType.Number).Name).GetString());
        // One entry: the amount fixed at intake, as before (the fee is never recomputed from a form read later).
        var due = await app.ScalarAsync($"SELECT f.due_vnd FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'");
        Assert.Equal(BookValues.Money(due), values.GetProperty("phi").GetString());
        await OfficialBookTests.OkAsync(desk, code, "result-ready");
        var file = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms", $"result-one-row-{book.Key}.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/result.pdf"));
        var text = System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {file} -"), @"\s+", " ");
        Assert.Contains($"Số chứng thực: {BookValues.Number(entry.GetProperty("number").GetInt32())}, quyển số 01/2025/{book.Symbol}", text);
        // The dossier's page shows the one row.
        Assert.Contains(name, System.Net.WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{code}")));
    }

    // A dossier of the book's procedure as an API client sends it, the e-form's values as given (rows as an array).
    private static object Dossier(string procedure, object formData) => new
    {
        procedureCode = procedure, agencyCode = DemoData.ThuanHoaCode, channel = "direct",
        applicant = new { fullName = "Trần Văn Hùng", idNumber = "046095100077", phone = "0905123456", email = "hung@example.vn", address = "3 Lê Lợi, phường Thuận Hóa" },
        documents = new object[] { new { name = "Giấy tờ, văn bản", original = 1, copies = 0 } },
        formData,
    };

    /// <summary>The JSON API takes a group's rows as an array of objects as well as flat keys: stored as the same row keys,
    /// a problem named by its row (<c>formData.giayTo[2].soLuongGiayTo</c>), a row that is not an object or a cell that
    /// is not text or a number a 422 naming it, a cell sent both ways a 422; nothing written on a refusal.</summary>
    [Theory]
    [MemberData(nameof(GroupBookKeys))]
    public async Task The_api_takes_a_groups_rows_as_an_array(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        app.Clock.Now = new DateTimeOffset(2025, 11, 25, 8, 30, 0, MotCua.Domain.Calendar.VietnamTime.Offset);
        var group = book.FormFields.First(f => f.Group is not null).Group!;
        var fields = book.FormFields.Where(f => f.Group is not null).ToList();
        var number = fields.First(f => f.Type == EFormFieldType.Number);
        // Numbers as JSON numbers, text as strings, as a client writes them.
        Dictionary<string, object?> Row(int row) => fields.ToDictionary(f => f.Name, f => f.Type == EFormFieldType.Number ? (object?)(row + 2) : $"Giấy tờ mảng {row + 1}");
        Dictionary<string, object?> Form(params object[] rows) => new(OfficialBookTests.FormFor(book.FormFields.Where(f => f.Group is null)).Select(v => new KeyValuePair<string, object?>(v.Key, v.Value))) { [group] = rows };
        var procedure = book.ProcedureCodes[0];
        var client = app.ApiClient();

        var created = await client.SubmitAsync(Dossier(procedure, Form(Row(0), Row(1), Row(2))));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        foreach (var field in fields)
            for (var row = 0; row < 3; row++)
                Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND form_data ->> '{EForm.RowKey(group, row, field.Name)}' = '{Row(row)[field.Name]}'"));

        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        async Task RefusedAsync(object formData, string field)
        {
            var response = await client.SubmitAsync(Dossier(procedure, formData));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var message), body);
            Assert.Matches(@"\p{IsLatinExtendedAdditional}|[ăâđêôơư]", message[0].GetString()!);
        }
        var third = Row(2);
        third[number.Name] = 0;
        await RefusedAsync(Form(Row(0), Row(1), third), $"formData.{EForm.RowKey(group, 2, number.Name)}");
        await RefusedAsync(Form(Row(0), "một dòng"), $"formData.{group}[1]");
        var wrongType = Row(0);
        wrongType[number.Name] = true;
        await RefusedAsync(Form(wrongType), $"formData.{EForm.RowKey(group, 0, number.Name)}");
        var twice = Form(Row(0));
        twice[EForm.RowKey(group, 0, number.Name)] = 3;
        await RefusedAsync(twice, $"formData.{EForm.RowKey(group, 0, number.Name)}");
        await RefusedAsync(Form([.. Enumerable.Range(0, EForm.MaxGroupRows + 1).Select(Row)]), $"formData.{group}");
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    /// <summary>The desk adds and removes an original's row by posting the form back, without script, and receives the
    /// rows as originals: the fee is their sum.</summary>
    [Fact]
    public async Task The_desk_adds_and_removes_rows_of_originals_without_script_and_receives_them()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 24, 8, 0, 0, MotCua.Domain.Calendar.VietnamTime.Offset);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var url = $"/tiep-nhan?thutuc={OfficialBooks.CopyCode}";
        var html = await desk.GetStringAsync(url);
        Assert.Contains("id=\"form-banChinh-0-tenBanChinh\"", html);
        Assert.DoesNotContain("id=\"form-banChinh-1-tenBanChinh\"", html);
        List<KeyValuePair<string, string>> With(string decision, params (string Key, string Value)[] extra) =>
            [.. ChungThucFeeTests.DeskForm(html, "046095100031", "5", "3").Select(v => v.Key == "decision" ? new(v.Key, decision) : v),
                .. extra.Select(e => new KeyValuePair<string, string>(e.Key, e.Value))];
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");

        // Add: the page again with a second, blank row; the first row kept; nothing received.
        var added = System.Net.WebUtility.HtmlDecode(await (await desk.PostAsync(url, new FormUrlEncodedContent(With("row-add:banChinh")))).Content.ReadAsStringAsync());
        Assert.Contains("id=\"form-banChinh-1-tenBanChinh\"", added);
        Assert.Contains("value=\"Giấy khai sinh số 12/2020\"", added);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        // Remove the first of two: the second becomes the first.
        (string, string)[] second = [("Form[banChinh[1].tenBanChinh]", "Học bạ số 7"), ("Form[banChinh[1].soTrang]", "1"), ("Form[banChinh[1].soBanSao]", "2")];
        var removed = System.Net.WebUtility.HtmlDecode(await (await desk.PostAsync(url, new FormUrlEncodedContent(With("row-remove:banChinh:0", second)))).Content.ReadAsStringAsync());
        Assert.Contains("value=\"Học bạ số 7\"", removed);
        Assert.DoesNotContain("Giấy khai sinh số 12/2020", removed);
        Assert.DoesNotContain("id=\"form-banChinh-1-tenBanChinh\"", removed);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        // Received with two originals: both stored as rows, charged 21.000 + 4.000.
        var received = await desk.PostAsync(url, new FormUrlEncodedContent(With("receive", second)));
        Assert.True(received.StatusCode == HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        var code = received.Headers.Location!.ToString()[7..^6];
        Assert.Equal(BookFees.CopyVnd(5, 3) + BookFees.CopyVnd(1, 2),
            await app.ScalarAsync($"SELECT f.due_vnd FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM dossiers, jsonb_object_keys(form_data) k WHERE code = '{code}' AND k LIKE 'banChinh[%].tenBanChinh'"));
    }
}
