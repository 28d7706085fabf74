using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

public class LookupAndAccessTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<string> SubmitAsync(string agency = DemoData.ThuanHoaCode)
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: agency, fullName: "Nguyễn Văn An",
            idNumber: "046095001234", phone: "0905123456", address: "12 Lê Lợi, phường Thuận Hóa"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Public_lookup_masks_the_name_and_shows_no_personal_data()
    {
        var code = await SubmitAsync();
        var response = await app.CreateClient().GetAsync($"/api/v1/lookup/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("N*** V** A*", body.GetProperty("applicant").GetString());
        Assert.Equal("Được tiếp nhận", body.GetProperty("statusName").GetString());
        Assert.Equal("Thủ tục đăng ký khai sinh", body.GetProperty("procedureName").GetString());
        Assert.DoesNotContain("046095001234", text);
        Assert.DoesNotContain("0905123456", text);
        Assert.DoesNotContain("Lê Lợi", text);
        Assert.DoesNotContain("Nguyễn Văn An", text);

        var page = await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}");
        Assert.Contains("N*** V** A*", page);
        Assert.DoesNotContain("046095001234", page);
    }

    [Theory]
    [InlineData("000.10.01.H46-251117-9999")]
    [InlineData("khong-phai-ma")]
    [InlineData("%27%20OR%201%3D1")]
    public async Task Lookup_of_an_unknown_code_is_a_404_problem(string code)
    {
        var response = await app.CreateClient().GetAsync($"/api/v1/lookup/{code}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_receiving_agency_reads_its_dossier_and_the_read_is_audited()
    {
        var code = await SubmitAsync();
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var dossier = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Equal("046095001234", dossier.GetProperty("applicant").GetProperty("idNumber").GetString());
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = '{code}' AND action = 'dossier.read'") >= 1);
        var list = await officer.GetStringAsync("/ho-so");
        Assert.Contains(code, list);
    }

    [Fact]
    public async Task An_officer_of_another_agency_gets_404_everywhere()
    {
        var code = await SubmitAsync();
        var stranger = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/dossiers/{code}/receipt.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/dossiers/{code}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/ho-so/{code}")).StatusCode);
        Assert.DoesNotContain(code, await stranger.GetStringAsync("/ho-so"));
    }

    [Fact]
    public async Task The_submitting_system_reads_its_dossier_and_its_history()
    {
        var code = await SubmitAsync();
        var client = app.ApiClient();
        var dossier = await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Equal(code, dossier.GetProperty("code").GetString());
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/events");
        Assert.Equal(2, Assert.Single(events.EnumerateArray()).GetProperty("toStatus").GetInt32());
    }

    [Fact]
    public async Task Anonymous_reads_of_a_dossier_are_refused()
    {
        var code = await SubmitAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
    }

    [Fact]
    public async Task The_receipt_pdf_carries_a_QR_code_of_the_lookup_url()
    {
        var code = await SubmitAsync();
        var response = await app.ApiClient().GetAsync($"/api/v1/dossiers/{code}/receipt.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var dir = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "web-tests");
        Directory.CreateDirectory(dir);
        var pdf = Path.Combine(dir, $"{code}.pdf");
        await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());
        MotCuaApp.Tool("pdftoppm", $"-r 200 -png -f 1 -l 1 \"{pdf}\" \"{Path.Combine(dir, code)}\"");
        var png = Directory.GetFiles(dir, $"{code}*.png").Single();
        // The lookup's code alone: a dossier a system sent has no rating code on any print (docs/RATINGS.md, "Who may rate";
        // the applicant rates from the SMS/e-mail link or the citizen page).
        var decoded = MotCuaApp.Tool("zbarimg", $"--raw -q \"{png}\"").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([new Uri(app.BaseAddress, $"/tra-cuu?ma={code}").ToString()], decoded);
        var text = MotCuaApp.Tool("pdftotext", $"-layout \"{pdf}\" -");
        Assert.Contains(code, text);
        Assert.Contains("Nguyễn Văn An", text.Normalize(System.Text.NormalizationForm.FormC));
    }
}

public sealed class StrictLookupApp() : MotCuaApp(lookupPermitsPerMinute: 5);

public class LookupRateLimitTests(StrictLookupApp app) : IClassFixture<StrictLookupApp>
{
    [Fact]
    public async Task Enumerating_codes_is_throttled_with_a_vietnamese_429()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 8; i++)
            statuses.Add((await client.GetAsync($"/api/v1/lookup/000.10.01.H46-251117-{i:D4}")).StatusCode);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.NotFound));
        var limited = await client.GetAsync("/api/v1/lookup/000.10.01.H46-251117-0100");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Quá nhiều", await limited.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // The fixed window is a minute: the client is told to wait at most that long.
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1, 1, 60);
    }
}
