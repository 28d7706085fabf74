using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>The administrator's catalogue pages through real forms: adoption terms and process, procedure edits, upload import.</summary>
public class CatalogAdminPageTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string AdoptionPage = $"/quan-tri/co-quan/{DemoData.ThuanHoaCode}/thu-tuc/1.000894";

    private static Dictionary<string, string> Step(int i, string name, string kind, string performer, string amount) => new()
    {
        [$"Steps[{i}].Name"] = name, [$"Steps[{i}].Kind"] = kind, [$"Steps[{i}].Performer"] = performer,
        [$"Steps[{i}].Amount"] = amount, [$"Steps[{i}].Unit"] = "WorkingHours",
    };

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(await client.GetStringAsync(url));
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_process_editor_explains_in_Vietnamese_why_a_process_cannot_be_published()
    {
        var admin = await app.OfficerAsync("quantri");
        var fields = Step(0, "Chuyển hồ sơ", "Transfer", "Bộ phận Một cửa", "1")
            .Concat(Step(1, "Thẩm định", "Appraise", "", "20")).ToDictionary();
        fields["publish"] = "true";
        var response = await PostFormAsync(admin, AdoptionPage, fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Chưa thể công bố quy trình", html);
        Assert.Contains("Bước 2 \"Thẩm định\" chưa có người hoặc bộ phận thực hiện.", html);
        Assert.Contains("Bước cuối cùng của quy trình phải là bước trả kết quả về Bộ phận Một cửa.", html);
        Assert.Contains("vượt thời hạn giải quyết", html);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'catalog.adoption%' AND subject LIKE '%1.000894'"));
    }

    [Fact]
    public async Task Local_terms_and_a_sound_process_are_published_and_appear_in_the_history()
    {
        var admin = await app.OfficerAsync("quantri");
        var fields = Step(0, "Chuyển hồ sơ", "Transfer", "Bộ phận Một cửa", "1")
            .Concat(Step(1, "Thẩm định", "Appraise", "Công chức Tư pháp - Hộ tịch", "3"))
            .Concat(Step(2, "Ký giấy chứng nhận kết hôn", "Approve", "Chủ tịch UBND phường", "2"))
            .Concat(Step(3, "Trả kết quả", "Result", "Bộ phận Một cửa", "1")).ToDictionary();
        fields["TimeLimitAmount"] = "1";
        fields["TimeLimitUnit"] = "WorkingDays";
        fields["Cutoff"] = "15:00";
        fields["FeeText"] = "Miễn lệ phí";
        fields["publish"] = "true";
        var response = await PostFormAsync(admin, AdoptionPage, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(response.Headers.Location!.ToString()));
        Assert.Contains("Đã lưu và công bố quy trình nội bộ.", page);
        Assert.Contains("Ngô Đức Anh", page);
        Assert.Contains("giờ chốt", page);
        Assert.Equal(1, await app.ScalarAsync(
            $"SELECT count(*) FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id WHERE g.code = '{DemoData.ThuanHoaCode}' AND a.procedure_code = '1.000894' AND jsonb_array_length(a.process -> 'steps') = 4 AND a.cutoff = '15:00'"));
    }

    [Fact]
    public async Task Editing_a_procedure_adds_a_version_listed_in_its_history()
    {
        var admin = await app.OfficerAsync("quantri");
        const string url = "/quan-tri/thu-tuc/1.004837";
        var form = await admin.GetStringAsync(url);
        var fields = new Dictionary<string, string>
        {
            ["Name"] = "Thủ tục đăng ký giám hộ (đã rà soát)", ["Field"] = "Hộ tịch", ["Conditions"] = "Người giám hộ đủ điều kiện theo Bộ luật Dân sự.",
            ["Results"] = "Trích lục đăng ký giám hộ", ["LegalBasis"] = "60/2014/QH13 | Luật Hộ tịch",
            ["FormFieldsJson"] = """[{"name":"hoTenNguoiDuocGiamHo","label":"Họ tên người được giám hộ","type":"text","required":true}]""",
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form),
        };
        var response = await admin.PostAsync(url, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(2, await app.ScalarAsync("SELECT current_version FROM procedures WHERE code = '1.004837'"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM procedure_versions WHERE procedure_code = '1.004837' AND version = 2 AND source = 'edit' AND user_id IS NOT NULL AND spec -> 'formFields' -> 0 ->> 'name' = 'hoTenNguoiDuocGiamHo'"));
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'catalog.procedure.edit' AND subject = 'procedure:1.004837' AND details -> 'changed' ? 'name'"));
        // The form posted no channel rows: the published time limits and fees stay.
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM procedure_versions WHERE procedure_code = '1.004837' AND version = 2 AND jsonb_array_length(spec -> 'channels') = 3"));
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(response.Headers.Location!.ToString()));
        Assert.Contains("Đã lưu phiên bản 2.", page);
        Assert.Contains("Quản trị viên sửa", page);
        var detail = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/thu-tuc/1.004837"));
        Assert.Contains("Thủ tục đăng ký giám hộ (đã rà soát)", detail);
        Assert.Contains("Họ tên người được giám hộ", detail);
    }

    [Fact]
    public async Task An_uploaded_catalogue_is_imported_in_the_background_with_a_progress_block()
    {
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/thu-tuc/nhap");
        var lines = string.Join('\n', CatalogFile.Lines.Take(300));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(MotCuaApp.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(lines));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "mot-phan.jsonl");
        var response = await admin.PostAsync("/quan-tri/thu-tuc/nhap?handler=Upload", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        string progress;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(200);
            progress = await admin.GetStringAsync("/quan-tri/thu-tuc/nhap?handler=Progress");
        } while (progress.Contains("hx-trigger=\"every 1s\"") && waited.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Contains("import-done", progress);
        Assert.Equal(300, await app.ScalarAsync("SELECT total FROM catalog_imports WHERE source = 'mot-phan.jsonl'"));
        // The poll that sees the end also replaces the list of recent imports, which the page drew while it ran.
        var id = await app.ScalarAsync("SELECT id FROM catalog_imports WHERE source = 'mot-phan.jsonl'");
        Assert.Contains("id=\"import-recent\" hx-swap-oob=\"true\"", progress);
        Assert.Contains($"href=\"/quan-tri/thu-tuc/nhap/{id}\"", progress);
        Assert.DoesNotContain("Chưa nhập lần nào", progress);
        Assert.Contains($"href=\"/quan-tri/thu-tuc/nhap/{id}\"", await admin.GetStringAsync("/quan-tri/thu-tuc/nhap"));
    }

    [Fact]
    public async Task Officers_who_are_not_administrators_are_told_they_have_no_access()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        foreach (var url in new[] { "/quan-tri/thu-tuc", "/quan-tri/thu-tuc/nhap", "/quan-tri/thu-tuc/1.001193", AdoptionPage })
        {
            var answer = await officer.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Contains("Bạn không có quyền truy cập trang này", await answer.Content.ReadAsStringAsync());
        }
    }
}
