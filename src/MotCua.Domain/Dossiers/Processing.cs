using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>What an officer does in the system; the web maps the sign-in role onto it (the Domain knows no claims).</summary>
public enum OfficerRole
{
    ReceivingOfficer = 1,
    Specialist,
    DepartmentHead,
    Leader,
    Accountant,
    Admin,
    Inspector,
}

/// <summary>An officer acting on a dossier: who (for the history), in which role and for which agency (for the rules).
/// Without an agency only the role is checked (the web always passes one).</summary>
public sealed record Officer(Actor Actor, OfficerRole Role, int? AgencyId = null);

/// <summary>Every processing action; <see cref="Dossier.Allows"/> says which ones an officer may take now.</summary>
public enum ProcessingAction
{
    /// <summary>The one-stop unit accepts an online submission (status 1 → 2).</summary>
    AcceptOnline,
    /// <summary>The one-stop unit refuses an online submission with reasons (status 1 → 3).</summary>
    RefuseOnline,
    Transfer,
    Assign,
    CompleteStep,
    SendBack,
    Approve,
    RefuseOnMerits,
    ResultReady,
    Return,
    RequestSupplement,
    SupplementReceived,
    RequireFinancialObligation,
    PaymentReceived,
    Extend,
    Withdraw,
    Stop,
    CompleteCoAgencyTask,
}

public enum ResultKind
{
    /// <summary>The leader approved and signed the result the citizen asked for.</summary>
    Approved = 1,
    /// <summary>A refusal on the merits: the refusal notice is the result.</summary>
    Refused = 2,
}

public enum ReturnMethod
{
    Desk = 1,
    Post = 2,
    Electronic = 3,
}

/// <summary>A step of the dossier's internal process with the agency that performs it resolved to its id.</summary>
public sealed record PlannedStep(string Name, StepKind Kind, string Performer, TimeLimit Allowance, bool MaySendBack, int AgencyId);

/// <summary>
/// A task of a co-agency in an interconnected (liên thông) procedure: opened at transfer for every CoAgency step, run in
/// parallel with the lead agency's steps, with its own deadline; the leader signs only once every task is answered.
/// </summary>
public sealed record CoAgencyTask(int StepIndex, string Name, string Performer, int AgencyId, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    DateTimeOffset? DoneAt = null, string? DoneBy = null, string? Answer = null)
{
    public bool IsOpen => DoneAt is null;
}

/// <summary>How the result went back to the citizen: who received it at the desk, the dispatch slip of the post, or the e-mail.</summary>
public sealed record ReturnDetails(ReturnMethod Method, string? ReceivedBy, string? DispatchNumber = null, string? PostalStatus = null);

/// <summary>How far an officer sees a dossier (<see cref="Dossier.VisibilityFor"/>); the web answers <see cref="None"/> as not found.</summary>
public enum Visibility
{
    /// <summary>Not at all: the code is answered as not found, so other agencies' codes cannot be probed.</summary>
    None,
    /// <summary>Their agency holds it now (the receiving point, the agency of the current step, a co-agency with an open
    /// task): they read it and take the actions <see cref="Dossier.Allows"/> gives them.</summary>
    Holder,
    /// <summary>They handled it before (acted on it or were assigned it), or lead or head an agency that held it: they read
    /// it and its history after it left them, and take no action.</summary>
    Handler,
    /// <summary>The inspector (thanh tra): every dossier of the province, read-only.</summary>
    Inspector,
}

/// <summary>Why an action is not available now, in the officer's words, and how the web answers it (409, 403, 422).
/// <paramref name="NotAtThisStage"/>: the dossier's status or step is not one the action belongs to (nobody could take it
/// now), as opposed to a reason about this officer or a rule of the moment (a co-agency answer awaited, once only).</summary>
public sealed record ActionRefusal(ProcessingAction Action, DossierRefusal Kind, string Reason, bool NotAtThisStage);

public static class ProcessingNames
{
    public static string Vietnamese(this OfficerRole role) => role switch
    {
        OfficerRole.ReceivingOfficer => "cán bộ Bộ phận Một cửa",
        OfficerRole.Specialist => "chuyên viên xử lý",
        OfficerRole.DepartmentHead => "lãnh đạo phòng chuyên môn",
        OfficerRole.Leader => "lãnh đạo cơ quan",
        OfficerRole.Accountant => "kế toán",
        OfficerRole.Admin => "quản trị hệ thống",
        OfficerRole.Inspector => "thanh tra",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static string Vietnamese(this ProcessingAction action) => action switch
    {
        ProcessingAction.AcceptOnline => "tiếp nhận hồ sơ trực tuyến",
        ProcessingAction.RefuseOnline => "từ chối tiếp nhận hồ sơ trực tuyến",
        ProcessingAction.Transfer => "chuyển hồ sơ đến bộ phận giải quyết",
        ProcessingAction.Assign => "phân công xử lý",
        ProcessingAction.CompleteStep => "hoàn thành bước xử lý",
        ProcessingAction.SendBack => "trả lại bước trước",
        ProcessingAction.Approve => "phê duyệt kết quả",
        ProcessingAction.RefuseOnMerits => "từ chối giải quyết",
        ProcessingAction.ResultReady => "nhận kết quả về Bộ phận Một cửa",
        ProcessingAction.Return => "trả kết quả",
        ProcessingAction.RequestSupplement => "yêu cầu bổ sung hồ sơ",
        ProcessingAction.SupplementReceived => "nhận hồ sơ bổ sung",
        ProcessingAction.RequireFinancialObligation => "yêu cầu thực hiện nghĩa vụ tài chính",
        ProcessingAction.PaymentReceived => "xác nhận đã thực hiện nghĩa vụ tài chính",
        ProcessingAction.Extend => "xin lỗi và hẹn lại ngày trả kết quả",
        ProcessingAction.Withdraw => "ghi nhận yêu cầu rút hồ sơ",
        ProcessingAction.Stop => "dừng giải quyết hồ sơ",
        ProcessingAction.CompleteCoAgencyTask => "gửi ý kiến của cơ quan phối hợp",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static string Vietnamese(this ReturnMethod method) => method switch
    {
        ReturnMethod.Desk => "trực tiếp tại Bộ phận Một cửa",
        ReturnMethod.Post => "qua dịch vụ bưu chính công ích",
        ReturnMethod.Electronic => "trực tuyến (kết quả điện tử)",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}

/// <summary>The internal process a dossier follows when its procedure has none adopted.</summary>
public static class DefaultProcess
{
    /// <summary>
    /// Transfer, (assignment by the department head,) appraisal, approval and return to the one-stop unit, sharing the
    /// time limit 1/8, (1/8,) 1/2 or 3/8, 1/4 and 1/8 so that the steps add up to it exactly. A commune has no departments,
    /// so its civil servant appraises without an assignment step; every step is performed at <paramref name="agencyId"/>.
    /// </summary>
    public static IReadOnlyList<PlannedStep> For(TimeLimit limit, int agencyId, bool withAssignment)
    {
        TimeLimit Share(decimal fraction) => limit with { Amount = limit.Amount * fraction };
        var steps = new List<PlannedStep> { new("Chuyển hồ sơ đến bộ phận giải quyết", StepKind.Transfer, "Bộ phận Một cửa", Share(0.125m), false, agencyId) };
        if (withAssignment) steps.Add(new("Phân công xử lý", StepKind.Assign, "Lãnh đạo phòng chuyên môn", Share(0.125m), false, agencyId));
        steps.Add(new("Thẩm định, dự thảo kết quả", StepKind.Appraise, withAssignment ? "Chuyên viên xử lý" : "Công chức chuyên môn",
            Share(withAssignment ? 0.375m : 0.5m), withAssignment, agencyId));
        steps.Add(new("Phê duyệt, ký kết quả", StepKind.Approve, "Lãnh đạo cơ quan", Share(0.25m), true, agencyId));
        steps.Add(new("Chuyển kết quả về Bộ phận Một cửa", StepKind.Result, "Bộ phận Một cửa", Share(0.125m), false, agencyId));
        return steps;
    }
}

/// <summary>
/// Processing after receipt (DOMAIN.md §3): transfer, the steps of the internal process, supplements and payments that
/// stop the clock, the one-time extension, withdrawal and stop, the result and its return. Every method checks the
/// status, the current step and the officer's role (<see cref="Allows"/>), then records an event.
/// </summary>
public sealed partial class Dossier
{
    public const string SupplementPauseReason = "chờ bổ sung hồ sơ";
    public const string PaymentPauseReason = "chờ thực hiện nghĩa vụ tài chính";

    /// <summary>The supplement during appraisal must be requested within this many working days of receipt (DOMAIN.md §3).</summary>
    public const int SupplementWindowDays = 3;

    private static readonly DossierStatus[] WithoutResult =
        [DossierStatus.Received, DossierStatus.InProcess, DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment];

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
    public IReadOnlyList<Pause> Pauses { get; private set; } = [];
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

    public PlannedStep? CurrentStep => CurrentStepIndex is { } i ? Process[i] : null;

    /// <summary>The clock stands still: a supplement or a payment is awaited.</summary>
    public bool IsPaused => Pauses.Any(p => p.To is null);

    /// <summary>Early, on time or late against the original due date; null until the result is ready.</summary>
    public CompletionTiming? Completion => ResultReadyAt is { } finished && OriginalDueAt is { } due
        ? DeadlineClassifier.ClassifyFinished(finished, due)
        : null;

    /// <summary>Whether <paramref name="by"/> may take <paramref name="action"/> now (status, step, role, assignment, once-only rules).
    /// Time windows and input are checked when the action is taken.</summary>
    public bool Allows(ProcessingAction action, Officer by) => Check(action, by) is null;

    /// <summary>Why <paramref name="by"/> may not take <paramref name="action"/> now (the first rule of <see cref="Allows"/> that
    /// fails, in Vietnamese), or null when they may: the dossier page and the API show it beside the actions not offered.</summary>
    public ActionRefusal? RefusalOf(ProcessingAction action, Officer by) =>
        StageRefusal(action) is { } stage ? new(action, stage.Refusal, stage.Message, NotAtThisStage: true)
        : OfficerRefusal(action, by) is { } refusal ? new(action, refusal.Refusal, refusal.Message, NotAtThisStage: false)
        : null;

    /// <summary>
    /// The agencies that have held the dossier: the receiving point, every agency whose step it entered, every co-agency
    /// given a task. Their leaders and department heads keep reading it after it left them (<see cref="VisibilityFor"/>).
    /// </summary>
    public int[] HeldByAgencyIds { get; private set; } = [];

    /// <summary>
    /// How far <paramref name="reader"/> sees the dossier: the holder's officers act on it; whoever handled it (acted on it,
    /// was assigned it) and the leader or head of an agency that held it read it and its history after it moved on, so a
    /// hand-off does not take away the record of one's own work [choice, issue 8]; the inspector reads every dossier of the
    /// province (one deployment serves one province) [law: Luật Thanh tra 2022 Art. 52]. Reads are audited by the web.
    /// </summary>
    public Visibility VisibilityFor(Officer reader)
    {
        if (reader.Role == OfficerRole.Inspector) return Visibility.Inspector;
        if (reader.AgencyId is { } agency && (agency == ReceivingAgencyId || agency == CurrentAgencyId || OpenTaskAgencyIds.Contains(agency)))
            return Visibility.Holder;
        if (reader.Actor.UserId is { } user && (AssigneeUserId == user || _events.Any(e => e.ActorUserId == user)))
            return Visibility.Handler;
        if (reader.Role is OfficerRole.Leader or OfficerRole.DepartmentHead && reader.AgencyId is { } own && HeldByAgencyIds.Contains(own))
            return Visibility.Handler;
        return Visibility.None;
    }

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
        Record(by.Actor, now, "transfer", DossierStatus.InProcess,
            $"Chuyển hồ sơ đến {CurrentStep!.Performer} lúc {VietnamTime.ToVietnam(at):HH:mm dd/MM/yyyy}", process[0].Name);
    }

    /// <summary>The department head assigns a specialist of the agency (the web checks the user belongs to it).</summary>
    public void Assign(int assigneeUserId, string assigneeName, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Assign, by);
        if (string.IsNullOrWhiteSpace(assigneeName)) throw new DossierStateException("Chọn chuyên viên được phân công xử lý.");
        var step = CurrentStep!.Name;
        AssigneeUserId = assigneeUserId;
        AssigneeName = assigneeName.Trim();
        EnterStep(MainStep(CurrentStepIndex!.Value, +1), now, calendar);
        Record(by.Actor, now, "assign", DossierStatus.InProcess, $"Phân công {AssigneeName} xử lý", step);
    }

    /// <summary>The specialist finishes the current step with a note; with <paramref name="sendBack"/> the dossier goes back
    /// to the previous step, which only a step marked "may send back" allows.</summary>
    public void CompleteStep(string note, bool sendBack, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(sendBack ? ProcessingAction.SendBack : ProcessingAction.CompleteStep, by);
        var text = Required(note, sendBack ? "Nêu rõ lý do trả lại bước trước." : "Ghi nội dung đã xử lý ở bước này.");
        var step = CurrentStep!.Name;
        EnterStep(MainStep(CurrentStepIndex!.Value, sendBack ? -1 : +1), now, calendar);
        Record(by.Actor, now, sendBack ? "send-back" : "complete-step", DossierStatus.InProcess,
            sendBack ? $"Trả lại bước \"{CurrentStep!.Name}\": {text}" : text, step);
    }

    /// <summary>The leader approves and signs; the result goes on towards the one-stop unit.</summary>
    public void Approve(string? note, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Approve, by);
        Decide(Dossiers.ResultKind.Approved, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), calendar, by, now, "approve", "Phê duyệt kết quả");
    }

    /// <summary>The leader refuses on the merits, with reasons: the refusal notice is the result returned to the citizen.</summary>
    public void RefuseOnMerits(string reason, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.RefuseOnMerits, by);
        var text = Required(reason, "Nêu rõ lý do từ chối giải quyết hồ sơ.");
        Decide(Dossiers.ResultKind.Refused, text, calendar, by, now, "refuse-merits", "Từ chối giải quyết");
    }

    /// <summary>The result is back at the one-stop unit (status 9); the dossier is finished and classified now.</summary>
    public void ResultReady(Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.ResultReady, by);
        ResultKind ??= Dossiers.ResultKind.Approved;
        ResultReadyAt = now;
        var step = CurrentStep!.Name;
        CurrentAgencyId = ReceivingAgencyId;
        Record(by.Actor, now, "result-ready", DossierStatus.ResultReady,
            ResultKind == Dossiers.ResultKind.Refused ? "Nhận thông báo từ chối giải quyết về Bộ phận Một cửa" : "Nhận kết quả về Bộ phận Một cửa", step);
    }

    /// <summary>The result reaches the citizen (status 10): at the desk (who received it), by post (dispatch slip, postal status) or online.</summary>
    public void Return(ReturnDetails details, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Return, by);
        var receivedBy = string.IsNullOrWhiteSpace(details.ReceivedBy) ? null : details.ReceivedBy.Trim();
        if (details.Method == Dossiers.ReturnMethod.Desk && receivedBy is null)
            throw new DossierStateException("Ghi họ tên người nhận kết quả tại Bộ phận Một cửa.");
        if (details.Method == Dossiers.ReturnMethod.Post && string.IsNullOrWhiteSpace(details.DispatchNumber))
            throw new DossierStateException("Ghi số phiếu gửi (mã bưu gửi) khi trả kết quả qua bưu chính.");
        if (!Enum.IsDefined(details.Method)) throw new DossierStateException("Cách trả kết quả không hợp lệ.");
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
        Record(by.Actor, now, "return", DossierStatus.Returned, note);
    }

    /// <summary>
    /// Appraisal finds the dossier insufficient: one Mẫu 02 listing every item, once and in full, within
    /// <see cref="SupplementWindowDays"/> working days of receipt. The clock stops until the citizen completes it.
    /// </summary>
    public void RequestSupplement(IReadOnlyList<SupplementItem> items, WorkingCalendar calendar, TimeOnly? cutoff, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.RequestSupplement, by);
        var clean = items.Where(i => !string.IsNullOrWhiteSpace(i.Document)).Select(i => new SupplementItem(i.Document.Trim(), i.Reason?.Trim() ?? "")).ToList();
        if (clean.Count == 0) throw new DossierStateException("Liệt kê đầy đủ các giấy tờ cần bổ sung, hoàn thiện.");
        if (clean.Any(i => i.Reason.Length == 0)) throw new DossierStateException("Nêu rõ lý do cho từng giấy tờ cần bổ sung.");
        var start = calendar.ValidStart(ReceivedAt!.Value, Channel, cutoff);
        if (calendar.WorkingTimeBetween(start, now) > calendar.WorkingTimeOf(TimeLimit.Days(SupplementWindowDays)))
            throw new DossierStateException(
                $"Đã quá {SupplementWindowDays} ngày làm việc kể từ khi tiếp nhận hồ sơ nên không thể yêu cầu bổ sung; nếu hồ sơ không đủ điều kiện, trình lãnh đạo từ chối giải quyết.");
        SupplementItems = clean;
        SupplementRequestedAt = now;
        Pauses = [.. Pauses, new Pause(now, null, SupplementPauseReason)];
        Record(by.Actor, now, "supplement-request", DossierStatus.SupplementRequested,
            "Yêu cầu bổ sung (Mẫu 02): " + string.Join("; ", clean.Select(i => $"{i.Document} ({i.Reason})")), CurrentStep!.Name);
    }

    /// <summary>The citizen completed the supplement: the time limit restarts from zero from now (a new due date in its own right).</summary>
    public void SupplementReceived(WorkingCalendar calendar, TimeOnly? cutoff, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.SupplementReceived, by);
        ClosePause(now);
        SupplementReceivedAt = now;
        ClockStartedAt = now;
        var due = calendar.RestartAfterSupplement(now, TimeLimit, Channel, cutoff);
        DueAt = due.DueAt;
        OriginalDueAt = due.DueAt;
        DueExplanation = due.Skipped;
        EnterStep(CurrentStepIndex!.Value, calendar.ValidStart(now, Channel, cutoff), calendar);
        Record(by.Actor, now, "supplement-received", DossierStatus.InProcess,
            $"Nhận hồ sơ bổ sung; thời hạn tính lại từ đầu, hẹn trả {VietnamTime.ToVietnam(due.DueAt):HH:mm dd/MM/yyyy}", CurrentStep!.Name);
    }

    /// <summary>The citizen must pay (e.g. land use fees) before the result: status 6, the clock stops.</summary>
    public void RequireFinancialObligation(string note, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.RequireFinancialObligation, by);
        ObligationNote = Required(note, "Ghi rõ nghĩa vụ tài chính người dân phải thực hiện.");
        Pauses = [.. Pauses, new Pause(now, null, PaymentPauseReason)];
        Record(by.Actor, now, "financial-obligation", DossierStatus.AwaitingPayment, ObligationNote, CurrentStep!.Name);
    }

    /// <summary>The payment is confirmed: processing resumes and the due date moves by the office time spent waiting.</summary>
    public void PaymentReceived(string? note, WorkingCalendar calendar, TimeOnly? cutoff, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.PaymentReceived, by);
        var waited = ClosePause(now, calendar);
        Recompute(calendar, cutoff, now);
        if (CurrentStepDueAt is { } stepDue) CurrentStepDueAt = calendar.AddWorkingTime(stepDue, waited);
        Record(by.Actor, now, "payment-received", DossierStatus.InProcess,
            "Đã thực hiện nghĩa vụ tài chính" + (string.IsNullOrWhiteSpace(note) ? "" : $": {note.Trim()}")
            + (DueAt is { } due ? $"; hẹn trả {VietnamTime.ToVietnam(due):HH:mm dd/MM/yyyy}" : ""), CurrentStep!.Name);
    }

    /// <summary>
    /// Mẫu 04: the apology and the new date, at least one working day before the due date, once only. The original due
    /// date stays for statistics.
    /// </summary>
    public void Extend(string reason, DateTimeOffset newDueAt, WorkingCalendar calendar, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Extend, by);
        var text = Required(reason, "Nêu rõ lý do chậm trả kết quả.");
        var due = DueAt!.Value;
        if (calendar.WorkingTimeBetween(now, due) < calendar.WorkingTimeOf(TimeLimit.Days(1)))
            throw new DossierStateException(
                $"Phiếu xin lỗi và hẹn lại ngày trả kết quả phải gửi trước hạn ít nhất 1 ngày làm việc (hạn hiện tại {VietnamTime.ToVietnam(due):HH:mm dd/MM/yyyy}).");
        if (newDueAt <= due)
            throw new DossierStateException($"Ngày hẹn mới phải sau hạn hiện tại {VietnamTime.ToVietnam(due):HH:mm dd/MM/yyyy}.");
        // Every later computation (a pause, a payment) adds office time to this instant: it must stay inside the calendar.
        if (WorkingCalendar.CheckInstant(newDueAt) is { } outOfRange) throw new DossierStateException($"Ngày hẹn mới: {outOfRange}");
        var extension = new Extension(due, VietnamTime.ToVietnam(newDueAt), text);
        ExtendedAt = now;
        ExtensionReason = extension.Reason;
        ExtensionDueAt = extension.NewDueAt;
        DueAt = extension.NewDueAt;
        Record(by.Actor, now, "extend", Status,
            $"Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): {text}; hẹn mới {VietnamTime.ToVietnam(extension.NewDueAt):HH:mm dd/MM/yyyy}", CurrentStep?.Name);
    }

    /// <summary>The citizen asks to withdraw the dossier (status 7); only while no result exists.</summary>
    public void Withdraw(string reason, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Withdraw, by);
        WithdrawalReason = Required(reason, "Ghi nội dung yêu cầu rút hồ sơ của người dân.");
        Record(by.Actor, now, "withdraw", DossierStatus.WithdrawalRequested, WithdrawalReason, CurrentStep?.Name);
    }

    /// <summary>The agency stops processing (status 8) with a stop notice: after a withdrawal request, or when the citizen
    /// did not supplement or pay.</summary>
    public void Stop(string reason, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.Stop, by);
        StopReason = Required(reason, "Nêu rõ lý do dừng giải quyết hồ sơ.");
        if (IsPaused) ClosePause(now);
        CurrentAgencyId = ReceivingAgencyId;
        Record(by.Actor, now, "stop", DossierStatus.Stopped, $"Thông báo dừng giải quyết hồ sơ: {StopReason}", CurrentStep?.Name);
    }

    /// <summary>A co-agency answers its task (liên thông); the lead agency's steps go on meanwhile.</summary>
    public void CompleteCoAgencyTask(int stepIndex, string answer, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.CompleteCoAgencyTask, by);
        var task = CoAgencyTasks.FirstOrDefault(t => t.StepIndex == stepIndex && t.IsOpen)
            ?? throw new DossierStateException($"Hồ sơ {Code} không có nhiệm vụ phối hợp số {stepIndex + 1} đang chờ ý kiến.", DossierRefusal.WrongState);
        if (by.AgencyId is { } agency && agency != task.AgencyId)
            throw new DossierStateException($"Nhiệm vụ \"{task.Name}\" do {task.Performer} thực hiện; đơn vị của bạn không được trả lời thay.", DossierRefusal.NotPermitted);
        var text = Required(answer, "Ghi ý kiến, kết quả phối hợp.");
        CoAgencyTasks = [.. CoAgencyTasks.Select(t => ReferenceEquals(t, task) ? t with { DoneAt = now, DoneBy = by.Actor.Name, Answer = text } : t)];
        OpenTaskAgencyIds = [.. CoAgencyTasks.Where(t => t.IsOpen).Select(t => t.AgencyId).Distinct()];
        var timing = DeadlineClassifier.ClassifyFinished(now, task.DueAt) == CompletionTiming.Late ? "quá hạn" : "trong hạn";
        Record(by.Actor, now, "co-agency", Status, $"Ý kiến của {task.Performer} ({timing}): {text}", task.Name);
    }

    private void Decide(ResultKind kind, string? note, WorkingCalendar calendar, Officer by, DateTimeOffset now, string action, string label)
    {
        ResultKind = kind;
        ResultNote = note;
        var step = CurrentStep!.Name;
        EnterStep(MainStep(CurrentStepIndex!.Value, +1), now, calendar);
        Record(by.Actor, now, action, DossierStatus.InProcess, note is null ? label : $"{label}: {note}", step);
    }

    private void EnterStep(int index, DateTimeOffset at, WorkingCalendar calendar)
    {
        var step = Process[index];
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
        var closed = new Pause(open.From, now, open.Reason);
        Pauses = [.. Pauses.Select(p => ReferenceEquals(p, open) ? closed : p)];
        return calendar?.PausedWorkingTime([closed], now) ?? TimeSpan.Zero;
    }

    // The due date from the count's start with the pauses since then; an extension given since then moves by the pauses after it.
    private void Recompute(WorkingCalendar calendar, TimeOnly? cutoff, DateTimeOffset now)
    {
        var pauses = Pauses.Where(p => p.From >= ClockStartedAt).ToList();
        var due = calendar.ComputeDue(ClockStartedAt, TimeLimit, Channel, pauses, cutoff);
        if (due is null) return; // only while a pause is open, which the callers have just closed
        OriginalDueAt = due.DueAt;
        DueExplanation = due.Skipped;
        DueAt = ExtendedAt is { } extendedAt && extendedAt >= ClockStartedAt && ExtensionDueAt is { } extended
            ? calendar.AddWorkingTime(extended, calendar.PausedWorkingTime(pauses.Where(p => p.From >= extendedAt), now))
            : due.DueAt;
    }

    private void Ensure(ProcessingAction action, Officer by)
    {
        if (Check(action, by) is { } refusal) throw refusal;
    }

    // Every rule but input and time windows, in the order an officer would want to hear them: status, step, role, assignment, once-only.
    private DossierStateException? Check(ProcessingAction action, Officer by) => StageRefusal(action) ?? OfficerRefusal(action, by);

    // The status and the step: whether the action belongs to where the dossier is now, whoever asks.
    private DossierStateException? StageRefusal(ProcessingAction action)
    {
        var what = action.Vietnamese();
        DossierStateException State(string message) => new(message, DossierRefusal.WrongState);

        DossierStatus[] statuses = action switch
        {
            ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline => [DossierStatus.Submitted],
            ProcessingAction.Transfer => [DossierStatus.Received],
            ProcessingAction.Return => [DossierStatus.ResultReady],
            ProcessingAction.SupplementReceived => [DossierStatus.SupplementRequested],
            ProcessingAction.PaymentReceived => [DossierStatus.AwaitingPayment],
            ProcessingAction.Withdraw => WithoutResult,
            ProcessingAction.Stop => [DossierStatus.WithdrawalRequested, DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment],
            _ => [DossierStatus.InProcess],
        };
        // Once the leader decided, the result exists even while it travels back to the desk (status 4, Result step) or
        // waits for a fee: the citizen can no longer withdraw, nor the agency stop [law: Nghị định 61/2018 Art. 18, 19].
        if (action is ProcessingAction.Withdraw or ProcessingAction.Stop
            && (ResultKind is not null || Status is DossierStatus.ResultReady or DossierStatus.Returned))
            return State($"Hồ sơ {Code} đã có kết quả giải quyết nên không thể {what}; chỉ rút hoặc dừng được khi chưa có kết quả.");
        if (!statuses.Contains(Status))
            return State($"Không thể {what} khi hồ sơ {Code} đang ở trạng thái \"{Status.Vietnamese()}\"; chỉ thực hiện được khi hồ sơ ở trạng thái "
                  + string.Join(" hoặc ", statuses.Select(s => $"\"{s.Vietnamese()}\"")) + ".");

        StepKind[]? kinds = action switch
        {
            ProcessingAction.Assign => [StepKind.Assign],
            ProcessingAction.CompleteStep => [StepKind.Appraise, StepKind.Handoff],
            ProcessingAction.SendBack => [StepKind.Appraise, StepKind.Handoff, StepKind.Approve],
            ProcessingAction.Approve or ProcessingAction.RefuseOnMerits => [StepKind.Approve],
            ProcessingAction.ResultReady => [StepKind.Result],
            ProcessingAction.RequestSupplement => [StepKind.Appraise],
            _ => null,
        };
        if (kinds is not null && (CurrentStep is not { } step || !kinds.Contains(step.Kind)))
            return State($"Không thể {what}: hồ sơ {Code} đang ở bước \"{CurrentStepName ?? "chưa chuyển xử lý"}\".");
        return null;
    }

    // Role, assignment, agency and the once-only rules, at a stage the action belongs to.
    private DossierStateException? OfficerRefusal(ProcessingAction action, Officer by)
    {
        var what = action.Vietnamese();
        DossierStateException State(string message) => new(message, DossierRefusal.WrongState);
        var roles = RolesFor(action, CurrentStep?.Kind);
        if (!roles.Contains(by.Role))
            return new($"Chỉ {string.Join(" hoặc ", roles.Select(r => r.Vietnamese()))} mới được {what}; bạn đăng nhập với vai trò {by.Role.Vietnamese()}.",
                DossierRefusal.NotPermitted);
        if (action is ProcessingAction.CompleteStep or ProcessingAction.RequestSupplement or ProcessingAction.SendBack
            && by.Role == OfficerRole.Specialist && AssigneeUserId is { } assignee && assignee != by.Actor.UserId)
            return new($"Hồ sơ {Code} được phân công cho {AssigneeName}; chỉ người được phân công mới được {what}.", DossierRefusal.NotPermitted);
        // The desk acts for the receiving point, the step's agency for the step, a co-agency only on its own task.
        int[] agencies = action switch
        {
            ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline or ProcessingAction.Transfer or ProcessingAction.Return
                or ProcessingAction.SupplementReceived or ProcessingAction.Withdraw => [ReceivingAgencyId],
            ProcessingAction.PaymentReceived or ProcessingAction.Stop => [ReceivingAgencyId, CurrentAgencyId],
            ProcessingAction.CompleteCoAgencyTask => OpenTaskAgencyIds,
            _ => [CurrentAgencyId],
        };
        if (by.AgencyId is { } agency && !agencies.Contains(agency))
            return new($"Đơn vị của bạn không phải đơn vị đang giải quyết bước này của hồ sơ {Code} nên không được {what}.", DossierRefusal.NotPermitted);

        return action switch
        {
            ProcessingAction.SendBack when !CurrentStep!.MaySendBack =>
                State($"Bước \"{CurrentStep.Name}\" không được trả lại bước trước theo quy trình nội bộ."),
            // The transfer is behind the dossier once it left the desk; a dossier that cannot go on is refused or stopped instead.
            ProcessingAction.SendBack when Process[MainStep(CurrentStepIndex!.Value, -1)].Kind == StepKind.Transfer =>
                State($"Bước trước bước \"{CurrentStep!.Name}\" là chuyển hồ sơ từ Bộ phận Một cửa nên không thể trả lại."),
            ProcessingAction.RequestSupplement when SupplementRequestedAt is not null =>
                State($"Hồ sơ {Code} đã được yêu cầu bổ sung một lần; yêu cầu bổ sung chỉ được đưa ra một lần, đầy đủ."),
            ProcessingAction.Extend when ExtendedAt is not null =>
                State($"Hồ sơ {Code} đã được hẹn lại ngày trả kết quả; chỉ được hẹn lại một lần."),
            ProcessingAction.CompleteCoAgencyTask when OpenTaskAgencyIds.Length == 0 =>
                State($"Hồ sơ {Code} không có nhiệm vụ phối hợp nào đang chờ ý kiến."),
            ProcessingAction.Approve when CoAgencyTasks.Where(t => t.IsOpen).Select(t => t.Performer).ToList() is { Count: > 0 } waiting =>
                State($"Còn chờ ý kiến phối hợp của {string.Join(", ", waiting)}; chỉ phê duyệt khi các cơ quan phối hợp đã trả lời."),
            _ => null,
        };
    }

    /// <summary>
    /// Who may take an action at a step of the given kind (null before the process starts): the one role table that
    /// <see cref="Allows"/>, the pages, the API and the publishing check of an internal process
    /// (<see cref="InternalProcess.UnstaffedSteps"/>) all read.
    /// </summary>
    public static OfficerRole[] RolesFor(ProcessingAction action, StepKind? step) => action switch
    {
        ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline or ProcessingAction.Transfer or ProcessingAction.ResultReady
            or ProcessingAction.Return or ProcessingAction.SupplementReceived or ProcessingAction.Withdraw => [OfficerRole.ReceivingOfficer],
        ProcessingAction.Assign => [OfficerRole.DepartmentHead],
        // A higher level's one-stop unit receives the hand-off and sends its result back down.
        ProcessingAction.CompleteStep when step == StepKind.Handoff => [OfficerRole.ReceivingOfficer, OfficerRole.Specialist],
        ProcessingAction.CompleteStep or ProcessingAction.RequestSupplement => [OfficerRole.Specialist],
        ProcessingAction.CompleteCoAgencyTask => [OfficerRole.Specialist, OfficerRole.DepartmentHead, OfficerRole.Leader],
        ProcessingAction.SendBack => step == StepKind.Approve ? [OfficerRole.Leader] : [OfficerRole.Specialist],
        ProcessingAction.Approve or ProcessingAction.RefuseOnMerits => [OfficerRole.Leader],
        ProcessingAction.RequireFinancialObligation => [OfficerRole.Specialist, OfficerRole.DepartmentHead],
        ProcessingAction.PaymentReceived => [OfficerRole.Accountant, OfficerRole.ReceivingOfficer],
        ProcessingAction.Extend => [OfficerRole.Specialist, OfficerRole.DepartmentHead, OfficerRole.Leader],
        ProcessingAction.Stop => [OfficerRole.Leader, OfficerRole.DepartmentHead],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Whether <paramref name="role"/> performs <paramref name="action"/> at some step of some process: the dossier
    /// page shows the reason for such an action prominently when it is not available now, the others' reasons folded.</summary>
    public static bool MayEverPerform(ProcessingAction action, OfficerRole role) =>
        Enum.GetValues<StepKind>().Any(kind => RolesFor(action, kind).Contains(role));

    private static string Required(string? text, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new DossierStateException(message) : text.Trim();

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}

/// <summary>How pressing an open dossier is, for the colour of its row in a worklist.</summary>
public enum Urgency
{
    /// <summary>Quá hạn: the due instant has passed.</summary>
    Overdue = 1,
    /// <summary>Sắp đến hạn: due within one working day.</summary>
    DueSoon,
    /// <summary>Trong hạn.</summary>
    OnTrack,
    /// <summary>Tạm dừng: waiting for the citizen, the clock stands still.</summary>
    Paused,
    /// <summary>The clock no longer runs: result ready or returned, refused, stopped.</summary>
    Settled,
}

public static class DossierUrgency
{
    /// <summary>Statuses in which the time limit runs.</summary>
    public static readonly DossierStatus[] Running =
        [DossierStatus.Submitted, DossierStatus.Received, DossierStatus.InProcess, DossierStatus.WithdrawalRequested];

    /// <summary>Statuses in which the dossier waits for the citizen.</summary>
    public static readonly DossierStatus[] WaitingForCitizen = [DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment];

    /// <summary>A dossier due before this instant is "due within one working day".</summary>
    public static DateTimeOffset DueSoonLimit(DateTimeOffset now, WorkingCalendar calendar) =>
        calendar.AddWorkingTime(now, calendar.WorkingTimeOf(TimeLimit.Days(1)));

    public static Urgency Of(DossierStatus status, DateTimeOffset? dueAt, DateTimeOffset now, WorkingCalendar calendar) =>
        WaitingForCitizen.Contains(status) ? Urgency.Paused
        : !Running.Contains(status) || dueAt is not { } due ? Urgency.Settled
        : DeadlineClassifier.ClassifyOpen(now, due) == OpenTiming.Overdue ? Urgency.Overdue
        : due <= DueSoonLimit(now, calendar) ? Urgency.DueSoon
        : Urgency.OnTrack;

    public static string Vietnamese(this Urgency urgency) => urgency switch
    {
        Urgency.Overdue => "Quá hạn",
        Urgency.DueSoon => "Sắp đến hạn",
        Urgency.OnTrack => "Trong hạn",
        Urgency.Paused => "Tạm dừng, chờ người dân",
        Urgency.Settled => "Đã xử lý",
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, null),
    };
}
