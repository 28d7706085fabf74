using System.Security.Cryptography;
using System.Text;
using MotCua.Domain.Calendar;
using MotCua.Domain.Queue;
using MotCua.Web.Features.Calendar;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Queue;

/// <summary>A centre that queues: its id, code (mã cơ quan), name and the office hours its calendar is built from.</summary>
public sealed record QueueCentre(int Id, string Code, string Name, string? OfficeHours, TimeOnly? Cutoff);

/// <summary>A service of a centre's queue and the tickets waiting for it today.</summary>
public sealed record QueueServiceView(int Id, char Letter, string Name, int Waiting);

/// <summary>A ticket just taken: its number (<c>A007</c>), the holder's token (shown once), the people ahead counting
/// the holder (0 when being called) and the estimate.</summary>
public sealed record TakenTicket(long Id, string Number, string Token, int Position, WaitRange Estimate, string ServiceName, DateTimeOffset TakenAt);

/// <summary>Why a ticket was not taken: <see cref="RemoteRefusal"/> for a remote holder, or the day's numbers used up.</summary>
public sealed record TakeRefusal(RemoteRefusal Refusal, string Message);

/// <summary>A ticket as its holder's page, the desk and the API show it. Position and estimate only while it waits or is
/// called; <see cref="Counter"/> once called; <see cref="Dossier"/>, the code of the dossier received while serving it.</summary>
public sealed record TicketView(long Id, string Number, string ServiceName, int ServiceId, QueueCentre Centre, TicketState State, TicketChannel Channel,
    int Position, WaitRange? Estimate, short? Counter, int CallCount, DateTimeOffset TakenAt, DateTimeOffset? CalledAt, int? Satisfaction, string? Dossier = null);

/// <summary>A counter of a centre, the letters of the services it calls, and who holds it today.</summary>
public sealed record CounterView(int Id, int AgencyId, short Number, string Name, int[] ServiceIds, string Letters, int? OfficerUserId, bool Open, bool Closed);

/// <summary>One line of the call screen: "A012 → Quầy 3".</summary>
public sealed record CallLine(string Number, short Counter, DateTimeOffset At);

/// <summary>What the call screen shows: the latest calls, newest first, and the waiting count per service.</summary>
public sealed record CallBoard(QueueCentre Centre, IReadOnlyList<CallLine> Calls, IReadOnlyList<QueueServiceView> Services);

/// <summary>What "Gọi số tiếp theo" did: the ticket called (null when nobody waits), or the refusal (nothing changed);
/// the tickets the counter held that it ended first, as "A004 đã phục vụ xong".</summary>
public sealed record NextCall(TicketView? Called, string? Refusal, IReadOnlyList<string> Ended);

/// <summary>What became of an officer's or holder's action on a ticket.</summary>
public enum TicketActOutcome
{
    Done = 1,
    /// <summary>No such ticket, or a ticket of another centre (the officer learns nothing of it).</summary>
    NotFound,
    /// <summary>The ticket's state does not allow the action (<see cref="TicketRules.After"/>), or it changed meanwhile.</summary>
    Refused,
}

/// <summary>
/// The queue's rows (issue 17 piece E, docs/CITIZENS.md "Queue and kiosk", migration 0070): taking a ticket with its
/// number bumped in the same statement (consecutive from 1 per centre, service and Vietnam day, no gap), calling the next
/// one with <c>FOR UPDATE SKIP LOCKED</c> (two counters never call the same ticket), the officer's and holder's
/// transitions (<see cref="TicketRules"/>), and the reads of the ticket page, the desk panel and the call screen.
/// Raw statements on the main pool: each is one round trip, so a burst of tickets holds a connection for one statement.
/// </summary>
public sealed class QueueStore(NpgsqlDataSource data, CalendarStore calendars, QueueSettings settings, TimeProvider clock)
{
    /// <summary>The settings in force (<c>Motcua:Queue</c>).</summary>
    public QueueSettings Settings => settings;

    /// <summary>Today in Vietnam.</summary>
    public DateOnly Today => VietnamTime.DateOf(clock.GetUtcNow());

    /// <summary>The centre with code <paramref name="code"/>, or null.</summary>
    public async Task<QueueCentre?> CentreAsync(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return null;
        await using var command = data.CreateCommand("SELECT id, code, name, office_hours, cutoff FROM agencies WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code.Trim() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadCentre(reader, 0) : null;
    }

    /// <summary>The centre with id <paramref name="id"/>, or null.</summary>
    public async Task<QueueCentre?> CentreAsync(int id, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT id, code, name, office_hours, cutoff FROM agencies WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadCentre(reader, 0) : null;
    }

    private static QueueCentre ReadCentre(NpgsqlDataReader reader, int at) => new(reader.GetInt32(at), reader.GetString(at + 1), reader.GetString(at + 2),
        reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3), reader.IsDBNull(at + 4) ? null : reader.GetFieldValue<TimeOnly>(at + 4));

    /// <summary>The active services of a centre, by letter, with today's waiting count.</summary>
    public async Task<IReadOnlyList<QueueServiceView>> ServicesAsync(int agencyId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT s.id, s.letter, s.name, count(t.id) FILTER (WHERE t.state = 1)
            FROM queue_services s LEFT JOIN queue_tickets t ON t.service_id = s.id AND t.day = $2
            WHERE s.agency_id = $1 AND s.active
            GROUP BY s.id ORDER BY s.letter
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = Today });
        var services = new List<QueueServiceView>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) services.Add(new(reader.GetInt32(0), reader.GetString(1)[0], reader.GetString(2), (int)reader.GetInt64(3)));
        return services;
    }

    /// <summary>
    /// Why the centre gives no number now, in words (a non-working day of its calendar, before its opening, after its
    /// closing: <see cref="RemoteWindow.Hours"/>, the rule <see cref="TakeAsync"/> applies), or null when it does. The
    /// pages say it before the tap (trial17u LOW 6: on a Saturday the services and "Lấy số" showed as on a working day);
    /// <paramref name="remote"/> for the phone's page, false for the kiosk's.
    /// </summary>
    public async Task<string?> ClosedMessageAsync(QueueCentre centre, bool remote, CancellationToken ct)
    {
        var calendar = await calendars.ForAsync(centre.OfficeHours, centre.Cutoff, ct);
        return RemoteWindow.Hours(clock.GetUtcNow(), calendar, settings, remote) is { Allowed: false } closed ? closed.Message : null;
    }

    /// <summary>
    /// Takes a ticket of <paramref name="service"/> for a holder at the kiosk <paramref name="deviceId"/> (of this centre) or,
    /// without one, remotely with an optional <paramref name="phone"/> (national digits) and the remote page's
    /// <paramref name="deviceKey"/> (the SHA-256 of its device cookie, or null from the API). A remote ticket is refused
    /// outside <see cref="RemoteWindow"/>, beyond the remote quota, or while the phone or device holds an open ticket of
    /// the service; a kiosk ticket outside the centre's hours (<see cref="RemoteWindow.Hours"/>); any ticket once the service
    /// has given <see cref="TicketNumber.MaxPerDay"/> today. The number and the
    /// remote count come from the same statement that writes the ticket: its upsert of <c>queue_serials</c> bumps the
    /// remote count only while it is below the quota (migration 0081), so tickets taken at the same instant never pass the
    /// quota, and a refused or failed insert leaves no gap.
    /// </summary>
    public async Task<(TakenTicket? Ticket, TakeRefusal? Refusal)> TakeAsync(QueueCentre centre, QueueServiceView service, string? phone, string? deviceKey, int? deviceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        var median = await MedianServingAsync(service.Id, today, ct);
        var quota = int.MaxValue;
        var calendar = await calendars.ForAsync(centre.OfficeHours, centre.Cutoff, ct);
        // The kiosk keeps the same hours as the phone, to the closing time (RemoteWindow.Hours).
        if (deviceId is not null && RemoteWindow.Hours(now, calendar, settings, remote: false) is { Allowed: false } closed)
            return (null, new TakeRefusal(closed.Refusal, closed.Message!));
        if (deviceId is null)
        {
            await using var facts = data.CreateCommand("""
                SELECT (SELECT count(*) FROM queue_tickets WHERE agency_id = $1 AND day = $2 AND service_id = $3 AND channel = 2),
                       (SELECT count(*) FROM queue_counters WHERE agency_id = $1 AND $3 = ANY (service_ids) AND NOT closed),
                       EXISTS (SELECT 1 FROM queue_tickets WHERE service_id = $3 AND (phone = $4 OR device_key = $5) AND state IN (1, 2)),
                       (SELECT remote_quota FROM queue_services WHERE id = $3)
                """);
            facts.Parameters.Add(new NpgsqlParameter<int> { TypedValue = centre.Id });
            facts.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
            facts.Parameters.Add(new NpgsqlParameter<int> { TypedValue = service.Id });
            facts.Parameters.Add(new NpgsqlParameter { Value = (object?)phone ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            facts.Parameters.Add(new NpgsqlParameter { Value = (object?)deviceKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            long remoteToday, counters;
            bool holding;
            int? fixedQuota;
            await using (var reader = await facts.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                (remoteToday, counters, holding, fixedQuota) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
            }
            var capacity = RemoteWindow.ExpectedCapacity(RemoteWindow.PeriodsOn(today, calendar), (int)counters, median);
            var decision = RemoteWindow.Allows(now, calendar, settings, (int)remoteToday, capacity, holding, fixedQuota);
            if (!decision.Allowed) return (null, new TakeRefusal(decision.Refusal, decision.Message!));
            quota = RemoteWindow.Quota(capacity, settings, fixedQuota);
        }
        // Read before the ticket is written: once the insert has committed nothing may fail, or the holder would be
        // answered 503 for a ticket that exists, take another number and leave a gap (the 200-at-once test saw P019 go so).
        var open = await OpenCountersAsync(centre.Id, service.Id, ct);
        var remote = deviceId is null ? 1 : 0;
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        // The check above answers with the right message in the common case; this statement is what holds under a burst:
        // the conflict's WHERE is read on the serial row's latest version under its lock, so concurrent remote takers
        // queue on that row and the one past the quota gets no serial, hence no ticket.
        await using var take = data.CreateCommand("""
            WITH serial AS (
                INSERT INTO queue_serials (agency_id, day, service_id, last, remote) SELECT $1, $2, $3, 1, $10 WHERE $10 <= $11
                ON CONFLICT (agency_id, day, service_id) DO UPDATE SET last = queue_serials.last + 1, remote = queue_serials.remote + EXCLUDED.remote
                WHERE queue_serials.remote + EXCLUDED.remote <= $11
                RETURNING last)
            INSERT INTO queue_tickets (agency_id, service_id, day, number, channel, token_hash, phone, device_id, taken_at, state, device_key)
            SELECT $1, $3, $2, serial.last, $4, $5, $6, $7, $8, 1, $9 FROM serial
            RETURNING id, number,
                (SELECT count(*) FROM queue_tickets w WHERE w.agency_id = $1 AND w.day = $2 AND w.service_id = $3 AND w.state = 1)
            """);
        take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = centre.Id });
        take.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
        take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = service.Id });
        take.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)(deviceId is null ? TicketChannel.Remote : TicketChannel.Kiosk) });
        take.Parameters.Add(new NpgsqlParameter<string> { TypedValue = HashOf(token) });
        take.Parameters.Add(new NpgsqlParameter { Value = (object?)phone ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        take.Parameters.Add(new NpgsqlParameter { Value = (object?)deviceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        take.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        take.Parameters.Add(new NpgsqlParameter { Value = (object?)deviceKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = remote });
        take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = quota });
        long id;
        int number, ahead;
        try
        {
            await using var reader = await take.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
                return (null, new TakeRefusal(RemoteRefusal.QuotaReached, RemoteWindow.QuotaMessage));
            // The subquery reads the snapshot before this insert: the tickets waiting ahead of the new one.
            (id, number, ahead) = (reader.GetInt64(0), reader.GetInt32(1), (int)reader.GetInt64(2));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            return (null, new TakeRefusal(RemoteRefusal.QuotaReached, $"Dịch vụ này đã cấp đủ {TicketNumber.MaxPerDay} số hôm nay."));
        }
        var position = ahead + 1;
        return (new TakenTicket(id, TicketNumber.Format(service.Letter, number), token, position, WaitEstimate.For(position, open, median), service.Name, now), null);
    }

    /// <summary>Whether kiosk <paramref name="deviceId"/> is enrolled at centre <paramref name="agencyId"/> and not revoked:
    /// the cookie alone outlives a revocation (Infrastructure/KioskMode.cs), so a device's every ticket asks here.</summary>
    public async Task<bool> DeviceActiveAsync(int deviceId, int agencyId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT EXISTS (SELECT 1 FROM kiosk_devices WHERE id = $1 AND agency_id = $2 AND enrolled_at IS NOT NULL AND revoked_at IS NULL)");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = deviceId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The ticket a holder's token opens, or null.</summary>
    public async Task<TicketView?> TicketByTokenAsync(string? token, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(token) || token.Length > 64 ? null : await TicketAsync("t.token_hash = $1", new NpgsqlParameter<string> { TypedValue = HashOf(token.Trim()) }, ct);

    /// <summary>The ticket with id <paramref name="id"/>, or null.</summary>
    public Task<TicketView?> TicketAsync(long id, CancellationToken ct) => TicketAsync("t.id = $1", new NpgsqlParameter<long> { TypedValue = id }, ct);

    private async Task<TicketView?> TicketAsync(string where, NpgsqlParameter key, CancellationToken ct)
    {
        await using var command = data.CreateCommand($"""
            SELECT t.id, s.letter, t.number, s.name, s.id, t.state, t.channel, c.number, t.call_count, t.taken_at, t.called_at, t.satisfaction,
                   (SELECT count(*) FROM queue_tickets w WHERE w.agency_id = t.agency_id AND w.day = t.day AND w.service_id = t.service_id
                      AND w.state = 1 AND (w.taken_at, w.id) < (t.taken_at, t.id)),
                   a.id, a.code, a.name, a.office_hours, a.cutoff, (SELECT d.code FROM dossiers d WHERE d.id = t.dossier_id)
            FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id JOIN agencies a ON a.id = t.agency_id
            LEFT JOIN queue_counters c ON c.id = t.counter_id
            WHERE {where}
            """);
        command.Parameters.Add(key);
        TicketView ticket;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return null;
            var state = (TicketState)reader.GetInt16(5);
            ticket = new TicketView(reader.GetInt64(0), TicketNumber.Format(reader.GetString(1)[0], reader.GetInt32(2)), reader.GetString(3), reader.GetInt32(4),
                ReadCentre(reader, 13), state, (TicketChannel)reader.GetInt16(6), state == TicketState.Waiting ? (int)reader.GetInt64(12) + 1 : 0, null,
                reader.IsDBNull(7) ? null : reader.GetInt16(7), reader.GetInt16(8), reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.IsDBNull(11) ? null : reader.GetInt16(11),
                reader.IsDBNull(18) ? null : reader.GetString(18));
        }
        if (ticket.State is not (TicketState.Waiting or TicketState.Called)) return ticket;
        var median = await MedianServingAsync(ticket.ServiceId, Today, ct);
        return ticket with { Estimate = WaitEstimate.For(ticket.Position, await OpenCountersAsync(ticket.Centre.Id, ticket.ServiceId, ct), median) };
    }

    /// <summary>The holder gives the ticket up while it waits ("Hủy số").</summary>
    public async Task<TicketActOutcome> CancelAsync(string? token, CancellationToken ct)
    {
        if (await TicketByTokenAsync(token, ct) is not { } ticket) return TicketActOutcome.NotFound;
        var (next, _) = TicketRules.After(ticket.State, TicketAction.Cancel, clock.GetUtcNow(), ticket.CalledAt, ticket.CallCount, settings);
        if (next is null) return TicketActOutcome.Refused;
        await using var command = data.CreateCommand("UPDATE queue_tickets SET state = 6 WHERE id = $1 AND state = 1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ticket.Id });
        return await command.ExecuteNonQueryAsync(ct) == 1 ? TicketActOutcome.Done : TicketActOutcome.Refused;
    }

    /// <summary>The holder's answer on a served ticket (2 hài lòng, 1 bình thường, 0 không hài lòng), once.</summary>
    public async Task<TicketActOutcome> RateAsync(string? token, int satisfaction, CancellationToken ct)
    {
        if (!TicketRules.IsSatisfaction(satisfaction)) return TicketActOutcome.Refused;
        if (await TicketByTokenAsync(token, ct) is not { } ticket) return TicketActOutcome.NotFound;
        await using var command = data.CreateCommand("UPDATE queue_tickets SET satisfaction = $2 WHERE id = $1 AND state = 4 AND satisfaction IS NULL");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ticket.Id });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)satisfaction });
        return await command.ExecuteNonQueryAsync(ct) == 1 ? TicketActOutcome.Done : TicketActOutcome.Refused;
    }

    /// <summary>The counters of a centre in use (not closed by its administrator) by number.</summary>
    public async Task<IReadOnlyList<CounterView>> CountersAsync(int agencyId, CancellationToken ct)
    {
        await using var command = data.CreateCommand(CounterSql + " WHERE c.agency_id = $1 AND NOT c.closed ORDER BY c.number");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
        var counters = new List<CounterView>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counters.Add(ReadCounter(reader));
        return counters;
    }

    /// <summary>The counter with id <paramref name="id"/>, or null.</summary>
    public async Task<CounterView?> CounterAsync(int id, CancellationToken ct)
    {
        await using var command = data.CreateCommand(CounterSql + " WHERE c.id = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadCounter(reader) : null;
    }

    private const string CounterSql = """
        SELECT c.id, c.agency_id, c.number, c.name, c.service_ids,
               coalesce((SELECT string_agg(s.letter, ', ' ORDER BY s.letter) FROM queue_services s WHERE s.id = ANY (c.service_ids)), ''),
               c.officer_user_id, c.open, c.closed
        FROM queue_counters c
        """;

    private static CounterView ReadCounter(NpgsqlDataReader reader) => new(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt16(2), reader.GetString(3),
        reader.GetFieldValue<int[]>(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetBoolean(7), reader.GetBoolean(8));

    /// <summary>The officer takes <paramref name="counterId"/> for the day: it opens under their name, and any other counter
    /// they held closes. A counter its administrator closed is never taken (the caller checks <see cref="CounterView.Closed"/>).</summary>
    public async Task TakeCounterAsync(int counterId, int userId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            UPDATE queue_counters SET officer_user_id = CASE WHEN id = $1 THEN $2 END, open = (id = $1)
            WHERE (id = $1 AND NOT closed) OR officer_user_id = $2
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counterId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// "Gọi số tiếp theo" at <paramref name="counter"/> by the officer <paramref name="userId"/>, in one transaction:
    /// first today's ticket(s) the counter still calls or serves are ended as <see cref="TicketRules.BeforeNextCall"/>
    /// says (served → done now; called → no-show when allowed), or the call is refused with its reason and nothing
    /// changes; then the oldest waiting ticket of today among the counter's services is called, locked with SKIP LOCKED so
    /// that counters calling at the same instant take different tickets (<see cref="NextCall.Called"/> null when nobody
    /// waits; the ended ticket stays ended). The counter's row is locked too, so two presses at one counter run one after
    /// the other. The counter is the officer's and open from then on.
    /// </summary>
    public async Task<NextCall> CallNextAsync(CounterView counter, int userId, CancellationToken ct)
    {
        if (counter.OfficerUserId != userId || !counter.Open) await TakeCounterAsync(counter.Id, userId, ct);
        var now = clock.GetUtcNow();
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCounter = new NpgsqlCommand("SELECT 1 FROM queue_counters WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockCounter.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counter.Id });
            await lockCounter.ExecuteScalarAsync(ct);
        }
        var holding = new List<(long Id, string Number, TicketState State, DateTimeOffset? CalledAt, int CallCount)>();
        await using (var current = new NpgsqlCommand("""
            SELECT t.id, s.letter, t.number, t.state, t.called_at, t.call_count
            FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id
            WHERE t.counter_id = $1 AND t.day = $2 AND t.state IN (2, 3) ORDER BY t.last_called_at, t.id FOR UPDATE OF t
            """, connection, transaction))
        {
            current.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counter.Id });
            current.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = Today });
            await using var reader = await current.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                holding.Add((reader.GetInt64(0), TicketNumber.Format(reader.GetString(1)[0], reader.GetInt32(2)), (TicketState)reader.GetInt16(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt16(5)));
        }
        var ended = new List<string>();
        foreach (var ticket in holding)
        {
            var (next, refusal) = TicketRules.BeforeNextCall(ticket.Number, ticket.State, now, ticket.CalledAt, ticket.CallCount, settings);
            if (refusal is not null) return new NextCall(null, refusal, []);
            if (next is not { } state) continue;
            await using var end = new NpgsqlCommand("""
                UPDATE queue_tickets SET state = $2, served_end_at = CASE WHEN $2 = 4 THEN $3 ELSE served_end_at END WHERE id = $1
                """, connection, transaction);
            end.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ticket.Id });
            end.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)state });
            end.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await end.ExecuteNonQueryAsync(ct);
            ended.Add($"{ticket.Number} {TicketRules.Name(state)}");
        }
        long? called;
        await using (var command = new NpgsqlCommand("""
            UPDATE queue_tickets SET state = 2, called_at = $4, last_called_at = $4, counter_id = $1, called_by = $5, call_count = 1
            WHERE id = (SELECT id FROM queue_tickets
                        WHERE agency_id = $2 AND day = $3 AND state = 1 AND service_id = ANY ($6)
                        ORDER BY taken_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counter.Id });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counter.AgencyId });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = Today });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = counter.ServiceIds });
            called = await command.ExecuteScalarAsync(ct) as long?;
        }
        await transaction.CommitAsync(ct);
        return new NextCall(called is { } id ? await TicketAsync(id, ct) : null, null, ended);
    }

    /// <summary>The ticket the counter is calling or serving now (the latest called of today, Vietnam date), or null: a
    /// ticket of an earlier day left called or serving is not today's (kio31: yesterday's open ticket showed).</summary>
    public async Task<TicketView?> CurrentAsync(int counterId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT id FROM queue_tickets WHERE counter_id = $1 AND day = $2 AND state IN (2, 3) ORDER BY last_called_at DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = counterId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = VietnamTime.DateOf(clock.GetUtcNow()) });
        return await command.ExecuteScalarAsync(ct) is long id ? await TicketAsync(id, ct) : null;
    }

    /// <summary>
    /// An officer's "Gọi lại", "Bắt đầu", "Xong" or "Vắng mặt" on ticket <paramref name="ticketId"/> of their centre
    /// <paramref name="agencyId"/>, as <see cref="TicketRules.After"/> allows; the update names the state it read, so two
    /// officers acting at once cannot both move it. "Xong" may link the dossier just received (<paramref name="dossierId"/>).
    /// </summary>
    public async Task<(TicketActOutcome Outcome, string? Refusal, TicketView? Ticket)> ActAsync(long ticketId, int agencyId, TicketAction action, long? dossierId, CancellationToken ct)
    {
        if (await TicketAsync(ticketId, ct) is not { } ticket || ticket.Centre.Id != agencyId) return (TicketActOutcome.NotFound, null, null);
        var now = clock.GetUtcNow();
        var (next, refusal) = TicketRules.After(ticket.State, action, now, ticket.CalledAt, ticket.CallCount, settings);
        if (next is null) return (TicketActOutcome.Refused, refusal, ticket);
        await using var command = data.CreateCommand("""
            UPDATE queue_tickets SET state = $3,
                call_count = call_count + CASE WHEN $4 THEN 1 ELSE 0 END,
                last_called_at = CASE WHEN $4 THEN $5 ELSE last_called_at END,
                served_start_at = CASE WHEN $3 = 3 THEN $5 ELSE served_start_at END,
                served_end_at = CASE WHEN $3 = 4 THEN $5 ELSE served_end_at END,
                dossier_id = coalesce($6, dossier_id)
            WHERE id = $1 AND state = $2 AND call_count = $7
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ticket.Id });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)ticket.State });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)next.Value });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = action == TicketAction.Recall });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)dossierId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)ticket.CallCount });
        if (await command.ExecuteNonQueryAsync(ct) != 1) return (TicketActOutcome.Refused, "Số này vừa được cán bộ khác cập nhật; tải lại để xem trạng thái mới.", ticket);
        return (TicketActOutcome.Done, null, await TicketAsync(ticket.Id, ct));
    }

    /// <summary>
    /// The dossier the officer <paramref name="userId"/> received while serving ticket <paramref name="ticketId"/>: the
    /// latest dossier of the ticket's centre with a <c>receive</c> event by that officer since the ticket was started (or
    /// called), not linked to another ticket; null when none. "Xong" links it (<see cref="ActAsync"/>), so the queue's
    /// figures count the dossiers received per ticket [choice: the latest one when the officer received several for one
    /// holder; a ticket keeps one dossier].
    /// </summary>
    public async Task<(long Id, string Code)?> ReceivedDuringAsync(long ticketId, int userId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT d.id, d.code
            FROM queue_tickets t
            JOIN dossier_events e ON e.actor_user_id = $2 AND e.action = 'receive' AND e.at >= coalesce(t.served_start_at, t.called_at)
            JOIN dossiers d ON d.id = e.dossier_id AND d.receiving_agency_id = t.agency_id
            WHERE t.id = $1 AND t.called_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM queue_tickets o WHERE o.dossier_id = d.id AND o.id <> t.id)
            ORDER BY e.at DESC, e.id DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ticketId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>The call screen of a centre today: the latest <paramref name="calls"/> calls and the waiting counts.</summary>
    public async Task<CallBoard> BoardAsync(QueueCentre centre, int calls, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT s.letter, t.number, c.number, t.last_called_at
            FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id JOIN queue_counters c ON c.id = t.counter_id
            WHERE t.agency_id = $1 AND t.day = $2 AND t.last_called_at IS NOT NULL
            ORDER BY t.last_called_at DESC, t.id DESC LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = centre.Id });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = Today });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = calls });
        var lines = new List<CallLine>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                lines.Add(new(TicketNumber.Format(reader.GetString(0)[0], reader.GetInt32(1)), reader.GetInt16(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return new CallBoard(centre, lines, await ServicesAsync(centre.Id, ct));
    }

    private async Task<int> OpenCountersAsync(int agencyId, int serviceId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT count(*) FROM queue_counters WHERE agency_id = $1 AND open AND $2 = ANY (service_ids)");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = serviceId });
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    // The serving times WaitEstimate.MedianServing reads: today's latest 20, and those of the ten calendar days before
    // today, which hold the last seven working days but around a long holiday (then fewer: the median is still fair).
    private async Task<TimeSpan> MedianServingAsync(int serviceId, DateOnly today, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT day = $2, extract(epoch FROM served_end_at - served_start_at)::float8
            FROM queue_tickets
            WHERE service_id = $1 AND state = 4 AND served_start_at IS NOT NULL AND served_end_at IS NOT NULL AND day BETWEEN $2 - 10 AND $2
            ORDER BY served_end_at DESC LIMIT 1000
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
        var todays = new List<TimeSpan>();
        var before = new List<TimeSpan>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            (reader.GetBoolean(0) ? todays : before).Add(TimeSpan.FromSeconds(Math.Max(reader.GetDouble(1), 1)));
        return WaitEstimate.MedianServing(todays, before);
    }

    /// <summary>The SHA-256 (hex) of a holder's token: the row keeps only this.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True for a database that cannot take one more request now (pool exhausted, too many clients, a timeout):
    /// the caller answers 503 with Retry-After rather than 500.</summary>
    public static bool IsBusy(Exception e) => e is NpgsqlException { InnerException: TimeoutException } or PostgresException { SqlState: "53300" or "57014" }
        || e is TimeoutException || e is NpgsqlException { IsTransient: true };
}
