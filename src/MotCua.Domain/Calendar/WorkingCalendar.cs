using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Calendar;

/// <summary>
/// An agency's working calendar: office hours, holidays and make-up days, and the due-date arithmetic over them.
/// All instants may come with any offset; everything is computed in Vietnam time and returned at +07:00.
/// Conventions (docs/CALENDAR.md): a limit of N working days is N times the standard working day of office time
/// counted from the valid start; a due reached exactly at the end of a period stays there (17:00, not the next
/// opening). Limits in calendar days, months and "trong ngày" end at the close of a working day (Civil Code
/// Art. 147–148, Nghị định 23/2015 Art. 21(1)). Years are mapped lazily, once, and shared between threads.
/// Instants outside <see cref="EarliestInput"/>–<see cref="LatestInput"/> and limits beyond
/// <see cref="TimeLimit.MaxAmount"/> are refused with <see cref="CalendarRangeException"/>.
/// </summary>
public sealed class WorkingCalendar
{
    public const int MinYear = VietnameseLunarCalendar.MinYear, MaxYear = VietnameseLunarCalendar.MaxYear;

    private const string OutsideOfficeHours = "ngoài giờ làm việc";

    private static readonly string[] WeekdayNames = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    private readonly Dictionary<int, CalendarDay[]> _officialDays;
    private readonly DaySchedule[] _weekly; // by DayOfWeek
    private readonly DaySchedule _makeupWorkday;
    private readonly long _workingDayTicks;
    private readonly WorkingYear?[] _years = new WorkingYear?[MaxYear - MinYear + 1];

    /// <param name="settings">Office hours and cut-off.</param>
    /// <param name="officialDays">The days of official decisions as an administrator entered them. A year with any
    /// entry uses exactly its entries (the whole official list: holidays, days off, make-up workdays); a year with
    /// none uses <see cref="PublicHolidays.DefaultDays"/>.</param>
    /// <exception cref="ArgumentException">A date entered twice, a day without a name, or a year out of range;
    /// the message is in Vietnamese for the administrator.</exception>
    public WorkingCalendar(CalendarSettings settings, IEnumerable<CalendarDay> officialDays)
    {
        Settings = settings;
        var days = officialDays.ToArray();
        if (Array.Find(days, d => d.Date.Year is < MinYear or > MaxYear) is { } outOfRange)
            throw new ArgumentException($"Ngày {outOfRange.Date:dd/MM/yyyy} nằm ngoài các năm {MinYear}–{MaxYear}.", nameof(officialDays));
        if (Array.Find(days, d => string.IsNullOrWhiteSpace(d.Name)) is { } unnamed)
            throw new ArgumentException($"Ngày {unnamed.Date:dd/MM/yyyy} chưa có tên (ví dụ: Tết Nguyên đán).", nameof(officialDays));
        if (days.GroupBy(d => d.Date).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Ngày {twice.Key:dd/MM/yyyy} được khai hơn một lần.", nameof(officialDays));
        _officialDays = days.GroupBy(d => d.Date.Year).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Date).ToArray());

        var hours = settings.OfficeHours;
        _weekly = [.. Enum.GetValues<DayOfWeek>().Select(day =>
            hours.For(day).Count > 0 ? DaySchedule.Open(hours.For(day)) : DaySchedule.Closed(WeekdayNames[(int)day]))];
        _makeupWorkday = DaySchedule.Open(hours.StandardDay);
        _workingDayTicks = hours.StandardDayLength.Ticks;
    }

    public CalendarSettings Settings { get; }

    /// <summary>The earliest date an instant given to a computation may fall on (Vietnam time).</summary>
    public static readonly DateOnly EarliestInput = new(2000, 1, 1);

    /// <summary>The latest date an instant given to a computation may fall on (Vietnam time): the longest limit
    /// (<see cref="TimeLimit.MaxAmount"/>, at most five years) added to it stays inside the calendar's years.</summary>
    public static readonly DateOnly LatestInput = new(2090, 12, 31);

    /// <summary>Why this instant cannot go into a computation, in Vietnamese, or null when it is inside
    /// <see cref="EarliestInput"/>–<see cref="LatestInput"/>.</summary>
    public static string? CheckInstant(DateTimeOffset instant) =>
        VietnamTime.DateOf(instant) is var date && (date < EarliestInput || date > LatestInput)
            ? $"Thời điểm phải trong khoảng {EarliestInput:dd/MM/yyyy}–{LatestInput:dd/MM/yyyy}."
            : null;

    /// <summary>The holidays, compensatory days and make-up workdays in force for this year, sorted: the official
    /// entries if the year has any, otherwise the default rule.</summary>
    public IReadOnlyList<CalendarDay> SpecialDays(int year) =>
        _officialDays.TryGetValue(year, out var days) ? Array.AsReadOnly(days) : PublicHolidays.DefaultDays(year);

    /// <summary>The due date with its explanation (for receipts, the dossier page, the portal).</summary>
    /// <param name="cutoff">The procedure's own cut-off hour, instead of <see cref="CalendarSettings.Cutoff"/>.</param>
    /// <exception cref="CalendarRangeException">The instant or the limit is outside its bounds.</exception>
    public DueDateResult ComputeDue(DateTimeOffset submittedAt, TimeLimit limit, Channel channel, TimeOnly? cutoff = null) =>
        Compute(submittedAt, limit, channel, [], cutoff)!; // with no pause the due date is always determined

    /// <summary>
    /// The due date when the clock stopped during <paramref name="pauses"/> (waiting for the citizen): office time
    /// inside a pause does not count. Returns null while the due date is not yet determined, i.e. an open pause
    /// (<see cref="Pause.To"/> null) stopped the clock before the limit ran out.
    /// </summary>
    public DueDateResult? ComputeDue(DateTimeOffset submittedAt, TimeLimit limit, Channel channel, IEnumerable<Pause> pauses, TimeOnly? cutoff = null) =>
        Compute(submittedAt, limit, channel,
            [.. pauses
                .Select(p => new Stop(VietnamTime.LocalTicks(p.From), p.To is { } to ? VietnamTime.LocalTicks(to) : long.MaxValue, p.Reason))
                .OrderBy(s => s.From)],
            cutoff);

    /// <summary>
    /// A supplement requested during appraisal restarts the count from zero when the citizen completes it: the
    /// new due date is counted from that instant like a new submission (same channel rules and cut-off).
    /// </summary>
    public DueDateResult RestartAfterSupplement(DateTimeOffset supplementedAt, TimeLimit limit, Channel channel, TimeOnly? cutoff = null) =>
        ComputeDue(supplementedAt, limit, channel, cutoff);

    /// <summary>
    /// The instant the count starts from: the submission itself if it is in office time; the next opening if it
    /// is outside office time (night, lunch break, weekend, holiday); for a paper dossier (direct or postal)
    /// received after the cut-off, the first opening of a later day. Online submissions have no cut-off.
    /// </summary>
    public DateTimeOffset ValidStart(DateTimeOffset submittedAt, Channel channel, TimeOnly? cutoff = null) =>
        VietnamTime.FromLocalTicks(ValidStart(Checked(submittedAt), channel, (cutoff ?? Settings.Cutoff).Ticks, out _));

    /// <summary>The valid start of a count in this unit: as <see cref="ValidStart(DateTimeOffset, Channel, TimeOnly?)"/>,
    /// except that "trong ngày" applies the cut-off to every channel, since Nghị định 23/2015 Art. 21(1) moves a request
    /// received after 15:00 to the next working day however it arrived.</summary>
    public DateTimeOffset ValidStart(DateTimeOffset submittedAt, TimeLimit limit, Channel channel, TimeOnly? cutoff = null) =>
        ValidStart(submittedAt, StartChannel(limit, channel), cutoff);

    /// <summary>The earliest instant by which <paramref name="amount"/> of office time has passed since <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        return VietnamTime.FromLocalTicks(Add(VietnamTime.LocalTicks(from), amount.Ticks));
    }

    /// <summary>Office time between two instants (elapsed, remaining); negative when <paramref name="to"/> is earlier.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to) =>
        TimeSpan.FromTicks(Between(VietnamTime.LocalTicks(from), VietnamTime.LocalTicks(to)));

    /// <summary>Office time during which these pauses stopped the clock, up to <paramref name="until"/> (an open pause
    /// runs until then); overlapping pauses count once.</summary>
    public TimeSpan PausedWorkingTime(IEnumerable<Pause> pauses, DateTimeOffset until)
    {
        var end = VietnamTime.LocalTicks(until);
        long paused = 0, covered = long.MinValue;
        foreach (var pause in pauses.OrderBy(p => p.From))
        {
            var from = Math.Max(VietnamTime.LocalTicks(pause.From), covered);
            var to = Math.Min(pause.To is { } t ? VietnamTime.LocalTicks(t) : end, end);
            if (to <= from) continue;
            paused += Between(from, to);
            covered = to;
        }
        return TimeSpan.FromTicks(paused);
    }

    /// <summary>
    /// A time limit as office time, to compare limits and to split one into steps: working days times the standard
    /// working day, or hours. A limit in calendar days or months holds a varying amount of office time, so it counts as
    /// the least its days can hold by the weekly pattern (holidays aside): 30 days on a Monday–Friday desk hold at least
    /// 21 working days; a month at least its shortest run of days (28 for one month). "Trong ngày" counts as one
    /// standard working day.
    /// </summary>
    public TimeSpan WorkingTimeOf(TimeLimit limit) => limit.Unit switch
    {
        TimeUnit.CalendarDays => TimeSpan.FromTicks(LeastOfficeTimeIn(WholeAmount(limit))),
        TimeUnit.Months => TimeSpan.FromTicks(LeastOfficeTimeIn(ShortestDaysIn(WholeAmount(limit)))),
        TimeUnit.SameDay => TimeSpan.FromTicks(_workingDayTicks),
        _ => TimeSpan.FromTicks(Ticks(limit)),
    };

    private enum StartShift : byte { None, AfterCutoff, OutsideOfficeHours, ClosedDay }

    private readonly record struct Stop(long From, long To, string Reason);

    private DueDateResult? Compute(DateTimeOffset submittedAt, TimeLimit limit, Channel channel, Stop[] stops, TimeOnly? cutoff)
    {
        var effectiveCutoff = cutoff ?? Settings.Cutoff;
        var submitted = Checked(submittedAt);
        var start = ValidStart(submitted, StartChannel(limit, channel), effectiveCutoff.Ticks, out var shift);
        long due, lastDay;
        if (limit.CountsOfficeTime)
        {
            due = AddAround(start, Ticks(limit), stops);
            lastDay = submitted / TimeSpan.TicksPerDay + 1;
        }
        else due = CloseOfPeriod(start, limit, stops, out lastDay);
        if (due < 0) return null;
        var skipped = Explain(submitted, start, shift, effectiveCutoff, due, stops, (int)lastDay);
        return new DueDateResult(VietnamTime.FromLocalTicks(start), VietnamTime.FromLocalTicks(due), skipped);
    }

    // "Trong ngày" applies the cut-off whatever the channel (Nghị định 23/2015 Art. 21(1)).
    private static Channel StartChannel(TimeLimit limit, Channel channel) => limit.Unit == TimeUnit.SameDay ? Channel.Direct : channel;

    private static long Checked(DateTimeOffset instant) =>
        CheckInstant(instant) is { } error ? throw new CalendarRangeException(error) : VietnamTime.LocalTicks(instant);

    /// <summary>
    /// The due of a limit in calendar days, months or "trong ngày", counted from the valid start's day (Civil Code
    /// Art. 147(2): the day of receipt is not counted): the close of the last day — start day + N days, the same day
    /// number N months later or that month's last day (Art. 148(3), DateOnly.AddMonths), or the start day itself for
    /// "trong ngày" — or, when that day has no office time, the close of the next day that has (Art. 148(5)). The close
    /// is the end of the day's last office period rather than midnight (Art. 148(6)): the office cannot hand anything
    /// over later. The clock stops during pauses: the last day moves by the days they lasted, rounded up to whole days.
    /// -1 when an open pause starts before the close.
    /// </summary>
    private long CloseOfPeriod(long start, TimeLimit limit, Stop[] stops, out long lastDay)
    {
        var problem = limit.Check();
        if (problem is not null) throw new CalendarRangeException(problem);
        var startDay = (int)(start / TimeSpan.TicksPerDay);
        var counted = limit.Unit switch
        {
            TimeUnit.CalendarDays => startDay + WholeAmount(limit),
            TimeUnit.Months => DateOnly.FromDayNumber(startDay).AddMonths(WholeAmount(limit)).DayNumber,
            _ => startDay,
        };
        for (var pausedDays = 0; ; )
        {
            lastDay = counted + pausedDays;
            var close = CloseOfWorkingDayFrom((int)lastDay);
            long paused = 0, covered = start;
            foreach (var stop in stops)
            {
                var from = Math.Max(stop.From, covered);
                if (from >= close) break;
                if (stop.To == long.MaxValue) return -1;
                if (stop.To <= from) continue;
                paused += Math.Min(stop.To, close) - from;
                covered = stop.To;
            }
            var needed = (int)((paused + TimeSpan.TicksPerDay - 1) / TimeSpan.TicksPerDay);
            if (needed <= pausedDays) return close;
            pausedDays = needed;
        }
    }

    private long CloseOfWorkingDayFrom(int dayNumber)
    {
        for (; ; dayNumber++)
        {
            var day = YearOfDay(dayNumber).Day(dayNumber);
            if (day.IsOpen) return dayNumber * TimeSpan.TicksPerDay + day.Close;
        }
    }

    private static int WholeAmount(TimeLimit limit) =>
        limit.Check() is { } problem ? throw new CalendarRangeException(problem) : (int)limit.Amount;

    // The least office time in `days` consecutive days by the weekly pattern, over the seven days of the week they may start on.
    private long LeastOfficeTimeIn(int days)
    {
        var least = long.MaxValue;
        for (var first = 0; first < 7; first++)
        {
            long total = 0;
            for (var i = 0; i < days; i++) total += _weekly[(first + i) % 7].Length;
            least = Math.Min(least, total);
        }
        return least;
    }

    // The fewest days `months` months can span (one month: 28), over the starting months of a common and a leap year.
    private static int ShortestDaysIn(int months) =>
        Enumerable.Range(0, 24).Min(i => new DateOnly(2027 + i / 12, i % 12 + 1, 1) is var from ? from.AddMonths(months).DayNumber - from.DayNumber : 0);

    private long ValidStart(long submitted, Channel channel, long cutoffTicks, out StartShift shift)
    {
        var dayNumber = (int)(submitted / TimeSpan.TicksPerDay);
        var tick = submitted - dayNumber * TimeSpan.TicksPerDay;
        var day = YearOfDay(dayNumber).Day(dayNumber);
        if (channel != Channel.Online && day.IsOpen && tick > cutoffTicks)
        {
            shift = day.IsWorking(tick) ? StartShift.AfterCutoff : StartShift.OutsideOfficeHours;
            return OpeningAtOrAfter((dayNumber + 1) * TimeSpan.TicksPerDay);
        }
        if (day.IsWorking(tick))
        {
            shift = StartShift.None;
            return submitted;
        }
        shift = day.IsOpen ? StartShift.OutsideOfficeHours : StartShift.ClosedDay;
        return OpeningAtOrAfter(submitted);
    }

    private long OpeningAtOrAfter(long local)
    {
        for (var year = YearOfDay((int)(local / TimeSpan.TicksPerDay)); ; year = YearNumbered(year.Year + 1), local = year.StartTicks)
        {
            var opening = year.OpeningAtOrAfter(local);
            if (opening >= 0) return opening;
        }
    }

    // The earliest instant by which `amount` office time has passed since `from`.
    private long Add(long from, long amount)
    {
        if (amount == 0) return from;
        var year = YearOfDay((int)(from / TimeSpan.TicksPerDay));
        var target = year.WorkedBefore(from) + amount;
        while (target > year.Total)
        {
            target -= year.Total;
            year = YearNumbered(year.Year + 1);
        }
        return year.InstantAt(target);
    }

    // Like Add, with the clock stopped inside the stops (sorted by start); -1 when an open stop leaves it undetermined.
    // The remaining time is checked before every stop, also one that starts at the cursor: a limit already used up is
    // due at the cursor, not after the stop (a 0-day limit with a pause from its start was once due at night).
    private long AddAround(long start, long amount, Stop[] stops)
    {
        var (cursor, remaining) = (start, amount);
        foreach (var stop in stops)
        {
            if (stop.To <= cursor) continue;
            var available = stop.From > cursor ? Between(cursor, stop.From) : 0;
            if (remaining <= available) break;
            remaining -= available;
            if (stop.To == long.MaxValue) return -1;
            cursor = stop.To;
        }
        return Add(cursor, remaining);
    }

    private long Between(long from, long to)
    {
        if (to < from) return -Between(to, from);
        var first = YearOfDay((int)(from / TimeSpan.TicksPerDay));
        var last = YearOfDay((int)(to / TimeSpan.TicksPerDay));
        var worked = last.WorkedBefore(to) - first.WorkedBefore(from);
        for (var year = first.Year; year < last.Year; year++) worked += YearNumbered(year).Total;
        return worked;
    }

    private long Ticks(TimeLimit limit)
    {
        if (!limit.CountsOfficeTime) throw new ArgumentException($"Thời hạn \"{limit}\" không tính bằng giờ làm việc.", nameof(limit));
        if (limit.Check() is { } problem) throw new CalendarRangeException(problem);
        var unit = limit.Unit == TimeUnit.WorkingHours ? TimeSpan.TicksPerHour : _workingDayTicks;
        return decimal.ToInt64(Math.Round(limit.Amount * unit));
    }

    // Closed days are listed from `firstListedDay`: every one after the submission day for office time, and for a count in
    // days only those after its last day (calendar days count whether or not the office is open).
    private IReadOnlyList<SkippedPeriod> Explain(long submitted, long start, StartShift shift, TimeOnly cutoff, long due, Stop[] stops, int firstListedDay)
    {
        var skipped = new List<(long From, long To, string Reason)>();
        var submittedDay = (int)(submitted / TimeSpan.TicksPerDay);
        if (shift != StartShift.None)
        {
            var reason = shift switch
            {
                StartShift.AfterCutoff => $"sau {cutoff:HH\\:mm}",
                StartShift.OutsideOfficeHours => OutsideOfficeHours,
                _ => YearOfDay(submittedDay).Day(submittedDay).ClosedReason!,
            };
            skipped.Add((submitted, Math.Min(start, (submittedDay + 1) * TimeSpan.TicksPerDay), reason));
        }
        for (var dayNumber = Math.Max(submittedDay + 1, firstListedDay); dayNumber < due / TimeSpan.TicksPerDay; dayNumber++)
        {
            if (YearOfDay(dayNumber).Day(dayNumber).ClosedReason is { } reason)
                skipped.Add((dayNumber * TimeSpan.TicksPerDay, (dayNumber + 1) * TimeSpan.TicksPerDay, reason));
        }
        foreach (var stop in stops)
        {
            var (from, to) = (Math.Max(stop.From, start), Math.Min(stop.To, due));
            if (from < to) skipped.Add((from, to, stop.Reason));
        }
        // The start shift and the closed days were added in order; pauses interleave with them.
        if (stops.Length > 0)
            skipped.Sort((a, b) => a.From != b.From ? a.From.CompareTo(b.From)
                : a.To != b.To ? a.To.CompareTo(b.To)
                : string.CompareOrdinal(a.Reason, b.Reason));

        var merged = new List<SkippedPeriod>(skipped.Count);
        for (var i = 0; i < skipped.Count; i++)
        {
            var (from, to, reason) = skipped[i];
            while (i + 1 < skipped.Count && skipped[i + 1].From == to && skipped[i + 1].Reason == reason) to = skipped[++i].To;
            merged.Add(new SkippedPeriod(VietnamTime.FromLocalTicks(from), VietnamTime.FromLocalTicks(to), reason));
        }
        return merged;
    }

    private WorkingYear YearOfDay(int dayNumber) => YearNumbered(DateOnly.FromDayNumber(dayNumber).Year);

    private WorkingYear YearNumbered(int year)
    {
        if (year is < MinYear or > MaxYear)
            throw new CalendarRangeException($"Lịch làm việc chỉ tính cho các năm {MinYear}–{MaxYear}.");
        return Volatile.Read(ref _years[year - MinYear]) ?? Publish(BuildYear(year));
    }

    // Building a year is pure, so threads racing to build one build equal maps; the first one published is kept.
    private WorkingYear Publish(WorkingYear built) =>
        Interlocked.CompareExchange(ref _years[built.Year - MinYear], built, null) ?? built;

    private WorkingYear BuildYear(int year)
    {
        var special = SpecialDays(year).ToDictionary(d => d.Date);
        return new WorkingYear(year, date => !special.TryGetValue(date, out var day) ? _weekly[(int)date.DayOfWeek]
            : day.Kind == CalendarDayKind.MakeupWorkday ? _makeupWorkday
            : DaySchedule.Closed(day.Name));
    }
}

/// <summary>An instant or a limit outside what the calendar computes (before 2000, after 2090, a limit beyond
/// <see cref="TimeLimit.MaxAmount"/>); the message is Vietnamese, for the user who sent it (the web answers 422).</summary>
public sealed class CalendarRangeException(string message) : ArgumentOutOfRangeException(null, message);
