using System.Net;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial17t MEDIUM 4 over real HTTP and PostgreSQL: "Gọi số tiếp theo" while the counter serves a ticket ends it first
/// (done at that instant, counted in the figures, its holder offered the satisfaction buttons), on the API and on the
/// desk panel alike; while a ticket is only called, the call is refused with 409 until "Vắng mặt" is allowed, and then
/// the called ticket becomes a no-show.
/// </summary>
public class QueueNextCallTests : IClassFixture<MotCuaApp>
{
    private readonly MotCuaApp app;

    public QueueNextCallTests(MotCuaApp app)
    {
        app.Settings["Motcua:Queue:TicketsPerAddressPerHour"] = "100000";
        this.app = app;
    }

    private void At(int minute) => app.Clock.Now = new DateTimeOffset(2025, 11, 17, 10, minute, 0, VietnamTime.Offset);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<long> StateAsync(long ticket) => await app.ScalarAsync($"SELECT state FROM queue_tickets WHERE id = {ticket}");

    [Fact]
    public async Task Calling_next_over_the_api_ends_the_served_ticket_and_refuses_while_one_is_only_called()
    {
        At(0);
        var (service, counters) = await QueueTests.ServiceAsync(app, DemoData.ThuanHoaCode, 'N', counters: 1);
        var phone = app.SessionClient();
        var taken = new List<JsonElement>();
        for (var i = 0; i < 3; i++) taken.Add(await JsonAsync(await QueueTests.TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "N" }), HttpStatusCode.Created));
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var next = $"/api/v1/queue/counters/{counters[0]}/call-next";

        At(5);
        var first = (await JsonAsync(await desk.PostAsync(next, null), HttpStatusCode.OK)).GetProperty("id").GetInt64();
        At(6);
        await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{first}/start", null), HttpStatusCode.OK);
        // The officer forgets "Xong": the next call ends N001 at that instant.
        At(14);
        var second = (await JsonAsync(await desk.PostAsync(next, null), HttpStatusCode.OK)).GetProperty("id").GetInt64();
        Assert.Equal(4, await StateAsync(first));
        Assert.Equal(8 * 60, await app.ScalarAsync($"SELECT extract(epoch FROM served_end_at - served_start_at)::bigint FROM queue_tickets WHERE id = {first}"));
        Assert.Contains("id=\"hai-long\"", await phone.GetStringAsync(taken[0].GetProperty("url").GetString()));

        // N002 is only called: the next call is refused, naming it, and changes nothing.
        var refused = await desk.PostAsync(next, null);
        var problem = await JsonAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://motcua.vn/problems/ticket-transition", problem.GetProperty("type").GetString());
        Assert.Contains("N002", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await StateAsync(second));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM queue_tickets WHERE service_id = {service} AND state = 1"));

        // Called twice and five minutes on, the next call marks N002 absent and calls N003.
        await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{second}/recall", null), HttpStatusCode.OK);
        At(19);
        Assert.Equal("N003", (await JsonAsync(await desk.PostAsync(next, null), HttpStatusCode.OK)).GetProperty("number").GetString());
        Assert.Equal(5, await StateAsync(second));

        // The figures count N001 served and N002 absent.
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var figures = await JsonAsync(await leader.GetAsync($"/api/v1/queue/figures?agency={DemoData.ThuanHoaCode}&by=service&from=2025-11-17&to=2025-11-17"), HttpStatusCode.OK);
        var row = figures.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "N").GetProperty("figures");
        Assert.Equal(1, row.GetProperty("served").GetInt32());
        Assert.Equal(1, row.GetProperty("noShow").GetInt32());
        Assert.Equal(8.0, row.GetProperty("servingAverage").GetDouble());
    }

    [Fact]
    public async Task Calling_next_on_the_desk_panel_while_serving_ends_the_ticket_and_says_so()
    {
        At(30);
        var (_, counters) = await QueueTests.ServiceAsync(app, DemoData.ThuanHoaCode, 'P', counters: 1);
        var phone = app.SessionClient();
        for (var i = 0; i < 2; i++) await JsonAsync(await QueueTests.TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "P" }), HttpStatusCode.Created);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        async Task<string> PostAsync(string handler, Dictionary<string, string> fields)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/quay/goi?handler={handler}") { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("HX-Request", "true");
            var response = await desk.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        var panel = await desk.GetStringAsync("/quay/goi");
        panel = await PostAsync("Take", new() { ["counter"] = counters[0].ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(panel) });
        panel = await PostAsync("Next", new() { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(panel) });
        Assert.Contains("id=\"so-dang-goi\">P001<", panel);
        var first = await app.ScalarAsync($"SELECT id FROM queue_tickets WHERE counter_id = {counters[0]} AND state = 2");
        At(31);
        panel = await PostAsync("Start", new() { ["ticket"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(panel) });
        Assert.Contains("id=\"goi-tiep\"", panel);
        At(40);
        panel = await PostAsync("Next", new() { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(panel) });
        Assert.Contains("Số P001 đã phục vụ xong. Mời số P002", panel);
        Assert.Contains("id=\"so-dang-goi\">P002<", panel);
        Assert.Equal(4, await StateAsync(first));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM queue_tickets WHERE counter_id = {counters[0]} AND state IN (2, 3)"));
    }
}
