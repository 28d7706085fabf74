using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>The app with three lookups a minute, and an address under /kiem-thu and /api/kiem-thu that throws, so that a
/// 429 and a 500 can be provoked.</summary>
public sealed class ErrorShapeApp : MotCuaApp
{
    public ErrorShapeApp() : base(lookupPermitsPerMinute: 3) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, Failing>());
    }

    // After the whole pipeline, so inside the app's exception handler: reached only by an address no endpoint has.
    private sealed class Failing : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((http, then) => http.Request.Path.Value!.EndsWith("/kiem-thu/loi", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Lỗi kiểm thử") : then(http));
        };
    }
}

/// <summary>
/// Issue 12, item 9: what every refusal looks like, over a raw socket to the real Kestrel (so that malformed request lines,
/// oversized targets and header blocks reach the server as sent). An API error is problem+json with a Vietnamese title
/// and its status; a page error is the Vietnamese error page (HTML, status kept, a link home), never JSON. What Kestrel
/// refuses while parsing, before the app runs, has an empty body (docs/SECURITY.md, section 6): asserted too, so that a
/// change in Kestrel shows up here.
/// </summary>
public class ErrorShapeTests(ErrorShapeApp app, ITestOutputHelper output) : IClassFixture<ErrorShapeApp>
{
    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private sealed record Raw(int Status, Dictionary<string, string> Headers, string Body)
    {
        public string ContentType => Headers.GetValueOrDefault("content-type", "");
    }

    // One request as bytes, the connection closed by the client's header (or by Kestrel after a refusal); the answer parsed by hand.
    private async Task<Raw> SendAsync(string head, byte[]? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (body is not null) await stream.WriteAsync(body);
        using var read = new MemoryStream();
        try { await stream.CopyToAsync(read); }
        catch (IOException) { } // Kestrel may reset a connection whose declared body it refused to read
        var text = Encoding.UTF8.GetString(read.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"Không có câu trả lời HTTP: '{text}'");
        var lines = text[..split].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var rest = text[(split + 4)..];
        return new Raw(int.Parse(lines[0].Split(' ')[1]), headers, headers.GetValueOrDefault("transfer-encoding") == "chunked" ? Unchunk(rest) : rest);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var bytes = Encoding.UTF8.GetBytes(chunked);
        var at = 0;
        while (true)
        {
            var end = Array.IndexOf(bytes, (byte)'\r', at);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, end - at), 16);
            if (size == 0) return body.ToString();
            body.Append(Encoding.UTF8.GetString(bytes, end + 2, size));
            at = end + 2 + size + 2;
        }
    }

    private string Get(string target, string accept = Browser, string extra = "") =>
        $"GET {target} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nAccept: {accept}\r\n{extra}Connection: close\r\n\r\n";

    private static void AssertProblem(Raw r, int status, string? title = null)
    {
        Assert.True(r.Status == status, $"chờ {status}, nhận {r.Status}: {r.Body}");
        Assert.StartsWith("application/problem+json", r.ContentType);
        var problem = JsonDocument.Parse(r.Body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        foreach (var member in new[] { "type", "title", "detail", "instance", "traceId" })
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty(member).GetString()), $"'{member}' trống: {r.Body}");
        Assert.Matches("[ăâđêôơưáàảãạếềểễệíìỉĩịóòỏõọúùủũụ]", problem.GetProperty("title").GetString()!.ToLowerInvariant());
        if (title is not null) Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    private static void AssertPage(Raw r, int status, string title)
    {
        Assert.True(r.Status == status, $"chờ {status}, nhận {r.Status}: {r.Body}");
        Assert.StartsWith("text/html", r.ContentType);
        Assert.Contains("<html lang=\"vi\">", r.Body);
        Assert.Contains($"<h1>{title}</h1>", r.Body);
        Assert.Contains($"data-status=\"{status}\"", r.Body);
        Assert.Contains("href=\"/\" id=\"home\"", r.Body);
        Assert.DoesNotContain("\"traceId\"", r.Body);
    }

    [Fact]
    public async Task Every_error_the_app_writes_is_problem_json_on_the_api_and_a_vietnamese_page_elsewhere()
    {
        var cases = 0;
        async Task Both(string page, string api, int status, string title, string extra = "", string method = "GET", string? contentLength = null)
        {
            foreach (var (target, isApi) in new[] { (page, false), (api, true) })
            {
                var head = contentLength is null ? Get(target, extra: extra)
                    : $"{method} {target} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nAccept: {Browser}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n";
                var r = await SendAsync(head, contentLength is null ? null : "a=1"u8.ToArray());
                if (isApi) AssertProblem(r, status, title); else AssertPage(r, status, title);
                output.WriteLine($"  {status} {(isApi ? "API " : "trang")} {target[..Math.Min(target.Length, 40)]}: {r.ContentType}, {r.Body.Length} ký tự");
                cases++;
            }
        }

        await Both("/khong-co-trang-nay", "/api/v1/khong-co", 404, "Không tìm thấy");
        await Both("/kiem-thu/loi", "/api/kiem-thu/loi", 500, "Lỗi hệ thống");
        // Below Kestrel's limits, above the app's: the app answers in shape.
        await Both("/thu-tuc?q=" + new string('a', 5000), "/api/v1/procedures?q=" + new string('a', 5000), 414, "Địa chỉ quá dài");
        await Both("/thu-tuc", "/api/v1/procedures", 431, "Phần tiêu đề yêu cầu quá lớn", extra: $"X-Padding: {new string('b', 20_000)}\r\n");
        // A declared body over Kestrel's 30 MB, to a page form and to an API endpoint that reads its body.
        await Both("/dang-nhap", "/api/v1/account/password", 413, "Nội dung quá lớn", method: "POST", contentLength: "40000000");

        var page = await SendAsync(Get("/kiem-thu/loi"));
        Assert.Contains("Mã tra cứu lỗi", page.Body);
        Assert.DoesNotContain("Lỗi kiểm thử", page.Body);
        Assert.DoesNotContain("InvalidOperationException", page.Body);
        output.WriteLine($"{cases} lỗi do ứng dụng viết: mọi lỗi API là problem+json tiếng Việt, mọi lỗi trang là trang lỗi tiếng Việt.");
    }

    [Fact]
    public async Task What_kestrel_refuses_while_parsing_has_an_empty_body()
    {
        // Kestrel answers these before any middleware runs and offers no hook for the body (aspnet/KestrelHttpServer#2947).
        var badLine = await SendAsync("KHONG HOP LE\r\n\r\n");
        var longLine = await SendAsync(Get("/thu-tuc?q=" + new string('a', 9000)));
        var bigHeaders = await SendAsync(Get("/thu-tuc", extra: $"X-Padding: {new string('b', 40_000)}\r\n"));
        foreach (var (r, status) in new[] { (badLine, 400), (longLine, 414), (bigHeaders, 431) })
        {
            Assert.True(r.Status == status, $"chờ {status}, nhận {r.Status}");
            Assert.Equal("0", r.Headers["content-length"]);
            Assert.Equal("close", r.Headers["connection"]);
            output.WriteLine($"  Kestrel {status}: thân rỗng, đóng kết nối (giới hạn của Kestrel, ngoài tầm ứng dụng)");
        }
    }

    [Fact]
    public async Task A_throttled_citizen_reads_a_vietnamese_page_and_a_client_reads_problem_json_both_with_retry_after()
    {
        Raw? page = null;
        for (var i = 0; i < 6 && page?.Status != 429; i++) page = await SendAsync(Get("/tra-cuu?ma=000.00.00.H46-251121-0001"));
        AssertPage(page!, 429, "Quá nhiều yêu cầu tra cứu");
        Assert.Contains("Vui lòng thử lại sau ít phút", page!.Body);
        Assert.Contains("id=\"retry-after\"", page.Body);
        Assert.True(int.Parse(page.Headers["retry-after"]) > 0);
        Assert.DoesNotContain("{", page.Body.Replace("{}", ""), StringComparison.Ordinal);

        var api = await SendAsync(Get("/api/v1/lookup/000.00.00.H46-251121-0001", accept: "application/json"));
        AssertProblem(api, 429, "Quá nhiều yêu cầu tra cứu");
        Assert.True(int.Parse(api.Headers["retry-after"]) > 0);
        output.WriteLine($"429: trang {page.ContentType}, API {api.ContentType}, Retry-After {api.Headers["retry-after"]} giây");
    }
}
