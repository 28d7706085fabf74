using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

public class IntakeApiTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Health_and_readiness_answer()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_intake_endpoint()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/dossiers", document);
        Assert.Contains("/api/v1/lookup/{code}", document);
        Assert.Contains("/api/v1/dossiers/{code}/sync", document); // issue 16: the portal sync
        Assert.Contains("/api/v1/admin/portal/repush", document);
    }

    [Theory]
    [InlineData("khai sinh", "1.001193")]
    [InlineData("KHAI SINH", "1.001193")]
    [InlineData("đăng ký khai sinh", "1.001193")]
    [InlineData("1.001193", "1.001193")]
    public async Task Procedure_search_ignores_diacritics_and_case(string q, string expectedCode)
    {
        var results = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures?q={Uri.EscapeDataString(q)}");
        Assert.Contains(results.EnumerateArray(), r => r.GetProperty("code").GetString() == expectedCode);
    }

    [Fact]
    public async Task Procedure_search_finds_land_procedures_typed_without_marks()
    {
        var results = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/procedures?q=dat%20dai");
        Assert.NotEmpty(results.EnumerateArray());
        Assert.All(results.EnumerateArray(), r => Assert.Contains("dat dai", Fold(r.GetProperty("name").GetString() + " " + r.GetProperty("field").GetString())));
    }

    [Fact]
    public async Task A_direct_dossier_gets_a_national_code_status_2_and_the_calendar_due_date()
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("code").GetString()!;
        Assert.Matches(@"^000\.10\.01\.H46-251117-\d{4}$", code);
        Assert.Equal(2, body.GetProperty("status").GetInt32());
        Assert.Equal("Được tiếp nhận", body.GetProperty("statusName").GetString());
        Assert.EndsWith($"/tra-cuu?ma={code}", body.GetProperty("links").GetProperty("lookup").GetString());

        var due = await app.CreateClient().GetFromJsonAsync<JsonElement>(
            $"/api/v1/calendar/due?from={Uri.EscapeDataString("2025-11-17T09:00:00+07:00")}&amount=1&unit=workingDays&agency={DemoData.ThuanHoaCode}&channel=direct");
        Assert.Equal(due.GetProperty("dueAt").GetDateTimeOffset(), body.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 11, 18, 9, 0, 0, VietnamTime.Offset), body.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossier_events WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '{code}') AND to_status = 2"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE payload->>'code' = '{code}'"));
    }

    [Fact]
    public async Task An_online_dossier_waits_for_the_desk_in_status_1()
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(channel: "online"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("status").GetInt32());
        Assert.Equal("Mới đăng ký", body.GetProperty("statusName").GetString());
    }

    [Fact]
    public async Task Repeating_an_idempotency_key_returns_the_first_dossier()
    {
        var client = app.ApiClient();
        var key = Guid.NewGuid().ToString();
        var body = Requests.Dossier(fullName: "Lê Thị Bích");
        var first = await (await client.SubmitAsync(body, key)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await client.SubmitAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("code").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE applicant_full_name = 'Lê Thị Bích'"));
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_dossier_is_refused()
    {
        var client = app.ApiClient();
        var key = Guid.NewGuid().ToString();
        await client.SubmitAsync(Requests.Dossier(fullName: "Phạm Văn Cường"), key);
        var response = await client.SubmitAsync(Requests.Dossier(fullName: "Phạm Văn Dũng"), key);
        await AssertProblem(response, "Idempotency-Key");
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE applicant_full_name = 'Phạm Văn Dũng'"));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_make_one_dossier()
    {
        var client = app.ApiClient();
        var key = Guid.NewGuid().ToString();
        var body = Requests.Dossier(fullName: "Võ Thị Hạnh");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SubmitAsync(body, key)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var codes = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()));
        Assert.Single(codes.Distinct());
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE applicant_full_name = 'Võ Thị Hạnh'"));
    }

    [Fact]
    public async Task Twenty_concurrent_intakes_get_twenty_distinct_consecutive_codes()
    {
        var client = app.ApiClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, fullName: "Đồng Thời Một"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var codes = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!));
        Assert.Equal(20, codes.Distinct().Count());
        var serials = codes.Select(c => int.Parse(c[(c.LastIndexOf('-') + 1)..])).Order().ToList();
        Assert.Equal(Enumerable.Range(serials[0], 20), serials);
        var lines = await app.ScalarAsync("SELECT count(DISTINCT register_number) FROM dossiers WHERE applicant_full_name = 'Đồng Thời Một'");
        Assert.Equal(20, lines);
    }

    [Fact]
    public async Task The_database_numbers_codes_as_the_Domain_formats_them_past_four_digits()
    {
        var day = MotCua.Domain.Calendar.VietnamTime.DateOf(app.Clock.GetUtcNow());
        await app.ScalarAsync($"""
            INSERT INTO dossier_serials (agency_id, day, last_serial)
            SELECT id, DATE '{day:yyyy-MM-dd}', 9998 FROM agencies WHERE code = '{DemoData.CentreCode}'
            ON CONFLICT (agency_id, day) DO UPDATE SET last_serial = 9998 RETURNING 1
            """);
        var client = app.ApiClient();
        var codes = new List<string>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var response = await client.SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, fullName: "Mười Nghìn"));
            codes.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!);
        }
        Assert.Equal([DossierCode.Format(DemoData.CentreCode, day, 9999), DossierCode.Format(DemoData.CentreCode, day, 10000)], codes);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "procedureCode" },
        { """{"procedureCode":"9.999999","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "procedureCode" },
        { """{"procedureCode":"1.001193","agencyCode":"999.99.99.H99","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "agencyCode" },
        { """{"procedureCode":"1.001193","agencyCode":"000.00.02.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "agencyCode" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"fax","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "channel" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","documents":DOCUMENTS}""", "applicant" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "applicant.fullName" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"R2D2 <script>","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "applicant.fullName" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"003095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "applicant.idNumber" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"04609500123","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS}""", "applicant.idNumber" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"12345","address":"Huế"},"documents":DOCUMENTS}""", "applicant.phone" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0234 3822 123","address":"Huế"},"notifications":{"sms":true},"documents":DOCUMENTS}""", "notifications.sms" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0234 3822 123","address":"Huế"},"notifications":{"zalo":true},"documents":DOCUMENTS}""", "notifications.zalo" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","email":"an@","address":"Huế"},"documents":DOCUMENTS}""", "applicant.email" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":" "},"documents":DOCUMENTS}""", "applicant.address" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"}}""", "documents" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":[{"name":"","original":1,"copies":0}]}""", "documents[0].name" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":[{"name":"Giấy chứng sinh","original":-1,"copies":0}]}""", "documents[0].original" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":[{"name":"Giấy chứng sinh","original":0,"copies":0}]}""", "documents[0]" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS,"submittedAt":"2030-01-01T08:00:00+07:00"}""", "submittedAt" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS,"sets":0}""", "sets" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":[{"name":"Giấy chứng sinh","original":"một","copies":0}]}""", "documents[0].original" },
        { """{"procedureCode":1.001193,""", "procedureCode" },
        { """[]""", "body" },
        { """{"procedureCode":"1.001193","agencyCode":"000.10.01.H46","channel":"direct","applicant":{"fullName":"Nguyễn An","idNumber":"046095001234","phone":"0905123456","address":"Huế"},"documents":DOCUMENTS,"submittedAt":"hôm qua"}""", "submittedAt" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_input_is_a_422_naming_the_field_and_writes_nothing(string json, string field)
    {
        // Each body is wrong in one field only: its documents are the procedure's published ones, not an empty list.
        json = json.Replace("DOCUMENTS", await DocumentsOfAsync(app.CreateClient(), "1.001193"));
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await app.ApiClient().SendAsync(request);
        await AssertProblem(response, field);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task Missing_idempotency_key_is_a_422()
    {
        var response = await app.ApiClient().PostAsJsonAsync("/api/v1/dossiers", Requests.Dossier());
        await AssertProblem(response, "Idempotency-Key");
    }

    [Fact]
    public async Task Without_a_valid_api_key_nothing_is_accepted()
    {
        var anonymous = await app.CreateClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var wrong = await app.ApiClient("not-a-key").SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The documents a procedure's current version asks to hand over (not shown only, not conditional), one
    /// original each at least, as the intake API's "documents" JSON, read from the catalogue API.</summary>
    internal static async Task<string> DocumentsOfAsync(HttpClient client, string procedureCode)
    {
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/procedures/{procedureCode}");
        var documents = detail.GetProperty("procedure").GetProperty("documents").EnumerateArray()
            .Where(d => !d.TryGetProperty("kind", out _) && !d.GetProperty("mustPresentOnly").GetBoolean() && !d.TryGetProperty("condition", out _))
            .Select(d => new { name = d.GetProperty("name").GetString(), original = Math.Max(1, d.GetProperty("originals").GetInt32()), copies = d.GetProperty("copies").GetInt32() })
            .ToList();
        Assert.NotEmpty(documents);
        return JsonSerializer.Serialize(documents);
    }

    [Fact]
    public async Task An_empty_document_list_is_refused_when_the_procedure_lists_documents()
    {
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Requests.Dossier(idNumber: "046095007001")))!;
        body["documents"] = new System.Text.Json.Nodes.JsonArray();
        var response = await app.ApiClient().SubmitAsync(body);
        var problem = await AssertProblem(response, "documents");
        Assert.Equal(["documents"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("1.001193", problem.GetProperty("errors").GetProperty("documents")[0].GetString());
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        // The same dossier with the procedure's documents is received.
        body["documents"] = System.Text.Json.Nodes.JsonNode.Parse(await DocumentsOfAsync(app.CreateClient(), "1.001193"));
        Assert.Equal(HttpStatusCode.Created, (await app.ApiClient().SubmitAsync(body)).StatusCode);
    }

    [Fact]
    public async Task The_desk_refuses_to_receive_with_nothing_ticked()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var form = (await DeskIntakeForm.ReadAsync(officer, "1.001193")).Applicant("Đặng Thị Lan", "046095007002", "0914222555", "3 Lê Lợi, phường Thuận Hóa").Direct()
            .EForm(Requests.BirthRegistrationForm);
        Assert.DoesNotContain(form.Fields, f => f.Key.EndsWith(".Received") && f.Value == "true");

        var page = await (await form.PostAsync()).Content.ReadAsStringAsync();
        Assert.Contains("Hồ sơ chưa có giấy tờ nào: thủ tục 1.001193", page);
        Assert.Contains("href=\"#doc-0-received\"", page);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE applicant_id_number = '046095007002'"));
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"Không có lỗi cho trường '{field}': {errors}");
        var message = messages[0].GetString()!;
        Assert.Matches(@"[ăâđêôơưáàảãạếềểễệíìỉĩịóòỏõọúùủũụ]", message.ToLowerInvariant());
        return problem;
    }

    private static string Fold(string? text) => MotCua.Domain.Catalog.SearchText.Fold(text);
}

public class LocalTermsTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task An_agency_promising_less_than_the_legal_time_limit_is_held_to_its_promise()
    {
        // Thuận Hóa promises birth registration within 4 working hours instead of the legal 1 working day.
        await app.ScalarAsync($"""
            UPDATE agency_procedures SET time_limit_amount = 4, time_limit_unit = {(int)MotCua.Domain.Calendar.TimeUnit.WorkingHours}
            WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}')
            RETURNING 1
            """);
        var local = await (await app.ApiClient().SubmitAsync(Requests.Dossier())).Content.ReadFromJsonAsync<JsonElement>();
        // 09:00 to the 11:30 lunch break is 2.5 h; the other 1.5 h run from 13:30.
        Assert.Equal(new DateTimeOffset(2025, 11, 17, 15, 0, 0, VietnamTime.Offset), local.GetProperty("dueAt").GetDateTimeOffset());

        var elsewhere = await (await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.PhuXuanCode))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new DateTimeOffset(2025, 11, 18, 9, 0, 0, VietnamTime.Offset), elsewhere.GetProperty("dueAt").GetDateTimeOffset());
    }
}

public class EFormIntakeTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task The_e_form_is_checked_stored_with_the_dossier_and_shown_to_the_officer()
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier());
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var dossier = await app.ApiClient().GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        var form = dossier.GetProperty("formData");
        Assert.Equal("Nguyễn Minh Khang", form.GetProperty("hoTenTre").GetString());
        Assert.Equal("2024-06-15", form.GetProperty("ngaySinh").GetString());
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var page = await officer.GetStringAsync($"/ho-so/{code}");
        Assert.Contains("Họ, chữ đệm và tên của trẻ", page);
        Assert.Contains("15/06/2024", page);
    }

    [Fact]
    public async Task Each_bad_e_form_value_is_named_and_nothing_is_written()
    {
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var form = new Dictionary<string, string?>(Requests.BirthRegistrationForm) { ["ngaySinh"] = "31/02/2025", ["gioiTinh"] = "X", ["hoTenTre"] = null, ["maBiMat"] = "1" };
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(formData: form));
        var errors = (await IntakeApiTests.AssertProblem(response, "formData.ngaySinh")).GetProperty("errors");
        foreach (var field in new[] { "formData.gioiTinh", "formData.hoTenTre", "formData.maBiMat" })
            Assert.True(errors.TryGetProperty(field, out _), $"Không có lỗi cho trường '{field}': {errors}");
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task A_procedure_without_an_e_form_takes_none()
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode,
            formData: new Dictionary<string, string?> { ["x"] = "1" }));
        await IntakeApiTests.AssertProblem(response, "formData");
    }
}

/// <summary>Issue 12, item 8: a procedure version that lists no documents to hand over still receives a dossier with none.</summary>
public class IntakeWithoutListedDocumentsTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task An_empty_document_list_is_received_when_the_version_lists_none()
    {
        // A new version (versions never change once stored, and are cached so), numbered far from any other test's.
        Assert.Equal(1, await app.ScalarAsync("""
            WITH added AS (INSERT INTO procedure_versions (procedure_code, version, spec, created_at, source)
                SELECT v.procedure_code, 901, jsonb_set(v.spec, '{documents}', '[]'::jsonb), now(), 'edit'
                FROM procedure_versions v JOIN procedures p ON p.code = v.procedure_code AND v.version = p.current_version
                WHERE p.code = '1.001193' RETURNING procedure_code)
            UPDATE procedures SET current_version = 901 WHERE code IN (SELECT procedure_code FROM added) RETURNING 1
            """));
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Requests.Dossier(idNumber: "046095007003")))!;
        body["documents"] = new System.Text.Json.Nodes.JsonArray();
        var response = await app.ApiClient().SubmitAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE applicant_id_number = '046095007003'"));
    }
}
