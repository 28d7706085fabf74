using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>Agencies over HTTP on a real PostgreSQL: search, create, edit as versions with their decision, history, and the pages.</summary>
public class AgencyAdministrationTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Agencies_are_found_by_name_without_diacritics_by_code_and_by_level()
    {
        var admin = await app.OfficerAsync("quantri");
        var byName = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/agencies?q=thuan hoa");
        Assert.Equal([DemoData.ThuanHoaCode], byName.EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        var byCode = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/agencies?q=000.00.0");
        Assert.Equal(6, byCode.GetArrayLength());
        var communes = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/agencies?kind=commune");
        Assert.All(communes.EnumerateArray(), a => Assert.Equal("commune", a.GetProperty("kind").GetString()));
        Assert.Equal((long)communes.GetArrayLength(), await app.ScalarAsync("SELECT count(*) FROM agencies WHERE kind = 'commune'"));
        var thuanHoa = communes.EnumerateArray().Single(a => a.GetProperty("code").GetString() == DemoData.ThuanHoaCode);
        Assert.Equal(await app.ScalarAsync($"SELECT count(*) FROM users u JOIN agencies a ON a.id = u.agency_id WHERE a.code = '{DemoData.ThuanHoaCode}'"),
            thuanHoa.GetProperty("officers").GetInt64());
    }

    [Fact]
    public async Task An_agency_is_created_and_edited_as_versions_with_validity_and_legal_basis_and_each_change_is_audited()
    {
        var admin = await app.OfficerAsync("quantri");
        var created = await admin.PostAsJsonAsync("/api/v1/admin/agencies", Admin.NewCommuneUnit("000.10.30.H46", "Bộ phận Một cửa phường Hương An", "19804"))
            .OkAsync(HttpStatusCode.Created);
        var first = Assert.Single(created.GetProperty("versions").EnumerateArray());
        Assert.Equal(("2025-07-01", Admin.LegalBasis), (first.GetProperty("validFrom").GetString(), first.GetProperty("legalBasis").GetString()));

        var edit = new
        {
            code = "000.10.30.H46", name = "Bộ phận Một cửa phường Hương An", superiorName = "UBND PHƯỜNG HƯƠNG AN", kind = "commune", provinceCode = "46",
            communeCode = "19804", parentCode = DemoData.CentreCode, receivesDossiers = true, address = "Số 1 Lý Nam Đế, phường Hương An", phone = "0234 3511 111",
            placeName = "Huế", validFrom = "2025-10-01", legalBasis = "Quyết định số 2100/QĐ-UBND ngày 25/9/2025 của UBND thành phố Huế",
        };
        var edited = await admin.PutAsJsonAsync("/api/v1/admin/agencies/000.10.30.H46", edit).OkAsync();
        var versions = edited.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(DemoData.CentreCode, versions[0].GetProperty("snapshot").GetProperty("parentCode").GetString());
        Assert.Equal("Trung tâm Phục vụ hành chính công thành phố Huế", edited.GetProperty("parentName").GetString());

        // The same again records nothing; an earlier date than the last version, or one in the future, is refused.
        var written = await app.WrittenAsync();
        await admin.PutAsJsonAsync("/api/v1/admin/agencies/000.10.30.H46", edit).OkAsync();
        foreach (var validFrom in new[] { "2025-09-30", "2030-01-01" })
        {
            var problem = await admin.PutAsJsonAsync("/api/v1/admin/agencies/000.10.30.H46", edit with { validFrom = validFrom, phone = "0234 1" }).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(["validFrom"], Admin.ErrorFields(problem));
        }
        Assert.Equal(written, await app.WrittenAsync());
        Assert.Equal(["admin.agency.create", "admin.agency.update"],
            (await app.RowsAsync("SELECT action FROM audit_log WHERE subject = 'agency:000.10.30.H46' ORDER BY id")).Select(r => (string)r[0]!));

        // A seeded agency's first change keeps the state it had as version 1.
        var seeded = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/agencies/{DemoData.PhuXuanCode}");
        Assert.Empty(seeded.GetProperty("versions").EnumerateArray());
        var snapshot = seeded.GetProperty("agency");
        var changed = await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.PhuXuanCode}", new
        {
            code = snapshot.GetProperty("code").GetString(), name = snapshot.GetProperty("name").GetString(), superiorName = snapshot.GetProperty("superiorName").GetString(),
            kind = "commune", provinceCode = "46", communeCode = snapshot.GetProperty("communeCode").GetString(), receivesDossiers = true,
            address = "08 Hoàng Hoa Thám, phường Phú Xuân", phone = snapshot.GetProperty("phone").GetString(), placeName = "Huế",
            validFrom = "2025-11-01", legalBasis = "Quyết định số 2500/QĐ-UBND",
        }).OkAsync();
        var history = changed.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(snapshot.GetProperty("address").GetString(), history[1].GetProperty("snapshot").GetProperty("address").GetString());
        Assert.Equal("08 Hoàng Hoa Thám, phường Phú Xuân", history[0].GetProperty("snapshot").GetProperty("address").GetString());
    }

    public static TheoryData<string, string, string> Invalid() => new()
    {
        { "code", "000.10.00.H46", "Mã cấp 3 chỉ dùng khi có mã cấp 2" },
        { "code", DemoData.ThuanHoaCode, "đã được dùng" },
        { "code", "000.10.31.H48", "không khớp" },
        { "communeCode", "00004", "Không có xã, phường mã 00004" },
        { "kind", "district", "Chọn cấp" },
        { "parentCode", "000.99.99.H46", "Không tìm thấy cơ quan cấp trên" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_agencies_are_refused_with_the_field_named_and_nothing_written(string field, string value, string message)
    {
        var admin = await app.OfficerAsync("quantri");
        var body = JsonSerializer.SerializeToNode(Admin.NewCommuneUnit("000.10.31.H46", "Bộ phận Một cửa phường Thủy Xuân", "19813"))!.AsObject();
        body[field] = value;
        var written = await app.WrittenAsync();
        var problem = await admin.PostAsJsonAsync("/api/v1/admin/agencies", body).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(written, await app.WrittenAsync());
    }

    [Fact]
    public async Task The_agency_page_shows_errors_beside_the_fields_and_a_saved_change_in_the_history()
    {
        var admin = await app.OfficerAsync("quantri");
        var list = await admin.GetStringAsync("/quan-tri/don-vi?q=phu vang");
        Assert.Contains("Trung tâm Phục vụ hành chính công xã Phú Vang", list);
        Assert.DoesNotContain("Thuận Hóa</a>", list);

        var page = await admin.GetStringAsync("/quan-tri/don-vi/moi");
        var token = MotCuaApp.AntiforgeryToken(page);
        var written = await app.WrittenAsync();
        var form = new Dictionary<string, string>
        {
            ["Form.Code"] = "000.10.40.h46", ["Form.Name"] = "Bộ phận Một cửa phường An Cựu", ["Form.SuperiorName"] = "UBND PHƯỜNG AN CỰU", ["Form.Kind"] = "commune",
            ["Form.ProvinceCode"] = "46", ["Form.CommuneCode"] = "19815", ["Form.ReceivesDossiers"] = "true", ["Form.PlaceName"] = "Huế", ["Form.HeadTitle"] = "",
            ["Form.ValidFrom"] = "15062025x", ["Form.LegalBasis"] = "", ["__RequestVerificationToken"] = token,
        };
        var refused = await (await admin.PostAsync("/quan-tri/don-vi/moi", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"f-validFrom-error\">Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm", refused);
        Assert.Contains("id=\"f-legalBasis-error\">Nhập căn cứ", refused);
        Assert.Contains("aria-describedby=\"f-validFrom-error\"", refused);
        // An emptied head's title is refused on the page as by the API, never saved as "unchanged".
        Assert.Contains("id=\"f-headTitle-error\">Nhập chức danh người đứng đầu", refused);
        Assert.Equal(written, await app.WrittenAsync());

        form["Form.ValidFrom"] = "01/07/2025";
        form["Form.LegalBasis"] = Admin.LegalBasis;
        form["Form.HeadTitle"] = "Giám đốc";
        var saved = await admin.PostAsync("/quan-tri/don-vi/moi", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/quan-tri/don-vi/000.10.40.H46?daluu=1", saved.Headers.Location!.OriginalString);
        var detail = await admin.GetStringAsync("/quan-tri/don-vi/000.10.40.H46?daluu=1");
        Assert.Contains("01/07/2025", detail);
        Assert.Contains("Tạo mới", detail);
    }
}
