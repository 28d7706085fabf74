using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Data;
using MotCua.Web.Features.Files;
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
        if (found is null || found.DossierCode is not null) return Problems.NotFound("Không tìm thấy bản nháp hồ sơ.");
        if (!drafts.ValidUploadToken(t, draft, citizen.Id))
            return Problems.Field("t", "Trang tải tệp đã hết hạn; hãy tải lại trang rồi chọn tệp lần nữa.", StatusCodes.Status400BadRequest);
        var agency = await db.Agencies.FindAsync([found.AgencyId], ct);
        var (offer, _, _) = await offers.OfferAsync(agency?.Code ?? "", found.ProcedureCode, ct);
        if (offer is null) return Problems.Field("procedureCode", "Thủ tục này không còn được cung cấp trực tuyến tại cơ quan đã chọn.");
        var lines = SubmitModel.LinesOf(offer.Spec, found.Files);
        if (dong is not { } line || line < 0 || line >= lines.Count) return Problems.Field("dong", "Không có giấy tờ này trong danh sách của thủ tục.");
        if (found.Files.Count >= options.Limits.MaxFilesPerDossier)
            return Problems.Field("files", $"Mỗi hồ sơ tối đa {options.Limits.MaxFilesPerDossier} tệp; hãy xóa bớt tệp trước khi tải thêm.");

        var browser = http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        var back = $"/cong-dan/nop/{Uri.EscapeDataString(agency!.Code)}/{Uri.EscapeDataString(found.ProcedureCode)}?ban-nhap={draft}&buoc=2";
        var body = await StreamedUpload.ReadAsync(http, store, (_, _, _) => Task.CompletedTask, ct);
        if (body.Problem is { } problem)
            return browser && problem is IStatusCodeHttpResult { StatusCode: { } status } && http.Response.Headers.Connection != "close"
                ? SeeOther(back + "&loi=" + status) : problem;
        if (body.Files.Count != 1)
            return browser ? SeeOther(back + "&loi=422") : Problems.Field("files", "Gửi đúng một tệp mỗi lần (phần 'files').");

        var file = body.Files[0];
        var now = clock.GetUtcNow();
        var row = new StagedFile
        {
            Sha256 = file.File.Sha256, DisplayName = file.DisplayName, Purpose = FilePurpose.Submitted, OwnerCitizenId = citizen.Id,
            CreatedAt = now, ExpiresAt = now.AddHours(options.StagedHours),
        };
        db.StagedFiles.Add(row);
        await db.SaveChangesAsync(ct);
        if (!await drafts.AddFileAsync(draft, citizen.Id, new DraftFile(line, row.Id, row.DisplayName, file.File.Pages), ct))
            return Problems.NotFound("Không tìm thấy bản nháp hồ sơ.");
        return browser ? SeeOther(back)
            : Results.Json(new DraftFileView(row.Id, row.DisplayName, file.File.Pages, file.File.MediaType), statusCode: StatusCodes.Status201Created);
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
