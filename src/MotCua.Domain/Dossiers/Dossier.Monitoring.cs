namespace MotCua.Domain.Dossiers;

/// <summary>
/// What a ministry's system says of a dossier it handles (the portal's HoSo, design §4.2): its status (the national list
/// 1–10), when it was submitted and received, its due instant, when processing ended (result ready, refusal or stop),
/// when the result was returned, and the note (refusal or stop reason). Instants UTC.
/// </summary>
public sealed record MonitoredFacts(DossierStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt,
    DateTimeOffset? FinishedAt, DateTimeOffset? ReturnedAt, DateTimeOffset? RefusedAt, string? Note);

/// <summary>One progress step a ministry's system reports (QuaTrinhXuLy): who, when, what, and the status it left the dossier in.</summary>
public sealed record MonitoredStep(string Handler, DateTimeOffset At, string Content, DossierStatus Status);

public sealed partial class Dossier
{
    /// <summary>The message every action on a monitored dossier is refused with (<see cref="DossierOrigin.Monitored"/>).</summary>
    public const string MonitoredRefusal = "Hồ sơ giải quyết trên hệ thống của bộ, ngành; tại đây chỉ theo dõi, không thao tác xử lý.";

    /// <summary>
    /// Why MotCua issues no paper of this dossier (Mẫu 01 receipt, result or its notice, stop notice, evaluation slip) and
    /// records no loss of it: null unless it is monitored. A ministry's dossier is decided, numbered and held on the
    /// ministry's system, which issues its papers; ours would take the ward's book numbers and sign for what it never
    /// decided (fresh trial 16g HIGH 3).
    /// </summary>
    public string? PaperRefusal => Origin == DossierOrigin.Monitored
        ? $"Hồ sơ {Code} giải quyết trên hệ thống của bộ, ngành: giấy tờ, văn bản của hồ sơ do hệ thống đó phát hành; tại đây chỉ theo dõi."
        : null;

    /// <summary>
    /// A dossier handled on a ministry's system (<paramref name="sourceSystem"/>, Nghị định 224/2026 [reported]) received for
    /// monitoring under its own code: it is stored read-only (<see cref="DossierOrigin.Monitored"/>: every processing action
    /// refused, out of the worklists, nothing sent out) so that the province's reports and the 766 index count it. Its state
    /// is what the ministry says (<see cref="Mirror"/>), recorded without the rule table: the ministry's system applied it.
    /// </summary>
    public static Dossier Monitor(string code, int agencyId, ProcedureRef procedure, Channel channel, Applicant applicant, string sourceSystem,
        MonitoredFacts facts, Actor actor, DateTimeOffset now)
    {
        var dossier = New(code, agencyId, procedure, channel, applicant, [], 1, facts.SubmittedAt, actor);
        dossier.Origin = DossierOrigin.Monitored;
        dossier.PortalCode = code;
        dossier.SourceSystem = sourceSystem;
        dossier.Mirror(facts, actor, now);
        return dossier;
    }

    /// <summary>
    /// Takes the ministry's latest HoSo of a monitored dossier: its dates as given, and one event (at the instant the change
    /// happened, else <paramref name="now"/>) when the status changed or nothing was recorded yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dossier is not a monitored one.</exception>
    public void Mirror(MonitoredFacts facts, Actor actor, DateTimeOffset now)
    {
        if (Origin != DossierOrigin.Monitored) throw new InvalidOperationException("Chỉ hồ sơ theo dõi mới nhận trạng thái từ hệ thống khác.");
        SubmittedAt = facts.SubmittedAt;
        ClockStartedAt = facts.ReceivedAt ?? facts.SubmittedAt;
        ReceivedAt = facts.ReceivedAt;
        DueAt = facts.DueAt;
        OriginalDueAt = facts.DueAt;
        var ended = facts.Status is DossierStatus.ResultReady or DossierStatus.Returned;
        ResultReadyAt = ended ? facts.FinishedAt ?? facts.ReturnedAt ?? now : null;
        ResultKind = ended ? facts.RefusedAt is null ? MotCua.Domain.Dossiers.ResultKind.Approved : MotCua.Domain.Dossiers.ResultKind.Refused : null;
        ReturnedAt = facts.Status == DossierStatus.Returned ? facts.ReturnedAt ?? ResultReadyAt : null;
        StoppedAt = facts.Status == DossierStatus.Stopped ? facts.FinishedAt ?? now : null;
        StopReason = facts.Status == DossierStatus.Stopped ? facts.Note : null;
        RefusalReason = facts.Status == DossierStatus.NotReceived || facts.RefusedAt is not null ? facts.Note : null;
        if (_events.Count == 0 || Status != facts.Status)
        {
            var at = facts.Status switch
            {
                DossierStatus.Submitted => facts.SubmittedAt,
                DossierStatus.ResultReady => ResultReadyAt,
                DossierStatus.Returned => ReturnedAt,
                DossierStatus.Stopped => StoppedAt,
                DossierStatus.NotReceived => facts.RefusedAt,
                _ when _events.Count == 0 => facts.ReceivedAt,
                _ => null,
            } ?? now;
            Record(actor, at, MirroredAction(facts.Status), facts.Status, "Cập nhật từ hệ thống giải quyết của bộ, ngành");
        }
    }

    /// <summary>
    /// Records a progress step the ministry's system reported, with the status it reports, on a monitored dossier; false
    /// (nothing recorded) when the same step (instant, handler, status) is already recorded: a ministry retrying a batch
    /// replays its steps, and each is taken once (fresh trial 16g HIGH 2).
    /// </summary>
    /// <exception cref="InvalidOperationException">The dossier is not a monitored one.</exception>
    public bool MirrorStep(MonitoredStep step, Actor actor)
    {
        if (Origin != DossierOrigin.Monitored) throw new InvalidOperationException("Chỉ hồ sơ theo dõi mới nhận bước xử lý từ hệ thống khác.");
        if (HasRecorded(step)) return false;
        Record(actor with { Name = step.Handler }, step.At, MirroredAction(step.Status), step.Status, step.Content);
        return true;
    }

    /// <summary>Whether the same step (instant, handler, status) is already recorded: a replay, taken once.</summary>
    public bool HasRecorded(MonitoredStep step) =>
        _events.Any(e => e.At == step.At && e.ActorName == step.Handler && e.ToStatus == step.Status);

    // The action a reported status stands for in the history (the ministry's own actions are not ours to name).
    private static DossierEventAction MirroredAction(DossierStatus status) => status switch
    {
        DossierStatus.Submitted => DossierEventAction.Submit,
        DossierStatus.Received => DossierEventAction.Receive,
        DossierStatus.NotReceived => DossierEventAction.Refuse,
        DossierStatus.SupplementRequested => DossierEventAction.SupplementRequest,
        DossierStatus.AwaitingPayment => DossierEventAction.FinancialObligation,
        DossierStatus.WithdrawalRequested => DossierEventAction.Withdraw,
        DossierStatus.Stopped => DossierEventAction.Stop,
        DossierStatus.ResultReady => DossierEventAction.ResultReady,
        DossierStatus.Returned => DossierEventAction.Return,
        _ => DossierEventAction.CompleteStep,
    };
}
