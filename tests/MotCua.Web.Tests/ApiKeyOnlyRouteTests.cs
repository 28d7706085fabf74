using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>Trial 30 LOW 4: a route for integrated systems only (<c>POST /api/v1/dossiers</c>, policy api-client) called
/// with an officer's cookie answered 401 "Cần khóa API … hoặc đăng nhập" though the officer was signed in; it is 403 in
/// Vietnamese saying the route is for systems with an API key, and nothing is written. Anonymous is still 401.</summary>
public class ApiKeyOnlyRouteTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task An_officers_cookie_on_a_systems_only_route_is_403_saying_the_route_needs_an_api_key()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var token = MotCuaApp.AntiforgeryToken(await officer.GetStringAsync("/tiep-nhan"));
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers") { Content = JsonContent.Create(Requests.Dossier(idNumber: "046190030004")) };
        request.Headers.Add("X-CSRF-TOKEN", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await officer.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("dành cho hệ thống tích hợp (khóa API)", detail);
        Assert.DoesNotContain("đăng nhập.", detail);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        var anonymous = await app.SessionClient().PostAsJsonAsync("/api/v1/dossiers", Requests.Dossier(idNumber: "046190030005"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
