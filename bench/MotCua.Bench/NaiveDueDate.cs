using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Bench;

/// <summary>
/// The baseline: the same counting rules computed the obvious way, walking period by period and day by day with
/// DateTimeOffset arithmetic and a dictionary of special days. The benchmark checks it agrees with the calendar on
/// every input before timing either.
/// </summary>
internal sealed class NaiveDueDate(CalendarSettings settings, IEnumerable<CalendarDay> specialDays)
{
    private readonly Dictionary<DateOnly, CalendarDay> _specialDays = specialDays.ToDictionary(d => d.Date);

    public DateTimeOffset DueAt(DateTimeOffset submittedAt, TimeLimit limit, Channel channel)
    {
        var hours = settings.OfficeHours;
        var unit = limit.Unit == TimeUnit.WorkingHours ? TimeSpan.TicksPerHour : hours.StandardDayLength.Ticks;
        var remaining = TimeSpan.FromTicks(decimal.ToInt64(Math.Round(limit.Amount * unit)));
        var now = VietnamTime.ToVietnam(submittedAt);
        var today = DateOnly.FromDateTime(now.DateTime);
        if (channel != Channel.Online && PeriodsOn(today).Count > 0 && now.TimeOfDay > settings.Cutoff.ToTimeSpan())
            now = VietnamTime.At(today.AddDays(1), TimeOnly.MinValue);
        while (true)
        {
            var date = DateOnly.FromDateTime(now.DateTime);
            foreach (var period in PeriodsOn(date))
            {
                var (open, close) = (VietnamTime.At(date, period.Start), VietnamTime.At(date, period.End));
                if (now >= close) continue;
                var from = now > open ? now : open;
                if (remaining <= close - from) return from + remaining;
                remaining -= close - from;
                now = close;
            }
            now = VietnamTime.At(date.AddDays(1), TimeOnly.MinValue);
        }
    }

    private IReadOnlyList<WorkPeriod> PeriodsOn(DateOnly date) =>
        !_specialDays.TryGetValue(date, out var day) ? settings.OfficeHours.For(date.DayOfWeek)
        : day.Kind == CalendarDayKind.MakeupWorkday ? settings.OfficeHours.StandardDay
        : [];
}
