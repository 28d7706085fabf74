using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Files;
using MotCua.Web.Features.Processing;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>What the draft upload answers a client that asks for JSON: the staged file's id, its shown name, pages (null
/// for an image) and media type.</summary>
public sealed record DraftFileView(long Id, string DisplayName, int? Pages, string MediaType);

/// <summary>
/// The citizens' routes that are not pages (issue 17, piece B, docs/CITIZENS.md). They live under <c>/cong-dan</c> because
/// the citizens' cookie is sent only there (<see cref="CitizenAuth.Path"/>), so the citizens' JSON API is
/// <c>/cong-dan/api/…</c>, not <c>/api/v1/citizen/…</c>.
/// </summary>
public static class CitizenEndpoints
{
    public static void MapCitizenEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<FileStore>().Limits;
        app.MapPost("/cong-dan/ban-nhap/{draft:long}/tep", UploadAsync)
            .RequireAuthorization(Policies.Citizen)
            .WithMetadata(new UploadSizeLimit(StreamedUpload.LimitOf(limits)))
            .ExcludeFromDescription();
        app.MapPost("/cong-dan/ho-so/{code}/bo-sung/tep", UploadSupplementAsync)
            .RequireAuthorization(Policies.Citizen)
            .WithMetadata(new UploadSizeLimit(StreamedUpload.LimitOf(limits)))
            .ExcludeFromDescription();
        // The citizen reads their own data here, as on the dossier page: not a personal-data read of another to audit.
        app.MapGet("/cong-dan/ho-so/{code}/tep/{dossierFileId:long}", (string code, long dossierFileId, HttpContext http, MotCuaDb db, FileStore store, PersonalDataReads reads, CancellationToken ct) =>
                FileEndpoints.ServeAsync(code, dossierFileId, http, db, store, reads, ct))
            .RequireAuthorization(Policies.Citizen)
            .ExcludeFromDescription();
        app.MapGet("/cong-dan/ho-so/{code}/ket-qua.pdf", ResultAsync)
            .RequireAuthorization(Policies.Citizen)
            .ExcludeFromDescription();
    }

    /// <summary>
    /// <c>GET /cong-dan/ho-so/{code}/ket-qua.pdf</c>: the signed electronic result of the citizen's own dossier (the result
    /// notice as the officers' <c>result.pdf</c> issues and keeps it, <see cref="ProcessingEndpoints.ResultPdfAsync"/>), as an
    /// attachment under <c>Cache-Control: private, no-store</c>. 404 to anyone who may not read the dossier, and to its
    /// citizen while it has no result (statuses other than 9 and 10): there is no such file yet.
    /// </summary>
    public static async Task<IResult> ResultAsync(string code, HttpContext http, MotCuaDb db, IssuedForms issued, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)}.");
        if (await ProcessingEndpoints.ResultPdfAsync(db, issued, d, http.Request, ct) is not { } signed)
            return Problems.NotFound($"Hồ sơ {code} đang ở trạng thái \"{d.Status.Vietnamese()}\", chưa có kết quả để tải.");
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(signed, "application/pdf", $"{code}-ket-qua.pdf");
    }

    /// <summary>
    /// <c>POST /cong-dan/ho-so/{code}/bo-sung/tep?muc={item}&amp;t={token}</c>: one file (multipart, part <c>files</c>)
    /// answering item <c>muc</c> (0-based) of the supplement request (Mẫu 02) of the citizen's own dossier, streamed into the
    /// store (<see cref="StreamedUpload"/>) and staged for the dossier (<c>staged_files</c> purpose 2 with its item) until
    /// "Gửi bổ sung". 404 when the citizen may not read the dossier (before the body is read); 400 without the page's
    /// token (<see cref="CitizenDossierActions.UploadToken"/>); 409 when no supplement is awaited; 422 for an item not in
    /// the request; 413, 415, 422, 429 as the store and the hour's limit refuse (nothing staged). A browser's form is sent
    /// back to the dossier page with 303 (<c>?loi=</c> the refusal's status, 400 and 409 included: a page left open); a
    /// client asking JSON gets 201 <see cref="SupplementFileView"/> or the problem.
    /// </summary>
    private static async Task<IResult> UploadSupplementAsync(string code, int? muc, string? t, HttpContext http, CitizenDossierActions actions,
        FileStore store, FileStoreOptions options, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var citizen = Claims.CitizenOf(http.User);
        var d = citizen is null ? null : await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null)
        {
            await StagedUploads.AuditNotFoundAsync(http, "code", $"Không tìm thấy hồ sơ {Problems.Echo(code)}.", ct);
            return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)}.");
        }
        // A page left open (the token's two hours passed, or the supplement sent or closed meanwhile) is sent back to the
        // dossier page, which says why in words (DossierModel.StaleUploadText), instead of a problem document.
        var back = $"/cong-dan/ho-so/{Uri.EscapeDataString(code)}";
        if (!actions.ValidUploadToken(t, d.Id, citizen!.Id))
            return StagedUploads.FromBrowser(http.Request) ? SeeOther(back + "?loi=400#bo-sung")
                : Problems.Field("t", "Trang tải tệp đã hết hạn; hãy tải lại trang rồi chọn tệp lần nữa.", StatusCodes.Status400BadRequest);
        if (d.Status != DossierStatus.SupplementRequested)
            return StagedUploads.FromBrowser(http.Request) ? SeeOther(back + "?loi=409")
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, type: CitizenDossierActions.TransitionProblemType,
                    title: "Không phù hợp với trạng thái hồ sơ", detail: $"Hồ sơ {code} không chờ bổ sung (trạng thái \"{d.Status.Vietnamese()}\").");
        if (muc is not { } item || item < 0 || item >= d.SupplementItems.Count)
            return Problems.Field("muc", "Không có giấy tờ này trong yêu cầu bổ sung của hồ sơ.");
        var staged = await actions.StagedSupplementAsync(d.Id, citizen.Id, ct);
        if (staged.Count >= options.Limits.MaxFilesPerDossier)
            return Problems.Field("files", $"Mỗi lần bổ sung tối đa {options.Limits.MaxFilesPerDossier} tệp.");

        var upload = await StagedUploads.StageAsync(http, store, options, db, clock, 1, (f, now, expires) => new StagedFile
        {
            Sha256 = f.File.Sha256, DisplayName = f.DisplayName, Purpose = FilePurpose.Supplement, OwnerCitizenId = citizen.Id,
            DossierId = d.Id, SupplementItem = item, CreatedAt = now, ExpiresAt = expires,
        }, ct);
        if (upload.Problem is { } problem)
            return StagedUploads.FromBrowser(http.Request) && upload.ProblemStatus is { } status && http.Response.Headers.Connection != "close"
                ? Refused(http, back + "?loi=" + status + "#bo-sung", upload) : problem;
        var (row, file) = upload.Files[0];
        return StagedUploads.FromBrowser(http.Request) ? SeeOther(back + "#bo-sung")
            : Results.Json(new SupplementFileView(row.Id, item, row.DisplayName, file.File.Pages), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>POST /cong-dan/ban-nhap/{draft}/tep?dong={line}&amp;t={token}</c>: one file (multipart, part <c>files</c>) for one
    /// document line of the citizen's draft, streamed into the store (<see cref="StreamedUpload"/>: sniffed, never by its
    /// name; limits; scanning hook) and staged for the citizen (<c>staged_files</c>, purpose submission). 404 when the draft
    /// is not the citizen's (before the body is read); 400 without the form's token (<see cref="CitizenDrafts.UploadToken"/>);
    /// 413, 415, 422 as the store refuses (nothing staged). A browser's form (Accept text/html) is sent back to step 2 with
    /// 303, the refusal's status in <c>?loi=</c>; a client asking JSON gets 201 <see cref="DraftFileView"/> or the problem.
    /// </summary>
    private static async Task<IResult> UploadAsync(long draft, int? dong, string? t, HttpContext http, CitizenDrafts drafts, OnlineOffers offers,
        FileStore store, FileStoreOptions options, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var citizen = Claims.CitizenOf(http.User);
        if (citizen is null) return Problems.NotFound("Không tìm thấy bản nháp hồ sơ.");
        var found = await drafts.GetAsync(draft, citizen.Id, ct);
        if (found is null || found.DossierCode is not null)
        {
            await StagedUploads.AuditNotFoundAsync(http, "ban-nhap", "Không tìm thấy bản nháp hồ sơ.", ct);
            return Problems.NotFound("Không tìm thấy bản nháp hồ sơ.");
        }
        if (!drafts.ValidUploadToken(t, draft, citizen.Id))
            return Problems.Field("t", "Trang tải tệp đã hết hạn; hãy tải lại trang rồi chọn tệp lần nữa.", StatusCodes.Status400BadRequest);
        var agency = await db.Agencies.FindAsync([found.AgencyId], ct);
        var (offer, _, _) = await offers.OfferAsync(agency?.Code ?? "", found.ProcedureCode, ct);
        if (offer is null) return Problems.Field("procedureCode", "Thủ tục này không còn được cung cấp trực tuyến tại cơ quan đã chọn.");
        var lines = SubmitModel.LinesOf(offer.Spec, found.Files, citizen);
        if (dong is not { } line || line < 0 || line >= lines.Count) return Problems.Field("dong", "Không có giấy tờ này trong danh sách của thủ tục.");
        if (!lines[line].TakesFiles) return Problems.Field("dong", "Giấy tờ này không nộp tệp khi nộp trực tuyến.");
        if (found.Files.Count >= options.Limits.FilesAllowed(lines.Count))
            return Problems.Field("files", $"Mỗi hồ sơ của thủ tục này tối đa {options.Limits.FilesAllowed(lines.Count)} tệp; hãy xóa bớt tệp trước khi tải thêm.");

        var back = $"/cong-dan/nop/{Uri.EscapeDataString(agency!.Code)}/{Uri.EscapeDataString(found.ProcedureCode)}?ban-nhap={draft}&buoc=2";
        var upload = await StagedUploads.StageAsync(http, store, options, db, clock, 1, (f, now, expires) => new StagedFile
        {
            Sha256 = f.File.Sha256, DisplayName = f.DisplayName, Purpose = FilePurpose.Submitted, OwnerCitizenId = citizen.Id,
            CreatedAt = now, ExpiresAt = expires,
        }, ct, quotaFloor: options.Limits.FilesAllowed(lines.Count));
        if (upload.Problem is { } problem)
            return StagedUploads.FromBrowser(http.Request) && upload.ProblemStatus is { } status && http.Response.Headers.Connection != "close"
                ? Refused(http, back + "&loi=" + status, upload) : problem;
        var (row, file) = upload.Files[0];
        if (!await drafts.AddFileAsync(draft, citizen.Id, new DraftFile(line, row.Id, row.DisplayName, file.File.Pages), ct))
            return Problems.NotFound("Không tìm thấy bản nháp hồ sơ.");
        return StagedUploads.FromBrowser(http.Request) ? SeeOther(back)
            : Results.Json(new DraftFileView(row.Id, row.DisplayName, file.File.Pages, file.File.MediaType), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The TempData key under which an upload's refusal crosses its 303 to the page (<see cref="SubmitModel.RefusalOf"/>):
    /// the API's own words (<see cref="StagedUploadResult.Reason"/>), in the TempData cookie the data-protection keys encrypt
    /// and read once, never in the address, so a link cannot make the page say what the store did not (CIT35 LOW 7).</summary>
    public const string RefusalKey = "upload.refusal";

    // A browser's refused upload: back to its page with the status in ?loi= and the reason in TempData.
    private static IResult Refused(HttpContext http, string url, StagedUploadResult upload)
    {
        if (upload.Reason is { } reason)
        {
            var tempData = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionaryFactory>().GetTempData(http);
            tempData[RefusalKey] = reason;
            tempData.Save();
        }
        return SeeOther(url);
    }

    /// <summary>303 See Other to <paramref name="url"/>: after a form's POST the browser GETs the page (Post/Redirect/Get).</summary>
    public static IResult SeeOther(string url) => new SeeOtherResult(url);

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }
}
