using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Features.Catalog;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// The administrator's corrections of the catalogue through the real pages, over every procedure of the demo: the
/// document list, the e-form editor, and re-importing the catalogue over a correction.
/// </summary>
public class CatalogCorrectionTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Token = "__RequestVerificationToken";
    private const string Marriage = "1.000894";
    private const string Guardianship = "1.004837";

    private static string DocumentsPage(string code) => $"/quan-tri/thu-tuc/{code}/thanh-phan-ho-so";
    private static string EFormPage(string code) => $"/quan-tri/thu-tuc/{code}/bieu-mau";

    private async Task<List<string>> CodesAsync()
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT code FROM procedures ORDER BY code", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var codes = new List<string>();
        while (await reader.ReadAsync()) codes.Add(reader.GetString(0));
        return codes;
    }

    private async Task<ProcedureSpec> SpecAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return (await ProcedureSpecs.LoadCurrentAsync(scope.ServiceProvider.GetRequiredService<MotCuaDb>(), code, CancellationToken.None))!.Value.Spec;
    }

    private static async Task<(HttpStatusCode Status, string Html, Uri? Location)> PostAsync(HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    private static List<KeyValuePair<string, string>> WithoutToken(List<KeyValuePair<string, string>> fields) => fields.Where(f => f.Key != Token).ToList();

    private Task<CatalogImport> ImportAsync(params string[] lines) =>
        new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock)
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "test.jsonl", null, null, CancellationToken.None);

    [Fact]
    public async Task Every_procedures_document_list_round_trips_through_the_correction_editor_unchanged()
    {
        var admin = await app.OfficerAsync("quantri");
        var versions = await app.ScalarAsync("SELECT count(*) FROM procedure_versions");
        var codes = await CodesAsync();
        Assert.NotEmpty(codes);
        foreach (var code in codes)
        {
            var fields = HtmlForm.Fields(await admin.GetStringAsync(DocumentsPage(code)), "class=\"doc-editor\"");
            var (status, html, _) = await PostAsync(admin, DocumentsPage(code), fields.With(new() { ["op"] = "save" }));

            Assert.Equal(HttpStatusCode.OK, status);
            var problems = DocumentList.Problems((await SpecAsync(code)).Documents);
            if (problems.Count == 0) Assert.Contains("id=\"unchanged\"", html);
            else
            {
                // A list the catalogue published with lines the desk cannot use is shown back as posted, each problem beside its field.
                Assert.Contains("id=\"error-summary\"", html);
                foreach (var problem in problems) Assert.Contains($"id=\"l{problem.Line}-{problem.Member}-error\"", html);
            }
            Assert.Equal(WithoutToken(fields), WithoutToken(HtmlForm.Fields(html, "class=\"doc-editor\"")));
        }
        Assert.Equal(versions, await app.ScalarAsync("SELECT count(*) FROM procedure_versions"));
    }

    [Fact]
    public async Task A_corrected_document_list_is_a_new_audited_version_the_desk_reads_and_a_re_import_keeps()
    {
        var published = CatalogFile.LineOf(Marriage);
        await ImportAsync(published);
        var before = await SpecAsync(Marriage);
        var version = await app.ScalarAsync($"SELECT current_version FROM procedures WHERE code = '{Marriage}'");
        var admin = await app.OfficerAsync("quantri");

        // The administrator turns every line the desk cannot use into a note and adds the document the catalogue left out.
        var set = new Dictionary<string, string>();
        foreach (var line in DocumentList.Problems(before.Documents).Select(p => p.Line).Distinct())
        {
            set[$"Lines[{line}].Kind"] = "Note";
            set[$"Lines[{line}].Originals"] = set[$"Lines[{line}].Copies"] = "0";
            set[$"Lines[{line}].Form"] = set[$"Lines[{line}].Condition"] = "";
        }
        var n = before.Documents.Count;
        const string added = "Giấy xác nhận tình trạng hôn nhân do cơ quan có thẩm quyền của nước ngoài cấp";
        set[$"Lines[{n}].Name"] = added;
        set[$"Lines[{n}].Kind"] = "Document";
        set[$"Lines[{n}].Originals"] = "1";
        set[$"Lines[{n}].Copies"] = "0";
        set[$"Lines[{n}].Condition"] = "Trường hợp người yêu cầu là người nước ngoài";
        set["op"] = "save";
        var fields = HtmlForm.Fields(await admin.GetStringAsync(DocumentsPage(Marriage)), "class=\"doc-editor\"");
        var notes = set.Keys.Where(k => k.EndsWith(".Kind", StringComparison.Ordinal) && set[k] == "Note").Select(k => k.Replace(".Kind", ".MustPresentOnly")).ToArray();
        var (status, _, location) = await PostAsync(admin, DocumentsPage(Marriage), fields.With(set, notes));

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains($"daluu={version + 1}", location!.ToString());
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM procedure_versions v JOIN procedure_versions b ON b.procedure_code = v.procedure_code AND b.version = {version}
            WHERE v.procedure_code = '{Marriage}' AND v.version = {version + 1} AND v.source = 'edit' AND v.user_id IS NOT NULL
              AND v.spec -> 'documentsCorrection' -> 'published' = b.spec -> 'documents'
            """));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'catalog.procedure.edit' AND subject = 'procedure:{Marriage}' AND user_id IS NOT NULL AND details -> 'changed' ? 'documentsCorrection'"));
        var read = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures/{Marriage}");
        var documents = read.GetProperty("procedure").GetProperty("documents").EnumerateArray().ToList();
        Assert.Contains(documents, d => d.GetProperty("name").GetString() == added && d.GetProperty("condition").GetString() == "Trường hợp người yêu cầu là người nước ngoài");
        Assert.Empty(DocumentList.Problems((await SpecAsync(Marriage)).Documents));
        var corrected = (await SpecAsync(Marriage)).Documents;

        // The same catalogue again: nothing changes.
        var same = await ImportAsync(published);
        Assert.Equal((0, 1), (same.Changed, same.Unchanged));
        Assert.Equal(version + 1, await app.ScalarAsync($"SELECT current_version FROM procedures WHERE code = '{Marriage}'"));

        // Another component changes: a new version, with the correction carried over and nothing to review.
        var row = JsonNode.Parse(published)!.AsObject();
        row["yeu_cau_dieu_kien"] = "Hai bên nam, nữ có mặt khi đăng ký kết hôn.";
        var other = await ImportAsync(row.ToJsonString());
        Assert.False(Assert.Single(other.Changes.Deserialize<List<ChangedProcedure>>(ProcedureSpecs.Json)!).CorrectionToReview);
        var carried = await SpecAsync(Marriage);
        Assert.Equal(corrected, carried.Documents);
        Assert.False(carried.DocumentsCorrection!.ToReview);

        // The catalogue's document list itself changes: the correction stays, flagged for review in the report and on the page.
        var raw = row["thanh_phan_ho_so"]!.GetValue<string>();
        var at = raw.IndexOf("1 bản chính", StringComparison.Ordinal);
        Assert.True(at >= 0, "the published list has a count to change");
        row["thanh_phan_ho_so"] = raw[..at] + "2" + raw[(at + 1)..];
        var changed = await ImportAsync(row.ToJsonString());
        Assert.True(Assert.Single(changed.Changes.Deserialize<List<ChangedProcedure>>(ProcedureSpecs.Json)!).CorrectionToReview);
        var flagged = await SpecAsync(Marriage);
        Assert.Equal(corrected, flagged.Documents);
        Assert.True(flagged.DocumentsCorrection!.ToReview);
        var page = await admin.GetStringAsync(DocumentsPage(Marriage));
        Assert.Contains("id=\"to-review\"", page);
        Assert.Contains("cần rà soát", WebUtility.HtmlDecode(await admin.GetStringAsync($"/quan-tri/thu-tuc/nhap/{changed.Id}")));

        // Saving the list again, unchanged, is the review: the flag goes.
        var (again, _, _) = await PostAsync(admin, DocumentsPage(Marriage), HtmlForm.Fields(page, "class=\"doc-editor\"").With(new() { ["op"] = "save" }));
        Assert.Equal(HttpStatusCode.Redirect, again);
        Assert.False((await SpecAsync(Marriage)).DocumentsCorrection!.ToReview);
    }

    [Fact]
    public async Task Bad_lines_get_Vietnamese_messages_beside_their_fields_and_nothing_is_saved()
    {
        const string code = "1.001193";
        var admin = await app.OfficerAsync("quantri");
        var versions = await app.ScalarAsync("SELECT count(*) FROM procedure_versions");
        var fields = HtmlForm.Fields(await admin.GetStringAsync(DocumentsPage(code)), "class=\"doc-editor\"");
        var n = (await SpecAsync(code)).Documents.Count;
        var (status, html, _) = await PostAsync(admin, DocumentsPage(code), fields.With(new()
        {
            ["Lines[0].Name"] = " ", [$"Lines[{n}].Name"] = "Giấy tờ phải nộp", [$"Lines[{n}].Kind"] = "Heading", [$"Lines[{n}].Originals"] = "2",
            [$"Lines[{n + 1}].Name"] = "Hộ chiếu", [$"Lines[{n + 1}].Originals"] = "một", ["op"] = "save",
        }));

        Assert.Equal(HttpStatusCode.OK, status);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("<span class=\"error\" id=\"l0-name-error\">Vui lòng nhập nội dung của dòng.</span>", text);
        Assert.Contains($"aria-describedby=\"l{n}-originals-error\"", text);
        Assert.Contains("Tiêu đề không có số bản", text);
        Assert.Contains($"<span class=\"error\" id=\"l{n + 1}-originals-error\">Số bản phải là số nguyên không âm.</span>", text);
        Assert.Equal(versions, await app.ScalarAsync("SELECT count(*) FROM procedure_versions"));
    }

    [Fact]
    public async Task Lines_are_added_removed_and_reordered_without_saving()
    {
        const string code = "1.001193";
        var admin = await app.OfficerAsync("quantri");
        var versions = await app.ScalarAsync("SELECT count(*) FROM procedure_versions");
        var documents = (await SpecAsync(code)).Documents;
        Assert.True(documents.Count >= 2);
        var fields = HtmlForm.Fields(await admin.GetStringAsync(DocumentsPage(code)), "class=\"doc-editor\"");

        static string? Name(string html, int i) => HtmlForm.Fields(html, "class=\"doc-editor\"").FirstOrDefault(f => f.Key == $"Lines[{i}].Name").Value;
        var up = (await PostAsync(admin, DocumentsPage(code), fields.With(new() { ["op"] = "up:1" }))).Html;
        Assert.Equal((documents[1].Name, documents[0].Name), (Name(up, 0), Name(up, 1)));
        var removed = (await PostAsync(admin, DocumentsPage(code), fields.With(new() { ["op"] = "remove:0" }))).Html;
        Assert.Equal(documents[1].Name, Name(removed, 0));
        Assert.Null(Name(removed, documents.Count - 1));
        var add = (await PostAsync(admin, DocumentsPage(code), fields.With(new() { ["op"] = "add" }))).Html;
        Assert.Equal("", Name(add, documents.Count));
        Assert.Equal(versions, await app.ScalarAsync("SELECT count(*) FROM procedure_versions"));
    }

    [Fact]
    public async Task Every_procedures_e_form_round_trips_through_the_editor_unchanged()
    {
        var admin = await app.OfficerAsync("quantri");
        var versions = await app.ScalarAsync("SELECT count(*) FROM procedure_versions");
        foreach (var code in await CodesAsync())
        {
            var fields = HtmlForm.Fields(await admin.GetStringAsync(EFormPage(code)), "hx-trigger=\"input");
            var (status, html, _) = await PostAsync(admin, EFormPage(code), fields.With(new() { ["op"] = "save" }));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(html.Contains("id=\"unchanged\""), $"{code}: {WebUtility.HtmlDecode(html)}");
        }
        Assert.Equal(versions, await app.ScalarAsync("SELECT count(*) FROM procedure_versions"));
    }

    [Fact]
    public async Task An_e_form_built_in_the_editor_is_previewed_saved_as_a_version_and_published()
    {
        // A procedure with no e-form yet (the demo gives the books' procedures theirs, 1.000894's among them).
        const string Marriage = Guardianship;
        var admin = await app.OfficerAsync("quantri");
        var page = (await PostAsync(admin, EFormPage(Marriage), HtmlForm.Fields(await admin.GetStringAsync(EFormPage(Marriage)), "hx-trigger=\"input").With(new() { ["op"] = "add" }))).Html;
        page = (await PostAsync(admin, EFormPage(Marriage), HtmlForm.Fields(page, "hx-trigger=\"input").With(new() { ["op"] = "add" }))).Html;
        var fields = HtmlForm.Fields(page, "hx-trigger=\"input").With(new()
        {
            ["Fields[0].Label"] = "Họ, chữ đệm và tên người chồng", ["Fields[0].Name"] = "hoTenChong", ["Fields[0].Type"] = "Text", ["Fields[0].Required"] = "true",
            ["Fields[0].Pattern"] = @"[\p{L} ]{2,100}", ["Fields[0].PatternMessage"] = "Họ tên chỉ gồm chữ cái và dấu cách.",
            ["Fields[1].Label"] = "Đăng ký kết hôn lần đầu", ["Fields[1].Name"] = "lanDau", ["Fields[1].Type"] = "Select", ["Fields[1].Options"] = "Có\r\nKhông\r\n",
            ["Fields[1].Help"] = "Chọn \"Không\" nếu đã từng kết hôn.",
        });

        var preview = WebUtility.HtmlDecode((await PostAsync(admin, EFormPage(Marriage) + "?handler=Preview", fields)).Html);
        Assert.Contains("Họ, chữ đệm và tên người chồng *", preview);
        Assert.Contains("<option>Không</option>", preview);
        Assert.Contains("Chọn \"Không\" nếu đã từng kết hôn.", preview);

        var (status, _, location) = await PostAsync(admin, EFormPage(Marriage), fields.With(new() { ["op"] = "save" }));
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("daluu=", location!.ToString());
        var form = (await SpecAsync(Marriage)).FormFields;
        Assert.Equal(new[] { "hoTenChong", "lanDau" }, form.Select(f => f.Name));
        Assert.Equal(new[] { "Có", "Không" }, form[1].Options);
        Assert.True(form[0].Required);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'catalog.procedure.edit' AND subject = 'procedure:{Marriage}' AND details -> 'changed' ? 'formFields'"));
        var detail = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/thu-tuc/{Marriage}"));
        Assert.Contains("Họ, chữ đệm và tên người chồng", detail);
    }

    [Fact]
    public async Task A_form_that_breaks_the_rules_is_refused_beside_each_field()
    {
        const string code = "1.004837";
        var admin = await app.OfficerAsync("quantri");
        var versions = await app.ScalarAsync("SELECT count(*) FROM procedure_versions");
        var fields = HtmlForm.Fields(await admin.GetStringAsync(EFormPage(code)), "hx-trigger=\"input").With(new()
        {
            ["Fields[0].Label"] = "Họ tên", ["Fields[0].Name"] = "hoTen", ["Fields[0].Type"] = "Text", ["Fields[0].Pattern"] = "([a-z", ["Fields[0].MinAgeYears"] = "18",
            ["Fields[1].Label"] = "Giới tính", ["Fields[1].Name"] = "hoTen", ["Fields[1].Type"] = "Select", ["op"] = "save",
        });
        var (status, html, _) = await PostAsync(admin, EFormPage(code), fields);

        Assert.Equal(HttpStatusCode.OK, status);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("<span class=\"error\" id=\"f0-pattern-error\">Mẫu kiểm tra không phải biểu thức chính quy hợp lệ.</span>", text);
        Assert.Contains("<span class=\"error\" id=\"f1-name-error\">Mã trường \"hoTen\" đã dùng cho trường 1.</span>", text);
        Assert.Contains("<span class=\"error\" id=\"f1-options-error\">Danh sách chọn cần ít nhất một lựa chọn.</span>", text);
        Assert.Contains("aria-describedby=\"f1-options-error\"", text);
        Assert.Contains("<span class=\"error\" id=\"f0-minAgeYears-error\">Chỉ trường ngày (ngày sinh) mới có điều kiện tuổi tối thiểu.</span>", text);
        Assert.Equal(versions, await app.ScalarAsync("SELECT count(*) FROM procedure_versions"));
    }
}
