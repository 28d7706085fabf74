namespace MotCua.Domain.Dossiers;

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

/// <summary>Why an action is not available now, in the officer's words, and how the web answers it (409, 403, 422).
/// <paramref name="NotAtThisStage"/>: the dossier's status or step is not one the action belongs to (nobody could take it
/// now), as opposed to a reason about this officer or a rule of the moment (a co-agency answer awaited, once only).</summary>
public sealed record ActionRefusal(ProcessingAction Action, DossierRefusal Kind, string Reason, bool NotAtThisStage);
