using System.Net;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 17t LOW 8 and 9, kio31's note (docs/CITIZENS.md "Session 32"): the kiosk keeps the centre's hours as the phone
/// does (one rule, <c>RemoteWindow.Hours</c>): refused on a Saturday night, before 06:30 and after the 17:00 closing,
/// given from 06:30 and in the last hour the phone is refused (the kiosk page takes its ticket through the same
/// <c>TicketTaking</c>); the desk panel's post naming no handler says there is no
/// ticket to end; yesterday's ticket left called is not the counter's current one today.
/// </summary>
public class QueueHoursThirtyTwoTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private void At(int day, int hour, int minute = 0) => app.Clock.Now = new DateTimeOffset(2025, 11, day, hour, minute, 0, Vn);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> TakeAsync(HttpClient client, string service)
    {
        var response = await QueueTests.TakeAsync(client, DemoData.PhuXuanCode, new { service });
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task The_kiosk_gives_no_ticket_when_the_centre_is_closed_and_keeps_walk_ins_until_closing()
    {
        At(17, 9);
        await QueueTests.ServiceAsync(app, DemoData.PhuXuanCode, 'H', counters: 1);
        var kiosk = await QueueTests.KioskAsync(app, DemoData.PhuXuanCode);
        var phone = app.SessionClient();

        At(22, 1, 22); // Saturday 01:22, the trial's time
        var (status, night) = await TakeAsync(kiosk, "H");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("https://motcua.vn/problems/queue-closed", night.GetProperty("type").GetString());
        Assert.Contains("không làm việc", night.GetProperty("detail").GetString());
        Assert.False(night.TryGetProperty("estimate", out _));

        At(17, 6, 15); // Monday before 06:30
        Assert.Equal(HttpStatusCode.Conflict, (await TakeAsync(kiosk, "H")).Status);
        At(17, 17, 5); // after the 17:00 closing
        Assert.Equal(HttpStatusCode.Conflict, (await TakeAsync(kiosk, "H")).Status);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id WHERE s.letter = 'H'"));

        At(17, 6, 35);
        Assert.Equal(HttpStatusCode.Created, (await TakeAsync(kiosk, "H")).Status);
        At(17, 16, 30); // the phone's last hour is over; walk-ins keep their places
        Assert.Equal(HttpStatusCode.Conflict, (await TakeAsync(phone, "H")).Status);
        Assert.Equal(HttpStatusCode.Created, (await TakeAsync(kiosk, "H")).Status);
    }

    [Fact]
    public async Task The_desk_panel_says_there_is_no_ticket_to_end_and_shows_no_ticket_of_yesterday()
    {
        At(18, 9);
        var (_, counters) = await QueueTests.ServiceAsync(app, DemoData.PhuXuanCode, 'Y', counters: 1);
        var desk = await app.OfficerAsync("tiepnhan.phuxuan");
        var panel = await desk.GetStringAsync("/quay/goi");
        async Task<string> PostAsync(string handler, Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(panel);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/quay/goi?handler={handler}") { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("HX-Request", "true");
            var response = await desk.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }
        var counter = counters[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        panel = await PostAsync("Take", new() { ["counter"] = counter });

        // A crafted "Done" without a ticket: nothing to end, said so; the counters are still listed.
        foreach (var handler in new[] { "Done", "Finish" })
        {
            var answer = await PostAsync(handler, []);
            Assert.Contains("Không có số nào để kết thúc", answer);
            Assert.DoesNotContain("chưa khai báo quầy", answer);
        }

        Assert.Equal(HttpStatusCode.Created, (await TakeAsync(app.SessionClient(), "Y")).Status);
        panel = await PostAsync("Next", []);
        Assert.Contains("id=\"so-dang-goi\">Y001<", panel);
        // The next morning the officer takes the counter again: yesterday's called ticket is not today's.
        At(19, 9);
        desk = await app.OfficerAsync("tiepnhan.phuxuan");
        panel = await desk.GetStringAsync("/quay/goi");
        panel = await PostAsync("Take", new() { ["counter"] = counter });
        Assert.DoesNotContain("id=\"so-dang-goi\"", panel);
    }
}
