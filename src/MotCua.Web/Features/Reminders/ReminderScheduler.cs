using Microsoft.Extensions.Options;
using Npgsql;

namespace MotCua.Web.Features.Reminders;

/// <summary>
/// Runs <see cref="OfficerReminders.ScanAsync"/> every <see cref="ReminderOptions.IntervalSeconds"/>. Time comes from the
/// app's <see cref="TimeProvider"/>; the notices' keys let any number of instances run it at once.
/// </summary>
public sealed class ReminderScheduler(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, TimeProvider clock,
    ILogger<ReminderScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OfficerReminders>().ScanAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database restarting or unreachable: nothing is lost, the next scan finds the same steps.
                log.LogWarning(e, "Không quét được hạn xử lý để nhắc cán bộ; thử lại ở lần quét sau.");
            }
            try { await Task.Delay(interval, clock, stoppingToken); }
            catch (OperationCanceledException) { }
        }
    }
}
