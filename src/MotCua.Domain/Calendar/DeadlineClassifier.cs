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
}
