using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// A document that cannot be signed (<see cref="SigningKeyUnavailableException"/>: no valid certificate for the signer,
/// or keys sealed with another deployment key) is a 409 with the exception's Vietnamese message, problem+json for the
/// API and plain text otherwise, never a 500: nothing unsigned leaves, and the answer says what the administrator must do.
/// </summary>
public sealed class SigningFailures(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not SigningKeyUnavailableException failure || http.Response.HasStarted) return false;
        http.Response.StatusCode = StatusCodes.Status409Conflict;
        if (await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http, Exception = exception,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Không ký số được văn bản", Detail = failure.Message },
            }))
            return true;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync("Không ký số được văn bản. " + failure.Message, ct);
        return true;
    }
}
