using System.Net;
using System.Text;
using MotCua.Domain.Text;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// The one check of text that arrives outside a JSON body (issue 12, item 3): every query-string value, route value and
/// urlencoded form field must be valid UTF-8 and follow <see cref="TypedText"/> (query and form values may hold tabs and line
/// breaks, route values not; at most <see cref="TypedText.MaxLength"/> characters). A value that does not is answered 422 before any
/// handler runs, so it never reaches a statement: the API with problem+json naming the field, a page with a Vietnamese
/// message naming it. JSON bodies are checked as they are read (<see cref="Features.JsonOptions.TextConverter"/>).
/// </summary>
public sealed class InputGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        // A code or name in the path that is only white space names nothing: not found, before a handler binds it as
        // null (every route value here is an identifier: a code, a user name, a number).
        if (http.Request.RouteValues.Values.Any(v => v is string { Length: > 0 } text && string.IsNullOrWhiteSpace(text)))
        {
            await Problems.Write(http, StatusCodes.Status404NotFound, "Không tìm thấy", "Đường dẫn không chỉ đến hồ sơ, thủ tục, đơn vị hay tài khoản nào.");
            return;
        }
        // A page handler reads a form; a body of another type (JSON, text) is not what the page sent, and the handler
        // would run on no fields at all (issue 12, item 8: the fuzz's JSON body reset a year's calendar). 415.
        var notAForm = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null
            && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.Request.ContentType is not null && !http.Request.HasFormContentType;
        var refused = notAForm ? ("Content-Type", "Trang này chỉ nhận biểu mẫu (application/x-www-form-urlencoded hoặc multipart/form-data).")
            : Query(http.Request.QueryString.Value) ?? Route(http.Request.RouteValues) ?? await FormAsync(http.Request);
        if (refused is not { } problem)
        {
            await next(http);
            return;
        }
        var (field, message) = problem;
        if (Problems.IsApi(http.Request))
        {
            await Problems.Field(field, message).ExecuteAsync(http);
            return;
        }
        // A page gets the one Vietnamese error page, naming the field.
        await Problems.Write(http, notAForm ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status422UnprocessableEntity,
            "Dữ liệu không hợp lệ", $"Trường \"{field}\": {message}");
    }

    // Read from the raw query string: ASP.NET's own decoding puts U+FFFD in place of bytes that are not UTF-8.
    private static (string, string)? Query(string? query)
    {
        if (string.IsNullOrEmpty(query)) return null;
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var (rawKey, rawValue) = equals < 0 ? (pair, "") : (pair[..equals], pair[(equals + 1)..]);
            var key = Decode(rawKey);
            var field = key is not null && TypedText.IsClean(key, multiLine: false) ? key : "query";
            if (key is null || field == "query") return (field, key is null ? "Chuỗi không phải UTF-8 hợp lệ." : TypedText.ControlMessage);
            var value = Decode(rawValue);
            if (value is null) return (field, "Chuỗi không phải UTF-8 hợp lệ.");
            // A tab or line break pasted into a search box is white space to the search, not a hidden character.
            if (TypedText.Problem(value, multiLine: true) is { } problem) return (field, problem);
        }
        return null;
    }

    private static (string, string)? Route(RouteValueDictionary values)
    {
        foreach (var (name, value) in values)
            if (value is string text && TypedText.Problem(text, multiLine: false) is { } problem) return (name, problem);
        return null;
    }

    private static async Task<(string, string)?> FormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return null;
        // The form reader leaves a percent-escape that is not UTF-8 ("%C3%28", "%FF") as literal text, so the raw body is
        // checked first, as the query string is, and read again by the form reader afterwards.
        request.EnableBuffering();
        var raw = new MemoryStream();
        await request.Body.CopyToAsync(raw, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        if (!System.Text.Unicode.Utf8.IsValid(raw.GetBuffer().AsSpan(0, (int)raw.Length))) return ("form", "Chuỗi không phải UTF-8 hợp lệ.");
        foreach (var pair in Encoding.UTF8.GetString(raw.GetBuffer(), 0, (int)raw.Length).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            if (key is null || (equals >= 0 && Decode(pair[(equals + 1)..]) is null)) return (key ?? "form", "Chuỗi không phải UTF-8 hợp lệ.");
        }
        IFormCollection form;
        try { form = await request.ReadFormAsync(request.HttpContext.RequestAborted); }
        catch (InvalidDataException) { return ("form", "Biểu mẫu gửi lên quá lớn hoặc sai định dạng."); }
        foreach (var (name, values) in form)
        {
            if (!TypedText.IsClean(name, multiLine: false)) return ("form", TypedText.ControlMessage);
            foreach (var value in values)
            {
                // The form reader has already put U+FFFD where the bytes were not UTF-8; no one types that character.
                if (value?.Contains('\uFFFD', StringComparison.Ordinal) == true) return (name, "Chuỗi không phải UTF-8 hợp lệ.");
                if (TypedText.Problem(value, multiLine: true) is { } problem) return (name, problem);
            }
        }
        return null;
    }

    // Percent-decoding ('+' as a space) to bytes, then strict UTF-8: null when the bytes are not UTF-8.
    private static string? Decode(string raw)
    {
        var encoded = Encoding.UTF8.GetBytes(raw.Replace('+', ' '));
        var bytes = WebUtility.UrlDecodeToBytes(encoded, 0, encoded.Length);
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }
}
