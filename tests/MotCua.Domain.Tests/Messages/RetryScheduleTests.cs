using MotCua.Domain.Messages;

namespace MotCua.Domain.Tests.Messages;

public class RetryScheduleTests
{
    private static readonly DateTimeOffset Failed = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(8, 3_840)]
    [InlineData(9, 7_200)] // 7,680 s capped at two hours
    public void Waits_double_from_the_first_delay_up_to_the_cap(int attempt, int seconds)
    {
        // Jitter 0.5 is the middle of the band: the nominal wait exactly.
        Assert.Equal(Failed.AddSeconds(seconds), RetrySchedule.Default.NextAttempt(Failed, attempt, 0.5));
    }

    [Fact]
    public void Jitter_keeps_every_wait_within_a_fifth_of_its_nominal_length()
    {
        Assert.Equal(Failed.AddSeconds(24), RetrySchedule.Default.NextAttempt(Failed, 1, 0));
        var latest = RetrySchedule.Default.NextAttempt(Failed, 1, 0.999_999)!.Value;
        Assert.InRange((latest - Failed).TotalSeconds, 35.99, 36);
    }

    [Fact]
    public void The_last_attempt_dead_letters_the_message()
    {
        Assert.NotNull(RetrySchedule.Default.NextAttempt(Failed, 9, 0.5));
        Assert.Null(RetrySchedule.Default.NextAttempt(Failed, 10, 0.5));
        Assert.Null(new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1).NextAttempt(Failed, 1, 0.5));
    }

    [Fact]
    public void A_huge_attempt_number_stays_at_the_cap()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(30), TimeSpan.FromHours(2), int.MaxValue);
        Assert.Equal(Failed.AddHours(2), schedule.NextAttempt(Failed, 5_000, 0.5));
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 1.0)]
    [InlineData(1, -0.1)]
    public void Rejects_an_attempt_below_one_or_a_jitter_outside_its_range(int attempt, double jitter)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.Default.NextAttempt(Failed, attempt, jitter));
    }
}
