using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// Who may send a rating (issue 17, HIGH A of the rat28 trials, docs/RATINGS.md "Who may rate"): the applicant, with no
/// account or signed in as a citizen. A request carrying an officer's sign-in cookie or a valid <c>X-Api-Key</c> is 403
/// (staff and integrated systems are the rated, never the raters: their ratings counted per officer and in the Decision 766
/// figure); an <c>X-Api-Key</c> that does not authenticate is 401, never read as anonymous. Both rating routes
/// (<c>POST /api/v1/ratings</c> and every request to <c>/danh-gia</c>) answer the refusal in Vietnamese: problem+json to a client, the error page to a browser (<see cref="Problems.IsApi"/>).
/// </summary>
public static class RatingCaller
{
    public const string OfficerText = "Cán bộ, công chức không đánh giá hồ sơ: phiếu đánh giá dành cho người nộp hồ sơ. Đăng xuất tài khoản cán bộ nếu ông/bà đang đánh giá hồ sơ của chính mình với tư cách người nộp.";
    public const string SystemText = "Hệ thống tích hợp (khóa API) không gửi được phiếu đánh giá: phiếu đánh giá dành cho người nộp hồ sơ.";
    public const string InvalidKeyText = "Khóa API trong tiêu đề X-Api-Key không hợp lệ. Phiếu đánh giá của người nộp không cần khóa API.";

    /// <summary>The refusal of the request's caller as (HTTP status 401 or 403, Vietnamese detail), or null for the
    /// applicant (anonymous or a citizen).</summary>
    public static async Task<(int Status, string Detail)?> RefusalAsync(HttpContext http)
    {
        // The key scheme is not the default one, so a key is authenticated here: a rating route is anonymous and would
        // otherwise read a wrong key as no key at all.
        if (http.Request.Headers.ContainsKey(ApiKeyHandler.Header))
            return (await http.AuthenticateAsync(ApiKeyHandler.SchemeName)).Succeeded
                ? (StatusCodes.Status403Forbidden, SystemText)
                : (StatusCodes.Status401Unauthorized, InvalidKeyText);
        return Claims.OfficerOf(http.User) is not null ? (StatusCodes.Status403Forbidden, OfficerText) : null;
    }

    /// <summary>The refusal as an endpoint's answer, or null.</summary>
    public static async Task<IResult?> ProblemAsync(HttpContext http) =>
        await RefusalAsync(http) is { } refused
            ? Results.Problem(statusCode: refused.Status, title: Problems.TitleOf(refused.Status), detail: refused.Detail)
            : null;
}

/// <summary>Refuses an officer or an integrated system on a rating page (<see cref="RatingCaller"/>) before anything else
/// runs, the antiforgery check included, so a post answers 403 rather than a token error.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RatingCallerFilterAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before the antiforgery filter (order 1000).</summary>
    public int Order => int.MinValue;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        if (await RatingCaller.RefusalAsync(context.HttpContext) is not { } refused) return;
        await Problems.Write(context.HttpContext, refused.Status, Problems.TitleOf(refused.Status), refused.Detail);
        context.Result = new EmptyResult();
    }
}
