using MotCua.Domain.Calendar;
using System.Security.Cryptography;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Intake;

public static class IntakeEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The longest Idempotency-Key accepted, in characters (a UUID is 36).</summary>
    public const int MaxIdempotencyKey = 200;

    public static void MapIntakeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/dossiers", SubmitAsync)
            .RequireAuthorization(Policies.ApiClient)
            .Accepts<IntakeRequest>("application/json")
            .Produces<DossierReceipt>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithTags("Dossiers")
            .WithSummary("Nộp hồ sơ từ hệ thống khác (trực tiếp, trực tuyến, bưu chính)")
            .WithDescription("Cần tiêu đề X-Api-Key và Idempotency-Key; gửi lại cùng Idempotency-Key trả về kết quả lần đầu.");
    }

    /// <summary>
    /// The one rule of an intake's Idempotency-Key (the integrated systems' <c>POST /api/v1/dossiers</c>, the citizens'
    /// <c>POST /cong-dan/api/dossiers</c> and their online form): 1 to <see cref="MaxIdempotencyKey"/> characters once trimmed,
    /// no control character. Returns the key (null when <paramref name="raw"/> is empty and the route does not require one)
    /// or a 422 problem naming <c>Idempotency-Key</c>. Intake keeps it per sender (API client, officer or citizen) with the
    /// request's SHA-256: the same key again answers the first dossier, with another body 422 (<see cref="DossierIntake.ReceiveAsync"/>).
    /// </summary>
    public static (string? Key, IResult? Problem) KeyOf(string? raw, bool required)
    {
        raw ??= "";
        var key = raw.Trim();
        if (key.Length == 0 && !required) return (null, null);
        if (key.Length is 0 or > MaxIdempotencyKey)
            return (null, Problems.Field(IdempotencyHeader, $"Cần tiêu đề Idempotency-Key (1–{MaxIdempotencyKey} ký tự), duy nhất cho mỗi hồ sơ gửi lên."));
        // The key is stored and compared as sent: a control character (a tab, an escape) would make two keys that print
        // alike differ, and nothing a client generates needs one.
        if (raw.Any(char.IsControl))
            return (null, Problems.Field(IdempotencyHeader, "Tiêu đề Idempotency-Key không được chứa ký tự điều khiển (tab, xuống dòng, mã 0–31, 127–159)."));
        return (key, null);
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, DossierIntake intake, CancellationToken ct)
    {
        var (key, invalid) = KeyOf(http.Request.Headers[IdempotencyHeader].ToString(), required: true);
        if (invalid is not null) return invalid;

        var (request, body, problem) = await JsonBody.ReadAsync<IntakeRequest>(http.Request, ct);
        if (problem is not null) return problem;

        var hash = Convert.ToHexStringLower(SHA256.HashData(body.Span));
        var outcome = await intake.ReceiveAsync(request!, Claims.ActorOf(http.User), idempotencyKey: key!, requestHash: hash, ct: ct);
        if (outcome.Errors is not null) return Problems.Validation(outcome.Errors);
        var receipt = DossierReceipt.Of(outcome.Dossier!, http.Request);
        if (outcome.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return Results.Created(receipt.Links.Self, receipt);
    }
}

public sealed record DossierLinks(string Self, string Receipt, string Lookup);

/// <summary>What the API answers after intake.</summary>
public sealed record DossierReceipt(string Code, int Status, string StatusName, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, DossierLinks Links)
{
    public static DossierReceipt Of(Dossier d, HttpRequest request) => new(
        d.Code, (int)d.Status, d.Status.Vietnamese(), Vn(d.ReceivedAt), Vn(d.DueAt),
        new DossierLinks($"/api/v1/dossiers/{d.Code}", $"/api/v1/dossiers/{d.Code}/receipt.pdf", LookupUrl.For(request, d.Code)));

    private static DateTimeOffset? Vn(DateTimeOffset? instant) => instant?.ToOffset(VietnamTime.Offset);
}
