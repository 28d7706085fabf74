using MotCua.Domain.Queue;

namespace MotCua.Domain.Tests.Queue;

/// <summary>The live wait: position × median serving ÷ open counters as a 5-minute range; the median's sources.</summary>
public class WaitEstimateTests
{
    private static TimeSpan M(double minutes) => TimeSpan.FromMinutes(minutes);

    [Theory]
    [InlineData(0, 1, 8, null, "đang gọi")]
    [InlineData(1, 1, 4, 0, "dưới 5 phút")]
    [InlineData(2, 1, 8, 15, "khoảng 15–20 phút")]
    [InlineData(5, 2, 8, 20, "khoảng 20–25 phút")]
    [InlineData(3, 0, 10, 30, "khoảng 30–35 phút")]
    [InlineData(10, 3, 6, 20, "khoảng 20–25 phút")]
    public void Position_times_median_over_counters_as_a_range(int position, int counters, double median, int? from, string text)
    {
        var range = WaitEstimate.For(position, counters, M(median));
        Assert.Equal(from, range.FromMinutes);
        Assert.Equal(text, range.Text);
        if (from is not null) Assert.Equal(from + 5, range.ToMinutes);
    }

    [Fact]
    public void A_negative_position_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => WaitEstimate.For(-1, 1, M(8)));

    [Fact]
    public void Median_reads_today_when_five_or_more_else_the_last_working_days_else_eight_minutes()
    {
        TimeSpan[] week = [M(10), M(12), M(30)];
        Assert.Equal(M(8), WaitEstimate.MedianServing([], []));
        Assert.Equal(M(12), WaitEstimate.MedianServing([M(1), M(2), M(3), M(4)], week));
        Assert.Equal(M(3), WaitEstimate.MedianServing([M(1), M(2), M(3), M(4), M(5)], week));
        Assert.Equal(M(3.5), WaitEstimate.MedianServing([M(1), M(2), M(3), M(4), M(5), M(6)], week));
        // Only the 20 newest of today count: 20 of 2 minutes then 30 older of 60 minutes.
        var today = Enumerable.Repeat(M(2), 20).Concat(Enumerable.Repeat(M(60), 30)).ToArray();
        Assert.Equal(M(2), WaitEstimate.MedianServing(today, week));
    }
}
