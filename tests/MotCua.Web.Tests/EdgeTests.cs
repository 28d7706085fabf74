using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>An instance with extra settings (trusted proxies, HTTPS) and a lookup limit of its own.</summary>
public abstract class EdgeApp(int lookupPermitsPerMinute, params (string Key, string Value)[] settings) : MotCuaApp(lookupPermitsPerMinute)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>A client that sees the answers as sent: no decompression, no redirects followed, no cookies kept.</summary>
    public HttpClient RawClient() => new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = BaseAddress,
    };
}

/// <summary>Behind a proxy on this machine: the loopback is the trusted proxy.</summary>
public sealed class BehindProxyApp() : EdgeApp(3, ("Motcua:TrustedProxies", "127.0.0.1, 10.20.0.0/16"));

/// <summary>Reached directly: the only trusted proxy is elsewhere, so the loopback client's forwarded headers are not believed.</summary>
public sealed class DirectApp() : EdgeApp(3, ("Motcua:TrustedProxies", "10.9.9.9"));

/// <summary>HTTPS required, behind the loopback proxy that terminates TLS.</summary>
public sealed class HttpsOnlyApp() : EdgeApp(100_000, ("Motcua:TrustedProxies", "127.0.0.1"), ("Motcua:RequireHttps", "true"), ("Motcua:HstsMaxAgeDays", "180"));

/// <summary>Issue 12, item 10: the lookup limit keys on the client behind a trusted proxy and on no header otherwise.</summary>
public class ForwardedHeadersTests(BehindProxyApp behind, DirectApp direct, ITestOutputHelper output)
    : IClassFixture<BehindProxyApp>, IClassFixture<DirectApp>
{
    private static async Task<List<HttpStatusCode>> LookupsAsync(HttpClient client, string forwardedFor, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/lookup/000.10.01.H46-251117-{i:D4}");
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        return statuses;
    }

    [Fact]
    public async Task Two_citizens_behind_a_trusted_proxy_have_a_limit_each()
    {
        var proxy = behind.RawClient();
        var first = await LookupsAsync(proxy, "203.0.113.7", 4);
        var second = await LookupsAsync(proxy, "203.0.113.8", 4);
        output.WriteLine($"trusted proxy, limit 3/min: 203.0.113.7 → {string.Join(",", first.Select(s => (int)s))}; 203.0.113.8 → {string.Join(",", second.Select(s => (int)s))}");
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], second);
    }

    [Fact]
    public async Task A_client_that_is_not_a_trusted_proxy_cannot_choose_its_address()
    {
        var client = direct.RawClient();
        var first = await LookupsAsync(client, "198.51.100.1", 3);
        var spoofed = await LookupsAsync(client, "198.51.100.2", 1);
        output.WriteLine($"untrusted sender, limit 3/min: three lookups as 198.51.100.1 → {string.Join(",", first.Select(s => (int)s))}; then as 198.51.100.2 → {(int)spoofed[0]}");
        Assert.All(first, s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed[0]);
    }

    [Fact]
    public async Task Cookies_are_secure_when_the_proxy_says_https_and_not_otherwise()
    {
        var client = behind.RawClient();
        using var plain = await client.GetAsync("/dang-nhap");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dang-nhap");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var tls = await client.SendAsync(request);
        Assert.DoesNotContain(plain.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.All(tls.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_trusted_proxy_that_is_not_an_address_stops_the_app()
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Motcua:TrustedProxies"] = "10.0.0.1, proxy.local" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => { MotCua.Web.Infrastructure.Edge.TrustedProxies(settings); });
        Assert.Contains("proxy.local", error.Message);
    }
}

/// <summary>Issue 12, item 10: with Motcua:RequireHttps, http is redirected, HSTS is sent and cookies are always Secure.</summary>
public class RequireHttpsTests(HttpsOnlyApp app) : IClassFixture<HttpsOnlyApp>
{
    [Fact]
    public async Task Http_is_redirected_and_https_carries_hsts_and_secure_cookies()
    {
        var client = app.RawClient();
        using var plain = await client.GetAsync("/tra-cuu");
        Assert.True(plain.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Redirect, plain.StatusCode.ToString());
        Assert.Equal("https", plain.Headers.Location!.Scheme);

        // HSTS is never sent to localhost; the province's name is what the proxy forwards.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dang-nhap");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Host = "motcua.hue.gov.vn";
        using var tls = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, tls.StatusCode);
        Assert.Equal("max-age=15552000", string.Join(",", tls.Headers.GetValues("Strict-Transport-Security")));
        Assert.All(tls.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// Issue 12, items 10 and 11 on a plain instance: the security headers on every kind of answer, compression, cached
/// static files, htmx only where used, and every main page's cold first load within 60 KB as transferred.
/// </summary>
public class EdgeTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const int Budget = 60 * 1024;

    private HttpClient Raw(HttpClient? session = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("Accept-Encoding", "br, gzip");
        return client;
    }

    [Theory]
    [InlineData("/")]                                       // a page
    [InlineData("/tra-cuu")]                                // the citizen lookup
    [InlineData("/api/v1/lookup/000.10.01.H46-251117-0001")] // the API, a 404 problem
    [InlineData("/api/v1/procedures?q=khai%20sinh")] // the API, an answer
    [InlineData("/css/site.css")]                           // a static file
    [InlineData("/khong-co-trang-nay")]                     // an error page
    [InlineData("/quan-tri/lich")]                          // a redirect to sign in
    public async Task Every_answer_carries_the_security_headers_and_no_server_header(string path)
    {
        using var response = await Raw().GetAsync(path);
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        output.WriteLine($"{path} → {(int)response.StatusCode}; CSP: {csp}");
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"), "Server header sent");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain http");
    }

    [Fact]
    public async Task Answers_to_a_signed_in_officer_or_citizen_are_not_stored_and_static_files_keep_their_caching()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var (citizenId, _) = await CitizenSchemeTests.CitizenRowAsync(app, MotCua.Domain.Identity.CitizenAssurance.VneId, "Trần Thị Bộ Nhớ Đệm");
        var (citizen, _) = await CitizenSchemeTests.SignedInAsync(app, citizenId);
        foreach (var (client, path) in new[] { (officer, "/xu-ly"), (officer, "/api/v1/procedures?q=khai%20sinh"), (citizen, "/cong-dan"), (citizen, "/cong-dan/api/dossiers") })
        {
            using var response = await client.GetAsync(path);
            output.WriteLine($"{path} → {(int)response.StatusCode}; Cache-Control: {response.Headers.CacheControl}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: {response.Headers.CacheControl}");
        }
        // A static file keeps its own caching for a signed-in browser.
        using var css = await officer.GetAsync("/css/site.css");
        Assert.False(css.Headers.CacheControl?.NoStore ?? false, css.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Pages_json_and_static_files_are_compressed(string encoding)
    {
        foreach (var path in new[] { "/thu-tuc", "/api/v1/procedures?q=khai%20sinh", "/lib/htmx.min.js", "/css/site.css" })
        {
            using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = app.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Accept-Encoding", encoding);
            using var response = await client.SendAsync(request);
            var sent = await response.Content.ReadAsByteArrayAsync();
            var plain = await client.GetByteArrayAsync(path);
            output.WriteLine($"{path} {encoding}: {sent.Length} bytes sent for {plain.Length}");
            Assert.Equal(encoding, string.Join(",", response.Content.Headers.ContentEncoding));
            var decompressed = Decompress(sent, encoding);
            // A page differs from one answer to the next by its antiforgery token; the rest must be the same bytes.
            if (path == "/thu-tuc") Assert.EndsWith("</html>", Encoding.UTF8.GetString(decompressed).TrimEnd());
            else Assert.Equal(plain, decompressed);
            Assert.True(sent.Length * 2 < plain.Length, $"{path}: {sent.Length} of {plain.Length}");
        }
    }

    [Fact]
    public async Task Static_files_linked_by_their_hash_are_cached_for_a_year()
    {
        var page = await app.SessionClient().GetStringAsync("/thu-tuc");
        var linked = Regex.Matches(page, "(?:href|src)=\"(/(?:css|lib|js)/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Contains(linked, l => l.StartsWith("/lib/htmx.min.js?v=", StringComparison.Ordinal));
        foreach (var url in linked)
        {
            Assert.Contains("?v=", url);
            using var response = await Raw().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("immutable, max-age=31536000, public", string.Join(", ", response.Headers.CacheControl!.ToString().Split(", ").Order()));
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/tra-cuu")]
    [InlineData("/dang-nhap")]
    [InlineData("/xac-thuc")]
    [InlineData("/cong-dan/dang-nhap")]    // issue 17, piece A: the citizens' sign-in pages
    [InlineData("/cong-dan/dang-nhap/ma")]
    [InlineData("/cong-dan/dang-nhap/vneid")]
    [InlineData("/xep-hang/000.00.01.H46")] // issue 17, piece E: the remote ticket page
    public async Task Pages_that_do_not_use_htmx_do_not_load_it(string path)
    {
        var page = await app.SessionClient().GetStringAsync(path);
        Assert.DoesNotContain("htmx", page);
        Assert.DoesNotContain("<script", page);
    }

    [Fact]
    public async Task The_call_screen_loads_its_own_script_only()
    {
        // The voice (speech synthesis) and the in-place refresh need a script of the app's; nothing else, no htmx.
        var page = await app.SessionClient().GetStringAsync("/man-hinh-goi/000.00.01.H46");
        Assert.DoesNotContain("htmx", page);
        var scripts = System.Text.RegularExpressions.Regex.Matches(page, "<script[^>]*>").Select(m => m.Value).ToList();
        var script = Assert.Single(scripts);
        Assert.Contains("src=\"/js/call-screen.js", script);
    }

    [Fact]
    public async Task Every_main_page_loads_cold_within_60_KB()
    {
        var api = app.ApiClient();
        // Full lists are the heavy case: more dossiers than a page of the list or of a worklist holds.
        for (var i = 0; i < 30; i++)
            Assert.Equal(HttpStatusCode.Created, (await api.SubmitAsync(Requests.Dossier())).StatusCode);
        var code = await Text("SELECT code FROM dossiers ORDER BY id DESC LIMIT 1");
        var pages = new List<(string Who, string Path)>
        {
            ("", "/"), ("", "/thu-tuc"), ("", "/thu-tuc/1.001193"), ("", "/tra-cuu"), ("", $"/tra-cuu?ma={code}"), ("", "/dang-nhap"), ("", "/cong-dan/dang-nhap"),
            ("tiepnhan.thuanhoa", "/tiep-nhan?thutuc=1.001193"), ("tiepnhan.thuanhoa", "/ho-so"), ("tiepnhan.thuanhoa", $"/ho-so/{code}"),
            ("tiepnhan.thuanhoa", "/xu-ly"), ("lanhdao.thuanhoa", "/xu-ly"), ("quantri", "/quan-tri/lich"), ("quantri", "/quan-tri/nguoi-dung"),
        };
        var sessions = new Dictionary<string, HttpClient>();
        foreach (var (who, path) in pages)
        {
            var session = who == "" ? null : sessions.TryGetValue(who, out var s) ? s : sessions[who] = await app.OfficerAsync(who);
            var (bytes, files) = await ColdLoadAsync(path, session);
            output.WriteLine($"{(who == "" ? "anonymous" : who),-20} {path,-40} {files} files {bytes,7} bytes = {bytes / (double)Budget,6:P1} of 60 KB");
            Assert.True(bytes <= Budget, $"{path}: {bytes} bytes");
        }
    }

    private async Task<string> Text(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    // The page and each file it links, asked with br/gzip as a browser with an empty cache asks: headers and bodies as sent.
    private async Task<(long Bytes, int Files)> ColdLoadAsync(string path, HttpClient? session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Encoding", "br, gzip");
        using var response = await (session ?? Raw()).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        var html = Encoding.UTF8.GetString(Decompress(body, string.Join(",", response.Content.Headers.ContentEncoding)));
        var total = HeaderBytes(response) + body.LongLength;
        var links = Regex.Matches(html, "<(?:link|script|img)\\b[^>]*\\b(?:href|src)=\"(/[^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        foreach (var link in links)
        {
            using var file = await Raw().GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            total += HeaderBytes(file) + (await file.Content.ReadAsByteArrayAsync()).LongLength;
        }
        return (total, links.Count);
    }

    private static long HeaderBytes(HttpResponseMessage response) =>
        $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n".Length + 2 +
        response.Headers.Concat(response.Content.Headers).Sum(h => h.Value.Sum(v => Encoding.UTF8.GetByteCount($"{h.Key}: {v}\r\n")));

    private static byte[] Decompress(byte[] body, string encoding)
    {
        if (encoding is not ("br" or "gzip")) return body;
        using var input = new MemoryStream(body);
        using Stream stream = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
