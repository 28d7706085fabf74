using MotCua.Domain.Calendar;

namespace MotCua.Documents.Tests;

/// <summary>The "… giờ … phút, ngày … tháng … năm …" of Mẫu 01 items 4 and 5, in Vietnam time with Nghị định 30's zeros.</summary>
public sealed class VietnameseDateTests
{
    [Theory]
    [InlineData(2026, 11, 20, 8, 15, "08 giờ 15 phút, ngày 20 tháng 11 năm 2026")]
    [InlineData(2027, 1, 5, 7, 0, "07 giờ 00 phút, ngày 05 tháng 01 năm 2027")]
    [InlineData(2026, 2, 28, 16, 30, "16 giờ 30 phút, ngày 28 tháng 02 năm 2026")]
    [InlineData(2026, 3, 9, 13, 45, "13 giờ 45 phút, ngày 09 tháng 3 năm 2026")]
    public void Hour_minute_and_date_are_written_out(int y, int m, int d, int h, int min, string expected) =>
        Assert.Equal(expected, VietnameseText.HourMinuteDate(new DateTimeOffset(y, m, d, h, min, 0, VietnamTime.Offset)));

    [Fact]
    public void An_instant_in_another_offset_is_written_in_Vietnam_time()
    {
        var lateUtc = new DateTimeOffset(2026, 12, 31, 17, 30, 0, TimeSpan.Zero); // 00:30 on 1 January in Vietnam
        Assert.Equal("00 giờ 30 phút, ngày 01 tháng 01 năm 2027", VietnameseText.HourMinuteDate(lateUtc));
        Assert.Equal("ngày 01 tháng 01 năm 2027", VietnameseText.DayMonthYear(lateUtc));
    }
}
