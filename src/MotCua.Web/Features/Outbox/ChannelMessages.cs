namespace MotCua.Web.Features.Outbox;

/// <summary>
/// The payloads of the channel targets (docs/MESSAGES.md, "Payloads"): what a planner writes to an outbox row and an
/// adapter reads back. Any feature that sends a message writes one of these to its target; the adapter is the only code
/// that knows the channel's protocol.
/// </summary>
public static class ChannelMessages
{
    /// <summary>The outbox target (and topic) of an e-mail.</summary>
    public const string EmailTarget = "email";

    /// <summary>The outbox target (and topic) of an SMS.</summary>
    public const string SmsTarget = "sms";

    /// <summary>The outbox target (and topic) of a Zalo ZNS message.</summary>
    public const string ZaloTarget = "zalo";
}

/// <summary>
/// An e-mail on the <c>email</c> target: one recipient address and optional display name, a subject, a plain-text body
/// and an optional HTML body, all UTF-8; <c>code</c> is the dossier's, when there is one. The adapter sends it with
/// <c>Message-ID: &lt;{message id}@motcua&gt;</c>.
/// </summary>
public sealed record EmailPayload(string To, string? ToName, string Subject, string Text, string? Html, string? Code);

/// <summary>An SMS on the <c>sms</c> target: a phone number (0xxxxxxxxx or +84xxxxxxxxx) and the text as rendered (its
/// segment count is the template's business, <see cref="Domain.Messages"/>); <c>code</c> as for e-mail.</summary>
public sealed record SmsPayload(string To, string Text, string? Code);

/// <summary>A Zalo ZNS message on the <c>zalo</c> target: the phone number, the ZNS template id registered with Zalo and its
/// parameters, and the text it amounts to (kept for the dossier's message list); <c>code</c> as for e-mail.</summary>
public sealed record ZaloPayload(string To, string TemplateId, IReadOnlyDictionary<string, string> TemplateData, string Text, string? Code);
