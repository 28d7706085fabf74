using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>Who may do what to a dossier, and who sees it: <see cref="ActionRules"/> read against the dossier's state.</summary>
public sealed partial class Dossier
{
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

    /// <summary>
    /// Throws the <see cref="DossierStateException"/> <see cref="Allows"/> would refuse <paramref name="by"/> with: a monitored
    /// dossier, the wrong status or step (<see cref="DossierRefusal.WrongState"/>, 409), a role, agency or assignment that may
    /// not act (<see cref="DossierRefusal.NotPermitted"/>, 403). Every action calls it first; the web calls it before its own
    /// checks of the input, so an officer who may not act hears so whatever the body says (never a 422 about its content).
    /// </summary>
    public void Ensure(ProcessingAction action, Officer by)
    {
        if (Check(action, by) is { } refusal) throw refusal;
    }

    // Every rule but input and time windows, in the order an officer would want to hear them: status, step, role, assignment,
    // once-only; before all, a monitored dossier (handled on a ministry's system) takes no action here at all.
    private DossierStateException? Check(ProcessingAction action, Officer by) => Origin == DossierOrigin.Monitored
        ? new DossierStateException(MonitoredRefusal, DossierRefusal.WrongState)
        : StageRefusal(action) ?? OfficerRefusal(action, by);

    /// <summary>
    /// Whether the dossier waits for an action of <paramref name="by"/>: some row of <see cref="ActionRules"/> marked
    /// awaited for their role fits the dossier's status and step, and <see cref="Allows"/> gives them its action. The
    /// worklist "mine" lists exactly these dossiers.
    /// </summary>
    public bool AwaitsActionFrom(Officer by) =>
        ActionRules.AwaitedFrom(by.Role).Any(r => r.Statuses.Contains(Status) && r.AppliesAt(CurrentStep?.Kind) && Allows(r.Action, by));

    // The status and the step: whether the action belongs to where the dossier is now, whoever asks.
    private DossierStateException? StageRefusal(ProcessingAction action)
    {
        var what = action.Vietnamese();
        DossierStateException State(string message) => new(message, DossierRefusal.WrongState);
        var rules = ActionRules.For(action);

        // Once the leader decided, the result exists even while it travels back to the desk (status 4, Result step) or
        // waits for a fee: the citizen can no longer withdraw, nor the agency stop [law: Nghị định 61/2018 Art. 18, 19].
        if (rules.Any(r => r.WithoutResult) && (ResultKind is not null || DossierStatuses.Finished.Contains(Status)))
            return State($"Hồ sơ {Code} đã có kết quả giải quyết nên không thể {what}; chỉ rút hoặc dừng được khi chưa có kết quả.");
        var statuses = rules.SelectMany(r => r.Statuses).Distinct().ToList();
        if (!statuses.Contains(Status))
            return State($"Không thể {what} khi hồ sơ {Code} đang ở trạng thái \"{Status.Vietnamese()}\"; chỉ thực hiện được khi hồ sơ ở trạng thái "
                  + string.Join(" hoặc ", statuses.Select(s => $"\"{s.Vietnamese()}\"")) + ".");
        if (!rules.Any(r => r.Statuses.Contains(Status) && r.AppliesAt(CurrentStep?.Kind)))
            return State($"Không thể {what}: hồ sơ {Code} đang ở bước \"{CurrentStepName ?? "chưa chuyển xử lý"}\".");
        return null;
    }

    // Role, assignment, agency and the once-only rules, at a stage the action belongs to.
    private DossierStateException? OfficerRefusal(ProcessingAction action, Officer by)
    {
        var what = action.Vietnamese();
        DossierStateException State(string message) => new(message, DossierRefusal.WrongState);
        var here = ActionRules.For(action).Where(r => r.Statuses.Contains(Status) && r.AppliesAt(CurrentStep?.Kind)).ToList();
        var roles = here.Select(r => r.Role).Distinct().ToList();
        if (!roles.Contains(by.Role))
            return new($"Chỉ {string.Join(" hoặc ", roles.Select(r => r.Vietnamese()))} mới được {what}; bạn đăng nhập với vai trò {by.Role.Vietnamese()}.",
                DossierRefusal.NotPermitted);
        var own = here.Where(r => r.Role == by.Role).ToList();
        if (own.Any(r => r.AssigneeOnly) && AssigneeUserId is { } assignee && assignee != by.Actor.UserId)
            return new($"Hồ sơ {Code} được phân công cho {AssigneeName}; chỉ người được phân công mới được {what}.", DossierRefusal.NotPermitted);
        // The desk acts for the receiving point, the step's agency for the step, a co-agency only on its own task.
        if (by.AgencyId is { } agency && !own.SelectMany(r => r.Agencies).Any(relation => StandsAs(agency, relation)))
            return new($"Đơn vị của bạn không phải đơn vị đang giải quyết bước này của hồ sơ {Code} nên không được {what}.", DossierRefusal.NotPermitted);

        return action switch
        {
            ProcessingAction.SendBack when !CurrentStep!.MaySendBack =>
                State($"Bước \"{CurrentStep.Name}\" không được trả lại bước trước theo quy trình nội bộ."),
            // The transfer is behind the dossier once it left the desk; a dossier that cannot go on is refused or stopped instead.
            ProcessingAction.SendBack when Process[MainStep(CurrentStepIndex!.Value, -1)].Kind == StepKind.Transfer =>
                State($"Bước trước bước \"{CurrentStep!.Name}\" là chuyển hồ sơ từ Bộ phận Một cửa nên không thể trả lại."),
            // Once at each check: the desk's check of an online dossier, and the appraisal after acceptance.
            ProcessingAction.RequestSupplement when SupplementRequestedAt is { } asked && (Status == DossierStatus.Submitted || ReceivedAt is null || asked >= ReceivedAt) =>
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

    private bool StandsAs(int agencyId, AgencyRelation relation) => relation switch
    {
        AgencyRelation.ReceivingPoint => agencyId == ReceivingAgencyId,
        AgencyRelation.Holder => agencyId == CurrentAgencyId,
        AgencyRelation.CoAgencyTask => OpenTaskAgencyIds.Contains(agencyId),
        _ => throw new ArgumentOutOfRangeException(nameof(relation), relation, null),
    };

    /// <summary>
    /// Who may take an action at a step of the given kind (null before the process starts), in the order refusals name
    /// them: read from <see cref="ActionRules"/> for <see cref="Allows"/>, the pages, the API and the publishing check of
    /// an internal process (<see cref="InternalProcess.UnstaffedSteps"/>). Empty when the action is never taken at such a step.
    /// </summary>
    public static OfficerRole[] RolesFor(ProcessingAction action, StepKind? step) =>
        [.. ActionRules.For(action).Where(r => r.AppliesAt(step)).Select(r => r.Role).Distinct()];

    /// <summary>Whether <paramref name="role"/> performs <paramref name="action"/> at some step of some process: the dossier
    /// page shows the reason for such an action prominently when it is not available now, the others' reasons folded.</summary>
    public static bool MayEverPerform(ProcessingAction action, OfficerRole role) =>
        ActionRules.For(action).Any(r => r.Role == role);
}
