using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

/// <summary>
/// The dossier page: its facts, where it is in its internal process, the actions the signed-in officer may take now
/// (posted with htmx, which swaps the page's main block), and its history.
/// </summary>
[PersonalData(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Phone, PersonalFields.Email, PersonalFields.Address, PersonalFields.FormData)]
public sealed class DetailModel(MotCuaDb db, TimeProvider clock, DossierProcessing processing, CalendarStore calendars,
    MotCua.Web.Features.Reports.StepTimeReads stepTimes) : PageModel
{
    /// <summary>The early warning's expected finish beside the legal due date (issue 15, docs/REPORTS.md §6); null when the
    /// dossier is at no step or waits for the citizen, or the reader is no officer.</summary>
    public MotCua.Domain.Reports.ExpectedFinish? Expected { get; private set; }

    /// <summary>The fields of every action form; each action reads its own (see <see cref="ActionInput"/>).</summary>
    public sealed class ActionForm
    {
        public string? Note { get; set; }
        public string? Reason { get; set; }
        public string? LegalBasis { get; set; }
        public string? UserName { get; set; }
        public bool SendBack { get; set; }
        public ReturnMethod? Method { get; set; }
        public string? ReceivedBy { get; set; }
        public string? DispatchNumber { get; set; }
        public string? PostalStatus { get; set; }
        /// <summary>Vietnam wall-clock time from a datetime-local input, e.g. "2025-11-21T17:00".</summary>
        public string? NewDueAt { get; set; }
        /// <summary>One item a line: "document: reason".</summary>
        public string? Items { get; set; }
        public int? StepIndex { get; set; }
        /// <summary>The financial obligation's amount in đồng as typed ("12.500.000"), read by <see cref="MotCua.Domain.Payments.PaymentRequests.TypedAmount"/>.</summary>
        public string? AmountVnd { get; set; }
        /// <summary>The financial obligation's kind: fee, charge or levy.</summary>
        public string? Kind { get; set; }
        /// <summary>When a financial obligation was paid, typed dd/MM/yyyy HH:mm, Vietnam time; empty: now.</summary>
        public string? PaidAt { get; set; }
        /// <summary>Accepting an online dossier whose fee is by case: the case chosen (1-based).</summary>
        public int? FeeCase { get; set; }
        /// <summary>Accepting an online dossier whose fee could not be read: the officer's amount as typed ("50.000"), its
        /// kind (fee | charge) and what it is; all empty: the fee stays for the agency to fix later.</summary>
        public string? FeeAmountVnd { get; set; }
        public string? FeeKind { get; set; }
        public string? FeeNote { get; set; }
    }

    /// <summary>The fee choice the online acceptance offers (issue 14, tenth trial), null when the fee needs none.</summary>
    public AcceptanceFee.Choice? AcceptChoice { get; private set; }

    /// <summary>The fee choice "Xác định phí, lệ phí" offers (issue 14, eleventh trial: <see cref="LaterFee"/>), null when
    /// the signed-in officer may not fix the fee now.</summary>
    public AcceptanceFee.Choice? LaterFeeChoice { get; private set; }

    /// <summary>Whether the last post was "Xác định phí, lệ phí" and was refused (its typed values are kept).</summary>
    public bool LaterFeeRefused { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "moi")]
    public bool JustCreated { get; set; }

    [BindProperty(Name = "f")] public ActionForm Form { get; set; } = new();

    /// <summary>The action the officer asked for and was refused (the page shown again with the reason), so that what
    /// they typed in its form is kept rather than typed again.</summary>
    public ProcessingAction? RefusedAction { get; private set; }

    /// <summary>The refused action's problems about one field, by the API's field name (<c>amountVnd</c>, <c>kind</c>,
    /// <c>paidAt</c>), each a Vietnamese message shown beside its field; empty when the refusal is about no one field.</summary>
    public IReadOnlyDictionary<string, string> FieldErrors { get; private set; } = new Dictionary<string, string>();

    /// <summary>The message shown beside <paramref name="field"/> (API name) of the refused action's form, or null.</summary>
    public string? FieldError(string field) => FieldErrors.GetValueOrDefault(field);

    /// <summary>The value typed in <paramref name="action"/>'s form when that action was just refused; else null.</summary>
    public string? Kept(ProcessingAction action, string? typed) => RefusedAction == action ? typed : null;

    public Dossier Dossier { get; private set; } = null!;

    /// <summary>Issue 17: the dossier's files (scans, PDFs, results) in the order they were added, each fetched by
    /// <c>/tep/{id}</c> (which asks the same access as this page).</summary>
    public IReadOnlyList<DossierFile> Files { get; private set; } = [];
    /// <summary>Whether the page offers the form adding scans after intake (<c>POST /api/v1/dossiers/{code}/files</c>): an
    /// officer of the receiving unit (<see cref="MotCua.Domain.Digitisation.LaterScans"/>), the dossier received, with a document line.</summary>
    public bool MayAddScans { get; private set; }
    public string AgencyName { get; private set; } = "";
    public string HolderName { get; private set; } = "";
    public string? Message { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyList<ProcessingAction> Allowed { get; private set; } = [];
    /// <summary>The actions of the officer's role at this stage not available now, each with the Domain's reason (e.g. approval waiting for a co-agency).</summary>
    public IReadOnlyList<ActionRefusal> Blocked { get; private set; } = [];
    /// <summary>Every other action with the Domain's reason, folded away on the page.</summary>
    public IReadOnlyList<ActionRefusal> OthersRefused { get; private set; } = [];
    /// <summary>Holder: the officer's agency holds the dossier; Handler or Inspector: read-only.</summary>
    public Visibility Visibility { get; private set; }
    public IReadOnlyList<User> Assignees { get; private set; } = [];
    /// <summary>The open co-agency tasks the signed-in officer's agency owes an answer to.</summary>
    public IReadOnlyList<CoAgencyTask> OwnTasks { get; private set; } = [];
    public IReadOnlyDictionary<int, string> AgencyNames { get; private set; } = new Dictionary<int, string>();
    public Urgency Urgency { get; private set; }
    /// <summary>The e-form's labels, from the procedure version the dossier was received under.</summary>
    public IReadOnlyList<MotCua.Domain.Catalog.EFormField> FormFields { get; private set; } = [];
    /// <summary>The fee fixed at intake (issue 14), null for a dossier received before fees were fixed.</summary>
    public MotCua.Web.Features.Fees.FeeView? Fee { get; private set; }

    /// <summary>The dossier's payment requests with their VietQR codes (issue 14).</summary>
    public IReadOnlyList<MotCua.Web.Features.Payments.PaymentRequestView> PaymentRequests { get; private set; } = [];
    /// <summary>The money received for the dossier with its receipts (issue 14), oldest first.</summary>
    public IReadOnlyList<MotCua.Web.Features.Payments.DossierPaymentView> Payments { get; private set; } = [];
    public long? SupplementNoticeId { get; private set; }

    /// <summary>The files the portal gave for the documents of a pushed dossier, by document index: stored, being fetched, or
    /// refused with the reason (docs/PORTAL.md "Inbound files").</summary>
    public IReadOnlyDictionary<int, PortalFileView> PortalFiles { get; private set; } = new Dictionary<int, PortalFileView>();

    /// <summary>Issue 16: whether the applicant was verified (population database or VNeID), shown beside their name.</summary>
    public ApplicantVerificationView Verification { get; private set; } = ApplicantVerificationView.None;
    /// <summary>The messages sent to the applicant about the dossier (issue 13, docs/MESSAGES.md §6).</summary>
    public IReadOnlyList<MotCua.Web.Features.Notifications.NotificationView> Messages { get; private set; } = [];
    public WorkingCalendar Calendar { get; private set; } = null!;

    /// <summary>A step's allowance as an officer reads it: "4 giờ làm việc" rather than "0,5 ngày làm việc".</summary>
    public string Allowance(TimeLimit limit) => limit.Unit == TimeUnit.WorkingDays && limit.Amount == decimal.Truncate(limit.Amount)
        ? limit.ToString()
        : TimeLimit.Hours((decimal)Calendar.WorkingTimeOf(limit).TotalHours).ToString();

    /// <summary>The page reloaded after "Xác định phí, lệ phí" succeeded.</summary>
    [BindProperty(SupportsGet = true, Name = "phi")]
    public bool FeeJustFixed { get; set; }

    [BindProperty(SupportsGet = true, Name = "xong")]
    public ProcessingAction? JustDone { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var dossier = await DossierAccess.ReadAsync(db, User, Code, ct);
        if (dossier is null) return NotFound();
        await ShowAsync(dossier, ct);
        return Page();
    }

    /// <summary>A form without a handler (<c>decision=accept|refuse</c>): the online check, taken as the processing action
    /// <see cref="ProcessingAction.AcceptOnline"/> or <see cref="ProcessingAction.RefuseOnline"/> under the same rule.</summary>
    public Task<IActionResult> OnPostAsync(string? decision, CancellationToken ct) => decision switch
    {
        "accept" => OnPostActAsync(ProcessingAction.AcceptOnline, ct),
        "refuse" => OnPostActAsync(ProcessingAction.RefuseOnline, ct),
        _ => Task.FromResult<IActionResult>(BadRequest()),
    };

    // The fields the actions panel marks beside their input; a problem about another field (a blank reason, the API's
    // name for a textarea the panel shares between actions) is said in the banner, where the officer reads it.
    private static readonly HashSet<string> MarkedFields = ["feeCase", "fee", "fee.amountVnd", "fee.kind", "fee.note", "amountVnd", "kind", "paidAt"];

    /// <summary>A processing action from the actions panel; on success the page reloads (PRG) with a confirmation.</summary>
    public async Task<IActionResult> OnPostActAsync(ProcessingAction action, CancellationToken ct)
    {
        // Typed as dd/mm/yyyy hh:mm, Vietnam time; an unreadable date is reported after the access rules had their say.
        var (newDueAt, dueError) = string.IsNullOrWhiteSpace(Form.NewDueAt) ? (null, null) : VietnameseDate.ParseDateTime(Form.NewDueAt, "Ngày hẹn mới");
        var (paidAt, paidAtError) = string.IsNullOrWhiteSpace(Form.PaidAt) ? (null, null) : VietnameseDate.ParseDateTime(Form.PaidAt, "Thời điểm nộp tiền");
        var (amountVnd, amountError) = MotCua.Domain.Payments.PaymentRequests.TypedAmount(Form.AmountVnd);
        // The officer's amount for an unread fee, typed as the obligation's ("50.000"); all three empty: none given.
        var officerFeeTyped = !string.IsNullOrWhiteSpace(Form.FeeAmountVnd) || !string.IsNullOrWhiteSpace(Form.FeeKind) || !string.IsNullOrWhiteSpace(Form.FeeNote);
        var (feeAmount, feeAmountError) = officerFeeTyped && !string.IsNullOrWhiteSpace(Form.FeeAmountVnd)
            ? MotCua.Domain.Payments.PaymentRequests.TypedAmount(Form.FeeAmountVnd) : (null, null);
        if (action == ProcessingAction.AcceptOnline && feeAmountError is not null) amountError = feeAmountError with { Field = "fee.amountVnd" };
        var input = new ActionInput
        {
            Note = Form.Note, Reason = Form.Reason, LegalBasis = Form.LegalBasis, UserName = Form.UserName, SendBack = Form.SendBack, Method = Form.Method,
            ReceivedBy = Form.ReceivedBy, DispatchNumber = Form.DispatchNumber, PostalStatus = Form.PostalStatus,
            StepIndex = Form.StepIndex, AmountVnd = amountVnd, ObligationKind = Form.Kind,
            FeeCase = Form.FeeCase, FeeCaseRequired = true,
            Fee = officerFeeTyped ? new AcceptanceOfficerFee(feeAmount, Form.FeeKind?.Trim(), Form.FeeNote) : null,
            NewDueAt = newDueAt,
            PaidAt = paidAt, PaidAtUnreadable = paidAtError,
            Items = [.. (Form.Items ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
                .Select(parts => new SupplementItem(parts[0], parts.Length > 1 ? parts[1] : ""))],
        };
        // The API's bound on notes, reasons, the legal basis and each supplement line (ProcessingEndpoints.ShapeProblem),
        // which the form's maxlength states: the page accepts no longer text than the API does.
        var outcome = TooLong(input) is { } tooLong
            ? ProcessingOutcome.Problem(StatusCodes.Status422UnprocessableEntity, "Dữ liệu không hợp lệ", tooLong)
            : amountError is not null
                ? ProcessingOutcome.Problem(StatusCodes.Status422UnprocessableEntity, "Dữ liệu không hợp lệ", amountError.Message) with { Field = amountError.Field }
                : await processing.PerformAsync(User, Code, action, input, ct);
        if (outcome.Succeeded) return Redirect($"/ho-so/{Uri.EscapeDataString(Code)}?xong={action}");
        if (outcome.Status == StatusCodes.Status404NotFound) return NotFound();
        // Refused (403 role or agency, 409 state, 422 input): nothing was written; the page says why with the same status,
        // a problem about one field beside that field (the banner then only points to it).
        RefusedAction = action;
        if (outcome.Field is { } field && outcome.Detail is { } detail && MarkedFields.Contains(field))
        {
            var errors = new Dictionary<string, string> { [field] = detail };
            // The obligation's amount and kind are checked one after the other; an officer who got both wrong sees both.
            if (action == ProcessingAction.RequireFinancialObligation && field == "amountVnd" && !string.IsNullOrWhiteSpace(Form.AmountVnd)
                && MotCua.Domain.Payments.PaymentRequests.ObligationKindProblem(Form.Kind?.Trim()) is { } kindProblem)
                errors[kindProblem.Field] = kindProblem.Message;
            FieldErrors = errors;
            Message = "Chưa thực hiện được: sửa các ô được đánh dấu bên dưới.";
        }
        else
            Message = outcome.Status == StatusCodes.Status422UnprocessableEntity && dueError is not null ? dueError : outcome.Detail;
        var dossier = await DossierAccess.ReadAsync(db, User, Code, ct);
        if (dossier is null) return NotFound();
        await ShowAsync(dossier, ct);
        Response.StatusCode = outcome.Status;
        return Page();
    }

    /// <summary>"Xác định phí, lệ phí" (<see cref="LaterFee"/>): the case or the officer's amount of a fee left unplaced; on
    /// success the page reloads with a confirmation, otherwise it says why with the API's status (403, 409, 422 beside the field).</summary>
    public async Task<IActionResult> OnPostFeeAsync(CancellationToken ct)
    {
        var typed = !string.IsNullOrWhiteSpace(Form.FeeAmountVnd) || !string.IsNullOrWhiteSpace(Form.FeeKind) || !string.IsNullOrWhiteSpace(Form.FeeNote);
        var (amount, amountError) = typed && !string.IsNullOrWhiteSpace(Form.FeeAmountVnd)
            ? MotCua.Domain.Payments.PaymentRequests.TypedAmount(Form.FeeAmountVnd) : (null, null);
        var outcome = amountError is not null && Claims.OfficerOf(User) is { } officer && LaterFee.MayFix(officer)
            ? new LaterFee.Outcome(null, StatusCodes.Status422UnprocessableEntity, amountError.Message, "fee.amountVnd")
            : await LaterFee.FixAsync(db, User, Code, Form.FeeCase, typed ? new AcceptanceOfficerFee(amount, Form.FeeKind?.Trim(), Form.FeeNote) : null,
                clock.GetUtcNow(), ct);
        if (outcome.Fee is not null) return Redirect($"/ho-so/{Uri.EscapeDataString(Code)}?phi=1");
        if (outcome.Status == StatusCodes.Status404NotFound) return NotFound();
        // The form is offered to none but the receiving officer and the accountant: another role's post is refused bare.
        if (outcome.Status == StatusCodes.Status403Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        var dossier = await DossierAccess.ReadAsync(db, User, Code, ct);
        if (dossier is null) return NotFound();
        LaterFeeRefused = true;
        if (outcome.Field is { } field) FieldErrors = new Dictionary<string, string> { [field] = outcome.Detail ?? "" };
        Message = outcome.Field is null ? outcome.Detail : "Chưa xác định được phí, lệ phí: sửa các ô được đánh dấu bên dưới.";
        await ShowAsync(dossier, ct);
        Response.StatusCode = outcome.Status;
        return Page();
    }

    // The first note, reason, legal basis or supplement line over TypedText.MaxNote characters, with what it is, or null.
    private static string? TooLong(ActionInput input)
    {
        var texts = new (string? Text, string Label)[] { (input.Note, "Ý kiến, nội dung"), (input.Reason, "Lý do"), (input.LegalBasis, "Căn cứ pháp lý") }
            .Concat(input.Items.SelectMany(i => new (string?, string)[] { (i.Document, "Tên giấy tờ cần bổ sung"), (i.Reason, "Lý do cần bổ sung") }));
        foreach (var (text, label) in texts)
            if (text?.Length > MotCua.Domain.Text.TypedText.MaxNote)
                return $"{label}: {MotCua.Domain.Text.TypedText.Problem(text, multiLine: true, MotCua.Domain.Text.TypedText.MaxNote)}";
        return null;
    }

    private async Task ShowAsync(Dossier dossier, CancellationToken ct)
    {
        Dossier = dossier;
        Files = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == dossier.Id).OrderBy(f => f.DocumentIndex).ThenBy(f => f.Id).ToListAsync(ct);
        Messages = await MotCua.Web.Features.Notifications.DossierMessages.ListAsync(db, dossier.Code, ct);
        var ids = dossier.CoAgencyTasks.Select(t => t.AgencyId).Append(dossier.ReceivingAgencyId).Append(dossier.CurrentAgencyId).ToList();
        var names = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        AgencyNames = names.ToDictionary(n => n.Key, n => n.Value.Name);
        AgencyName = names[dossier.ReceivingAgencyId].Name;
        HolderName = names[dossier.CurrentAgencyId].Name;
        Visibility = DossierAccess.VisibilityOf(User, dossier);
        if (Claims.OfficerOf(User) is not null) Expected = await stepTimes.ExpectedAsync(dossier, ct);
        MayAddScans = Claims.OfficerOf(User) is { } scanner && MotCua.Domain.Digitisation.LaterScans.OfficerMayAdd(scanner, dossier.ReceivingAgencyId)
            && dossier.ReceivedAt is not null && dossier.Documents.Count > 0;
        if (Claims.OfficerOf(User) is { } officer)
        {
            Allowed = [.. Enum.GetValues<ProcessingAction>().Where(a => dossier.Allows(a, officer))];
            var refused = Enum.GetValues<ProcessingAction>().Select(a => dossier.RefusalOf(a, officer)).OfType<ActionRefusal>().ToList();
            // Shown: what the officer's role does at this stage but cannot now (e.g. approval awaiting a co-agency). Folded:
            // the rest, and everything for a read-only reader (a handler after hand-over, the inspector).
            Blocked = Visibility == Visibility.Holder
                ? [.. refused.Where(r => !r.NotAtThisStage && Dossier.MayEverPerform(r.Action, officer.Role))]
                : [];
            OthersRefused = [.. refused.Except(Blocked)];
            if (Allowed.Contains(ProcessingAction.Assign)) Assignees = await processing.AssigneesAsync(dossier, ct);
            OwnTasks = [.. dossier.CoAgencyTasks.Where(t => t.IsOpen && t.AgencyId == officer.AgencyId)];
        }
        if (dossier.FormData is { Count: > 0 })
            FormFields = MotCua.Domain.Fees.CountedFees.FormOf(await MotCua.Web.Features.Catalog.ProcedureSpecs.LoadVersionAsync(db, dossier.ProcedureCode, dossier.ProcedureVersion, ct));
        Fee = await MotCua.Web.Features.Fees.DossierFees.ReadAsync(db, dossier.Id, ct);
        if (Allowed.Contains(ProcessingAction.AcceptOnline)) AcceptChoice = await AcceptanceFee.ChoiceAsync(db, dossier, ct);
        LaterFeeChoice = await LaterFee.ChoiceAsync(db, User, dossier, ct);
        PortalFiles = await PortalFileStates.ReadAsync(db, dossier, ct);
        Verification = await ApplicantVerifications.ReadAsync(db, dossier.Id, ct);
        PaymentRequests = await MotCua.Web.Features.Payments.RequestsRead.ForDossierAsync(db, dossier.Id, ct);
        Payments = await MotCua.Web.Features.Payments.PaymentsApi.PaymentsOfAsync(db, dossier.Id, ct);
        Calendar = await calendars.ForAsync(names[dossier.ReceivingAgencyId], ct);
        Urgency = DossierUrgency.Of(dossier.Status, dossier.DueAt, clock.GetUtcNow(), Calendar);
        SupplementNoticeId = await db.Dossiers.Where(d => d.Id == dossier.Id)
            .Select(d => EF.Property<long?>(d, ProcessingModel.SupplementNoticeId)).FirstAsync(ct);
        Done = JustDone is { } done && Message is null ? $"Đã {done.Vietnamese()}."
            : FeeJustFixed && Message is null ? "Đã xác định phí, lệ phí của hồ sơ." : null;
    }
}
