namespace MotCua.Domain.Feedback;

/// <summary>
/// What the 766 index's indicator 5.1 reads of one feedback case (migration 0059's <c>feedback</c> row and its
/// <c>feedback_events</c>): its status, whether a transfer stays inside MotCua, the instants of its acts and the deadlines
/// the register computed (<see cref="FeedbackDeadlines"/>, restarted by an internal transfer and by the sender's
/// information), and the instants at which the sender was asked for more information (events moving to
/// <see cref="FeedbackStatus.AwaitingInformation"/>). Instants are UTC or any offset; only their order matters.
/// </summary>
public sealed record FeedbackTimes(
    FeedbackStatus Status, bool? TransferredInternal, DateTimeOffset? ClassifiedAt,
    DateTimeOffset RefuseDueAt, DateTimeOffset InformationDueAt, DateTimeOffset TransferDueAt, DateTimeOffset HandleDueAt,
    DateTimeOffset? HandleRestartedDueAt, DateTimeOffset? AnsweredAt, DateTimeOffset? PublishDueAt, DateTimeOffset? PublishedAt,
    IReadOnlyList<DateTimeOffset> InformationRequests);

/// <summary>
/// Indicator 5.1 of Quyết định 766/QĐ-TTg, "Phản ánh, kiến nghị được xử lý đúng hạn", case by case [choice,
/// docs/REPORTS.md §5]. A case is <b>closed</b> when nothing more is done about it at its agency: its answer published
/// (<see cref="FeedbackStatus.Published"/>, at the publication), refused (at the classification) or transferred to a body
/// outside MotCua (at the classification). A case answered but not yet published, waiting for the sender, or transferred
/// to an agency inside MotCua (which classifies it again with deadlines restarted there) is still open; complaints and
/// denunciations routed away are not feedback. A closed case is <b>on time</b> when every step met the deadline the
/// register set for it (DOMAIN §9, <see cref="FeedbackDeadlines"/>): refused within 2 working days, transferred within 5,
/// every request to the sender for more information within 5, answered within 15 (from the information received when it
/// was asked for), published within 2 of the answer. The SQL of the 766 drill-down (Index766Reads) says the same.
/// </summary>
public static class FeedbackClosure
{
    /// <summary>The instant the case was closed at its agency, or null while it is open (or is not feedback).</summary>
    public static DateTimeOffset? ClosedAt(FeedbackTimes t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t.Status switch
        {
            FeedbackStatus.Published => t.PublishedAt,
            FeedbackStatus.Refused => t.ClassifiedAt,
            FeedbackStatus.Transferred when t.TransferredInternal is false => t.ClassifiedAt,
            _ => null,
        };
    }

    /// <summary>True when the case was closed in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static bool ClosedIn(FeedbackTimes t, DateTimeOffset from, DateTimeOffset to) =>
        ClosedAt(t) is { } closed && closed >= from && closed < to;

    /// <summary>True when the case is closed and every step met its deadline (see the class); false for an open case,
    /// which is judged when it closes.</summary>
    public static bool OnTime(FeedbackTimes t)
    {
        if (ClosedAt(t) is not { } closed) return false;
        if (t.InformationRequests.Any(asked => asked > t.InformationDueAt)) return false;
        return t.Status switch
        {
            FeedbackStatus.Refused => closed <= t.RefuseDueAt,
            FeedbackStatus.Transferred => closed <= t.TransferDueAt,
            _ => t.AnsweredAt is { } answered && answered <= (t.HandleRestartedDueAt ?? t.HandleDueAt)
                && t.PublishDueAt is { } publishBy && closed <= publishBy,
        };
    }
}
