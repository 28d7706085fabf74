using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Calendar;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Registers;
using MotCua.Documents;
using MotCua.Domain.Documents;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Text;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

public sealed record NoteRequest(string? Note);
public sealed record ReasonRequest(string? Reason);
/// <summary>Accepting an online dossier (both optional, as at intake): <c>feeCase</c>, the 1-based case of a fee
/// published by case; <c>fee</c>, the officer's amount for a fee the catalogue's text could not be read to
/// (<c>amountVnd</c> integer VND, <c>kind</c> <c>fee</c> | <c>charge</c>, <c>note</c> 2 to 300 characters). The fee is
/// then fixed and its payment request raised with a VietQR; 422 naming <c>feeCase</c>, <c>fee</c> or <c>fee.*</c>.</summary>
public sealed record AcceptOnlineRequest(int? FeeCase = null, AcceptanceOfficerFee? Fee = null);
public sealed record RefuseOnlineRequest(string? Reason, string? LegalBasis);
public sealed record AssignRequest(string? UserName);
public sealed record CompleteStepRequest(string? Note, bool SendBack = false);
public sealed record ReturnRequest(ReturnMethod? Method, string? ReceivedBy, string? DispatchNumber, string? PostalStatus);
public sealed record SupplementItemRequest(string? Document, string? Reason);
public sealed record SupplementRequest(IReadOnlyList<SupplementItemRequest?>? Items);
public sealed record ExtensionRequest(string? Reason, DateTimeOffset? NewDueAt);
public sealed record CoAgencyAnswerRequest(int? StepIndex, string? Answer);
/// <summary>A financial obligation: the note, the amount in integer VND (required when the dossier has no open payment
/// request; it raises one with its VietQR code) and, with the amount, its <c>kind</c>: <c>fee</c> (phí), <c>charge</c>
/// (lệ phí) or <c>levy</c> (thuế, tiền sử dụng đất…: no biên lai thu phí, lệ phí is issued for it).</summary>
public sealed record FinancialObligationRequest(string? Note, long? AmountVnd, string? Kind = null);
/// <summary>The financial obligation met: a note (the voucher's number…) and when the citizen paid (ISO 8601 with its
/// offset, e.g. "2025-11-19T09:30:00+07:00"; not in the future nor before the obligation was asked for; default now):
/// the pause ends then.</summary>
public sealed record PaymentReceivedRequest(string? Note, DateTimeOffset? PaidAt);

/// <summary>Endpoint metadata naming the Domain action an endpoint takes, so that tests derive who may call it from
/// <see cref="Dossier.Allows"/> instead of a list of their own.</summary>
public sealed record ProcessingActionMetadata(ProcessingAction Action);

/// <summary>
/// <c>POST /api/v1/dossiers/{code}/…</c>: one endpoint per processing action. Answers the dossier as
/// <c>GET /api/v1/dossiers/{code}</c> does, or problem+json: 403 wrong role, 404 not held by the officer's agency,
/// 409 wrong status or step (or a concurrent change), 422 incomplete input or a passed time window.
/// </summary>
public static class ProcessingEndpoints
{
    public static void MapProcessingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/dossiers/{code}").RequireAuthorization(Policies.Api).WithTags("Processing");

        Map<AcceptOnlineRequest>(group, "/accept-online", ProcessingAction.AcceptOnline,
            "Bộ phận Một cửa tiếp nhận hồ sơ nộp trực tuyến (trạng thái 1 → 2, vào sổ theo dõi); phí theo trường hợp (feeCase) hoặc do cán bộ xác định (fee) được xác định và lập yêu cầu thanh toán",
            b => new ActionInput { FeeCase = b.FeeCase, Fee = b.Fee });
        Map<RefuseOnlineRequest>(group, "/refuse-online", ProcessingAction.RefuseOnline, "Bộ phận Một cửa từ chối tiếp nhận hồ sơ nộp trực tuyến, nêu lý do và căn cứ (trạng thái 3)",
            b => new ActionInput { Reason = b.Reason, LegalBasis = b.LegalBasis });
        Map<Empty>(group, "/transfer", ProcessingAction.Transfer, "Chuyển hồ sơ đến bộ phận giải quyết (trong ngày, hoặc đầu ngày làm việc sau nếu nhận sau giờ chốt)",
            _ => new ActionInput());
        Map<AssignRequest>(group, "/assign", ProcessingAction.Assign, "Lãnh đạo phòng phân công chuyên viên xử lý",
            b => new ActionInput { UserName = b.UserName });
        Map<CompleteStepRequest>(group, "/complete-step", ProcessingAction.CompleteStep, "Hoàn thành bước xử lý hiện tại (hoặc trả lại bước trước nếu quy trình cho phép)",
            b => new ActionInput { Note = b.Note, SendBack = b.SendBack });
        Map<NoteRequest>(group, "/approve", ProcessingAction.Approve, "Lãnh đạo phê duyệt, ký kết quả",
            b => new ActionInput { Note = b.Note });
        Map<ReasonRequest>(group, "/refuse", ProcessingAction.RefuseOnMerits, "Lãnh đạo từ chối giải quyết (thông báo từ chối là kết quả)",
            b => new ActionInput { Reason = b.Reason });
        Map<Empty>(group, "/result-ready", ProcessingAction.ResultReady, "Bộ phận Một cửa nhận kết quả (trạng thái 9: đã xử lý xong)",
            _ => new ActionInput());
        Map<ReturnRequest>(group, "/return", ProcessingAction.Return, "Trả kết quả (trạng thái 10): tại quầy, qua bưu chính hoặc trực tuyến",
            b => new ActionInput { Method = b.Method, ReceivedBy = b.ReceivedBy, DispatchNumber = b.DispatchNumber, PostalStatus = b.PostalStatus });
        Map<SupplementRequest>(group, "/supplement-request", ProcessingAction.RequestSupplement, "Yêu cầu bổ sung hồ sơ (Mẫu 02, một lần, đầy đủ): khi kiểm tra hồ sơ trực tuyến trước khi tiếp nhận, hoặc khi thẩm định trong 3 ngày làm việc",
            b => new ActionInput { Items = [.. (b.Items ?? []).Select(i => new SupplementItem(i?.Document ?? "", i?.Reason ?? ""))] });
        Map<Empty>(group, "/supplement-received", ProcessingAction.SupplementReceived, "Nhận hồ sơ bổ sung: thời hạn giải quyết tính lại từ đầu",
            _ => new ActionInput());
        Map<FinancialObligationRequest>(group, "/financial-obligation", ProcessingAction.RequireFinancialObligation,
            "Yêu cầu thực hiện nghĩa vụ tài chính (trạng thái 6, tạm dừng tính thời hạn) với số tiền amountVnd (đồng): lập yêu cầu thanh toán có mã VietQR",
            b => new ActionInput { Note = b.Note, AmountVnd = b.AmountVnd, ObligationKind = b.Kind });
        Map<PaymentReceivedRequest>(group, "/payment-received", ProcessingAction.PaymentReceived,
            "Xác nhận đã thực hiện nghĩa vụ tài chính vào thời điểm paidAt (mặc định: bây giờ); hạn trả lùi theo thời gian thực tế đã chờ",
            b => new ActionInput { Note = b.Note, PaidAt = b.PaidAt });
        Map<ExtensionRequest>(group, "/extension", ProcessingAction.Extend, "Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): trước hạn ít nhất 1 ngày làm việc, một lần",
            b => new ActionInput { Reason = b.Reason, NewDueAt = b.NewDueAt });
        Map<ReasonRequest>(group, "/withdraw", ProcessingAction.Withdraw, "Ghi nhận yêu cầu rút hồ sơ của người dân (trạng thái 7), khi chưa có kết quả",
            b => new ActionInput { Reason = b.Reason });
        Map<ReasonRequest>(group, "/stop", ProcessingAction.Stop, "Dừng giải quyết hồ sơ (trạng thái 8) với thông báo dừng",
            b => new ActionInput { Reason = b.Reason });
        Map<CoAgencyAnswerRequest>(group, "/co-agency-task", ProcessingAction.CompleteCoAgencyTask, "Cơ quan phối hợp (liên thông) gửi ý kiến cho nhiệm vụ của mình",
            b => new ActionInput { StepIndex = b.StepIndex, Note = b.Answer });

        // Issue 14, eleventh trial: the fee left unplaced at intake or acceptance, fixed later (LaterFee); not a Domain action.
        group.MapPost("/fee", async (string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var (body, _, problem) = await JsonBody.ReadAsync<AcceptOnlineRequest>(http.Request, ct, empty: "{}");
            if (problem is not null) return problem;
            var outcome = await LaterFee.FixAsync(db, http.User, code, body!.FeeCase, body.Fee, clock.GetUtcNow(), ct);
            return outcome.Fee is null ? outcome.ToProblem() : Results.Ok(await MotCua.Web.Features.Fees.DossierFees.ReadAsync(db, (await db.Dossiers.AsNoTracking().FirstAsync(d => d.Code == code, ct)).Id, ct));
        })
        .Accepts<AcceptOnlineRequest>("application/json")
        .Produces<MotCua.Web.Features.Fees.FeeView>()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .WithSummary("Xác định phí, lệ phí chưa xác định được khi tiếp nhận (feeCase hoặc fee như accept-online): cán bộ tiếp nhận hoặc kế toán của đơn vị tiếp nhận, khi chưa có khoản tiền nào; lập yêu cầu thanh toán có mã VietQR");

        group.MapGet("/control-slip.pdf", ControlSlipAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Phiếu kiểm soát quá trình giải quyết hồ sơ, lập từ lịch sử xử lý");

        group.MapGet("/apology.pdf", ApologyAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết, của cơ quan có thẩm quyền, ký số");
        group.MapGet("/stop-notice.pdf", StopNoticeAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Mẫu 05: Thông báo dừng giải quyết hồ sơ, của Bộ phận Một cửa đã tiếp nhận, ký số");

        group.MapGet("/result.pdf", ResultAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Văn bản kết quả giải quyết (hoặc thông báo từ chối), ký số bằng chứng thư của lãnh đạo đã quyết định");

        // Anonymous: a body is bounded before it is read (Kestrel stops at the limit) and a client is throttled like a lookup.
        app.MapPost("/api/v1/signatures/verify", VerifyAsync).AllowAnonymous().WithTags("Processing")
            .WithMetadata(new RequestSizeLimitAttribute(VerifyLimit)).RequireRateLimiting(Lookup.LookupEndpoints.RateLimitPolicy)
            .Accepts<byte[]>("application/pdf").Produces<SignatureView>().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Kiểm tra chữ ký số của văn bản kết quả (gửi tệp PDF)");
    }

    // Mẫu 04: the competent agency's letter, dated as the extension, numbered once and signed by the agency's head
    // (never by whoever recorded the extension); 409 until the dossier was extended.
    private static async Task<IResult> ApologyAsync(string code, HttpContext http, MotCuaDb db, IssuedForms issued, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");
        if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
        // Once issued, the letter is the file first signed, whatever changed since.
        var key = $"dossier:{d.Id}:apology";
        if (await issued.IssuedAsync(key, ct) is { } stored) return Results.File(stored, "application/pdf", $"{code}-xin-loi-gia-han.pdf");
        if (d.ExtendedAt is null) return Problems.Conflict($"Hồ sơ {code} chưa được hẹn lại ngày trả kết quả.");
        var at = d.Events.Last(e => e.Action == DossierEventAction.Extend).At;
        var competent = await CompetentAgencies.OfAsync(db, d, ct);
        var receiving = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == d.ReceivingAgencyId, ct);
        var pdf = ProcessingForms.Apology(new ApologyForm
        {
            Letterhead = competent.Letterhead,
            Number = await issued.NumberAsync(competent.Agency, DocumentKind.Apology, key, at, ct),
            DossierCode = d.Code, PortalCode = d.PortalCode, ApplicantName = d.Applicant.FullName, ApplicantKind = d.Applicant.Kind, ApplicantIdNumber = d.Applicant.IdNumber,
            ApplicantAddress = d.Applicant.Address, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Signer = competent.Head(), ReceivingUnitName = receiving.Name, ReceivedAt = d.ReceivedAt!.Value, IssuedAt = at,
            OriginalDueAt = d.OriginalDueAt!.Value, NewDueAt = d.ExtensionDueAt!.Value, Reason = d.ExtensionReason!,
        });
        return Results.File(await issued.SignAsync(pdf, DocumentKind.Apology, d.Code, competent.Agency, ct, key), "application/pdf", $"{code}-xin-loi-gia-han.pdf");
    }

    // Mẫu 05 to an officer who may read the dossier; 409 unless stopped.
    private static async Task<IResult> StopNoticeAsync(string code, HttpContext http, MotCuaDb db, IssuedForms issued, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");
        if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
        return await StopNoticePdfAsync(db, issued, d, ct) is { } pdf
            ? Results.File(pdf, "application/pdf", $"{code}-thong-bao-dung.pdf")
            : Problems.Conflict($"Hồ sơ {Problems.Echo(code)} không bị dừng giải quyết.");
    }

    /// <summary>
    /// Mẫu 05 "Thông báo dừng giải quyết hồ sơ" of <paramref name="d"/>, signed: the act of the one-stop unit where the
    /// dossier was received (TT 03/2025/TT-VPCP Art. 7 as issue 11 reports it), dated as the stop, signed by that unit's head
    /// and copied to the competent agency; issued once and kept (the same number and bytes on every later read, by an
    /// officer or through the National Portal's link). Null when the dossier was never stopped, or is monitored from a
    /// ministry's system (that system issues its own notice; p16n: its stop has no reason of ours and printed a 500).
    /// </summary>
    public static async Task<byte[]?> StopNoticePdfAsync(MotCuaDb db, IssuedForms issued, Dossier d, CancellationToken ct)
    {
        var key = $"dossier:{d.Id}:stop";
        if (await issued.IssuedAsync(key, ct) is { } stored) return stored;
        if (d.Status != DossierStatus.Stopped || d.Origin == DossierOrigin.Monitored) return null;
        var at = d.Events.Last(e => e.Action == DossierEventAction.Stop).At;
        var receiving = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == d.ReceivingAgencyId, ct);
        var competent = await CompetentAgencies.OfAsync(db, d, ct);
        var pdf = ProcessingForms.StopNotice(new StopNoticeForm
        {
            Letterhead = Letterheads.Of(receiving),
            Number = await issued.NumberAsync(receiving, DocumentKind.StopNotice, key, at, ct),
            DossierCode = d.Code, PortalCode = d.PortalCode, ApplicantName = d.Applicant.FullName, ApplicantKind = d.Applicant.Kind, ApplicantIdNumber = d.Applicant.IdNumber,
            ApplicantAddress = d.Applicant.Address, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Signer = IssuedForms.HeadOf(receiving), ReceivingUnitName = receiving.Name, ReceivedAt = d.ReceivedAt, SubmittedAt = d.SubmittedAt, IssuedAt = at,
            Reason = d.StopReason!, CompetentAgencyName = competent.Known ? competent.Name : null,
            WithdrawalRequest = d.WithdrawalReason, WithdrawalRequestedAt = d.Events.LastOrDefault(e => e.Action == DossierEventAction.Withdraw)?.At,
        });
        return await issued.SignAsync(pdf, DocumentKind.StopNotice, d.Code, receiving, ct, key);
    }

    /// <summary>A PDF's signature as the verification page and API show it. <see cref="SignerRecognised"/> and
    /// <see cref="SignerTrust"/>: whether the signer's certificate reaches a trusted certification authority, and the
    /// Vietnamese label (<see cref="Infrastructure.SignerTrust"/>; "Tự ký …" for a self-signed one); null when unsigned.</summary>
    public sealed record SignatureView(bool Signed, bool Intact, bool IssuedByMotCua, string? Signer, DateTimeOffset? SignedAt, string? DossierCode, string Verdict,
        bool SignerRecognised, string? SignerTrust);

    /// <summary>What the verification page and API say about a PDF, in Vietnamese.</summary>
    public static async Task<SignatureView> CheckAsync(byte[] pdf, DemoSigning signing, SignerTrust trust, CancellationToken ct)
    {
        var check = PdfSignature.Verify(pdf);
        var ours = check.Signer is { } signer && await signing.VouchesForAsync(signer, check.SignedAt, ct);
        var (recognised, label) = check.Signer is { } certificate ? await trust.CheckAsync(certificate, ct) : (false, null);
        var verdict = !check.Signed ? "Tệp không có chữ ký số."
            : !check.Intact ? "Chữ ký không hợp lệ: nội dung tệp đã bị thay đổi sau khi ký."
            : !ours ? "Chữ ký đúng với nội dung nhưng chứng thư không phải chứng thư ký số đang được dùng trong hệ thống MotCua."
            : recognised ? "Chữ ký hợp lệ: văn bản được ký trong hệ thống MotCua và chưa bị thay đổi."
            : $"Chữ ký đúng với nội dung và được ký trong hệ thống MotCua, nhưng chứng thư của người ký: {char.ToLowerInvariant(label![0])}{label[1..]}.";
        return new SignatureView(check.Signed, check.Intact, ours, check.Signer?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
            check.SignedAt?.ToOffset(VietnamTime.Offset), check.Subject, verdict, recognised, label);
    }

    // A declared length over the limit is refused unread; an undeclared one is read only up to the limit, where Kestrel
    // stops it (the endpoint's RequestSizeLimit) and the answer is the same 413. Anyone may call this, so at most
    // VerifySlots bodies are held at once, each in one buffer of its declared size: a crowd of 10 MB uploads waits its
    // turn instead of growing the heap (issue 12, item 2: 16 clients × three 29.9 MB bodies had taken the app to 1.74 GiB).
    private static async Task<IResult> VerifyAsync(HttpContext http, DemoSigning signing, SignerTrust trust, CancellationToken ct)
    {
        if (http.Request.ContentLength > VerifyLimit) return TooLarge();
        await VerifySlots.WaitAsync(ct);
        try
        {
            using var body = new MemoryStream(http.Request.ContentLength is { } declared ? (int)declared : 0);
            try
            {
                await http.Request.Body.CopyToAsync(body, ct);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge();
            }
            if (body.Length == 0) return Problems.Field("body", "Gửi tệp PDF (tối đa 10 MB) trong nội dung yêu cầu.");
            // With the length declared the buffer is the file itself; only a chunked body is copied once more.
            var pdf = body.Length == body.Capacity ? body.GetBuffer() : body.ToArray();
            return Results.Ok(await CheckAsync(pdf, signing, trust, ct));
        }
        finally
        {
            VerifySlots.Release();
        }
    }

    private static readonly SemaphoreSlim VerifySlots = new(Math.Max(2, Environment.ProcessorCount));

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Tệp quá lớn",
        detail: "Tệp PDF gửi kiểm tra chữ ký không được quá 10 MB.");

    public const int VerifyLimit = 10 * 1024 * 1024;

    // The competent agency's notice of the result (or of its refusal on the merits, which is the result), signed for the
    // agency by the leader who decided, under his title (Nghị định 30/2020: "KT. {head}" / position, or the head himself).
    private static async Task<IResult> ResultAsync(string code, HttpContext http, MotCuaDb db, IssuedForms issued, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");
        if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
        return await ResultPdfAsync(db, issued, d, http.Request, ct) is { } signed
            ? Results.File(signed, "application/pdf", $"{code}-ket-qua.pdf")
            : Problems.Conflict($"Hồ sơ {code} đang ở trạng thái \"{d.Status.Vietnamese()}\", chưa có kết quả.");
    }

    /// <summary>
    /// The electronic result of <paramref name="d"/> (the result notice, signed by the leader who decided), numbered and
    /// stored on first issue and the same file afterwards; null while the dossier has no result (not finished). Read by
    /// the officer's <c>result.pdf</c> and by the link the National Portal opens (docs/PORTAL.md "Links").
    /// </summary>
    public static async Task<byte[]?> ResultPdfAsync(MotCuaDb db, IssuedForms issued, Dossier d, HttpRequest request, CancellationToken ct)
    {
        // A monitored dossier's result is the ministry's to issue (Dossier.PaperRefusal); the portal's and citizens' links too.
        if (d.PaperRefusal is not null) return null;
        var key = $"dossier:{d.Id}:result";
        if (await issued.IssuedAsync(key, ct) is { } stored) return stored;
        if (!DossierStatuses.Finished.Contains(d.Status)) return null;
        var decision = d.Events.LastOrDefault(e => e.Action is DossierEventAction.Approve or DossierEventAction.RefuseOnMerits)
            ?? d.Events.Last(e => e.Action == DossierEventAction.ResultReady);
        var competent = await CompetentAgencies.OfAsync(db, d, ct);
        var receiving = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == d.ReceivingAgencyId, ct);
        var position = decision.ActorUserId is { } userId ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Position).FirstOrDefaultAsync(ct) : null;
        var pdf = ResultDocument.Pdf(new ResultForm
        {
            Letterhead = competent.Letterhead,
            Number = await issued.NumberAsync(competent.Agency, DocumentKind.ResultNotice, key, decision.At, ct),
            DossierCode = d.Code, PortalCode = d.PortalCode, ApplicantName = d.Applicant.FullName, ApplicantKind = d.Applicant.Kind, ApplicantIdNumber = d.Applicant.IdNumber,
            ApplicantAddress = d.Applicant.Address, ProcedureName = d.ProcedureName, ProcedureCode = d.ProcedureCode,
            Signer = competent.SignedBy(decision.ActorName, position),
            Refused = d.ResultKind == ResultKind.Refused,
            Note = d.ResultNote,
            DecidedAt = decision.At,
            ReturnUnitName = receiving.Name,
            // Issued at "result ready" or later: before the return, an online dossier's result is expected online.
            ReturnedOnline = d.ReturnMethod == ReturnMethod.Electronic || (d.ReturnMethod is null && d.Channel == Channel.Online),
            VerifyUrl = LookupUrl.Verify(request, d.Code),
            BookEntries = await BookEntriesAsync(db, d.Id, ct),
        });
        // Signed by the leader who decided, with that leader's own certificate; a result made ready without a decision
        // recorded (no approval step in its process) carries the agency's, as the other documents do.
        var signed = decision.Action == DossierEventAction.ResultReady
            ? await issued.SignAsync(pdf, DocumentKind.ResultNotice, d.Code, competent.Agency, ct, key)
            : await issued.SignAsOfficerAsync(decision.ActorUserId, pdf, DocumentKind.ResultNotice, d.Code, competent.Agency, ct, key);
        return signed;
    }

    private sealed record BookEntryRow(string Book, int Year, int Number);

    // The numbers the act took in the official books (docs/REGISTERS.md), read from the stored entries: the result prints
    // them as the books numbered them, every number of a book on one line (one per original of a copy request).
    private static async Task<IReadOnlyList<string>> BookEntriesAsync(MotCuaDb db, long dossierId, CancellationToken ct) =>
        [.. (await db.Database.SqlQuery<BookEntryRow>($"""
                SELECT book AS "Book", year AS "Year", number AS "Number" FROM register_entries WHERE dossier_id = {dossierId} ORDER BY book, number
                """).ToListAsync(ct))
            .GroupBy(e => (e.Book, e.Year))
            .Select(g => OfficialBooks.ByKey(g.Key.Book)?.ResultReference([.. g.Select(e => e.Number)], g.Key.Year)).OfType<string>()];

    // Mẫu 06: the receiving unit's slip, numbered once per dossier and drawn afresh on each print, since every hand-over
    // adds a row; the competent agency is named, never the unit itself.
    private static async Task<IResult> ControlSlipAsync(string code, HttpContext http, MotCuaDb db, IssuedForms issued, CalendarStore calendars, TimeProvider clock, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
        if (d is null) return Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");
        if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
        if (d.TransferredAt is null || d.ReceivedAt is null || d.OriginalDueAt is null)
            return Problems.Conflict($"Hồ sơ {code} chưa được chuyển xử lý nên chưa có phiếu kiểm soát.");
        var receiving = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == d.ReceivingAgencyId, ct);
        var coAgencies = await CompetentAgencies.NamesAsync(db, [.. d.CoAgencyTasks.Select(t => t.AgencyId).Distinct()], ct);
        var competent = await CompetentAgencies.OfAsync(db, d, ct);
        var now = clock.GetUtcNow();
        var pdf = ProcessingForms.ControlSlip(new ControlSlipForm
        {
            Letterhead = Letterheads.Of(receiving),
            Number = await issued.NumberAsync(receiving, DocumentKind.ControlSlip, $"dossier:{d.Id}:control-slip", now, ct),
            DossierCode = d.Code,
            ApplicantName = d.Applicant.FullName,
            ProcedureName = d.ProcedureName,
            ResolvingAgencyName = competent.Name,
            CoAgencyNames = [.. d.CoAgencyTasks.Select(t => coAgencies[t.AgencyId]).Distinct()],
            ReceivedAt = d.ReceivedAt.Value,
            DueAt = d.OriginalDueAt.Value,
            Rows = ControlSlip.Rows(d, await calendars.ForAsync(receiving, ct), receiving.Name),
            IssuedAt = now,
        });
        return Results.File(await issued.SignAsync(pdf, DocumentKind.ControlSlip, d.Code, receiving, ct), "application/pdf", $"{code}-phieu-kiem-soat.pdf");
    }

    /// <summary>
    /// What is wrong with a body that was read but does not have the request's shape, as 422 naming the field, before the
    /// dossier is looked at (as a wrong type is): a null line of a supplement request (<c>items[0]</c>), a note, reason or
    /// legal basis over <see cref="TypedText.MaxNote"/> characters (issue 12, item 8). Null when the body is well formed.
    /// </summary>
    private static IResult? ShapeProblem(object body)
    {
        static string? Long(string? text) => text?.Length > TypedText.MaxNote ? TypedText.Problem(text, multiLine: true, TypedText.MaxNote) : null;
        if (body is SupplementRequest { Items: { } items })
        {
            // The shape of every line at once: a null line and each part's length. What a line says (a document without
            // its reason, a blank line) is the Domain's rule, checked after the officer's role (DossierProcessing).
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is null) errors.TryAdd($"items[{i}]", [Dossier.BlankSupplementLine]);
                if (Long(items[i]?.Document) is { } document) errors.TryAdd($"items[{i}].document", [document]);
                if (Long(items[i]?.Reason) is { } reason) errors.TryAdd($"items[{i}].reason", [reason]);
            }
            if (errors.Count > 0) return Problems.Validation(errors);
        }
        var (field, message) = body switch
        {
            NoteRequest { Note: var note } when Long(note) is { } m => ("note", m),
            FinancialObligationRequest { Note: var note } when Long(note) is { } m => ("note", m),
            CompleteStepRequest { Note: var note } when Long(note) is { } m => ("note", m),
            ReasonRequest { Reason: var reason } when Long(reason) is { } m => ("reason", m),
            RefuseOnlineRequest r when Long(r.Reason) is { } m => ("reason", m),
            RefuseOnlineRequest r when Long(r.LegalBasis) is { } m => ("legalBasis", m),
            ExtensionRequest { Reason: var reason } when Long(reason) is { } m => ("reason", m),
            CoAgencyAnswerRequest { Answer: var answer } when Long(answer) is { } m => ("answer", m),
            _ => ((string?)null, (string?)null),
        };
        return field is null ? null : Problems.Field(field, message!);
    }

    /// <summary>For actions without a body: <c>{}</c> or nothing at all.</summary>
    public sealed record Empty;

    private static void Map<TBody>(RouteGroupBuilder group, string path, ProcessingAction action, string summary, Func<TBody, ActionInput> input) where TBody : class =>
        group.MapPost(path, async (string code, HttpContext http, DossierProcessing processing, MotCuaDb db, CancellationToken ct) =>
        {
            var (body, _, problem) = await JsonBody.ReadAsync<TBody>(http.Request, ct, empty: "{}");
            if (problem is not null) return problem;
            if (ShapeProblem(body!) is { } shape) return shape;
            var outcome = await processing.PerformAsync(http.User, code, action, input(body!), ct);
            return outcome.Succeeded
                ? Results.Ok(await DossierEndpoints.ViewAsync(db, outcome.Dossier!, Claims.OfficerOf(http.User), ct))
                : outcome.ToProblem();
        })
        .WithMetadata(new ProcessingActionMetadata(action))
        .WithMetadata(new PersonalDataAttribute(PersonalFields.All))
        .Accepts<TBody>("application/json")
        .Produces<DossierView>()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .WithSummary(summary);
}
