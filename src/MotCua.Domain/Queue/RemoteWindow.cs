using MotCua.Domain.Calendar;

namespace MotCua.Domain.Queue;

/// <summary>Why a remote ticket was refused; <see cref="RemoteWindow.Allows"/>.</summary>
public enum RemoteRefusal
{
    /// <summary>Allowed.</summary>
    None,
    /// <summary>A holiday, a weekly rest day or a day off given back: the centre is closed.</summary>
    ClosedDay,
    /// <summary>Earlier than <see cref="QueueSettings.RemoteOpensMinutesBefore"/> before the first opening.</summary>
    NotYet,
    /// <summary>Later than <see cref="QueueSettings.RemoteStopsMinutesBeforeClose"/> before the last closing.</summary>
    Over,
    /// <summary>The remote share of the day's expected capacity is taken.</summary>
    QuotaReached,
    /// <summary>This phone or device already holds an open ticket of the service.</summary>
    AlreadyHolding,
}

/// <summary>The answer of <see cref="RemoteWindow.Allows"/>: the refusal and its Vietnamese message (null when allowed).</summary>
public sealed record RemoteDecision(RemoteRefusal Refusal, string? Message)
{
    public bool Allowed => Refusal == RemoteRefusal.None;
}

/// <summary>
/// When a ticket may be taken remotely, from a phone (docs/QUEUE.md) [choice, docs/design/ISSUE17.md §1.6: "nobody queues
/// from dawn", and walk-ins keep places]: from 30 minutes before the day's first opening until 60 minutes before its last
/// closing (Vietnam time, <see cref="QueueSettings"/>), never on a non-working day of the centre's
/// <see cref="WorkingCalendar"/>, at most one open ticket per phone or device per service, and at most
/// <see cref="QueueSettings.RemoteShare"/> of the service's expected capacity for the day.
/// </summary>
public static class RemoteWindow
{
    /// <summary>The centre's office periods on <paramref name="day"/> (Vietnam date): the weekday's periods, the standard
    /// day's on a make-up workday, none on a holiday, day off or rest day.</summary>
    public static IReadOnlyList<WorkPeriod> PeriodsOn(DateOnly day, WorkingCalendar calendar)
    {
        var start = VietnamTime.At(day, TimeOnly.MinValue);
        if (calendar.WorkingTimeBetween(start, start.AddDays(1)) <= TimeSpan.Zero) return [];
        var hours = calendar.Settings.OfficeHours;
        var periods = hours.For(day.DayOfWeek) is { Count: > 0 } own ? own : hours.StandardDay;
        return [.. periods.Where(p => calendar.WorkingTimeBetween(VietnamTime.At(day, p.Start), VietnamTime.At(day, p.End)) > TimeSpan.Zero)];
    }

    /// <summary>How many tickets of a service the centre can serve in a day: the open minutes × the counters serving it ÷
    /// the median serving time (<see cref="WaitEstimate.MedianServing"/>), rounded down.</summary>
    public static int ExpectedCapacity(IReadOnlyList<WorkPeriod> periods, int counters, TimeSpan medianServing)
    {
        if (medianServing <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(medianServing));
        var open = periods.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);
        return (int)Math.Floor(open.TotalMinutes * Math.Max(counters, 0) / medianServing.TotalMinutes);
    }

    /// <summary>The most remote tickets of a service in a day: the centre's own figure for the service when it set one
    /// (<paramref name="fixedQuota"/>, /quan-tri/xep-hang), else <see cref="QueueSettings.RemoteShare"/> of the capacity, rounded down.</summary>
    public static int Quota(int expectedCapacity, QueueSettings settings, int? fixedQuota = null) => fixedQuota ?? (int)Math.Floor(expectedCapacity * settings.RemoteShare);

    /// <summary>The refusal once the remote quota is taken (also when the ticket's own statement finds it taken).</summary>
    public const string QuotaMessage = "Đã hết số lấy trực tuyến hôm nay cho dịch vụ này; mời đến lấy số tại ki-ốt của bộ phận một cửa.";

    /// <summary>
    /// Whether the centre gives numbers at <paramref name="now"/> at all, the one working-hours rule of the kiosk and the
    /// remote route (trial 17t LOW 8: the kiosk printed a ticket at 01:22 on a Saturday with "khoảng 5–10 phút" while the
    /// phone was refused): never on a non-working day of the centre's <see cref="WorkingCalendar"/>, from
    /// <see cref="QueueSettings.RemoteOpensMinutesBefore"/> before the day's first opening (people queue before the doors
    /// open), until the last closing for a walk-in at the kiosk (<paramref name="remote"/> false) and until
    /// <see cref="QueueSettings.RemoteStopsMinutesBeforeClose"/> before it for a remote ticket. The refusal and its message;
    /// <see cref="RemoteRefusal.None"/> inside the hours.
    /// </summary>
    public static RemoteDecision Hours(DateTimeOffset now, WorkingCalendar calendar, QueueSettings settings, bool remote)
    {
        var day = VietnamTime.DateOf(now);
        var periods = PeriodsOn(day, calendar);
        if (periods.Count == 0)
            return new(RemoteRefusal.ClosedDay, remote ? "Hôm nay bộ phận một cửa không làm việc: không lấy số trực tuyến."
                : "Hôm nay bộ phận một cửa không làm việc: không cấp số thứ tự. Mời ông/bà quay lại vào ngày làm việc.");
        var opens = VietnamTime.At(day, periods[0].Start).AddMinutes(-settings.RemoteOpensMinutesBefore);
        var stops = VietnamTime.At(day, periods[^1].End).AddMinutes(remote ? -settings.RemoteStopsMinutesBeforeClose : 0);
        if (now < opens)
            return new(RemoteRefusal.NotYet, $"Chưa đến giờ lấy số{(remote ? " trực tuyến" : "")}: từ {VietnamTime.ToVietnam(opens):HH\\:mm}.");
        if (now >= stops)
            return new(RemoteRefusal.Over, remote ? $"Đã hết giờ lấy số trực tuyến hôm nay (đến {VietnamTime.ToVietnam(stops):HH\\:mm}); mời đến lấy số tại quầy."
                : $"Bộ phận một cửa đã hết giờ làm việc hôm nay (đến {VietnamTime.ToVietnam(stops):HH\\:mm}): không cấp số. Mời ông/bà quay lại vào ngày làm việc tiếp theo.");
        return new(RemoteRefusal.None, null);
    }

    /// <summary>Whether a remote ticket may be taken at <paramref name="now"/>: inside <see cref="Hours"/> (remote), then
    /// the device, then the quota.</summary>
    /// <param name="remoteTakenToday">Remote tickets of the service already taken today (any state).</param>
    /// <param name="expectedCapacity">From <see cref="ExpectedCapacity"/>.</param>
    /// <param name="holdsOpenTicket">The phone or device holds a waiting or called ticket of the service.</param>
    /// <param name="fixedQuota">The service's own remote quota, or null (<see cref="Quota"/>).</param>
    public static RemoteDecision Allows(DateTimeOffset now, WorkingCalendar calendar, QueueSettings settings, int remoteTakenToday, int expectedCapacity, bool holdsOpenTicket, int? fixedQuota = null)
    {
        if (Hours(now, calendar, settings, remote: true) is { Allowed: false } closed) return closed;
        if (holdsOpenTicket) return new(RemoteRefusal.AlreadyHolding, "Số điện thoại hoặc thiết bị này đang giữ một số chưa được phục vụ của dịch vụ này.");
        if (remoteTakenToday >= Quota(expectedCapacity, settings, fixedQuota)) return new(RemoteRefusal.QuotaReached, QuotaMessage);
        return new(RemoteRefusal.None, null);
    }
}
