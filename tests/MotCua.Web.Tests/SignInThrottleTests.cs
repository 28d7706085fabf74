using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 5: wrong passwords lock sign-in per account and per client address, the lock lives in the database,
/// and a known and an unknown user name cost the same work. Each class here has its own instance and database, since
/// all tests sign in from 127.0.0.1.
/// </summary>
public class SignInThrottleTests(SignInThrottleTests.CountingApp app, ITestOutputHelper output) : IClassFixture<SignInThrottleTests.CountingApp>
{
    /// <summary>The app with a password hasher that counts the PBKDF2 verifications it does.</summary>
    public sealed class CountingApp : MotCuaApp
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<User>>(Hasher));
        }
    }

    public sealed class CountingHasher : PasswordHasher<User>
    {
        private int verifications;
        public int Verifications => verifications;

        public override PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    internal static async Task<(HttpStatusCode Status, string Page)> TryAsync(HttpClient browser, string token, string userName, string password)
    {
        var response = await browser.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_hundred_wrong_passwords_lock_the_account_even_for_the_right_one_until_the_lock_ends_on_every_instance()
    {
        var browser = app.SessionClient();
        var token = MotCuaApp.AntiforgeryToken(await browser.GetStringAsync("/dang-nhap"));
        var start = app.Clock.Now;
        for (var i = 0; i < 100; i++)
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(browser, token, "congchuc.thuanhoa", $"Sai@MatKhau{i}")).Status);
        var (status, page) = await TryAsync(browser, token, "congchuc.thuanhoa", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Đăng nhập tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 09:01", page);
        // The lock is in the database: another instance refuses too, and says the same for a name that does not exist
        // once it is locked the same way.
        using (var second = app.SecondInstance())
        {
            var other = second.SessionClient();
            var otherToken = MotCuaApp.AntiforgeryToken(await other.GetStringAsync("/dang-nhap"));
            Assert.Contains("Đăng nhập tạm khóa", (await TryAsync(other, otherToken, "congchuc.thuanhoa", DemoData.Password)).Page);
        }
        for (var i = 0; i < 5; i++) await TryAsync(browser, token, "khong.co.ai", $"Sai@MatKhau{i}");
        Assert.Contains("Đăng nhập tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 09:01", (await TryAsync(browser, token, "khong.co.ai", DemoData.Password)).Page);

        // One minute later the right password signs in (and clears the count).
        app.Clock.Now = start.AddMinutes(1).AddSeconds(1);
        try
        {
            Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(browser, token, "congchuc.thuanhoa", DemoData.Password)).Status);
            // Only the unknown name's count is left: the right password cleared the officer's.
            Assert.Equal(1L, await app.ScalarAsync("SELECT count(*) FROM sign_in_throttles WHERE kind = 'account' AND failures >= 5"));
        }
        finally
        {
            app.Clock.Now = start;
        }
        output.WriteLine("100 mật khẩu sai rồi mật khẩu đúng: bị từ chối (khóa đến 09:01); phiên bản thứ hai cũng từ chối; sau 1 phút: đăng nhập được.");
    }

    [Fact]
    public async Task A_known_and_an_unknown_user_name_each_cost_one_password_verification()
    {
        var browser = app.SessionClient();
        var token = MotCuaApp.AntiforgeryToken(await browser.GetStringAsync("/dang-nhap"));
        var known = new List<double>();
        var unknown = new List<double>();
        // Four tries each, below the lock: a known name with a wrong password, and names that exist nowhere.
        for (var i = 0; i < 4; i++)
        {
            foreach (var (name, times) in new[] { ("lanhdao.thuanhoa", known), ($"khong.ton.tai.{i}", unknown) })
            {
                var count = app.Hasher.Verifications;
                var watch = Stopwatch.StartNew();
                var (status, page) = await TryAsync(browser, token, name, "Sai@MatKhau1");
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng.", page);
                Assert.Equal(count + 1, app.Hasher.Verifications);
            }
        }
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        output.WriteLine($"Trung vị thời gian trả lời: tên có thật {Median(known):F1} ms, tên không có {Median(unknown):F1} ms; mỗi lần đúng một lần kiểm tra PBKDF2.");
    }
}

/// <summary>Issue 12, item 5: the per-address lock, on an instance of its own.</summary>
public class ClientThrottleTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Twenty_failures_from_one_address_lock_it_for_every_account_for_a_minute_and_never_longer_than_a_quarter_hour()
    {
        var browser = app.SessionClient();
        var token = MotCuaApp.AntiforgeryToken(await browser.GetStringAsync("/dang-nhap"));
        var start = app.Clock.Now;
        // A spray: one guess at each of twenty names, none of which reaches the per-account threshold.
        for (var i = 0; i < 20; i++) await SignInThrottleTests.TryAsync(browser, token, $"can.bo.{i}", "Sai@MatKhau1");
        Assert.Contains("Đăng nhập tạm khóa", (await SignInThrottleTests.TryAsync(browser, token, "quantri", DemoData.Password)).Page);
        try
        {
            // Someone who keeps failing behind the same address keeps it locked at most a quarter hour at a time.
            for (var i = 0; i < 10; i++)
            {
                app.Clock.Now = app.Clock.Now.AddMinutes(16);
                await SignInThrottleTests.TryAsync(browser, token, $"can.bo.x{i}", "Sai@MatKhau1");
            }
            var locked = await app.ScalarAsync("SELECT extract(epoch FROM locked_until - last_failure_at)::bigint FROM sign_in_throttles WHERE kind = 'client'");
            Assert.Equal(15 * 60L, locked);
            app.Clock.Now = app.Clock.Now.AddMinutes(15).AddSeconds(1);
            Assert.Equal(HttpStatusCode.Redirect, (await SignInThrottleTests.TryAsync(browser, token, "quantri", DemoData.Password)).Status);
        }
        finally
        {
            app.Clock.Now = start;
        }
        output.WriteLine("20 lần sai từ một địa chỉ: địa chỉ bị khóa với mọi tài khoản; khóa tối đa 15 phút mỗi lần; hết khóa: đăng nhập được.");
    }
}
