using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Ratings;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, HIGH A of the rat28 trials (docs/RATINGS.md "Who may rate"): the rating code is only on the Mẫu 01 the
/// receiving desk prints as part of a desk intake, for the applicant. Every active seeded officer, of the ward and of the
/// province, finds it in no reprint, no dossier API answer and no /ho-so page, and is refused (403, Vietnamese
/// problem+json) on both rating routes even with the right code; an API key is refused, a wrong one is 401; then the
/// applicant with the intake slip's code rates, counted once.
/// </summary>
public class RatingCallerTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Procedure = "1.001193";

    private static async Task<string> DeskIntakeAsync(HttpClient officer, string idNumber) =>
        await (await DeskIntakeForm.ReadAsync(officer, Procedure)).Applicant("Lê Văn Hòa", idNumber, "0914222444", "7 Lê Lợi, phường Thuận Hóa").Direct()
            .Tick(0, originals: 1).EForm(Requests.BirthRegistrationForm).ReceiveIncomplete()
            .ReceiveAsync();

    private static async Task<string?> PdfTextAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var path = Path.Combine(Path.GetTempPath(), $"mau01-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        try { return MotCuaApp.Tool("pdftotext", $"-layout {path} -"); }
        finally { File.Delete(path); }
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode expected, string detail)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        // The page /danh-gia answers a browser with the Vietnamese error page, the API with problem+json (Problems.IsApi).
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
            Assert.Contains(detail, System.Net.WebUtility.HtmlDecode(text), StringComparison.Ordinal);
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(detail, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
        }
    }

    private async Task<List<string>> ActiveOfficersAsync()
    {
        _ = await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT user_name FROM users WHERE deactivated_at IS NULL ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        List<string> names = [];
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    [Fact]
    public async Task Only_the_applicant_with_the_intake_slip_rates_and_no_officer_or_system_can()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var code = await DeskIntakeAsync(desk, "046090002811");
        var token = RatingTests.TokenOf(app, await RatingTests.IdOf(app, code));
        var officers = await ActiveOfficersAsync();
        Assert.Contains("thanhtra", officers);
        Assert.Contains("congchuc.thuanhoa", officers);
        Assert.True(officers.Count >= 10, string.Join(", ", officers));

        // Every officer, the receiving one included, before and instead of the intake's print: no code anywhere they read,
        // even asking for the intake's print (it is not theirs, or not asked as the intake's).
        var readable = 0;
        foreach (var name in officers)
        {
            var officer = await app.OfficerAsync(name);
            foreach (var url in new[] { $"/api/v1/dossiers/{code}/receipt.pdf", $"/api/v1/dossiers/{code}/receipt.pdf?tiep-nhan=1" })
            {
                if (name == "tiepnhan.thuanhoa" && url.EndsWith("=1", StringComparison.Ordinal)) continue;
                if (await PdfTextAsync(officer, url) is not { } text) continue;
                readable++;
                Assert.DoesNotContain("Mã đánh giá", text);
                Assert.DoesNotContain(token, text);
            }
            foreach (var url in new[] { $"/api/v1/dossiers/{code}", $"/ho-so/{code}", $"/api/v1/dossiers/{code}/events" })
                Assert.DoesNotContain(token, await (await officer.GetAsync(url)).Content.ReadAsStringAsync());
        }
        Assert.True(readable >= 3, $"chỉ {readable} bản in đọc được");

        // The intake's own print, by the officer who received it, from the page the intake led to: the code, once.
        var page = await desk.GetStringAsync($"/ho-so/{code}?moi=1");
        Assert.Contains($"/api/v1/dossiers/{code}/receipt.pdf?tiep-nhan=1", page);
        Assert.DoesNotContain(token, page);
        var slip = await PdfTextAsync(desk, $"/api/v1/dossiers/{code}/receipt.pdf?tiep-nhan=1");
        Assert.Contains("Mã đánh giá", slip);
        Assert.Contains(token, slip);
        var reprint = await PdfTextAsync(desk, $"/api/v1/dossiers/{code}/receipt.pdf?tiep-nhan=1");
        Assert.DoesNotContain("Mã đánh giá", reprint);

        // The dossier is returned; every officer, and every system, with the right code is refused on both routes.
        async Task Act(HttpClient client, string action, object body)
        {
            var r = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        await Act(desk, "transfer", new { });
        await Act(await app.OfficerAsync("congchuc.thuanhoa"), "complete-step", new { note = "Hồ sơ hợp lệ" });
        await Act(await app.OfficerAsync("lanhdao.thuanhoa"), "approve", new { note = "Đồng ý" });
        await Act(desk, "result-ready", new { });
        await Act(desk, "return", new { method = "desk", receivedBy = "Lê Văn Hòa" });
        var ratingsBefore = await app.ScalarAsync("SELECT count(*) FROM ratings");
        var rateUrl = $"/danh-gia?ma={Uri.EscapeDataString(code)}&t={token}";
        var form = new Dictionary<string, string> { ["tong"] = "satisfied" };
        for (var i = 1; i <= 8; i++) form["tc" + i] = "2";
        foreach (var name in officers)
        {
            var officer = await app.OfficerAsync(name);
            await AssertRefusedAsync(await officer.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, token)), HttpStatusCode.Forbidden, RatingCaller.OfficerText);
            await AssertRefusedAsync(await officer.GetAsync(rateUrl), HttpStatusCode.Forbidden, RatingCaller.OfficerText);
            await AssertRefusedAsync(await officer.PostAsync(rateUrl, new FormUrlEncodedContent(form)), HttpStatusCode.Forbidden, RatingCaller.OfficerText);
        }
        var system = app.ApiClient();
        await AssertRefusedAsync(await system.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, token)), HttpStatusCode.Forbidden, RatingCaller.SystemText);
        await AssertRefusedAsync(await system.GetAsync(rateUrl), HttpStatusCode.Forbidden, RatingCaller.SystemText);
        var wrongKey = app.ApiClient("khong-phai-khoa");
        await AssertRefusedAsync(await wrongKey.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, token)), HttpStatusCode.Unauthorized, RatingCaller.InvalidKeyText);
        await AssertRefusedAsync(await wrongKey.PostAsync(rateUrl, new FormUrlEncodedContent(form)), HttpStatusCode.Unauthorized, RatingCaller.InvalidKeyText);
        Assert.Equal(ratingsBefore, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM rating_receipts WHERE dossier_id = {await RatingTests.IdOf(app, code)}"));

        // The applicant, with the code read off the intake slip: rated, once.
        var rated = await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, token, channel: "qr"));
        Assert.True(rated.StatusCode == HttpStatusCode.Created, await rated.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, token))).StatusCode);
        Assert.Equal(ratingsBefore + 1, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM rating_receipts WHERE dossier_id = {await RatingTests.IdOf(app, code)}"));
    }

    [Fact]
    public async Task A_dossier_a_system_sent_has_no_code_on_any_print()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 10, 0, 0, VietnamTime.Offset);
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(channel: "direct", idNumber: "046090002812"));
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        // An API intake offers no intake print: asked as one, it still has no code.
        Assert.DoesNotContain("Mã đánh giá", await PdfTextAsync(desk, $"/api/v1/dossiers/{code}/receipt.pdf?tiep-nhan=1"));
        Assert.DoesNotContain("Mã đánh giá", await PdfTextAsync(app.ApiClient(), $"/api/v1/dossiers/{code}/receipt.pdf"));
    }
}
