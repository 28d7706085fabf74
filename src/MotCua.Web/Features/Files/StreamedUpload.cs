using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MotCua.Data;
using MotCua.Domain.Files;

namespace MotCua.Web.Features.Files;

/// <summary>The request body limit of an upload route (bytes): the most a dossier may carry
/// (<see cref="UploadLimits.MaxDossierBytes"/>) plus <see cref="StreamedUpload.Slack"/> for the multipart framing and fields.</summary>
public sealed class UploadSizeLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;
}

/// <summary>One file of an upload, stored: its place among the body's files (<c>files[i]</c>), the stored content and the
/// name it is shown under.</summary>
public sealed record UploadedFile(int Index, StoredFile File, string DisplayName);

/// <summary>What <see cref="StreamedUpload.ReadAsync"/> made of a body: every file stored and the small text fields, or
/// the problem to answer (then no file of the body is to be used, although the ones before the refused one are stored:
/// a content exists once uploaded, whatever becomes of the request).</summary>
public sealed record UploadBody(IReadOnlyList<UploadedFile> Files, IReadOnlyDictionary<string, string> Fields, IResult? Problem);

/// <summary>
/// Reads a <c>multipart/form-data</c> body section by section with <see cref="MultipartReader"/> (issue 17, design §2):
/// never <c>IFormFile</c> nor <c>Request.Form</c>, which would buffer every file before a check ran. Each file section is
/// handed to <see cref="FileStore.WriteAsync"/> as it arrives (64 KB buffers, sniffed by its first bytes, stopped at its
/// kind's limit + 1 byte); text fields (at most <see cref="MaxFields"/> of <see cref="MaxFieldBytes"/> bytes each) are kept
/// for the route. The body as a whole is held to <see cref="LimitOf"/> (the dossier's byte limit + 64 KB). A refusal is
/// answered at once; a body over the limit also with <c>Connection: close</c> so that the server does not drain it either
/// (other refusals, a file over its kind's limit among them, read the rest away, within the limit, so the client reads
/// the answer). Problems name the field: <c>files[i]</c> for a file (413, 415, 422, 503 with <c>Retry-After</c>),
/// <c>files</c> for the body's size or file count, <c>body</c> for a body that is not multipart.
/// </summary>
public static class StreamedUpload
{
    /// <summary>Room for the multipart framing and the text fields beyond the files' bytes (64 KB).</summary>
    public const long Slack = 64 * 1024;

    /// <summary>The most text fields a body may carry.</summary>
    public const int MaxFields = 32;

    /// <summary>The longest text field, in bytes (UTF-8).</summary>
    public const int MaxFieldBytes = 1024;

    /// <summary>The body limit of an upload route for <paramref name="limits"/>, in bytes.</summary>
    public static long LimitOf(UploadLimits limits) => limits.MaxDossierBytes + Slack;

    /// <summary>The problem type of an upload refusal (<see cref="UploadRefusal.Code"/>).</summary>
    public static string TypeOf(string code) => "https://motcua.vn/problems/" + code;

    /// <summary>
    /// Reads the body of <paramref name="http"/>, storing each file in <paramref name="store"/>. At most
    /// <see cref="UploadLimits.MaxFilesPerDossier"/> files. <paramref name="refused"/> is told of every file the store
    /// refused (index, the sender's name, why) before the problem is answered, so that the route may audit it.
    /// </summary>
    public static async Task<UploadBody> ReadAsync(HttpContext http, FileStore store, Func<int, string?, UploadRefusal, Task> refused, CancellationToken ct)
    {
        var body = await ReadBodyAsync(http, store, refused, ct);
        // A refusal other than 413 leaves the rest of the body unread: reading it here (within the limit Kestrel enforces)
        // lets the client finish sending and read the answer, where Kestrel's own drain sometimes gave it a broken pipe
        // (FuzzTests' 600 KB bodies that are not multipart).
        if (body.Problem is not null && http.Response.Headers.Connection != "close")
        {
            try { await http.Request.Body.CopyToAsync(Stream.Null, ct); }
            catch (Exception e) when (e is IOException or BadHttpRequestException) { }
        }
        return body;
    }

    private static async Task<UploadBody> ReadBodyAsync(HttpContext http, FileStore store, Func<int, string?, UploadRefusal, Task> refused, CancellationToken ct)
    {
        var limit = LimitOf(store.Limits);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<UploadedFile>();
        UploadBody Refuse(int status, string field, string message, string? type = null, bool overLimit = true)
        {
            // A body over the route's limit: the rest is not worth reading to keep the connection. Any other refusal keeps
            // it, so the client, still sending, reads its answer instead of a broken pipe (FuzzTests' non-multipart bodies);
            // so does one file over its kind's limit in a body within the route's (trial 30 LOW 6: a 12 MB page upload
            // ended on a bare 413 where the page shows the size message).
            if (status == StatusCodes.Status413PayloadTooLarge && overLimit) http.Response.Headers.Connection = "close";
            if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "60";
            return new(files, fields, Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, statusCode: status,
                title: Problems.TitleOf(status), detail: message, type: type));
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 and <= 70 } boundary)
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "body", "Tệp phải được gửi dưới dạng multipart/form-data (trường files).");
        if (http.Request.ContentLength > limit)
            return Refuse(StatusCodes.Status413PayloadTooLarge, "files", TooLarge(store.Limits));

        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    return Refuse(StatusCodes.Status400BadRequest, "body", "Mỗi phần của nội dung gửi lên phải có Content-Disposition: form-data.");
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    var index = files.Count;
                    if (index >= store.Limits.MaxFilesPerDossier)
                        return Refuse(StatusCodes.Status422UnprocessableEntity, "files", $"Mỗi lần gửi tối đa {store.Limits.MaxFilesPerDossier} tệp.", TypeOf("dossier-too-many-files"));
                    var given = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    var outcome = await store.WriteAsync(section.Body, given, ct);
                    if (outcome.Refusal is { } refusal)
                    {
                        await refused(index, given, refusal);
                        return Refuse((int)refusal.Kind, $"files[{index}]", refusal.Message, TypeOf(refusal.Code), overLimit: false);
                    }
                    files.Add(new UploadedFile(index, outcome.File!, outcome.DisplayName!));
                }
                else
                {
                    if (fields.Count >= MaxFields) return Refuse(StatusCodes.Status422UnprocessableEntity, "body", $"Nội dung gửi lên có quá {MaxFields} trường.");
                    var value = await FieldAsync(section.Body, ct);
                    if (value is null) return Refuse(StatusCodes.Status422UnprocessableEntity, name, $"Trường {name} dài quá {MaxFieldBytes} byte.");
                    fields[name] = value;
                }
            }
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "files", TooLarge(store.Limits));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // A body cut short or whose framing is broken: nothing of it is usable.
            return Refuse(StatusCodes.Status400BadRequest, "body", "Nội dung gửi lên không trọn vẹn hoặc sai định dạng multipart/form-data.");
        }
        return new(files, fields, null);
    }

    private static string TooLarge(UploadLimits limits) =>
        $"Tổng dung lượng các tệp gửi một lần không được vượt quá {limits.MaxDossierBytes / (1024 * 1024)} MB.";

    // A text field, read up to one byte over its limit: null when longer.
    private static async Task<string?> FieldAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), ct)) > 0) filled += read;
        return filled > MaxFieldBytes ? null : Encoding.UTF8.GetString(buffer, 0, filled);
    }
}
