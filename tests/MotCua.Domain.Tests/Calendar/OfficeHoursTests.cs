using FsCheck;
using FsCheck.Fluent;
using MotCua.Domain.Calendar;

namespace MotCua.Domain.Tests.Calendar;

public class OfficeHoursTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static WorkPeriod P(int startHour, int startMinute, int endHour, int endMinute) =>
        new(new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute));

    [Fact]
    public void Default_is_Monday_to_Friday_8_hours()
    {
        var hours = OfficeHours.Default;
        Assert.Equal([P(7, 0, 11, 30), P(13, 30, 17, 0)], hours.For(DayOfWeek.Monday));
        Assert.Equal(hours.For(DayOfWeek.Monday), hours.For(DayOfWeek.Friday));
        Assert.Empty(hours.For(DayOfWeek.Saturday));
        Assert.Empty(hours.For(DayOfWeek.Sunday));
        Assert.Equal(TimeSpan.FromHours(8), hours.StandardDayLength);
        Assert.Equal("T2-T6 07:00-11:30,13:30-17:00", hours.ToString());
        Assert.Equal(OfficeHours.Default, CalendarSettings.Default.OfficeHours);
        Assert.Equal(new TimeOnly(15, 0), CalendarSettings.Default.Cutoff);
    }

    [Fact]
    public void Saturday_morning_desk_parses_and_formats_back()
    {
        const string text = "T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30";
        var hours = OfficeHours.Parse(text);
        Assert.Equal([P(7, 30, 11, 30)], hours.For(DayOfWeek.Saturday));
        Assert.Equal(text, hours.ToString());
        Assert.Equal(TimeSpan.FromHours(8), hours.StandardDayLength);
    }

    [Fact]
    public void Parse_forgives_case_spaces_and_single_digit_hours()
    {
        Assert.Equal(OfficeHours.Default, OfficeHours.Parse("  t2 - t6  7:00 - 11:30 , 13:30-17:00 ; "));
    }

    [Fact]
    public void Lists_of_days_and_periods_in_any_order_format_canonically()
    {
        var hours = OfficeHours.Parse("T2,T4 13:00-16:00,08:00-11:00; T3 07:00-11:00");
        Assert.Equal([P(8, 0, 11, 0), P(13, 0, 16, 0)], hours.For(DayOfWeek.Wednesday));
        Assert.Equal("T2 08:00-11:00,13:00-16:00; T3 07:00-11:00; T4 08:00-11:00,13:00-16:00", hours.ToString());
    }

    [Fact]
    public void The_standard_day_is_the_pattern_most_days_share()
    {
        var hours = OfficeHours.Parse("T2 07:00-11:00; T3-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30");
        Assert.Equal([P(7, 30, 11, 30), P(13, 30, 17, 0)], hours.StandardDay);
        Assert.Equal(TimeSpan.FromHours(7.5), hours.StandardDayLength);
    }

    [Theory]
    [InlineData("", "để trống")]
    [InlineData("   ", "để trống")]
    [InlineData(";", "ít nhất một khoảng giờ")]
    [InlineData("T8 07:00-11:00", "Không hiểu ngày \"T8\"")]
    [InlineData("T2-T6", "thiếu ngày hoặc khoảng giờ")]
    [InlineData("T2-T6 07:00", "Không hiểu khoảng giờ \"07:00\"")]
    [InlineData("T2-T6 25:00-26:00", "Không hiểu khoảng giờ")]
    [InlineData("T2-T6 7h-11h", "Không hiểu khoảng giờ")]
    [InlineData("T2-T6 11:00-07:00", "phải kết thúc sau khi bắt đầu")]
    [InlineData("T2 07:00-12:00,11:00-13:00", "chồng lên nhau")]
    [InlineData("T2 07:00-11:00; T2-T3 13:00-17:00", "T2 được khai hơn một lần")]
    [InlineData("T6-T2 07:00-11:00", "phải đi từ đầu tuần về cuối tuần")]
    [InlineData("T2-T4-T6 07:00-11:00", "Không hiểu khoảng ngày")]
    public void Bad_text_is_refused_with_a_Vietnamese_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => OfficeHours.Parse(text));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Constructor_refuses_overlapping_periods_and_seconds()
    {
        var week = new Dictionary<DayOfWeek, IReadOnlyList<WorkPeriod>> { [DayOfWeek.Monday] = [P(7, 0, 12, 0), P(11, 0, 13, 0)] };
        Assert.Throws<ArgumentException>(() => new OfficeHours(week));
        var seconds = new Dictionary<DayOfWeek, IReadOnlyList<WorkPeriod>> { [DayOfWeek.Monday] = [new(new TimeOnly(7, 0, 30), new TimeOnly(11, 0))] };
        Assert.Contains("tròn phút", Assert.Throws<ArgumentException>(() => new OfficeHours(seconds)).Message);
    }

    [Fact]
    public void Any_office_hours_round_trip_through_their_text()
    {
        // Up to three periods a day on a 5-minute grid, days left closed at random; at least one open day.
        var day = Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(Gen.Choose(0, 24 * 12 - 1), count * 2)).Select(cuts =>
        {
            var minutes = cuts.Distinct().Order().Select(c => c * 5).ToArray();
            return (IReadOnlyList<WorkPeriod>)Enumerable.Range(0, minutes.Length / 2)
                .Select(i => new WorkPeriod(new TimeOnly(minutes[2 * i] / 60, minutes[2 * i] % 60), new TimeOnly(minutes[2 * i + 1] / 60, minutes[2 * i + 1] % 60)))
                .ToArray();
        });
        var week = Gen.ArrayOf(day, 7)
            .Where(days => days.Any(d => d.Count > 0))
            .Select(days => new OfficeHours(Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => days[(int)d])));

        SeededProperty.Check(output, week, hours =>
            {
                var reparsed = OfficeHours.Parse(hours.ToString());
                return reparsed.Equals(hours) && reparsed.ToString() == hours.ToString()
                    && Enum.GetValues<DayOfWeek>().All(d => reparsed.For(d).SequenceEqual(hours.For(d)));
            }, runs: 100);
    }
}
