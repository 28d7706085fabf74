using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Biểu 06 of a period that reaches today splits the dossiers in progress at the moment it is read, not at the end of
/// today (issue 15's second fresh trial: a dossier received at 00:25 and due at 17:00 the same day was reported overdue at
/// once). The figures and the lists behind them agree at every moment, and the kept counts are untouched.
/// </summary>
public sealed class Bieu06TodayTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int hour) => new(2025, 11, 17, hour, 0, 0, VietnamTime.Offset);

    [Fact]
    public async Task A_dossier_due_later_today_is_within_its_limit_until_its_due_time_passes()
    {
        app.Clock.Now = At(9);
        var codes = new List<string>();
        foreach (var id in new[] { "046095017001", "046095017002" })
        {
            var response = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.ThuanHoaCode, procedureCode: "1.001193", idNumber: id));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            codes.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!);
        }
        // One was due at 08:00 today, the other is due at 17:00 today (corrected instants: the triggers keep the counts).
        await app.ScalarAsync($"UPDATE dossiers SET original_due_at = '{At(8):O}' WHERE code = '{codes[0]}' RETURNING 1");
        await app.ScalarAsync($"UPDATE dossiers SET original_due_at = '{At(17):O}' WHERE code = '{codes[1]}' RETURNING 1");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        const string query = "agency=" + DemoData.ThuanHoaCode + "&from=2025-11-01&to=2025-11-17";

        async Task<(long InProgress, long Within, long Overdue, long ListedOverdue, long ListedWithin)> ReadAsync()
        {
            var total = (await leader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/bieu-06?{query}")).GetProperty("total");
            async Task<long> Listed(string column) => long.Parse(System.Text.RegularExpressions.Regex.Match(
                await leader.GetStringAsync($"/bao-cao/bieu-06/ho-so?{query}&column={column}"), "id=\"behind-count\">(\\d+) hồ sơ").Groups[1].Value,
                System.Globalization.CultureInfo.InvariantCulture);
            return (total.GetProperty("inProgressTotal").GetInt64(), total.GetProperty("withinLimit").GetInt64(), total.GetProperty("overdue").GetInt64(),
                await Listed("overdue"), await Listed("within-limit"));
        }

        Assert.Equal((2L, 1L, 1L, 1L, 1L), await ReadAsync());
        app.Clock.Now = At(18);
        Assert.Equal((2L, 0L, 2L, 2L, 0L), await ReadAsync());
        // A period over (yesterday's end) is judged at its end, as before.
        var yesterday = (await leader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/bieu-06?agency={DemoData.ThuanHoaCode}&from=2025-11-01&to=2025-11-16"))
            .GetProperty("total");
        Assert.Equal(0, yesterday.GetProperty("inProgressTotal").GetInt64());
    }
}
