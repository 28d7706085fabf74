using MotCua.Domain.Calendar;

namespace MotCua.Domain.Tests.Calendar;

/// <summary>The one rule for instants the API reads (issue 9, item 6): an offset is respected, none means Vietnam time.</summary>
public class VietnamTimeTests
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    [Theory]
    [InlineData("2026-11-30T07:30:00", 2026, 11, 30, 7, 30, 7)] // the example: Vietnam time, not UTC
    [InlineData("2026-11-30T07:30", 2026, 11, 30, 7, 30, 7)]
    [InlineData("2026-11-30 07:30", 2026, 11, 30, 7, 30, 7)]
    [InlineData("2026-11-30", 2026, 11, 30, 0, 0, 7)] // a date alone is its midnight in Vietnam; "-30" is no offset
    [InlineData("2026-11-30T07:30:00+07:00", 2026, 11, 30, 7, 30, 7)]
    [InlineData("2026-11-30T00:30:00Z", 2026, 11, 30, 0, 30, 0)]
    [InlineData("2026-11-30T07:30:00.1234567-05:00", 2026, 11, 30, 7, 30, -5)]
    public void An_iso_instant_is_read_with_its_offset_or_as_Vietnam_time(string text, int year, int month, int day, int hour, int minute, int offset)
    {
        Assert.True(VietnamTime.TryParseInstant(text, out var instant));
        Assert.Equal(new DateTime(year, month, day, hour, minute, 0), new DateTime(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0));
        Assert.Equal(TimeSpan.FromHours(offset), instant.Offset);
    }

    [Theory]
    [InlineData("05/06/2026")] // May or June, depending on a culture: never guessed
    [InlineData("05/06/2026 09:30")]
    [InlineData("30-11-2026")]
    [InlineData("2026-11-30T7:30")]
    [InlineData("hôm nay")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_but_iso_8601_is_not_read(string? text)
    {
        Assert.False(VietnamTime.TryParseInstant(text, out _));
    }

    [Fact]
    public void A_date_alone_starts_at_midnight_in_Vietnam()
    {
        Assert.True(VietnamTime.TryParseInstant("2026-11-30", out var instant));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, Vn), instant);
    }
}
