using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>Trial 17u, L5: a unit is not scored for a quarter that has not begun by the app's clock (422 naming
/// <c>quarter</c>, in Vietnamese, nothing written or audited); the current quarter is scored as before.</summary>
public class UnitScoreFutureQuarterTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task A_quarter_not_begun_is_refused_naming_the_quarter()
    {
        app.Clock.Now = new DateTimeOffset(2025, 12, 31, 23, 30, 0, VietnamTime.Offset);
        var inspector = await app.OfficerAsync("thanhtra");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        foreach (var (client, quarter, body) in new (HttpClient, string, object)[]
        {
            (inspector, "2031-Q1", new { indicator = 1, appraisedScore = 1m }),
            (leader, "2026-Q1", new { indicator = 1, selfScore = 2m, reason = "Tự chấm trước" }),
        })
        {
            var refused = await client.PutAsJsonAsync($"/api/v1/reports/unit-scores/{DemoData.ThuanHoaCode}/{quarter}", body);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, $"{quarter}: {(int)refused.StatusCode} {text}");
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.Contains("chưa bắt đầu", errors.GetProperty("quarter")[0].GetString());
        }
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM unit_scores WHERE quarter >= '2026-01-01'"));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'unit-score.%'"));

        // The quarter that has begun (its last half hour) is scored; half an hour later the next one is too.
        var current = await inspector.PutAsJsonAsync($"/api/v1/reports/unit-scores/{DemoData.ThuanHoaCode}/2025-Q4", new { indicator = 1, appraisedScore = 1m });
        Assert.True(current.StatusCode == HttpStatusCode.OK, await current.Content.ReadAsStringAsync());
        app.Clock.Now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, VietnamTime.Offset);
        var next = await inspector.PutAsJsonAsync($"/api/v1/reports/unit-scores/{DemoData.ThuanHoaCode}/2026-Q1", new { indicator = 1, appraisedScore = 1m });
        Assert.True(next.StatusCode == HttpStatusCode.OK, await next.Content.ReadAsStringAsync());
    }
}
