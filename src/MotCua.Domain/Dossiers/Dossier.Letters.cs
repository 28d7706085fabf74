using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>One invalid field of a record typed by an officer: the field's name in the API body and a Vietnamese message.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>
/// A field verification (kiểm tra, xác minh) held during appraisal, as its record (biên bản, Nghị định 30/2020/NĐ-CP Phụ lục
/// III Mẫu 1.9) prints it: where, from when to when (instants), who took part (one name per line, with their position
/// when given), who chaired it and who wrote the record, and what was found.
/// </summary>
public sealed record FieldVerification(string Place, DateTimeOffset StartedAt, DateTimeOffset EndedAt, IReadOnlyList<string> Participants,
    string Chair, string Secretary, string Findings);

/// <summary>Whether the dossier was lost or damaged while an agency held it.</summary>
public enum LossKind
{
    /// <summary>Làm mất hồ sơ.</summary>
    Lost = 1,
    /// <summary>Làm hư hỏng hồ sơ.</summary>
    Damaged,
}

/// <summary>
/// A dossier lost or damaged by the agency holding it, as its leader records it for the apology: what was lost or damaged,
/// how the agency puts it right, the cost it bears for that (VND, the applicant pays nothing: DOMAIN.md §3 step 4
/// [reported]) and, when the result cannot be given on the date promised, the new date.
/// </summary>
public sealed record LossRecord(LossKind Kind, string Description, string Remedy, long CostVnd, DateTimeOffset? NewDueAt);

/// <summary>
/// The documents MotCua issues besides the forms (docs/FORMS.md §7): who may record what they are made from, and when they
/// apply. Each rule lives here once; the API, the dossier page and the tests read it.
/// </summary>
public sealed partial class Dossier
{
    /// <summary>Upper bound of the cost an agency records for a loss (one thousand billion VND): a typing slip, not a cost.</summary>
    public const long MaxLossCostVnd = 1_000_000_000_000;

    /// <summary>Longest place of a field verification, in characters (an address with its landmarks).</summary>
    public const int MaxPlaceLength = 300;

    /// <summary>Longest name of the chair or the secretary of a field verification, in characters (a name with a position).</summary>
    public const int MaxNameLength = 100;

    /// <summary>Most participants a field verification lists (one a line).</summary>
    public const int MaxParticipants = 50;

    /// <summary>Longest participant line (a name with a position and an agency), in characters.</summary>
    public const int MaxParticipantLength = 200;

    /// <summary>Longest findings of a verification, description or remedy of a loss, in characters (about two printed pages).</summary>
    public const int MaxRecordTextLength = 4000;

    // A required text, trimmed; a problem on its field when it is blank or longer than max characters once trimmed.
    private static string BoundedText(List<FieldProblem> problems, string? value, string field, string label, int max, string missing)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) problems.Add(new(field, missing));
        else if (text.Length > max) problems.Add(new(field, $"{label} tối đa {max} ký tự; đã ghi {text.Length}."));
        return text;
    }

    /// <summary>
    /// Whether <paramref name="by"/> may record a field verification now: only while the dossier is at an appraisal step
    /// (status 4, <see cref="StepKind.Appraise"/>), and only the officer holding it there: the specialist of the holder agency
    /// (the assignee once the dossier is assigned) or that agency's department head, who may verify in person
    /// (docs/FORMS.md §7: "kiểm tra, xác minh" during appraisal). Null when allowed, else the refusal
    /// (<see cref="DossierRefusal.WrongState"/> for the stage, <see cref="DossierRefusal.NotPermitted"/> for the officer).
    /// </summary>
    public DossierStateException? CheckFieldVerification(Officer by)
    {
        const string what = "lập biên bản kiểm tra, xác minh";
        if (Status != DossierStatus.InProcess || CurrentStep?.Kind != StepKind.Appraise)
            return new($"Chỉ {what} khi hồ sơ {Code} đang ở bước thẩm định; hồ sơ đang ở trạng thái \"{Status.Vietnamese()}\""
                + (CurrentStepName is { } step ? $", bước \"{step}\"." : "."), DossierRefusal.WrongState);
        if (by.Role is not (OfficerRole.Specialist or OfficerRole.DepartmentHead))
            return new($"Chỉ {OfficerRole.Specialist.Vietnamese()} hoặc {OfficerRole.DepartmentHead.Vietnamese()} của đơn vị đang thẩm định mới được {what}; "
                + $"bạn đăng nhập với vai trò {by.Role.Vietnamese()}.", DossierRefusal.NotPermitted);
        if (by.AgencyId is { } agency && agency != CurrentAgencyId)
            return new($"Đơn vị của bạn không phải đơn vị đang thẩm định hồ sơ {Code} nên không được {what}.", DossierRefusal.NotPermitted);
        if (by.Role == OfficerRole.Specialist && AssigneeUserId is { } assignee && assignee != by.Actor.UserId)
            return new($"Hồ sơ {Code} được phân công cho {AssigneeName}; chỉ người được phân công mới được {what}.", DossierRefusal.NotPermitted);
        return null;
    }

    /// <summary>
    /// Checks a field verification typed by an officer and returns it trimmed, or every problem with the field it concerns
    /// (names as in the API body: place, startedAt, endedAt, participants, chair, secretary, findings). A verification
    /// ends after it starts, not after <paramref name="now"/> (it is recorded once held) and not before the dossier was
    /// received. Each text is bounded (<see cref="MaxPlaceLength"/>, <see cref="MaxNameLength"/>,
    /// <see cref="MaxParticipants"/> lines of <see cref="MaxParticipantLength"/>, <see cref="MaxRecordTextLength"/>): the
    /// record is a letter of a few pages, and a pasted book would print as one. The chair and the secretary need not be among
    /// the participants: a biên bản may list them apart.
    /// </summary>
    public (FieldVerification? Value, IReadOnlyList<FieldProblem> Problems) ValidateFieldVerification(string? place, DateTimeOffset? startedAt,
        DateTimeOffset? endedAt, IReadOnlyList<string?>? participants, string? chair, string? secretary, string? findings, DateTimeOffset now)
    {
        var problems = new List<FieldProblem>();
        var where = BoundedText(problems, place, "place", "Địa điểm", MaxPlaceLength, "Ghi địa điểm kiểm tra, xác minh.");
        var people = (participants ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        if (people.Count == 0) problems.Add(new("participants", "Ghi thành phần tham dự (ít nhất một người)."));
        else if (people.Count > MaxParticipants)
            problems.Add(new("participants", $"Thành phần tham dự tối đa {MaxParticipants} người (mỗi người một dòng); đã ghi {people.Count}."));
        else if (people.FindIndex(p => p.Length > MaxParticipantLength) is var tooLong and >= 0)
            problems.Add(new("participants", $"Thành phần tham dự: dòng {tooLong + 1} dài {people[tooLong].Length} ký tự, tối đa {MaxParticipantLength}."));
        var chaired = BoundedText(problems, chair, "chair", "Người chủ trì", MaxNameLength, "Ghi người chủ trì.");
        var wrote = BoundedText(problems, secretary, "secretary", "Thư ký", MaxNameLength, "Ghi thư ký (người ghi biên bản).");
        var found = BoundedText(problems, findings, "findings", "Nội dung, kết quả kiểm tra, xác minh", MaxRecordTextLength,
            "Ghi nội dung, kết quả kiểm tra, xác minh.");
        if (startedAt is null) problems.Add(new("startedAt", "Ghi thời gian bắt đầu."));
        else if (ReceivedAt is { } received && startedAt < received)
            problems.Add(new("startedAt", $"Thời gian bắt đầu phải sau khi tiếp nhận hồ sơ ({VietnamTime.ToVietnam(received):HH:mm dd/MM/yyyy})."));
        if (endedAt is null) problems.Add(new("endedAt", "Ghi thời gian kết thúc."));
        else if (startedAt is { } start && endedAt <= start) problems.Add(new("endedAt", "Thời gian kết thúc phải sau thời gian bắt đầu."));
        else if (endedAt > now) problems.Add(new("endedAt", "Chỉ lập biên bản sau khi buổi kiểm tra, xác minh đã kết thúc."));
        return problems.Count > 0 ? (null, problems) : (new FieldVerification(where, startedAt!.Value, endedAt!.Value, people, chaired, wrote, found), problems);
    }

    /// <summary>
    /// Whether <paramref name="by"/> may record that the dossier was lost or damaged: the leader of the agency holding it
    /// (<see cref="CurrentAgencyId"/>), whose agency apologises and bears the cost (DOMAIN.md §3 step 4 [reported];
    /// docs/FORMS.md §7), while the agency has the papers: from receipt until the result is returned (statuses 2, 4–7, 9).
    /// Null when allowed, else the refusal.
    /// </summary>
    public DossierStateException? CheckLossRecord(Officer by)
    {
        const string what = "ghi nhận làm mất, hư hỏng hồ sơ";
        if (PaperRefusal is { } monitored) return new(monitored, DossierRefusal.WrongState);
        if (!HeldOnPaper.Contains(Status))
            return new($"Không thể {what} khi hồ sơ {Code} đang ở trạng thái \"{Status.Vietnamese()}\": cơ quan không còn giữ hồ sơ.", DossierRefusal.WrongState);
        if (by.Role != OfficerRole.Leader)
            return new($"Chỉ {OfficerRole.Leader.Vietnamese()} của cơ quan đang giữ hồ sơ mới được {what}; bạn đăng nhập với vai trò {by.Role.Vietnamese()}.",
                DossierRefusal.NotPermitted);
        if (by.AgencyId is { } agency && agency != CurrentAgencyId)
            return new($"Đơn vị của bạn không phải cơ quan đang giữ hồ sơ {Code} nên không được {what}.", DossierRefusal.NotPermitted);
        return null;
    }

    private static readonly DossierStatus[] HeldOnPaper =
    [
        DossierStatus.Received, DossierStatus.InProcess, DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment,
        DossierStatus.WithdrawalRequested, DossierStatus.ResultReady,
    ];

    /// <summary>
    /// Checks a loss typed by the leader: the kind, what was lost or damaged and the remedy (each at most
    /// <see cref="MaxRecordTextLength"/> characters), the cost (0 to <see cref="MaxLossCostVnd"/> VND) and the optional new
    /// date, which must be later than <paramref name="now"/> and than the dossier's current due (<see cref="DueAt"/>, which
    /// an extension has already moved): the apology promises it, and an earlier date is no new promise. Field names as in
    /// the API body: kind, description, remedy, costVnd, newDueAt.
    /// </summary>
    public (LossRecord? Value, IReadOnlyList<FieldProblem> Problems) ValidateLossRecord(LossKind? kind, string? description, string? remedy,
        long? costVnd, DateTimeOffset? newDueAt, DateTimeOffset now)
    {
        var problems = new List<FieldProblem>();
        if (kind is not { } k || !Enum.IsDefined(k)) problems.Add(new("kind", "Chọn làm mất (lost) hoặc làm hư hỏng (damaged) hồ sơ."));
        var what = BoundedText(problems, description, "description", "Giấy tờ, hồ sơ bị mất hoặc hư hỏng", MaxRecordTextLength,
            "Ghi rõ giấy tờ, hồ sơ bị mất hoặc hư hỏng.");
        var fix = BoundedText(problems, remedy, "remedy", "Biện pháp khắc phục", MaxRecordTextLength, "Ghi rõ cách cơ quan khắc phục.");
        if (costVnd is not { } cost) problems.Add(new("costVnd", "Ghi chi phí cơ quan chịu (đồng; 0 nếu không phát sinh)."));
        else if (cost is < 0 or > MaxLossCostVnd) problems.Add(new("costVnd", "Chi phí phải từ 0 đến 1.000.000.000.000 đồng."));
        if (newDueAt is { } due && due <= now) problems.Add(new("newDueAt", "Ngày hẹn trả mới phải sau thời điểm hiện tại."));
        else if (newDueAt is { } later && DueAt is { } current && later <= current)
            problems.Add(new("newDueAt", $"Ngày hẹn trả mới phải sau hạn trả kết quả hiện tại ({VietnamTime.ToVietnam(current):HH:mm dd/MM/yyyy})."));
        else if (newDueAt is { } instant && WorkingCalendar.CheckInstant(instant) is { } outOfRange) problems.Add(new("newDueAt", outOfRange));
        return problems.Count > 0 ? (null, problems) : (new LossRecord(kind!.Value, what, fix, costVnd!.Value, newDueAt), problems);
    }

    /// <summary>
    /// Whether the result is ready before the appointment the applicant holds (status 9, <see cref="ResultReadyAt"/> before
    /// <see cref="DueAt"/>, the extended date when there is one): the one-stop unit then may tell the applicant to collect it
    /// early (DOMAIN.md §3 step 4: "early return allowed with notice"). Once returned, there is nothing left to notify.
    /// </summary>
    public bool ReadyBeforeDue => Status == DossierStatus.ResultReady && ResultReadyAt is { } ready && DueAt is { } due && ready < due;

    /// <summary>Whether the evaluation slip (phiếu đánh giá) applies: the handling can be rated once its result exists
    /// (statuses 9 and 10; Nghị định 61/2018/NĐ-CP Art. 31, kept by Nghị định 118/2025 [reported]).</summary>
    public bool MayBeRated => DossierStatuses.Finished.Contains(Status);
}
