using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>
/// Processing after receipt (docs/REGULATIONS.md §5): transfer, the steps of the internal process, supplements and payments that
/// stop the clock, the one-time extension, withdrawal and stop, the result and its return. Every method checks the
/// status, the current step and the officer's role (<see cref="Allows"/>), then records an event.
/// </summary>
public sealed partial class Dossier
{
    /// <summary>The supplement during appraisal must be requested within this many working days of receipt (docs/REGULATIONS.md §5).</summary>
    public const int SupplementWindowDays = 3;

    /// <summary>The process the dossier follows, fixed at transfer so a later catalogue change does not move it.</summary>
    public IReadOnlyList<PlannedStep> Process { get; private set; } = [];
    /// <summary>The parallel tasks of co-agencies (liên thông), opened at transfer.</summary>
    public IReadOnlyList<CoAgencyTask> CoAgencyTasks { get; private set; } = [];
    /// <summary>The agencies with an open task: they may read the dossier and answer their task (kept for the worklists' index).</summary>
    public int[] OpenTaskAgencyIds { get; private set; } = [];
    /// <summary>The agency that decides: a higher level the dossier is handed off to, else the agency of the approval step.
    /// The receiving point (<see cref="ReceivingAgencyId"/>) stays the one-stop unit that received and returns it.</summary>
    public int? ResolvingAgencyId { get; private set; }
    public int? CurrentStepIndex { get; private set; }
    public string? CurrentStepName { get; private set; }
    public StepKind? CurrentStepKind { get; private set; }
    /// <summary>The agency holding the dossier now: the receiving one-stop unit until transfer and from the result on, else
    /// the agency of the current step. Its officers (and the receiving unit's) may act on the dossier.</summary>
    public int CurrentAgencyId { get; private set; }
    public DateTimeOffset? CurrentStepStartedAt { get; private set; }
    public DateTimeOffset? CurrentStepDueAt { get; private set; }
    public int? AssigneeUserId { get; private set; }
    public string? AssigneeName { get; private set; }
    public DateTimeOffset? TransferredAt { get; private set; }
    /// <summary>The stretches the clock stood still waiting for the citizen; the due date is recomputed from them.</summary>
    public IReadOnlyList<DossierPause> Pauses { get; private set; } = [];
    public IReadOnlyList<SupplementItem> SupplementItems { get; private set; } = [];
    public DateTimeOffset? SupplementRequestedAt { get; private set; }
    public DateTimeOffset? SupplementReceivedAt { get; private set; }
    public string? ObligationNote { get; private set; }
    public DateTimeOffset? ExtendedAt { get; private set; }
    public string? ExtensionReason { get; private set; }
    public DateTimeOffset? ExtensionDueAt { get; private set; }
    public ResultKind? ResultKind { get; private set; }
    public string? ResultNote { get; private set; }
    public DateTimeOffset? ResultReadyAt { get; private set; }
    public DateTimeOffset? ReturnedAt { get; private set; }
    public ReturnMethod? ReturnMethod { get; private set; }
    public string? ReturnedTo { get; private set; }
    public string? DispatchNumber { get; private set; }
    public string? PostalStatus { get; private set; }
    public string? WithdrawalReason { get; private set; }
    public string? StopReason { get; private set; }
    /// <summary>When the stop notice was issued (status 8): the day a stopped or withdrawn dossier leaves Biểu 06's
    /// dossiers in progress (docs/REPORTS.md).</summary>
    public DateTimeOffset? StoppedAt { get; private set; }

    public PlannedStep? CurrentStep => CurrentStepIndex is { } i ? Process[i] : null;

    /// <summary>The clock stands still: a supplement or a payment is awaited.</summary>
    public bool IsPaused => Pauses.Any(p => p.To is null);

    /// <summary>Early, on time or late against the original due date; null until the result is ready.</summary>
    public CompletionTiming? Completion => ResultReadyAt is { } finished && OriginalDueAt is { } due
        ? DeadlineClassifier.ClassifyFinished(finished, due)
        : null;

    /// <summary>The one-stop unit hands the dossier to the competent department: the same working day, or the next working
    /// day's opening when the paper was received after the cut-off. The dossier enters the step after the transfer.</summary>
    public void Transfer(IReadOnlyList<PlannedStep> process, WorkingCalendar calendar, TimeOnly? cutoff, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Transfer, by);
        if (process.Count < 2 || process[0].Kind != StepKind.Transfer || process[^1].Kind != StepKind.Result)
            throw new DossierStateException("Quy trình nội bộ phải bắt đầu bằng bước chuyển hồ sơ và kết thúc bằng bước trả kết quả về Bộ phận Một cửa.");
        var earliest = calendar.ValidStart(ReceivedAt!.Value, Channel, cutoff);
        var at = Later(calendar.ValidStart(now, Channel.Online), earliest);
        Process = process;
        TransferredAt = at;
        ResolvingAgencyId = (process.LastOrDefault(p => p.Kind == StepKind.Handoff) ?? process.LastOrDefault(p => p.Kind == StepKind.Approve))?.AgencyId;
        CoAgencyTasks = [.. process.Select((step, index) => (step, index)).Where(x => x.step.Kind == StepKind.CoAgency)
            .Select(x => new CoAgencyTask(x.index, x.step.Name, x.step.Performer, x.step.AgencyId, at,
                calendar.AddWorkingTime(at, calendar.WorkingTimeOf(x.step.Allowance))))];
        OpenTaskAgencyIds = [.. CoAgencyTasks.Select(t => t.AgencyId).Distinct()];
        foreach (var task in CoAgencyTasks) HeldBy(task.AgencyId);
        EnterStep(MainStep(0, +1), at, calendar);
        Record(by.Actor, now, DossierEventAction.Transfer, DossierStatus.InProcess,
            // The event is at the transfer's instant; "lúc" the counted start read as that instant (third trial LOW 5).
            at > now ? $"Chuyển hồ sơ đến {CurrentStep!.Performer}; thời hạn tính từ {VietnamTime.ToVietnam(at):HH:mm dd/MM/yyyy}"
                : $"Chuyển hồ sơ đến {CurrentStep!.Performer}", 0);
    }

    /// <summary>The department head assigns a specialist of the agency (the web checks the user belongs to it).</summary>
    public void Assign(int assigneeUserId, string assigneeName, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Assign, by);
        if (string.IsNullOrWhiteSpace(assigneeName)) throw new DossierStateException("Chọn chuyên viên được phân công xử lý.", field: "userName");
        var step = CurrentStepIndex!.Value;
        AssigneeUserId = assigneeUserId;
        AssigneeName = assigneeName.Trim();
        EnterStep(MainStep(CurrentStepIndex!.Value, +1), now, calendar);
        Record(by.Actor, now, DossierEventAction.Assign, DossierStatus.InProcess, $"Phân công {AssigneeName} xử lý", step);
    }

    /// <summary>The specialist finishes the current step with a note; with <paramref name="sendBack"/> the dossier goes back
    /// to the previous step, which only a step marked "may send back" allows.</summary>
    public void CompleteStep(string note, bool sendBack, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(sendBack ? ProcessingAction.SendBack : ProcessingAction.CompleteStep, by);
        var text = Required(note, "note", sendBack ? "Nêu rõ lý do trả lại bước trước." : "Ghi nội dung đã xử lý ở bước này.");
        var step = CurrentStepIndex!.Value;
        EnterStep(MainStep(CurrentStepIndex!.Value, sendBack ? -1 : +1), now, calendar);
        Record(by.Actor, now, sendBack ? DossierEventAction.SendBack : DossierEventAction.CompleteStep, DossierStatus.InProcess,
            sendBack ? $"Trả lại bước \"{CurrentStep!.Name}\": {text}" : text, step);
    }

    /// <summary>The leader approves and signs; the result goes on towards the one-stop unit.</summary>
    public void Approve(string? note, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Approve, by);
        Decide(Dossiers.ResultKind.Approved, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), calendar, by, now, DossierEventAction.Approve, "Phê duyệt kết quả");
    }

    /// <summary>The leader refuses on the merits, with reasons: the refusal notice is the result returned to the citizen.</summary>
    public void RefuseOnMerits(string reason, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.RefuseOnMerits, by);
        var text = Required(reason, "reason", "Nêu rõ lý do từ chối giải quyết hồ sơ.");
        Decide(Dossiers.ResultKind.Refused, text, calendar, by, now, DossierEventAction.RefuseOnMerits, "Từ chối giải quyết");
    }

    /// <summary>The result is back at the one-stop unit (status 9); the dossier is finished and classified now.</summary>
    public void ResultReady(Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.ResultReady, by);
        ResultKind ??= Dossiers.ResultKind.Approved;
        ResultReadyAt = now;
        var step = CurrentStepIndex!.Value;
        CurrentAgencyId = ReceivingAgencyId;
        Record(by.Actor, now, DossierEventAction.ResultReady, DossierStatus.ResultReady,
            ResultKind == Dossiers.ResultKind.Refused ? "Nhận thông báo từ chối giải quyết về Bộ phận Một cửa" : "Nhận kết quả về Bộ phận Một cửa", step);
    }

    /// <summary>The result reaches the citizen (status 10): at the desk (who received it), by post (dispatch slip, postal status) or online.</summary>
    public void Return(ReturnDetails details, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Return, by);
        var receivedBy = string.IsNullOrWhiteSpace(details.ReceivedBy) ? null : details.ReceivedBy.Trim();
        if (details.Method == Dossiers.ReturnMethod.Desk && receivedBy is null)
            throw new DossierStateException("Ghi họ tên người nhận kết quả tại Bộ phận Một cửa.", field: "receivedBy");
        if (details.Method == Dossiers.ReturnMethod.Post && string.IsNullOrWhiteSpace(details.DispatchNumber))
            throw new DossierStateException("Ghi số phiếu gửi (mã bưu gửi) khi trả kết quả qua bưu chính.", field: "dispatchNumber");
        if (!Enum.IsDefined(details.Method)) throw new DossierStateException("Cách trả kết quả không hợp lệ.", field: "method");
        ReturnMethod = details.Method;
        ReturnedTo = receivedBy ?? (details.Method == Dossiers.ReturnMethod.Electronic ? Applicant.FullName : null);
        DispatchNumber = details.Method == Dossiers.ReturnMethod.Post ? details.DispatchNumber!.Trim() : null;
        PostalStatus = details.Method == Dossiers.ReturnMethod.Post
            ? string.IsNullOrWhiteSpace(details.PostalStatus) ? "Đã giao cho bưu chính" : details.PostalStatus.Trim()
            : null;
        ReturnedAt = now;
        var note = details.Method switch
        {
            Dossiers.ReturnMethod.Post => $"Trả kết quả {details.Method.Vietnamese()}, số phiếu gửi {DispatchNumber} ({PostalStatus})",
            _ => $"Trả kết quả {details.Method.Vietnamese()}" + (ReturnedTo is null ? "" : $", người nhận: {ReturnedTo}"),
        };
        Record(by.Actor, now, DossierEventAction.Return, DossierStatus.Returned, note);
    }

    /// <summary>Whether the supplement awaited (status 5) was asked by the desk's check of an online dossier before it was
    /// accepted: its answer goes back to that check (status 1), not to a step.</summary>
    public bool IsSupplementBeforeAcceptance => Status == DossierStatus.SupplementRequested && ReceivedAt is null;

    /// <summary>What a supplement request's blank line is told (<see cref="SupplementLineProblems"/>, and the API's shape
    /// check for a null line).</summary>
    public const string BlankSupplementLine = "Dòng trống: cần tên giấy tờ (document) và lý do (reason), hoặc bỏ dòng này.";

    /// <summary>
    /// Every line of a supplement request that cannot go on Mẫu 02, named as the API spells it (<c>items</c> for an empty
    /// list, <c>items[1]</c> for a blank line, <c>items[0].document</c>, <c>items[2].reason</c>) with a Vietnamese message;
    /// empty when the request may be made. Every line needs both the document and the reason: Mẫu 02 lists each document
    /// with why it is needed, once and in full. Nothing is dropped silently (fresh trial 16f LOW G:
    /// a line with a reason but no document, and a blank line, were dropped and the request taken, and a second request to
    /// correct it was then refused as the dossier already waited).
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> SupplementLineProblems(IReadOnlyList<SupplementItem?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) return [("items", "Liệt kê đầy đủ các giấy tờ cần bổ sung, hoàn thiện.")];
        var problems = new List<(string Field, string Message)>();
        for (var i = 0; i < items.Count; i++)
        {
            var (document, reason) = (items[i]?.Document, items[i]?.Reason);
            if (string.IsNullOrWhiteSpace(document) && string.IsNullOrWhiteSpace(reason))
                problems.Add(($"items[{i}]", BlankSupplementLine));
            else if (string.IsNullOrWhiteSpace(document)) problems.Add(($"items[{i}].document", "Ghi tên giấy tờ cần bổ sung cho lý do này."));
            else if (string.IsNullOrWhiteSpace(reason)) problems.Add(($"items[{i}].reason", "Nêu rõ lý do cho từng giấy tờ cần bổ sung."));
        }
        return problems;
    }

    /// <summary>
    /// The dossier is insufficient: one Mẫu 02 listing every item, once and in full (each document and its reason), the
    /// clock standing still (status 5) until the citizen completes it. Two checks ask it: the desk's check of an online
    /// dossier before accepting it (status 1, the receiving officer; DOMAIN §3 step 1, Nghị định 61/2018 Art. 19 kept by
    /// Nghị định 118/2025 [reported]), with no window since nothing was accepted yet; and appraisal, within
    /// <see cref="SupplementWindowDays"/> working days of receipt.
    /// </summary>
    /// <exception cref="DossierStateException">Not allowed now (<see cref="Allows"/>), a line
    /// <see cref="SupplementLineProblems"/> names (the first), or the appraisal window passed.</exception>
    public void RequestSupplement(IReadOnlyList<SupplementItem> items, WorkingCalendar calendar, TimeOnly? cutoff, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.RequestSupplement, by);
        if (SupplementLineProblems(items) is [var (field, message), ..]) throw new DossierStateException(message, field: field);
        var clean = items.Select(i => new SupplementItem(i.Document.Trim(), i.Reason.Trim())).ToList();
        if (Status == DossierStatus.Submitted)
        {
            SupplementItems = clean;
            SupplementRequestedAt = now;
            Pauses = [.. Pauses, new DossierPause(now, null, PauseReason.Supplement)];
            Record(by.Actor, now, DossierEventAction.SupplementRequest, DossierStatus.SupplementRequested,
                "Yêu cầu bổ sung, hoàn thiện hồ sơ trực tuyến trước khi tiếp nhận (Mẫu 02): " + string.Join("; ", clean.Select(i => $"{i.Document} ({i.Reason})")));
            return;
        }
        var start = calendar.ValidStart(ReceivedAt!.Value, Channel, cutoff);
        if (calendar.WorkingTimeBetween(start, now) > calendar.WorkingTimeOf(TimeLimit.Days(SupplementWindowDays)))
            throw new DossierStateException(
                $"Đã quá {SupplementWindowDays} ngày làm việc kể từ khi tiếp nhận hồ sơ nên không thể yêu cầu bổ sung; nếu hồ sơ không đủ điều kiện, trình lãnh đạo từ chối giải quyết.");
        SupplementItems = clean;
        SupplementRequestedAt = now;
        Pauses = [.. Pauses, new DossierPause(now, null, PauseReason.Supplement)];
        Record(by.Actor, now, DossierEventAction.SupplementRequest, DossierStatus.SupplementRequested,
            "Yêu cầu bổ sung (Mẫu 02): " + string.Join("; ", clean.Select(i => $"{i.Document} ({i.Reason})")), CurrentStepIndex);
    }

    /// <summary>The citizen completed the supplement: the time limit restarts from zero from now (a new due date in its own
    /// right). Asked at the desk's check of an online dossier (<see cref="IsSupplementBeforeAcceptance"/>), the dossier goes
    /// back to that check (status 1), its provisional due date counted from now, to be accepted or refused.</summary>
    public void SupplementReceived(WorkingCalendar calendar, TimeOnly? cutoff, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.SupplementReceived, by);
        // The desk receives a supplement only when it is complete [choice]: every item of the request was brought.
        CompleteSupplement(calendar, cutoff, by.Actor, now, "Nhận hồ sơ bổ sung", Channel, RequestedDocuments());
    }

    /// <summary>
    /// The National Portal pushed again, under the same portal code, a dossier it pushed (<see cref="DossierOrigin.Portal"/>)
    /// that waits for a supplement (status 5): the citizen answered on the portal, and <paramref name="added"/> (the
    /// documents of the push this dossier did not hold, matched by name and file) are its answer. The same as
    /// <see cref="SupplementReceived"/> from the portal's side.
    /// </summary>
    /// <exception cref="DossierStateException">Not a pushed dossier, not waiting for a supplement (<see cref="DossierRefusal.WrongState"/>),
    /// or nothing new in the push (<see cref="DossierRefusal.Invalid"/>).</exception>
    public void SupplementPushed(IReadOnlyList<ReceivedDocument> added, WorkingCalendar calendar, TimeOnly? cutoff, Actor portal, DateTimeOffset now)
    {
        if (Origin != DossierOrigin.Portal || Status != DossierStatus.SupplementRequested)
            throw new DossierStateException($"Hồ sơ {Code} không chờ bổ sung nên Cổng không gửi lại được.", DossierRefusal.WrongState);
        if (added.Count == 0)
            throw new DossierStateException("Hồ sơ gửi lại không có giấy tờ nào mới để bổ sung.");
        CompleteSupplement(calendar, cutoff, portal, now,
            "Nhận hồ sơ bổ sung từ Cổng Dịch vụ công quốc gia: " + string.Join("; ", added.Select(d => d.Name)), Channel.Online,
            AddSupplied(added, now));
    }

    // The documents an answer brings become documents of the dossier, dated by the answer, and the answer names each by its
    // position among them: one TepDinhKemId per document across the portal's HoSo (third trial LOW 6).
    private List<SuppliedDocument> AddSupplied(IReadOnlyList<ReceivedDocument> added, DateTimeOffset now)
    {
        var first = Documents.Count + 1;
        Documents = [.. Documents, .. added.Select(d => d with { SuppliedAt = now })];
        return [.. added.Select((d, i) => new SuppliedDocument(d.Name, d.FileUrl) { Number = first + i })];
    }

    // The one rule of a supplement's answer, whoever brings it (the desk, the portal's re-push, the citizen online):
    // the pause ends now and the time limit restarts from zero, counted as the answer's channel counts time (an online
    // answer outside office hours from the next opening); asked before acceptance, back to the desk's check (status 1).
    private void CompleteSupplement(WorkingCalendar calendar, TimeOnly? cutoff, Actor actor, DateTimeOffset now, string note, Channel answeredOn,
        IReadOnlyList<SuppliedDocument> supplied)
    {
        var beforeAcceptance = IsSupplementBeforeAcceptance;
        ClosePause(now);
        SupplementReceivedAt = now;
        ClockStartedAt = now;
        var due = calendar.RestartAfterSupplement(now, TimeLimit, answeredOn, cutoff);
        DueAt = due.DueAt;
        OriginalDueAt = due.DueAt;
        DueExplanation = due.Skipped;
        if (beforeAcceptance)
        {
            Record(actor, now, DossierEventAction.SupplementReceived, DossierStatus.Submitted,
                $"{note}; chờ Bộ phận Một cửa kiểm tra để tiếp nhận, hẹn trả dự kiến {VietnamTime.ToVietnam(due.DueAt):HH:mm dd/MM/yyyy}", supplied: supplied);
            return;
        }
        EnterStep(CurrentStepIndex!.Value, calendar.ValidStart(now, answeredOn, cutoff), calendar);
        Record(actor, now, DossierEventAction.SupplementReceived, DossierStatus.InProcess,
            $"{note}; thời hạn tính lại từ đầu, hẹn trả {VietnamTime.ToVietnam(due.DueAt):HH:mm dd/MM/yyyy}", CurrentStepIndex, supplied);
    }

    // The items of the request being answered, as the documents its complete answer brings.
    private List<SuppliedDocument> RequestedDocuments() => [.. SupplementItems.Select(i => new SuppliedDocument(i.Document))];

    /// <summary>The citizen must pay (e.g. land use fees) before the result: status 6, the clock stops.</summary>
    public void RequireFinancialObligation(string note, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.RequireFinancialObligation, by);
        ObligationNote = Required(note, "note", "Ghi rõ nghĩa vụ tài chính người dân phải thực hiện.");
        Pauses = [.. Pauses, new DossierPause(now, null, PauseReason.Payment)];
        Record(by.Actor, now, DossierEventAction.FinancialObligation, DossierStatus.AwaitingPayment, ObligationNote, CurrentStepIndex);
    }

    /// <summary>
    /// What is wrong with <paramref name="paidAt"/>, the instant the citizen says they paid, given to end the financial
    /// obligation's pause (status 6): after <paramref name="now"/> (not yet happened) or before the pause began (the
    /// obligation was not yet asked for). Null when it is acceptable, when it is not given (the pause ends now), or when
    /// the dossier is not awaiting payment (the action's own check refuses that). Field <c>paidAt</c>; a problem, not an
    /// exception, so the API answers 422 naming the field and nothing is written. Source: Nghị định 61/2018/NĐ-CP as
    /// amended by 107/2021 Điều 19 khoản 4: the time the citizen takes to fulfil a financial obligation is not counted.
    /// </summary>
    public FieldProblem? PaidAtProblem(DateTimeOffset? paidAt, DateTimeOffset now)
    {
        if (paidAt is not { } paid || Status != DossierStatus.AwaitingPayment || Pauses.LastOrDefault(p => p.To is null) is not { } pause) return null;
        if (paid > now)
            return new FieldProblem("paidAt", $"Thời điểm nộp tiền ({VietnamTime.ToVietnam(paid):dd/MM/yyyy HH:mm}) chưa tới; nhập thời điểm đã nộp.");
        if (paid < pause.From)
            return new FieldProblem("paidAt", $"Thời điểm nộp tiền ({VietnamTime.ToVietnam(paid):dd/MM/yyyy HH:mm}) trước khi yêu cầu thực hiện nghĩa vụ tài chính ({VietnamTime.ToVietnam(pause.From):dd/MM/yyyy HH:mm}).");
        return null;
    }

    /// <summary>
    /// The payment is confirmed: processing resumes and the due date moves by the office time spent waiting. The wait ends
    /// at <paramref name="paidAt"/> when the payment's own instant is known (a bank's callback, the accountant's receipt),
    /// so the clock resumes exactly then; an instant before the wait began or after <paramref name="now"/> is held to
    /// those bounds. The event is recorded at <paramref name="now"/>.
    /// </summary>
    public void PaymentReceived(string? note, WorkingCalendar calendar, TimeOnly? cutoff, Officer by, DateTimeOffset now, DateTimeOffset? paidAt = null)
    {
        Ensure(ProcessingAction.PaymentReceived, by);
        var from = Pauses.Single(p => p.To is null).From;
        var resumed = paidAt is { } paid ? paid < from ? from : paid > now ? now : paid : now;
        var waited = ClosePause(resumed, calendar);
        Recompute(calendar, cutoff, now);
        if (CurrentStepDueAt is { } stepDue) CurrentStepDueAt = calendar.AddWorkingTime(stepDue, waited);
        Record(by.Actor, now, DossierEventAction.PaymentReceived, DossierStatus.InProcess,
            "Đã thực hiện nghĩa vụ tài chính" + (string.IsNullOrWhiteSpace(note) ? "" : $": {note.Trim()}")
            + (DueAt is { } due ? $"; hẹn trả {VietnamTime.ToVietnam(due):HH:mm dd/MM/yyyy}" : ""), CurrentStepIndex);
    }

    /// <summary>
    /// Bank money settled the requests <paramref name="settled"/> after the officer's <see cref="PaymentReceived"/> had ended the financial-obligation
    /// pause that waited for it (the pause's own request the officer recorded paid elsewhere, or the intake fee a pause
    /// reused, still open at the record): the obligation was met when the last request the pause waited for was paid
    /// (<see cref="Payments.PaymentRequestReasons.ObligationMetAt"/> over <paramref name="requests"/>, the dossier's requests
    /// not cancelled with their paid times, a request paid elsewhere at the officer's record), the rule that ends the pause
    /// when the bank's money comes first. When that is earlier than the pause's end, the pause ends then instead (never
    /// before it began), so both orders give the same pause end (../shared/DOMAIN.md §8; Nghị định 61/2018/NĐ-CP as amended
    /// by 107/2021, Điều 19 khoản 4: the time taken to fulfil a financial obligation is not counted), the due dates move
    /// back by the working time gained, and the event <see cref="DossierEventAction.PaymentPaidEarlier"/> is recorded at
    /// <paramref name="now"/>; the status is unchanged. Only while the dossier is processed
    /// (<see cref="RetimedByPayment"/>): once the result is ready its due date and completion stand, and the event only
    /// says the bank's time was recorded for the accountant. Once per pause: a second report moves nothing. Answers whether
    /// the dossier changed (a pause moved or the event recorded).
    /// </summary>
    public bool PaidBeforeRecorded(IReadOnlyList<Payments.ObligationRequest> requests, IReadOnlyCollection<long> settled, WorkingCalendar calendar,
        TimeOnly? cutoff, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(actor);
        // The closed pause that waited for the money just settled: of the requests raised before it ended (a later pause's
        // are not its own), those it waited for. Its end was recorded at the clock's ticks, the requests' paid times at
        // PostgreSQL's microseconds.
        var found = Pauses.Where(p => p.Reason == PauseReason.Payment && p.To is not null)
            .Select(p => (Pause: p, Raised: requests.Where(r => r.RaisedAt < p.To).ToList()))
            .Where(f => Payments.PaymentRequestReasons.WaitedFor(f.Pause.From, f.Raised).Any(r => settled.Contains(r.Id)))
            .Select(f => (f.Pause, MetAt: Payments.PaymentRequestReasons.ObligationMetAt(f.Pause.From, f.Raised)))
            .LastOrDefault(f => f.MetAt is { } met && (f.Pause.To!.Value - met).Ticks >= TimeSpan.TicksPerMicrosecond);
        if (found.Pause is not { } pause || Events.Any(e => e.Action == DossierEventAction.PaymentPaidEarlier && e.At >= pause.From)) return false;
        var bankPaidAt = found.MetAt!.Value;
        var recordedPaidAt = pause.To!.Value;
        var moved = pause with { To = bankPaidAt < pause.From ? pause.From : bankPaidAt };
        if (moved.To >= pause.To) return false;
        var told = $"Ngân hàng báo đã nộp tiền lúc {VietnamTime.ToVietnam(bankPaidAt):HH:mm dd/MM/yyyy}, trước thời điểm đã ghi nhận "
            + $"({VietnamTime.ToVietnam(recordedPaidAt):HH:mm dd/MM/yyyy})";
        if (!RetimedByPayment(Status))
        {
            Record(actor, now, DossierEventAction.PaymentPaidEarlier, Status,
                $"{told}; hồ sơ đã xử lý xong nên thời hạn và kết quả đúng hạn không tính lại, thời điểm ngân hàng báo được ghi nhận để kế toán đối chiếu",
                CurrentStepIndex);
            return true;
        }
        var gained = calendar.PausedWorkingTime([pause.ForCalendar()], now) - calendar.PausedWorkingTime([moved.ForCalendar()], now);
        Pauses = [.. Pauses.Select(p => ReferenceEquals(p, pause) ? moved : p)];
        if (ClockStartedAt <= pause.From) Recompute(calendar, cutoff, now);
        // The step's own due date was pushed by the whole wait when the pause ended; it gives back what the bank's time gained.
        if (CurrentStepStartedAt is { } stepStart && stepStart <= pause.From && CurrentStepDueAt is { } stepDue)
            CurrentStepDueAt = calendar.AddWorkingTime(stepStart, TimeSpan.FromTicks(Math.Max(0, (calendar.WorkingTimeBetween(stepStart, stepDue) - gained).Ticks)));
        Record(actor, now, DossierEventAction.PaymentPaidEarlier, Status,
            $"{told}; thời gian chờ nghĩa vụ tài chính tính đến {VietnamTime.ToVietnam(moved.To!.Value):HH:mm dd/MM/yyyy}"
            + (DueAt is { } due ? $", hẹn trả {VietnamTime.ToVietnam(due):HH:mm dd/MM/yyyy}" : ""), CurrentStepIndex);
        return true;
    }

    /// <summary>
    /// Whether a bank's earlier paid time still moves a financial-obligation pause's end (and the due dates) of a dossier in
    /// <paramref name="status"/>: only while it is processed, received (2), in process (4) or paused again (5, 6), before
    /// the result is ready (9, ../shared/DOMAIN.md §3) [choice, brief fees40a]. From status 9 the processing is finished and
    /// judged against its due date (early, on time, late: Biểu 06, the 766 indicators), so money reported afterwards
    /// settles its request without re-timing a finished dossier (trial14u HIGH 1: "early" turned "late" after the return);
    /// a dossier ended undecided (3, 7, 8) is not timed either.
    /// </summary>
    public static bool RetimedByPayment(DossierStatus status) =>
        status is DossierStatus.Received or DossierStatus.InProcess or DossierStatus.SupplementRequested or DossierStatus.AwaitingPayment;

    /// <summary>
    /// Mẫu 04: the apology and the new date, at least one working day before the due date, once only. The original due
    /// date stays for statistics.
    /// </summary>
    public void Extend(string reason, DateTimeOffset newDueAt, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Extend, by);
        var text = Required(reason, "reason", "Nêu rõ lý do chậm trả kết quả.");
        var due = DueAt!.Value;
        if (calendar.WorkingTimeBetween(now, due) < calendar.WorkingTimeOf(TimeLimit.Days(1)))
            throw new DossierStateException(
                $"Phiếu xin lỗi và hẹn lại ngày trả kết quả phải gửi trước hạn ít nhất 1 ngày làm việc (hạn hiện tại {VietnamTime.ToVietnam(due):HH:mm dd/MM/yyyy}).");
        if (newDueAt <= due)
            throw new DossierStateException($"Ngày hẹn mới phải sau hạn hiện tại {VietnamTime.ToVietnam(due):HH:mm dd/MM/yyyy}.", field: "newDueAt");
        // Every later computation (a pause, a payment) adds office time to this instant: it must stay inside the calendar.
        if (WorkingCalendar.CheckInstant(newDueAt) is { } outOfRange) throw new DossierStateException($"Ngày hẹn mới: {outOfRange}", field: "newDueAt");
        var extension = new Extension(due, VietnamTime.ToVietnam(newDueAt), text);
        ExtendedAt = now;
        ExtensionReason = extension.Reason;
        ExtensionDueAt = extension.NewDueAt;
        DueAt = extension.NewDueAt;
        Record(by.Actor, now, DossierEventAction.Extend, Status,
            $"Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): {text}; hẹn mới {VietnamTime.ToVietnam(extension.NewDueAt):HH:mm dd/MM/yyyy}", CurrentStepIndex);
    }

    /// <summary>The citizen asks to withdraw the dossier (status 7); only while no result exists. An open pause (status 5
    /// or 6) ends at <paramref name="now"/> (<see cref="EnterWithdrawal"/>).</summary>
    public void Withdraw(string reason, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Withdraw, by);
        WithdrawalReason = Required(reason, "reason", "Ghi nội dung yêu cầu rút hồ sơ của người dân.");
        EnterWithdrawal(by.Actor, now, WithdrawalReason);
    }

    // The one way into status 7, for the desk and the citizen. A pause still open (waiting for a supplement or a financial
    // obligation) ends at the withdrawal: the dossier no longer waits for the citizen, and a pause left open on a withdrawn
    // dossier read as "paused, to: null" in every time figure and report (fresh trial fees37).
    private void EnterWithdrawal(Actor actor, DateTimeOffset now, string note)
    {
        if (IsPaused) ClosePause(now);
        Record(actor, now, DossierEventAction.Withdraw, DossierStatus.WithdrawalRequested, note, CurrentStepIndex);
    }

    /// <summary>The agency stops processing (status 8) with a stop notice: after a withdrawal request, or when the citizen
    /// did not supplement or pay.</summary>
    public void Stop(string reason, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Stop, by);
        StopReason = Required(reason, "reason", "Nêu rõ lý do dừng giải quyết hồ sơ.");
        if (IsPaused) ClosePause(now);
        StoppedAt = now;
        CurrentAgencyId = ReceivingAgencyId;
        Record(by.Actor, now, DossierEventAction.Stop, DossierStatus.Stopped, $"Thông báo dừng giải quyết hồ sơ: {StopReason}", CurrentStepIndex);
    }

    /// <summary>A co-agency answers its task (liên thông); the lead agency's steps go on meanwhile.</summary>
    public void CompleteCoAgencyTask(int stepIndex, string answer, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.CompleteCoAgencyTask, by);
        var task = CoAgencyTasks.FirstOrDefault(t => t.StepIndex == stepIndex && t.IsOpen)
            ?? throw new DossierStateException($"Hồ sơ {Code} không có nhiệm vụ phối hợp số {stepIndex + 1} đang chờ ý kiến.", DossierRefusal.WrongState);
        if (by.AgencyId is { } agency && agency != task.AgencyId)
            throw new DossierStateException($"Nhiệm vụ \"{task.Name}\" do {task.Performer} thực hiện; đơn vị của bạn không được trả lời thay.", DossierRefusal.NotPermitted);
        var text = Required(answer, "answer", "Ghi ý kiến, kết quả phối hợp.");
        CoAgencyTasks = [.. CoAgencyTasks.Select(t => ReferenceEquals(t, task) ? t with { DoneAt = now, DoneBy = by.Actor.Name, Answer = text } : t)];
        OpenTaskAgencyIds = [.. CoAgencyTasks.Where(t => t.IsOpen).Select(t => t.AgencyId).Distinct()];
        var timing = DeadlineClassifier.ClassifyFinished(now, task.DueAt) == CompletionTiming.Late ? "quá hạn" : "trong hạn";
        Record(by.Actor, now, DossierEventAction.CoAgencyAnswer, Status, $"Ý kiến của {task.Performer} ({timing}): {text}", task.StepIndex);
    }

    private void Decide(ResultKind kind, string? note, WorkingCalendar calendar, Officer by, DateTimeOffset now, DossierEventAction action, string label)
    {
        ResultKind = kind;
        ResultNote = note;
        var step = CurrentStepIndex!.Value;
        EnterStep(MainStep(CurrentStepIndex!.Value, +1), now, calendar);
        Record(by.Actor, now, action, DossierStatus.InProcess, note is null ? label : $"{label}: {note}", step);
    }

    private void EnterStep(int index, DateTimeOffset at, WorkingCalendar calendar)
    {
        var step = Process[index];
        // The step being left keeps its own start and due for the event that finishes it (Record).
        if (CurrentStepIndex is { } leaving && leaving != index) _leftStep = (leaving, CurrentStepStartedAt, CurrentStepDueAt);
        CurrentStepIndex = index;
        CurrentStepName = step.Name;
        CurrentStepKind = step.Kind;
        CurrentAgencyId = step.AgencyId;
        HeldBy(step.AgencyId);
        CurrentStepStartedAt = at;
        CurrentStepDueAt = calendar.AddWorkingTime(at, calendar.WorkingTimeOf(step.Allowance));
        // Back at an assignment step the head assigns again.
        if (step.Kind == StepKind.Assign)
        {
            AssigneeUserId = null;
            AssigneeName = null;
        }
    }

    private void HeldBy(int agencyId)
    {
        if (!HeldByAgencyIds.Contains(agencyId)) HeldByAgencyIds = [.. HeldByAgencyIds, agencyId];
    }

    // The next (or previous) step of the lead agency's own sequence: co-agency tasks run beside it, not in it.
    private int MainStep(int from, int direction)
    {
        var index = from + direction;
        while (Process[index].Kind == StepKind.CoAgency) index += direction;
        return index;
    }

    // Closes the open pause; returns the office time it stopped the clock for.
    private TimeSpan ClosePause(DateTimeOffset now, WorkingCalendar? calendar = null)
    {
        var open = Pauses.Single(p => p.To is null);
        var closed = open with { To = now };
        Pauses = [.. Pauses.Select(p => ReferenceEquals(p, open) ? closed : p)];
        return calendar?.PausedWorkingTime([closed.ForCalendar()], now) ?? TimeSpan.Zero;
    }

    // The due date from the count's start with the pauses since then; an extension given since then moves by the pauses after it.
    private void Recompute(WorkingCalendar calendar, TimeOnly? cutoff, DateTimeOffset now)
    {
        var pauses = Pauses.Where(p => p.From >= ClockStartedAt).Select(p => p.ForCalendar()).ToList();
        var due = calendar.ComputeDue(ClockStartedAt, TimeLimit, Channel, pauses, cutoff);
        if (due is null) return; // only while a pause is open, which the callers have just closed
        OriginalDueAt = due.DueAt;
        DueExplanation = due.Skipped;
        DueAt = ExtendedAt is { } extendedAt && extendedAt >= ClockStartedAt && ExtensionDueAt is { } extended
            ? calendar.AddWorkingTime(extended, calendar.PausedWorkingTime(pauses.Where(p => p.From >= extendedAt), now))
            : due.DueAt;
    }

    // field: the API body's name for the text (reason, note, answer), named by the 422.
    private static string Required(string? text, string field, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new DossierStateException(message, field: field) : text.Trim();

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
