namespace MotCua.Domain.Calendar;

/// <summary>
/// The unit a time limit is published in. The numbers are stored (dossiers.time_limit_unit,
/// agency_procedures.time_limit_unit): never renumber.
/// </summary>
public enum TimeUnit
{
    /// <summary>"N Ngày làm việc": N standard working days of office time (docs/CALENDAR.md §7).</summary>
    WorkingDays = 0,

    /// <summary>"N Giờ" / "N giờ làm việc": office time only; hours outside office hours do not count.</summary>
    WorkingHours = 1,

    /// <summary>"N Ngày" (calendar days): Bộ luật Dân sự 2015 Art. 147(2), 148(1), 148(5) — counted from the day after
    /// receipt, ending at the close of the last day, or of the next working day when that is a rest day.</summary>
    CalendarDays = 2,

    /// <summary>"N Tháng": Bộ luật Dân sự 2015 Art. 148(3) — the same day number of the last month, or its last day.</summary>
    Months = 3,

    /// <summary>"Trong ngày": Nghị định 23/2015/NĐ-CP Art. 21(1) — by the close of the working day of receipt, or of the
    /// next working day when received after the cut-off (15:00). The amount is not used and is 0.</summary>
    SameDay = 4,
}

/// <summary>A processing time limit as the procedure publishes it (15 working days, 4 working hours, 0.5 working day,
/// 30 days, 3 months, same day).</summary>
public readonly record struct TimeLimit(decimal Amount, TimeUnit Unit)
{
    /// <summary>The largest amount accepted per unit: a little more than the longest limit the national catalogue
    /// publishes in that unit, and small enough that any instant of the calendar's range plus the limit stays in range
    /// for decades. Beyond it a limit is refused (<see cref="Check"/>).</summary>
    public static decimal MaxAmount(TimeUnit unit) => unit switch
    {
        TimeUnit.WorkingDays => 1000,
        TimeUnit.WorkingHours => 8000,
        TimeUnit.CalendarDays => 1500,
        TimeUnit.Months => 60,
        _ => 0,
    };

    /// <summary>N working days (ngày làm việc).</summary>
    public static TimeLimit Days(decimal amount) => new(amount, TimeUnit.WorkingDays);

    /// <summary>N working hours (giờ làm việc).</summary>
    public static TimeLimit Hours(decimal amount) => new(amount, TimeUnit.WorkingHours);

    /// <summary>N calendar days (ngày), counted by the Civil Code.</summary>
    public static TimeLimit CalendarDays(int amount) => new(amount, TimeUnit.CalendarDays);

    /// <summary>N months (tháng), counted by the Civil Code.</summary>
    public static TimeLimit Months(int amount) => new(amount, TimeUnit.Months);

    /// <summary>"Trong ngày": the working day of receipt, or the next one after the cut-off.</summary>
    public static TimeLimit SameDay { get; } = new(0, TimeUnit.SameDay);

    /// <summary>Whether the limit is a quantity of office time (working days, working hours) rather than a count of
    /// calendar days or months ending at a working day's close.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CountsOfficeTime => Unit is TimeUnit.WorkingDays or TimeUnit.WorkingHours;

    /// <summary>Why this limit cannot be computed, in Vietnamese, or null: a negative or oversized amount, a fraction of a
    /// calendar day or month, an unknown unit.</summary>
    public string? Check() => Unit switch
    {
        TimeUnit.SameDay => null,
        _ when !Enum.IsDefined(Unit) => "Đơn vị thời hạn không hợp lệ.",
        _ when Amount < 0 => "Thời hạn không được âm.",
        _ when Amount > MaxAmount(Unit) => $"Thời hạn không quá {MaxAmount(Unit):0} {UnitName(Unit)}.",
        TimeUnit.CalendarDays or TimeUnit.Months when Amount != decimal.Truncate(Amount) =>
            $"Thời hạn tính bằng {UnitName(Unit)} phải là số nguyên.",
        _ => null,
    };

    /// <summary>What the citizen reads on Mẫu 01: "15 ngày làm việc", "4 giờ làm việc", "30 ngày", "3 tháng", "trong ngày".</summary>
    public override string ToString() => Unit == TimeUnit.SameDay ? "trong ngày" : $"{Amount:0.##} {UnitName(Unit)}";

    /// <summary>The unit's name in the API and in forms ("workingDays", "workingHours", "calendarDays", "months",
    /// "sameDay"), or null for anything else.</summary>
    public static TimeUnit? ParseUnit(string? name) => name?.Trim() switch
    {
        "workingDays" => TimeUnit.WorkingDays,
        "workingHours" => TimeUnit.WorkingHours,
        "calendarDays" => TimeUnit.CalendarDays,
        "months" => TimeUnit.Months,
        "sameDay" => TimeUnit.SameDay,
        _ => null,
    };

    /// <summary>The unit in Vietnamese, as it follows a number.</summary>
    public static string UnitName(TimeUnit unit) => unit switch
    {
        TimeUnit.WorkingDays => "ngày làm việc",
        TimeUnit.WorkingHours => "giờ làm việc",
        TimeUnit.CalendarDays => "ngày",
        TimeUnit.Months => "tháng",
        TimeUnit.SameDay => "trong ngày",
        _ => "?",
    };
}
