using MotCua.Domain.Calendar;

namespace MotCua.Domain.Tests.Calendar;

/// <summary>
/// A step's timing on the control slip (issue 11 item 5): a shorter time than allowed is early, measured in minutes for an
/// allowance under a working day and in days otherwise; the due minute is on time, after the due instant late. Generated
/// over allowances from 15 minutes to three working days and finishing times from the step's start to past its end.
/// </summary>
public class StepTimingTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly TimeSpan WorkingDay = Calendar.WorkingTimeOf(TimeLimit.Days(1));
    private static readonly DateTimeOffset Start = Vn.At("2025-11-17 07:30");

    public static TheoryData<int> AllowancesInMinutes() => [15, 60, 90, 119, 240, 479, 480, 720, 960, 1440];

    [Theory]
    [MemberData(nameof(AllowancesInMinutes))]
    public void A_step_is_early_before_its_due_minute_or_day_on_time_in_it_and_late_after(int minutes)
    {
        var allowance = TimeSpan.FromMinutes(minutes);
        var due = Calendar.AddWorkingTime(Start, allowance);
        var underADay = allowance < WorkingDay;
        for (var finished = Start.AddMinutes(1); finished <= due.AddHours(26); finished = finished.AddMinutes(7))
        {
            var expected = finished > due ? CompletionTiming.Late
                : underADay ? (finished.UtcTicks / TimeSpan.TicksPerMinute < due.UtcTicks / TimeSpan.TicksPerMinute ? CompletionTiming.Early : CompletionTiming.OnTime)
                : VietnamTime.DateOf(finished) < VietnamTime.DateOf(due) ? CompletionTiming.Early : CompletionTiming.OnTime;
            Assert.Equal(expected, DeadlineClassifier.ClassifyFinished(finished, due, allowance, WorkingDay));
        }
        Assert.Equal(CompletionTiming.OnTime, DeadlineClassifier.ClassifyFinished(due, due, allowance, WorkingDay));
        Assert.Equal(CompletionTiming.Late, DeadlineClassifier.ClassifyFinished(due.AddSeconds(1), due, allowance, WorkingDay));
    }

    [Theory]
    [MemberData(nameof(AllowancesInMinutes))]
    public void Under_a_working_day_any_minute_saved_is_early_even_on_the_due_day(int minutes)
    {
        var allowance = TimeSpan.FromMinutes(minutes);
        var due = Calendar.AddWorkingTime(Start, allowance);
        var saved = DeadlineClassifier.ClassifyFinished(due.AddMinutes(-1), due, allowance, WorkingDay);
        Assert.Equal(allowance < WorkingDay ? CompletionTiming.Early : DeadlineClassifier.ClassifyFinished(due.AddMinutes(-1), due), saved);
    }
}
