namespace MotCua.Web;

/// <summary>RFC 9457 problem responses with Vietnamese text; validation problems name each field.</summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors) => Results.ValidationProblem(
        errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Dữ liệu không hợp lệ",
        detail: "Một hoặc nhiều trường không hợp lệ; xem 'errors'.");

    public static IResult Field(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy", detail: detail);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Xung đột", detail: detail);

    public static Task Write(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { type = "about:blank", title, status, detail }, options: null, contentType: "application/problem+json");
    }
}
