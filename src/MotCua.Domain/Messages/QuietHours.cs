using MotCua.Domain.Calendar;

namespace MotCua.Domain.Messages;

/// <summary>
/// The night, in Vietnam time, when no SMS or Zalo message is sent to a citizen: a message planned inside it waits until the
/// period ends. E-mail is not held (it does not wake anyone). <see cref="Start"/> after <see cref="End"/> is a period across
/// midnight (21:00–07:00, the default); equal bounds mean no quiet period.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>21:00 to 07:00 Vietnam time.</summary>
    public static readonly QuietHours Default = new(new TimeOnly(21, 0), new TimeOnly(7, 0));

    /// <summary>Whether messages on <paramref name="channel"/> are held at night: SMS and Zalo, not e-mail.</summary>
    public static bool Holds(NotificationChannel channel) => channel is NotificationChannel.Sms or NotificationChannel.Zalo;

    /// <summary>
    /// The instant a message planned at <paramref name="at"/> may leave: <paramref name="at"/> itself outside the period,
    /// else the end of the period (Vietnam time) it falls in. The start is inside the period, the end is not.
    /// </summary>
    public DateTimeOffset NotBefore(DateTimeOffset at)
    {
        if (Start == End) return at;
        var local = VietnamTime.ToVietnam(at);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var date = DateOnly.FromDateTime(local.DateTime);
        var acrossMidnight = Start > End;
        var inside = acrossMidnight ? time >= Start || time < End : time >= Start && time < End;
        if (!inside) return at;
        // Across midnight, the evening part ends on the next day's morning.
        var endDate = acrossMidnight && time >= Start ? date.AddDays(1) : date;
        return VietnamTime.At(endDate, End);
    }

    /// <summary>Reads "HH:mm-HH:mm" (e.g. "21:00-07:00"); null when it is not that shape.</summary>
    public static QuietHours? Parse(string? text)
    {
        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 }) return null;
        return TimeOnly.TryParseExact(parts[0], "HH:mm", out var start) && TimeOnly.TryParseExact(parts[1], "HH:mm", out var end)
            ? new QuietHours(start, end) : null;
    }
}
