using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 4: a cookie-authenticated write carries the antiforgery token or is refused before anything runs. The
/// forged requests are the issue's own: no content type, <c>Origin: evil.example</c>, the victim's cookie and no token.
/// </summary>
public class CrossSiteRequestTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static HttpRequestMessage Forged(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Origin", "http://evil.example");
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        if (!response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
        {
            // A page (the sign-out) is refused with the Vietnamese error page, as every page error is.
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Thiếu mã chống giả mạo", body);
            return;
        }
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Thiếu mã chống giả mạo", problem.GetProperty("title").GetString());
        Assert.Contains("X-CSRF-TOKEN", problem.GetProperty("detail").GetString());
    }

    private Task<List<object?[]>> StateAsync() => app.RowsAsync("""
        SELECT (SELECT md5(string_agg(d::text, ',' ORDER BY id)) FROM dossiers d), (SELECT count(*) FROM dossier_events),
               (SELECT md5(string_agg(p::text, ',' ORDER BY agency_id, procedure_code)) FROM agency_procedures p),
               (SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u)
        """);

    [Fact]
    public async Task A_forged_transfer_and_a_forged_cutoff_change_nothing_and_the_same_calls_with_the_token_succeed()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, TimeSpan.FromHours(7));
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var (victim, _) = await SessionTests.SignInAsync(app, "tiepnhan.thuanhoa");
        var (admin, _) = await SessionTests.SignInAsync(app, "quantri");
        var before = await StateAsync();

        await AssertRefusedAsync(await victim.SendAsync(Forged(HttpMethod.Post, $"/api/v1/dossiers/{code}/transfer")));
        await AssertRefusedAsync(await admin.SendAsync(Forged(HttpMethod.Put, $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193/cutoff",
            new StringContent("""{"cutoff":"08:00"}"""))));
        // A token of another session does not do either.
        var (other, _) = await SessionTests.SignInAsync(app, "congchuc.thuanhoa");
        var foreign = Forged(HttpMethod.Post, $"/api/v1/dossiers/{code}/transfer");
        foreign.Headers.Add("X-CSRF-TOKEN", MotCuaApp.AntiforgeryToken(await other.GetStringAsync("/xac-thuc")));
        await AssertRefusedAsync(await victim.SendAsync(foreign));
        Assert.Equal(before.Select(r => string.Join("|", r)), (await StateAsync()).Select(r => string.Join("|", r)));

        // The page's own requests carry the token (htmx's hx-headers); then the same calls go through.
        var transfer = Forged(HttpMethod.Post, $"/api/v1/dossiers/{code}/transfer");
        transfer.Headers.Add("X-CSRF-TOKEN", MotCuaApp.AntiforgeryToken(await victim.GetStringAsync("/xac-thuc")));
        Assert.Equal(HttpStatusCode.OK, (await victim.SendAsync(transfer)).StatusCode);
        var cutoff = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193/cutoff")
        {
            Content = JsonContent.Create(new { cutoff = "15:00" }),
        };
        cutoff.Headers.Add("X-CSRF-TOKEN", MotCuaApp.AntiforgeryToken(await admin.GetStringAsync("/xac-thuc")));
        var saved = await admin.SendAsync(cutoff);
        Assert.True(saved.IsSuccessStatusCode, $"{(int)saved.StatusCode}: {await saved.Content.ReadAsStringAsync()}");
        output.WriteLine("Giả mạo: chuyển hồ sơ 400, giờ chốt 400, mã của phiên khác 400, dữ liệu không đổi; kèm mã: 200.");
    }

    [Fact]
    public async Task Signing_out_needs_the_token_and_systems_with_an_api_key_need_none()
    {
        var (browser, _) = await SessionTests.SignInAsync(app, "lanhdao.thuanhoa");
        await AssertRefusedAsync(await browser.SendAsync(Forged(HttpMethod.Post, "/dang-xuat")));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/worklists/mine")).StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/dang-xuat\"", await browser.GetStringAsync("/xac-thuc"));

        // An API key is no ambient authority: a system writes without a token.
        var created = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        output.WriteLine($"Đăng xuất không kèm mã: 400, phiên còn hiệu lực; khóa API không cần mã: {(int)created.StatusCode}.");
    }
}
