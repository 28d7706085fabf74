using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Ratings;

namespace MotCua.Domain.Tests.Ratings;

/// <summary>When a printed-code rating's replacement key may be cleared (<see cref="RatingProofs.ReplaceableFromMonth"/>):
/// never while the window of any dossier that rating could belong to is still open.</summary>
public class RatingKeyExpiryRulesTests
{
    [Fact]
    public void A_key_is_cleared_only_once_every_window_its_month_could_hold_has_closed()
    {
        foreach (var windowDays in new[] { 1, 7, 30, 45 })
            for (var month = new DateOnly(2024, 1, 1); month < new DateOnly(2026, 1, 1); month = month.AddMonths(1))
            {
                var monthEnd = month.AddMonths(1);
                // The latest case: closed and rated in the last minute of the month, Vietnam time.
                var closedAt = new DateTimeOffset(monthEnd.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).AddMinutes(-1);
                for (var today = month; today < monthEnd.AddDays(windowDays + 3); today = today.AddDays(1))
                {
                    var cleared = month < RatingProofs.ReplaceableFromMonth(today, windowDays);
                    var startOfToday = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);
                    var seen = startOfToday > closedAt ? startOfToday : closedAt;
                    // Cleared: even the latest dossier's window has closed before the day begins. Kept: that dossier may
                    // still be rated on the day (the bound is exact to the day).
                    Assert.Equal(cleared ? RatingWindowState.Expired : RatingWindowState.Open,
                        RatingWindow.StateOf(DossierStatus.Returned, closedAt, seen, windowDays));
                }
                Assert.True(month < RatingProofs.ReplaceableFromMonth(monthEnd.AddDays(windowDays), windowDays));
                Assert.False(month < RatingProofs.ReplaceableFromMonth(monthEnd.AddDays(windowDays - 1), windowDays));
            }
    }
}
