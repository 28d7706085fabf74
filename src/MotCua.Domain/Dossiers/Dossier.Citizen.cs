using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Identity;

namespace MotCua.Domain.Dossiers;

/// <summary>A citizen signed in on MotCua acting on a dossier: who they are for the access rule (<see cref="CitizenAccess"/>)
/// and the name the dossier's history shows for them (their own, never an officer's).</summary>
public sealed record CitizenActor(SignedInCitizen Citizen, string Name)
{
    /// <summary>The actor recorded on the event: the citizen's name and account id (<c>dossier_events.actor_citizen_id</c>).</summary>
    public Actor Actor => new(Name, CitizenId: Citizen.Id);
}

/// <summary>
/// What a citizen does to a dossier on MotCua's own pages (issue 17, docs/CITIZENS.md): submit online a procedure offered
/// online, answer a supplement request online, ask to withdraw. Each checks that the citizen may read the dossier
/// (<see cref="CitizenAccess.CanRead(SignedInCitizen, Dossier)"/>; else <see cref="DossierRefusal.NotPermitted"/>, which the
/// web answers 404 so ids reveal nothing) and the status (<see cref="DossierRefusal.WrongState"/>, 409), then records an
/// event with the citizen as actor.
/// </summary>
public sealed partial class Dossier
{
    /// <summary>
    /// Why <paramref name="procedure"/> may not be submitted online: its published channels do not include online
    /// (<see cref="ProcedureSpec.PublishedChannels"/>: online level partial or full, or a published online row; Nghị định
    /// 42/2022/NĐ-CP on the levels of online public services). Null when it may. The web answers it 422 keyed
    /// <c>procedureCode</c>.
    /// </summary>
    public static string? CheckOfferedOnline(ProcedureSpec procedure) =>
        procedure.PublishedChannels.Contains(Channel.Online) ? null
            : $"Thủ tục {procedure.Code} không được cung cấp trực tuyến; vui lòng nộp hồ sơ trực tiếp hoặc qua bưu chính tại cơ quan tiếp nhận.";

    /// <summary>
    /// The citizen answers the supplement request (Mẫu 02) online with files. Allowed only in status 5 and to a citizen who
    /// may read the dossier. <paramref name="itemsAnswered"/> are the 0-based indexes into <see cref="SupplementItems"/> that
    /// received at least one file: <b>every</b> item must be among them, since the request is made once and in full and
    /// answered so (Nghị định 61/2018/NĐ-CP Art. 18; docs/DOMAIN.md §3). Ends the open pause at <paramref name="now"/>,
    /// returns the dossier to its step (status 4), or to the desk's check (status 1) when it was asked before acceptance
    /// (<see cref="IsSupplementBeforeAcceptance"/>), and restarts the time limit <b>from zero</b>
    /// (<see cref="WorkingCalendar.RestartAfterSupplement"/>: an answer outside office hours counts from the next
    /// opening). Each requested item becomes a document of the dossier (<see cref="Documents"/>, dated
    /// <see cref="ReceivedDocument.SuppliedAt"/>), its position named by the answer's event. The restart happens at the answer, not when an officer opens it [choice: the answer is the receipt of the
    /// supplement; an officer's delay is the agency's time]. Throws <see cref="DossierStateException"/>: NotPermitted (not
    /// the citizen's dossier), WrongState (not awaiting a supplement), Invalid (an item without a file, an index out of range;
    /// the message names the items).
    /// </summary>
    public void AnswerSupplementOnline(CitizenActor by, IReadOnlyList<int> itemsAnswered, WorkingCalendar calendar, TimeOnly? cutoff, DateTimeOffset now)
    {
        EnsureCitizen(by);
        Require(DossierStatus.SupplementRequested, "gửi bổ sung");
        var outOfRange = itemsAnswered.Where(i => i < 0 || i >= SupplementItems.Count).ToList();
        if (outOfRange.Count > 0) throw new DossierStateException($"Yêu cầu bổ sung không có mục số {outOfRange[0] + 1}.");
        var missing = Enumerable.Range(0, SupplementItems.Count).Where(i => !itemsAnswered.Contains(i)).ToList();
        if (missing.Count > 0)
            throw new DossierStateException("Cần gửi tệp cho mọi giấy tờ được yêu cầu bổ sung; còn thiếu: "
                + string.Join("; ", missing.Select(i => $"{i + 1}. {SupplementItems[i].Document}")) + ".");
        // Each item answered is a document of the dossier (an electronic file: one original), so the officer's list and the
        // portal's TaiLieuNop hold it with the supplement it answers.
        CompleteSupplement(calendar, cutoff, by.Actor, now, $"Người dân gửi bổ sung trực tuyến ({SupplementItems.Count} mục)", Channel.Online,
            AddSupplied([.. SupplementItems.Select(i => new ReceivedDocument(i.Document, 1, 0))], now));
    }

    /// <summary>
    /// The applicant asks on MotCua to withdraw the dossier (status 7) with <paramref name="reason"/> (required), while
    /// <see cref="ApplicantMayWithdraw"/> (no result yet, or an online submission the desk has not accepted), and only for
    /// a citizen who may read the dossier. Withdrawn at status 1, it leaves the desk's list of online submissions to accept. The one-stop unit then issues the
    /// stop notice as for any withdrawal (<see cref="Stop"/>; Nghị định 118/2025/NĐ-CP Art. 21, Thông tư 03/2025/TT-VPCP
    /// Art. 7 [reported]). Throws <see cref="DossierStateException"/>: NotPermitted, WrongState (with the status named),
    /// Invalid (no reason).
    /// </summary>
    public void RequestWithdrawalByApplicant(CitizenActor by, string reason, DateTimeOffset now)
    {
        EnsureCitizen(by);
        if (!ApplicantMayWithdraw(Status, Channel))
            throw new DossierStateException(
                $"Không thể rút hồ sơ {Code} đang ở trạng thái \"{Status.Vietnamese()}\"; chỉ rút được hồ sơ chưa có kết quả (hồ sơ nộp trực tuyến: cả khi chưa được tiếp nhận).",
                DossierRefusal.WrongState);
        WithdrawalReason = Required(reason, "reason", "Ghi lý do rút hồ sơ.");
        EnterWithdrawal(by.Actor, now, $"Người dân yêu cầu rút hồ sơ trực tuyến: {WithdrawalReason}");
    }

    /// <summary>Whether the citizen may answer the supplement online now (status 5 and theirs): the page shows the form.</summary>
    public bool CitizenMayAnswerSupplement(SignedInCitizen citizen) =>
        Status == DossierStatus.SupplementRequested && CitizenAccess.CanRead(citizen, this);

    /// <summary>Whether the citizen may ask to withdraw now (<see cref="ApplicantMayWithdraw"/> and theirs): the page shows "Rút hồ sơ".</summary>
    public bool CitizenMayWithdraw(SignedInCitizen citizen) =>
        ApplicantMayWithdraw(Status, Channel) && CitizenAccess.CanRead(citizen, this);

    /// <summary>
    /// Whether the applicant may withdraw a dossier in <paramref name="status"/> received by <paramref name="channel"/>:
    /// received and without a result (<see cref="DossierStatuses.WithoutResult"/>, statuses 2, 4, 5, 6; Nghị định
    /// 61/2018/NĐ-CP Art. 18), or an online submission not yet accepted (status 1): [choice] the applicant may take back what
    /// the desk has not yet received, which then leaves the desk's list (status 7; the unit stops it as any withdrawal). Never once
    /// a result exists, refused, stopped or already withdrawn (3, 7, 8, 9, 10).
    /// </summary>
    public static bool ApplicantMayWithdraw(DossierStatus status, Channel channel) =>
        DossierStatuses.WithoutResult.Contains(status) || (status == DossierStatus.Submitted && channel == Channel.Online);

    private void EnsureCitizen(CitizenActor by)
    {
        if (!CitizenAccess.CanRead(by.Citizen, this))
            throw new DossierStateException("Không tìm thấy hồ sơ.", DossierRefusal.NotPermitted);
    }
}
