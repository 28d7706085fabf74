using MotCua.Domain.Calendar;

namespace MotCua.Domain.Dossiers;

/// <summary>How pressing an open dossier is, for the colour of its row in a worklist.</summary>
public enum Urgency
{
    /// <summary>Quá hạn: the due instant has passed.</summary>
    Overdue = 1,
    /// <summary>Sắp đến hạn: due within one working day.</summary>
    DueSoon,
    /// <summary>Trong hạn.</summary>
    OnTrack,
    /// <summary>Tạm dừng: waiting for the citizen, the clock stands still.</summary>
    Paused,
    /// <summary>The clock no longer runs: result ready or returned, refused, stopped.</summary>
    Settled,
}

public static class DossierUrgency
{
    /// <summary>A dossier due before this instant is "due within one working day".</summary>
    public static DateTimeOffset DueSoonLimit(DateTimeOffset now, WorkingCalendar calendar) =>
        calendar.AddWorkingTime(now, calendar.WorkingTimeOf(TimeLimit.Days(1)));

    public static Urgency Of(DossierStatus status, DateTimeOffset? dueAt, DateTimeOffset now, WorkingCalendar calendar) =>
        DossierStatuses.WaitingForCitizen.Contains(status) ? Urgency.Paused
        : !DossierStatuses.ClockRunning.Contains(status) || dueAt is not { } due ? Urgency.Settled
        : DeadlineClassifier.ClassifyOpen(now, due) == OpenTiming.Overdue ? Urgency.Overdue
        : due <= DueSoonLimit(now, calendar) ? Urgency.DueSoon
        : Urgency.OnTrack;

    public static string Vietnamese(this Urgency urgency) => urgency switch
    {
        Urgency.Overdue => "Quá hạn",
        Urgency.DueSoon => "Sắp đến hạn",
        Urgency.OnTrack => "Trong hạn",
        Urgency.Paused => "Tạm dừng, chờ người dân",
        Urgency.Settled => "Đã xử lý",
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, null),
    };
}
