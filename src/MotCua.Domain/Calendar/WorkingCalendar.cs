using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Calendar;

/// <summary>
/// An agency's working calendar: office hours, holidays and make-up days, and the due-date arithmetic over them.
/// All instants may come with any offset; everything is computed in Vietnam time and returned at +07:00.
/// Conventions (docs/CALENDAR.md): a limit of N working days is N times the standard working day of office time
/// counted from the valid start; a due reached exactly at the end of a period stays there (17:00, not the next
/// opening). Years are mapped lazily, once, and shared between threads.
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

    /// <summary>The holidays, compensatory days and make-up workdays in force for this year, sorted: the official
    /// entries if the year has any, otherwise the default rule.</summary>
    public IReadOnlyList<CalendarDay> SpecialDays(int year) =>
        _officialDays.TryGetValue(year, out var days) ? Array.AsReadOnly(days) : PublicHolidays.DefaultDays(year);

    /// <summary>The due date with its explanation (for receipts, the dossier page, the portal).</summary>
    /// <param name="cutoff">The procedure's own cut-off hour, instead of <see cref="CalendarSettings.Cutoff"/>.</param>
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

    /// <summary>The fast path: only the due instant, no explanation and no allocation.</summary>
    public DateTimeOffset DueAt(DateTimeOffset submittedAt, TimeLimit limit, Channel channel, TimeOnly? cutoff = null)
    {
        var start = ValidStart(VietnamTime.LocalTicks(submittedAt), channel, (cutoff ?? Settings.Cutoff).Ticks, out _);
        return VietnamTime.FromLocalTicks(Add(start, Ticks(limit)));
    }

    /// <summary>
    /// A supplement requested during appraisal restarts the count from zero when the citizen completes it: the
    /// new due date is counted from that instant like a new submission (same channel rules and cut-off).
    /// </summary>
    public DueDateResult RestartAfterSupplement(DateTimeOffset supplementedAt, TimeLimit limit, Channel channel, TimeOnly? cutoff = null) =>
        ComputeDue(supplementedAt, limit, channel, cutoff);

    /// <summary>The one-time extension: the new due date is <paramref name="extra"/> office time after the original one.</summary>
    public Extension Extend(DateTimeOffset originalDueAt, TimeLimit extra, string reason) =>
        new(VietnamTime.ToVietnam(originalDueAt),
            VietnamTime.FromLocalTicks(Add(VietnamTime.LocalTicks(originalDueAt), Ticks(extra))),
            reason);

    /// <summary>
    /// The instant the count starts from: the submission itself if it is in office time; the next opening if it
    /// is outside office time (night, lunch break, weekend, holiday); for a paper dossier (direct or postal)
    /// received after the cut-off, the first opening of a later day. Online submissions have no cut-off.
    /// </summary>
    public DateTimeOffset ValidStart(DateTimeOffset submittedAt, Channel channel, TimeOnly? cutoff = null) =>
        VietnamTime.FromLocalTicks(ValidStart(VietnamTime.LocalTicks(submittedAt), channel, (cutoff ?? Settings.Cutoff).Ticks, out _));

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

    /// <summary>Whether this instant is office time (a period includes its opening minute, not its closing one).</summary>
    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var local = VietnamTime.LocalTicks(instant);
        var dayNumber = (int)(local / TimeSpan.TicksPerDay);
        return YearOfDay(dayNumber).Day(dayNumber).IsWorking(local - dayNumber * TimeSpan.TicksPerDay);
    }

    /// <summary>Whether the desk has any office time on this date.</summary>
    public bool IsWorkingDay(DateOnly date) => YearOfDay(date.DayNumber).Day(date.DayNumber).IsOpen;

    /// <summary>A time limit as office time: working days times the standard working day, or hours.</summary>
    public TimeSpan WorkingTimeOf(TimeLimit limit) => TimeSpan.FromTicks(Ticks(limit));

    private enum StartShift : byte { None, AfterCutoff, OutsideOfficeHours, ClosedDay }

    private readonly record struct Stop(long From, long To, string Reason);

    private DueDateResult? Compute(DateTimeOffset submittedAt, TimeLimit limit, Channel channel, Stop[] stops, TimeOnly? cutoff)
    {
        var effectiveCutoff = cutoff ?? Settings.Cutoff;
        var submitted = VietnamTime.LocalTicks(submittedAt);
        var start = ValidStart(submitted, channel, effectiveCutoff.Ticks, out var shift);
        var due = AddAround(start, Ticks(limit), stops);
        if (due < 0) return null;
        var skipped = Explain(submitted, start, shift, effectiveCutoff, due, stops);
        return new DueDateResult(VietnamTime.FromLocalTicks(start), VietnamTime.FromLocalTicks(due), skipped);
    }

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
    private long AddAround(long start, long amount, Stop[] stops)
    {
        var (cursor, remaining) = (start, amount);
        foreach (var stop in stops)
        {
            if (stop.To <= cursor) continue;
            if (stop.From > cursor)
            {
                var available = Between(cursor, stop.From);
                if (remaining <= available) break;
                remaining -= available;
            }
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
        if (limit.Amount < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "Thời hạn không được âm.");
        var unit = limit.Unit == TimeUnit.WorkingHours ? TimeSpan.TicksPerHour : _workingDayTicks;
        return decimal.ToInt64(Math.Round(limit.Amount * unit));
    }

    private IReadOnlyList<SkippedPeriod> Explain(long submitted, long start, StartShift shift, TimeOnly cutoff, long due, Stop[] stops)
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
        for (var dayNumber = submittedDay + 1; dayNumber < due / TimeSpan.TicksPerDay; dayNumber++)
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
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Lịch làm việc chỉ tính cho các năm {MinYear}–{MaxYear}.");
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
