using System.Net;
using MotCua.Web.Features.Demo;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Tests;

/// <summary>
/// The ratings' figures over real HTTP (docs/RATINGS.md): November's ratings read once November is published (5 January
/// 2026, "Closed months only"): cells under five suppressed, then the averages and shares equal a recount of the rows; each role reads what <c>RatingAccess</c> says (an officer only their own row, a leader their
/// agency, the inspector any, systems nothing); the dashboard fragment's 204 for roles that do not see it.
/// </summary>
public class RatingFiguresTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static readonly DateTimeOffset November = new(2025, 11, 17, 9, 0, 0, Vn);
    private static readonly DateTimeOffset NovemberPublished = new(2026, 1, 5, 9, 0, 0, Vn);

    private async Task RateAsync(int n, int points, string overall)
    {
        var code = await RatingTests.ClosedAsync(app, "return", $"04609570{n:D4}");
        var rated = await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, RatingTests.TokenOf(app, await RatingTests.IdOf(app, code)), points, overall));
        Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
    }

    private static async Task<JsonElement> RowsAsync(HttpClient client, string by)
    {
        var response = await client.GetAsync($"/api/v1/reports/ratings?from=01/11/2025&to=30/11/2025&by={by}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{by}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Figures_are_suppressed_under_five_then_equal_a_recount_and_each_role_reads_its_share()
    {
        app.Clock.Now = November;
        for (var n = 0; n < 4; n++) await RateAsync(n, 2, "very-satisfied");
        app.Clock.Now = NovemberPublished;
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var small = (await RowsAsync(leader, "agency")).GetProperty("rows").EnumerateArray().Single();
        Assert.True(small.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, small.GetProperty("n").ValueKind);
        Assert.Equal(JsonValueKind.Null, small.GetProperty("averages").ValueKind);

        app.Clock.Now = November;
        await RateAsync(4, 0, "unsatisfied");
        await RateAsync(5, 1, "satisfied");
        app.Clock.Now = NovemberPublished;
        leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var answer = await RowsAsync(leader, "agency");
        var row = answer.GetProperty("rows").EnumerateArray().Single();
        Assert.False(row.GetProperty("suppressed").GetBoolean());
        Assert.Equal(6, row.GetProperty("n").GetInt64());
        Assert.Equal(Math.Round(9m / 6, 2), row.GetProperty("averages")[0].GetDecimal());
        Assert.Equal(Math.Round(1m / 6, 4), row.GetProperty("unsatisfiedShare").GetDecimal());
        Assert.Equal(Math.Round(4m / 6, 4), row.GetProperty("veryShare").GetDecimal());
        Assert.Equal(0, answer.GetProperty("comments").GetArrayLength());
        var procedure = (await RowsAsync(leader, "procedure")).GetProperty("rows").EnumerateArray().Single();
        Assert.Equal("1.001193", procedure.GetProperty("key").GetString());
        // Each officer who acted on the dossiers has a row of six.
        var officers = (await RowsAsync(leader, "officer")).GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(3, officers.Length);
        Assert.All(officers, o => Assert.Equal(6, o.GetProperty("n").GetInt64()));

        // A specialist: only their own row, by officer; agency and procedure refused.
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var own = (await RowsAsync(clerk, "officer")).GetProperty("rows").EnumerateArray().Single();
        Assert.Equal(await app.ScalarAsync("SELECT id FROM users WHERE user_name = 'congchuc.thuanhoa'"), long.Parse(own.GetProperty("key").GetString()!));
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/v1/reports/ratings?by=agency")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/v1/reports/ratings?by=procedure")).StatusCode);
        // Another agency's leader is refused; the inspector reads any agency; a system reads nothing.
        var other = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/reports/ratings?agency={DemoData.ThuanHoaCode}&by=officer")).StatusCode);
        var inspector = await app.OfficerAsync("thanhtra");
        var inspected = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/ratings?agency={DemoData.ThuanHoaCode}&from=01/11/2025&to=30/11/2025");
        Assert.Equal(6, inspected.GetProperty("rows")[0].GetProperty("n").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync($"/api/v1/reports/ratings?agency={DemoData.ThuanHoaCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/v1/reports/ratings?agency={DemoData.ThuanHoaCode}")).StatusCode);
        // 422s name the field; an unknown agency is 404.
        foreach (var (query, field) in new[] { ("by=day", "by"), ("from=32/13/2025", "from"), ("from=10/11/2025&to=01/11/2025", "to") })
        {
            var bad = await leader.GetAsync("/api/v1/reports/ratings?" + query);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync("/api/v1/reports/ratings?agency=000.99.99.H46")).StatusCode);

        // The dashboard fragment: the leader sees the count; the specialist gets 204.
        var fragment = await leader.GetAsync("/bao-cao/danh-gia/tom-tat");
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Contains("<strong id=\"danh-gia-n\">6</strong>", await fragment.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await clerk.GetAsync("/bao-cao/danh-gia/tom-tat")).StatusCode);
    }
}
