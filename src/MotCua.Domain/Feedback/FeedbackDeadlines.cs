using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Feedback;

/// <summary>
/// The deadlines of a feedback, in working days of the province centre's working calendar, counted from the instant it
/// was registered (Vietnam time, online counting: no cut-off hour). Refuse by +2, ask the sender for more by +5, transfer
/// by +5, handle by +15; publish the answer by +2 from the answer. Source: DOMAIN §9, "Portal deadlines", as reported for
/// the national portal's PAKN rules under NĐ 20/2008/NĐ-CP as amended (not checked against a legal text here, see
/// docs/FEEDBACK.md). <see cref="Skipped"/> lists the non-working periods the handling deadline skipped, for the
/// explanation officers and senders read (<see cref="SkippedPeriods.Explain"/>).
/// </summary>
public sealed record FeedbackDeadlines(DateTimeOffset RefuseBy, DateTimeOffset InformationBy, DateTimeOffset TransferBy, DateTimeOffset HandleBy,
    IReadOnlyList<SkippedPeriod> Skipped)
{
    /// <summary>Working days to refuse a feedback that is not taken up.</summary>
    public const int RefuseDays = 2;
    /// <summary>Working days to ask the sender for missing information.</summary>
    public const int InformationDays = 5;
    /// <summary>Working days to transfer a feedback outside the agency's competence.</summary>
    public const int TransferDays = 5;
    /// <summary>Working days to handle a feedback within competence (from registration, or from the information received).</summary>
    public const int HandleDays = 15;
    /// <summary>Working days to publish an answer.</summary>
    public const int PublishDays = 2;

    /// <summary>The deadlines of a feedback registered (or received by transfer) at <paramref name="registeredAt"/>.</summary>
    /// <exception cref="CalendarRangeException">When the instant is outside the calendar's years.</exception>
    public static FeedbackDeadlines For(DateTimeOffset registeredAt, WorkingCalendar calendar)
    {
        var handle = Due(registeredAt, HandleDays, calendar);
        return new(Due(registeredAt, RefuseDays, calendar).DueAt, Due(registeredAt, InformationDays, calendar).DueAt,
            Due(registeredAt, TransferDays, calendar).DueAt, handle.DueAt, handle.Skipped);
    }

    /// <summary>The handling deadline restarted when the sender's information arrives [choice: as a dossier's supplement, DOMAIN §3].</summary>
    public static DueDateResult HandleAfterInformation(DateTimeOffset receivedAt, WorkingCalendar calendar) => Due(receivedAt, HandleDays, calendar);

    /// <summary>The publication deadline of an answer given at <paramref name="answeredAt"/>.</summary>
    public static DateTimeOffset PublishBy(DateTimeOffset answeredAt, WorkingCalendar calendar) => Due(answeredAt, PublishDays, calendar).DueAt;

    private static DueDateResult Due(DateTimeOffset at, int days, WorkingCalendar calendar) =>
        calendar.ComputeDue(at, TimeLimit.Days(days), Channel.Online);
}
