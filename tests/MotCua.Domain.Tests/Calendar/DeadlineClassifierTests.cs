using MotCua.Domain.Calendar;

namespace MotCua.Domain.Tests.Calendar;

public class DeadlineClassifierTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);

    // Received Monday 3/3/2025 09:00 with one working day: due Tuesday 4/3 09:00.
    private static readonly DateTimeOffset DueAt = Vn.At("2025-03-04 09:00");

    [Theory]
    [InlineData("2025-03-03 16:00", CompletionTiming.Early)]
    [InlineData("2025-03-03 23:59", CompletionTiming.Early)]
    [InlineData("2025-03-04 00:00", CompletionTiming.OnTime)]
    [InlineData("2025-03-04 08:59", CompletionTiming.OnTime)]
    [InlineData("2025-03-04 09:00", CompletionTiming.OnTime)]
    [InlineData("2025-03-04 09:01", CompletionTiming.Late)]
    [InlineData("2025-03-05 08:00", CompletionTiming.Late)]
    public void Finished_dossiers_are_early_on_time_or_late(string finished, CompletionTiming expected) =>
        Assert.Equal(expected, DeadlineClassifier.ClassifyFinished(Vn.At(finished), DueAt));

    [Fact]
    public void Days_are_Vietnam_days_whatever_the_offset()
    {
        // 17:30 UTC on Monday is 00:30 on Tuesday in Vietnam: the due day, so on time rather than early.
        var finished = new DateTimeOffset(2025, 3, 3, 17, 30, 0, TimeSpan.Zero);
        Assert.Equal(CompletionTiming.OnTime, DeadlineClassifier.ClassifyFinished(finished, DueAt));
    }

    [Fact]
    public void Open_dossiers_are_within_deadline_until_the_due_instant()
    {
        Assert.Equal(OpenTiming.WithinDeadline, DeadlineClassifier.ClassifyOpen(DueAt, DueAt));
        Assert.Equal(OpenTiming.Overdue, DeadlineClassifier.ClassifyOpen(DueAt.AddMinutes(1), DueAt));
    }

    [Fact]
    public void Paused_working_time_counts_overlaps_once_and_an_open_pause_up_to_the_given_instant()
    {
        Pause[] pauses =
        [
            new(Vn.At("2025-03-03 08:00"), Vn.At("2025-03-03 10:00"), "Chờ nộp phí"),
            new(Vn.At("2025-03-03 09:00"), Vn.At("2025-03-03 11:00"), "Chờ bổ sung hồ sơ"),
            new(Vn.At("2025-03-04 16:00"), null, "Chờ bổ sung hồ sơ"),
        ];
        // 08:00–11:00 on Monday, then Tuesday 16:00–17:00 and Wednesday 07:00–08:00.
        Assert.Equal(TimeSpan.FromHours(5), Calendar.PausedWorkingTime(pauses, Vn.At("2025-03-05 08:00")));
    }
}
