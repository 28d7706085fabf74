namespace MotCua.Domain.Calendar;

public enum TimeUnit
{
    WorkingDays,
    WorkingHours,
}

/// <summary>A processing time limit as the procedure publishes it (e.g. 15 working days, 4 working hours, 0.5 day).</summary>
public readonly record struct TimeLimit(decimal Amount, TimeUnit Unit)
{
    public static TimeLimit Days(decimal amount) => new(amount, TimeUnit.WorkingDays);
    public static TimeLimit Hours(decimal amount) => new(amount, TimeUnit.WorkingHours);

    public override string ToString() =>
        Unit == TimeUnit.WorkingDays ? $"{Amount:0.##} ngày làm việc" : $"{Amount:0.##} giờ làm việc";
}
