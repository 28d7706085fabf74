using System.Net;
using System.Net.Http.Json;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 5: an officer's own password change checks the current password under the sign-in throttle, so a
/// session left open cannot be used to guess the password without lockout; the lock is the sign-in lock.
/// </summary>
public class PasswordChangeThrottleTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string NewPassword = "Hue#2025-Moi!pass";

    // A number that changes when the stored password hash does.
    private Task<long> HashAsync(string userName) =>
        app.ScalarAsync($"SELECT ('x' || substr(md5(password_hash), 1, 15))::bit(60)::bigint FROM users WHERE user_name = '{userName}'");

    [Fact]
    public async Task Five_wrong_current_passwords_on_the_page_lock_the_change_and_the_sign_in()
    {
        var officer = await app.OfficerAsync("congchuc.thuanhoa");
        var hash = await HashAsync("congchuc.thuanhoa");
        var token = MotCuaApp.AntiforgeryToken(await officer.GetStringAsync("/tai-khoan/mat-khau"));
        async Task<HttpResponseMessage> Change(string current) => await officer.PostAsync("/tai-khoan/mat-khau", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["CurrentPassword"] = current, ["NewPassword"] = NewPassword, ["Confirm"] = NewPassword,
        }));
        for (var i = 0; i < 5; i++)
            Assert.Contains("Mật khẩu hiện tại không đúng.", await (await Change($"Sai@MatKhau{i}")).Content.ReadAsStringAsync());

        var right = await Change(DemoData.Password);
        Assert.NotEqual(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("Đăng nhập tạm khóa vì nhập sai mật khẩu nhiều lần", await right.Content.ReadAsStringAsync());
        Assert.Equal(hash, await HashAsync("congchuc.thuanhoa"));
        // The same lock holds at the sign-in page.
        var browser = app.SessionClient();
        var signIn = await SignInThrottleTests.TryAsync(browser, MotCuaApp.AntiforgeryToken(await browser.GetStringAsync("/dang-nhap")), "congchuc.thuanhoa", DemoData.Password);
        Assert.Contains("Đăng nhập tạm khóa", signIn.Page);
        output.WriteLine("5 mật khẩu hiện tại sai ở /tai-khoan/mat-khau → mật khẩu đúng bị từ chối, đăng nhập cũng bị khóa; mật khẩu không đổi.");
    }

    [Fact]
    public async Task Wrong_current_passwords_through_the_api_count_too_and_a_right_one_below_the_lock_changes_it()
    {
        var officer = await app.OfficerAsync("chuyenvien.tuphap");
        var hash = await HashAsync("chuyenvien.tuphap");
        for (var i = 0; i < 4; i++)
            await IntakeApiTests.AssertProblem(await officer.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = $"Sai@MatKhau{i}", newPassword = NewPassword }), "currentPassword");
        Assert.Equal(4, await app.ScalarAsync("SELECT coalesce(max(failures), 0) FROM sign_in_throttles WHERE kind = 'account'"
            + " AND key = encode(sha256(convert_to('chuyenvien.tuphap', 'UTF8')), 'hex')"));
        var ok = await officer.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = DemoData.Password, newPassword = NewPassword });
        Assert.True(ok.IsSuccessStatusCode, $"{ok.StatusCode}: {await ok.Content.ReadAsStringAsync()}");
        Assert.NotEqual(hash, await HashAsync("chuyenvien.tuphap"));
        // The right one cleared the account's count.
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM sign_in_throttles WHERE kind = 'account'"
            + " AND key = encode(sha256(convert_to('chuyenvien.tuphap', 'UTF8')), 'hex')"));

        var other = await app.OfficerAsync("lanhdao.thuanhoa");
        var otherHash = await HashAsync("lanhdao.thuanhoa");
        for (var i = 0; i < 5; i++)
            await other.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = $"Sai@MatKhau{i}", newPassword = NewPassword });
        var locked = await IntakeApiTests.AssertProblem(
            await other.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = DemoData.Password, newPassword = NewPassword }), "currentPassword");
        Assert.Contains("tạm khóa", locked.GetProperty("errors").GetProperty("currentPassword")[0].GetString());
        Assert.Equal(otherHash, await HashAsync("lanhdao.thuanhoa"));
    }
}
