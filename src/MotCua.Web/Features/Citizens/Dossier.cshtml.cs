using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Payments;
using MotCua.Web.Features.Processing;
using MotCua.Web.Features.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>One line of the citizen's timeline: when (Vietnam time), what happened in words, and the unit that did it
/// (the receiving unit, the competent agency, or the citizen), never an officer's name.</summary>
public sealed record TimelineLine(DateTimeOffset At, string What, string Unit);

/// <summary>A file of the dossier as the citizen sees it: its id for <c>/cong-dan/ho-so/{code}/tep/{id}</c>, the document
/// it belongs to, shown name, pages, and whether it came with a supplement.</summary>
public sealed record CitizenFile(long Id, string? Document, string DisplayName, int? Pages, bool Supplement);

/// <summary>
/// <c>/cong-dan/ho-so/{code}</c>: one of the signed-in citizen's own dossiers (issue 17, piece B, docs/CITIZENS.md). Guarded
/// by <c>Policies.Citizen</c>; the dossier is read by <see cref="DossierAccess.ReadAsync"/>, the one rule for every caller,
/// so another citizen's dossier, or one that does not exist, is the same 404. Shows the timeline in words
/// (<see cref="Timeline"/>), the due date with the days it skipped (<see cref="SkippedPeriods.Explain"/>), the files sent
/// (downloadable), the supplement request (Mẫu 02) with one upload per item and "Gửi bổ sung"
/// (<see cref="CitizenDossierActions.AnswerSupplementAsync"/>), open payment requests with their VietQR, the result
/// ("Tải kết quả", "Kiểm tra chữ ký" as <c>/xac-thuc</c> shows it), "Rút hồ sơ" while there is no result, and the
/// rating form while the rating window is open and the rating is not final (issue 17, cit31: posted here, recorded as the
/// account's rating, <see cref="RatingStore.RateAsApplicantAsync"/>). No script.
/// </summary>
public sealed class DossierModel(MotCuaDb db, CitizenDossierActions actions, CitizenDossierRead read, DemoSigning signing, SignerTrust trust, IssuedForms issued,
    FileStoreOptions files, RatingStore ratings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    public Dossier? Dossier { get; private set; }
    public IReadOnlyList<TimelineLine> Timeline { get; private set; } = [];
    public string? DueExplanation { get; private set; }
    public IReadOnlyList<CitizenFile> Files { get; private set; } = [];
    public IReadOnlyList<SupplementFileView> SupplementFiles { get; private set; } = [];
    public string? UploadToken { get; private set; }
    public IReadOnlyList<PaymentRequestView> Payments { get; private set; } = [];
    /// <summary>Whether the page offers the rating form: the window is open and the rating is not final.</summary>
    public bool MayRate { get; private set; }
    /// <summary>Whether the applicant's rating is final: the page says it was rated.</summary>
    public bool Rated { get; private set; }
    /// <summary>The rating form as last posted (kept when refused).</summary>
    public RatingForm Rating { get; private set; } = RatingForm.Empty;
    /// <summary>The rating's problems (422), each in Vietnamese.</summary>
    public IReadOnlyList<string> RatingErrors { get; private set; } = [];
    public bool MayAnswerSupplement { get; private set; }
    public bool MayWithdraw { get; private set; }
    public bool HasResult { get; private set; }
    /// <summary>The stored result's signature as <c>/xac-thuc</c> shows it, when the citizen asked (<c>?kiem-tra=1</c>).</summary>
    public ProcessingEndpoints.SignatureView? Signature { get; private set; }
    /// <summary>Why the last action or upload was refused, in Vietnamese (the page answers 4xx with it in a <c>role="alert"</c> summary).</summary>
    public string? Error { get; private set; }
    /// <summary>Why the last supplement upload was refused, in Vietnamese, shown in the supplement's section (a
    /// <c>role="alert"</c> summary above the items) while the dossier still asks for files.</summary>
    public string? UploadError { get; private set; }
    /// <summary>What the last action did (after its 303).</summary>
    public string? Done { get; private set; }
    /// <summary>Reached right after "Nộp hồ sơ" (<c>?xong=nop</c>): the page opens with the confirmation.</summary>
    public bool JustSubmitted { get; private set; }

    /// <summary>The withdrawal's reason as typed.</summary>
    [BindProperty] public string? Reason { get; set; }

    /// <summary>What the due date is while the clock stands still (an open pause: a supplement awaited, status 5, or a
    /// financial obligation, status 6), as the officers' page shows the pause; null when it runs. A supplement restarts
    /// the time limit from zero when answered (DOMAIN §3); a payment wait is added to the due date when paid.</summary>
    public static string? PauseText(Dossier d) =>
        d.Pauses.LastOrDefault(p => p.To is null) is not { } pause ? null
        : $"Từ {VietnamTime.ToVietnam(pause.From):HH:mm 'ngày' dd/MM/yyyy} ({pause.Reason.Vietnamese()}). " + (pause.Reason == PauseReason.Supplement
            ? "Thời hạn giải quyết được tính lại từ đầu khi ông/bà gửi bổ sung; ngày hẹn trả mới sẽ hiện ở đây."
            : "Ngày hẹn trả sẽ được tính lại (cộng thêm thời gian chờ) khi nghĩa vụ tài chính được thực hiện xong.");

    /// <summary>Why an upload from a page left open was not taken (the upload route's <c>?loi=</c>): its token expired
    /// (400; the page just loaded carries a new one), or the dossier no longer awaits a supplement (409: sent from another
    /// tab, or closed by the officer). Null for any other status (<see cref="SubmitModel.UploadErrorText"/>'s).</summary>
    public static string? StaleUploadText(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "Trang tải tệp đã hết hạn nên tệp chưa được nhận. Ông/bà vui lòng chọn tệp lần nữa.",
        StatusCodes.Status409Conflict => "Hồ sơ không còn chờ bổ sung nên tệp không được nhận.",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "loi")] int? error, [FromQuery(Name = "xong")] string? done,
        [FromQuery(Name = "kiem-tra")] bool check = false, CancellationToken ct = default)
    {
        if (!await LoadAsync(ct)) return NotFound();
        // An upload refused while the form is still there is said inside the form's section, where the 303 (#bo-sung)
        // scrolls to; otherwise (the form gone) at the top.
        var refusal = StaleUploadText(error) ?? SubmitModel.UploadErrorText(error, files, 0, SubmitModel.RefusalOf(error, TempData));
        if (MayAnswerSupplement) UploadError = refusal;
        else Error = refusal;
        Done = done switch
        {
            "nop" => null,
            "bo-sung" => "Đã gửi hồ sơ bổ sung. Thời hạn giải quyết được tính lại từ đầu.",
            "rut" => "Đã gửi yêu cầu rút hồ sơ. Bộ phận Một cửa sẽ ra thông báo dừng xử lý.",
            "danh-gia" => "Cảm ơn ông/bà đã đánh giá. Phiếu đánh giá đã được ghi nhận.",
            _ => null,
        };
        JustSubmitted = done == "nop";
        if (check && HasResult && await ProcessingEndpoints.ResultPdfAsync(db, issued, Dossier!, Request, ct) is { } pdf)
            Signature = await ProcessingEndpoints.CheckAsync(pdf, signing, trust, ct);
        return Page();
    }

    /// <summary>"Gửi bổ sung": every item must have a file; 303 back with the restarted due date, or the page (409/422) with the refusal.</summary>
    public async Task<IActionResult> OnPostSupplementAsync(CancellationToken ct)
    {
        var outcome = await actions.AnswerSupplementAsync(User, Code, null, ct);
        return await AfterAsync(outcome, "bo-sung", ct);
    }

    /// <summary>"Rút hồ sơ" with a reason: 303 back at status 7, or the page (409/422) with the refusal.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var outcome = await actions.WithdrawAsync(User, Code, Reason, ct);
        return await AfterAsync(outcome, "rut", ct);
    }

    /// <summary>
    /// "Gửi đánh giá": the signed-in applicant rates the dossier (the account's proof, as <c>POST
    /// /cong-dan/api/dossiers/{code}/rating</c>); 303 back with the thanks, or the page with the problems (422) or why
    /// not (409: rated, window closed, busy).
    /// </summary>
    public async Task<IActionResult> OnPostRateAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Rating = RatingForm.Read(Request.Form);
        var (rating, errors) = Domain.Ratings.Rating.Check(Rating.Answers, Rating.Overall, Rating.Comment, "web");
        if (rating is null)
        {
            RatingErrors = [.. errors.Select(e => e.Message)];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var (outcome, window) = await ratings.RateAsApplicantAsync(Dossier!.Id, rating, ct);
        if (outcome == RateOutcome.Rated)
        {
            Response.Headers.Location = $"/cong-dan/ho-so/{Uri.EscapeDataString(Code)}?xong=danh-gia";
            return StatusCode(StatusCodes.Status303SeeOther);
        }
        Error = outcome switch
        {
            RateOutcome.AlreadyRated => RatingEndpoints.AlreadyRatedText,
            RateOutcome.Busy => RatingEndpoints.BusyText,
            RateOutcome.NotFound => RatingEndpoints.NotFoundText,
            _ => Domain.Ratings.RatingWindow.Explain(window, ratings.WindowDays),
        };
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult> AfterAsync(CitizenActionOutcome outcome, string done, CancellationToken ct)
    {
        if (outcome.Status == StatusCodes.Status404NotFound || !await LoadAsync(ct)) return NotFound();
        if (outcome.Succeeded)
        {
            Response.Headers.Location = $"/cong-dan/ho-so/{Uri.EscapeDataString(Code)}?xong={done}";
            return StatusCode(StatusCodes.Status303SeeOther);
        }
        Error = outcome.Message;
        Response.StatusCode = outcome.Status;
        return Page();
    }

    // The dossier (false: 404) and everything the page shows of it (CitizenDossierRead, the JSON API's read too).
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await read.ReadAsync(User, Code, ct) is not { } detail) return false;
        Dossier = detail.Dossier;
        Timeline = detail.Timeline;
        DueExplanation = detail.DueExplanation;
        Files = detail.Files;
        MayAnswerSupplement = detail.MayAnswerSupplement;
        MayWithdraw = detail.MayWithdraw;
        HasResult = detail.HasResult;
        SupplementFiles = detail.SupplementFiles;
        if (MayAnswerSupplement) UploadToken = actions.UploadToken(detail.Dossier.Id, Claims.CitizenOf(User)!.Id);
        Payments = detail.Payments;
        MayRate = detail.RatingLink is not null;
        Rated = detail.RatingFinal;
        return true;
    }

    /// <summary>
    /// The dossier's history as the citizen reads it: each event in words with the unit that acted (the receiving unit for
    /// the desk's acts, the competent agency for the processing, "Người nộp hồ sơ" for the citizen's own, "Cơ quan phối
    /// hợp" for a co-agency's answer). Officers' names are never shown (they are on the officers' page only).
    /// </summary>
    public static IReadOnlyList<TimelineLine> TimelineOf(Dossier d, string receiving, string competent) =>
        [.. d.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new TimelineLine(VietnamTime.ToVietnam(e.At), WordsOf(e),
            e.ActorCitizenId is not null ? "Người nộp hồ sơ"
            : e.Action == DossierEventAction.CoAgencyAnswer ? "Cơ quan phối hợp"
            : e.Action is DossierEventAction.Assign or DossierEventAction.CompleteStep or DossierEventAction.SendBack or DossierEventAction.Approve
                or DossierEventAction.RefuseOnMerits or DossierEventAction.FinancialObligation or DossierEventAction.Extend
              || e.Action == DossierEventAction.SupplementRequest && e.FromStatus is not (DossierStatus.Submitted or DossierStatus.Received) ? competent
            : receiving))];

    private static string WordsOf(DossierEvent e) => e.Action switch
    {
        DossierEventAction.Submit => "Nộp hồ sơ trực tuyến",
        DossierEventAction.Receive => "Tiếp nhận hồ sơ",
        DossierEventAction.Refuse => "Từ chối tiếp nhận hồ sơ",
        DossierEventAction.Accept => "Tiếp nhận hồ sơ nộp trực tuyến",
        DossierEventAction.Transfer => "Chuyển hồ sơ đến cơ quan giải quyết",
        DossierEventAction.Assign => "Phân công xử lý hồ sơ",
        DossierEventAction.CompleteStep => "Hoàn thành một bước xử lý" + (e.StepName is { Length: > 0 } step ? $" ({step})" : ""),
        DossierEventAction.SendBack => "Chuyển lại để xử lý lại",
        DossierEventAction.Approve => "Phê duyệt kết quả",
        DossierEventAction.RefuseOnMerits => "Ban hành văn bản từ chối giải quyết",
        DossierEventAction.ResultReady => "Có kết quả tại Bộ phận Một cửa",
        DossierEventAction.Return => "Trả kết quả",
        DossierEventAction.SupplementRequest => "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
        DossierEventAction.SupplementReceived => "Nhận hồ sơ bổ sung; thời hạn tính lại từ đầu",
        DossierEventAction.FinancialObligation => "Thông báo nghĩa vụ tài chính",
        DossierEventAction.PaymentReceived => "Đã nhận tiền nộp",
        DossierEventAction.Extend => "Gia hạn thời hạn giải quyết",
        DossierEventAction.Withdraw => "Yêu cầu rút hồ sơ",
        DossierEventAction.Stop => "Dừng xử lý hồ sơ",
        DossierEventAction.CoAgencyAnswer => "Cơ quan phối hợp trả lời",
        DossierEventAction.Reorganise => "Chuyển sang đơn vị kế thừa (sắp xếp đơn vị hành chính)",
        DossierEventAction.PaymentPaidEarlier => "Ngân hàng báo thời điểm nộp nghĩa vụ tài chính",
        _ => e.ToStatus.Vietnamese(),
    };
}
