namespace MotCua.Domain.Calendar;

/// <summary>How a finished dossier compares with its due date (the Biểu 06 columns).</summary>
public enum CompletionTiming
{
    /// <summary>Trước hạn: finished on a calendar day before the due date's day.</summary>
    Early = 1,

    /// <summary>Đúng hạn: finished on the due date's day, at or before the due instant.</summary>
    OnTime = 2,

    /// <summary>Quá hạn: finished after the due instant.</summary>
    Late = 3,
}

/// <summary>How an open dossier stands at a given moment.</summary>
public enum OpenTiming
{
    /// <summary>Trong hạn.</summary>
    WithinDeadline = 1,

    /// <summary>Quá hạn.</summary>
    Overdue = 2,
}

/// <summary>
/// Classification of dossiers against their due date. Pass the original due date: an extension (gia hạn) does not
/// turn a late dossier into an on-time one, while a restart after a supplement gives a new due date in its own right.
/// Days are Vietnam calendar days.
/// </summary>
public static class DeadlineClassifier
{
    public static CompletionTiming ClassifyFinished(DateTimeOffset finishedAt, DateTimeOffset dueAt) =>
        finishedAt > dueAt ? CompletionTiming.Late
        : VietnamTime.DateOf(finishedAt) < VietnamTime.DateOf(dueAt) ? CompletionTiming.Early
        : CompletionTiming.OnTime;

    public static OpenTiming ClassifyOpen(DateTimeOffset now, DateTimeOffset dueAt) =>
        now > dueAt ? OpenTiming.Overdue : OpenTiming.WithinDeadline;

    /// <summary>
    /// The on-time test of Index 766 (QĐ 766/QĐ-TTg, group 2): on time when the end, less the office time spent
    /// waiting for supplements, is no later than the due date; more than one supplement request counts as late.
    /// Computed as "end ≤ due moved forward by the waiting office time", which is the same comparison in office
    /// time and stays exact when the due date is at the end of a period.
    /// </summary>
    public static bool IsOnTimeForIndex766(WorkingCalendar calendar, DateTimeOffset finishedAt, DateTimeOffset dueAt,
        IEnumerable<Pause> supplementWaits, int supplementRequests)
    {
        if (supplementRequests > 1) return false;
        var waited = calendar.PausedWorkingTime(supplementWaits, finishedAt);
        return finishedAt <= calendar.AddWorkingTime(dueAt, waited);
    }
}
