using MotCua.Domain.Calendar;
using MotCua.Domain.Queue;

namespace MotCua.Domain.Tests.Queue;

/// <summary>Trial 17t LOW 8: one working-hours rule (<see cref="RemoteWindow.Hours"/>) for the kiosk and the phone: no
/// number on a closed day or before 06:30; the kiosk gives numbers to the 17:00 closing, the phone to 16:00.</summary>
public class KioskHoursThirtyTwoTests
{
    private static readonly DateOnly Wednesday = new(2026, 12, 2);
    private static readonly DateOnly Saturday = new(2026, 12, 5);
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);

    private static RemoteDecision Kiosk(DateOnly day, int hour, int minute) =>
        RemoteWindow.Hours(VietnamTime.At(day, new TimeOnly(hour, minute)), Calendar, QueueSettings.Default, remote: false);

    [Theory]
    [InlineData(1, 22, RemoteRefusal.NotYet)]
    [InlineData(6, 29, RemoteRefusal.NotYet)]
    [InlineData(6, 30, RemoteRefusal.None)]
    [InlineData(12, 0, RemoteRefusal.None)]
    [InlineData(16, 30, RemoteRefusal.None)]
    [InlineData(16, 59, RemoteRefusal.None)]
    [InlineData(17, 0, RemoteRefusal.Over)]
    [InlineData(23, 0, RemoteRefusal.Over)]
    public void The_kiosk_gives_numbers_from_half_an_hour_before_opening_to_the_closing(int hour, int minute, RemoteRefusal expected)
    {
        var decision = Kiosk(Wednesday, hour, minute);
        Assert.Equal(expected, decision.Refusal);
        Assert.Equal(expected == RemoteRefusal.None, decision.Message is null);
    }

    [Fact]
    public void The_trials_saturday_night_is_a_closed_day_for_the_kiosk_and_the_phone_alike()
    {
        var night = VietnamTime.At(Saturday, new TimeOnly(1, 22));
        Assert.Equal(RemoteRefusal.ClosedDay, Kiosk(Saturday, 1, 22).Refusal);
        Assert.Contains("không làm việc", Kiosk(Saturday, 1, 22).Message);
        Assert.Equal(RemoteRefusal.ClosedDay, RemoteWindow.Allows(night, Calendar, QueueSettings.Default, 0, 100, false).Refusal);
        Assert.Equal(RemoteRefusal.ClosedDay, RemoteWindow.Hours(night, Calendar, QueueSettings.Default, remote: true).Refusal);
    }

    [Fact]
    public void In_the_phones_last_hour_only_the_kiosk_gives_numbers()
    {
        var late = VietnamTime.At(Wednesday, new TimeOnly(16, 30));
        Assert.Equal(RemoteRefusal.Over, RemoteWindow.Hours(late, Calendar, QueueSettings.Default, remote: true).Refusal);
        Assert.True(RemoteWindow.Hours(late, Calendar, QueueSettings.Default, remote: false).Allowed);
        Assert.Equal("Bộ phận một cửa đã hết giờ làm việc hôm nay (đến 17:00): không cấp số. Mời ông/bà quay lại vào ngày làm việc tiếp theo.", Kiosk(Wednesday, 17, 0).Message);
    }
}
