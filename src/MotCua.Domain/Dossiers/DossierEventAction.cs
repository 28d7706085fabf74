namespace MotCua.Domain.Dossiers;

/// <summary>
/// What a recorded <see cref="DossierEvent"/> did. Stored and sent over the API as its <see cref="DossierEventActions.Code"/>
/// ("receive", "refuse-merits", …), the strings the history has always used.
/// </summary>
public enum DossierEventAction
{
    /// <summary>An online submission (status 1).</summary>
    Submit,
    /// <summary>Received at the desk, by post or from another system (status 2).</summary>
    Receive,
    /// <summary>Refused at intake, at the desk or after the online check (status 3).</summary>
    Refuse,
    /// <summary>An online submission accepted by the one-stop unit (status 1 → 2).</summary>
    Accept,
    Transfer,
    Assign,
    CompleteStep,
    SendBack,
    Approve,
    RefuseOnMerits,
    ResultReady,
    Return,
    SupplementRequest,
    SupplementReceived,
    FinancialObligation,
    PaymentReceived,
    Extend,
    Withdraw,
    Stop,
    /// <summary>A co-agency answered its task.</summary>
    CoAgencyAnswer,
    /// <summary>The dossier moved to the successor of a merged or split unit.</summary>
    Reorganise,
    /// <summary>A bank reported money for an obligation the officer had recorded as paid elsewhere, paid earlier than that
    /// record: the financial-obligation pause now ends at the bank's time (<see cref="Dossier.PaidBeforeRecorded"/>).</summary>
    PaymentPaidEarlier,
}

public static class DossierEventActions
{
    /// <summary>The stored and published name of the action.</summary>
    public static string Code(this DossierEventAction action) => action switch
    {
        DossierEventAction.Submit => "submit",
        DossierEventAction.Receive => "receive",
        DossierEventAction.Refuse => "refuse",
        DossierEventAction.Accept => "accept",
        DossierEventAction.Transfer => "transfer",
        DossierEventAction.Assign => "assign",
        DossierEventAction.CompleteStep => "complete-step",
        DossierEventAction.SendBack => "send-back",
        DossierEventAction.Approve => "approve",
        DossierEventAction.RefuseOnMerits => "refuse-merits",
        DossierEventAction.ResultReady => "result-ready",
        DossierEventAction.Return => "return",
        DossierEventAction.SupplementRequest => "supplement-request",
        DossierEventAction.SupplementReceived => "supplement-received",
        DossierEventAction.FinancialObligation => "financial-obligation",
        DossierEventAction.PaymentReceived => "payment-received",
        DossierEventAction.Extend => "extend",
        DossierEventAction.Withdraw => "withdraw",
        DossierEventAction.Stop => "stop",
        DossierEventAction.CoAgencyAnswer => "co-agency",
        DossierEventAction.Reorganise => "reorganise",
        DossierEventAction.PaymentPaidEarlier => "payment-paid-earlier",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static readonly Dictionary<string, DossierEventAction> ByCode =
        Enum.GetValues<DossierEventAction>().ToDictionary(a => a.Code());

    /// <summary>The action stored as <paramref name="code"/>; throws <see cref="ArgumentOutOfRangeException"/> for a name no event uses.</summary>
    public static DossierEventAction Parse(string code) =>
        ByCode.TryGetValue(code, out var action) ? action : throw new ArgumentOutOfRangeException(nameof(code), code, "Không có thao tác hồ sơ với tên này.");
}
