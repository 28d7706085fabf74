using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Files;
using MotCua.Web.Features.Intake;
using MotCua.Web.Features.Payments;
using MotCua.Web.Features.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>What <c>GET /cong-dan/api/session</c> answers: the signed-in citizen's shown name and the antiforgery token every
/// write of the citizens' API carries in the <c>X-CSRF-TOKEN</c> header.</summary>
public sealed record CitizenSessionView(string Name, string CsrfToken, string CsrfHeader);

/// <summary>One line of the citizen's list: code, procedure, status (code and words), submission and due dates (Vietnam
/// time; no due date once closed), the badges, and the dossier's address in the API.</summary>
public sealed record CitizenDossierLine(string Code, string Procedure, int Status, string StatusName, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt,
    bool NeedsSupplement, bool HasResult, bool RatingInvited, string Url);

/// <summary>A page of the citizen's dossiers (20 a page, 1-based).</summary>
public sealed record CitizenDossierPage(int Page, int Pages, int Total, IReadOnlyList<CitizenDossierLine> Dossiers);

/// <summary>An item of the supplement request (Mẫu 02), 0-based, with the files staged for it and not yet sent.</summary>
public sealed record CitizenSupplementItem(int Item, string Document, string Reason, IReadOnlyList<SupplementFileView> StagedFiles);

/// <summary>A file of the dossier the citizen sent (not the result): id, document, shown name, pages, whether it came with a
/// supplement, and its download address.</summary>
public sealed record CitizenFileView(long Id, string? Document, string Name, int? Pages, bool Supplement, string Url);

/// <summary>The result: whether it is available (statuses 9, 10) and where to download the signed PDF.</summary>
public sealed record CitizenResultView(bool Available, string? Url, string? VerifyUrl);

/// <summary>One of the citizen's dossiers as the API shows it (the page's content): dates in Vietnam time; the days the due
/// date skipped in words; the timeline by unit (never an officer's name); the supplement items while one is awaited; open
/// payment requests with the amount left and the VietQR string; the result's availability; what the citizen may do.</summary>
public sealed record CitizenDossierView(string Code, string ProcedureCode, string Procedure, int Status, string StatusName, string Channel,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, string? DueExplanation, IReadOnlyList<TimelineLine> Timeline,
    IReadOnlyList<CitizenSupplementItem>? Supplement, IReadOnlyList<CitizenFileView> Files, IReadOnlyList<PaymentRequestView> Payments,
    CitizenResultView Result, bool MayWithdraw, string? RatingUrl);

/// <summary><c>POST /cong-dan/api/dossiers/{code}/rating</c>: the same answers as <c>POST /api/v1/ratings</c> (points per
/// criterion keyed "1".."8", the overall verdict, an optional comment, the channel) without code or token: the signed-in
/// applicant is the proof (<see cref="Domain.Ratings.RatingProof.Account"/>).</summary>
public sealed record CitizenRatingBody(Dictionary<string, int?>? Answers, string? Overall, string? Comment, string? Channel);

/// <summary>The applicant's contact as typed online; the CCCD is the account's.</summary>
public sealed record CitizenApplicantBody(string? FullName, string? Phone, string? Email, string? Address);

/// <summary>A document line of the procedure (0-based among its documents to hand over, as
/// <see cref="SubmitModel.LinesOf"/> lists them) with the staged ids of its files (<c>POST /cong-dan/api/files</c>).</summary>
public sealed record CitizenDocumentBody(int? Line, IReadOnlyList<long>? StagedFiles);

/// <summary><c>POST /cong-dan/api/dossiers</c>: the agency and the procedure it offers online, the applicant's contact, the
/// e-form's values (text, by field name), the files of each document line, and how the result comes back (issue 17:
/// <c>resultDelivery</c> electronic, desk or post, absent electronic; <c>resultAddress</c> for post, absent the address).</summary>
public sealed record CitizenSubmitBody(string? AgencyCode, string? ProcedureCode, CitizenApplicantBody? Applicant, Dictionary<string, string?>? FormData,
    IReadOnlyList<CitizenDocumentBody>? Documents, string? ResultDelivery = null, string? ResultAddress = null);

/// <summary>The fee as intake will fix it for the online channel: the amount due (VND, fee + charge), or the text saying it
/// is fixed by the agency when it could not be placed.</summary>
public sealed record CitizenFeeView(long DueVnd, long FeeVnd, long ChargeVnd, string? UnplacedText, string? PublishedText);

/// <summary>What a submission answers (201): the code, status (1 Mới đăng ký: the one-stop unit checks it), the
/// provisional due date, the fee, and the dossier's addresses in the API and on the pages.</summary>
public sealed record CitizenSubmitted(string Code, int Status, string StatusName, DateTimeOffset? DueAt, CitizenFeeView Fee, string Url, string Page);

/// <summary>One item's answer: the item (0-based) and the staged ids of its files.</summary>
public sealed record CitizenSupplementAnswerItem(int? Item, IReadOnlyList<long>? StagedFiles);

/// <summary><c>POST /cong-dan/api/dossiers/{code}/supplement</c>: every item of the request with its files.</summary>
public sealed record CitizenSupplementBody(IReadOnlyList<CitizenSupplementAnswerItem>? Items);

/// <summary><c>POST /cong-dan/api/dossiers/{code}/withdraw</c>: why the applicant withdraws.</summary>
public sealed record CitizenWithdrawBody(string? Reason);

/// <summary>
/// The citizens' JSON API, <c>/cong-dan/api/…</c> (issue 17, docs/CITIZENS.md "JSON API"): the signed-in citizen's cookie
/// (<see cref="Policies.Citizen"/>; the cookie travels only under <c>/cong-dan</c>), only their own dossiers (404 for anyone
/// else's, never 403). The same code as the pages: <see cref="CitizenDossierRead"/> (list, one dossier),
/// <see cref="OnlineOffers"/> and <see cref="DossierIntake"/> (submission), <see cref="StagedUploads"/> (uploads),
/// <see cref="CitizenDossierActions"/> (supplement, withdrawal). Every write carries the antiforgery token of
/// <c>GET /cong-dan/api/session</c> in <c>X-CSRF-TOKEN</c> (checked before the body is read; 400 naming the header).
/// Refusals are problem+json in Vietnamese naming the field.
/// </summary>
public static class CitizenApi
{
    /// <summary>The header a write's antiforgery token travels in (the officers' API uses the same).</summary>
    public const string CsrfHeader = "X-CSRF-TOKEN";

    public static void MapCitizenApi(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<FileStore>().Limits;
        var api = app.MapGroup("/cong-dan/api").RequireAuthorization(Policies.Citizen).ExcludeFromDescription();
        api.MapGet("/session", Session);
        api.MapGet("/dossiers", ListAsync);
        api.MapGet("/dossiers/{code}", OneAsync);
        api.MapGet("/dossiers/{code}/files/{dossierFileId:long}", (string code, long dossierFileId, HttpContext http, MotCuaDb db, FileStore store, PersonalDataReads reads, CancellationToken ct) =>
            FileEndpoints.ServeAsync(code, dossierFileId, http, db, store, reads, ct));
        api.MapGet("/dossiers/{code}/result.pdf", CitizenEndpoints.ResultAsync);

        var writes = api.MapGroup("").AddEndpointFilter(CheckCrossSiteAsync);
        writes.MapPost("/files", UploadAsync).WithMetadata(new UploadSizeLimit(StreamedUpload.LimitOf(limits)));
        writes.MapPost("/dossiers", SubmitAsync);
        writes.MapPost("/dossiers/{code}/supplement/files", UploadSupplementAsync).WithMetadata(new UploadSizeLimit(StreamedUpload.LimitOf(limits)));
        writes.MapPost("/dossiers/{code}/supplement", async (string code, CitizenSupplementBody? body, HttpContext http, CitizenDossierActions actions, CitizenDossierRead read, CancellationToken ct) =>
        {
            if (body?.Items is not { Count: > 0 } items) return Problems.Field("items", "Chưa nêu mục bổ sung nào: gửi 'items' với từng mục và các tệp đã tải lên cho mục đó.");
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Item is null) return Problems.Field($"items[{i}].item", "Thiếu số thứ tự mục trong yêu cầu bổ sung (bắt đầu từ 0).");
                if (items[i].StagedFiles is not { Count: > 0 }) return Problems.Field($"items[{i}].stagedFiles", "Mỗi mục bổ sung cần ít nhất một tệp đã tải lên.");
            }
            var outcome = await actions.AnswerSupplementAsync(http.User, code, [.. items.Select(x => (x.Item!.Value, x.StagedFiles!))], ct);
            return outcome.Succeeded ? Results.Ok(await ViewAsync(read, http, code, ct)) : outcome.ToProblem();
        });
        writes.MapPost("/dossiers/{code}/rating", RateAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RatingEndpoints.MaxBody));
        writes.MapPost("/dossiers/{code}/withdraw", async (string code, CitizenWithdrawBody? body, HttpContext http, CitizenDossierActions actions, CitizenDossierRead read, CancellationToken ct) =>
        {
            var outcome = await actions.WithdrawAsync(http.User, code, body?.Reason, ct);
            return outcome.Succeeded ? Results.Ok(await ViewAsync(read, http, code, ct)) : outcome.ToProblem();
        });
    }

    // The antiforgery check of every write, before the handler reads the body. The header must be there first: with it the
    // antiforgery service never reads the body as a form (which would buffer an upload).
    private static async ValueTask<object?> CheckCrossSiteAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var valid = http.Request.Headers.ContainsKey(CsrfHeader);
        if (valid)
        {
            try { valid = await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http); }
            catch (Exception e) when (e is IOException or InvalidDataException) { valid = false; }
        }
        return valid ? await next(context)
            : Problems.Field(CsrfHeader, "Thiếu hoặc sai mã chống giả mạo trong tiêu đề X-CSRF-TOKEN; lấy mã mới từ /cong-dan/api/session rồi gửi lại.",
                StatusCodes.Status400BadRequest);
    }

    // GET /cong-dan/api/session: who is signed in and the write token (the antiforgery cookie is set with it).
    private static IResult Session(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new CitizenSessionView(http.User.Identity?.Name ?? "", tokens.RequestToken!, CsrfHeader));
    }

    /// <summary>
    /// <c>POST /cong-dan/api/dossiers/{code}/rating</c>: the signed-in applicant rates their own dossier, the strongest
    /// proof (docs/RATINGS.md "Stronger proofs"): it replaces a rating made with the printed code within the window, in
    /// one transaction (<see cref="RatingStore"/>). Answers as <c>POST /api/v1/ratings</c>: 201; 404 for a dossier the
    /// citizen may not read; 409 already rated by the own link or the account, or the window not open; 422 naming the
    /// field; 400 without the session's <c>X-CSRF-TOKEN</c>.
    /// </summary>
    private static async Task<IResult> RateAsync(string code, CitizenRatingBody? body, HttpContext http, MotCuaDb db, RatingStore ratings, CancellationToken ct)
    {
        if (Claims.CitizenOf(http.User) is null || await DossierAccess.ReadAsync(db, http.User, code, ct) is not { } d)
            return Problems.NotFound($"Không tìm thấy hồ sơ {code}.");
        var (rating, errors) = Domain.Ratings.Rating.Check(body?.Answers, body?.Overall, body?.Comment, body?.Channel);
        if (rating is null) return Problems.Validation(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        var (outcome, window) = await ratings.RateAsApplicantAsync(d.Id, rating, ct);
        return RatingEndpoints.Answer(outcome, window, ratings);
    }

    // GET /cong-dan/api/dossiers?page=: the citizen's dossiers, newest first, as "Hồ sơ của tôi" lists them.
    private static async Task<IResult> ListAsync(int? page, HttpContext http, CitizenDossierRead read, CancellationToken ct)
    {
        if (Claims.CitizenOf(http.User) is not { } citizen) return Problems.NotFound("Không tìm thấy tài khoản công dân.");
        if (page is < 1) return Problems.Field("page", "Số trang bắt đầu từ 1.");
        var mine = await read.MineAsync(citizen, ct);
        var pages = Math.Max(1, (mine.Count + IndexModel.PageSize - 1) / IndexModel.PageSize);
        var number = Math.Min(page ?? 1, pages);
        return Results.Ok(new CitizenDossierPage(number, pages, mine.Count, [.. mine.Skip((number - 1) * IndexModel.PageSize).Take(IndexModel.PageSize)
            .Select(m => new CitizenDossierLine(m.Code, m.Procedure, (int)m.Status, m.Status.Vietnamese(), VietnamTime.ToVietnam(m.SubmittedAt),
                m.DueAt is { } due ? VietnamTime.ToVietnam(due) : null, m.NeedsSupplement, m.HasResult, m.RatingInvited, UrlOf(m.Code)))]));
    }

    private static async Task<IResult> OneAsync(string code, HttpContext http, CitizenDossierRead read, CancellationToken ct) =>
        await ViewAsync(read, http, code, ct) is { } view ? Results.Ok(view) : Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)}.");

    private static string UrlOf(string code) => $"/cong-dan/api/dossiers/{Uri.EscapeDataString(code)}";

    private static async Task<CitizenDossierView?> ViewAsync(CitizenDossierRead read, HttpContext http, string code, CancellationToken ct)
    {
        if (await read.ReadAsync(http.User, code, ct) is not { } detail) return null;
        var d = detail.Dossier;
        var url = UrlOf(d.Code);
        IReadOnlyList<CitizenSupplementItem>? supplement = detail.MayAnswerSupplement
            ? [.. d.SupplementItems.Select((s, i) => new CitizenSupplementItem(i, s.Document, s.Reason, [.. detail.SupplementFiles.Where(f => f.Item == i)]))]
            : null;
        return new(d.Code, d.ProcedureCode, d.ProcedureName, (int)d.Status, d.Status.Vietnamese(), d.Channel.Vietnamese(),
            VietnamTime.ToVietnam(d.SubmittedAt), d.ReceivedAt is { } received ? VietnamTime.ToVietnam(received) : null,
            d.DueAt is { } due && !DossierStatuses.Closed.Contains(d.Status) ? VietnamTime.ToVietnam(due) : null, detail.DueExplanation, detail.Timeline,
            supplement, [.. detail.Files.Select(f => new CitizenFileView(f.Id, f.Document, f.DisplayName, f.Pages, f.Supplement, $"{url}/files/{f.Id}"))],
            detail.Payments,
            new CitizenResultView(detail.HasResult, detail.HasResult ? $"{url}/result.pdf" : null,
                detail.HasResult ? $"/cong-dan/ho-so/{Uri.EscapeDataString(d.Code)}?kiem-tra=true" : null),
            detail.MayWithdraw, detail.RatingLink);
    }

    /// <summary>
    /// <c>POST /cong-dan/api/files</c>: one or more files (multipart, parts <c>files</c>) for a submission, streamed and
    /// staged for the citizen (<see cref="StagedUploads"/>, purpose submission) for <c>Motcua:Files:StagedHours</c>; their ids
    /// go into <c>documents[i].stagedFiles</c> of <c>POST /cong-dan/api/dossiers</c>. With <c>?agencyCode=&amp;procedureCode=</c>
    /// (the submission's, optional) the upload knows its dossier: the hour's limit of the citizen's files
    /// (<see cref="CitizenUploadQuota"/>) is at least what a dossier of that procedure may carry
    /// (<see cref="Domain.Files.UploadLimits.FilesAllowed"/>, lines + 5), as the page's draft upload has it, so an app can
    /// hand over a procedure of more than 30 lines; an unknown or not-online one is 422 naming the field as the submission
    /// does. Without them the hour's limit alone applies. 201 <see cref="StagedFilesView"/>; 413, 415, 422, 503 keyed
    /// <c>files[i]</c> or <c>files</c>, 429 keyed <c>files</c> quoting the limit that applied, no row written.
    /// </summary>
    private static async Task<IResult> UploadAsync(string? agencyCode, string? procedureCode, HttpContext http, OnlineOffers offers, FileStore store,
        FileStoreOptions options, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var citizen = Claims.CitizenOf(http.User)!;
        var floor = 0;
        if (!string.IsNullOrWhiteSpace(agencyCode) || !string.IsNullOrWhiteSpace(procedureCode))
        {
            var (offer, field, message) = await offers.OfferAsync(agencyCode?.Trim() ?? "", procedureCode?.Trim() ?? "", ct);
            if (offer is null) return Problems.Field(field!, message!);
            floor = options.Limits.FilesAllowed(SubmitModel.LinesOf(offer.Spec, [], citizen).Count);
        }
        var upload = await StagedUploads.StageAsync(http, store, options, db, clock, store.Limits.MaxFilesPerDossier, (f, now, expires) => new StagedFile
        {
            Sha256 = f.File.Sha256, DisplayName = f.DisplayName, Purpose = FilePurpose.Submitted, OwnerCitizenId = citizen.Id, CreatedAt = now, ExpiresAt = expires,
        }, ct, quotaFloor: floor);
        return upload.Problem ?? Results.Json(new StagedFilesView([.. upload.Files.Select(s => new StagedFileView(s.Row.Id, s.Row.DisplayName, s.File.File.MediaType,
            s.File.File.Size, s.File.File.Pages, VietnamTime.ToVietnam(s.Row.ExpiresAt)))]), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>POST /cong-dan/api/dossiers/{code}/supplement/files?item=</c>: files (parts <c>files</c>) answering item
    /// <c>item</c> (0-based) of the supplement request of the citizen's own dossier, staged with the dossier and the item
    /// as the page's upload stages them. 404 for anyone else's dossier (before the body is read); 409 when no supplement
    /// is awaited; 422 <c>item</c>; the store's refusals as <see cref="UploadAsync"/>. 201 <c>{ files: [SupplementFileView] }</c>.
    /// </summary>
    private static async Task<IResult> UploadSupplementAsync(string code, int? item, HttpContext http, CitizenDossierActions actions, FileStore store,
        FileStoreOptions options, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var citizen = Claims.CitizenOf(http.User)!;
        var d = await Dossiers.DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null)
        {
            await StagedUploads.AuditNotFoundAsync(http, "code", $"Không tìm thấy hồ sơ {Problems.Echo(code)}.", ct);
            return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)}.");
        }
        if (d.Status != DossierStatus.SupplementRequested)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, type: CitizenDossierActions.TransitionProblemType,
                title: "Không phù hợp với trạng thái hồ sơ", detail: $"Hồ sơ {code} không chờ bổ sung (trạng thái \"{d.Status.Vietnamese()}\").");
        if (item is not { } index || index < 0 || index >= d.SupplementItems.Count)
            return Problems.Field("item", $"Không có mục này trong yêu cầu bổ sung của hồ sơ (từ 0 đến {d.SupplementItems.Count - 1}).");
        var room = options.Limits.MaxFilesPerDossier - (await actions.StagedSupplementAsync(d.Id, citizen.Id, ct)).Count;
        if (room <= 0) return Problems.Field("files", $"Mỗi lần bổ sung tối đa {options.Limits.MaxFilesPerDossier} tệp.");
        var upload = await StagedUploads.StageAsync(http, store, options, db, clock, room, (f, now, expires) => new StagedFile
        {
            Sha256 = f.File.Sha256, DisplayName = f.DisplayName, Purpose = FilePurpose.Supplement, OwnerCitizenId = citizen.Id,
            DossierId = d.Id, SupplementItem = index, CreatedAt = now, ExpiresAt = expires,
        }, ct);
        return upload.Problem ?? Results.Json(new { files = upload.Files.Select(s => new SupplementFileView(s.Row.Id, index, s.Row.DisplayName, s.File.File.Pages)) },
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>POST /cong-dan/api/dossiers</c>: submits online, as the page's "Nộp hồ sơ" does: the procedure must be one the
    /// agency offers online (<see cref="OnlineOffers.OfferAsync"/>, 422 naming <c>procedureCode</c> or <c>agencyCode</c>),
    /// the applicant's contact is checked as at step 1 (<see cref="SubmitModel.ApplicantErrors"/>), every document line
    /// required online (<see cref="DocumentNeeds"/>) needs a file (422 <c>documents</c> naming the lines), each line once,
    /// and no file for a line not asked online or filled by the e-form (<c>documents[i].line</c>); then <see cref="DossierIntake.ReceiveAsync"/> with channel online, the account's CCCD and the
    /// citizen as actor (the dossier carries <c>citizen_id</c>; intake checks the staged ids are the citizen's own, keyed
    /// <c>documents[i].stagedFiles[j]</c> in the body's order, and e-form values keyed <c>formData.&lt;field&gt;</c>).
    /// 201 <see cref="CitizenSubmitted"/> with the fee intake fixed by (<see cref="SubmitModel.FeeOf"/>). An
    /// <c>Idempotency-Key</c> header (optional; <see cref="IntakeEndpoints.KeyOf"/>, kept by intake for the citizen) makes a
    /// retry safe: the same key and body again, or twice at once, answer the first dossier (201, <c>Idempotent-Replayed</c>);
    /// the same key with another body is 422 naming <c>Idempotency-Key</c>. Without a key a repeat still cannot make a second
    /// dossier with the same files: a staged file is used once (422).
    /// </summary>
    private static async Task<IResult> SubmitAsync(CitizenSubmitBody? body, HttpContext http, OnlineOffers offers, DossierIntake intake, TimeProvider clock, CancellationToken ct)
    {
        var citizen = Claims.CitizenOf(http.User)!;
        var (key, invalidKey) = IntakeEndpoints.KeyOf(http.Request.Headers[IntakeEndpoints.IdempotencyHeader].ToString(), required: false);
        if (invalidKey is not null) return invalidKey;
        if (body is null) return Problems.Field("body", "Thiếu nội dung hồ sơ (JSON).");
        var (offer, field, message) = await offers.OfferAsync(body.AgencyCode?.Trim() ?? "", body.ProcedureCode?.Trim() ?? "", ct);
        if (offer is null) return Problems.Field(field!, message!);

        var applicant = new Dictionary<string, string>();
        void Put(string key, string? value) { if (value is not null) applicant[key] = IntakeValidation.Nfc(value.Trim()); }
        Put("applicant.fullName", body.Applicant?.FullName);
        Put("applicant.phone", body.Applicant?.Phone);
        Put("applicant.email", body.Applicant?.Email);
        Put("applicant.address", body.Applicant?.Address);
        // How the result comes back (issue 17): intake checks it and names resultDelivery / resultAddress.
        Put(SubmitModel.DeliveryKey, body.ResultDelivery);
        Put(SubmitModel.DeliveryAddressKey, body.ResultAddress);
        var errors = SubmitModel.ApplicantErrors(applicant);
        var lines = SubmitModel.LinesOf(offer.Spec, [], citizen);
        var documents = body.Documents ?? [];
        var named = new HashSet<int>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i].Line is not { } line || line < 0 || line >= lines.Count)
                errors[$"documents[{i}].line"] = [$"Không có giấy tờ này trong danh sách của thủ tục (dòng từ 0 đến {lines.Count - 1})."];
            else if (!lines[line].TakesFiles)
                errors[$"documents[{i}].line"] = [lines[line].Need.Need == DocumentNeed.FilledByEForm
                    ? $"Giấy tờ \"{lines[line].Spec.Name}\" là tờ khai điện tử (formData), không nộp tệp."
                    : $"Giấy tờ \"{lines[line].Spec.Name}\" không áp dụng khi nộp trực tuyến."];
            else if (!named.Add(line)) errors[$"documents[{i}].line"] = [$"Giấy tờ \"{lines[line].Spec.Name}\" đã được nêu ở một mục trước."];
            else if (documents[i].StagedFiles is not { Count: > 0 }) errors[$"documents[{i}].stagedFiles"] = [$"Chưa có tệp cho giấy tờ \"{lines[line].Spec.Name}\"."];
        }
        var missing = lines.Where(l => l.Required && !named.Contains(l.Index)).ToList();
        if (missing.Count > 0)
            errors.TryAdd("documents", [$"Chưa có tệp cho giấy tờ bắt buộc: {string.Join("; ", missing.Select(l => $"{SubmitModel.Label(l.Spec.Name)} (dòng {l.Index})"))}."]);
        if (errors.Count > 0) return Problems.Validation(errors);

        var draft = new CitizenDraft(0, citizen.Id, offer.Agency.Id, offer.Spec.Code, offer.Version,
            applicant.Concat((body.FormData ?? []).Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!))).ToDictionary(), [], null);
        var request = SubmitModel.RequestOf(draft, [], citizen.IdNumber, offer.Agency.Code) with
        {
            Documents = [.. documents.Select(d => lines[d.Line!.Value]).Zip(documents, (l, d) => new IntakeDocument(l.Spec.Name,
                l.Spec.Originals + l.Spec.Copies == 0 ? 1 : l.Spec.Originals, l.Spec.Copies, StagedFiles: [.. d.StagedFiles!]))],
        };
        // The body as bound, serialised again: the same values are the same request whatever their spacing or order of keys.
        var hash = key is null ? null : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));
        var outcome = await intake.ReceiveAsync(request, new Actor(http.User.Identity?.Name ?? "Công dân", CitizenId: citizen.Id),
            idempotencyKey: key, requestHash: hash, ct: ct, applicantVerified: citizen.Assurance == Domain.Identity.CitizenAssurance.VneId);
        if (outcome.Dossier is not { } dossier) return Problems.Validation(outcome.Errors ?? new Dictionary<string, string[]> { ["body"] = ["Hồ sơ không được tiếp nhận."] });
        if (outcome.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        var fee = SubmitModel.FeeOf(offer, draft.Form, clock.GetUtcNow());
        return Results.Json(new CitizenSubmitted(dossier.Code, (int)dossier.Status, dossier.Status.Vietnamese(),
                dossier.DueAt is { } due ? VietnamTime.ToVietnam(due) : null,
                new CitizenFeeView(fee.Fee.DueVnd, fee.Fee.FeeVnd, fee.Fee.ChargeVnd, fee.UnplacedText, fee.PublishedText),
                UrlOf(dossier.Code), $"/cong-dan/ho-so/{Uri.EscapeDataString(dossier.Code)}"),
            statusCode: StatusCodes.Status201Created);
    }
}
