using Npgsql;

namespace MotCua.Web.Features.Calendar;

/// <summary>
/// Keeps every app instance's working calendars current: a change to an official decision or to an agency's hours
/// sends a PostgreSQL notification in its own transaction (so it arrives only if the change commits), and each
/// instance listening here drops its calendars when it arrives. After a lost connection the calendars are dropped
/// too, since a notification may have been missed meanwhile.
/// </summary>
public sealed class CalendarChanges(Database database, CalendarStore store, ILogger<CalendarChanges> log) : BackgroundService
{
    public const string Channel = "motcua_calendar";

    /// <summary>Tells every instance, once the surrounding transaction commits, that the working calendar changed.</summary>
    public const string NotifySql = "NOTIFY " + Channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A connection of its own outside the pools: it stays open, listening, for the life of the app.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => store.Invalidate();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                store.Invalidate();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                log.LogWarning(e, "Mất kết nối nghe thay đổi lịch làm việc; thử lại sau 5 giây.");
                store.Invalidate();
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
