using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;

namespace MotCua.Domain.NationalPortal;

/// <summary>
/// What the portal payload of one dossier is built from (<see cref="PortalPayload"/>), read by one query per event:
/// the dossier as it stands, with its time-stamped lists (supplements, results, the instants of return, finish and
/// refusal) so the builder keeps only what was true at the event it describes. Instants are UTC; amounts VND.
/// </summary>
public sealed record DossierSyncView
{
    /// <summary>MotCua's dossier code (DossierCode), sent as MaHoSo unless the portal gave its own.</summary>
    public required string Code { get; init; }
    /// <summary>The portal's code of a dossier it pushed (piece B); null for a desk or API dossier.</summary>
    public string? PortalCode { get; init; }
    /// <summary>The portal account (TechID) of the applicant of a pushed dossier; null otherwise.</summary>
    public string? PortalAccountId { get; init; }
    public required string ProcedureCode { get; init; }
    public required string ProcedureName { get; init; }
    /// <summary>The catalogue's field (lĩnh vực) code; the adopted catalogue has none, the name stands for it.</summary>
    public required string FieldCode { get; init; }
    public required string FieldName { get; init; }
    /// <summary>The procedure's result code (MaKetQuaChinh) when the catalogue gives one, else null.</summary>
    public string? ResultCode { get; init; }
    public required Channel Channel { get; init; }
    public required Applicant Applicant { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    /// <summary>The current due instant (after an extension or a restart).</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>The due instant each event left the dossier with (<see cref="DossierEvent.DueAt"/>), in the order the events
    /// happened: what <see cref="DueAsOf"/> reads, so a payload built late carries the due of its own event.</summary>
    public IReadOnlyList<SyncDue> Dues { get; init; } = [];
    /// <summary>The name of the agency holding the dossier now (the receiving point before transfer).</summary>
    public required string HandlingAgency { get; init; }
    /// <summary>The name of the agency each event left holding the dossier (<see cref="DossierEvent.HolderAgencyId"/>), in
    /// the order the events happened: what <see cref="HandlingAgencyAsOf"/> reads.</summary>
    public IReadOnlyList<SyncHolder> Holders { get; init; } = [];
    public IReadOnlyList<SyncDocument> Documents { get; init; } = [];
    public IReadOnlyList<ChargedItem> Fees { get; init; } = [];
    /// <summary>The phí and lệ phí items of the financial obligations raised during processing (status 6), each with when it
    /// was raised, cancelled and paid: a levy (thuế, tiền sử dụng đất) is not a phí or lệ phí and has no LoaiPhiLePhi, so it
    /// is not among them (trial 16f MEDIUM 2). <see cref="ObligationsAsOf"/> reads them.</summary>
    public IReadOnlyList<SyncObligation> Obligations { get; init; } = [];
    /// <summary>The fee's state for DuocThanhToanTrucTuyen.</summary>
    public FeePayment Payment { get; init; }
    public IReadOnlyList<SyncSupplement> Supplements { get; init; } = [];
    public IReadOnlyList<SyncResult> Results { get; init; } = [];
    public DateTimeOffset? ReturnedAt { get; init; }
    public ReturnMethod? ReturnMethod { get; init; }
    public string? ReturnedTo { get; init; }
    /// <summary>When processing ended: the result ready, a refusal on the merits or the stop notice.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>When the dossier was refused (status 3, or a refusal on the merits).</summary>
    public DateTimeOffset? RefusedAt { get; init; }
    /// <summary>The refusal or stop reason with its legal basis (GhiChu), shown from <see cref="RefusedAt"/> or the stop on.</summary>
    public string? Note { get; init; }
    /// <summary>The citizen's reason for asking to withdraw (GhiChu of the withdrawal request, status 7): kept apart from
    /// <see cref="Note"/>, which becomes the stop's reason once the desk stops the dossier, while the status-7 payload may be
    /// built after that.</summary>
    public string? WithdrawalReason { get; init; }
    /// <summary>The applicant's account was verified with VNeID (<c>TaiKhoanDuocXacThucVoiVNeID</c>): the portal's VNeID mark
    /// on a pushed dossier, or a citizen signed in by VNeID who submitted as themselves (verification method 2). A desk
    /// dossier whose applicant was found in the population registry is verified, but by no VNeID account: that is
    /// <see cref="RegistryConsulted"/> (<c>DSKetNoiCSDL</c>), not this flag (issue 16's trial: every verified desk dossier
    /// counted as a VNeID account on the portal).</summary>
    public bool VneIdVerified { get; init; }
    /// <summary>The population registry was consulted for this dossier.</summary>
    public bool RegistryConsulted { get; init; }
    /// <summary>When the fee was paid online (the first paid payment request); null when it was not. DuocThanhToanTrucTuyen
    /// says "1" only from that instant on.</summary>
    public DateTimeOffset? PaidAt { get; init; }

    /// <summary>
    /// The dossier's due instant as it stood at <paramref name="asOf"/> (UTC): the due the latest event at or before it left
    /// the dossier with (issue 16, second fresh trial HIGH 1: a HoSo delivered after an outage or a backlog carried the due
    /// restarted by a later supplement). A refusal at intake clears the dossier's due; the due it had until then stands
    /// [choice: NgayHenTra is required, and the real due is what the portal showed the citizen]. Events recorded before
    /// migration 0085 keep no due: when none at or before <paramref name="asOf"/> does, the current due stands, as before.
    /// </summary>
    public DateTimeOffset? DueAsOf(DateTimeOffset asOf) =>
        Dues.LastOrDefault(d => d.At <= asOf && d.DueAt is not null)?.DueAt ?? DueAt;

    /// <summary>The obligation items the applicant had been asked for at <paramref name="asOf"/> (UTC): raised at or before
    /// it and not cancelled by then (a withdrawal or stop cancels open requests).</summary>
    public IEnumerable<SyncObligation> ObligationsAsOf(DateTimeOffset asOf) =>
        Obligations.Where(o => o.RaisedAt <= asOf && !(o.CancelledAt <= asOf));

    /// <summary>Whether the dossier, at <paramref name="status"/> after its event at <paramref name="asOf"/>, was waiting for an
    /// obligation item still unpaid: it then has money due, so DuocThanhToanTrucTuyen says "3" even when the intake fee was
    /// paid. Once the pause has ended the obligation was met (paid, or recorded paid elsewhere by the officer), whatever its
    /// request says.</summary>
    public bool ObligationDueAt(DateTimeOffset asOf, DossierStatus status) =>
        status == DossierStatus.AwaitingPayment && ObligationsAsOf(asOf).Any(o => !(o.PaidAt <= asOf));

    /// <summary>
    /// DonViXuLy as it stood at <paramref name="asOf"/>: the agency the latest event at or before it left holding the dossier
    /// (a HoSo is the dossier's state after its event; decision of session 24). After a transfer to another agency (a
    /// hand-off up a level, a step at another agency) the later HoSos name the new holder and the earlier ones the old,
    /// however late they are built. An event recorded before migration 0094 whose holder could not be derived names the
    /// current holder, as before (never an earlier event's: the dossier may have moved since it).
    /// </summary>
    public string HandlingAgencyAsOf(DateTimeOffset asOf) =>
        Holders.LastOrDefault(h => h.At <= asOf) is { Agency: { } agency } ? agency : HandlingAgency;

    /// <summary>The people's committee the current holder stands for when it resolves (a commune's one-stop unit: "Ủy ban
    /// nhân dân phường Thuận Hóa"); null for any other agency.</summary>
    public string? HandlingCommittee { get; init; }

    /// <summary>
    /// DonViXuLy of the HoSo of an event at <paramref name="asOf"/> that left the dossier at <paramref name="status"/>: the
    /// holder (<see cref="HandlingAgencyAsOf"/>), except that a commune's one-stop unit is named as its people's committee
    /// while the commune resolves the dossier: received, and in process, awaiting a supplement or a payment (third trial
    /// LOW 7: the appraisal and the approval by the commune's officers went as "Trung tâm Phục vụ hành chính công phường
    /// …", while the result is issued by the committee). The one-stop unit receives, refuses at intake, asks for a supplement
    /// before acceptance, and returns (docs/PROCESSING.md) [choice: a withdrawal request and the stop are its too].
    /// </summary>
    public string HandlingUnitAsOf(DateTimeOffset asOf, DossierStatus status)
    {
        var holder = Holders.LastOrDefault(h => h.At <= asOf) is { Agency: not null } kept ? kept : new SyncHolder(asOf, HandlingAgency, HandlingCommittee);
        var resolving = status is DossierStatus.InProcess or DossierStatus.AwaitingPayment
            || (status == DossierStatus.SupplementRequested && ReceivedAt is { } received && received <= asOf);
        return resolving && holder.Committee is { } committee ? committee : holder.Agency!;
    }
}

/// <summary>One event's instant, the name of the agency it left holding the dossier (null: not kept before migration 0094)
/// and, for a commune's one-stop unit, the name of the people's committee it stands for (<see cref="DossierSyncView.HandlingUnitAsOf"/>).</summary>
public sealed record SyncHolder(DateTimeOffset At, string? Agency, string? Committee = null);

/// <summary>One event's instant and the due instant it left the dossier with (null: none, or not kept before migration 0085).</summary>
public sealed record SyncDue(DateTimeOffset At, DateTimeOffset? DueAt);

/// <summary>How the dossier's fee stands: none, due (not paid online) or paid online.</summary>
public enum FeePayment { None, Due, PaidOnline }

/// <summary>A document handed in: its position (1-based), name, the catalogue's document code, file URL, whether it was
/// digitised, and reuse (0 not reused, 1 from the citizen's store, 2 data from a published database); <paramref name="AddedAt"/>
/// the instant a supplement's answer brought it (null: handed in with the dossier), so a HoSo of an earlier event leaves it out.</summary>
public sealed record SyncDocument(int Index, string Name, string? RequiredCode = null, string? FileUrl = null, bool Digitised = false, int Reused = 0,
    DateTimeOffset? AddedAt = null);

/// <summary>One supplement request (Mẫu 02): who asked, what and why, when; who received the supplement and when; the due
/// instant before the pause (kept on the request's event) and the new one after the restart (kept on the answer's); a link
/// to the notice when one can be opened; the documents the answer brought (empty until received).</summary>
public sealed record SyncSupplement(long Id, string RequestedBy, string Content, DateTimeOffset RequestedAt,
    string? ReceivedBy, DateTimeOffset? ReceivedAt, DateTimeOffset? DueBefore, DateTimeOffset? DueAfter, string? NoticeUrl = null)
{
    /// <summary>The documents the answer brought: name and, for one the portal pushed, its file URL there.</summary>
    public IReadOnlyList<SuppliedDocument> Supplied { get; init; } = [];
}

/// <summary>A result document: its name, id, link and when it was ready.</summary>
public sealed record SyncResult(string Id, string Name, DateTimeOffset At, string? Url = null);

/// <summary>One progress step (QuaTrinhXuLy) from a dossier event: instant, action, the status reached, the actor, their
/// title and department, the process step and its start and due, the event's note.</summary>
public sealed record SyncStep(DateTimeOffset At, DossierEventAction Action, DossierStatus Status, string Actor, string? Title,
    string? Department, string? StepName, DateTimeOffset? StepStartedAt, DateTimeOffset? StepDueAt, string? Note);

/// <summary>One phí or lệ phí item of a financial obligation (<c>payment_requests</c> of reason <c>financialObligation</c>):
/// the item as DanhSachLePhi sends it, when its request was raised, cancelled (null: never) and paid (null: not yet), UTC.</summary>
public sealed record SyncObligation(ChargedItem Item, DateTimeOffset RaisedAt, DateTimeOffset? CancelledAt = null, DateTimeOffset? PaidAt = null);
