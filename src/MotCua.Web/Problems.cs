using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MotCua.Web.Features;

namespace MotCua.Web;

/// <summary>
/// RFC 9457 problem responses with Vietnamese text; validation problems name each field. Every problem is written by
/// <see cref="IProblemDetailsService"/>, and <see cref="Customize"/> (the one <c>AddProblemDetails</c> customisation)
/// gives each the same shape: type, Vietnamese title, status, detail, instance (the request path) and traceId.
/// </summary>
public static partial class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors) => Results.ValidationProblem(
        errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: TitleOf(StatusCodes.Status422UnprocessableEntity),
        detail: "Một hoặc nhiều trường không hợp lệ; xem 'errors'.");

    public static IResult Field(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, detail);

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, title: TitleOf(status), detail: detail);

    /// <summary>
    /// Writes a problem outside an endpoint (authentication challenges, the rate limiter) through the same service; a
    /// browser on a page (the rate-limited lookup pages) that accepts no JSON gets the title and detail as plain text.
    /// </summary>
    public static async Task Write(HttpContext http, int status, string title, string detail, string? type = null)
    {
        http.Response.StatusCode = status;
        var written = await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = type },
        });
        if (!written)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"{title}. {detail}");
        }
    }

    /// <summary>The one customisation of every problem: fills what the writer left out, in Vietnamese.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ??= http.Response.StatusCode;
        // Framework problems (status-code pages, the exception handler, Results.Problem without a title) carry the
        // English reason phrase or nothing; ours always carry a Vietnamese title.
        if (problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(status)) problem.Title = TitleOf(status);
        problem.Detail ??= DetailOf(http, status);
        problem.Type ??= "about:blank";
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
        StatusCodes.Status415UnsupportedMediaType => "Kiểu nội dung không được hỗ trợ",
        StatusCodes.Status422UnprocessableEntity => "Dữ liệu không hợp lệ",
        StatusCodes.Status429TooManyRequests => "Quá nhiều yêu cầu",
        StatusCodes.Status503ServiceUnavailable => "Chưa sẵn sàng",
        >= 500 => "Lỗi hệ thống",
        _ => "Yêu cầu không thực hiện được",
    };

    private static string DetailOf(HttpContext http, int status) => status switch
    {
        StatusCodes.Status404NotFound => $"Không có địa chỉ {http.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"Địa chỉ {http.Request.Path} không nhận phương thức {http.Request.Method}.",
        >= 500 => "Hệ thống gặp lỗi khi xử lý yêu cầu; không có thay đổi nào được lưu một phần. Vui lòng thử lại sau hoặc báo quản trị viên, kèm mã traceId.",
        _ => TitleOf(status) + ".",
    };

    /// <summary>
    /// Writes every problem of the API (paths under /api) as problem+json whatever the client's Accept header says, so
    /// that a client never gets an HTML page or an empty body; pages keep the default negotiation.
    /// </summary>
    public sealed class ApiWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/api");

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            options.Value.CustomizeProblemDetails?.Invoke(context);
            var problem = context.ProblemDetails;
            return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()),
                contentType: "application/problem+json"));
        }
    }

    /// <summary>
    /// A body or parameter the framework could not bind (the endpoints that take their request as a parameter): a 422
    /// naming the field, as <see cref="JsonBody"/> answers for the endpoints that read their body themselves.
    /// </summary>
    public sealed partial class BindingFailures(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad || !http.Request.Path.StartsWithSegments("/api") || http.Response.HasStarted) return false;
            (int status, string field, string message) = bad switch
            {
                { InnerException: JsonException json } => (StatusCodes.Status422UnprocessableEntity, JsonOptions.FieldOf(json.Path), JsonOptions.MessageOf(json)),
                { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (bad.StatusCode, "body", "Nội dung yêu cầu phải là JSON (Content-Type: application/json)."),
                { StatusCode: StatusCodes.Status413PayloadTooLarge } => (bad.StatusCode, "body", "Nội dung yêu cầu quá lớn."),
                // "Required parameter "AgencyRequest request" was not provided from body.", "Failed to bind parameter "int? page" from "x"."
                _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => (StatusCodes.Status422UnprocessableEntity, "body", "Thiếu nội dung yêu cầu (JSON)."),
                _ => (StatusCodes.Status422UnprocessableEntity, ParameterOf(bad.Message) ?? "body", "Thiếu giá trị hoặc giá trị sai kiểu dữ liệu."),
            };
            http.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
                {
                    Status = status, Title = TitleOf(status), Detail = "Một hoặc nhiều trường không hợp lệ; xem 'errors'.",
                },
            });
        }

        private static string? ParameterOf(string message) => ParameterName().Match(message) is { Success: true } m ? m.Groups["name"].Value : null;

        [GeneratedRegex(@"parameter ""(?:[^""]* )?(?<name>\w+)""")]
        private static partial Regex ParameterName();
    }
}
