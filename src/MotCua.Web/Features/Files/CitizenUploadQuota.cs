using System.Globalization;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Files;

/// <summary>
/// The citizens' upload rate limit (issue 17, design §11; docs/CITIZENS.md): at most <c>Motcua:Files:CitizenFilesPerHour</c>
/// files (default 30) staged by one signed-in citizen in any 60 minutes, whatever the route (the draft and supplement pages,
/// the citizens' JSON API). Files are counted, not requests: the JSON API takes several files in one body. The window
/// slides: each accepted file frees its place one hour after it was taken, read on the app's <see cref="TimeProvider"/>.
/// [choice] Held in the process's memory by <see cref="SlidingWindowQuota{TKey}"/> (citizens idle for an hour are swept), as
/// ASP.NET's rate limiters are: a restart forgets it, which only gives a citizen a fresh hour; the limit guards the
/// store's disk and the scanner, not a legal rule.
/// </summary>
public sealed class CitizenUploadQuota(FileStoreOptions options, TimeProvider clock)
{
    /// <summary>The window the limit counts over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The problem type of a refusal (429).</summary>
    public const string ProblemType = "https://motcua.vn/problems/rate-limit";

    private readonly SlidingWindowQuota<long> hour = new(Window, clock);

    /// <summary>The files per hour allowed to one citizen.</summary>
    public int PerHour => options.CitizenFilesPerHour;

    /// <summary>The limit that applies to an upload whose dossier may take <paramref name="floor"/> files: the hour's
    /// <see cref="PerHour"/>, raised to the floor (<see cref="MotCua.Domain.Files.UploadLimits.FilesAllowed"/>).</summary>
    public int LimitFor(int floor) => Math.Max(PerHour, floor);

    /// <summary>The citizens held now: only those who uploaded within the hour (the others are swept).</summary>
    public int Citizens => hour.Keys;

    /// <summary>
    /// Takes <paramref name="files"/> places for <paramref name="citizenId"/> now, all or none: null when taken, else how
    /// long until enough places are free again (at least one second). <paramref name="files"/> 0 asks whether one more
    /// file would be accepted without taking anything: the routes ask it before reading a body, so a citizen over the limit
    /// sends nothing to the store. <paramref name="floor"/> raises the limit for an upload to a dossier that may take more
    /// files (<see cref="LimitFor"/>): one dossier's files always fit in an hour (OnlineOfferTests found adopted procedures
    /// with 30 lines and more to hand over online).
    /// </summary>
    public TimeSpan? TryTake(long citizenId, int files, int floor = 0) =>
        hour.TryTake(citizenId, files, LimitFor(floor)) is { Taken: null, RetryAfter: var wait } ? wait : null;

    /// <summary>The 429 answer: problem+json naming <c>files</c> with the Vietnamese message, and <c>Retry-After</c> in seconds;
    /// <paramref name="floor"/> as given to <see cref="TryTake"/>.</summary>
    public IResult Refusal(HttpContext http, TimeSpan wait, int floor = 0)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [Message(wait, floor)] },
            statusCode: StatusCodes.Status429TooManyRequests, type: ProblemType, title: "Tải lên quá nhiều tệp");
    }

    /// <summary>What the citizen is told, in words: the limit (at least <paramref name="floor"/>) and when to try again (minutes, rounded up).</summary>
    public string Message(TimeSpan wait, int floor = 0) =>
        $"Mỗi tài khoản được tải lên tối đa {LimitFor(floor)} tệp trong một giờ. Ông/bà vui lòng thử lại sau khoảng {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} phút.";
}
