using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>Worklists per role (API and /xu-ly page), on a database of their own so the counts are exact.</summary>
public class ProcessingWorklistTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    private async Task<string> SubmitAsync(string procedureCode = "1.001193", string channel = "direct")
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: procedureCode, channel: channel));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task ActAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<(int Total, string[] Codes, JsonElement Page)> ListAsync(HttpClient client, string name)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/worklists/{name}");
        Assert.Equal(page.GetProperty("total").GetInt32(), page.GetProperty("counts").GetProperty(name).GetInt32());
        return (page.GetProperty("total").GetInt32(), [.. page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("code").GetString()!)], page);
    }

    [Fact]
    public async Task Each_role_sees_what_waits_for_it_with_counts_due_dates_and_urgency()
    {
        app.Clock.Now = At(17, 9);
        var received = await SubmitAsync();                       // status 2, due Tuesday 09:00
        var online = await SubmitAsync(channel: "online");        // status 1
        var guardianship = await SubmitAsync("1.004837");         // 3 working days, due Thursday 09:00
        var waiting = await SubmitAsync();

        app.Clock.Now = At(17, 9, 30);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        await ActAsync(desk, guardianship, "transfer");
        await ActAsync(desk, waiting, "transfer");
        await ActAsync(clerk, waiting, "supplement-request", new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp mờ" } } });

        Assert.Equal([online], (await ListAsync(desk, "to-receive")).Codes);
        Assert.Equal([received, online, waiting], (await ListAsync(desk, "mine")).Codes.Order());
        Assert.Equal([guardianship], (await ListAsync(clerk, "mine")).Codes);
        Assert.Empty((await ListAsync(leader, "mine")).Codes);
        Assert.Equal([waiting], (await ListAsync(clerk, "waiting-for-citizen")).Codes);
        Assert.Equal(3, (await ListAsync(desk, "department")).Total);

        var (_, soon, soonPage) = await ListAsync(desk, "due-soon");
        Assert.Equal([received], soon);
        var row = soonPage.GetProperty("rows")[0];
        Assert.Equal(("dueSoon", "Sắp đến hạn"), (row.GetProperty("urgency").GetString(), row.GetProperty("urgencyName").GetString()));
        Assert.Equal(At(18, 9), row.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Empty((await ListAsync(desk, "overdue")).Codes);

        await ActAsync(clerk, guardianship, "complete-step", new { note = "Hợp lệ" });
        Assert.Equal([guardianship], (await ListAsync(leader, "mine")).Codes);
        Assert.Empty((await ListAsync(clerk, "mine")).Codes);

        // Tuesday 10:00: the desk dossier is past its due date; the guardianship one (Thursday) is not yet due within a day.
        app.Clock.Now = At(18, 10);
        desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var (_, overdue, overduePage) = await ListAsync(desk, "overdue");
        Assert.Equal([received], overdue);
        Assert.Equal("overdue", overduePage.GetProperty("rows")[0].GetProperty("urgency").GetString());
        Assert.DoesNotContain(guardianship, (await ListAsync(desk, "due-soon")).Codes);

        var stranger = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal(0, (await ListAsync(stranger, "department")).Total);
        Assert.Equal(0, (await ListAsync(stranger, "to-receive")).Total);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync("/api/v1/worklists/mine")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync("/api/v1/worklists/khong-co")).StatusCode);
        var second = await desk.GetFromJsonAsync<JsonElement>("/api/v1/worklists/department?page=2");
        Assert.Equal((2, 3, 0), (second.GetProperty("page").GetInt32(), second.GetProperty("total").GetInt32(), second.GetProperty("rows").GetArrayLength()));

        var html = await desk.GetStringAsync("/xu-ly?ds=overdue");
        Assert.Contains("Quá hạn", html);
        Assert.Contains($"href=\"/ho-so/{received}\"", html);
        Assert.Contains("class=\"urgency-1\"", html);
        Assert.Contains("aria-current=\"page\"", html);
    }
}
