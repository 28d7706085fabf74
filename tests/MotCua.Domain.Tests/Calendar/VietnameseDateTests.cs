using MotCua.Domain.Calendar;

namespace MotCua.Domain.Tests.Calendar;

public class VietnameseDateTests
{
    [Theory]
    [InlineData("15/06/2024", 2024, 6, 15)]
    [InlineData("5/6/2024", 2024, 6, 5)]
    [InlineData("15-06-2024", 2024, 6, 15)]
    [InlineData("15.06.2024", 2024, 6, 15)]
    [InlineData("2024-06-15", 2024, 6, 15)]
    [InlineData(" 29/02/2024 ", 2024, 2, 29)]
    public void Day_month_year_is_read_as_typed(string text, int year, int month, int day)
    {
        Assert.Equal((new DateOnly(year, month, day), (string?)null), VietnameseDate.Parse(text, "Ngày sinh"));
    }

    [Theory]
    [InlineData("15062024", "ngày/tháng/năm")] // no separators: could be read more than one way, so it is not read at all
    [InlineData("06/15/2024", "không có tháng 15")]
    [InlineData("31/02/2024", "không có ngày 31")]
    [InlineData("29/02/2025", "không có ngày 29")]
    [InlineData("15/06/24", "ngày/tháng/năm")]
    [InlineData("15/06-2024", "ngày/tháng/năm")]
    [InlineData("", "Vui lòng nhập")]
    public void Impossible_or_ambiguous_dates_are_refused_with_a_reason(string text, string reason)
    {
        var (date, error) = VietnameseDate.Parse(text, "Ngày sinh");
        Assert.Null(date);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Dates_are_shown_as_day_month_year()
    {
        Assert.Equal("05/06/2024", VietnameseDate.Show(new DateOnly(2024, 6, 5)));
    }

    [Theory]
    [InlineData("05/06/2026 09:30", 2026, 6, 5, 9, 30)] // day first: never re-read as 6 May
    [InlineData("5/6/2026 9:30", 2026, 6, 5, 9, 30)]
    [InlineData("2026-06-05T09:30", 2026, 6, 5, 9, 30)] // what a system or an old form sends
    public void A_date_and_time_typed_at_a_page_is_Vietnam_wall_clock_time(string text, int year, int month, int day, int hour, int minute)
    {
        var (instant, error) = VietnameseDate.ParseDateTime(text, "Ngày hẹn mới");
        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, 0, VietnamTime.Offset), instant);
        Assert.Equal(VietnamTime.Offset, instant!.Value.Offset);
    }

    [Theory]
    [InlineData("05/06/2026", "giờ:phút")]
    [InlineData("05062026 09:30", "ngày/tháng/năm")]
    [InlineData("31/06/2026 09:30", "không có ngày 31")]
    [InlineData("05/06/2026 24:10", "không hợp lệ")]
    [InlineData("", "Vui lòng nhập")]
    public void A_date_and_time_that_cannot_be_read_one_way_only_is_refused(string text, string reason)
    {
        var (instant, error) = VietnameseDate.ParseDateTime(text, "Ngày hẹn mới");
        Assert.Null(instant);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_instant_is_shown_as_its_Vietnam_wall_clock_time()
    {
        Assert.Equal("05/06/2026 09:30", VietnameseDate.ShowDateTime(new DateTimeOffset(2026, 6, 5, 2, 30, 0, TimeSpan.Zero)));
    }
}
