namespace MotCua.Domain.Calendar;

/// <summary>
/// An agency's calendar settings: its office hours and the hour after which a paper dossier (direct or postal)
/// counts from the next working day. A procedure may override the cut-off per computation.
/// </summary>
public sealed record CalendarSettings(OfficeHours OfficeHours, TimeOnly Cutoff)
{
    /// <summary>Monday to Friday 07:00–11:30 and 13:30–17:00 (8 hours), cut-off 15:00.</summary>
    public static CalendarSettings Default { get; } = new(OfficeHours.Default, new TimeOnly(15, 0));
}
