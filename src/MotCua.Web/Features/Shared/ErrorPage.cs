using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc;

namespace MotCua.Web.Features.Shared;

/// <summary>
/// The error page of every page (any path outside the API): a light standalone HTML page in Vietnamese with the status
/// kept, what happened, when to come back (a 429's Retry-After), a trace id for a 5xx, and a link home. Standalone on
/// purpose: it is written when the layout itself may be what failed (an exception, the database gone) and before
/// authentication ran (a rate-limited lookup, an oversized request), so it needs no services, session or view engine.
/// </summary>
public static class ErrorPage
{
    // Vietnamese letters as UTF-8, as the app's pages send them (Program.cs), not as &#x...; entities.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>Writes the page for <paramref name="problem"/> (its title, detail and status must be set) with the
    /// response's status code; the answer is never cached, since the same address may succeed a moment later.</summary>
    public static Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        var status = problem.Status ?? http.Response.StatusCode;
        var html = Html;
        var retry = http.Response.Headers.RetryAfter.ToString() is { Length: > 0 } seconds
            ? $"<p id=\"retry-after\">Có thể thử lại sau khoảng {html.Encode(seconds)} giây.</p>" : "";
        var trace = status >= 500 && problem.Extensions.TryGetValue("traceId", out var id)
            ? $" · Mã tra cứu lỗi: <span class=\"code\">{html.Encode(id?.ToString() ?? Activity.Current?.Id ?? http.TraceIdentifier)}</span>" : "";
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="vi">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>{html.Encode(problem.Title ?? "")} · MotCua</title>
              <link rel="stylesheet" href="/css/site.css" />
            </head>
            <body>
              <header class="topbar"><a class="brand" href="/">MotCua <span>Hệ thống giải quyết thủ tục hành chính</span></a></header>
              <main>
                <section class="card" role="alert" id="error" data-status="{status.ToString(CultureInfo.InvariantCulture)}">
                  <h1>{html.Encode(problem.Title ?? "")}</h1>
                  <p id="error-detail">{html.Encode(problem.Detail ?? "")}</p>
                  {retry}
                  <p class="muted">Mã lỗi {status.ToString(CultureInfo.InvariantCulture)}{trace}</p>
                  <p><a class="button primary" href="/" id="home">Về trang chủ</a> <a class="button" href="/tra-cuu">Tra cứu hồ sơ</a></p>
                </section>
              </main>
              <footer>MotCua · phần mềm nguồn mở (AGPL-3.0)</footer>
            </body>
            </html>
            """);
    }
}
