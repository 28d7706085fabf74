using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using MotCua.Data;
using MotCua.Domain.Files;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Files;

/// <summary>A staged upload as the staging route answers it: the id to name in <c>documents[i].stagedFiles</c>, the cleaned
/// name, the media type, the size in bytes, the pages of a PDF (null for an image) and when it stops being usable (Vietnam time).</summary>
public sealed record StagedFileView(long Id, string Name, string Type, long Size, int? Pages, DateTimeOffset ExpiresAt);

/// <summary>What <c>POST /api/v1/files/staged</c> answers: the staged uploads in the order their files were sent.</summary>
public sealed record StagedFilesView(IReadOnlyList<StagedFileView> Files);

/// <summary>
/// The file routes of issue 17, piece 0 (docs/FILES.md): uploads staged before their dossier exists, streamed into the
/// store (<see cref="StreamedUpload"/>), and the files of a dossier served to whoever may read the dossier
/// (<see cref="DossierFileAccess"/>), 404 to anyone else.
/// </summary>
public static class FileEndpoints
{
    /// <summary>The purposes a staging request may name (field <c>purpose</c>).</summary>
    public static readonly IReadOnlyDictionary<string, FilePurpose> Purposes = new Dictionary<string, FilePurpose>(StringComparer.Ordinal)
    {
        ["submission"] = FilePurpose.Submitted, ["desk-scan"] = FilePurpose.DeskScan,
    };

    /// <summary>The audit action of a file the store refused (infected, active content, wrong kind, too large).</summary>
    public const string RefusedAction = "file.refused";

    public static void MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<FileStore>().Limits;
        app.MapPost("/api/v1/files/staged", StageAsync)
            .RequireAuthorization(Policies.Api)
            // No Accepts metadata: routing's content-type matcher would answer another body 415 without naming the field,
            // before the role check; the handler reads and judges the body itself (StreamedUpload).
            .WithMetadata(new UploadSizeLimit(StreamedUpload.LimitOf(limits)))
            .Produces<StagedFilesView>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesValidationProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Files")
            .WithSummary("Tải tệp lên trước khi nộp hồ sơ (PDF, JPEG, PNG)")
            .WithDescription("multipart/form-data: một hoặc nhiều phần 'files' (tối đa 20 tệp, tổng 50 MB; PDF ≤ 10 MB, ảnh ≤ 5 MB) và trường "
                + "'purpose' = 'submission' (mặc định cho hệ thống) hoặc 'desk-scan' (mặc định cho cán bộ một cửa). Mã tệp trả về dùng trong "
                + "documents[i].stagedFiles khi nộp hồ sơ, trong 24 giờ, một lần. Lỗi nêu tên trường files[i].");

        app.MapGet("/api/v1/dossiers/{code}/files/{id:long}", (string code, long id, HttpContext http, MotCuaDb db, FileStore store, PersonalDataReads reads, CancellationToken ct) =>
                ServeAsync(code, id, http, db, store, reads, ct))
            .RequireAuthorization(Policies.Api)
            .WithMetadata(new PersonalDataAttribute(PersonalFields.Documents))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .Produces(StatusCodes.Status206PartialContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Files")
            .WithSummary("Tải một tệp của hồ sơ (hỗ trợ Range)");

        app.MapGet("/tep/{dossierFileId:long}", (long dossierFileId, HttpContext http, MotCuaDb db, FileStore store, PersonalDataReads reads, CancellationToken ct) =>
                ServeAsync(null, dossierFileId, http, db, store, reads, ct))
            .RequireAuthorization()
            .WithMetadata(new PersonalDataAttribute(PersonalFields.Documents))
            .ExcludeFromDescription();
    }

    /// <summary>
    /// Stages the files of a multipart body for the caller (a receiving officer at the desk, 403 for other roles, or an
    /// integrated system by its API key): each
    /// stored by <see cref="FileStore.WriteAsync"/> and recorded as a <c>staged_files</c> row the caller owns for
    /// <c>Motcua:Files:StagedHours</c>. All rows or none: a refused file refuses the request (its problem names
    /// <c>files[i]</c>) and leaves no row, and each refused file is written to the audit log as <see cref="RefusedAction"/>.
    /// </summary>
    private static async Task<IResult> StageAsync(HttpContext http, FileStore store, FileStoreOptions options, MotCuaDb db, NpgsqlDataSource data,
        TimeProvider clock, CancellationToken ct)
    {
        var userId = Claims.UserIdOf(http.User);
        var clientId = Claims.ClientIdOf(http.User);
        if (userId is null && clientId is null) return Problems.Forbidden("Chỉ cán bộ một cửa hoặc hệ thống đã đăng ký mới được tải tệp lên.");
        // An officer stages what they receive at the desk: the receiving officer's rule (Nghị định 61/2018/NĐ-CP, Điều 19).
        if (clientId is null && Claims.OfficerOf(http.User) is { } officer
            && MotCua.Domain.Dossiers.Dossier.CheckIntake(officer, officer.AgencyId ?? 0) is { } notAtDesk)
            return Problems.Forbidden(notAtDesk.Message);
        var body = await StreamedUpload.ReadAsync(http, store, (index, given, refusal) => AuditRefusalAsync(http, data, clock, index, given, refusal, ct), ct);
        if (body.Problem is { } problem) return problem;

        var purposeName = body.Fields.GetValueOrDefault("purpose")?.Trim() is { Length: > 0 } named ? named : clientId is null ? "desk-scan" : "submission";
        if (!Purposes.TryGetValue(purposeName, out var purpose))
            return Problems.Field("purpose", "Mục đích tải tệp phải là 'submission' (tệp nộp kèm hồ sơ) hoặc 'desk-scan' (bản quét tại bộ phận một cửa).");
        if (purpose == FilePurpose.DeskScan && clientId is not null)
            return Problems.Field("purpose", "Chỉ cán bộ một cửa mới tải lên bản quét tại quầy ('desk-scan'); hệ thống dùng 'submission'.");
        if (body.Files.Count == 0)
            return Problems.Field("files", "Chưa có tệp nào được gửi: thêm ít nhất một phần 'files' là tệp PDF, JPEG hoặc PNG.");

        var now = clock.GetUtcNow();
        var rows = body.Files.Select(f => new StagedFile
        {
            Sha256 = f.File.Sha256, DisplayName = f.DisplayName, Purpose = purpose, OwnerUserId = clientId is null ? userId : null, OwnerClientId = clientId,
            CreatedAt = now, ExpiresAt = now.AddHours(options.StagedHours),
        }).ToList();
        db.StagedFiles.AddRange(rows);
        await db.SaveChangesAsync(ct);
        var view = new StagedFilesView([.. rows.Zip(body.Files, (row, f) => new StagedFileView(row.Id, row.DisplayName, f.File.MediaType, f.File.Size, f.File.Pages,
            row.ExpiresAt.ToOffset(MotCua.Domain.Calendar.VietnamTime.Offset)))]);
        // The desk's line (htmx, docs/FILES.md): the ids go back into the intake form as Documents[i].StagedFiles.
        if (http.Request.Headers.ContainsKey("HX-Request") && body.Fields.GetValueOrDefault("document") is { } line && int.TryParse(line, out var documentIndex) && documentIndex is >= 0 and < 1000)
            return Results.Content(DeskFragment(documentIndex, view), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status201Created);
        return Results.Json(view, statusCode: StatusCodes.Status201Created);
    }

    // The hidden fields and the list of names the desk form shows under a document line after its scans were staged.
    private static string DeskFragment(int documentIndex, StagedFilesView view)
    {
        var html = new StringBuilder("<ul class=\"staged-files\">");
        foreach (var f in view.Files)
            html.Append("<li><input type=\"hidden\" name=\"Documents[").Append(documentIndex).Append("].StagedFiles\" value=\"").Append(f.Id).Append("\" />")
                .Append(WebUtility.HtmlEncode(f.Name)).Append(f.Pages is { } pages ? $" ({pages} trang)" : "").Append("</li>");
        return html.Append("</ul>").ToString();
    }

    // One audit row per refused file: who sent it, why (the refusal's code and message), under which name and field.
    private static async Task AuditRefusalAsync(HttpContext http, NpgsqlDataSource data, TimeProvider clock, int index, string? given, UploadRefusal refusal, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO audit_log (at, user_id, api_client_id, action, subject, details, client_address, endpoint)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Claims.UserIdOf(http.User) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Claims.ClientIdOf(http.User) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = RefusedAction });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DisplayName.Clean(given, FileKind.Unknown) });
        command.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = JsonSerializer.Serialize(new { field = $"files[{index}]", code = refusal.Code, status = (int)refusal.Kind, reason = refusal.Message }),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)http.Connection.RemoteIpAddress?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{http.Request.Method} {http.Request.Path.Value}" });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Serves one file of a dossier, streamed from the store with range support: 404 unless the file exists, belongs to
    /// the dossier <paramref name="code"/> names (when the route names one) and the caller may read that dossier. The
    /// answer is an <c>attachment</c> under <c>Cache-Control: private, no-store</c> (and the app's <c>nosniff</c>), never inline:
    /// the app's security headers would replace a sandboxing policy of this route's own (docs/FILES.md "Limits").
    /// The read is audited as a personal-data read of the dossier. Also the citizens' own route
    /// <c>/cong-dan/ho-so/{code}/tep/{dossierFileId}</c>, where their cookie travels (issue 17).
    /// </summary>
    public static async Task<IResult> ServeAsync(string? code, long id, HttpContext http, MotCuaDb db, FileStore store, PersonalDataReads reads, CancellationToken ct)
    {
        var notFound = Problems.NotFound($"Không tìm thấy tệp số {id} hoặc bạn không có quyền xem hồ sơ chứa tệp này.");
        var file = await db.DossierFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        if (file is null) return notFound;
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events).FirstOrDefaultAsync(d => d.Id == file.DossierId, ct);
        if (dossier is null || code is not null && dossier.Code != code || !await DossierFileAccess.CanReadAsync(http.User, dossier, ct)) return notFound;
        var stored = await db.StoredFiles.AsNoTracking().FirstAsync(s => s.Sha256 == file.Sha256, ct);
        FileStream content;
        try { content = store.Open(stored.Sha256); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problems.NotFound($"Tệp số {id} của hồ sơ {dossier.Code} không có trong kho tệp (kho chưa được khôi phục từ bản sao lưu); hãy báo quản trị viên.");
        }
        reads.Read(dossier.Code);
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(content, stored.MediaType, file.DisplayName, enableRangeProcessing: true);
    }
}
