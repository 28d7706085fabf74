using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Identity;
using System.Text.Json.Serialization;

namespace MotCua.Domain.Dossiers;

/// <summary>Who did something to a dossier: an officer (user), an integrated system (API client) or a citizen signed in on
/// MotCua (<c>citizens.id</c>; issue 17).</summary>
public sealed record Actor(string Name, int? UserId = null, int? ClientId = null, long? CitizenId = null);

/// <summary>
/// Who hands in the dossier. <see cref="FullName"/> is the person's or the organisation's name and <see cref="IdNumber"/>
/// its identifier (CCCD, enterprise code, household business number; empty for an organisation without one), checked by
/// <see cref="ApplicantIdentity"/>; an organisation acts through <see cref="Representative"/>.
/// </summary>
public sealed record Applicant(string FullName, string IdNumber, string Phone, string? Email, string Address)
{
    public ApplicantKind Kind { get; init; } = ApplicantKind.Individual;

    /// <summary>The person who represents an organisation or household business (người đại diện, chủ hộ); null for an individual.</summary>
    public string? Representative { get; init; }
}

/// <summary>A document of the dossier: its name, the originals and copies handed over, and, for a document not asked for
/// because the citizen's data already holds it, where it was reused from (<see cref="Identity.ReuseSource"/>; the portal's
/// <c>DuocTaiSuDung</c> 1 or 2) and the reference of the reused paper ("Giấy khai sinh số 12/1995"). A reused document may
/// have no paper at all (0 originals, 0 copies). A document pushed by the National Portal also carries where the portal
/// keeps its file (<see cref="FileUrl"/>, kept as a URL, not copied) and whether it was digitised (<see cref="Digitised"/>).
/// Absent values are left out of the stored JSON, so a desk dossier's documents read as before.</summary>
public sealed record ReceivedDocument(string Name, int Originals, int Copies,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Identity.ReuseSource Reused = Identity.ReuseSource.None,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReuseRef = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? FileUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Digitised { get; init; }

    /// <summary>The instant (UTC) of the supplement's answer that brought this document (the portal's re-push, the
    /// citizen's online answer); null for a document handed in with the dossier. A portal HoSo of an earlier event leaves
    /// it out of TaiLieuNop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public DateTimeOffset? SuppliedAt { get; init; }
}

/// <summary>One item of a supplement request (Mẫu 02): what must be supplied or corrected, and why.</summary>
public sealed record SupplementItem(string Document, string Reason);

/// <summary>The procedure version a dossier is received under; the dossier keeps it when the catalogue changes.
/// <paramref name="TimeLimitCondition"/> is the published case whose limit applies ("trong trường hợp giấy tờ phức tạp …"),
/// null when the channel's own limit does.</summary>
public sealed record ProcedureRef(string Code, int Version, string Name, TimeLimit TimeLimit, string? TimeLimitCondition = null);

/// <summary>Why an action was refused; the web maps it to 409 (status), 403 (role) or 422 (input, time window).</summary>
public enum DossierRefusal
{
    /// <summary>The action does not fit the dossier's current status or step.</summary>
    WrongState,
    /// <summary>The officer's role (or assignment) does not allow the action.</summary>
    NotPermitted,
    /// <summary>The input is incomplete or a legal time window has passed.</summary>
    Invalid,
}

/// <summary>Thrown when an action does not fit the dossier's current status or its input; the message is for the officer.</summary>
public sealed class DossierStateException(string message, DossierRefusal refusal = DossierRefusal.Invalid, string? field = null) : InvalidOperationException(message)
{
    public DossierRefusal Refusal { get; } = refusal;

    /// <summary>For an <see cref="DossierRefusal.Invalid"/> input, the field of the action's API body it is about, as the
    /// API spells it (<c>reason</c>, <c>items[0].reason</c>, <c>method</c>…), so the 422 names it; null for a time window
    /// that has passed, which no field can fix.</summary>
    public string? Field { get; } = field;
}

/// <summary>
/// The aggregate every status change goes through. Each change checks the current status and records an
/// event in the same unit of work, so the history (and every register or report built on it) is never typed in.
/// </summary>
public sealed partial class Dossier
{
    private readonly List<DossierEvent> _events = [];

    private Dossier() { }

    public long Id { get; private set; }
    public string Code { get; private set; } = "";
    public int ReceivingAgencyId { get; private set; }
    public string ProcedureCode { get; private set; } = "";
    public int ProcedureVersion { get; private set; }
    public string ProcedureName { get; private set; } = "";
    public Channel Channel { get; private set; }
    /// <summary>How the applicant chose to receive the result (<see cref="Dossiers.ResultDelivery"/>): the channel's
    /// default until intake records the choice (<see cref="ChooseResultDelivery"/>).</summary>
    public ResultDelivery ResultDelivery { get; private set; } = null!;
    public DossierStatus Status { get; private set; }
    public Applicant Applicant { get; private set; } = null!;
    public IReadOnlyList<ReceivedDocument> Documents { get; private set; } = [];
    public int Sets { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset? ReceivedAt { get; private set; }
    public decimal TimeLimitAmount { get; private set; }
    public TimeUnit TimeLimitUnit { get; private set; }
    /// <summary>The published case of the time limit chosen at the desk, printed on Mẫu 01; null for the channel's own limit.</summary>
    public string? TimeLimitCondition { get; private set; }
    /// <summary>When the competent agency received a dossier that was received at another point (boundary-free intake);
    /// null when the receiving point is the competent agency. See <see cref="DueStart"/>.</summary>
    public DateTimeOffset? CompetentReceivedAt { get; private set; }
    public DateTimeOffset? DueAt { get; private set; }
    /// <summary>The due date before any extension (after a restart for a supplement): statistics judge against it.</summary>
    public DateTimeOffset? OriginalDueAt { get; private set; }
    /// <summary>The instant the time limit counts from: the submission, or the completion of a supplement (restart).</summary>
    public DateTimeOffset ClockStartedAt { get; private set; }
    public IReadOnlyList<SkippedPeriod> DueExplanation { get; private set; } = [];
    public string? RefusalReason { get; private set; }
    public string? RefusalLegalBasis { get; private set; }
    public int? ApiClientId { get; private set; }
    /// <summary>The citizen account that submitted the dossier online on MotCua (issue 17); null for any other way in.</summary>
    public long? CitizenId { get; private set; }
    public int? RegisterYear { get; private set; }
    public int? RegisterNumber { get; private set; }
    /// <summary>The procedure's e-form as filled in at intake (field name → value), checked against its fields.</summary>
    public IReadOnlyDictionary<string, string>? FormData { get; private set; }
    public IReadOnlyList<DossierEvent> Events => _events;

    public TimeLimit TimeLimit => new(TimeLimitAmount, TimeLimitUnit);

    /// <summary>
    /// Whether <paramref name="by"/> may open a dossier at a receiving point (receive it, refuse it with Mẫu 03, or hand out
    /// a supplement request, Mẫu 02): only the one-stop unit's receiving officer, and only for their own unit (Nghị định
    /// 61/2018/NĐ-CP, Điều 19: the one-stop unit's officer receives and checks dossiers). Null when allowed, else the
    /// refusal (<see cref="DossierRefusal.NotPermitted"/>). Integrated systems are intake channels of their own and submit
    /// through the API with their key; this rule is for officers.
    /// </summary>
    public static DossierStateException? CheckIntake(Officer by, int receivingAgencyId)
    {
        const string what = "tiếp nhận, từ chối hoặc yêu cầu bổ sung hồ sơ tại Bộ phận Một cửa";
        if (by.Role != OfficerRole.ReceivingOfficer)
            return new($"Chỉ {OfficerRole.ReceivingOfficer.Vietnamese()} mới được {what}; bạn đăng nhập với vai trò {by.Role.Vietnamese()}.",
                DossierRefusal.NotPermitted);
        if (by.AgencyId is { } agency && agency != receivingAgencyId)
            return new($"Bạn chỉ được {what} của đơn vị mình.", DossierRefusal.NotPermitted);
        return null;
    }

    /// <summary>
    /// Why a dossier of <paramref name="procedure"/> with <paramref name="handedIn"/> documents may not be received: none
    /// handed in while the procedure version's published list (thành phần hồ sơ) names a document required on
    /// <paramref name="channel"/> (<see cref="DocumentNeeds.ForApplicant"/>: not only shown, not conditional, not of another
    /// channel, not the e-form online, not exempt for an applicant whose data was read from the population database,
    /// <paramref name="applicantVerified"/>; fresh trial 17u H3: such a citizen could not submit). Null when it may. A dossier is the documents the list names
    /// (Nghị định 61/2018/NĐ-CP, Điều 19: the officer checks the dossier's documents before receiving it); a procedure
    /// whose version lists none, or only conditional ones, may be received with none. Applies to receiving (at the desk,
    /// by post, online, through the API), not to a refusal, which records what was brought, possibly nothing.
    /// </summary>
    public static string? CheckDocumentsHandedIn(ProcedureSpec procedure, Channel channel, int handedIn, bool applicantVerified = false)
    {
        if (handedIn > 0) return null;
        var required = procedure.Documents.Count(d => DocumentNeeds.ForApplicant(d, channel, applicantVerified).Need == DocumentNeed.Required);
        return required == 0 ? null
            : $"Hồ sơ chưa có giấy tờ nào: thủ tục {procedure.Code} yêu cầu nộp {required} thành phần hồ sơ; ghi các giấy tờ đã nhận trước khi tiếp nhận.";
    }

    /// <summary>A dossier accepted at the desk, by post or from another system (status 2).</summary>
    /// <param name="competentReceivedAt">When the competent agency received it, if not at this point; the due date
    /// (<paramref name="due"/>) is then counted from <see cref="DueStart.CountFrom"/>.</param>
    /// <param name="missingDocuments">The names of the lines the list always requires that the receiving officer received
    /// the dossier without, on purpose ("Vẫn tiếp nhận khi còn thiếu giấy tờ": <see cref="Digitisation.DocumentChecklist.MissingRequired"/>
    /// with the desk's box ticked; Nghị định 61/2018/NĐ-CP, Điều 19, khoản 2), kept on the intake event
    /// (<see cref="DossierEvent.MissingDocuments"/>) so whoever reads the dossier later sees it was received incomplete;
    /// null or empty for a complete dossier and for one a system sent.</param>
    public static Dossier Receive(string code, int agencyId, ProcedureRef procedure, Channel channel, Applicant applicant,
        IReadOnlyList<ReceivedDocument> documents, int sets, DateTimeOffset submittedAt, DueDateResult due, Actor actor, DateTimeOffset now,
        IReadOnlyDictionary<string, string>? formData = null, DateTimeOffset? competentReceivedAt = null, IReadOnlyList<string>? missingDocuments = null)
    {
        var dossier = New(code, agencyId, procedure, channel, applicant, documents, sets, submittedAt, actor, competentReceivedAt);
        dossier.FormData = formData;
        dossier.ReceivedAt = submittedAt;
        dossier.SetDue(due);
        dossier.Record(actor, now, DossierEventAction.Receive, DossierStatus.Received, $"Tiếp nhận hồ sơ, hẹn trả {due.DueAt:HH:mm dd/MM/yyyy}",
            missing: missingDocuments is { Count: > 0 } ? missingDocuments : null);
        return dossier;
    }

    /// <summary>An online submission not yet checked by the one-stop unit (status 1); its due date is provisional.</summary>
    public static Dossier SubmitOnline(string code, int agencyId, ProcedureRef procedure, Applicant applicant,
        IReadOnlyList<ReceivedDocument> documents, DateTimeOffset submittedAt, DueDateResult due, Actor actor, DateTimeOffset now,
        IReadOnlyDictionary<string, string>? formData = null, DateTimeOffset? competentReceivedAt = null)
    {
        var dossier = New(code, agencyId, procedure, Channel.Online, applicant, documents, 1, submittedAt, actor, competentReceivedAt);
        dossier.FormData = formData;
        dossier.SetDue(due);
        dossier.Record(actor, now, DossierEventAction.Submit, DossierStatus.Submitted, "Nộp hồ sơ trực tuyến");
        return dossier;
    }

    /// <summary>A dossier refused at the desk (Mẫu 03): recorded with status 3 so it is counted and can be looked up.</summary>
    public static Dossier RefuseAtDesk(string code, int agencyId, ProcedureRef procedure, Channel channel, Applicant applicant,
        IReadOnlyList<ReceivedDocument> documents, DateTimeOffset submittedAt, string reason, string legalBasis, Actor actor, DateTimeOffset now)
    {
        var dossier = New(code, agencyId, procedure, channel, applicant, documents, 1, submittedAt, actor);
        dossier.SetRefusal(reason, legalBasis);
        dossier.Record(actor, now, DossierEventAction.Refuse, DossierStatus.NotReceived, reason);
        return dossier;
    }

    /// <summary>The receiving officer of the receiving point checks an online submission and accepts it (a processing action,
    /// <see cref="Allows"/>); the time limit counts from the submission (Nghị định 45/2020).</summary>
    public void AcceptOnline(Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.AcceptOnline, by);
        ReceivedAt = now;
        Record(by.Actor, now, DossierEventAction.Accept, DossierStatus.Received, "Tiếp nhận hồ sơ trực tuyến");
    }

    /// <summary>The receiving officer refuses an online submission with the reason and legal basis (status 3).</summary>
    public void RefuseOnline(string reason, string legalBasis, Officer by, DateTimeOffset now)
    {
        Ensure(ProcessingAction.RefuseOnline, by);
        SetRefusal(reason, legalBasis);
        Record(by.Actor, now, DossierEventAction.Refuse, DossierStatus.NotReceived, RefusalReason);
    }

    /// <summary>
    /// Gives a dossier built at intake the code the database numbered it with. Intake stores the dossier and takes the
    /// agency's next serial in one statement, so that intakes at one desk wait on each other only for that statement;
    /// until then the dossier has no code.
    /// </summary>
    public void Numbered(string code, int? registerYear, int? registerNumber)
    {
        if (Code.Length > 0) throw new DossierStateException($"Hồ sơ {Code} đã có mã.", DossierRefusal.WrongState);
        if (!DossierCode.TryParse(code, out _, out _, out _)) throw new ArgumentException($"Mã hồ sơ '{code}' không đúng định dạng.", nameof(code));
        Code = code;
        if (registerNumber is { } number) EnterInRegister(registerYear!.Value, number);
    }

    /// <summary>Gives a received dossier its line in the unit's Sổ theo dõi hồ sơ of the year (numbered from 01).</summary>
    public void EnterInRegister(int year, int number)
    {
        Require(DossierStatus.Received, "vào sổ theo dõi");
        if (RegisterNumber is not null) throw new DossierStateException($"Hồ sơ {Code} đã được vào sổ theo dõi.", DossierRefusal.WrongState);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        RegisterYear = year;
        RegisterNumber = number;
    }

    private static Dossier New(string code, int agencyId, ProcedureRef procedure, Channel channel, Applicant applicant,
        IReadOnlyList<ReceivedDocument> documents, int sets, DateTimeOffset submittedAt, Actor actor, DateTimeOffset? competentReceivedAt = null) => new()
    {
        Code = code,
        ReceivingAgencyId = agencyId,
        CurrentAgencyId = agencyId,
        HeldByAgencyIds = [agencyId],
        ProcedureCode = procedure.Code,
        ProcedureVersion = procedure.Version,
        ProcedureName = procedure.Name,
        TimeLimitAmount = procedure.TimeLimit.Amount,
        TimeLimitUnit = procedure.TimeLimit.Unit,
        TimeLimitCondition = procedure.TimeLimitCondition,
        Channel = channel,
        Applicant = applicant,
        ResultDelivery = ResultDelivery.DefaultFor(channel, applicant.Address),
        Documents = documents,
        Sets = sets,
        SubmittedAt = submittedAt,
        CompetentReceivedAt = competentReceivedAt,
        ClockStartedAt = DueStart.CountFrom(submittedAt, competentReceivedAt),
        ApiClientId = actor.ClientId,
        CitizenId = actor.CitizenId,
    };

    /// <summary>Records how the applicant chose to receive the result, checked by <see cref="ResultDelivery.Choose"/>,
    /// before the dossier is stored.</summary>
    /// <exception cref="DossierStateException">The dossier is already stored (it has a code): the choice is made at intake.</exception>
    /// <exception cref="ArgumentException">A way the dossier's channel does not offer (<see cref="ResultDelivery.Offered"/>).</exception>
    public void ChooseResultDelivery(ResultDelivery delivery)
    {
        if (Code.Length > 0) throw new DossierStateException($"Hồ sơ {Code} đã được lưu; cách nhận kết quả được chọn khi tiếp nhận.", DossierRefusal.WrongState);
        if (!ResultDelivery.Offered(Channel).Contains(delivery.Method))
            throw new ArgumentException($"Kênh {Channel} không có cách nhận kết quả {delivery.Method}.", nameof(delivery));
        ResultDelivery = delivery;
    }

    private void SetDue(DueDateResult due)
    {
        DueAt = due.DueAt;
        OriginalDueAt = due.DueAt;
        DueExplanation = due.Skipped;
    }

    private void SetRefusal(string reason, string legalBasis)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DossierStateException("Phải nêu rõ lý do từ chối.", field: "reason");
        RefusalReason = reason.Trim();
        RefusalLegalBasis = string.IsNullOrWhiteSpace(legalBasis) ? null : legalBasis.Trim();
        DueAt = null;
        OriginalDueAt = null;
        DueExplanation = [];
    }

    private void Require(DossierStatus expected, string action)
    {
        if (Status != expected)
            throw new DossierStateException(
                $"Không thể {action} hồ sơ {Code} đang ở trạng thái \"{Status.Vietnamese()}\"; chỉ thực hiện được khi hồ sơ ở trạng thái \"{expected.Vietnamese()}\".",
                DossierRefusal.WrongState);
    }

    // The step last left by EnterStep with its start and due, until the event that left it is recorded.
    private (int Index, DateTimeOffset? StartedAt, DateTimeOffset? DueAt)? _leftStep;

    // stepIndex: the step of the process the event concerns; its name is kept beside it for the history, with the step's
    // start and due (the step just finished, the step the dossier is in, or the co-agency task), which the portal's
    // progress entries report (NgayBatDau, NgayKetThucTheoQuyDinh).
    // Every event also keeps the dossier's due instant as the event left it (migration 0085): a supplement's request then
    // says the due before the pause and its answer the new due after the restart, however many restarts follow. It keeps
    // the holder the event left too (migration 0094): a HoSo sent late names the agency that held the dossier then.
    // <paramref name="supplied"/>: the documents a supplement's answer brought (that event only); <paramref name="missing"/>:
    // the required lines a dossier received incomplete at the desk lacked (its Receive event only, migration 0122).
    private void Record(Actor actor, DateTimeOffset at, DossierEventAction action, DossierStatus to, string? note, int? stepIndex = null,
        IReadOnlyList<SuppliedDocument>? supplied = null, IReadOnlyList<string>? missing = null)
    {
        DossierStatus? from = _events.Count == 0 ? null : Status;
        Status = to;
        var (started, due) = stepIndex switch
        {
            null => ((DateTimeOffset?)null, (DateTimeOffset?)null),
            { } i when action == DossierEventAction.CoAgencyAnswer && CoAgencyTasks.FirstOrDefault(t => t.StepIndex == i) is { } task => (task.OpenedAt, task.DueAt),
            { } i when _leftStep is { } left && left.Index == i => (left.StartedAt, left.DueAt),
            { } i when i == CurrentStepIndex => (CurrentStepStartedAt, CurrentStepDueAt),
            _ => (null, null),
        };
        _leftStep = null;
        _events.Add(new DossierEvent(at, actor.Name, actor.UserId, actor.ClientId, action, from, to, note, stepIndex is { } s ? Process[s].Name : null, stepIndex)
        {
            ActorCitizenId = actor.CitizenId,
            StepStartedAt = started,
            StepDueAt = due,
            DueAt = DueAt,
            HolderAgencyId = CurrentAgencyId,
            SuppliedDocuments = supplied,
            MissingDocuments = missing,
        });
    }
}

/// <summary>One recorded change: who, when, what, from which status to which, and the process step it concerned (its index
/// in <see cref="Dossier.Process"/>, or of the co-agency task, and its name).</summary>
public sealed class DossierEvent(DateTimeOffset at, string actorName, int? actorUserId, int? actorClientId,
    DossierEventAction action, DossierStatus? fromStatus, DossierStatus toStatus, string? note, string? stepName = null, int? stepIndex = null)
{
    public long Id { get; private set; }
    public long DossierId { get; private set; }
    public DateTimeOffset At { get; private set; } = at;
    public string ActorName { get; private set; } = actorName;
    public int? ActorUserId { get; private set; } = actorUserId;
    public int? ActorClientId { get; private set; } = actorClientId;
    /// <summary>The citizen who recorded the event on MotCua (an online answer or withdrawal; issue 17), else null.</summary>
    public long? ActorCitizenId { get; init; }
    public DossierEventAction Action { get; private set; } = action;
    public DossierStatus? FromStatus { get; private set; } = fromStatus;
    public DossierStatus ToStatus { get; private set; } = toStatus;
    public string? Note { get; private set; } = note;
    public string? StepName { get; private set; } = stepName;
    public int? StepIndex { get; private set; } = stepIndex;
    /// <summary>When the step of <see cref="StepIndex"/> began (the dossier entered it, or the co-agency task opened); null
    /// for an event without a step or one recorded before migration 0057.</summary>
    public DateTimeOffset? StepStartedAt { get; init; }
    /// <summary>The step's due instant under its allowance in working time (the legal deadline of the step).</summary>
    public DateTimeOffset? StepDueAt { get; init; }
    /// <summary>The dossier's due instant just after this event (<see cref="Dossier.DueAt"/>; UTC): for a supplement request
    /// the due before the pause, for its answer the new due after the restart. Null when the dossier had none, and for
    /// events recorded before migration 0085 except the supplement events it could derive (docs/PORTAL.md).</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>The agency holding the dossier once this event was done (<see cref="Dossier.CurrentAgencyId"/>): the
    /// receiving point before the transfer, the agency of the step entered, the higher level after a hand-off, the successor
    /// after a reorganisation (migration 0094). The portal's DonViXuLy of the HoSo this event sends. Null for events
    /// recorded before migration 0094 whose holder could not be derived.</summary>
    public int? HolderAgencyId { get; init; }
    /// <summary>The documents a supplement's answer brought (a <see cref="DossierEventAction.SupplementReceived"/> event
    /// only; null on any other event, and on an answer recorded before migration 0085 whose documents could not be derived).</summary>
    public IReadOnlyList<SuppliedDocument>? SuppliedDocuments { get; init; }
    /// <summary>The names of the lines the procedure's list always requires that were not handed in when the receiving
    /// officer received the dossier anyway ("Vẫn tiếp nhận khi còn thiếu giấy tờ", <see cref="Digitisation.DocumentChecklist.CheckComplete"/>;
    /// Nghị định 61/2018/NĐ-CP, Điều 19, khoản 2), in list order: on the <see cref="DossierEventAction.Receive"/> event of a
    /// desk intake only (CIT35 LOW 6, so an inspector reading the dossier later can tell). Null on every other event, on a
    /// complete intake, and on one recorded before migration 0122 (what was missing then was not kept).</summary>
    public IReadOnlyList<string>? MissingDocuments { get; init; }
}

/// <summary>A document brought in answer to a supplement request (Mẫu 02): its name (the requested item's, or the one the
/// portal sent) and, for one the National Portal pushed, the URL of its file there. <see cref="Number"/> is its position
/// (1-based) in <see cref="Dossier.Documents"/> when the answer made it a document of the dossier (the portal's re-push,
/// the citizen's online answer): the portal's TepDinhKemId, the same in TaiLieuNop and in the supplement's history. Null
/// for the paper a desk answer brought, which is not kept as a document.</summary>
public sealed record SuppliedDocument(string Name, string? FileUrl = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Number { get; init; }
}
