namespace MotCua.Domain.Calendar;

/// <summary>A date in the Vietnamese lunar calendar (âm lịch); <see cref="IsLeapMonth"/> marks the repeated month (tháng nhuận).</summary>
public readonly record struct LunarDate(int Year, int Month, int Day, bool IsLeapMonth = false)
{
    public override string ToString() => IsLeapMonth ? $"{Day}/{Month} nhuận/{Year}" : $"{Day}/{Month}/{Year}";
}

/// <summary>
/// The Vietnamese lunisolar calendar, computed for UTC+7. Not .NET's ChineseLunisolarCalendar: China computes for
/// UTC+8, and a new moon or solar term between 23:00 and 24:00 Vietnam time moves a month start, sometimes Tết
/// itself (1985: 21 January in Vietnam, 20 February in China).
/// Rules (Hồ Ngọc Đức's formulation of the traditional rules): a month starts on the day of a new moon; month 11
/// is the month in which the Sun reaches the December solstice; when 13 new moons start months between one month
/// 11 and the next, the first of them in which the Sun crosses no major solar term is the leap month and repeats
/// the number of the month before it.
/// </summary>
public static class VietnameseLunarCalendar
{
    /// <summary>First and last years, solar and lunar, covered whole (conversions reach a few months further).</summary>
    public const int MinYear = 1900, MaxYear = 2100;

    private static readonly MonthTable Months = MonthTable.Build();

    public static LunarDate FromSolar(DateOnly date)
    {
        var i = Months.IndexOf(date.DayNumber);
        var month = Months[i];
        return new LunarDate(month.Year, month.Number, date.DayNumber - month.Start + 1, month.IsLeap);
    }

    /// <exception cref="ArgumentOutOfRangeException">The date does not exist: a leap flag on a month that is not
    /// leap that year, day 30 of a 29-day month, or a year outside <see cref="MinYear"/>..<see cref="MaxYear"/>.</exception>
    public static DateOnly ToSolar(LunarDate date)
    {
        var i = Months.IndexOf(date.Year, date.Month, date.IsLeapMonth);
        var length = Months.Length(i);
        if (date.Day < 1 || date.Day > length)
            throw new ArgumentOutOfRangeException(nameof(date), date, $"Tháng {date.Month}{(date.IsLeapMonth ? " nhuận" : "")} năm {date.Year} âm lịch có {length} ngày.");
        return DateOnly.FromDayNumber(Months[i].Start + date.Day - 1);
    }

    /// <summary>Mùng 1 tháng Giêng: the solar date of Tết of this lunar year.</summary>
    public static DateOnly NewYear(int lunarYear) => ToSolar(new LunarDate(lunarYear, 1, 1));

    private readonly record struct LunarMonth(int Start, int Year, int Number, bool IsLeap);

    // The arc of the ecliptic from 270° (December solstice) to 300°; see LunarAstronomy.SunArc.
    private const int DecemberSolsticeArc = 9;

    /// <summary>Every lunar month of the covered years in order, computed once: conversions are then a search.</summary>
    private sealed class MonthTable
    {
        private readonly LunarMonth[] _months;
        private readonly int _end; // first day after the last month

        private MonthTable(LunarMonth[] months, int end)
        {
            _months = months;
            _end = end;
        }

        public LunarMonth this[int index] => _months[index];

        public int Length(int index) =>
            (index + 1 < _months.Length ? _months[index + 1].Start : _end) - _months[index].Start;

        public static MonthTable Build()
        {
            var months = new List<LunarMonth>(13 * (MaxYear - MinYear + 3));
            // A cycle runs from one month 11 to the next; cycle y holds months 11 and 12 of lunar year y-1 and
            // months 1 to 10 of lunar year y, so cycles MinYear..MaxYear+1 cover lunar years MinYear..MaxYear whole.
            var cycleStart = Month11(MinYear - 1);
            for (var year = MinYear; year <= MaxYear + 1; year++)
            {
                var nextCycleStart = Month11(year);
                var k = LunarAstronomy.NewMoonNearest(cycleStart);
                var count = nextCycleStart - cycleStart > 365 ? 13 : 12;
                var leapIndex = count == 13 ? LeapMonthIndex(k) : -1;
                var (number, lunarYear) = (11, year - 1);
                for (var i = 0; i < count; i++)
                {
                    var start = LunarAstronomy.NewMoonDay(k + i);
                    if (i == leapIndex)
                    {
                        months.Add(new LunarMonth(start, lunarYear, number == 1 ? 12 : number - 1, IsLeap: true));
                        continue;
                    }
                    if (number == 1) lunarYear = year;
                    months.Add(new LunarMonth(start, lunarYear, number, IsLeap: false));
                    number = number % 12 + 1;
                }
                cycleStart = nextCycleStart;
            }
            return new MonthTable([.. months], cycleStart);
        }

        // The start of month 11 of this solar year: the new moon before 31 December, or the one before that if
        // the Sun has already passed the December solstice when it starts.
        private static int Month11(int year)
        {
            var k = LunarAstronomy.NewMoonOnOrBefore(new DateOnly(year, 12, 31).DayNumber);
            var start = LunarAstronomy.NewMoonDay(k);
            return LunarAstronomy.SunArc(start) >= DecemberSolsticeArc ? LunarAstronomy.NewMoonDay(k - 1) : start;
        }

        // In a 13-month cycle starting at new moon k, the index (1..12) of the first month during which the Sun
        // stays in one arc, i.e. crosses no major term.
        private static int LeapMonthIndex(int k)
        {
            var arc = LunarAstronomy.SunArc(LunarAstronomy.NewMoonDay(k + 1));
            for (var i = 1; i < 13; i++)
            {
                var nextArc = LunarAstronomy.SunArc(LunarAstronomy.NewMoonDay(k + i + 1));
                if (nextArc == arc) return i;
                arc = nextArc;
            }
            throw new InvalidOperationException($"No month without a major solar term after new moon {k}.");
        }

        public int IndexOf(int dayNumber)
        {
            if (dayNumber < _months[0].Start || dayNumber >= _end)
                throw new ArgumentOutOfRangeException(nameof(dayNumber), DateOnly.FromDayNumber(dayNumber),
                    $"Âm lịch chỉ tính cho các năm {MinYear}–{MaxYear}.");
            var (low, high) = (0, _months.Length - 1);
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (_months[middle].Start <= dayNumber) low = middle; else high = middle - 1;
            }
            return low;
        }

        public int IndexOf(int year, int month, bool isLeap)
        {
            if (month is < 1 or > 12)
                throw new ArgumentOutOfRangeException(nameof(month), month, "Tháng âm lịch từ 1 đến 12.");
            // Months are in calendar order, so (year, month, leap after its month) is an ascending key.
            var key = Key(year, month, isLeap);
            var (low, high) = (0, _months.Length - 1);
            while (low <= high)
            {
                var middle = (low + high) / 2;
                var found = Key(_months[middle].Year, _months[middle].Number, _months[middle].IsLeap);
                if (found == key) return middle;
                if (found < key) low = middle + 1; else high = middle - 1;
            }
            if (isLeap && year is >= MinYear and <= MaxYear)
                throw new ArgumentOutOfRangeException(nameof(isLeap), $"Năm {year} âm lịch không có tháng {month} nhuận.");
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Âm lịch chỉ tính cho các năm {MinYear}–{MaxYear}.");
        }

        private static int Key(int year, int month, bool isLeap) => year * 32 + month * 2 + (isLeap ? 1 : 0);
    }
}
