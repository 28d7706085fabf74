using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Data;

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
    /// dossier and item are the route's. Refusals: the store's (413, 415, 422, 503,
    /// keyed <c>files[i]</c>); no file or more than <paramref name="maxFiles"/> (422 keyed <c>files</c>). Every refused file
    /// goes to <paramref name="refused"/> first (the route may audit it).
    /// </summary>
    public static async Task<StagedUploadResult> StageAsync(HttpContext http, FileStore store, FileStoreOptions options, MotCuaDb db, TimeProvider clock,
        int maxFiles, Func<UploadedFile, DateTimeOffset, DateTimeOffset, StagedFile> rowOf, CancellationToken ct, Func<int, string?, MotCua.Domain.Files.UploadRefusal, Task>? refused = null)
    {
        var body = await StreamedUpload.ReadAsync(http, store, refused ?? ((_, _, _) => Task.CompletedTask), ct);
        if (body.Problem is { } problem) return new([], problem);
        if (body.Files.Count == 0)
            return new([], Problems.Field("files", "Chưa có tệp nào được gửi: thêm một phần 'files' là tệp PDF, JPEG hoặc PNG."));
        if (body.Files.Count > maxFiles)
            return new([], Problems.Field("files", maxFiles == 1 ? "Gửi đúng một tệp mỗi lần (phần 'files')." : $"Mỗi lần gửi tối đa {maxFiles} tệp."));
        var now = clock.GetUtcNow();
        var staged = body.Files.Select(f => new StagedUpload(rowOf(f, now, now.AddHours(options.StagedHours)), f)).ToList();
        db.StagedFiles.AddRange(staged.Select(s => s.Row));
        await db.SaveChangesAsync(ct);
        return new(staged, null);
    }

    /// <summary>True when the caller is a browser's form (it asks for HTML): the page routes answer it with a 303.</summary>
    public static bool FromBrowser(HttpRequest request) => request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
