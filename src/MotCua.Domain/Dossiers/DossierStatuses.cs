namespace MotCua.Domain.Dossiers;

/// <summary>
/// The groups of national statuses (<see cref="DossierStatus"/>, the codes the National Public Service Portal syncs,
/// docs/PROCESSING.md §1) that the rules, the worklists and the pages share, each defined once. The statuses and what
/// happens in each follow the one-stop process of Nghị định 61/2018/NĐ-CP (Art. 18–20) and Thông tư 01/2018/TT-VPCP,
/// and the status list of the portal's integration (Quyết định 1085/QĐ-VPCP) [reported].
/// </summary>
public static class DossierStatuses
{
    /// <summary>Held by an agency and not yet finished with the citizen: received, in process, waiting for the citizen,
    /// withdrawal asked, result ready to hand back (2, 4, 5, 6, 7, 9). The worklists' open dossiers (the partial indexes
    /// of migration 0004 were cut to these).</summary>
    public static readonly DossierStatus[] Open =
        [DossierStatus.Received, DossierStatus.InProcess, DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment,
         DossierStatus.WithdrawalRequested, DossierStatus.ResultReady];

    /// <summary>The time limit runs (1, 2, 4, 7): from the submission to the result, except while the citizen is awaited.</summary>
    public static readonly DossierStatus[] ClockRunning =
        [DossierStatus.Submitted, DossierStatus.Received, DossierStatus.InProcess, DossierStatus.WithdrawalRequested];

    /// <summary>The due date is still a promise to the citizen (1, 2, 4, 9): submitted, received, in process, result ready.
    /// Not once the dossier is refused, withdrawn, stopped or returned (3, 7, 8, 10: fresh trial 17u L3, "hẹn trả" shown
    /// for a withdrawn dossier), nor while it waits for the citizen (5, 6), when it will be counted again.</summary>
    public static readonly DossierStatus[] DueShown =
        [DossierStatus.Submitted, DossierStatus.Received, DossierStatus.InProcess, DossierStatus.ResultReady];

    /// <summary>The dossier waits for the citizen (5, 6): a supplement or a financial obligation; the clock stands still.</summary>
    public static readonly DossierStatus[] WaitingForCitizen = [DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment];

    /// <summary>Received and without a result yet (2, 4, 5, 6): the citizen may still withdraw the dossier
    /// [law: Nghị định 61/2018 Art. 18].</summary>
    public static readonly DossierStatus[] WithoutResult =
        [DossierStatus.Received, DossierStatus.InProcess, DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment];

    /// <summary>On its way through the internal process (4, 5, 6, 7): there is a current step to show.</summary>
    public static readonly DossierStatus[] AtAStep =
        [DossierStatus.InProcess, DossierStatus.SupplementRequested, DossierStatus.AwaitingPayment, DossierStatus.WithdrawalRequested];

    /// <summary>The result exists and is at the desk or with the citizen (9, 10): the signed result can be printed.</summary>
    public static readonly DossierStatus[] Finished = [DossierStatus.ResultReady, DossierStatus.Returned];

    /// <summary>Nothing more happens (3, 8, 10): refused at intake, stopped, returned.</summary>
    public static readonly DossierStatus[] Closed = [DossierStatus.NotReceived, DossierStatus.Stopped, DossierStatus.Returned];
}
