namespace MotCua.Domain.Administration;

/// <summary>
/// When wrong passwords lock sign-in (issue 12, item 5), counted separately per account (the user name typed, whether
/// or not it exists) and per client address. After <see cref="Threshold"/> failures in a row a lock starts at
/// <see cref="FirstLock"/> and doubles with each further failure, up to <see cref="MaxLock"/>; a failure more than
/// <see cref="ForgetAfter"/> after the previous one starts the count again. Attempts during a lock are refused without
/// checking the password and are not counted. MotCua's choice, after the limit on failed sign-ins asked of information
/// systems at security level 2 and above (TCVN 11930:2017) and OWASP's advice to throttle per account and per source.
/// </summary>
public sealed record SignInBackoff(int Threshold, TimeSpan FirstLock, TimeSpan MaxLock, TimeSpan ForgetAfter)
{
    /// <summary>Per account: 5 failures, then 1 minute doubling to 1 hour; forgotten after a day without failures.</summary>
    public static readonly SignInBackoff Account = new(5, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1));

    /// <summary>Per client address: 20 failures (an office behind one address mistypes too), then 1 minute doubling to
    /// 15 minutes, so that someone sharing the address can delay the others' sign-in but never lock it for long;
    /// forgotten after an hour without failures.</summary>
    public static readonly SignInBackoff Client = new(20, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));

    /// <summary>How long sign-in is locked after <paramref name="failures"/> failures in a row (counting the latest);
    /// null while below the threshold.</summary>
    public TimeSpan? LockAfter(int failures)
    {
        if (failures < Threshold) return null;
        var doublings = failures - Threshold;
        // 2^doublings minutes overflows nothing before the cap is reached: the cap is a few doublings away.
        return doublings >= 30 ? MaxLock : TimeSpan.FromTicks(Math.Min(MaxLock.Ticks, FirstLock.Ticks << doublings));
    }
}
