using System.Net;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Web.Features.Feedback;
using MotCua.Web.Features.Files;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// The one sliding-window quota (<see cref="SlidingWindowQuota{TKey}"/>) under both its users: the feedback sender's hour
/// per address (slots given back) and the citizen's upload hour (several files per take, a floor per dossier). Idle keys
/// are swept, so neither holds every key it ever saw (session 24: the upload quota was never swept). The routes' behaviour
/// stays proved by <c>FeedbackDeliveryTests</c> and <c>UploadRefusalTests</c>.
/// </summary>
public class SlidingWindowQuotaTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void A_citizen_idle_for_an_hour_is_swept_and_the_hour_still_slides()
    {
        var clock = new TestClock(Start);
        var quota = new CitizenUploadQuota(new FileStoreOptions { CitizenFilesPerHour = 30 }, clock);
        // Several files per take, all or none: 20, then 11 more is refused, 10 fits.
        Assert.Null(quota.TryTake(1, 20));
        Assert.NotNull(quota.TryTake(1, 11));
        Assert.Null(quota.TryTake(1, 10));
        var wait = quota.TryTake(1, 0);
        Assert.Equal(TimeSpan.FromHours(1), wait);
        // A dossier that may take 45 files raises the limit for its own upload.
        Assert.Null(quota.TryTake(1, 15, floor: 45));
        Assert.Equal(45, quota.LimitFor(45));
        Assert.Equal(30, quota.LimitFor(12));
        // Asking (0 files) keeps no citizen.
        Assert.Null(quota.TryTake(2, 0));
        Assert.Equal(1, quota.Citizens);

        clock.Now = Start.AddMinutes(61);
        Assert.Null(quota.TryTake(3, 1));
        // Citizen 1 has uploaded nothing within the hour: swept, so only citizen 3 is held.
        Assert.Equal(1, quota.Citizens);
        Assert.Null(quota.TryTake(1, 30));
    }

    [Fact]
    public void A_sender_idle_for_an_hour_is_swept_and_a_slot_given_back_frees_its_place()
    {
        var clock = new TestClock(Start);
        var quota = new FeedbackQuota(Options.Create(new FeedbackOptions { RateLimitPerHour = 2 }), clock);
        var one = IPAddress.Parse("203.0.113.1");
        var (first, _) = quota.Take(one);
        var (second, _) = quota.Take(one);
        Assert.NotNull(first);
        Assert.NotNull(second);
        var (third, retryAfter) = quota.Take(one);
        Assert.Null(third);
        Assert.Equal(TimeSpan.FromHours(1), retryAfter);
        // A send that registered nothing gives its slot back.
        quota.GiveBack(second!);
        Assert.NotNull(quota.Take(one).Slot);

        clock.Now = Start.AddMinutes(30);
        Assert.Equal(TimeSpan.FromMinutes(30), quota.Take(one).RetryAfter);
        Assert.NotNull(quota.Take(IPAddress.Parse("203.0.113.2")).Slot);
        Assert.Equal(2, quota.Senders);
        clock.Now = Start.AddMinutes(85);
        Assert.NotNull(quota.Take(IPAddress.Parse("203.0.113.3")).Slot);
        // The first address's hour has passed; the second's has not.
        Assert.Equal(2, quota.Senders);
        clock.Now = Start.AddMinutes(100);
        Assert.NotNull(quota.Take(IPAddress.Parse("203.0.113.3")).Slot);
        Assert.Equal(1, quota.Senders);
    }
}
