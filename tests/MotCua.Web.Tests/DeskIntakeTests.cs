using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Data;
using MotCua.Web.Features.Demo;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 8 at the desk: procedures without an e-form, every error beside its field, only the receiving officer decides,
/// applicants that are organisations, and dates typed as dd/mm/yyyy.
/// </summary>
public class DeskIntakeTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<List<string>> StringsAsync(string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>A procedure the demo's Thuận Hóa desk receives that declares no e-form, from the adoptions.</summary>
    private async Task<string> ProcedureWithoutEFormAsync() => (await StringsAsync($"""
        SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
        JOIN procedures p ON p.code = ap.procedure_code JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
        WHERE a.code = '{DemoData.ThuanHoaCode}' AND NOT (v.spec ? 'formFields') ORDER BY ap.procedure_code
        """)).First();

    private static Dictionary<string, string> Applicant(string token, string code, string decision) => new()
    {
        ["__RequestVerificationToken"] = token, ["thutuc"] = code, ["decision"] = decision,
        ["ApplicantKind"] = "individual", ["FullName"] = "Phan Thị Mai", ["IdNumber"] = "046190000222", ["Phone"] = "0914000222",
        ["Address"] = "3 Lê Lợi, phường Thuận Hóa", ["Channel"] = "direct", ["Sets"] = "1",
        // Only the first line is handed in: received on purpose, as DeskIncompleteTests' box does (CIT35 LOW 6).
        ["ReceiveIncomplete"] = "true",
    };

    private static Dictionary<string, string> WithFirstDocument(Dictionary<string, string> form, string html, int originals = 1)
    {
        var marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        form["Documents[0].Name"] = WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
        form["Documents[0].Received"] = "true";
        form["Documents[0].Originals"] = originals.ToString();
        form["Documents[0].Copies"] = "0";
        return form;
    }

    [Fact]
    public async Task A_procedure_without_an_e_form_is_received_at_the_desk()
    {
        var code = await ProcedureWithoutEFormAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        Assert.DoesNotContain("id=\"e-form\"", html);

        var response = await officer.PostAsync($"/tiep-nhan?thutuc={code}",
            new FormUrlEncodedContent(WithFirstDocument(Applicant(MotCuaApp.AntiforgeryToken(html), code, "receive"), html)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var dossier = response.Headers.Location!.ToString()[7..^6];
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{dossier}' AND procedure_code = '{code}' AND form_data IS NULL"));
    }

    // Issue 14: the officer's exemption at the desk is stored with the fee and shown on the dossier page.
    [Fact]
    public async Task An_exemption_chosen_at_the_desk_is_kept_with_the_fee_and_shown_on_the_dossier_page()
    {
        var code = await ProcedureWithoutEFormAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        Assert.Contains("id=\"fee-exemption\"", html);
        var form = WithFirstDocument(Applicant(MotCuaApp.AntiforgeryToken(html), code, "receive"), html);
        form["FeeExemptionReason"] = "Người khuyết tật nặng";
        form["FeeExemptionLegalBasis"] = "Khoản 2 Điều 5 Thông tư 85/2019/TT-BTC";

        var response = await officer.PostAsync($"/tiep-nhan?thutuc={code}", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var dossier = response.Headers.Location!.ToString()[7..^6];
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{dossier}' AND f.due_vnd = 0 AND f.exemption_reason = 'Người khuyết tật nặng' AND f.fixed_by IS NOT NULL"));
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync($"/ho-so/{dossier}"));
        Assert.Contains("id=\"fee\"", page);
        Assert.Contains("Người khuyết tật nặng; căn cứ: Khoản 2 Điều 5 Thông tư 85/2019/TT-BTC", page);
    }

    [Fact]
    public async Task Every_error_is_summarised_at_the_top_and_shown_beside_its_field()
    {
        var code = await ProcedureWithoutEFormAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var form = WithFirstDocument(Applicant(MotCuaApp.AntiforgeryToken(html), code, "receive"), html, originals: 0);
        form["Phone"] = "12";
        form["FullName"] = "";

        var response = await officer.PostAsync($"/tiep-nhan?thutuc={code}", new FormUrlEncodedContent(form));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        Assert.Contains("id=\"error-summary\"", page);
        Assert.Contains("href=\"#FullName\"", page);
        Assert.Contains("href=\"#Phone\"", page);
        Assert.Contains("href=\"#doc-0-received\"", page);
        Assert.Contains("id=\"doc-0-received-error\"", page); // "Mỗi giấy tờ phải có ít nhất một bản chính hoặc bản sao" beside the line
        Assert.Contains("Mỗi giấy tờ phải có ít nhất một bản chính hoặc bản sao", page);
        Assert.Matches("id=\"Phone\"[^>]*aria-required=\"true\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"Phone-error\"", page);
        Assert.Contains("id=\"Phone-error\"", page);
        Assert.DoesNotContain("formData", page); // the other fields are not read as an e-form
    }

    [Fact]
    public async Task Only_the_receiving_officer_takes_desk_decisions_and_the_others_write_nothing()
    {
        var others = await StringsAsync($"SELECT user_name FROM users WHERE role <> '{Roles.ReceivingOfficer}' ORDER BY user_name");
        Assert.NotEmpty(others);
        var dossiers = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var notices = await app.ScalarAsync("SELECT count(*) FROM supplement_notices");
        foreach (var user in others)
        {
            var client = await app.OfficerAsync(user);
            var html = await client.GetStringAsync("/tiep-nhan?thutuc=1.001193");
            Assert.Contains("id=\"not-permitted\"", html);
            foreach (var decision in new[] { "receive", "supplement", "refuse" })
            {
                var form = Applicant(MotCuaApp.AntiforgeryToken(html), "1.001193", decision);
                form["Documents[0].Name"] = "Giấy chứng sinh";
                form["Documents[0].Received"] = "true";
                form["Documents[0].Originals"] = "1";
                form["Documents[0].Problem"] = "Bản chụp";
                form["RefusalReason"] = "Không thuộc thẩm quyền";
                foreach (var (key, value) in Requests.BirthRegistrationForm) form[$"Form[{key}]"] = value!;
                var response = await client.PostAsync("/tiep-nhan?thutuc=1.001193", new FormUrlEncodedContent(form));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{user} {decision}: {response.StatusCode}");
            }
        }
        Assert.Equal(dossiers, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        Assert.Equal(notices, await app.ScalarAsync("SELECT count(*) FROM supplement_notices"));
    }

    [Theory]
    [InlineData("enterprise", "Công ty Cổ phần Xây dựng số 5", "0101234567", "Lê Văn Hùng", "Doanh nghiệp")]
    [InlineData("enterprise", "Công ty TNHH Thương mại & Dịch vụ Hải Đăng", "3301234567-001", "Trần Thị Hải", "Doanh nghiệp")]
    [InlineData("household-business", "Hộ kinh doanh Quán Cơm Bà Ba", "33A8012345", "Nguyễn Thị Ba", "Hộ kinh doanh")]
    [InlineData("organization", "Hợp tác xã Nông nghiệp số 2", "", "Phạm Văn Tư", "Tổ chức khác")]
    public async Task Organisations_hand_in_dossiers_through_their_representative(string kind, string name, string id, string representative, string kindName)
    {
        var body = JsonSerializer.SerializeToElement(Requests.Dossier(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var request = JsonSerializer.Deserialize<Dictionary<string, object?>>(body.GetRawText())!;
        request["applicant"] = new { kind, fullName = name, idNumber = id, representative, phone = "02343823456", address = "18 Lê Lợi, phường Thuận Hóa" };

        var response = await app.ApiClient().SubmitAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND applicant_representative = '{representative}' AND applicant_id_number = '{id}'"));
        var pdf = Path.Combine(Path.GetTempPath(), $"{code}.pdf");
        await File.WriteAllBytesAsync(pdf, await app.ApiClient().GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf"));
        var text = MotCuaApp.Tool("pdftotext", $"-layout {pdf} -");
        // The identifier's label names the kind; the representative hands the dossier in.
        Assert.Contains(MotCua.Domain.Identity.ApplicantIdentity.IdentifierLabel(MotCua.Domain.Identity.ApplicantIdentity.Parse(kind)!.Value), text);
        Assert.Contains($"Người nộp: {representative}", text);
        if (id.Length > 0) Assert.Contains(id, text);

        var lookup = await app.SessionClient().GetFromJsonAsync<JsonElement>($"/api/v1/lookup/{code}");
        Assert.Equal(kindName, lookup.GetProperty("applicantKind").GetString());
        var shown = lookup.EnumerateObject().Select(p => p.Value.ToString()).ToList();
        Assert.DoesNotContain(shown, v => v.Contains(representative, StringComparison.Ordinal) || v.Contains(name, StringComparison.Ordinal));
        if (id.Length > 0) Assert.DoesNotContain(shown, v => v.Contains(id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("enterprise", "Công ty Cổ phần Xây dựng số 5", "010123456", "Lê Văn Hùng", "applicant.idNumber")]
    [InlineData("enterprise", "Công ty Cổ phần Xây dựng số 5", "0101234567", "", "applicant.representative")]
    [InlineData("individual", "Công ty Cổ phần Xây dựng số 5", "046095001234", "", "applicant.fullName")]
    [InlineData("company", "Công ty Cổ phần Xây dựng số 5", "0101234567", "Lê Văn Hùng", "applicant.kind")]
    public async Task Each_kind_has_its_own_checks(string kind, string name, string id, string representative, string field)
    {
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var body = JsonSerializer.SerializeToElement(Requests.Dossier(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var request = JsonSerializer.Deserialize<Dictionary<string, object?>>(body.GetRawText())!;
        request["applicant"] = new { kind, fullName = name, idNumber = id, representative, phone = "02343823456", address = "18 Lê Lợi" };

        var response = await app.ApiClient().SubmitAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.GetRawText());
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task An_enterprise_is_received_at_the_desk_page()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var code = await ProcedureWithoutEFormAsync();
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        var form = WithFirstDocument(Applicant(MotCuaApp.AntiforgeryToken(html), code, "receive"), html);
        (form["ApplicantKind"], form["FullName"], form["IdNumber"], form["Representative"]) =
            ("enterprise", "Công ty TNHH Thương mại & Dịch vụ Hải Đăng", "3301234567", "Trần Thị Hải");

        var response = await officer.PostAsync($"/tiep-nhan?thutuc={code}", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = await officer.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("Công ty TNHH Thương mại &amp; Dịch vụ Hải Đăng", detail);
        Assert.Contains("Mã số doanh nghiệp", detail);
        Assert.Contains("Trần Thị Hải", detail);
    }

    [Fact]
    public async Task Mau_02_names_an_organisation_with_its_code_and_representative()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var code = await ProcedureWithoutEFormAsync();
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        var form = Applicant(MotCuaApp.AntiforgeryToken(html), code, "supplement");
        (form["ApplicantKind"], form["FullName"], form["IdNumber"], form["Representative"]) =
            ("enterprise", "Công ty Cổ phần Xây dựng số 5", "0101234567", "Lê Văn Hùng");
        form["ExtraProblem"] = "Thiếu giấy ủy quyền của người đại diện theo pháp luật";

        var page = await (await officer.PostAsync($"/tiep-nhan?thutuc={code}", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();

        var id = await app.ScalarAsync("SELECT max(id) FROM supplement_notices");
        Assert.Contains($"/api/v1/supplement-notices/{id}.pdf", page);
        var pdf = Path.Combine(Path.GetTempPath(), $"supplement-{id}.pdf");
        await File.WriteAllBytesAsync(pdf, await officer.GetByteArrayAsync($"/api/v1/supplement-notices/{id}.pdf"));
        var text = MotCuaApp.Tool("pdftotext", $"-layout {pdf} -");
        Assert.Contains("Mã số doanh nghiệp: 0101234567", text);
        Assert.Contains("Địa chỉ: 3 Lê Lợi, phường Thuận Hóa", text);
        Assert.DoesNotContain("Mã hồ sơ", text); // no dossier at the desk: neither a code nor a receipt
        Assert.DoesNotContain("Thời gian nhận hồ sơ", text);
        Assert.Contains("Lê Văn Hùng", text);
    }

    [Theory]
    [InlineData("15062024", "phải nhập theo dạng ngày/tháng/năm")]
    [InlineData("31/06/2024", "không có ngày 31")]
    [InlineData("06/15/2024", "không có tháng 15")]
    public async Task A_date_that_cannot_be_read_one_way_only_is_refused_at_the_desk(string typed, string message)
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await officer.GetStringAsync("/tiep-nhan?thutuc=1.001193");
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var form = WithFirstDocument(Applicant(MotCuaApp.AntiforgeryToken(html), "1.001193", "receive"), html);
        foreach (var (key, value) in Requests.BirthRegistrationForm) form[$"Form[{key}]"] = value!;
        form["Form[ngaySinh]"] = typed;

        var page = await (await officer.PostAsync("/tiep-nhan?thutuc=1.001193", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();

        Assert.Contains(message, page);
        Assert.Contains("href=\"#form-ngaySinh\"", page);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task A_date_typed_day_first_is_stored_as_that_day_and_shown_day_first()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await officer.GetStringAsync("/tiep-nhan?thutuc=1.001193");
        Assert.Contains("placeholder=\"dd/mm/yyyy\"", html);
        Assert.DoesNotContain("type=\"date\"", html);
        var form = WithFirstDocument(Applicant(MotCuaApp.AntiforgeryToken(html), "1.001193", "receive"), html);
        foreach (var (key, value) in Requests.BirthRegistrationForm) form[$"Form[{key}]"] = value!;
        form["Form[ngaySinh]"] = "06/12/2024";

        var response = await officer.PostAsync("/tiep-nhan?thutuc=1.001193", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var code = response.Headers.Location!.ToString()[7..^6];
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND form_data->>'ngaySinh' = '2024-12-06'"));
        Assert.Contains("06/12/2024", await officer.GetStringAsync($"/ho-so/{code}"));
    }

    [Fact]
    public async Task The_favicon_is_served()
    {
        var client = app.SessionClient();
        var ico = await client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/favicon.svg")).StatusCode);
        Assert.Contains("rel=\"icon\"", await client.GetStringAsync("/tra-cuu"));
    }
}
