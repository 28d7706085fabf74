using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MotCua.Web.Features;
using MotCua.Web.Features.Shared;

namespace MotCua.Web;

/// <summary>
/// RFC 9457 problem responses with Vietnamese text; validation problems name each field. Every problem is written by
/// <see cref="IProblemDetailsService"/>, and <see cref="Customize"/> (the one <c>AddProblemDetails</c> customisation)
/// gives each the same shape: type, Vietnamese title, status, detail, instance (the request path) and traceId. A
/// machine path (<see cref="IsApi"/>) gets it as problem+json (<see cref="ApiWriter"/>), a page as the Vietnamese error
/// page (<see cref="PageWriter"/>), whatever the client accepts: a browser never sees JSON, a client never HTML.
/// </summary>
public static partial class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors) => Results.ValidationProblem(
        errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: TitleOf(StatusCodes.Status422UnprocessableEntity),
        detail: DetailOf(errors));

    public static IResult Field(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A problem about one field with another status than 422: 400 for a body that is not JSON, 413 for one too large.</summary>
    public static IResult Field(string field, string message, int status) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] }, statusCode: status, title: TitleOf(status),
        detail: message);

    /// <summary>The prefix of every problem <c>type</c>: one namespace, one type per kind (docs/API.md, "Problems").</summary>
    public const string TypeBase = "https://motcua.vn/problems/";

    /// <summary>
    /// The <c>detail</c> of a validation problem, in Vietnamese: the field's own message when one field is wrong, else the
    /// first three messages and how many more there are (a client that shows only <c>detail</c> still tells the user what
    /// to fix; <c>errors</c> keeps every message by field). A message several fields share is said once, naming them
    /// (trial 30 LOW 3: five files of another's staging repeated one sentence five times).
    /// </summary>
    public static string DetailOf(IDictionary<string, string[]> errors)
    {
        var messages = errors.SelectMany(e => e.Value.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => (Field: e.Key, Text: m.Trim())))
            .GroupBy(m => m.Text, StringComparer.Ordinal)
            .Select(g => g.Select(m => m.Field).Distinct().ToList() is { Count: > 1 } fields
                ? $"{g.Key.TrimEnd('.')} ({string.Join(", ", fields)})."
                : g.Key)
            .ToList();
        if (messages.Count == 0) return "Dữ liệu gửi lên không hợp lệ.";
        if (messages.Count == 1) return messages[0];
        var shown = string.Join(" ", messages.Take(3).Select(m => m.EndsWith('.') ? m : m + "."));
        return messages.Count > 3 ? $"{shown} Và {messages.Count - 3} lỗi khác." : shown;
    }

    /// <summary>The longest user value echoed in a message, in characters (<see cref="Echo"/>).</summary>
    public const int EchoLength = 40;

    /// <summary>
    /// A value the client sent (a code, a name, a key), as a message echoes it: cut to <see cref="EchoLength"/> characters
    /// and "…" when longer (trial 30 LOW 5: a 3,000-character code came back whole in a 404's detail).
    /// </summary>
    public static string Echo(string? value) =>
        value is null ? "" : value.Length <= EchoLength ? value : string.Concat(value.AsSpan(0, EchoLength), "…");

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, detail);

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, title: TitleOf(status), detail: detail);

    /// <summary>
    /// Writes a problem outside an endpoint (authentication challenges, the rate limiter, <see cref="RequestLimits"/>)
    /// through the same service: problem+json on a machine path, the error page on a page (a citizen whose lookups are
    /// throttled reads the Vietnamese message, not JSON).
    /// </summary>
    public static Task Write(HttpContext http, int status, string title, string detail, string? type = null)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = type },
        }).AsTask();
    }

    /// <summary>
    /// Whether a request is for a machine rather than a browser: the API (/api), the citizens' JSON API (/cong-dan/api,
    /// under the citizens' cookie path), the probes (/healthz, /readyz), the OpenAPI document, and a request that asks for
    /// JSON and not HTML (a script posting to a citizen's upload route, issue 17). Their errors are problem+json; everything
    /// else is a page.
    /// </summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/cong-dan/api")
        || request.Path.StartsWithSegments("/healthz") || request.Path.StartsWithSegments("/readyz") || request.Path.StartsWithSegments("/openapi")
        || AsksJson(request.Headers.Accept.ToString());

    // An Accept header naming JSON (application/json, application/problem+json) and not HTML: a client, not a browser.
    private static bool AsksJson(string accept) => accept.Contains("json", StringComparison.OrdinalIgnoreCase)
        && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The one customisation of every problem: fills what the writer left out, in Vietnamese.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ??= http.Response.StatusCode;
        // Framework problems (status-code pages, the exception handler, Results.Problem without a title) carry the
        // English reason phrase or nothing; ours always carry a Vietnamese title.
        if (problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(status)) problem.Title = TitleOf(status);
        problem.Detail ??= problem is HttpValidationProblemDetails { Errors.Count: > 0 } invalid ? DetailOf(invalid.Errors) : DetailOf(http, status);
        // The framework's defaults (about:blank, or the RFC 9110 section of the status) and ours used to mix in one API;
        // a problem without a kind of its own now gets ours for its status, so a client tells problems apart by one prefix.
        if (problem.Type is null or "about:blank" || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            problem.Type = TypeBase + KindOf(status);
        problem.Instance ??= http.Request.Path;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
    }

    /// <summary>The title of a status, in Vietnamese.</summary>
    public static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Yêu cầu không hợp lệ",
        StatusCodes.Status401Unauthorized => "Chưa xác thực",
        StatusCodes.Status403Forbidden => "Không có quyền",
        StatusCodes.Status404NotFound => "Không tìm thấy",
        StatusCodes.Status405MethodNotAllowed => "Phương thức không được hỗ trợ",
        StatusCodes.Status409Conflict => "Xung đột",
        StatusCodes.Status413PayloadTooLarge => "Nội dung quá lớn",
        StatusCodes.Status414UriTooLong => "Địa chỉ quá dài",
        StatusCodes.Status415UnsupportedMediaType => "Kiểu nội dung không được hỗ trợ",
        StatusCodes.Status422UnprocessableEntity => "Dữ liệu không hợp lệ",
        StatusCodes.Status429TooManyRequests => "Quá nhiều yêu cầu",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "Phần tiêu đề yêu cầu quá lớn",
        StatusCodes.Status503ServiceUnavailable => "Chưa sẵn sàng",
        >= 500 => "Lỗi hệ thống",
        _ => "Yêu cầu không thực hiện được",
    };

    /// <summary>The kind of a problem that has none of its own, by status: the last segment of its <c>type</c>.</summary>
    public static string KindOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad-request",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "too-large",
        StatusCodes.Status414UriTooLong => "uri-too-long",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status422UnprocessableEntity => "validation",
        StatusCodes.Status429TooManyRequests => "rate-limit",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "headers-too-large",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        >= 500 => "server-error",
        _ => "request-refused",
    };

    private static string DetailOf(HttpContext http, int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Máy chủ không hiểu yêu cầu này (sai cú pháp HTTP hoặc nội dung gửi không trọn vẹn).",
        StatusCodes.Status401Unauthorized => "Cần đăng nhập để xem trang này.",
        StatusCodes.Status403Forbidden => "Tài khoản không có quyền xem trang này.",
        StatusCodes.Status404NotFound => $"Không có địa chỉ {http.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"Địa chỉ {http.Request.Path} không nhận phương thức {http.Request.Method}.",
        StatusCodes.Status413PayloadTooLarge => "Nội dung gửi lên vượt quá giới hạn cho phép.",
        StatusCodes.Status414UriTooLong => $"Địa chỉ dài quá {RequestLimits.MaxTargetLength} ký tự.",
        StatusCodes.Status429TooManyRequests => "Có quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => $"Phần tiêu đề của yêu cầu (kể cả cookie) vượt quá {RequestLimits.MaxHeaderBytes / 1024} KB; hãy xoá cookie của trang này rồi thử lại.",
        >= 500 => "Hệ thống gặp lỗi khi xử lý yêu cầu; không có thay đổi nào được lưu một phần. Vui lòng thử lại sau hoặc báo quản trị viên, kèm mã traceId.",
        _ => TitleOf(status) + ".",
    };

    /// <summary>
    /// Writes every problem of a machine path (<see cref="IsApi"/>) as problem+json whatever the client's Accept header
    /// says, so that a client never gets an HTML page or an empty body.
    /// </summary>
    public sealed class ApiWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => IsApi(context.HttpContext.Request);

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            options.Value.CustomizeProblemDetails?.Invoke(context);
            var problem = context.ProblemDetails;
            return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()),
                contentType: "application/problem+json"));
        }
    }

    /// <summary>
    /// Writes every problem of a page (any path <see cref="IsApi"/> does not claim) as the Vietnamese
    /// <see cref="ErrorPage"/>, whatever the client accepts: a browser's Accept ends in */*, which the framework's default
    /// writer takes for JSON, and so a throttled citizen used to read raw JSON.
    /// </summary>
    public sealed class PageWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => !IsApi(context.HttpContext.Request);

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            options.Value.CustomizeProblemDetails?.Invoke(context);
            return new ValueTask(ErrorPage.WriteAsync(context.HttpContext, context.ProblemDetails));
        }
    }

    /// <summary>
    /// The request line and header limits of the app, below Kestrel's (8 KB request line, 32 KB of headers), so that an
    /// oversized request is answered 414 or 431 in the usual shape, and a declared body over Kestrel's limit 413. Kestrel refuses what exceeds its own limits, and a
    /// malformed request line, while parsing, before any middleware runs, with an empty body; that cannot be changed
    /// (docs/SECURITY.md, section 6).
    /// </summary>
    public sealed class RequestLimits(RequestDelegate next)
    {
        /// <summary>The longest request target (path and query, as sent), in characters.</summary>
        public const int MaxTargetLength = 4096;

        /// <summary>The most header bytes (names and values, as Kestrel counts them), in bytes.</summary>
        public const int MaxHeaderBytes = 16 * 1024;

        public Task InvokeAsync(HttpContext http)
        {
            var target = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
            if (target.Length > MaxTargetLength)
                return Write(http, StatusCodes.Status414UriTooLong, TitleOf(StatusCodes.Status414UriTooLong), DetailOf(http, StatusCodes.Status414UriTooLong));
            var headerBytes = 0L;
            foreach (var (name, values) in http.Request.Headers)
                foreach (var value in values) headerBytes += name.Length + (value?.Length ?? 0);
            if (headerBytes > MaxHeaderBytes)
                return Write(http, StatusCodes.Status431RequestHeaderFieldsTooLarge, TitleOf(StatusCodes.Status431RequestHeaderFieldsTooLarge),
                    DetailOf(http, StatusCodes.Status431RequestHeaderFieldsTooLarge));
            // A declared body over the server's limit is refused before anything reads it: read later, Kestrel's 413 would
            // reach a page through the antiforgery check, which reports every failed form read as a 400. An endpoint with
            // a limit of its own (signature checks, the catalogue upload, file uploads) answers for itself, except below.
            var length = http.Request.ContentLength;
            var ownLimit = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
            var size = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
            if (length is { } over && ownLimit is { } small && over > small && over <= DrainBytes && size is { IsReadOnly: false })
                return DrainThenRefuseAsync(http, size, over, small);
            if (length is { } declared && ownLimit is null && size?.MaxRequestBodySize is { } max && declared > max)
                return Write(http, StatusCodes.Status413PayloadTooLarge, TitleOf(StatusCodes.Status413PayloadTooLarge), DetailOf(http, StatusCodes.Status413PayloadTooLarge));
            return next(http);
        }

        /// <summary>The largest declared body read away before a 413, in bytes.</summary>
        public const long DrainBytes = 4 * 1024 * 1024;

        // A body over an endpoint's own small limit (a rating's 8 KB) used to be cut by Kestrel after the endpoint had read
        // its limit: the connection closed while the client was still sending, which the client saw as a broken pipe
        // instead of the 413 (FuzzTests, now and then, on a loaded machine). A body of at most DrainBytes is read away
        // first, so the connection stays usable and the client reads the answer; a larger one is still the endpoint's.
        private static async Task DrainThenRefuseAsync(HttpContext http, Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature size, long length, long limit)
        {
            size.MaxRequestBodySize = length;
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            if (IsApi(http.Request))
                await Field("body", $"Nội dung yêu cầu quá lớn (tối đa {Math.Max(1, limit / 1024)} KB).", StatusCodes.Status413PayloadTooLarge).ExecuteAsync(http);
            else
                await Write(http, StatusCodes.Status413PayloadTooLarge, TitleOf(StatusCodes.Status413PayloadTooLarge), DetailOf(http, StatusCodes.Status413PayloadTooLarge));
        }
    }

    /// <summary>Keeps an API request's JSON body (up to <see cref="JsonBody.MaxBytes"/>) so that <see cref="BindingFailures"/>
    /// can read it again and name every wrong field, not only the one the framework's binding stopped at.</summary>
    public static void BufferJsonBodies(HttpContext http)
    {
        if (IsApi(http.Request) && http.Request.HasJsonContentType() && http.Request.ContentLength is null or <= JsonBody.MaxBytes)
            http.Request.EnableBuffering();
    }

    /// <summary>
    /// A body or parameter the framework could not bind (the endpoints that take their request as a parameter): a 422
    /// naming the field, as <see cref="JsonBody"/> answers for the endpoints that read their body themselves. On a page
    /// the same exception (Kestrel's 413 for a body over its limit, 400 for a body cut short) keeps its status and gets
    /// the error page instead of a 500.
    /// </summary>
    public sealed partial class BindingFailures(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad || http.Response.HasStarted) return false;
            if (!IsApi(http.Request))
            {
                http.Response.StatusCode = bad.StatusCode;
                return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = { Status = bad.StatusCode } });
            }
            (int status, string field, string message) = bad switch
            {
                { InnerException: JsonException json } when JsonOptions.IsSyntax(json) => (StatusCodes.Status400BadRequest, "body", JsonOptions.MessageOf(json)),
                { InnerException: JsonException json } => (StatusCodes.Status422UnprocessableEntity, JsonOptions.FieldOf(json.Path), JsonOptions.MessageOf(json)),
                { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (bad.StatusCode, "body", "Nội dung yêu cầu phải là JSON (Content-Type: application/json)."),
                { StatusCode: StatusCodes.Status413PayloadTooLarge } => (bad.StatusCode, "body", "Nội dung yêu cầu quá lớn."),
                // "Required parameter "AgencyRequest request" was not provided from body.", "Failed to bind parameter "int? page" from "x"."
                _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => (StatusCodes.Status422UnprocessableEntity, "body", "Thiếu nội dung yêu cầu (JSON)."),
                _ => (StatusCodes.Status422UnprocessableEntity, ParameterOf(bad.Message) ?? "body", "Thiếu giá trị hoặc giá trị sai kiểu dữ liệu."),
            };
            var errors = new Dictionary<string, string[]> { [field] = [message] };
            // Every wrong field, not the first only (issue 16): the body, kept by BufferJsonBodies, read again against the
            // endpoint's request type.
            if (status == StatusCodes.Status422UnprocessableEntity && bad.InnerException is JsonException wrong
                // The exception handler clears the endpoint before it asks the handlers; its feature keeps the one that threw.
                && (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } type
                && await BodyAgainAsync(http.Request, ct) is { } body)
                errors = JsonBody.ErrorsOf(type, body, wrong);
            http.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(errors)
                {
                    Status = status, Title = TitleOf(status), Detail = DetailOf(errors),
                },
            });
        }

        // The body as sent when the request kept it (at most JsonBody.MaxBytes), else null.
        private static async Task<byte[]?> BodyAgainAsync(HttpRequest request, CancellationToken ct)
        {
            if (!request.Body.CanSeek || request.Body.Length > JsonBody.MaxBytes) return null;
            try
            {
                request.Body.Position = 0;
                using var copy = new MemoryStream();
                await request.Body.CopyToAsync(copy, ct);
                return copy.ToArray();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
            {
                return null;
            }
        }

        private static string? ParameterOf(string message) => ParameterName().Match(message) is { Success: true } m ? m.Groups["name"].Value : null;

        [GeneratedRegex(@"parameter ""(?:[^""]* )?(?<name>\w+)""")]
        private static partial Regex ParameterName();
    }
}
