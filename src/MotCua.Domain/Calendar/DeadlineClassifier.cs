namespace MotCua.Domain.Calendar;

/// <summary>How a finished dossier compares with its due date (the Biểu 06 columns).</summary>
public enum CompletionTiming
{
    /// <summary>Trước hạn: finished in a shorter time than allowed, measured in the allowance's unit: on a calendar day
    /// before the due date's day, or for an allowance under a working day, in a minute before the due minute.</summary>
    Early = 1,

    /// <summary>Đúng hạn: finished in the due date's day (the due minute for an allowance under a working day), at or
    /// before the due instant.</summary>
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
/// <remarks>
/// A shorter time than allowed is early (TT 01/2018/TT-VPCP Art. 13, as issue 11 reports it; not read). The time is
/// measured in the unit the allowance is counted in: days for a limit of a working day or more (the dossier's limit,
/// Biểu 06), minutes for a step allowed less than a working day, where a comparison of days would call every step
/// finished in time "on time" (docs/CALENDAR.md §9).
/// </remarks>
public static class DeadlineClassifier
{
    /// <summary>A dossier (or a step allowed a working day or more) finished at <paramref name="finishedAt"/> against
    /// <paramref name="dueAt"/>: late after the due instant, early on a Vietnam day before the due day, else on time.</summary>
    public static CompletionTiming ClassifyFinished(DateTimeOffset finishedAt, DateTimeOffset dueAt) =>
        finishedAt > dueAt ? CompletionTiming.Late
        : VietnamTime.DateOf(finishedAt) < VietnamTime.DateOf(dueAt) ? CompletionTiming.Early
        : CompletionTiming.OnTime;

    /// <summary>
    /// A step of the process (or a co-agency task) against its own due instant, <paramref name="allowance"/> being the
    /// office time it was allowed and <paramref name="workingDay"/> the calendar's standard working day: under a working
    /// day, early when finished in a minute before the due minute, on time in the due minute up to the due instant; a
    /// working day or more, as <see cref="ClassifyFinished(DateTimeOffset, DateTimeOffset)"/>.
    /// </summary>
    public static CompletionTiming ClassifyFinished(DateTimeOffset finishedAt, DateTimeOffset dueAt, TimeSpan allowance, TimeSpan workingDay)
    {
        if (allowance >= workingDay) return ClassifyFinished(finishedAt, dueAt);
        return finishedAt > dueAt ? CompletionTiming.Late
            : Minute(finishedAt) < Minute(dueAt) ? CompletionTiming.Early
            : CompletionTiming.OnTime;
    }

    private static long Minute(DateTimeOffset instant) => instant.UtcTicks / TimeSpan.TicksPerMinute;

    public static OpenTiming ClassifyOpen(DateTimeOffset now, DateTimeOffset dueAt) =>
        now > dueAt ? OpenTiming.Overdue : OpenTiming.WithinDeadline;
}
