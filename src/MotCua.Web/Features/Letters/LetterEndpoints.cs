using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Documents;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;
using static MotCua.Web.Features.Letters.LetterContent;

namespace MotCua.Web.Features.Letters;

/// <summary>A field verification as an officer sends it (times as ISO 8601 instants; participants one per item).</summary>
public sealed record FieldVerificationRequest(string? Place, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<string?>? Participants,
    string? Chair, string? Secretary, string? Findings);

/// <summary>A lost (<c>"lost"</c>) or damaged (<c>"damaged"</c>) dossier as the holder agency's leader records it; cost in VND.</summary>
public sealed record LossRequest(LossKind? Kind, string? Description, string? Remedy, long? CostVnd, DateTimeOffset? NewDueAt);

/// <summary>What was recorded: its id and where its document is printed.</summary>
public sealed record RecordedView(long Id, string Pdf);

/// <summary>
/// The documents of docs/FORMS.md §7 under <c>/api/v1/dossiers/{code}/</c>: two records an officer makes (a field
/// verification, a loss), each answered 201 with its PDF's address, and six PDFs, each numbered once and digitally signed
/// by <see cref="IssuedForms"/>. Who may record and when a document applies are the Domain's rules
/// (<see cref="Dossier.CheckFieldVerification"/>, <see cref="Dossier.CheckLossRecord"/>, <see cref="Dossier.ReadyBeforeDue"/>,
/// <see cref="Dossier.MayBeRated"/>). Problems as the processing endpoints: 403 wrong role (and for integrated systems),
/// 404 a dossier the caller may not see, 409 a document that does not apply (yet), 422 a bad field, named.
/// </summary>
public static class LetterEndpoints
{
    public static void MapLetterEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dossiers/{code}").RequireAuthorization(Policies.Api).WithTags("Letters");

        group.MapPost("/field-verifications", RecordFieldVerificationAsync)
            .Accepts<FieldVerificationRequest>("application/json").Produces<RecordedView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Lập biên bản kiểm tra, xác minh (cán bộ đang thẩm định hồ sơ)");
        group.MapGet("/field-verifications/{id:long}.pdf", FieldVerificationPdfAsync).Personal(PersonalFields.FullName).Pdf("Biên bản kiểm tra, xác minh hồ sơ (Mẫu 1.9 Nghị định 30/2020)");

        group.MapPost("/losses", RecordLossAsync)
            .Accepts<LossRequest>("application/json").Produces<RecordedView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Ghi nhận làm mất, hư hỏng hồ sơ (lãnh đạo cơ quan đang giữ hồ sơ)");
        group.MapGet("/losses/{id:long}/apology.pdf", LossApologyPdfAsync).Personal(PersonalFields.FullName, PersonalFields.Address).Pdf("Văn bản xin lỗi do làm mất, hư hỏng hồ sơ");

        group.MapGet("/extension-request.pdf", ExtensionRequestPdfAsync).Personal(PersonalFields.FullName).Pdf("Văn bản đề nghị Bộ phận Một cửa gia hạn thời gian giải quyết hồ sơ");
        group.MapGet("/consultations/{step:int}/request.pdf", (string code, int step, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock, CancellationToken ct) =>
            ConsultationPdfAsync(code, step, answer: false, http, db, forms, clock, ct)).Personal(PersonalFields.FullName).Pdf("Văn bản lấy ý kiến cơ quan phối hợp (liên thông)");
        group.MapGet("/consultations/{step:int}/answer.pdf", (string code, int step, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock, CancellationToken ct) =>
            ConsultationPdfAsync(code, step, answer: true, http, db, forms, clock, ct)).Personal(PersonalFields.FullName).Pdf("Văn bản trả lời của cơ quan phối hợp (liên thông)");
        group.MapGet("/early-return-notice.pdf", EarlyReturnPdfAsync).Personal(PersonalFields.FullName, PersonalFields.Address).Pdf("Thông báo trả kết quả trước hạn");
        group.MapGet("/evaluation-slip.pdf", EvaluationSlipPdfAsync).Pdf("Phiếu đánh giá việc giải quyết thủ tục hành chính (không ghi tên người đánh giá)");
    }

    private static RouteHandlerBuilder Personal(this RouteHandlerBuilder builder, params string[] fields) =>
        builder.WithMetadata(new PersonalDataAttribute(fields));

    private static RouteHandlerBuilder Pdf(this RouteHandlerBuilder builder, string summary) => builder
        .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict).WithSummary(summary);

    private static async Task<IResult> RecordFieldVerificationAsync(string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var (body, _, problem) = await JsonBody.ReadAsync<FieldVerificationRequest>(http.Request, ct);
        return problem ?? (await LetterRecords.FieldVerificationAsync(db, http.User, code, body!, clock, ct)).ToResult();
    }

    private static async Task<IResult> RecordLossAsync(string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var (body, _, problem) = await JsonBody.ReadAsync<LossRequest>(http.Request, ct);
        return problem ?? (await LetterRecords.LossAsync(db, http.User, code, body!, clock, ct)).ToResult();
    }

    private static IResult NotFound(string code) => Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");

    private static async Task<IResult> FieldVerificationPdfAsync(string code, long id, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return NotFound(code);
        var row = await db.FieldVerifications.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.DossierId == d.Id, ct);
        if (row is null) return Problems.NotFound($"Hồ sơ {code} không có biên bản kiểm tra, xác minh số {id}.");
        var key = $"field-verification:{row.Id}";
        if (await StoredAsync(forms, key, d, $"bien-ban-xac-minh-{row.Id}", ct) is { } stored) return stored;
        var agency = await AgencyAsync(db, row.AgencyId, ct);
        var pdf = AdministrativeLetters.FieldVerification(new FieldVerificationLetter
        {
            Letterhead = Letterheads.Of(agency),
            Number = await forms.NumberAsync(agency, DocumentKind.FieldVerification, key, row.RecordedAt, ct),
            IssuedAt = row.RecordedAt, DossierCode = d.Code, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            ApplicantName = d.Applicant.FullName, Verification = row.ToDomain(),
        });
        return await SignedAsync(pdf, DocumentKind.FieldVerification, d, agency, forms, $"bien-ban-xac-minh-{row.Id}", ct, key);
    }

    private static async Task<IResult> LossApologyPdfAsync(string code, long id, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return NotFound(code);
        var row = await db.DossierLosses.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id && l.DossierId == d.Id, ct);
        if (row is null) return Problems.NotFound($"Hồ sơ {code} không có ghi nhận làm mất, hư hỏng số {id}.");
        var key = $"dossier-loss:{row.Id}";
        if (await StoredAsync(forms, key, d, $"xin-loi-mat-ho-so-{row.Id}", ct) is { } stored) return stored;
        var agency = await AgencyAsync(db, row.AgencyId, ct);
        var unit = await AgencyAsync(db, d.ReceivingAgencyId, ct);
        var pdf = AdministrativeLetters.LossApology(new LossApologyLetter
        {
            Letterhead = Letterheads.Of(agency),
            Number = await forms.NumberAsync(agency, DocumentKind.LossApology, key, row.RecordedAt, ct),
            IssuedAt = row.RecordedAt, DossierCode = d.Code, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Signer = IssuedForms.HeadOf(agency), Recipients = Recipients(agency, unit),
            ApplicantName = d.Applicant.FullName, ApplicantAddress = d.Applicant.Address, ReceivedAt = d.ReceivedAt ?? d.SubmittedAt, Loss = row.ToDomain(),
        });
        return await SignedAsync(pdf, DocumentKind.LossApology, d, agency, forms, $"xin-loi-mat-ho-so-{row.Id}", ct, key);
    }

    private static async Task<IResult> ExtensionRequestPdfAsync(string code, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return NotFound(code);
        var key = $"dossier:{d.Id}:extension-request";
        if (await StoredAsync(forms, key, d, "de-nghi-gia-han", ct) is { } stored) return stored;
        if (ExtensionOf(d) is not { } extension) return Problems.Conflict($"Hồ sơ {code} chưa được gia hạn (hẹn lại ngày trả kết quả).");
        var agency = await AgencyAsync(db, extension.AgencyId, ct);
        var unit = await AgencyAsync(db, d.ReceivingAgencyId, ct);
        var pdf = AdministrativeLetters.ExtensionRequest(new ExtensionRequestLetter
        {
            Letterhead = Letterheads.Of(agency),
            Number = await forms.NumberAsync(agency, DocumentKind.ExtensionRequest, key, extension.At, ct),
            IssuedAt = extension.At, DossierCode = d.Code, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Signer = IssuedForms.HeadOf(agency), Recipients = Recipients(agency, null),
            OneStopUnitName = unit.Name, ApplicantName = d.Applicant.FullName, ReceivedAt = d.ReceivedAt ?? d.SubmittedAt,
            OriginalDueAt = extension.OriginalDueAt, NewDueAt = extension.NewDueAt, Reason = extension.Reason,
        });
        return await SignedAsync(pdf, DocumentKind.ExtensionRequest, d, agency, forms, "de-nghi-gia-han", ct, key);
    }

    private static async Task<IResult> ConsultationPdfAsync(string code, int step, bool answer, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock,
        CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return NotFound(code);
        var task = d.CoAgencyTasks.FirstOrDefault(t => t.StepIndex == step);
        if (task is null) return Problems.NotFound($"Hồ sơ {code} không có nhiệm vụ phối hợp ở bước {step}.");
        var (key, fileName) = answer ? ($"dossier:{d.Id}:consultation-answer:{step}", $"tra-loi-phoi-hop-{step}") : ($"dossier:{d.Id}:consultation:{step}", $"lay-y-kien-{step}");
        if (await StoredAsync(forms, key, d, fileName, ct) is { } stored) return stored;
        if (answer && task.IsOpen) return Problems.Conflict($"{task.Performer} chưa trả lời nhiệm vụ \"{task.Name}\" của hồ sơ {code}.");
        var lead = await AgencyAsync(db, LeadAgencyId(d), ct);
        var coAgency = await AgencyAsync(db, task.AgencyId, ct);
        var (issuer, kind, at) = answer
            ? (coAgency, DocumentKind.ConsultationAnswer, task.DoneAt!.Value)
            : (lead, DocumentKind.Consultation, task.OpenedAt);
        var letter = new ConsultationLetter
        {
            Letterhead = Letterheads.Of(issuer),
            Number = await forms.NumberAsync(issuer, kind, key, at, ct),
            IssuedAt = at, DossierCode = d.Code, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Signer = IssuedForms.HeadOf(issuer), Recipients = Recipients(issuer, null),
            LeadAgencyName = lead.Name, CoAgencyName = coAgency.Name, ApplicantName = d.Applicant.FullName,
            Task = task.Name, AskedAt = task.OpenedAt, AnswerDueAt = task.DueAt, AnsweredAt = task.DoneAt, Answer = task.Answer,
        };
        var pdf = answer ? AdministrativeLetters.ConsultationAnswer(letter) : AdministrativeLetters.ConsultationRequest(letter);
        return await SignedAsync(pdf, kind, d, issuer, forms, fileName, ct, key);
    }

    private static async Task<IResult> EarlyReturnPdfAsync(string code, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return NotFound(code);
        if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
        var key = $"dossier:{d.Id}:early-return";
        if (await StoredAsync(forms, key, d, "thong-bao-tra-som", ct) is { } stored) return stored;
        if (!d.ReadyBeforeDue)
            return Problems.Conflict($"Hồ sơ {code} không có kết quả chờ trả trước thời hạn hẹn trả (trạng thái \"{d.Status.Vietnamese()}\"); không có gì để thông báo trả sớm.");
        var unit = await AgencyAsync(db, d.ReceivingAgencyId, ct);
        var ready = d.ResultReadyAt!.Value;
        var pdf = AdministrativeLetters.EarlyReturnNotice(new EarlyReturnNoticeLetter
        {
            Letterhead = Letterheads.Of(unit),
            Number = await forms.NumberAsync(unit, DocumentKind.EarlyReturnNotice, key, ready, ct),
            IssuedAt = ready, DossierCode = d.Code, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Signer = IssuedForms.HeadOf(unit), Recipients = Recipients(unit, null),
            ApplicantName = d.Applicant.FullName, ApplicantAddress = d.Applicant.Address, ReadyAt = ready, DueAt = d.DueAt!.Value,
            CollectAt = CollectAt(d, unit), CollectWhen = CollectWhen(ready),
        });
        return await SignedAsync(pdf, DocumentKind.EarlyReturnNotice, d, unit, forms, "thong-bao-tra-som", ct, key);
    }

    private static async Task<IResult> EvaluationSlipPdfAsync(string code, HttpContext http, MotCuaDb db, IssuedForms forms, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return NotFound(code);
        if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
        if (!d.MayBeRated) return Problems.Conflict($"Hồ sơ {code} chưa có kết quả giải quyết nên chưa thể đánh giá.");
        var unit = await AgencyAsync(db, d.ReceivingAgencyId, ct);
        var pdf = AdministrativeLetters.EvaluationSlip(new EvaluationSlipLetter
        {
            Letterhead = Letterheads.Of(unit),
            IssuedAt = d.ResultReadyAt!.Value, DossierCode = d.Code, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Indicators = RatingIndicators.All,
        });
        return await SignedAsync(pdf, DocumentKind.EvaluationSlip, d, unit, forms, "phieu-danh-gia", ct);
    }

    private static Task<Agency> AgencyAsync(MotCuaDb db, int id, CancellationToken ct) => db.Agencies.AsNoTracking().FirstAsync(a => a.Id == id, ct);

    // With a key, the signed file is kept as the document's (IssuedForms.SignAsync) and served by Stored on every reprint.
    private static async Task<IResult> SignedAsync(byte[] pdf, DocumentKind kind, Dossier d, Agency issuer, IssuedForms forms, string fileName, CancellationToken ct,
        string? key = null) =>
        Results.File(await forms.SignAsync(pdf, kind, d.Code, issuer, ct, key), "application/pdf", $"{d.Code}-{fileName}.pdf");

    // A letter once issued is the file first signed, whatever changed since (a signer's title, the dossier's state).
    private static async Task<IResult?> StoredAsync(IssuedForms forms, string key, Dossier d, string fileName, CancellationToken ct) =>
        await forms.IssuedAsync(key, ct) is { } stored ? Results.File(stored, "application/pdf", $"{d.Code}-{fileName}.pdf") : null;
}
