using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>HEAD on an API GET answers as the GET does (status, headers, length), without a body (RFC 9110 §9.3.2).</summary>
public class HeadRequestTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private async Task<RawHttp.Answer> SendAsync(string method, string target) => await RawHttp.SendAsync(app.BaseAddress,
        $"{method} {target} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n");

    [Fact]
    public async Task Head_on_api_gets_answers_like_get_without_a_body()
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095007301"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        foreach (var target in new[] { "/api/v1/procedures/1.001193", $"/api/v1/lookup/{code}", "/api/v1/procedures?q=khai%20sinh", "/api/v1/lookup/000.10.01.H46-251117-9999" })
        {
            var get = await SendAsync("GET", target);
            var head = await SendAsync("HEAD", target);
            Assert.Equal(get.Status, head.Status);
            Assert.Equal(get.ContentType, head.ContentType);
            Assert.Equal("", head.Body);
            Assert.NotEqual("", get.Body);
            if (get.Headers.TryGetValue("content-length", out var length)) Assert.Equal(length, head.Headers["content-length"]);
            output.WriteLine($"HEAD {target}: {head.Status} {head.ContentType}, GET {get.Body.Length} ký tự, HEAD 0");
        }
        // A POST-only address still refuses HEAD, as it refuses GET: 405 with the methods it takes.
        var post = await SendAsync("HEAD", "/api/v1/dossiers");
        Assert.Equal(405, post.Status);
        Assert.Contains("POST", post.Headers["allow"]);
    }
}
