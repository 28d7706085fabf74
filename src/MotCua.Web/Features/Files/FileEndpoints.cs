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

/// <summary>One file of a dossier as <c>GET /api/v1/dossiers/{code}/files</c> lists it: its id, the document line it
/// belongs to (index in the dossier's documents and name; null for a file of no line, e.g. the result), the cleaned name,
/// media type, size in bytes, pages (null for an image), whether it is a digitised copy (Thông tư 01/2023/TT-VPCP) and by
/// whom and when (Vietnam time), who added it and when, and the download address.</summary>
public sealed record DossierFileView(long Id, int? Document, string? DocumentName, string Name, string Type, long Size, int? Pages, string Purpose,
    bool Digitised, string? DigitisedBy, DateTimeOffset? DigitisedAt, string? AddedBy, DateTimeOffset AddedAt, string Url);

/// <summary>The files of a dossier, in the order they were added.</summary>
public sealed record DossierFilesView(string Code, IReadOnlyList<DossierFileView> Files);

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

        app.MapPost("/api/v1/dossiers/{code}/files", AddAsync)
            .RequireAuthorization(Policies.Api)
            // It answers the dossier's file list, as the GET below does: a read of its documents, audited.
            .WithMetadata(new PersonalDataAttribute(PersonalFields.Documents))
            .WithMetadata(new UploadSizeLimit(StreamedUpload.LimitOf(limits)))
            .Produces<DossierFilesView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesValidationProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Files")
            .WithSummary("Thêm bản quét (số hóa) vào một thành phần của hồ sơ đã tiếp nhận (PDF, JPEG, PNG)")
            .WithDescription("multipart/form-data: trường 'document' = số thứ tự (từ 0) của thành phần hồ sơ và một hoặc nhiều phần 'files'. "
                + "Cán bộ của cơ quan tiếp nhận hồ sơ, hoặc hệ thống đã nộp hồ sơ. Bản quét của cán bộ được đánh dấu số hóa và đưa vào hàng đợi OCR. "
                + "Giới hạn như khi tải tệp lên (PDF ≤ 10 MB, ảnh ≤ 5 MB, cả hồ sơ ≤ 50 MB). Lỗi nêu tên trường document, files, files[i].");

        app.MapGet("/api/v1/dossiers/{code}/files", ListAsync)
            .RequireAuthorization(Policies.Api)
            .WithMetadata(new PersonalDataAttribute(PersonalFields.Documents))
            .Produces<DossierFilesView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Files")
            .WithSummary("Các tệp của hồ sơ: thành phần, tên, số trang, đã số hóa (ai, lúc nào), người thêm và đường dẫn tải");

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
        if (body.Problem is { } problem) return http.Request.Headers.ContainsKey("HX-Request") ? DeskRefusal(problem) : problem;

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

    /// <summary>
    /// Adds the files of a multipart body to document line <c>document</c> of dossier <paramref name="code"/> after intake
    /// (digitising later, docs/FILES.md "Files of a received dossier"): 404 for a caller who may not read the dossier
    /// (<see cref="DossierFileAccess"/>), 403 for a reader who is neither an officer of the receiving agency nor the system
    /// that submitted it, 409 before the dossier is received; the body streamed by <see cref="StreamedUpload"/> (sniffed,
    /// limits, scanning hook; refused files audited as <see cref="RefusedAction"/>), then the dossier's own limits
    /// (<see cref="UploadLimits.CheckDossier"/>). An officer's file is a desk scan, digitised by them now, and its OCR is
    /// queued as the desk's are (<c>ocr_results</c>, migration 0068); a system's is a submitted file. All rows or none.
    /// </summary>
    private static async Task<IResult> AddAsync(string code, HttpContext http, MotCuaDb db, FileStore store, NpgsqlDataSource data, TimeProvider clock, CancellationToken ct)
    {
        var answer = await AddFilesAsync(code, http, db, store, data, clock, ct);
        return http.Request.Headers.ContainsKey("HX-Request") ? PageAnswer(http, answer) : answer;
    }

    // The dossier page's form (htmx, Processing/Detail.cshtml "Thêm bản quét"): a refusal as its Vietnamese message, swapped
    // into the form (data-swap-refusals), a success as a reload of the page, whose file list then shows the new scans.
    private static IResult PageAnswer(HttpContext http, IResult answer)
    {
        if (answer is IStatusCodeHttpResult { StatusCode: >= 400 }) return DeskRefusal(answer);
        http.Response.Headers["HX-Refresh"] = "true";
        return Results.Content("<p role=\"status\">Đã thêm bản quét vào hồ sơ.</p>", "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status201Created);
    }

    private static async Task<IResult> AddFilesAsync(string code, HttpContext http, MotCuaDb db, FileStore store, NpgsqlDataSource data, TimeProvider clock, CancellationToken ct)
    {
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events).FirstOrDefaultAsync(d => d.Code == code, ct);
        if (dossier is null || !await DossierFileAccess.CanReadAsync(http.User, dossier, ct))
            return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem hồ sơ này.");
        var userId = Claims.UserIdOf(http.User);
        var clientId = Claims.ClientIdOf(http.User);
        var officerOfAgency = Claims.OfficerOf(http.User) is { } officer && MotCua.Domain.Digitisation.LaterScans.OfficerMayAdd(officer, dossier.ReceivingAgencyId);
        if (!officerOfAgency && (clientId is null || clientId != dossier.ApiClientId))
            return Problems.Forbidden("Chỉ cán bộ của cơ quan tiếp nhận hồ sơ, hoặc hệ thống đã nộp hồ sơ, được thêm tệp vào hồ sơ.");
        if (dossier.ReceivedAt is null)
            return Problems.Conflict($"Hồ sơ {code} chưa được tiếp nhận: tệp nộp kèm được thêm khi tiếp nhận (POST /api/v1/files/staged).");
        var body = await StreamedUpload.ReadAsync(http, store, (index, given, refusal) => AuditRefusalAsync(http, data, clock, index, given, refusal, ct), ct);
        if (body.Problem is { } problem) return problem;
        if (!int.TryParse(body.Fields.GetValueOrDefault("document")?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line)
            || line >= dossier.Documents.Count)
            return Problems.Field("document", dossier.Documents.Count == 0
                ? $"Hồ sơ {code} không có thành phần nào để gắn tệp."
                : $"Chọn thành phần hồ sơ: số thứ tự từ 0 đến {dossier.Documents.Count - 1} ({string.Join("; ", dossier.Documents.Select((d, i) => $"{i}: {d.Name}"))}).");
        if (body.Files.Count == 0)
            return Problems.Field("files", "Chưa có tệp nào được gửi: thêm ít nhất một phần 'files' là tệp PDF, JPEG hoặc PNG.");
        var existing = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == dossier.Id)
            .Join(db.StoredFiles, f => f.Sha256, s => s.Sha256, (f, s) => s.Size).ToListAsync(ct);
        if (store.Limits.CheckDossier(existing.Count, existing.Sum(), body.Files.Count, body.Files.Sum(f => f.File.Size), dossier.Documents.Count) is { } tooMuch)
            return Problems.Field("files", tooMuch.Message, (int)tooMuch.Kind);

        var now = clock.GetUtcNow();
        var scan = clientId is null;
        var rows = body.Files.Select(f => new DossierFile
        {
            DossierId = dossier.Id, DocumentIndex = line, DocumentName = dossier.Documents[line].Name, Purpose = scan ? FilePurpose.DeskScan : FilePurpose.Submitted,
            Sha256 = f.File.Sha256, DisplayName = f.DisplayName, Pages = f.File.Pages, AddedAt = now,
            AddedByUserId = scan ? userId : null, AddedByClientId = scan ? null : clientId,
            Digitised = scan, DigitisedByUserId = scan ? userId : null, DigitisedAt = scan ? now : null,
            OwnerIdNumber = string.IsNullOrEmpty(dossier.Applicant.IdNumber) ? null : dossier.Applicant.IdNumber,
        }).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.DossierFiles.AddRange(rows);
        await db.SaveChangesAsync(ct);
        // The desk's scans are OCR'd in the background (OcrWorker), once per content, as a scan staged at the desk is.
        if (scan)
            await db.Database.ExecuteSqlAsync($"INSERT INTO ocr_results (sha256) SELECT unnest({rows.Select(r => r.Sha256).Distinct().ToArray()}) ON CONFLICT (sha256) DO NOTHING", ct);
        await tx.CommitAsync(ct);
        return Results.Json(await ViewAsync(db, dossier.Code, dossier.Id, rows.Select(r => r.Id).ToHashSet(), ct), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The files of dossier <paramref name="code"/> (<see cref="DossierFilesView"/>); 404 for a caller who may not
    /// read it. A personal-data read, audited as the files themselves are.</summary>
    private static async Task<IResult> ListAsync(string code, HttpContext http, MotCuaDb db, PersonalDataReads reads, CancellationToken ct)
    {
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events).FirstOrDefaultAsync(d => d.Code == code, ct);
        if (dossier is null || !await DossierFileAccess.CanReadAsync(http.User, dossier, ct))
            return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem hồ sơ này.");
        reads.Read(dossier.Code);
        return Results.Ok(await ViewAsync(db, dossier.Code, dossier.Id, null, ct));
    }

    // The dossier's files (only those of `only` when given), with the names of who added and digitised them.
    private static async Task<DossierFilesView> ViewAsync(MotCuaDb db, string code, long dossierId, HashSet<long>? only, CancellationToken ct)
    {
        var files = await (from f in db.DossierFiles.AsNoTracking()
                           join s in db.StoredFiles on f.Sha256 equals s.Sha256
                           where f.DossierId == dossierId
                           orderby f.AddedAt, f.Id
                           select new
                           {
                               f.Id, f.DocumentIndex, f.DocumentName, f.DisplayName, s.MediaType, s.Size, f.Pages, f.Purpose, f.Digitised, f.DigitisedAt, f.AddedAt,
                               DigitisedBy = db.Users.Where(u => u.Id == f.DigitisedByUserId).Select(u => u.FullName).FirstOrDefault(),
                               AddedBy = db.Users.Where(u => u.Id == f.AddedByUserId).Select(u => u.FullName).FirstOrDefault()
                                   ?? db.ApiClients.Where(c => c.Id == f.AddedByClientId).Select(c => c.Name).FirstOrDefault(),
                           }).ToListAsync(ct);
        var vn = MotCua.Domain.Calendar.VietnamTime.Offset;
        return new(code, [.. files.Where(f => only is null || only.Contains(f.Id)).Select(f => new DossierFileView(f.Id, f.DocumentIndex, f.DocumentName, f.DisplayName,
            f.MediaType, f.Size, f.Pages, PurposeName(f.Purpose), f.Digitised, f.DigitisedBy, f.DigitisedAt?.ToOffset(vn), f.AddedBy, f.AddedAt.ToOffset(vn),
            $"/api/v1/dossiers/{Uri.EscapeDataString(code)}/files/{f.Id}"))]);
    }

    private static string PurposeName(FilePurpose purpose) => purpose switch
    {
        FilePurpose.Submitted => "submission", FilePurpose.Supplement => "supplement", FilePurpose.DeskScan => "desk-scan", _ => "result",
    };

    // The desk's line (htmx) is told why its scan was refused in words, with the problem's status, as the desk's other
    // refusals are (js/swap-refusals.js swaps it in under the line): a 413 for a 12 MB scan used to leave the line as it
    // was, the problem+json unread (trial 30 LOW 6).
    private static IResult DeskRefusal(IResult problem) => problem is IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails details }
        and IStatusCodeHttpResult { StatusCode: { } status }
        ? Results.Content($"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(details.Detail ?? Problems.TitleOf(status))}</p>", "text/html; charset=utf-8", Encoding.UTF8, status)
        : problem;

    // The hidden fields and the list of names the desk form shows under a document line after its scans were staged.
    private static string DeskFragment(int documentIndex, StagedFilesView view)
    {
        var html = new StringBuilder("<ul class=\"staged-files\">");
        foreach (var f in view.Files)
            html.Append("<li><input type=\"hidden\" name=\"Documents[").Append(documentIndex).Append("].StagedFiles\" value=\"").Append(f.Id).Append("\" />")
                .Append(WebUtility.HtmlEncode(f.Name)).Append(f.Pages is { } pages ? $" ({pages} trang)" : "").Append("</li>");
        return html.Append("</ul>").ToString();
    }

    /// <summary>
    /// Writes one <see cref="RefusedAction"/> row to the audit log for an upload refused (docs/FILES.md): who sent it (the
    /// officer in <c>user_id</c>, the system in <c>api_client_id</c>, a citizen as <c>citizenId</c> in the details, citizens
    /// having no column), the route (<c>endpoint</c>) and why (<paramref name="field"/>: <c>files[i]</c> for a file, or the
    /// route's parameter refused before the body was read; <paramref name="code"/>, <paramref name="status"/> and the
    /// Vietnamese <paramref name="reason"/> answered), under the cleaned name given (never the file's content).
    /// </summary>
    public static async Task AuditRefusalAsync(HttpContext http, NpgsqlDataSource data, TimeProvider clock, string field, string? given,
        string code, int status, string reason, CancellationToken ct)
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
            TypedValue = JsonSerializer.Serialize(new { field, code, status, reason, citizenId = Claims.CitizenOf(http.User)?.Id }),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)http.Connection.RemoteIpAddress?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{http.Request.Method} {http.Request.Path.Value}" });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The audit row of one file the store refused (<see cref="AuditRefusalAsync(HttpContext, NpgsqlDataSource, TimeProvider, string, string?, string, int, string, CancellationToken)"/>, field <c>files[i]</c>).</summary>
    public static Task AuditRefusalAsync(HttpContext http, NpgsqlDataSource data, TimeProvider clock, int index, string? given, UploadRefusal refusal, CancellationToken ct) =>
        AuditRefusalAsync(http, data, clock, $"files[{index}]", given, refusal.Code, (int)refusal.Kind, refusal.Message, ct);

    /// <summary>
    /// Serves one file of a dossier, streamed from the store with range support: 404 unless the file exists, belongs to
    /// the dossier <paramref name="code"/> names (when the route names one) and the caller may read that dossier. A
    /// digitised file OCR has read is served as its searchable PDF (<c>ocr_results.searchable_sha256</c>). The
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
        // A desk scan keeps the hash it was received with; once OCR has read it (before intake or after), the file served is
        // its searchable copy, same pages (trial 17b: the dossier's file, and a reused copy, stayed image-only).
        var sha256 = file.Digitised && await db.Database.SqlQuery<string>(
                $"SELECT searchable_sha256 AS \"Value\" FROM ocr_results WHERE sha256 = {file.Sha256} AND state = 3").FirstOrDefaultAsync(ct) is { } searchable
            ? searchable : file.Sha256;
        var stored = await db.StoredFiles.AsNoTracking().FirstAsync(s => s.Sha256 == sha256, ct);
        FileStream content;
        try { content = store.Open(stored.Sha256); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problems.NotFound($"Tệp số {id} của hồ sơ {dossier.Code} không có trong kho tệp (kho chưa được khôi phục từ bản sao lưu); hãy báo quản trị viên.");
        }
        reads.Read(dossier.Code);
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(content, stored.MediaType, MotCua.Domain.Files.ServedName.For(file.DisplayName, stored.MediaType), enableRangeProcessing: true);
    }
}
