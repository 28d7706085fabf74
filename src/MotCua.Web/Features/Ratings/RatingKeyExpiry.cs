using Microsoft.Extensions.Options;
using MotCua.Domain.Calendar;
using MotCua.Domain.Ratings;
using Npgsql;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// Clears <c>ratings.replace_key</c> once no stronger proof can replace the rating any more (issue 17, cit31; the rule is
/// <see cref="RatingProofs.ReplaceableFromMonth"/>): at start and every <see cref="Interval"/>, by the app's
/// <see cref="TimeProvider"/> and <c>Motcua:Ratings:WindowDays</c>. One idempotent UPDATE, so any number of instances may
/// run it at once.
/// </summary>
public sealed class RatingKeyExpiry(NpgsqlDataSource data, IOptions<RatingOptions> options, TimeProvider clock, ILogger<RatingKeyExpiry> log) : BackgroundService
{
    /// <summary>How often the keys are swept while the app runs: a key outlives its use by at most this.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Clears the keys of every rating of a month before <see cref="RatingProofs.ReplaceableFromMonth"/> of today
    /// (Vietnam date); returns how many were cleared.</summary>
    public async Task<int> ClearAsync(CancellationToken ct)
    {
        var from = RatingProofs.ReplaceableFromMonth(VietnamTime.DateOf(clock.GetUtcNow()), options.Value.WindowDays);
        await using var command = data.CreateCommand("UPDATE ratings SET replace_key = NULL WHERE replace_key IS NOT NULL AND month < $1");
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        return await command.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ClearAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database restarting or unreachable: the next sweep clears the same keys.
                log.LogWarning(e, "Chưa xóa được khóa thay thế của các đánh giá đã hết hạn; thử lại sau {Interval}.", Interval);
            }
            try { await Task.Delay(Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { }
        }
    }
}
