using System.Net;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial17u LOW 6 (<c>QueueStore.ClosedMessageAsync</c>): on a non-working day the phone's queue page and the kiosk's
/// "Lấy số" page say that no number is given today before anyone taps, as the tap's own 409 would; on a working morning
/// they say nothing of the kind.
/// </summary>
public class QueueClosedDayNoticeTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task A_saturday_is_announced_before_the_tap_and_a_monday_morning_is_not()
    {
        var kiosk = await QueueTests.KioskAsync(app, DemoData.CentreCode);
        var phone = app.SessionClient();
        var before = app.Clock.Now;
        try
        {
            // A Saturday morning at 07:45 in Vietnam, as in the trial (in the year of the fixture's calendar).
            app.Clock.Now = new DateTimeOffset(2025, 11, 22, 7, 45, 0, TimeSpan.FromHours(7));
            foreach (var (client, url) in new[] { (phone, $"/xep-hang/{DemoData.CentreCode}"), (kiosk, "/kiosk/lay-so") })
            {
                var answer = await client.GetAsync(url);
                var page = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                var notice = System.Text.RegularExpressions.Regex.Match(page, "id=\"loi\">([^<]*)<");
                Assert.True(notice.Success, url);
                Assert.Contains("không làm việc", notice.Groups[1].Value, StringComparison.Ordinal);
            }
            // The Monday after, 09:00.
            app.Clock.Now = new DateTimeOffset(2025, 11, 24, 9, 0, 0, TimeSpan.FromHours(7));
            foreach (var (client, url) in new[] { (phone, $"/xep-hang/{DemoData.CentreCode}"), (kiosk, "/kiosk/lay-so") })
                Assert.DoesNotContain("id=\"loi\"", await client.GetStringAsync(url), StringComparison.Ordinal);
        }
        finally
        {
            app.Clock.Now = before;
        }
    }
}
