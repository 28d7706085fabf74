using Microsoft.AspNetCore.Antiforgery;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// Cross-site request forgery (issue 12, item 4): a write (POST, PUT, PATCH, DELETE) to <c>/api/…</c> or to the sign-out
/// that a sign-in cookie authenticates must carry the antiforgery token in the <c>X-CSRF-TOKEN</c> header (htmx sends it
/// from the layout's <c>hx-headers</c>) or, for a form, in <c>__RequestVerificationToken</c>; otherwise it is refused with
/// 400 problem+json before anything runs. SameSite=Lax alone lets a top-level cross-site form POST through on older
/// browsers and same-site subdomains. Clients with an API key carry no ambient authority and need no token; Razor Pages
/// check their own tokens.
/// </summary>
public static class CrossSiteRequests
{
    /// <summary>
    /// Endpoint metadata: the endpoint itself refuses every caller a sign-in cookie authenticates, before it reads or writes
    /// anything (the applicant's rating, <c>POST /api/v1/ratings</c>, refuses an officer with 403 in Vietnamese). A forged
    /// request there can do nothing, so the token check is skipped and the officer reads why, not a token error.
    /// </summary>
    public sealed class RefusesSignedInCallers
    {
        public static readonly RefusesSignedInCallers Instance = new();
        private RefusesSignedInCallers() { }
    }

    /// <summary>Adds the check; place it after authentication, before the endpoints run.</summary>
    public static IApplicationBuilder UseCrossSiteRequestCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (NeedsToken(http) && !await ValidAsync(http))
        {
            await Problems.Write(http, StatusCodes.Status400BadRequest, "Thiếu mã chống giả mạo",
                "Yêu cầu ghi dữ liệu bằng phiên đăng nhập phải kèm mã chống giả mạo hợp lệ trong tiêu đề X-CSRF-TOKEN. Hãy tải lại trang rồi thử lại.",
                type: "https://motcua.vn/problems/csrf");
            return;
        }
        await next(http);
    });

    private static bool NeedsToken(HttpContext http)
    {
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)) return false;
        var path = http.Request.Path;
        return (path.StartsWithSegments("/api") || path.Equals("/dang-xuat", StringComparison.OrdinalIgnoreCase)) && Sessions.FromCookie(http.User)
            && http.GetEndpoint()?.Metadata.GetMetadata<RefusesSignedInCallers>() is null;
    }

    private static async Task<bool> ValidAsync(HttpContext http)
    {
        try
        {
            return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // A form body that cannot be read holds no valid token either.
            return false;
        }
    }
}
