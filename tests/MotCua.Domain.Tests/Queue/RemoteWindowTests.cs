using MotCua.Domain.Calendar;
using MotCua.Domain.Queue;

namespace MotCua.Domain.Tests.Queue;

/// <summary>The remote window: 30 minutes before the first opening to 60 before the last closing, never on a closed day,
/// one open ticket per phone, the remote share of the day's capacity.</summary>
public class RemoteWindowTests
{
    // Wednesday 2 December 2026 is an ordinary working day; Friday 4 December is declared a holiday for the test.
    private static readonly DateOnly Wednesday = new(2026, 12, 2);
    private static readonly DateOnly Holiday = new(2026, 12, 4);
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, [new CalendarDay(Holiday, CalendarDayKind.Holiday, "Ngày nghỉ thử")]);

    private static RemoteDecision At(DateOnly day, int hour, int minute, int taken = 0, int capacity = 100, bool holds = false) =>
        RemoteWindow.Allows(VietnamTime.At(day, new TimeOnly(hour, minute)), Calendar, QueueSettings.Default, taken, capacity, holds);

    [Theory]
    [InlineData(6, 0, RemoteRefusal.NotYet)]
    [InlineData(6, 29, RemoteRefusal.NotYet)]
    [InlineData(6, 30, RemoteRefusal.None)]
    [InlineData(12, 0, RemoteRefusal.None)]
    [InlineData(15, 59, RemoteRefusal.None)]
    [InlineData(16, 0, RemoteRefusal.Over)]
    [InlineData(20, 0, RemoteRefusal.Over)]
    public void Opens_thirty_minutes_before_opening_and_stops_an_hour_before_closing(int hour, int minute, RemoteRefusal expected)
    {
        var decision = At(Wednesday, hour, minute);
        Assert.Equal(expected, decision.Refusal);
        Assert.Equal(expected == RemoteRefusal.None, decision.Message is null);
    }

    [Fact]
    public void Before_opening_says_from_when()
    {
        Assert.Equal("Chưa đến giờ lấy số trực tuyến: từ 06:30.", At(Wednesday, 5, 0).Message);
    }

    [Fact]
    public void Never_on_a_holiday_or_a_weekend()
    {
        Assert.Equal(RemoteRefusal.ClosedDay, At(Holiday, 9, 0).Refusal);
        Assert.Equal(RemoteRefusal.ClosedDay, At(new DateOnly(2026, 12, 5), 9, 0).Refusal);
        Assert.Equal(RemoteRefusal.ClosedDay, At(new DateOnly(2026, 12, 6), 9, 0).Refusal);
        Assert.Empty(RemoteWindow.PeriodsOn(Holiday, Calendar));
        Assert.Equal(2, RemoteWindow.PeriodsOn(Wednesday, Calendar).Count);
    }

    [Fact]
    public void A_make_up_workday_opens_with_the_standard_day()
    {
        var saturday = new DateOnly(2026, 12, 12);
        var calendar = new WorkingCalendar(CalendarSettings.Default, [new CalendarDay(saturday, CalendarDayKind.MakeupWorkday, "Làm bù")]);
        Assert.Equal(CalendarSettings.Default.OfficeHours.StandardDay, RemoteWindow.PeriodsOn(saturday, calendar));
        Assert.True(RemoteWindow.Allows(VietnamTime.At(saturday, new TimeOnly(8, 0)), calendar, QueueSettings.Default, 0, 100, false).Allowed);
    }

    [Fact]
    public void One_open_ticket_per_phone_or_device()
    {
        Assert.Equal(RemoteRefusal.AlreadyHolding, At(Wednesday, 9, 0, holds: true).Refusal);
    }

    [Fact]
    public void The_remote_share_of_the_capacity()
    {
        // 8 open hours × 2 counters ÷ 8 minutes = 120 tickets; half of them remote.
        var capacity = RemoteWindow.ExpectedCapacity(RemoteWindow.PeriodsOn(Wednesday, Calendar), 2, WaitEstimate.DefaultServing);
        Assert.Equal(120, capacity);
        Assert.Equal(60, RemoteWindow.Quota(capacity, QueueSettings.Default));
        Assert.True(At(Wednesday, 9, 0, taken: 59, capacity: capacity).Allowed);
        Assert.Equal(RemoteRefusal.QuotaReached, At(Wednesday, 9, 0, taken: 60, capacity: capacity).Refusal);
        Assert.Equal(RemoteRefusal.QuotaReached, At(Wednesday, 9, 0, taken: 0, capacity: 0).Refusal);
        Assert.Equal(0, RemoteWindow.ExpectedCapacity(RemoteWindow.PeriodsOn(Holiday, Calendar), 2, WaitEstimate.DefaultServing));
    }
}
