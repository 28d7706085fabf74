using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Calendar;

/// <summary>
/// Vietnam's civil time: UTC+7 all year, no daylight saving. A fixed offset rather than the machine's time-zone
/// database, so results do not depend on where the code runs.
/// </summary>
public static partial class VietnamTime
{
    /// <summary>What an instant that cannot be read is told, in Vietnamese.</summary>
    public const string InstantFormat = "Thời điểm phải theo ISO-8601, ví dụ 2026-11-30T07:30:00+07:00 (không ghi múi giờ: hiểu là giờ Việt Nam).";

    /// <summary>
    /// Reads an instant the API or a page received. The one rule for every instant MotCua accepts [choice]: an
    /// explicit offset ("Z", "+07:00", "-05:00") is respected; a time without one ("2026-11-30T07:30:00", a page's
    /// date-time field) is Vietnam wall-clock time, since every desk, system and citizen MotCua serves is in Vietnam
    /// and reading it as UTC moved such dossiers by seven hours. A date alone is its midnight in Vietnam.
    /// </summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        text = text?.Trim();
        // ISO-8601 only: a culture's reading of "05/06/2026" would silently pick May or June.
        if (string.IsNullOrEmpty(text) || !IsoInstant().IsMatch(text)) return false;
        if (ExplicitOffset().IsMatch(text))
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant) && instant.Year is >= 1900 and <= 9998;
        // Years before 1900 are typos (0001-01-01), and at +07:00 the first and last days of the calendar overflow it.
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock) || wallClock.Year is < 1900 or > 9998) return false;
        instant = new DateTimeOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), Offset);
        return true;
    }

    /// <summary>What an API instant written correctly but outside the years read (<see cref="IsApiInstantOutOfRange"/>) is
    /// told, in Vietnamese: out of range, not a format error (trial14r LOW 5: year 0001 or 9999 was called a format error).</summary>
    public const string ApiInstantRange = "Thời điểm ngoài khoảng cho phép: năm phải từ 1900 đến 9998 (một thời điểm thật, ví dụ 2026-11-30T07:30:00+07:00).";

    /// <summary>Whether <paramref name="text"/> is an API instant in the right form (ISO-8601 with its offset, a real date and
    /// time) that <see cref="TryParseApiInstant"/> still refuses: its year is outside 1900..9998, or the offset carries it
    /// past the first or last instant .NET holds. Such a value gets <see cref="ApiInstantRange"/>, not the format message.</summary>
    public static bool IsApiInstantOutOfRange(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || !IsoInstant().IsMatch(text) || !ExplicitOffset().IsMatch(text)) return false;
        // The wall-clock date and time without the offset must be real (a 13th month stays a format error).
        var local = OffsetSuffix().Replace(text, "");
        return DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && !TryParseApiInstant(text, out _);
    }

    [GeneratedRegex(@"(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$")]
    private static partial Regex OffsetSuffix();

    /// <summary>What an API instant without its offset, or unreadable, is told, in Vietnamese.</summary>
    public const string ApiInstantFormat =
        "Thời điểm phải theo ISO-8601 và ghi rõ múi giờ, ví dụ 2026-11-30T07:30:00+07:00 (giờ Việt Nam) hoặc 2026-11-30T00:30:00Z.";

    /// <summary>
    /// Reads an instant an integrated system sent over the API (JSON bodies and query strings): as
    /// <see cref="TryParseInstant"/>, but the offset is required ("Z", "+07:00") [decision, third trial of issue 14]. A
    /// system's clock may run in UTC or in Vietnam time; guessing which moved a bank's paidAt by seven hours when it sent
    /// UTC without the "Z". The documentation always asked for the offset; a time without one is refused (422 naming the
    /// field, <see cref="ApiInstantFormat"/>) rather than read as Vietnam time. People typing on a page keep
    /// <see cref="TryParseInstant"/> (the field is Vietnam wall-clock time, shown as such).
    /// </summary>
    public static bool TryParseApiInstant(string? text, out DateTimeOffset instant)
    {
        if (TryParseInstant(text, out instant) && ExplicitOffset().IsMatch(text!.Trim())) return true;
        instant = default;
        return false;
    }

    // After a time only: the "-30" that ends "2026-11-30" is the day, not an offset.
    [GeneratedRegex(@"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$")]
    private static partial Regex ExplicitOffset();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)?$")]
    private static partial Regex IsoInstant();

    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The same instant seen from Vietnam (offset +07:00).</summary>
    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The instant at this wall-clock date and time in Vietnam.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), Offset);

    /// <summary>The calendar date of this instant in Vietnam.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToVietnam(instant).DateTime);

    // Wall-clock ticks in Vietnam (ticks since 0001-01-01 00:00 local): the calendar's internal time axis.
    internal static long LocalTicks(DateTimeOffset instant) => instant.UtcTicks + Offset.Ticks;

    internal static DateTimeOffset FromLocalTicks(long localTicks) => new(localTicks, Offset);
}
