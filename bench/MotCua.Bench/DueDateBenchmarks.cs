using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Bench;

/// <summary>
/// Due dates for a spread of submissions (2025–2026, any hour, every channel) and limits (1–40 working hours,
/// 0.5–30 working days) on the default calendar with the 2025 official days: the product's computation (with its
/// explanation) and the day-by-day baseline, in one run so the ratio compares like with like.
/// </summary>
[Config(typeof(Config))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser]
public class DueDateBenchmarks
{
    public const int Cases = 1024;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(StatisticColumn.OperationsPerSecond);
    }

    private WorkingCalendar _calendar = null!;
    private NaiveDueDate _naive = null!;
    private DateTimeOffset[] _submitted = null!;
    private TimeLimit[] _limits = null!;
    private Channel[] _channels = null!;

    [GlobalSetup]
    public void Setup()
    {
        CalendarDay[] official2025 =
        [
            new(new DateOnly(2025, 1, 1), CalendarDayKind.Holiday, "Tết Dương lịch"),
            .. Enumerable.Range(27, 5).Select(d => new CalendarDay(new DateOnly(2025, 1, d), CalendarDayKind.Holiday, "Tết Nguyên đán")),
            new(new DateOnly(2025, 4, 7), CalendarDayKind.Holiday, "Giỗ Tổ Hùng Vương"),
            new(new DateOnly(2025, 4, 26), CalendarDayKind.MakeupWorkday, "Làm bù cho ngày 02/05"),
            new(new DateOnly(2025, 4, 30), CalendarDayKind.Holiday, "Ngày Chiến thắng"),
            new(new DateOnly(2025, 5, 1), CalendarDayKind.Holiday, "Ngày Quốc tế Lao động"),
            new(new DateOnly(2025, 5, 2), CalendarDayKind.Compensatory, "Nghỉ hoán đổi"),
            new(new DateOnly(2025, 9, 1), CalendarDayKind.Holiday, "Quốc khánh"),
            new(new DateOnly(2025, 9, 2), CalendarDayKind.Holiday, "Quốc khánh"),
        ];
        _calendar = new WorkingCalendar(CalendarSettings.Default, official2025);
        _naive = new NaiveDueDate(CalendarSettings.Default, Enumerable.Range(2025, 4).SelectMany(_calendar.SpecialDays));

        var random = new Random(20251);
        _submitted = [.. Enumerable.Range(0, Cases).Select(_ =>
            VietnamTime.At(new DateOnly(2025, 1, 1).AddDays(random.Next(730)), new TimeOnly(random.Next(24), random.Next(60))))];
        _limits = [.. Enumerable.Range(0, Cases).Select(i => i % 3 == 0
            ? TimeLimit.Hours(random.Next(1, 41))
            : TimeLimit.Days(random.Next(1, 61) / 2m))];
        _channels = [.. Enumerable.Range(0, Cases).Select(i => (Channel)(i % 3 + 1))];

        for (var i = 0; i < Cases; i++)
        {
            var (calendar, naive) = (_calendar.ComputeDue(_submitted[i], _limits[i], _channels[i]).DueAt, _naive.DueAt(_submitted[i], _limits[i], _channels[i]));
            if (calendar != naive)
                throw new InvalidOperationException($"Baseline and calendar disagree for {_submitted[i]} {_limits[i]} {_channels[i]}: {naive} vs {calendar}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Cases, Description = "Day-by-day walk (baseline)")]
    public long DayByDayWalk()
    {
        long sum = 0;
        for (var i = 0; i < Cases; i++) sum += _naive.DueAt(_submitted[i], _limits[i], _channels[i]).UtcTicks;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Cases, Description = "WorkingCalendar.ComputeDue (explained)")]
    public int Explained()
    {
        var skipped = 0;
        for (var i = 0; i < Cases; i++) skipped += _calendar.ComputeDue(_submitted[i], _limits[i], _channels[i]).Skipped.Count;
        return skipped;
    }
}
