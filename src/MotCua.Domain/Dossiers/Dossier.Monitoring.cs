using MotCua.Domain.NationalPortal;

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

    /// <summary>The note of the events a HoSo (a snapshot) records; a progress step's event carries its own content.</summary>
    public const string SnapshotNote = "Cập nhật từ hệ thống giải quyết của bộ, ngành";

    /// <summary>
    /// Takes the ministry's latest HoSo of a monitored dossier (<see cref="Keeping"/> applied first by the caller: a blank
    /// date keeps the stored one), its dates as given, and one event when the status changed or nothing was recorded yet,
    /// at the instant the HoSo gives for its status (submission, reception, end, return, refusal), else at
    /// <paramref name="now"/>: the instant MotCua learned of a change (in process, supplement, payment, withdrawal) whose
    /// own instant a HoSo does not carry; no report reads it [choice]. No date of the dossier is ever taken from
    /// <paramref name="now"/> (fresh trial p16p MEDIUM 1).
    /// </summary>
    /// <exception cref="InvalidOperationException">The dossier is not a monitored one.</exception>
    /// <exception cref="ArgumentException">A date the status requires is missing (<see cref="MonitoredDates.Missing"/>).</exception>
    public void Mirror(MonitoredFacts facts, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (Origin != DossierOrigin.Monitored) throw new InvalidOperationException("Chỉ hồ sơ theo dõi mới nhận trạng thái từ hệ thống khác.");
        if (MonitoredDates.Missing(facts) is [var missing, ..]) throw new ArgumentException(missing.Message, nameof(facts));
        SubmittedAt = facts.SubmittedAt;
        ClockStartedAt = facts.ReceivedAt ?? facts.SubmittedAt;
        ReceivedAt = facts.ReceivedAt;
        DueAt = facts.DueAt;
        OriginalDueAt = facts.DueAt;
        var ended = facts.Status is DossierStatus.ResultReady or DossierStatus.Returned;
        ResultReadyAt = ended ? facts.FinishedAt : null;
        ResultKind = ended ? facts.RefusedAt is null ? MotCua.Domain.Dossiers.ResultKind.Approved : MotCua.Domain.Dossiers.ResultKind.Refused : null;
        ReturnedAt = facts.Status == DossierStatus.Returned ? facts.ReturnedAt : null;
        StoppedAt = facts.Status == DossierStatus.Stopped ? facts.FinishedAt : null;
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
                DossierStatus.Received => facts.ReceivedAt,
                _ when _events.Count == 0 => facts.ReceivedAt ?? facts.SubmittedAt,
                _ => null,
            } ?? now;
            Record(actor, at, MirroredAction(facts.Status), facts.Status, SnapshotNote);
        }
    }

    /// <summary>
    /// <paramref name="reported"/> with each blank date (and a blank note) filled by what this monitored dossier holds: a HoSo
    /// re-sent without a date does not erase it (fresh trial p16p MEDIUM 1: a returned dossier re-sent with blank dates
    /// left Biểu 06). The end of a stopped dossier is its stop; a refusal held is the not-received event's instant, or the
    /// result's for a refusal on the merits.
    /// </summary>
    public MonitoredFacts Keeping(MonitoredFacts reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        var refusedAt = Status == DossierStatus.NotReceived ? _events.LastOrDefault(e => e.ToStatus == DossierStatus.NotReceived)?.At
            : ResultKind == MotCua.Domain.Dossiers.ResultKind.Refused ? ResultReadyAt : null;
        return reported with
        {
            ReceivedAt = reported.ReceivedAt ?? ReceivedAt,
            DueAt = reported.DueAt ?? DueAt,
            FinishedAt = reported.FinishedAt ?? ResultReadyAt ?? StoppedAt,
            ReturnedAt = reported.ReturnedAt ?? ReturnedAt,
            RefusedAt = reported.RefusedAt ?? refusedAt,
            Note = reported.Note ?? StopReason ?? RefusalReason,
        };
    }

    /// <summary>
    /// How the dates of a HoSo (<paramref name="facts"/>, after <see cref="Keeping"/>) contradict what this monitored dossier
    /// already holds, by the portal's field (fresh trial p16p MEDIUM 2; <see cref="MonitoredDates.Check"/> compares within
    /// the HoSo only): the submission or reception after a progress step recorded (of a status only reached after a
    /// reception, for the reception); an end or return before the last progress step recorded; and an end or return once
    /// recorded sent again different [choice: refused, not recorded as a correction: Biểu 06 and the 766 index of a month
    /// already reported would move silently; the ministry asks the province to correct it]. Empty when none.
    /// </summary>
    public IReadOnlyList<(string Field, string Message)> MirrorConflicts(MonitoredFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var errors = new List<(string Field, string Message)>();
        var steps = _events.Where(e => e.Note != SnapshotNote).ToList();
        if (steps.Where(e => e.At < facts.SubmittedAt).MinBy(e => e.At) is { } early)
            errors.Add(("NgayNopHoSo", $"NgayNopHoSo không được sau bước xử lý đã ghi nhận lúc {MonitoredDates.Shown(early.At)}."));
        if (facts.ReceivedAt is { } received && steps.Where(e => e.At < received && e.ToStatus is DossierStatus.InProcess or DossierStatus.AwaitingPayment
                or DossierStatus.ResultReady or DossierStatus.Returned).MinBy(e => e.At) is { } processed)
            errors.Add(("NgayTiepNhan", $"NgayTiepNhan không được sau bước xử lý đã ghi nhận lúc {MonitoredDates.Shown(processed.At)}."));
        var last = steps.MaxBy(e => e.At)?.At;
        var ends = facts.Status is DossierStatus.Stopped or DossierStatus.ResultReady or DossierStatus.Returned;
        var heldEnd = Status is DossierStatus.ResultReady or DossierStatus.Returned ? ResultReadyAt : Status == DossierStatus.Stopped ? StoppedAt : null;
        if (heldEnd is { } end)
        {
            if (facts.FinishedAt != end)
                errors.Add(("NgayKetThucXuLy", $"Hồ sơ đã kết thúc xử lý lúc {MonitoredDates.Shown(end)}; NgayKetThucXuLy đã ghi nhận không thay đổi qua đồng bộ."));
        }
        else if (ends && facts.FinishedAt < last)
            errors.Add(("NgayKetThucXuLy", $"NgayKetThucXuLy không được trước bước xử lý đã ghi nhận lúc {MonitoredDates.Shown(last!.Value)}."));
        if (Status == DossierStatus.Returned && ReturnedAt is { } returned)
        {
            if (facts.ReturnedAt != returned)
                errors.Add(("NgayTra", $"Hồ sơ đã trả kết quả lúc {MonitoredDates.Shown(returned)}; NgayTra đã ghi nhận không thay đổi qua đồng bộ."));
        }
        else if (facts.Status == DossierStatus.Returned && facts.ReturnedAt < last)
            errors.Add(("NgayTra", $"NgayTra không được trước bước xử lý đã ghi nhận lúc {MonitoredDates.Shown(last!.Value)}."));
        return errors;
    }

    /// <summary>
    /// Why a progress step cannot follow what this monitored dossier holds, as the message of <c>ThoiDiemXuLy</c>; null when
    /// it can (fresh trial p16p MEDIUM 2): a step of a status only reached after a reception (any but 1, 3, 5, 7) before the
    /// reception; a step changing the status before the instant the current status was reached (its reception, end, stop or
    /// return) or before the last progress step recorded (a step to 10 before the step to 9). The portal's transitions
    /// (<see cref="PortalStatus.MoveRefusal"/>) and the clock (<see cref="MonitoredDates.CheckStep"/>) are checked apart.
    /// </summary>
    public string? StepRefusal(MonitoredStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (ReceivedAt is { } received && step.At < received && step.Status is not (DossierStatus.Submitted or DossierStatus.NotReceived
                or DossierStatus.SupplementRequested or DossierStatus.WithdrawalRequested))
            return $"ThoiDiemXuLy không được trước NgayTiepNhan của hồ sơ ({MonitoredDates.Shown(received)}).";
        if (step.Status == Status) return null;
        var reached = Status switch
        {
            DossierStatus.Received => ReceivedAt,
            DossierStatus.ResultReady => ResultReadyAt,
            DossierStatus.Returned => ReturnedAt,
            DossierStatus.Stopped => StoppedAt,
            _ => null,
        };
        var last = _events.Where(e => e.Note != SnapshotNote).MaxBy(e => e.At)?.At;
        var floor = reached > last || last is null ? reached : last;
        return step.At < floor
            ? $"ThoiDiemXuLy không được trước thời điểm hồ sơ đạt trạng thái hiện tại hoặc bước xử lý đã ghi nhận ({MonitoredDates.Shown(floor.Value)})."
            : null;
    }

    /// <summary>
    /// Records a progress step the ministry's system reported, with the status it reports, on a monitored dossier; false
    /// (nothing recorded) when the same step (instant, handler, status) is already recorded: a ministry retrying a batch
    /// replays its steps, and each is taken once (fresh trial 16g HIGH 2). A step that moves the dossier to a status the
    /// reports date (received, stopped, result ready, returned) gives that date its instant when the dossier holds none, so
    /// Biểu 06 (by status) and the 766 index (by date) read the same dossier alike; a result so reached is approved (a
    /// step names no refusal).
    /// </summary>
    /// <exception cref="InvalidOperationException">The dossier is not a monitored one.</exception>
    public bool MirrorStep(MonitoredStep step, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (Origin != DossierOrigin.Monitored) throw new InvalidOperationException("Chỉ hồ sơ theo dõi mới nhận bước xử lý từ hệ thống khác.");
        if (HasRecorded(step)) return false;
        if (step.Status != Status)
            switch (step.Status)
            {
                case DossierStatus.Received when ReceivedAt is null:
                    ReceivedAt = step.At;
                    ClockStartedAt = step.At;
                    break;
                case DossierStatus.Stopped:
                    StoppedAt ??= step.At;
                    break;
                case DossierStatus.ResultReady or DossierStatus.Returned:
                    ResultReadyAt ??= step.At;
                    ResultKind ??= MotCua.Domain.Dossiers.ResultKind.Approved;
                    if (step.Status == DossierStatus.Returned) ReturnedAt ??= step.At;
                    break;
            }
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
