using MotCua.Domain.Administration;

namespace MotCua.Domain.Tests.Administration;

public class SignInBackoffTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(4, null)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 4)]
    [InlineData(11, 60)]
    [InlineData(12, 60)]
    [InlineData(100, 60)]
    [InlineData(int.MaxValue, 60)]
    public void An_account_locks_after_five_failures_doubling_from_one_minute_to_an_hour(int failures, int? minutes) =>
        Assert.Equal(minutes is { } m ? TimeSpan.FromMinutes(m) : null, SignInBackoff.Account.LockAfter(failures));

    [Theory]
    [InlineData(19, null)]
    [InlineData(20, 1)]
    [InlineData(23, 8)]
    [InlineData(24, 15)]
    [InlineData(60, 15)]
    public void A_client_address_tolerates_more_failures_and_locks_for_at_most_a_quarter_hour(int failures, int? minutes) =>
        Assert.Equal(minutes is { } m ? TimeSpan.FromMinutes(m) : null, SignInBackoff.Client.LockAfter(failures));
}
