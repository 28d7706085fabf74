using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// <c>POST</c> and <c>GET /api/v1/dossiers/{code}/files</c> over real HTTP (docs/FILES.md "Files of a received dossier"):
/// an officer of the receiving agency adds a scan to a document line after intake (digitised by them, its OCR queued),
/// the system that submitted the dossier adds a submitted file; the list gives document, name, pages, digitised flag,
/// by/at and a download link that serves the same bytes; an officer of another agency and another system get 404; a
/// renamed executable, a line that does not exist and a dossier not yet received are refused naming the field.
/// </summary>
public class DossierFilesApiTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    static DossierFilesApiTests() => PdfSharp.PdfSharpLicense.SetAgplLicense();

    private async Task<string> SubmitAsync(string channel = "direct")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers") { Content = JsonContent.Create(Requests.Dossier(channel: channel)) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await app.ApiClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;
    }

    private static MultipartFormDataContent Form(string? document, params (string Name, byte[] Bytes)[] files)
    {
        var form = FileUploadTests.Form(files);
        if (document is not null) form.Add(new StringContent(document), "document");
        return form;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, HttpStatusCode expected, string field)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_officer_of_the_agency_adds_a_digitised_scan_after_intake_and_lists_and_downloads_it()
    {
        var code = await SubmitAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var scan = FileUploadTests.Pdf("ban-quet-giay-chung-sinh", pages: 2);
        var added = await JsonAsync(await desk.PostAsync($"/api/v1/dossiers/{code}/files", Form("0", ("giấy chứng sinh.pdf", scan))), HttpStatusCode.Created);
        var file = Assert.Single(added.GetProperty("files").EnumerateArray());
        Assert.Equal(0, file.GetProperty("document").GetInt32());
        Assert.Equal("Giấy chứng sinh", file.GetProperty("documentName").GetString());
        Assert.Equal("giấy chứng sinh.pdf", file.GetProperty("name").GetString());
        Assert.Equal(2, file.GetProperty("pages").GetInt32());
        Assert.True(file.GetProperty("digitised").GetBoolean());
        Assert.Equal("desk-scan", file.GetProperty("purpose").GetString());
        var officerName = file.GetProperty("digitisedBy").GetString();
        Assert.False(string.IsNullOrEmpty(officerName));
        Assert.Equal(officerName, file.GetProperty("addedBy").GetString());
        Assert.Equal(TimeSpan.FromHours(7), file.GetProperty("digitisedAt").GetDateTimeOffset().Offset);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(scan));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ocr_results WHERE sha256 = '{sha}'"));

        // The list (audited as a read of the dossier's documents) and the download link serving the same bytes.
        var reads = await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.read' AND subject = '{code}'");
        var listed = await JsonAsync(await desk.GetAsync($"/api/v1/dossiers/{code}/files"), HttpStatusCode.OK);
        var row = Assert.Single(listed.GetProperty("files").EnumerateArray());
        Assert.Equal(file.GetProperty("id").GetInt64(), row.GetProperty("id").GetInt64());
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.read' AND subject = '{code}'") > reads);
        Assert.Equal(scan, await desk.GetByteArrayAsync(row.GetProperty("url").GetString()));

        // The system that submitted it reads the list too; an officer of another agency and another system see nothing.
        Assert.Single((await JsonAsync(await app.ApiClient().GetAsync($"/api/v1/dossiers/{code}/files"), HttpStatusCode.OK)).GetProperty("files").EnumerateArray());
        var foreign = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.GetAsync($"/api/v1/dossiers/{code}/files")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.PostAsync($"/api/v1/dossiers/{code}/files", Form("0", ("x.pdf", scan)))).StatusCode);
        var portal = app.ApiClient(DemoData.PortalApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync($"/api/v1/dossiers/{code}/files")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.PostAsync($"/api/v1/dossiers/{code}/files", Form("0", ("x.pdf", scan)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SessionClient().GetAsync($"/api/v1/dossiers/{code}/files")).StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));
    }

    [Fact]
    public async Task The_submitting_system_adds_a_submitted_file_not_marked_digitised()
    {
        var code = await SubmitAsync();
        var added = await JsonAsync(await app.ApiClient().PostAsync($"/api/v1/dossiers/{code}/files", Form("1", ("to-khai.pdf", FileUploadTests.Pdf("to-khai")))), HttpStatusCode.Created);
        var file = Assert.Single(added.GetProperty("files").EnumerateArray());
        Assert.Equal("Tờ khai đăng ký khai sinh", file.GetProperty("documentName").GetString());
        Assert.False(file.GetProperty("digitised").GetBoolean());
        Assert.Equal("submission", file.GetProperty("purpose").GetString());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("digitisedBy").ValueKind);
    }

    [Fact]
    public async Task A_renamed_executable_a_missing_line_and_a_dossier_not_yet_received_are_refused_and_nothing_is_added()
    {
        var code = await SubmitAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0xB8, 0, 0, 0];
        await AssertFieldAsync(await desk.PostAsync($"/api/v1/dossiers/{code}/files", Form("0", ("scan.pdf", executable))), HttpStatusCode.UnsupportedMediaType, "files[0]");
        await AssertFieldAsync(await desk.PostAsync($"/api/v1/dossiers/{code}/files", Form("7", ("scan.pdf", FileUploadTests.Pdf("a")))), HttpStatusCode.UnprocessableEntity, "document");
        await AssertFieldAsync(await desk.PostAsync($"/api/v1/dossiers/{code}/files", Form(null, ("scan.pdf", FileUploadTests.Pdf("b")))), HttpStatusCode.UnprocessableEntity, "document");
        await AssertFieldAsync(await desk.PostAsync($"/api/v1/dossiers/{code}/files", Form("0")), HttpStatusCode.UnprocessableEntity, "files");
        using var json = new StringContent("{}", new MediaTypeHeaderValue("application/json"));
        await AssertFieldAsync(await desk.PostAsync($"/api/v1/dossiers/{code}/files", json), HttpStatusCode.UnsupportedMediaType, "body");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));

        var online = await SubmitAsync("online");
        var early = await desk.PostAsync($"/api/v1/dossiers/{online}/files", Form("0", ("scan.pdf", FileUploadTests.Pdf("c"))));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_dossier_page_offers_its_receiving_officers_a_scan_form_that_adds_or_says_why_not()
    {
        var code = await SubmitAsync();
        var online = await SubmitAsync("online");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var page = await desk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains($"hx-post=\"/api/v1/dossiers/{code}/files\"", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"0\">Giấy chứng sinh</option>", page, StringComparison.Ordinal);
        // Not before the dossier is received, nor to an officer of another unit or another role's page that cannot add.
        Assert.DoesNotContain("id=\"add-scans\"", await desk.GetStringAsync($"/ho-so/{online}"), StringComparison.Ordinal);
        var inspector = await app.OfficerAsync("thanhtra");
        var inspected = await inspector.GetAsync($"/ho-so/{code}");
        if (inspected.StatusCode == HttpStatusCode.OK) Assert.DoesNotContain("id=\"add-scans\"", await inspected.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // As htmx sends the form: a refusal is its Vietnamese message as HTML for the form, nothing added.
        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0xB8, 0, 0, 0];
        using (var refused = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/dossiers/{code}/files") { Content = Form("0", ("scan.pdf", executable)) })
        {
            refused.Headers.Add("HX-Request", "true");
            var answer = await desk.SendAsync(refused);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
            var html = await answer.Content.ReadAsStringAsync();
            Assert.StartsWith("<p class=\"error\" role=\"alert\">", html, StringComparison.Ordinal);
            Assert.Contains("PDF", html, StringComparison.Ordinal);
            Assert.False(answer.Headers.Contains("HX-Refresh"));
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));

        // A scan added: the page reloads (HX-Refresh) and lists it, digitised, with the time.
        using (var added = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/dossiers/{code}/files") { Content = Form("0", ("giay-chung-sinh-bo-sung.pdf", FileUploadTests.Pdf("sau-tiep-nhan"))) })
        {
            added.Headers.Add("HX-Request", "true");
            var answer = await desk.SendAsync(added);
            Assert.True(answer.StatusCode == HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
            Assert.Equal("true", Assert.Single(answer.Headers.GetValues("HX-Refresh")));
        }
        var after = await desk.GetStringAsync($"/ho-so/{code}");
        Assert.Matches(@"Giấy chứng sinh: <a href=""/tep/\d+"" download>giay-chung-sinh-bo-sung\.pdf</a> \(1 trang\) — số hóa lúc \d\d:\d\d \d\d/\d\d/\d{4}", after);
    }
}
