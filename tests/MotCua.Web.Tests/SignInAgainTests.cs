using System.Net;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// A signed-in officer who posts a sign-in form opened before signing in (another tab, the back button) signs in as the
/// account posted, instead of the antiforgery filter's bare 400; a form without a valid token still signs nobody in and
/// is shown again with a Vietnamese message.
/// </summary>
public class SignInAgainTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task The_sign_in_form_opened_before_signing_in_switches_the_account()
    {
        var browser = app.SessionClient();
        var form = await browser.GetStringAsync("/dang-nhap");
        var token = MotCuaApp.AntiforgeryToken(form);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInThrottleTests.TryAsync(browser, token, "tiepnhan.thuanhoa", DemoData.Password)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/quan-tri/nguoi-dung")).StatusCode);

        // The other tab's form, its token bound to the anonymous visitor, posted while signed in.
        var again = await SignInThrottleTests.TryAsync(browser, token, "quantri", DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/quan-tri/nguoi-dung")).StatusCode);

        // Signed in, the page says as whom, and its own form works too.
        var signedInForm = await browser.GetStringAsync("/dang-nhap");
        Assert.Contains("id=\"signed-in-as\"", signedInForm);
        Assert.Equal(HttpStatusCode.Redirect,
            (await SignInThrottleTests.TryAsync(browser, MotCuaApp.AntiforgeryToken(signedInForm), "tiepnhan.thuanhoa", DemoData.Password)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/quan-tri/nguoi-dung")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_post_without_a_valid_token_is_shown_again_with_a_message_and_signs_nobody_in()
    {
        // Signed in by the form alone (no X-CSRF-TOKEN header on every request, as OfficerAsync adds).
        var browser = app.SessionClient();
        var signIn = MotCuaApp.AntiforgeryToken(await browser.GetStringAsync("/dang-nhap"));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInThrottleTests.TryAsync(browser, signIn, "tiepnhan.thuanhoa", DemoData.Password)).Status);
        foreach (var token in new[] { "", "khong-hop-le" })
        {
            var (status, page) = await SignInThrottleTests.TryAsync(browser, token, "quantri", DemoData.Password);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("Biểu mẫu đăng nhập đã hết hạn hoặc không hợp lệ", page);
            Assert.Contains("name=\"Password\"", page);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/quan-tri/nguoi-dung")).StatusCode);
        }
    }
}
