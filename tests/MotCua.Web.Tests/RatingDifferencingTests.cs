using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 17u, H4 (issue 17: "the evaluator's identity confidential"): whoever reads a rating figure before and after one
/// rating must learn nothing of it (docs/RATINGS.md "Closed months only", the Domain's <c>RatingPublication</c>). The attack is
/// replayed on every figure a user can read (the ratings API by agency, procedure and officer with its comments, the
/// officer's own row, the dashboard's fragment, the unit score's proposals, the 766 index's API and page): read, rate once,
/// read again, equal. It is replayed while the month is open (nothing of it shows) and once it is published (its
/// figures are the exact recount of its ratings and do not move when a later month is rated); a month of one rating
/// takes no part in a range (no differencing by ranges).
/// </summary>
public class RatingDifferencingTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static readonly string Agency = DemoData.ThuanHoaCode;
    private int dossiers;

    private static object Body(string code, string token, int[] answers, string overall, string? comment) => new
    {
        code, token, overall, channel = "web", comment,
        answers = RatingIndicators.All.ToDictionary(i => i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), i => answers[i.Number - 1]),
    };

    // A returned dossier of Thuận Hóa (desk, specialist, leader on its events) and its printed rating token.
    private async Task<(string Code, string Token)> ReturnedAsync()
    {
        var code = await RatingTests.ClosedAsync(app, "return", $"04609588{dossiers++:D4}");
        return (code, RatingTests.TokenOf(app, await RatingTests.IdOf(app, code)));
    }

    private async Task RateAsync((string Code, string Token) dossier, int[] answers, string overall, string? comment)
    {
        var rated = await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", Body(dossier.Code, dossier.Token, answers, overall, comment));
        Assert.True(rated.StatusCode == HttpStatusCode.Created, await rated.Content.ReadAsStringAsync());
    }

    private static readonly string[] Verdicts = ["very-satisfied", "satisfied", "unsatisfied"];

    private async Task RateVariedAsync(int i) =>
        await RateAsync(await ReturnedAsync(), [.. RatingIndicators.All.Select(c => (i + c.Number) % 3)], Verdicts[i % 3], i % 2 == 0 ? $"Góp ý số {i}" : null);

    // Every figure a user can read, as text; the comments (random order within a month) sorted, the pages' per-request
    // tokens and nonces taken out.
    private async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(string openMonth)
    {
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var inspector = await app.OfficerAsync("thanhtra");
        var read = new Dictionary<string, string>();
        async Task Get(string name, HttpClient client, string url)
        {
            var response = await client.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {text}");
            if (response.Content.Headers.ContentType?.MediaType == "application/json" && JsonNode.Parse(text) is JsonObject json)
            {
                if (json["comments"] is JsonArray comments)
                    json["comments"] = new JsonArray([.. comments.Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal).Select(c => (JsonNode)JsonValue.Create(c)!)]);
                text = json.ToJsonString();
            }
            else text = Regex.Replace(text, "CfDJ8[A-Za-z0-9_-]+|nonce=\"[^\"]*\"", "");
            read[name] = text;
        }
        foreach (var by in new[] { "agency", "procedure", "officer" })
        {
            await Get($"leader {by}", leader, $"/api/v1/reports/ratings?from=01/11/2025&to=28/02/2026&by={by}");
            await Get($"leader {by}, this year", leader, $"/api/v1/reports/ratings?by={by}");
            await Get($"inspector {by}", inspector, $"/api/v1/reports/ratings?agency={Agency}&from=01/11/2025&to=28/02/2026&by={by}");
        }
        await Get("clerk's own row", clerk, "/api/v1/reports/ratings?from=01/11/2025&to=28/02/2026&by=officer");
        await Get("clerk's own row, this month", clerk, "/api/v1/reports/ratings?by=officer");
        await Get("dashboard", leader, "/bao-cao/danh-gia/tom-tat");
        await Get("unit score Q4/2025", leader, $"/api/v1/reports/unit-scores/{Agency}/2025-Q4");
        foreach (var month in new[] { "2025-11", openMonth }.Distinct())
        {
            await Get($"766 {month}", inspector, $"/api/v1/reports/index-766?agency={Agency}&month={month}");
            await Get($"766 page {month}", inspector, $"/bao-cao/chi-so-766?agency={Agency}&month={month}");
        }
        return read;
    }

    private static void AssertUnchanged(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, text) in before) Assert.True(text == after[name], $"{name} moved by one rating:\n{text}\n---\n{after[name]}");
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static JsonElement Indicator(string index, string id) =>
        Json(index).GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray()).Single(i => i.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Reading_before_and_after_one_rating_recovers_nothing_and_a_published_month_is_its_exact_recount()
    {
        // November, open: six ratings, then the trial's attack (the seventh dossier is returned before the first read).
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        for (var i = 0; i < 6; i++) await RateVariedAsync(i);
        var target = await ReturnedAsync();
        var before = await ReadAllAsync("2025-11");
        await RateAsync(target, [0, 1, 2, 0, 0, 1, 2, 0], "unsatisfied", "Cán bộ hướng dẫn chậm");
        AssertUnchanged(before, await ReadAllAsync("2025-11"));
        // And the open month shows nothing of its ratings: no row, no count, no comment, 5.2 waiting, no proposal from ratings.
        var agency = Json(before["leader agency"]);
        Assert.Equal(0, agency.GetProperty("rows").GetArrayLength());
        Assert.Equal(0, agency.GetProperty("comments").GetArrayLength());
        // October is not final either on 17 November (published on 30 November): collecting from October.
        Assert.Contains("tháng 10/2025", agency.GetProperty("collecting").GetString());
        Assert.Equal(0, Json(before["clerk's own row"]).GetProperty("rows").GetArrayLength());
        Assert.DoesNotContain("danh-gia-n", before["dashboard"]);
        Assert.Contains("danh-gia-thu-thap", before["dashboard"]);
        var satisfaction = Indicator(before["766 2025-11"], "5.2");
        Assert.Equal("pending", satisfaction.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, satisfaction.GetProperty("less").GetProperty("count").ValueKind);
        Assert.Contains("chưa chốt", before["766 page 2025-11"]);
        foreach (var n in new[] { 3, 6, 7 })
            Assert.Equal(JsonValueKind.Null, Json(before["unit score Q4/2025"]).GetProperty("rows")[n].GetProperty("proposed").ValueKind);
        // December: one rating only (a month of one must not show by difference of ranges later).
        app.Clock.Now = new DateTimeOffset(2025, 12, 10, 9, 0, 0, Vn);
        await RateVariedAsync(7);
        // Still nothing of November on 30 December: a November rating may yet be replaced by a stronger proof that day.
        app.Clock.Now = new DateTimeOffset(2025, 12, 30, 23, 0, 0, Vn);
        Assert.Equal(0, Json(await (await app.OfficerAsync("lanhdao.thuanhoa")).GetStringAsync("/api/v1/reports/ratings?from=01/11/2025&to=30/11/2025")).GetProperty("rows").GetArrayLength());

        // 5 January 2026: November is published (final since 31 December), December is not. The attack again, in January.
        app.Clock.Now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, Vn);
        var january = await ReturnedAsync();
        var published = await ReadAllAsync("2026-01");
        await RateAsync(january, [2, 2, 2, 2, 0, 2, 2, 2], "unsatisfied", "Tháng Một");
        AssertUnchanged(published, await ReadAllAsync("2026-01"));

        // November's figures are the exact recount of its seven ratings.
        var november = await RecountAsync("2025-11-01");
        Assert.Equal(7, november.N);
        var row = Json(published["leader agency"]).GetProperty("rows").EnumerateArray().Single();
        AssertRecount(november, row);
        AssertRecount(november, Json(published["leader procedure"]).GetProperty("rows").EnumerateArray().Single());
        AssertRecount(november, Json(published["clerk's own row"]).GetProperty("rows").EnumerateArray().Single());
        Assert.Equal(3, Json(published["leader officer"]).GetProperty("rows").GetArrayLength());
        Assert.Equal("2025-11-01", Json(published["leader agency"]).GetProperty("to").GetString());
        Assert.Contains("12/2025", Json(published["leader agency"]).GetProperty("collecting").GetString());
        Assert.Equal(november.Comments.Order(StringComparer.Ordinal),
            Json(published["leader agency"]).GetProperty("comments").EnumerateArray().Select(c => c.GetString()!));
        Assert.Contains("<strong id=\"danh-gia-n\">7</strong>", published["dashboard"]);
        // The unit score proposes criteria 2, 5 and 7 from the same recount (December's one rating takes no part).
        var sheet = Json(published["unit score Q4/2025"]).GetProperty("rows");
        Assert.Equal(november.Averages[1], sheet[3].GetProperty("proposed").GetDecimal());
        Assert.Equal(november.Averages[4], sheet[6].GetProperty("proposed").GetDecimal());
        Assert.Equal(november.Averages[6], sheet[7].GetProperty("proposed").GetDecimal());
        // The 766 index of November takes its unsatisfied ratings (exact); January's 5.2 waits.
        var closed = Indicator(published["766 2025-11"], "5.2");
        Assert.Equal("scored", closed.GetProperty("state").GetString());
        Assert.Equal(november.Unsatisfied, closed.GetProperty("less").GetProperty("count").GetInt64());
        Assert.Equal(3, november.Unsatisfied);
        Assert.Equal("pending", Indicator(published["766 2026-01"], "5.2").GetProperty("state").GetString());

        // February: December is published but holds one rating; a range over both months is November's alone.
        app.Clock.Now = new DateTimeOffset(2026, 2, 5, 9, 0, 0, Vn);
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var both = Json(await leader.GetStringAsync("/api/v1/reports/ratings?from=01/11/2025&to=31/12/2025&by=agency")).GetProperty("rows").EnumerateArray().Single();
        AssertRecount(november, both);
        var december = Json(await leader.GetStringAsync("/api/v1/reports/ratings?from=01/12/2025&to=31/12/2025&by=agency")).GetProperty("rows").EnumerateArray().Single();
        Assert.True(december.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, december.GetProperty("n").ValueKind);
    }

    // The month's ratings of Thuận Hóa read from the ratings table itself and counted here.
    private async Task<(long N, decimal[] Averages, decimal[] Shares, long Unsatisfied, string[] Comments)> RecountAsync(string month)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT r.answers, r.overall, r.comment FROM ratings r JOIN agencies a ON a.id = r.agency_id WHERE a.code = '{Agency}' AND r.month = '{month}'", connection);
        var ratings = new List<(short[] Answers, short Overall, string? Comment)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                ratings.Add((reader.GetFieldValue<short[]>(0), reader.GetInt16(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        var n = ratings.Count;
        var averages = RatingIndicators.All.Select(i => Math.Round((decimal)ratings.Sum(r => r.Answers[i.Number - 1]) / n, 2)).ToArray();
        var shares = new[] { 2, 1, 0 }.Select(v => Math.Round((decimal)ratings.Count(r => r.Overall == v) / n, 4)).ToArray();
        return (n, averages, shares, ratings.Count(r => r.Overall == 0), ratings.Select(r => r.Comment).OfType<string>().ToArray());
    }

    private static void AssertRecount((long N, decimal[] Averages, decimal[] Shares, long Unsatisfied, string[] Comments) expected, JsonElement row)
    {
        Assert.False(row.GetProperty("suppressed").GetBoolean(), row.ToString());
        Assert.Equal(expected.N, row.GetProperty("n").GetInt64());
        Assert.Equal(expected.Averages, row.GetProperty("averages").EnumerateArray().Select(a => a.GetDecimal()));
        Assert.Equal(expected.Shares, new[] { "veryShare", "satisfiedShare", "unsatisfiedShare" }.Select(s => row.GetProperty(s).GetDecimal()));
    }
}
