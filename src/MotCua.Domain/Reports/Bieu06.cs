using System.Globalization;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Reports;

/// <summary>
/// A mark a received dossier leaves on one Vietnam day (migration 0041, <c>bieu06_counts.measure</c>): the channel it was
/// received by, how it ended, and the two marks that make "overdue at the end of day D" a sum over days.
/// </summary>
public enum Bieu06Measure : short
{
    Direct = 1,
    Online = 2,
    Postal = 3,
    Early = 4,
    OnTime = 5,
    Late = 6,
    /// <summary>A refusal on the merits (the refusal notice is the result), shown apart from the dossiers resolved.</summary>
    Refused = 7,
    /// <summary>Stopped after the citizen asked to withdraw it (status 7 then 8).</summary>
    Withdrawn = 8,
    /// <summary>Stopped for want of a supplement or payment.</summary>
    Stopped = 9,
    /// <summary>The first day that ends with the dossier open past its original due instant.</summary>
    OverdueFrom = 10,
    /// <summary>The day a dossier that had been overdue ended.</summary>
    OverdueUntil = 11,
}

/// <summary>A column of Biểu 06, as the drill-down list names it (<see cref="Bieu06.ColumnNames"/>).</summary>
public enum Bieu06Column
{
    ReceivedTotal, Carried, Online, Direct, Postal,
    ResolvedTotal, Early, OnTime, Late,
    InProgressTotal, WithinLimit, Overdue,
    Withdrawn, Stopped, Refused,
}

/// <summary>
/// What Biểu 06 reads of a dossier: its field (lĩnh vực, the procedure's), channel, status, the instant it was received,
/// its original due date (before any extension: statistics judge against it, docs/PROCESSING.md §3), the result's instant
/// and kind, the stop notice's instant and whether the citizen had asked to withdraw it.
/// </summary>
public sealed record Bieu06Dossier(
    string Field, Channel Channel, DossierStatus Status, DateTimeOffset? ReceivedAt, DateTimeOffset? OriginalDueAt,
    DateTimeOffset? ResultReadyAt, ResultKind? ResultKind, DateTimeOffset? StoppedAt, bool WithdrawalRequested)
{
    /// <summary>The facts of a stored dossier whose procedure is of <paramref name="field"/>.</summary>
    public static Bieu06Dossier Of(Dossier dossier, string field)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return new(field, dossier.Channel, dossier.Status, dossier.ReceivedAt, dossier.OriginalDueAt, dossier.ResultReadyAt, dossier.ResultKind,
            dossier.StoppedAt, dossier.WithdrawalReason is not null);
    }

    /// <summary>Received by the one-stop unit: neither an online submission not yet checked (1) nor refused at intake (3).</summary>
    public bool Received => ReceivedAt is not null && Status is not DossierStatus.Submitted and not DossierStatus.NotReceived;

    /// <summary>The Vietnam day it was received; null when not <see cref="Received"/>.</summary>
    public DateOnly? ReceivedOn => Received ? VietnamTime.DateOf(ReceivedAt!.Value) : null;

    /// <summary>How and on which Vietnam day it ended (result ready, or stop notice); null while in progress.</summary>
    public (DateOnly Day, Bieu06Measure How)? End
    {
        get
        {
            if (!Received) return null;
            if (Status is DossierStatus.ResultReady or DossierStatus.Returned && ResultReadyAt is { } ready)
            {
                var how = ResultKind == Dossiers.ResultKind.Refused ? Bieu06Measure.Refused
                    : OriginalDueAt is not { } due ? Bieu06Measure.OnTime
                    : DeadlineClassifier.ClassifyFinished(ready, due) switch
                    {
                        CompletionTiming.Early => Bieu06Measure.Early,
                        CompletionTiming.Late => Bieu06Measure.Late,
                        _ => Bieu06Measure.OnTime,
                    };
                return (VietnamTime.DateOf(ready), how);
            }
            if (Status is DossierStatus.Stopped && StoppedAt is { } stopped)
                return (VietnamTime.DateOf(stopped), WithdrawalRequested ? Bieu06Measure.Withdrawn : Bieu06Measure.Stopped);
            return null;
        }
    }
}

/// <summary>One row of Biểu 06 (a field, or the total): every column as counted, so <see cref="Bieu06.IdentityProblems"/> checks real sums.</summary>
public sealed record Bieu06Row(
    string Field, long ReceivedTotal, long Carried, long Online, long Direct, long Postal,
    long ResolvedTotal, long Early, long OnTime, long Late,
    long InProgressTotal, long WithinLimit, long Overdue,
    long Withdrawn, long Stopped, long Refused)
{
    /// <summary>The number in <paramref name="column"/>.</summary>
    public long this[Bieu06Column column] => column switch
    {
        Bieu06Column.ReceivedTotal => ReceivedTotal, Bieu06Column.Carried => Carried, Bieu06Column.Online => Online,
        Bieu06Column.Direct => Direct, Bieu06Column.Postal => Postal, Bieu06Column.ResolvedTotal => ResolvedTotal,
        Bieu06Column.Early => Early, Bieu06Column.OnTime => OnTime, Bieu06Column.Late => Late,
        Bieu06Column.InProgressTotal => InProgressTotal, Bieu06Column.WithinLimit => WithinLimit, Bieu06Column.Overdue => Overdue,
        Bieu06Column.Withdrawn => Withdrawn, Bieu06Column.Stopped => Stopped, Bieu06Column.Refused => Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    internal static Bieu06Row Of(string field, Func<Bieu06Column, long> value) => new(field,
        value(Bieu06Column.ReceivedTotal), value(Bieu06Column.Carried), value(Bieu06Column.Online), value(Bieu06Column.Direct),
        value(Bieu06Column.Postal), value(Bieu06Column.ResolvedTotal), value(Bieu06Column.Early), value(Bieu06Column.OnTime),
        value(Bieu06Column.Late), value(Bieu06Column.InProgressTotal), value(Bieu06Column.WithinLimit), value(Bieu06Column.Overdue),
        value(Bieu06Column.Withdrawn), value(Bieu06Column.Stopped), value(Bieu06Column.Refused));
}

/// <summary>Biểu 06 of a period: a row per field (ordinal order of the field's name) and the total row.</summary>
public sealed record Bieu06Report(DateOnly From, DateOnly To, IReadOnlyList<Bieu06Row> Rows, Bieu06Row Total);

/// <summary>Sums of the counts of a field and measure: over the days before the period and over the period's days.</summary>
public sealed record Bieu06Sum(string Field, Bieu06Measure Measure, long Before, long During);

/// <summary>Biểu 06 breaks an identity: never published (the web answers 500 with the message, and logs it).</summary>
public sealed class Bieu06IdentityException(string message) : Exception(message);

/// <summary>
/// Biểu số 06/VPCP/KSTT, "Tình hình, kết quả giải quyết thủ tục hành chính tại cơ quan, đơn vị trực tiếp giải quyết"
/// (Thông tư 01/2020/TT-VPCP; DOMAIN.md §6, docs/REPORTS.md). Per field for a period [From, To] of Vietnam days:
/// received (carried over from before the period, online, direct, postal, total), resolved (early, on time, late,
/// total), in progress at the end of the period (within the limit, overdue, total), and withdrawn, stopped and refused
/// on the merits apart. Identities, on every row and the total: received total = carried + online + direct + postal;
/// resolved = early + on time + late; in progress = within + overdue; received total = resolved + in progress +
/// withdrawn + stopped + refused; no number is negative.
/// </summary>
public static class Bieu06
{
    /// <summary>The title printed on the form.</summary>
    public const string Title = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH";

    /// <summary>The label of the total row.</summary>
    public const string TotalLabel = "Tổng cộng";

    /// <summary>Every column in the form's order (received, resolved, in progress, then withdrawn, stopped, refused).</summary>
    public static IReadOnlyList<Bieu06Column> Columns { get; } = Enum.GetValues<Bieu06Column>();

    /// <summary>The column's name in the API and the drill-down's address.</summary>
    public static IReadOnlyDictionary<Bieu06Column, string> ColumnNames { get; } = new Dictionary<Bieu06Column, string>
    {
        [Bieu06Column.ReceivedTotal] = "received", [Bieu06Column.Carried] = "carried", [Bieu06Column.Online] = "online",
        [Bieu06Column.Direct] = "direct", [Bieu06Column.Postal] = "postal", [Bieu06Column.ResolvedTotal] = "resolved",
        [Bieu06Column.Early] = "early", [Bieu06Column.OnTime] = "on-time", [Bieu06Column.Late] = "late",
        [Bieu06Column.InProgressTotal] = "in-progress", [Bieu06Column.WithinLimit] = "within-limit", [Bieu06Column.Overdue] = "overdue",
        [Bieu06Column.Withdrawn] = "withdrawn", [Bieu06Column.Stopped] = "stopped", [Bieu06Column.Refused] = "refused",
    };

    /// <summary>The column's heading in Vietnamese.</summary>
    public static IReadOnlyDictionary<Bieu06Column, string> ColumnLabels { get; } = new Dictionary<Bieu06Column, string>
    {
        [Bieu06Column.ReceivedTotal] = "Tổng số hồ sơ nhận giải quyết", [Bieu06Column.Carried] = "Từ kỳ trước chuyển qua",
        [Bieu06Column.Online] = "Mới tiếp nhận trực tuyến", [Bieu06Column.Direct] = "Mới tiếp nhận trực tiếp",
        [Bieu06Column.Postal] = "Mới tiếp nhận qua dịch vụ bưu chính công ích", [Bieu06Column.ResolvedTotal] = "Tổng số đã giải quyết",
        [Bieu06Column.Early] = "Trả trước hạn", [Bieu06Column.OnTime] = "Trả đúng hạn", [Bieu06Column.Late] = "Trả quá hạn",
        [Bieu06Column.InProgressTotal] = "Tổng số đang giải quyết", [Bieu06Column.WithinLimit] = "Chưa đến hạn (trong hạn)",
        [Bieu06Column.Overdue] = "Quá hạn", [Bieu06Column.Withdrawn] = "Rút hồ sơ (dừng theo yêu cầu)",
        [Bieu06Column.Stopped] = "Dừng giải quyết", [Bieu06Column.Refused] = "Từ chối giải quyết",
    };

    /// <summary>The column named <paramref name="name"/> (<see cref="ColumnNames"/>), or null.</summary>
    public static Bieu06Column? ParseColumn(string? name) =>
        ColumnNames.FirstOrDefault(c => string.Equals(c.Value, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { Value: not null } found
            ? found.Key : null;

    /// <summary>
    /// The marks a dossier leaves, one per (Vietnam day, measure); migration 0041's <c>bieu06_marks</c> is the same rule in
    /// SQL. Received: its channel on the day of receipt. Ended: how, on the end day. Open past its original due day U at
    /// the end of some day (U before the end day, or no end): <see cref="Bieu06Measure.OverdueFrom"/> on the later of the
    /// receipt day and U, and if it ended, <see cref="Bieu06Measure.OverdueUntil"/> on the end day.
    /// </summary>
    public static IReadOnlyList<(DateOnly Day, Bieu06Measure Measure)> Marks(Bieu06Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.ReceivedOn is not { } received) return [];
        var marks = new List<(DateOnly, Bieu06Measure)> { (received, (Bieu06Measure)(short)dossier.Channel) };
        var end = dossier.End;
        if (end is { } e) marks.Add((e.Day, e.How));
        if (dossier.OriginalDueAt is { } due)
        {
            var dueDay = VietnamTime.DateOf(due);
            if (end is null || dueDay < end.Value.Day) marks.Add((received > dueDay ? received : dueDay, Bieu06Measure.OverdueFrom));
            if (end is { } ended && dueDay < ended.Day) marks.Add((ended.Day, Bieu06Measure.OverdueUntil));
        }
        return marks;
    }

    /// <summary>
    /// Whether <paramref name="dossier"/> is one of the dossiers behind <paramref name="column"/> for [<paramref name="from"/>,
    /// <paramref name="to"/>]: the definition of every number, read from the dossier alone. In progress means received by the
    /// end of <paramref name="to"/> and not ended by then; overdue, in progress with the original due instant before the next
    /// day began (a dossier resolved on its due day is never overdue in progress).
    /// </summary>
    public static bool Counts(Bieu06Dossier dossier, Bieu06Column column, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.ReceivedOn is not { } received || received > to) return false;
        var end = dossier.End;
        var endedBefore = end is { } e0 && e0.Day < from;
        var endedIn = end is { } e1 && e1.Day >= from && e1.Day <= to ? e1.How : (Bieu06Measure?)null;
        var inProgress = end is null || end.Value.Day > to;
        var overdue = inProgress && dossier.OriginalDueAt is { } due && VietnamTime.At(to.AddDays(1), TimeOnly.MinValue) > due;
        var receivedIn = received >= from;
        return column switch
        {
            Bieu06Column.ReceivedTotal => !endedBefore,
            Bieu06Column.Carried => !receivedIn && !endedBefore,
            Bieu06Column.Online => receivedIn && dossier.Channel == Channel.Online,
            Bieu06Column.Direct => receivedIn && dossier.Channel == Channel.Direct,
            Bieu06Column.Postal => receivedIn && dossier.Channel == Channel.Postal,
            Bieu06Column.ResolvedTotal => endedIn is Bieu06Measure.Early or Bieu06Measure.OnTime or Bieu06Measure.Late,
            Bieu06Column.Early => endedIn == Bieu06Measure.Early,
            Bieu06Column.OnTime => endedIn == Bieu06Measure.OnTime,
            Bieu06Column.Late => endedIn == Bieu06Measure.Late,
            Bieu06Column.InProgressTotal => inProgress,
            Bieu06Column.WithinLimit => inProgress && !overdue,
            Bieu06Column.Overdue => overdue,
            Bieu06Column.Withdrawn => endedIn == Bieu06Measure.Withdrawn,
            Bieu06Column.Stopped => endedIn == Bieu06Measure.Stopped,
            Bieu06Column.Refused => endedIn == Bieu06Measure.Refused,
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
    }

    /// <summary>The report counted dossier by dossier (<see cref="Counts"/>): the reference the counts are proved against.</summary>
    public static Bieu06Report Recount(DateOnly from, DateOnly to, IEnumerable<Bieu06Dossier> dossiers)
    {
        var rows = dossiers.Where(d => d.Received).GroupBy(d => d.Field)
            .Select(g => Bieu06Row.Of(g.Key, c => g.LongCount(d => Counts(d, c, from, to))));
        return Publish(from, to, rows);
    }

    /// <summary>
    /// The report from the sums of the counts (<see cref="Bieu06Sum"/>, per field and measure, before and during the
    /// period). Carried over = received − ended before the period; in progress = received − ended up to its last day;
    /// overdue = <see cref="Bieu06Measure.OverdueFrom"/> − <see cref="Bieu06Measure.OverdueUntil"/> up to its last day.
    /// </summary>
    /// <exception cref="Bieu06IdentityException">An identity does not hold (the counts are wrong: never published).</exception>
    public static Bieu06Report FromSums(DateOnly from, DateOnly to, IEnumerable<Bieu06Sum> sums)
    {
        var rows = sums.GroupBy(s => s.Field).Select(g =>
        {
            long Before(params Bieu06Measure[] m) => g.Where(s => m.Contains(s.Measure)).Sum(s => s.Before);
            long During(params Bieu06Measure[] m) => g.Where(s => m.Contains(s.Measure)).Sum(s => s.During);
            long UpTo(params Bieu06Measure[] m) => Before(m) + During(m);
            Bieu06Measure[] received = [Bieu06Measure.Direct, Bieu06Measure.Online, Bieu06Measure.Postal];
            Bieu06Measure[] ended = [Bieu06Measure.Early, Bieu06Measure.OnTime, Bieu06Measure.Late, Bieu06Measure.Refused, Bieu06Measure.Withdrawn, Bieu06Measure.Stopped];
            var carried = Before(received) - Before(ended);
            var inProgress = UpTo(received) - UpTo(ended);
            var overdue = UpTo(Bieu06Measure.OverdueFrom) - UpTo(Bieu06Measure.OverdueUntil);
            return new Bieu06Row(g.Key, carried + During(received), carried, During(Bieu06Measure.Online), During(Bieu06Measure.Direct),
                During(Bieu06Measure.Postal), During(Bieu06Measure.Early, Bieu06Measure.OnTime, Bieu06Measure.Late), During(Bieu06Measure.Early),
                During(Bieu06Measure.OnTime), During(Bieu06Measure.Late), inProgress, inProgress - overdue, overdue,
                During(Bieu06Measure.Withdrawn), During(Bieu06Measure.Stopped), During(Bieu06Measure.Refused));
        });
        return Publish(from, to, rows);
    }

    /// <summary>Every identity <paramref name="row"/> breaks, in Vietnamese; empty when it holds.</summary>
    public static IReadOnlyList<string> IdentityProblems(Bieu06Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var problems = new List<string>();
        if (row.ReceivedTotal != row.Carried + row.Online + row.Direct + row.Postal)
            problems.Add("tổng số nhận giải quyết khác số từ kỳ trước cộng số mới tiếp nhận trực tuyến, trực tiếp, bưu chính");
        if (row.ResolvedTotal != row.Early + row.OnTime + row.Late)
            problems.Add("tổng số đã giải quyết khác số trước hạn cộng đúng hạn cộng quá hạn");
        if (row.InProgressTotal != row.WithinLimit + row.Overdue)
            problems.Add("tổng số đang giải quyết khác số trong hạn cộng quá hạn");
        if (row.ReceivedTotal != row.ResolvedTotal + row.InProgressTotal + row.Withdrawn + row.Stopped + row.Refused)
            problems.Add("tổng số nhận giải quyết khác số đã giải quyết cộng đang giải quyết, rút, dừng và từ chối");
        if (Columns.Any(c => row[c] < 0)) problems.Add("có số âm");
        return problems;
    }

    private static Bieu06Report Publish(DateOnly from, DateOnly to, IEnumerable<Bieu06Row> rows)
    {
        var list = rows.Where(r => Columns.Any(c => r[c] != 0)).OrderBy(r => r.Field, StringComparer.Ordinal).ToList();
        var total = Bieu06Row.Of(TotalLabel, c => list.Sum(r => r[c]));
        foreach (var row in list.Append(total))
            if (IdentityProblems(row) is { Count: > 0 } problems)
                throw new Bieu06IdentityException($"Biểu 06 từ {from:dd/MM/yyyy} đến {to:dd/MM/yyyy}, dòng \"{row.Field}\": {string.Join("; ", problems)}.");
        return new(from, to, list, total);
    }
}

/// <summary>
/// A reporting period of Biểu 06: the regulation's named periods, which run from the 15th of the month before to the
/// 14th of the last month (Nghị định 61/2018 as amended; DOMAIN.md §6 [reported]), or any dates.
/// </summary>
public sealed record Bieu06Period(DateOnly From, DateOnly To, string Label)
{
    /// <summary>The instant (UTC) the in-progress split (within the time limit or overdue) is judged at: null, the end of
    /// <see cref="To"/> (00:00 Vietnam time the day after); for a period reaching today, the moment it is read
    /// (<see cref="At"/>), since a dossier due at 17:00 today is not overdue at 09:00 (fresh trial, 1 December 2026).</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>The end of the period (UTC): 00:00 Vietnam time the day after <see cref="To"/>.</summary>
    public DateTimeOffset EndInstant => VietnamTime.At(To.AddDays(1), TimeOnly.MinValue).ToUniversalTime();

    /// <summary>The instant the dossiers in progress are split at: <see cref="AsOf"/>, else <see cref="EndInstant"/>.</summary>
    public DateTimeOffset JudgedAt => AsOf ?? EndInstant;

    /// <summary>The period as it stands at <paramref name="now"/>: cut at today (<see cref="UpTo"/>), its in-progress split
    /// judged at <paramref name="now"/> when its last day is today.</summary>
    public Bieu06Period At(DateTimeOffset now)
    {
        var today = VietnamTime.DateOf(now);
        var cut = UpTo(today);
        return cut.To == today ? cut with { AsOf = now.ToUniversalTime() } : cut;
    }

    /// <summary>The period as a heading names it, each date once (trial defect 6: "Từ ngày A đến ngày B (từ ngày A đến ngày
    /// B)"): a period of any dates by its dates, a named one by its name and its dates.</summary>
    public string Heading => Label == Between(From, To).Label ? Label
        : $"{Label} (từ ngày {From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} đến ngày {To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)})";

    /// <summary>The period cut at <paramref name="today"/> when it is not over yet (reported as it stands today), named so.</summary>
    public Bieu06Period UpTo(DateOnly today) => To <= today ? this
        : Label == Between(From, To).Label ? Between(From, today) : this with { To = today, Label = $"{Label}, kỳ chưa kết thúc" };

    /// <summary>Quarter <paramref name="quarter"/> (1–4) of <paramref name="year"/>: 15 of the month before its first month to 14 of its last.</summary>
    public static Bieu06Period Quarter(int year, int quarter) => new(
        new DateOnly(year, quarter * 3 - 2, 15).AddMonths(-1), new DateOnly(year, quarter * 3, 14), $"Quý {ToRoman(quarter)} năm {year}");

    /// <summary>The first six months of <paramref name="year"/>: 15/12 of the year before to 14/06.</summary>
    public static Bieu06Period SixMonths(int year) => new(new DateOnly(year - 1, 12, 15), new DateOnly(year, 6, 14), $"6 tháng đầu năm {year}");

    /// <summary>The year: 15/12 of the year before to 14/12.</summary>
    public static Bieu06Period Year(int year) => new(new DateOnly(year - 1, 12, 15), new DateOnly(year, 12, 14), $"Năm {year}");

    /// <summary>Any dates, inclusive.</summary>
    public static Bieu06Period Between(DateOnly from, DateOnly to) =>
        new(from, to, $"Từ ngày {from.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} đến ngày {to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}");

    /// <summary>The named periods of <paramref name="year"/> with their names: "quy-1-2026" … "quy-4-2026", "6-thang-2026", "nam-2026".</summary>
    public static IReadOnlyList<(string Name, Bieu06Period Period)> NamedIn(int year) =>
    [
        .. Enumerable.Range(1, 4).Select(q => ($"quy-{q}-{year}", Quarter(year, q))),
        ($"6-thang-{year}", SixMonths(year)),
        ($"nam-{year}", Year(year)),
    ];

    /// <summary>The named period called <paramref name="name"/> (years 2000–2100), or null.</summary>
    public static Bieu06Period? Named(string? name)
    {
        var parts = name?.Trim().ToLowerInvariant().Split('-') ?? [];
        if (parts.Length < 2 || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100) return null;
        return NamedIn(year).FirstOrDefault(p => p.Name == name!.Trim().ToLowerInvariant()).Period;
    }

    /// <summary>Why [<paramref name="from"/>, <paramref name="to"/>] cannot be reported (the field named and a Vietnamese message), or null.</summary>
    public static (string Field, string Message)? Problem(DateOnly from, DateOnly to) =>
        to < from ? ("to", "Ngày cuối kỳ phải bằng hoặc sau ngày đầu kỳ.")
        : from.Year < 2000 ? ("from", "Ngày đầu kỳ phải từ năm 2000 trở đi.")
        : to.Year > 2100 ? ("to", "Ngày cuối kỳ phải trước năm 2101.")
        : null;

    private static string ToRoman(int quarter) => quarter switch { 1 => "I", 2 => "II", 3 => "III", _ => "IV" };
}

/// <summary>
/// Who may read the reports (Biểu 06, the 766 index, the per-step times, the dashboard) [choice, after the read rules of
/// registers and the audit log]: a leader, for their own unit and the units under it (a province centre's leader for the
/// province); a department head (trưởng phòng), for the unit their department works in, with the dossiers behind a figure
/// listed only when their department held them (docs/API.md's row rule: a department head reads what their agency held);
/// the leader of an agency that receives no dossier itself (a Sở whose dossiers the centre receives) as its department
/// head: the unit it works in, listing what the agency held (trial 15s MEDIUM 1: the Giám đốc Sở read only zeros while
/// his own department head read the province);
/// the inspector, who reads every dossier of the province (Luật Thanh tra 2022), and the administrator, for any unit; an
/// integrated system only when it was granted a unit's reports (<c>api_clients.report_agency_id</c>, migration 0050: e.g.
/// the province's reporting system). Nobody else.
/// </summary>
public static class ReportAccess
{
    /// <summary>Whether <paramref name="role"/> may read some report at all.</summary>
    public static bool MayRead(OfficerRole role) => role is OfficerRole.Leader or OfficerRole.DepartmentHead or OfficerRole.Inspector or OfficerRole.Admin;

    /// <summary>Whether an officer of <paramref name="role"/> may read the report of <paramref name="agencyId"/>: a leader or a
    /// department head when it is in <paramref name="ownUnitIds"/> (their unit's roll-up).</summary>
    public static bool MayRead(OfficerRole role, IReadOnlyCollection<int> ownUnitIds, int agencyId) =>
        MayReadEveryUnit(role) || role is OfficerRole.Leader or OfficerRole.DepartmentHead && ownUnitIds.Contains(agencyId);

    /// <summary>Whether <paramref name="role"/> reads every unit's reports and the province's as a whole (every unit summed):
    /// the inspector and the administrator.</summary>
    public static bool MayReadEveryUnit(OfficerRole role) => role is OfficerRole.Inspector or OfficerRole.Admin;

    /// <summary>Whether <paramref name="role"/> may read the province's figures as a whole (every unit summed): the inspector
    /// and the administrator; a leader or a department head reads their own unit's (the province when it is the centre).</summary>
    public static bool MayReadProvince(OfficerRole role) => MayReadEveryUnit(role);

    /// <summary>Whether an officer of <paramref name="role"/> whose agency <paramref name="receives"/> dossiers itself (or is a
    /// centre) reports on the unit above it that does (<see cref="ListsOnlyHeld"/> then holds too): a department head
    /// always, a leader when their agency receives none (a centre's Sở).</summary>
    public static bool ReportsThroughUnitAbove(OfficerRole role, bool receives) =>
        role == OfficerRole.DepartmentHead || role == OfficerRole.Leader && !receives;

    /// <summary>Whether the dossiers behind a figure are listed to <paramref name="role"/> only when the reader's own agency
    /// held them (<c>dossiers.held_by_agency_ids</c>): a department head, and a leader whose agency receives no dossier
    /// (<paramref name="receives"/> false), whose figures are the unit's they work in but whose reach in dossiers is their
    /// agency's.</summary>
    public static bool ListsOnlyHeld(OfficerRole role, bool receives) => ReportsThroughUnitAbove(role, receives);
}
