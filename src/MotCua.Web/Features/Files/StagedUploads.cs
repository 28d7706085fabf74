using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Data;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Files;

/// <summary>A file of an upload, streamed into the store and staged: the <c>staged_files</c> row written (its id is what a
/// submission or a supplement answer names) and what the store made of the content.</summary>
public sealed record StagedUpload(StagedFile Row, UploadedFile File);

/// <summary>What <see cref="StagedUploads.StageAsync"/> did: the files staged in the order they were sent, or the problem
/// to answer (then no row was written).</summary>
public sealed record StagedUploadResult(IReadOnlyList<StagedUpload> Files, IResult? Problem)
{
    /// <summary>The HTTP status of <see cref="Problem"/>, for a page's form sent back with <c>?loi=</c>; null when none.</summary>
    public int? ProblemStatus => Problem is IStatusCodeHttpResult { StatusCode: { } status } ? status : null;

    /// <summary>Why the upload was refused, in the words the API's problem gives (its <c>detail</c>: for a refused file the
    /// store's <see cref="MotCua.Domain.Files.UploadRefusal.Message"/>, such as "Tệp bị phần mềm diệt virus từ chối (…)"), for
    /// a page to say after its 303 (CIT35 LOW 7); null when none.</summary>
    public string? Reason => Problem is IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails { Detail: { Length: > 0 } detail } } ? detail : null;
}

/// <summary>
/// Stream and stage, one path for every upload route a caller owns files through (issue 17): the citizens' draft and
/// supplement uploads (<c>/cong-dan/ban-nhap/{draft}/tep</c>, <c>/cong-dan/ho-so/{code}/bo-sung/tep</c>), the citizens' JSON
/// API (<c>/cong-dan/api/…/files</c>) and the officers' attach route (<c>POST /api/v1/dossiers/{code}/files</c>). The body is
/// read by <see cref="StreamedUpload"/> (sniffed, limits, scanning hook, never buffered); then the count is checked and
/// the rows are written together, so a refused upload leaves no <c>staged_files</c> row (the contents before a refused file
/// stay in the store, content-addressed, as docs/FILES.md says).
/// </summary>
public static class StagedUploads
{
    /// <summary>
    /// Reads the multipart body of <paramref name="http"/> and stages each file as <paramref name="rowOf"/> makes its row
    /// from the stored file, the instant and the expiry (<see cref="FileStoreOptions.StagedHours"/> later): owner, purpose,
    /// dossier and item are the route's. Refusals: a signed-in citizen over <see cref="CitizenUploadQuota"/> (429 keyed
    /// <c>files</c> with <c>Retry-After</c>, before the body is read when no place is left, else before any row; the limit
    /// is at least <paramref name="quotaFloor"/>, the files the route's dossier may take); the
    /// store's (413, 415, 422, 503, keyed <c>files[i]</c>); no file or more than <paramref name="maxFiles"/> (422 keyed
    /// <c>files</c>). Every refused file, and the quota's refusal, is an audit row <see cref="FileEndpoints.RefusedAction"/>
    /// (<see cref="FileEndpoints.AuditRefusalAsync(HttpContext, NpgsqlDataSource, TimeProvider, string, string?, string, int, string, CancellationToken)"/>).
    /// </summary>
    public static async Task<StagedUploadResult> StageAsync(HttpContext http, FileStore store, FileStoreOptions options, MotCuaDb db, TimeProvider clock,
        int maxFiles, Func<UploadedFile, DateTimeOffset, DateTimeOffset, StagedFile> rowOf, CancellationToken ct, int quotaFloor = 0)
    {
        var data = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var quota = http.RequestServices.GetRequiredService<CitizenUploadQuota>();
        var citizen = Claims.CitizenOf(http.User);
        if (citizen is not null && quota.TryTake(citizen.Id, 0, quotaFloor) is { } full)
            return new([], await OverQuotaAsync(http, data, clock, quota, full, quotaFloor, ct));
        var body = await StreamedUpload.ReadAsync(http, store, (index, given, refusal) => FileEndpoints.AuditRefusalAsync(http, data, clock, index, given, refusal, ct), ct);
        if (body.Problem is { } problem) return new([], problem);
        if (body.Files.Count == 0)
            return new([], Problems.Field("files", "Chưa có tệp nào được gửi: thêm một phần 'files' là tệp PDF, JPEG hoặc PNG."));
        if (body.Files.Count > maxFiles)
            return new([], Problems.Field("files", maxFiles == 1 ? "Gửi đúng một tệp mỗi lần (phần 'files')." : $"Mỗi lần gửi tối đa {maxFiles} tệp."));
        if (citizen is not null && quota.TryTake(citizen.Id, body.Files.Count, quotaFloor) is { } wait)
            return new([], await OverQuotaAsync(http, data, clock, quota, wait, quotaFloor, ct));
        var now = clock.GetUtcNow();
        var staged = body.Files.Select(f => new StagedUpload(rowOf(f, now, now.AddHours(options.StagedHours)), f)).ToList();
        db.StagedFiles.AddRange(staged.Select(s => s.Row));
        await db.SaveChangesAsync(ct);
        return new(staged, null);
    }

    /// <summary>
    /// Audits an upload a citizens' route refused before reading its body because the draft or dossier named is not the
    /// signed-in citizen's (404, field <paramref name="field"/>: <c>ban-nhap</c>, <c>code</c>): someone trying another's
    /// dossier is as telling as a renamed executable.
    /// </summary>
    public static Task AuditNotFoundAsync(HttpContext http, string field, string reason, CancellationToken ct) =>
        FileEndpoints.AuditRefusalAsync(http, http.RequestServices.GetRequiredService<NpgsqlDataSource>(), http.RequestServices.GetRequiredService<TimeProvider>(),
            field, null, "not-found", StatusCodes.Status404NotFound, reason, ct);

    private static async Task<IResult> OverQuotaAsync(HttpContext http, NpgsqlDataSource data, TimeProvider clock, CitizenUploadQuota quota, TimeSpan wait,
        int floor, CancellationToken ct)
    {
        await FileEndpoints.AuditRefusalAsync(http, data, clock, "files", null, "rate-limit", StatusCodes.Status429TooManyRequests, quota.Message(wait, floor), ct);
        return quota.Refusal(http, wait, floor);
    }

    /// <summary>True when the caller is a browser's form (it asks for HTML): the page routes answer it with a 303.</summary>
    public static bool FromBrowser(HttpRequest request) => request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
