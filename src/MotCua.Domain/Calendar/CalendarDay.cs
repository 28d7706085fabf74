namespace MotCua.Domain.Calendar;

public enum CalendarDayKind
{
    /// <summary>A public holiday (ngày nghỉ lễ, tết): no office time.</summary>
    Holiday,

    /// <summary>A day off given back for a holiday that fell on a weekly rest day, or swapped by a decision (nghỉ bù, hoán đổi).</summary>
    Compensatory,

    /// <summary>A weekly rest day worked by decision (làm bù): it gets the standard working day's office hours.</summary>
    MakeupWorkday,
}

/// <summary>A day that differs from the weekly pattern; <see cref="Name"/> is what citizens and officers read, in Vietnamese
/// (e.g. "Tết Nguyên đán", "Nghỉ bù Quốc khánh", "Làm bù cho ngày 02/05").</summary>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name);
