using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>How an officer's agency stands to a dossier, for the rules of <see cref="ActionRules"/>.</summary>
public enum AgencyRelation
{
    /// <summary>The receiving point (<see cref="Dossier.ReceivingAgencyId"/>): the one-stop unit that received the dossier and returns it.</summary>
    ReceivingPoint,
    /// <summary>The holder (<see cref="Dossier.CurrentAgencyId"/>): the agency of the current step.</summary>
    Holder,
    /// <summary>A co-agency with an open task (<see cref="Dossier.OpenTaskAgencyIds"/>) of an interconnected procedure.</summary>
    CoAgencyTask,
}

/// <summary>
/// One row of the action table: <paramref name="Role"/> may take <paramref name="Action"/> while the dossier is in one of
/// <paramref name="Statuses"/>, at a step of one of <paramref name="Steps"/> (null: whatever the step, or before the
/// process starts), when the officer's agency stands to it as one of <paramref name="Agencies"/>.
/// <paramref name="AssigneeOnly"/>: once the dossier is assigned, only the assignee. <paramref name="WithoutResult"/>: only
/// while no result was decided. <paramref name="Awaited"/>: the dossier waits for this officer's action, so it is in their
/// worklist "mine" (chosen per role, action and status; actions taken on request or at one's discretion, such as an
/// extension or a withdrawal, are not awaited).
/// </summary>
public sealed record ActionRule(ProcessingAction Action, OfficerRole Role, IReadOnlyList<DossierStatus> Statuses, IReadOnlyList<StepKind>? Steps,
    IReadOnlyList<AgencyRelation> Agencies, bool AssigneeOnly = false, bool WithoutResult = false, bool Awaited = false)
{
    /// <summary>Whether the row applies at a step of this kind (null: no current step).</summary>
    public bool AppliesAt(StepKind? step) => Steps is null || step is { } kind && Steps.Contains(kind);
}

/// <summary>
/// Who may do what, once: the table that <see cref="Dossier.Allows"/>, <see cref="Dossier.RefusalOf"/>,
/// <see cref="Dossier.RolesFor"/> and the worklist "mine" (the web turns the awaited rows into one SQL query) all read.
/// The order of the rows is the order the roles and statuses are named in refusals. Rules of the moment (once-only,
/// co-agency answers awaited, a step that may not send back) and time windows stay in the aggregate.
/// Sources: Nghị định 61/2018/NĐ-CP Art. 18–20 and Thông tư 01/2018/TT-VPCP (who receives, processes, decides and
/// returns), docs/PROCESSING.md §1.
/// </summary>
public static class ActionRules
{
    private static readonly AgencyRelation[] Receiving = [AgencyRelation.ReceivingPoint];
    private static readonly AgencyRelation[] Holding = [AgencyRelation.Holder];
    private static readonly AgencyRelation[] ReceivingOrHolding = [AgencyRelation.ReceivingPoint, AgencyRelation.Holder];
    private static readonly DossierStatus[] InProcess = [DossierStatus.InProcess];

    /// <summary>Every row, grouped by action in the order of <see cref="ProcessingAction"/>.</summary>
    public static readonly IReadOnlyList<ActionRule> All =
    [
        new(ProcessingAction.AcceptOnline, OfficerRole.ReceivingOfficer, [DossierStatus.Submitted], null, Receiving, Awaited: true),
        new(ProcessingAction.RefuseOnline, OfficerRole.ReceivingOfficer, [DossierStatus.Submitted], null, Receiving, Awaited: true),
        new(ProcessingAction.Transfer, OfficerRole.ReceivingOfficer, [DossierStatus.Received], null, Receiving, Awaited: true),
        new(ProcessingAction.Assign, OfficerRole.DepartmentHead, InProcess, [StepKind.Assign], Holding, Awaited: true),
        // A higher level's one-stop unit receives the hand-off and sends its result back down.
        new(ProcessingAction.CompleteStep, OfficerRole.ReceivingOfficer, InProcess, [StepKind.Handoff], Holding, Awaited: true),
        new(ProcessingAction.CompleteStep, OfficerRole.Specialist, InProcess, [StepKind.Appraise, StepKind.Handoff], Holding, AssigneeOnly: true, Awaited: true),
        new(ProcessingAction.SendBack, OfficerRole.Specialist, InProcess, [StepKind.Appraise, StepKind.Handoff], Holding, AssigneeOnly: true, Awaited: true),
        new(ProcessingAction.SendBack, OfficerRole.Leader, InProcess, [StepKind.Approve], Holding, Awaited: true),
        new(ProcessingAction.Approve, OfficerRole.Leader, InProcess, [StepKind.Approve], Holding, Awaited: true),
        new(ProcessingAction.RefuseOnMerits, OfficerRole.Leader, InProcess, [StepKind.Approve], Holding, Awaited: true),
        new(ProcessingAction.ResultReady, OfficerRole.ReceivingOfficer, InProcess, [StepKind.Result], Holding, Awaited: true),
        new(ProcessingAction.Return, OfficerRole.ReceivingOfficer, [DossierStatus.ResultReady], null, Receiving, Awaited: true),
        new(ProcessingAction.RequestSupplement, OfficerRole.Specialist, InProcess, [StepKind.Appraise], Holding, AssigneeOnly: true, Awaited: true),
        // The desk's check of an online dossier before accepting it (status 1): incomplete → Mẫu 02, once and in full
        // (DOMAIN §3 step 1; Nghị định 61/2018 Art. 19, kept by Nghị định 118/2025 [reported]). Not awaited: the accept
        // row already puts the dossier in the desk's worklist.
        new(ProcessingAction.RequestSupplement, OfficerRole.ReceivingOfficer, [DossierStatus.Submitted], null, Receiving),
        new(ProcessingAction.SupplementReceived, OfficerRole.ReceivingOfficer, [DossierStatus.SupplementRequested], null, Receiving, Awaited: true),
        new(ProcessingAction.RequireFinancialObligation, OfficerRole.Specialist, InProcess, null, Holding),
        new(ProcessingAction.RequireFinancialObligation, OfficerRole.DepartmentHead, InProcess, null, Holding),
        // The accountant confirms fees as their daily work; the desk may confirm a receipt the citizen brings.
        new(ProcessingAction.PaymentReceived, OfficerRole.Accountant, [DossierStatus.AwaitingPayment], null, ReceivingOrHolding, Awaited: true),
        new(ProcessingAction.PaymentReceived, OfficerRole.ReceivingOfficer, [DossierStatus.AwaitingPayment], null, ReceivingOrHolding),
        new(ProcessingAction.Extend, OfficerRole.Specialist, InProcess, null, Holding),
        new(ProcessingAction.Extend, OfficerRole.DepartmentHead, InProcess, null, Holding),
        new(ProcessingAction.Extend, OfficerRole.Leader, InProcess, null, Holding),
        new(ProcessingAction.Withdraw, OfficerRole.ReceivingOfficer, DossierStatuses.WithoutResult, null, Receiving, WithoutResult: true),
        // The one-stop unit where the dossier was received checks and issues the stop notice (Mẫu 05; TT 03/2025/TT-VPCP
        // Art. 7 as issue 11 reports it): its receiving officer records it, its leader signs. A withdrawal request waits for
        // that notice; a stop for want of a supplement or a payment is taken when the unit sees fit.
        new(ProcessingAction.Stop, OfficerRole.ReceivingOfficer, [DossierStatus.WithdrawalRequested], null, Receiving, WithoutResult: true, Awaited: true),
        new(ProcessingAction.Stop, OfficerRole.Leader, [DossierStatus.WithdrawalRequested], null, Receiving, WithoutResult: true, Awaited: true),
        new(ProcessingAction.Stop, OfficerRole.ReceivingOfficer, DossierStatuses.WaitingForCitizen, null, Receiving, WithoutResult: true),
        new(ProcessingAction.Stop, OfficerRole.Leader, DossierStatuses.WaitingForCitizen, null, Receiving, WithoutResult: true),
        new(ProcessingAction.CompleteCoAgencyTask, OfficerRole.Specialist, InProcess, null, [AgencyRelation.CoAgencyTask], Awaited: true),
        new(ProcessingAction.CompleteCoAgencyTask, OfficerRole.DepartmentHead, InProcess, null, [AgencyRelation.CoAgencyTask], Awaited: true),
        new(ProcessingAction.CompleteCoAgencyTask, OfficerRole.Leader, InProcess, null, [AgencyRelation.CoAgencyTask], Awaited: true),
    ];

    private static readonly ILookup<ProcessingAction, ActionRule> ByAction = All.ToLookup(r => r.Action);

    /// <summary>The rows of one action, in table order; every <see cref="ProcessingAction"/> has at least one.</summary>
    public static IReadOnlyList<ActionRule> For(ProcessingAction action) =>
        ByAction[action].ToList() is { Count: > 0 } rows ? rows : throw new ArgumentOutOfRangeException(nameof(action), action, null);

    /// <summary>The rows whose action waits for <paramref name="role"/>: what the worklist "mine" lists.</summary>
    public static IEnumerable<ActionRule> AwaitedFrom(OfficerRole role) => All.Where(r => r.Awaited && r.Role == role);
}
