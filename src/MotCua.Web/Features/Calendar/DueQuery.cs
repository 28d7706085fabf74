using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Calendar;

/// <summary>
/// The due-date calculator's question, checked once for <c>GET /api/v1/calendar/due</c> and the administrator's calendar
/// page: a start inside the calendar's range, a time limit the Domain accepts (<see cref="TimeLimit.Check"/>), a channel.
/// </summary>
public sealed record DueQuery(DateTimeOffset Start, TimeLimit Limit, Channel Channel)
{
    /// <summary>What each caller calls the four inputs (the API's query names, the page's form names).</summary>
    public sealed record Fields(string Start, string Amount, string Unit, string Channel);

    /// <summary>
    /// The question, or null with a Vietnamese message per field added to <paramref name="errors"/>. The start comes parsed,
    /// since the API takes ISO-8601 and the page dd/MM/yyyy HH:mm: <paramref name="startError"/> says why it did not parse.
    /// </summary>
    /// <param name="amount">The limit in <paramref name="unit"/>s; not needed for "sameDay".</param>
    /// <param name="unit">"workingDays", "workingHours", "calendarDays", "months" or "sameDay".</param>
    /// <param name="channel">"direct", "online" or "postal" (<see cref="Channels.Parse"/>).</param>
    public static DueQuery? Check(DateTimeOffset? start, string? startError, decimal? amount, string? unit, string? channel,
        Fields fields, IDictionary<string, string[]> errors)
    {
        var found = new Dictionary<string, string[]>();
        if (start is null) found[fields.Start] = [startError ?? "Thiếu thời điểm nộp."];
        else if (WorkingCalendar.CheckInstant(start.Value) is { } outOfRange) found[fields.Start] = [outOfRange];
        TimeLimit? limit = TimeLimit.ParseUnit(unit) is { } u ? new TimeLimit(u == TimeUnit.SameDay ? 0 : amount ?? 0, u) : null;
        if (limit is not { } checkedLimit)
            found[fields.Unit] = ["Đơn vị của thời hạn phải là ngày làm việc (workingDays), giờ làm việc (workingHours), ngày (calendarDays), tháng (months) hoặc trong ngày (sameDay)."];
        else if (checkedLimit.Unit != TimeUnit.SameDay && amount is null) found[fields.Amount] = ["Thiếu thời hạn."];
        else if (checkedLimit.Check() is { } badAmount) found[fields.Amount] = [badAmount];
        var parsedChannel = global::MotCua.Domain.Dossiers.Channels.Parse(channel);
        if (parsedChannel is null) found[fields.Channel] = ["Kênh nộp phải là trực tiếp (direct), trực tuyến (online) hoặc bưu chính (postal)."];
        foreach (var (field, messages) in found) errors[field] = messages;
        return found.Count > 0 ? null : new DueQuery(start!.Value, limit!.Value, parsedChannel!.Value);
    }
}
