using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>The app pointed at the population database simulator run as a process (tools/MotCua.PopulationRegistry).</summary>
public sealed class PopulationRegistryFixture : IDisposable
{
    public PopulationRegistryProcess Registry { get; } = new();
    public MotCuaApp App { get; } = new();

    public PopulationRegistryFixture() => Registry.Configure(App);

    public void Dispose()
    {
        App.Dispose();
        Registry.Dispose();
    }
}

/// <summary>
/// Issue 16, the population database (docs/POPULATION.md), over real HTTP against the simulator process: a citizen found
/// fills the desk and the API's answer; an unknown number is "không tồn tại trong CSDL dân cư"; an outage, a killed
/// server and an answer slower than the timeout are a 503 and a Vietnamese message, the desk going on by hand; the purpose
/// is required; every lookup asked writes its audit row with the CCCD, the purpose and the outcome; a dossier received with
/// the lookup's token records its applicant verified, one with an edited name does not.
/// </summary>
public class PopulationRegistryTests(PopulationRegistryFixture fixture, ITestOutputHelper output) : IClassFixture<PopulationRegistryFixture>
{
    private const string Purpose = "Tiếp nhận hồ sơ đăng ký khai sinh";
    private MotCuaApp App => fixture.App;
    private PopulationRegistryProcess Registry => fixture.Registry;

    private async Task<JsonElement> PersonAsync(int index = 0) => (await Registry.PeopleAsync(index + 1))[index];

    private static Task<HttpResponseMessage> LookupAsync(HttpClient client, string? idNumber, string? purpose) =>
        client.PostAsJsonAsync("/api/v1/citizens/lookup", new { idNumber, purpose });

    // The audit rows of citizen lookups for this CCCD: (user id, details).
    private async Task<List<(int? UserId, JsonElement Details)>> AuditRowsAsync(string idNumber)
    {
        await App.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT user_id, details::text FROM audit_log WHERE action = 'citizen.lookup' AND subject = $1 ORDER BY id", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idNumber });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int?, JsonElement)>();
        while (await reader.ReadAsync())
            rows.Add((reader.IsDBNull(0) ? null : reader.GetInt32(0), JsonDocument.Parse(reader.GetString(1)).RootElement.Clone()));
        return rows;
    }

    private async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_citizen_in_the_database_is_answered_with_name_birth_date_sex_and_residence_and_the_lookup_audited()
    {
        var person = await PersonAsync(0);
        var number = person.GetProperty("soDinhDanh").GetString()!;
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var response = await LookupAsync(officer, number, Purpose);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        output.WriteLine(text);
        Assert.Equal(person.GetProperty("hoTen").GetString(), body.GetProperty("fullName").GetString());
        Assert.Equal(person.GetProperty("ngaySinh").GetString(), body.GetProperty("dateOfBirth").GetString());
        Assert.Matches(@"^\d{2}/\d{2}/\d{4}$", body.GetProperty("dateOfBirth").GetString());
        Assert.Equal(person.GetProperty("gioiTinh").GetString(), body.GetProperty("sex").GetString());
        Assert.Equal(person.GetProperty("noiThuongTru").GetString(), body.GetProperty("permanentResidence").GetString());
        Assert.True(body.GetProperty("verified").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("verificationToken").GetString()));

        var officerId = (int)await App.ScalarAsync("SELECT id FROM users WHERE user_name = 'tiepnhan.thuanhoa'");
        var row = Assert.Single(await AuditRowsAsync(number));
        Assert.Equal(officerId, row.UserId);
        Assert.Equal(Purpose, row.Details.GetProperty("purpose").GetString());
        Assert.Equal("found", row.Details.GetProperty("outcome").GetString());
        // The database was asked with the purpose and the officer (their name), as its own log keeps them.
        var asked = (await Registry.LookupsAsync()).Last(l => l.GetProperty("idNumber").GetString() == number);
        Assert.Equal(Purpose, asked.GetProperty("purpose").GetString());
        Assert.Equal("Nguyễn Thị Hường", asked.GetProperty("officer").GetString());

        // The inspector reads the purpose, the outcome and the fields in Vietnamese (sixteenth trial finding 7).
        var seq = await App.ScalarAsync($"SELECT chain_seq FROM audit_log WHERE action = 'citizen.lookup' AND subject = '{number}'");
        var page = WebUtility.HtmlDecode(await (await App.OfficerAsync("thanhtra")).GetStringAsync("/thanh-tra/nhat-ky?taikhoan=tiepnhan.thuanhoa"));
        var at = page.IndexOf($"id=\"seq-{seq}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, "dòng tra cứu không có trên trang nhật ký");
        var line = page[at..page.IndexOf("</tr>", at, StringComparison.Ordinal)];
        Assert.Contains($"Mục đích: {Purpose}", line, StringComparison.Ordinal);
        Assert.Contains("Kết quả: Tìm thấy", line, StringComparison.Ordinal);
        Assert.Contains("họ tên, số định danh, địa chỉ, ngày sinh, giới tính", line, StringComparison.Ordinal);
        Assert.DoesNotContain("dateOfBirth", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_number_is_not_in_the_database_and_the_lookup_is_audited()
    {
        // Well formed (Huế, a man born 1999) but held by nobody among the simulator's people.
        var people = await Registry.PeopleAsync(1000);
        var number = Enumerable.Range(0, 1000).Select(i => $"046099{i:D6}").First(n => people.All(p => p.GetProperty("soDinhDanh").GetString() != n));
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var problem = await ProblemAsync(await LookupAsync(officer, number, Purpose), HttpStatusCode.NotFound);
        Assert.Equal("https://motcua.vn/problems/citizen-not-found", problem.GetProperty("type").GetString());
        Assert.Contains("không tồn tại trong CSDL dân cư", problem.GetProperty("detail").GetString());
        Assert.Equal("not-found", Assert.Single(await AuditRowsAsync(number)).Details.GetProperty("outcome").GetString());
        var seq = await App.ScalarAsync($"SELECT chain_seq FROM audit_log WHERE action = 'citizen.lookup' AND subject = '{number}'");
        var page = WebUtility.HtmlDecode(await (await App.OfficerAsync("thanhtra")).GetStringAsync("/thanh-tra/nhat-ky?taikhoan=tiepnhan.thuanhoa"));
        var at = page.IndexOf($"id=\"seq-{seq}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, "dòng tra cứu không có trên trang nhật ký");
        Assert.Contains("Kết quả: Không tồn tại trong CSDL dân cư", page[at..page.IndexOf("</tr>", at, StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "purpose")]
    [InlineData("", "purpose")]
    [InlineData("xem", "purpose")]
    public async Task A_lookup_without_a_purpose_is_a_422_naming_purpose_and_nothing_is_asked_or_audited(string? purpose, string field)
    {
        var number = (await PersonAsync(1)).GetProperty("soDinhDanh").GetString()!;
        var asked = (await Registry.LookupsAsync()).Count;
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var problem = await ProblemAsync(await LookupAsync(officer, number, purpose), HttpStatusCode.UnprocessableEntity);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains("Mục đích tra cứu", message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(asked, (await Registry.LookupsAsync()).Count);
        Assert.Empty(await AuditRowsAsync(number));
    }

    [Theory]
    [InlineData("04609500123", "idNumber")]
    [InlineData("046095A01234", "idNumber")]
    [InlineData("999095001234", "idNumber")]
    [InlineData("046095001", "idNumber")]
    public async Task A_malformed_number_is_a_422_naming_idNumber(string number, string field)
    {
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var problem = await ProblemAsync(await LookupAsync(officer, number, Purpose), HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("chuyenvien.trungtam")]
    [InlineData("quantri")]
    public async Task Only_the_receiving_officer_may_look_up(string userName)
    {
        var number = (await PersonAsync(2)).GetProperty("soDinhDanh").GetString()!;
        var client = await App.OfficerAsync(userName);
        await ProblemAsync(await LookupAsync(client, number, Purpose), HttpStatusCode.Forbidden);
        await ProblemAsync(await LookupAsync(App.ApiClient(), number, Purpose), HttpStatusCode.Forbidden);
        Assert.Empty(await AuditRowsAsync(number));
    }

    [Theory]
    [InlineData("outage", "unavailable:down")]
    [InlineData("error", "unavailable:error")]
    [InlineData("slow", "unavailable:slow")]
    [InlineData("killed", "unavailable:down")]
    public async Task When_the_database_is_down_slow_or_failing_the_answer_is_a_503_with_retry_after_and_the_lookup_audited(string mode, string outcome)
    {
        var person = await PersonAsync(mode switch { "outage" => 3, "error" => 4, "slow" => 5, _ => 6 });
        var number = person.GetProperty("soDinhDanh").GetString()!;
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        try
        {
            switch (mode)
            {
                case "killed": Registry.Kill(); break;
                case "slow": await Registry.ControlAsync(new { mode, delayMs = 5000 }); break;
                case "error": await Registry.ControlAsync(new { mode, status = 500, count = 1 }); break;
                default: await Registry.ControlAsync(new { mode }); break;
            }
            var clock = Stopwatch.StartNew();
            var response = await LookupAsync(officer, number, Purpose);
            clock.Stop();
            output.WriteLine($"{mode}: {(int)response.StatusCode} after {clock.ElapsedMilliseconds} ms");
            var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("https://motcua.vn/problems/population-registry-unavailable", problem.GetProperty("type").GetString());
            Assert.Contains("Nhập tay", problem.GetProperty("detail").GetString());
            Assert.Equal("30", response.Headers.GetValues("Retry-After").Single());
            // The configured timeout is 2 seconds: the officer is not kept waiting for the slow answer.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"{clock.ElapsedMilliseconds} ms");
            Assert.Equal(outcome, Assert.Single(await AuditRowsAsync(number)).Details.GetProperty("outcome").GetString());
        }
        finally
        {
            if (mode == "killed") Registry.Start();
            else await Registry.ControlAsync(new { mode = "normal" });
        }
        // Back to normal, the same citizen is found.
        Assert.Equal(HttpStatusCode.OK, (await LookupAsync(officer, number, Purpose)).StatusCode);
    }

    [Fact]
    public async Task The_desk_fills_the_applicant_and_the_dossier_records_the_applicant_verified()
    {
        var person = await PersonAsync(7);
        var number = person.GetProperty("soDinhDanh").GetString()!;
        var name = person.GetProperty("hoTen").GetString()!;
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var code = await ProcedureWithoutEFormAsync();
        var desk = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        Assert.Contains("Tra cứu CSDL dân cư", desk);
        Assert.Contains("hx-post=\"/tiep-nhan/tra-cuu-cong-dan\"", desk);

        var partial = WebUtility.HtmlDecode(await (await officer.PostAsync("/tiep-nhan/tra-cuu-cong-dan", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["IdNumber"] = number, ["LookupPurpose"] = Purpose }))).Content.ReadAsStringAsync());
        output.WriteLine(partial);
        Assert.Contains("Đã xác thực", partial);
        Assert.Contains($"id=\"FullName\" name=\"FullName\" value=\"{name}\"", partial);
        Assert.Contains($"value=\"{person.GetProperty("noiThuongTru").GetString()}\"", partial);
        Assert.Contains(person.GetProperty("ngaySinh").GetString()!, partial);
        Assert.Contains($"giới tính {person.GetProperty("gioiTinh").GetString()}", partial);
        var token = Between(partial, "id=\"VerificationToken\" name=\"VerificationToken\" value=\"", "\"");
        Assert.NotEmpty(token);

        // Received with the token and the database's name: verified. The same token with an edited name: not.
        var verified = await ReceiveAsync(officer, code, number, name, token);
        Assert.Equal(1, await App.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{verified}' AND v.method = 1"));
        var edited = await ReceiveAsync(officer, code, number, name + " Anh", token);
        Assert.Equal(0, await App.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{edited}'"));
        var forged = await ReceiveAsync(officer, code, number, name, "khong-phai-ma-xac-thuc");
        Assert.Equal(0, await App.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{forged}'"));

        // After intake the dossier's page and the API say which (sixteenth trial finding 6).
        var shown = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{verified}")).GetProperty("verification");
        Assert.True(shown.GetProperty("verified").GetBoolean());
        Assert.Equal("csdl-dan-cu", shown.GetProperty("method").GetString());
        Assert.Contains("id=\"applicant-verified\" class=\"tag\" data-verified=\"true\">Đã xác thực qua CSDL quốc gia về dân cư",
            WebUtility.HtmlDecode(await officer.GetStringAsync($"/ho-so/{verified}")), StringComparison.Ordinal);
        var typed = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{edited}")).GetProperty("verification");
        Assert.False(typed.GetProperty("verified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, typed.GetProperty("method").ValueKind);
        Assert.Contains("data-verified=\"false\">Chưa xác thực", WebUtility.HtmlDecode(await officer.GetStringAsync($"/ho-so/{edited}")), StringComparison.Ordinal);

        // Sixteenth trial LOW 11h: unverified, yet the database was consulted for the edited one, and the portal is told so.
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCua.Data.MotCuaDb>();
        foreach (var consulted in new[] { verified, edited })
        {
            var read = (await MotCua.Web.Features.NationalPortal.PortalViews.ReadAsync(db, consulted, CancellationToken.None))!;
            var hoSo = JsonSerializer.SerializeToElement(MotCua.Domain.NationalPortal.PortalPayload.HoSo(read.View, read.Dossier.Events.Max(e => e.At), read.Dossier.Status));
            Assert.Equal("7", Assert.Single(hoSo.GetProperty("DSKetNoiCSDL").EnumerateArray()).GetProperty("MaCSDL").GetString());
        }
    }

    [Fact]
    public async Task When_the_database_is_down_the_desk_says_so_and_receives_the_dossier_unverified()
    {
        var person = await PersonAsync(8);
        var number = person.GetProperty("soDinhDanh").GetString()!;
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var code = await ProcedureWithoutEFormAsync();
        await Registry.ControlAsync(new { mode = "outage" });
        try
        {
            var response = await officer.PostAsync("/tiep-nhan/tra-cuu-cong-dan", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["IdNumber"] = number, ["LookupPurpose"] = Purpose }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var partial = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains("Không kết nối được CSDL dân cư", partial);
            Assert.Contains("chưa xác thực", partial);
            Assert.DoesNotContain("id=\"FullName\"", partial);
            var dossier = await ReceiveAsync(officer, code, number, "Tên Nhập Tay", "");
            Assert.Equal(0, await App.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{dossier}'"));
        }
        finally
        {
            await Registry.ControlAsync(new { mode = "normal" });
        }
    }

    [Theory]
    [InlineData("123")]
    [InlineData("046095001")]
    public async Task A_number_not_of_12_digits_gets_the_one_true_message_at_the_desk_and_in_the_api(string number)
    {
        // Sixteenth trial LOW 11d: the desk said "(hoặc CMND cũ 9 chữ số)" for 123, while a 9-digit CMND is refused.
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var problem = await ProblemAsync(await LookupAsync(officer, number, Purpose), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(MotCua.Domain.Identity.CitizenLookupRules.WrongLength, problem.GetProperty("errors").GetProperty("idNumber")[0].GetString());
        var partial = WebUtility.HtmlDecode(await (await officer.PostAsync("/tiep-nhan/tra-cuu-cong-dan", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["IdNumber"] = number, ["LookupPurpose"] = Purpose }))).Content.ReadAsStringAsync());
        Assert.Contains(MotCua.Domain.Identity.CitizenLookupRules.WrongLength, partial);
        Assert.DoesNotContain("hoặc CMND", partial);
        Assert.Empty(await AuditRowsAsync(number));
    }

    [Fact]
    public async Task The_desk_lookup_without_a_purpose_says_so_beside_the_field()
    {
        var number = (await PersonAsync(9)).GetProperty("soDinhDanh").GetString()!;
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        var partial = WebUtility.HtmlDecode(await (await officer.PostAsync("/tiep-nhan/tra-cuu-cong-dan", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["IdNumber"] = number, ["LookupPurpose"] = "" }))).Content.ReadAsStringAsync());
        Assert.Contains("Vui lòng ghi mục đích tra cứu", partial);
        Assert.Empty(await AuditRowsAsync(number));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_lookup_with_its_body()
    {
        var document = await App.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var post = document.GetProperty("paths").GetProperty("/api/v1/citizens/lookup").GetProperty("post");
        Assert.Contains("CSDL quốc gia về dân cư", post.GetProperty("summary").GetString());
        Assert.True(post.TryGetProperty("requestBody", out _));
    }

    private static string Between(string text, string before, string after)
    {
        var start = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(start >= 0, $"Không thấy {before}");
        start += before.Length;
        return text[start..text.IndexOf(after, start, StringComparison.Ordinal)];
    }

    // Receives a dossier of procedure `code` at the officer's desk with this applicant and token; returns its code.
    internal static async Task<string> ReceiveAsync(HttpClient officer, string code, string number, string name, string token)
    {
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(html), ["thutuc"] = code, ["decision"] = "receive", ["ReceiveIncomplete"] = "true",
            ["ApplicantKind"] = "individual", ["FullName"] = name, ["IdNumber"] = number, ["Phone"] = "0914000222",
            ["Address"] = "3 Lê Lợi, phường Thuận Hóa", ["Channel"] = "direct", ["Sets"] = "1", ["VerificationToken"] = token,
            ["IdempotencyKey"] = Guid.NewGuid().ToString("N"),
        };
        var marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        form["Documents[0].Name"] = WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
        form["Documents[0].Received"] = "true";
        form["Documents[0].Originals"] = "1";
        form["Documents[0].Copies"] = "0";
        var response = await officer.PostAsync($"/tiep-nhan?thutuc={code}", new FormUrlEncodedContent(form));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString()[7..^6];
    }

    // A procedure the demo's Thuận Hóa desk receives that declares no e-form.
    private async Task<string> ProcedureWithoutEFormAsync()
    {
        await App.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            JOIN procedures p ON p.code = ap.procedure_code JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE a.code = '{DemoData.ThuanHoaCode}' AND NOT (v.spec ? 'formFields') ORDER BY ap.procedure_code LIMIT 1
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
