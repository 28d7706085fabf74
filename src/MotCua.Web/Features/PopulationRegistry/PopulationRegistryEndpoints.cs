using System.Globalization;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.PopulationRegistry;

/// <summary>
/// <c>POST /api/v1/citizens/lookup</c> (docs/POPULATION.md, docs/API.md): a receiving officer looks a citizen up in the
/// national population database by CCCD, with a purpose. 200 <c>{idNumber, fullName, dateOfBirth (dd/MM/yyyy), sex,
/// permanentResidence, verified: true, verificationToken}</c>; 404 <c>…/citizen-not-found</c>; 503
/// <c>…/population-registry-unavailable</c> with <c>Retry-After</c> when the database is down, slow or not configured;
/// 422 naming <c>idNumber</c> or <c>purpose</c>; 403 for any other role. Every lookup asked writes an audit row.
/// </summary>
public static class PopulationRegistryEndpoints
{
    /// <summary>Seconds the client is told to wait before asking again when the database gave no answer [choice].</summary>
    public const int RetryAfterSeconds = 30;

    public static void MapPopulationRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/citizens/lookup", async (CitizenLookupRequest body, CitizenLookups lookups, HttpContext http, CancellationToken ct) =>
            {
                if (!CitizenLookups.MayLookUp(http.User))
                    return Problems.Forbidden("Chỉ cán bộ tiếp nhận mới được tra cứu CSDL quốc gia về dân cư.");
                var result = await lookups.LookupAsync(body, http.User, http, ct);
                if (result.Errors is { } errors) return Problems.Validation(errors);
                switch (result.Answer)
                {
                    case CitizenLookupAnswer.Found found:
                        return Results.Ok(CitizenLookups.Fields(found.Citizen, result.VerificationToken));
                    case CitizenLookupAnswer.NotFound:
                        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy",
                            detail: $"Số định danh {body.IdNumber!.Trim()} không tồn tại trong CSDL dân cư.", type: "https://motcua.vn/problems/citizen-not-found");
                    case CitizenLookupAnswer.Unavailable down:
                        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Dịch vụ tạm thời không sẵn sàng",
                            detail: CitizenLookupAnswer.Message(down.Failure), type: "https://motcua.vn/problems/population-registry-unavailable");
                    default:
                        throw new InvalidOperationException("Câu trả lời tra cứu không xác định.");
                }
            })
            .RequireAuthorization(Policies.Api)
            .WithTags("CSDL dân cư")
            .WithSummary("Tra cứu công dân trong CSDL quốc gia về dân cư theo số CCCD, với mục đích tra cứu (cán bộ tiếp nhận; ghi nhật ký)");
    }
}
