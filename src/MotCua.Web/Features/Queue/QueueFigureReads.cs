using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Queue;
using MotCua.Web.Features.Calendar;
using Npgsql;

namespace MotCua.Web.Features.Queue;

/// <summary>How the queue's figures are grouped.</summary>
public enum QueueGrouping { Counter, Officer, Service, Hour }

/// <summary>One group of the figures: its key (counter number, officer's account, service letter, hour "08"), a name
/// to show, and the figures (<see cref="QueueFigures"/>).</summary>
public sealed record QueueFigureGroup(string Key, string Name, QueueFigureRow Figures);

/// <summary>The answer of <c>GET /api/v1/queue/figures</c>: the centre, the period (Vietnam dates, both included), the
/// grouping, the groups and the whole centre's row.</summary>
public sealed record QueueFiguresAnswer(string Agency, DateOnly From, DateOnly To, string By, IReadOnlyList<QueueFigureGroup> Rows, QueueFigureRow Total);

/// <summary>
/// Who reads the queue's figures [choice, docs/design/ISSUE17.md §9]: the inspector and the administrator (any centre),
/// and a leader the centres within reach by the reports' one reader rule (<see cref="Reports.ReportReaders.ReachesAsync"/>:
/// their unit's roll-up, the province for the province centre's leader, as on the 766 index: trial 17v MEDIUM 3). The rows
/// name counters and officers, so another commune's leader does not read them.
/// </summary>
public static class QueueFigureAccess
{
    /// <summary>Whether <paramref name="officer"/> reads the figures of a centre; <paramref name="inReach"/>: the centre is
    /// within the officer's report reach.</summary>
    public static bool MayRead(Officer officer, bool inReach) =>
        officer.Role is OfficerRole.Inspector or OfficerRole.Admin || officer.Role == OfficerRole.Leader && inReach;
}

/// <summary>
/// The queue's figures for the dashboards (docs/CITIZENS.md "Queue and kiosk"): a centre's tickets of a period, grouped
/// by counter, officer, service or hour of taking, each group measured by <see cref="QueueFigures.Of"/> over the office
/// time the centre was open in the period (its working calendar: for an hour group, the part of that hour inside office
/// periods on each working day). Tickets never called belong to no counter or officer: they form the group "Chưa gọi".
/// </summary>
public sealed class QueueFigureReads(NpgsqlDataSource data, CalendarStore calendars)
{
    private sealed record Fact(TicketFacts Ticket, string? Counter, string? Officer, string? OfficerName, string Service, string ServiceName, int Hour);

    public async Task<QueueFiguresAnswer> ReadAsync(QueueCentre centre, DateOnly from, DateOnly to, QueueGrouping by, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT t.state, t.taken_at, t.called_at, t.served_start_at, t.served_end_at, t.satisfaction,
                   c.number, u.user_name, u.full_name, s.letter, s.name, extract(hour FROM t.taken_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int
            FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id
            LEFT JOIN queue_counters c ON c.id = t.counter_id LEFT JOIN users u ON u.id = t.called_by
            WHERE t.agency_id = $1 AND t.day BETWEEN $2 AND $3
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = centre.Id });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        var facts = new List<Fact>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
                facts.Add(new(new TicketFacts((TicketState)reader.GetInt16(0), reader.GetFieldValue<DateTimeOffset>(1), At(2), At(3), At(4), reader.IsDBNull(5) ? null : reader.GetInt16(5)),
                    reader.IsDBNull(6) ? null : reader.GetInt16(6).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetString(9), reader.GetString(10), reader.GetInt32(11)));
            }
        var calendar = await calendars.ForAsync(centre.OfficeHours, centre.Cutoff, ct);
        var days = new List<IReadOnlyList<WorkPeriod>>();
        for (var day = from; day <= to; day = day.AddDays(1)) days.Add(RemoteWindow.PeriodsOn(day, calendar));
        var open = days.Aggregate(TimeSpan.Zero, (sum, periods) => periods.Aggregate(sum, (s, p) => s + p.Duration));
        TimeSpan OpenIn(int hour)
        {
            var (start, end) = (TimeSpan.FromHours(hour), TimeSpan.FromHours(hour + 1));
            var sum = TimeSpan.Zero;
            foreach (var periods in days)
                foreach (var p in periods)
                {
                    var overlap = (p.End.ToTimeSpan() < end ? p.End.ToTimeSpan() : end) - (p.Start.ToTimeSpan() > start ? p.Start.ToTimeSpan() : start);
                    if (overlap > TimeSpan.Zero) sum += overlap;
                }
            return sum;
        }
        var groups = by switch
        {
            QueueGrouping.Counter => facts.GroupBy(f => (Key: f.Counter ?? "", Name: f.Counter is null ? "Chưa gọi" : "Quầy " + f.Counter)),
            QueueGrouping.Officer => facts.GroupBy(f => (Key: f.Officer ?? "", Name: f.OfficerName ?? "Chưa gọi")),
            QueueGrouping.Service => facts.GroupBy(f => (Key: f.Service, Name: f.ServiceName)),
            _ => facts.GroupBy(f => (Key: f.Hour.ToString("00", System.Globalization.CultureInfo.InvariantCulture), Name: $"{f.Hour:00}:00–{f.Hour + 1:00}:00")),
        };
        var rows = groups.OrderBy(g => g.Key.Key.Length == 0).ThenBy(g => g.Key.Key.PadLeft(4), StringComparer.Ordinal)
            .Select(g => new QueueFigureGroup(g.Key.Key, g.Key.Name, QueueFigures.Of([.. g.Select(f => f.Ticket)],
                by == QueueGrouping.Hour ? OpenIn(int.Parse(g.Key.Key, System.Globalization.CultureInfo.InvariantCulture)) : open)))
            .ToList();
        return new QueueFiguresAnswer(centre.Code, from, to, by.ToString().ToLowerInvariant(), rows, QueueFigures.Of([.. facts.Select(f => f.Ticket)], open));
    }
}
