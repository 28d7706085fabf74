using System.Text.RegularExpressions;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Messages;

/// <summary>Which of a dossier's events the applicant is told about, and how a recipient is shown to officers.</summary>
public static partial class NotificationRules
{
    /// <summary>
    /// What the applicant is told when a dossier whose result is <paramref name="result"/> (null before a decision) records
    /// <paramref name="action"/>, or null for the internal steps (transfer, assignment, appraisal, the leader's decision
    /// either way, a co-agency's answer, a move between units) and the online submission, which the applicant made
    /// themselves. A refusal on the merits is told once, when its notice reaches the one-stop unit (the notice is the
    /// result, Nghị định 61/2018 art. 19): as a refusal with its reasons, never as "the result is ready". The extension is
    /// the apology (Mẫu 04) with the new appointment (Quyết định 468/QĐ-TTg 2021 asks for an apology when a dossier will
    /// be late).
    /// </summary>
    public static NotificationEvent? EventFor(DossierEventAction action, ResultKind? result = null) => action switch
    {
        DossierEventAction.Receive or DossierEventAction.Accept => NotificationEvent.Received,
        DossierEventAction.Refuse => NotificationEvent.Refused,
        DossierEventAction.ResultReady when result == ResultKind.Refused => NotificationEvent.Refused,
        DossierEventAction.SupplementRequest => NotificationEvent.SupplementRequested,
        DossierEventAction.FinancialObligation => NotificationEvent.FinancialObligation,
        DossierEventAction.Stop => NotificationEvent.Stopped,
        DossierEventAction.Withdraw => NotificationEvent.Withdrawn,
        DossierEventAction.Extend => NotificationEvent.Apology,
        DossierEventAction.ResultReady => NotificationEvent.ResultReady,
        DossierEventAction.Return => NotificationEvent.Returned,
        _ => null,
    };

    /// <summary>
    /// A phone number or e-mail address as an officer sees it in a message list (Nghị định 13/2023: show the minimum):
    /// "0905123456" → "090****456", "an.nguyen@example.vn" → "a***@example.vn".
    /// </summary>
    public static string MaskRecipient(string recipient)
    {
        var at = recipient.IndexOf('@');
        if (at > 0) return recipient[..1] + "***" + recipient[at..];
        if (recipient.Length <= 6) return new string('*', recipient.Length);
        return recipient[..3] + new string('*', recipient.Length - 6) + recipient[^3..];
    }

    /// <summary>
    /// A channel's error text as an officer sees it beside a masked recipient: every e-mail address and phone number in
    /// it masked as <see cref="MaskRecipient"/> does (an SMTP refusal such as "550 5.1.1 &lt;an.nguyen@example.vn&gt;: user
    /// unknown" names the address in full). Null stays null.
    /// </summary>
    public static string? MaskContactsIn(string? text) =>
        text is null ? null : Contacts().Replace(text, m => MaskRecipient(m.Value));

    // An address (local@domain.tld) or a Vietnamese phone number (0xxxxxxxxx or +84xxxxxxxxx) not inside a longer number.
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|(?<![0-9])(?:\+84|0)[0-9]{9,10}(?![0-9])")]
    private static partial Regex Contacts();
}
