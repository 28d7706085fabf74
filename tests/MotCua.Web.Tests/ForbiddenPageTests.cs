using System.Net;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// A signed-in officer who opens a page their role forbids reads a Vietnamese 403 page saying so, not the sign-in form;
/// an anonymous visitor is still sent to sign in. The administrator has no page a role policy forbids (the desk refuses
/// them on its own page, with its own 403).
/// </summary>
public class ForbiddenPageTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    [Theory]
    [InlineData("tiepnhan.thuanhoa", "/quan-tri/nguoi-dung")]
    [InlineData("tiepnhan.thuanhoa", "/thanh-tra/nhat-ky")]
    [InlineData("chuyenvien.tuphap", "/quan-tri/lich")]
    [InlineData("truongphong.tuphap", "/quan-tri/don-vi")]
    [InlineData("lanhdao.thuanhoa", "/quan-tri/thu-tuc")]
    [InlineData("thanhtra", "/quan-tri/nguoi-dung")]
    public async Task A_signed_in_officer_sees_a_403_page_saying_the_page_is_not_for_them(string userName, string page)
    {
        var officer = await app.OfficerAsync(userName);
        var response = await officer.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("<h1>Bạn không có quyền truy cập trang này</h1>", html);
        Assert.DoesNotContain("name=\"Password\"", html);
        output.WriteLine($"{userName} → {page}: 403, trang báo không có quyền");
    }

    [Theory]
    [InlineData("/quan-tri/nguoi-dung")]
    [InlineData("/thanh-tra/nhat-ky")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string page)
    {
        var response = await app.SessionClient().GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dang-nhap", response.Headers.Location!.PathAndQuery);
    }
}
