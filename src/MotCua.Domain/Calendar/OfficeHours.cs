using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Calendar;

/// <summary>A stretch of office time within a day, from <see cref="Start"/> (open) to <see cref="End"/> (closed).</summary>
public sealed record WorkPeriod(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Duration => End - Start;

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}

/// <summary>
/// An agency's weekly office hours: for each day of the week, the periods the desk is open (none on a rest day).
/// Text form, one group per set of days, groups separated by ';':
/// <c>T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30</c>. Days are T2 (Monday) … T7 (Saturday) and CN (Sunday),
/// alone, in ranges (T2-T6) or in lists (T2,T4); periods are HH:mm-HH:mm separated by commas.
/// </summary>
public sealed partial class OfficeHours : IEquatable<OfficeHours>
{
    // Declared before Default, which needs it during static initialisation.
    private static readonly DayOfWeek[] WeekFromMonday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    // Indexed by DayOfWeek (Sunday = 0), each day's periods sorted and not overlapping; read-only views because
    // For() hands them out.
    private readonly IReadOnlyList<WorkPeriod>[] _week;

    /// <summary>Monday to Friday 07:00–11:30 and 13:30–17:00.</summary>
    public static OfficeHours Default { get; } = Parse("T2-T6 07:00-11:30,13:30-17:00");

    /// <exception cref="ArgumentException">A period that is empty, not in whole minutes or overlapping another, or no
    /// period in the whole week.</exception>
    public OfficeHours(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkPeriod>> week)
        : this(Checked(week, problem => new ArgumentException(problem, nameof(week))))
    {
    }

    private OfficeHours(WorkPeriod[][] week)
    {
        _week = [.. week.Select(Array.AsReadOnly)];
        StandardDay = PickStandardDay(_week);
        StandardDayLength = StandardDay.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);
    }

    /// <summary>The periods of this day of the week; empty on a rest day.</summary>
    public IReadOnlyList<WorkPeriod> For(DayOfWeek day) => _week[(int)day];

    /// <summary>
    /// The usual working day: the day pattern shared by most days of the week (Monday's on a tie). Its length is
    /// what one "working day" of a time limit means, and a make-up workday gets these periods.
    /// </summary>
    public IReadOnlyList<WorkPeriod> StandardDay { get; }

    public TimeSpan StandardDayLength { get; }

    /// <exception cref="FormatException">The text is not in the form above; the message says why, in Vietnamese.</exception>
    public static OfficeHours Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("Giờ làm việc đang để trống.");
        var week = new Dictionary<DayOfWeek, IReadOnlyList<WorkPeriod>>();
        foreach (var rawGroup in text.Split(';'))
        {
            // Spaces around '-' and ',' are forgiven, so the first space left separates the days from the periods.
            var group = SpacesAroundSeparators().Replace(rawGroup.Trim(), "$1");
            if (group.Length == 0) continue;
            var space = group.IndexOfAny([' ', '\t']);
            if (space < 0)
                throw new FormatException($"Nhóm \"{group}\" thiếu ngày hoặc khoảng giờ (ví dụ: T2-T6 07:00-11:30,13:30-17:00).");
            var periods = ParsePeriods(group[(space + 1)..]);
            foreach (var day in ParseDays(group[..space]))
            {
                if (!week.TryAdd(day, periods)) throw new FormatException($"{DayCode(day)} được khai hơn một lần.");
            }
        }
        return new OfficeHours(Checked(week, problem => new FormatException(problem)));
    }

    /// <summary>The text form; <see cref="Parse"/> reads it back to equal office hours.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < WeekFromMonday.Length;)
        {
            var periods = _week[(int)WeekFromMonday[i]];
            var last = i;
            while (last + 1 < WeekFromMonday.Length && _week[(int)WeekFromMonday[last + 1]].SequenceEqual(periods)) last++;
            if (periods.Count > 0)
            {
                if (text.Length > 0) text.Append("; ");
                text.Append(DayCode(WeekFromMonday[i]));
                if (last > i) text.Append('-').Append(DayCode(WeekFromMonday[last]));
                text.Append(' ').AppendJoin(',', periods);
            }
            i = last + 1;
        }
        return text.ToString();
    }

    public bool Equals(OfficeHours? other) =>
        other is not null && _week.Zip(other._week).All(pair => pair.First.SequenceEqual(pair.Second));

    public override bool Equals(object? obj) => Equals(obj as OfficeHours);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static string DayCode(DayOfWeek day) => day == DayOfWeek.Sunday ? "CN" : $"T{(int)day + 1}";

    private static WorkPeriod[][] Checked(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkPeriod>> week, Func<string, Exception> error)
    {
        var sorted = new WorkPeriod[7][];
        foreach (var day in WeekFromMonday)
        {
            sorted[(int)day] = week.TryGetValue(day, out var periods) ? [.. periods.OrderBy(p => p.Start)] : [];
            if (Problem(day, sorted[(int)day]) is { } problem) throw error(problem);
        }
        return sorted.Any(periods => periods.Length > 0)
            ? sorted
            : throw error("Giờ làm việc phải có ít nhất một khoảng giờ trong tuần.");
    }

    private static string? Problem(DayOfWeek day, WorkPeriod[] sortedPeriods)
    {
        foreach (var period in sortedPeriods)
        {
            if (period.End <= period.Start) return $"Khoảng giờ {period} của {DayCode(day)} phải kết thúc sau khi bắt đầu.";
            // Whole minutes, so that the text form (HH:mm) says everything.
            if (period.Start.Ticks % TimeSpan.TicksPerMinute != 0 || period.End.Ticks % TimeSpan.TicksPerMinute != 0)
                return $"Khoảng giờ {period} của {DayCode(day)} phải tính tròn phút.";
        }
        for (var i = 1; i < sortedPeriods.Length; i++)
        {
            if (sortedPeriods[i].Start < sortedPeriods[i - 1].End)
                return $"Các khoảng giờ {sortedPeriods[i - 1]} và {sortedPeriods[i]} của {DayCode(day)} chồng lên nhau.";
        }
        return null;
    }

    private static IReadOnlyList<WorkPeriod> PickStandardDay(IReadOnlyList<WorkPeriod>[] week) =>
        WeekFromMonday.Select(day => week[(int)day])
            .Where(periods => periods.Count > 0)
            .GroupBy(periods => string.Join(',', periods.Select(p => p.ToString())))
            .OrderByDescending(g => g.Count()) // stable: among equal counts the first-seen pattern (from Monday) wins
            .First()
            .First();

    private static IEnumerable<DayOfWeek> ParseDays(string text)
    {
        foreach (var item in text.Split(','))
        {
            var bounds = item.Split('-');
            if (bounds.Length > 2) throw new FormatException($"Không hiểu khoảng ngày \"{item}\" (ví dụ: T2-T6).");
            var first = ParseDay(bounds[0]);
            var last = bounds.Length == 2 ? ParseDay(bounds[1]) : first;
            var (from, to) = (Array.IndexOf(WeekFromMonday, first), Array.IndexOf(WeekFromMonday, last));
            if (to < from) throw new FormatException($"Khoảng ngày \"{item}\" phải đi từ đầu tuần về cuối tuần (T2 … T7, CN).");
            for (var i = from; i <= to; i++) yield return WeekFromMonday[i];
        }
    }

    private static DayOfWeek ParseDay(string text)
    {
        var code = text.Trim().ToUpperInvariant();
        if (code == "CN") return DayOfWeek.Sunday;
        if (code.Length == 2 && code[0] == 'T' && code[1] is >= '2' and <= '7') return (DayOfWeek)(code[1] - '1');
        throw new FormatException($"Không hiểu ngày \"{text.Trim()}\" (dùng T2, T3, T4, T5, T6, T7, CN).");
    }

    private static WorkPeriod[] ParsePeriods(string text) =>
        text.Split(',').Select(item =>
        {
            var period = item.Trim();
            var bounds = period.Split('-');
            if (bounds.Length == 2 && TryParseTime(bounds[0], out var start) && TryParseTime(bounds[1], out var end))
            {
                return new WorkPeriod(start, end);
            }
            throw new FormatException($"Không hiểu khoảng giờ \"{period}\" (dạng HH:mm-HH:mm, ví dụ 07:00-11:30).");
        }).ToArray();

    [GeneratedRegex(@"\s*([,-])\s*")]
    private static partial Regex SpacesAroundSeparators();

    private static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
