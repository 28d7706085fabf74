namespace MotCua.Domain.Calendar;

/// <summary>
/// The default holiday rule of a year, from the Labour Code 2019 (Art. 112 holidays, Art. 111(3) compensatory
/// days). The Prime Minister fixes the exact Tết and National Day days each year, and decisions may swap days:
/// an administrator enters that official list, which replaces this default for its year (see
/// <see cref="WorkingCalendar"/>). This default also pre-fills that entry form.
/// </summary>
public static class PublicHolidays
{
    public const string NewYearsDay = "Tết Dương lịch";
    public const string LunarNewYear = "Tết Nguyên đán";
    public const string HungKingsCommemoration = "Giỗ Tổ Hùng Vương";
    public const string VictoryDay = "Ngày Chiến thắng";
    public const string LabourDay = "Ngày Quốc tế Lao động";
    public const string NationalDay = "Quốc khánh";

    /// <summary>The first year whose National Day holiday has two days (Labour Code 2019 in force 1 January 2021).</summary>
    public const int TwoDayNationalDaySince = 2021;

    /// <summary>
    /// Holidays and compensatory days of this year by the default rule, sorted by date:
    /// 1/1; Tết: the last day of the lunar year and lunar 1/1 to 4/1 (5 days); Giỗ Tổ on lunar 10/3; 30/4; 1/5;
    /// 2/9 and, from 2021, an adjacent day (<see cref="NationalDayCompanion"/>). Each holiday on a Saturday or
    /// Sunday (the civil service's weekly rest days), or on a day already a holiday, gives a compensatory day on
    /// the next Monday-to-Friday day that is not already off, in date order.
    /// </summary>
    public static IReadOnlyList<CalendarDay> DefaultDays(int year)
    {
        var tet = VietnameseLunarCalendar.NewYear(year);
        var holidays = new List<(DateOnly Date, string Name)>
        {
            (new DateOnly(year, 1, 1), NewYearsDay),
            (tet.AddDays(-1), LunarNewYear),
            (tet, LunarNewYear),
            (tet.AddDays(1), LunarNewYear),
            (tet.AddDays(2), LunarNewYear),
            (tet.AddDays(3), LunarNewYear),
            (VietnameseLunarCalendar.ToSolar(new LunarDate(year, 3, 10)), HungKingsCommemoration),
            (new DateOnly(year, 4, 30), VictoryDay),
            (new DateOnly(year, 5, 1), LabourDay),
            (new DateOnly(year, 9, 2), NationalDay),
        };
        if (year >= TwoDayNationalDaySince) holidays.Add((NationalDayCompanion(year), NationalDay));

        var days = new SortedDictionary<DateOnly, CalendarDay>();
        var givenBack = new List<(DateOnly Date, string Name)>();
        foreach (var (date, name) in holidays.OrderBy(h => h.Date))
        {
            var alreadyOff = !days.TryAdd(date, new CalendarDay(date, CalendarDayKind.Holiday, name));
            if (alreadyOff || IsWeeklyRestDay(date)) givenBack.Add((date, name));
        }
        // Only once every holiday is placed, so that a compensatory day never lands on a later holiday.
        foreach (var (date, name) in givenBack)
        {
            var compensatory = date.AddDays(1);
            while (IsWeeklyRestDay(compensatory) || days.ContainsKey(compensatory)) compensatory = compensatory.AddDays(1);
            days.Add(compensatory, new CalendarDay(compensatory, CalendarDayKind.Compensatory, $"Nghỉ bù {name}"));
        }
        return [.. days.Values];
    }

    /// <summary>
    /// The day that joins 2 September (Art. 112(1)(đ): "01 ngày liền kề trước hoặc sau"), by our default rule: the
    /// neighbouring Monday-to-Friday day that lengthens a weekend break; when both or neither do (2/9 on a Wednesday),
    /// the day before. So 3/9 when 2/9 is a Sunday, Monday or Thursday; 1/9 otherwise.
    /// </summary>
    public static DateOnly NationalDayCompanion(int year)
    {
        var nationalDay = new DateOnly(year, 9, 2);
        return nationalDay.DayOfWeek is DayOfWeek.Sunday or DayOfWeek.Monday or DayOfWeek.Thursday
            ? nationalDay.AddDays(1)
            : nationalDay.AddDays(-1);
    }

    private static bool IsWeeklyRestDay(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
