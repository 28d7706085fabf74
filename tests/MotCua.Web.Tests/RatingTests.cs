using System.Net;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Ratings;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MotCua.Web.Tests;

/// <summary>
/// Ratings over real HTTP and PostgreSQL (docs/RATINGS.md): generated across every channel (web, qr, sms, kiosk) and every
/// closing action (return, stop, refuse); one rating per dossier, also when two arrive at once; the one 404 for an unknown
/// code and a wrong token; the window; the 422s naming the field; the 8 KB limit; the page without script; the lookup's
/// link only with a token; the invitation the closing event plans.
/// </summary>
public class RatingTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    internal static readonly string[] ClosingActions = ["return", "stop", "refuse"];

    /// <summary>A dossier of Thuận Hóa closed by <paramref name="closing"/> through the processing API: returned after the
    /// whole path, stopped after a withdrawal, or refused after an online submission.</summary>
    internal static async Task<string> ClosedAsync(MotCuaApp app, string closing, string idNumber)
    {
        var channel = closing == "refuse" ? "online" : "direct";
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(channel: channel, idNumber: idNumber));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        async Task Act(HttpClient client, string action, object body)
        {
            var r = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        switch (closing)
        {
            case "return":
                await Act(desk, "transfer", new { });
                await Act(await app.OfficerAsync("congchuc.thuanhoa"), "complete-step", new { note = "Hồ sơ hợp lệ" });
                await Act(await app.OfficerAsync("lanhdao.thuanhoa"), "approve", new { note = "Đồng ý" });
                await Act(desk, "result-ready", new { });
                await Act(desk, "return", new { method = "desk", receivedBy = "Nguyễn Văn An" });
                break;
            case "stop":
                await Act(desk, "withdraw", new { reason = "Công dân xin rút hồ sơ" });
                await Act(desk, "stop", new { reason = "Công dân rút hồ sơ" });
                break;
            default:
                await Act(desk, "refuse-online", new { reason = "Hồ sơ không hợp lệ", legalBasis = "Điều 15 Nghị định 61/2018/NĐ-CP" });
                break;
        }
        return code;
    }

    internal static async Task<long> IdOf(MotCuaApp app, string code) => await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");

    internal static string TokenOf(MotCuaApp app, long id) =>
        RatingToken.For(app.Services.GetRequiredService<DeploymentKey>().DeriveKey(RatingToken.KeyPurpose), id);

    internal static object Body(string code, string token, int points = 2, string overall = "very-satisfied", string channel = "web", string? comment = null) => new
    {
        code, token, overall, channel, comment,
        answers = RatingIndicators.All.ToDictionary(i => i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => points),
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? type = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        if (type is not null) Assert.Equal(type, problem.GetProperty("type").GetString());
        return problem;
    }

    [Fact]
    public async Task Every_channel_and_every_closing_action_rates_once_and_names_no_dossier()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var anonymous = app.CreateClient();
        var n = 0;
        var unsatisfied = 0;
        // The class's other tests may have rated before: the counts are compared as differences.
        var ratingsBefore = await app.ScalarAsync("SELECT count(*) FROM ratings");
        var unsatisfiedBefore = await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM index766_counts WHERE input = 19");
        foreach (var closing in ClosingActions)
            foreach (var channel in Rating.ChannelNames.Keys)
            {
                n++;
                var code = await ClosedAsync(app, closing, $"04609520{n:D4}");
                var token = TokenOf(app, await IdOf(app, code));
                var overall = n % 3 == 0 ? "unsatisfied" : "satisfied";
                if (overall == "unsatisfied") unsatisfied++;

                // A wrong token and an unknown code read the same: no oracle on codes.
                var wrong = await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", Body(code, TokenOf(app, 999_999), channel: channel)), HttpStatusCode.NotFound, RatingEndpoints.NotFoundType);
                var unknown = await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", Body("000.10.01.H46-990101-9999", token, channel: channel)), HttpStatusCode.NotFound, RatingEndpoints.NotFoundType);
                Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());

                var typed = token.ToLowerInvariant().Replace("-", "");
                var rated = await anonymous.PostAsJsonAsync("/api/v1/ratings", Body(code, typed, points: n % 3, overall: overall, channel: channel, comment: "Gọi 0905123456 để hỏi"));
                Assert.True(rated.StatusCode == HttpStatusCode.Created, await rated.Content.ReadAsStringAsync());
                Assert.True((await rated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rated").GetBoolean());
                await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", Body(code, token, channel: channel)), HttpStatusCode.Conflict, RatingEndpoints.AlreadyRatedType);
                Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM rating_receipts WHERE dossier_id = {await IdOf(app, code)}"));
                Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE channel = {(int)Rating.ChannelNames[channel]} AND answers[1] = {n % 3} AND comment = 'Gọi *** để hỏi'"
                    + $" AND overall = {(overall == "unsatisfied" ? 0 : 1)} AND procedure_code = '1.001193'"));
            }
        Assert.Equal(ratingsBefore + n, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        // The counts kept by the rating's statement: officer 0 holds every rating; input 19 the unsatisfied ones.
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM ratings"), await app.ScalarAsync("SELECT sum(n) FROM rating_counts WHERE officer_id = 0"));
        Assert.Equal(await app.ScalarAsync("SELECT sum(answers[5]) FROM ratings"), await app.ScalarAsync("SELECT sum(sums[5]) FROM rating_counts WHERE officer_id = 0"));
        Assert.Equal(unsatisfiedBefore + unsatisfied, await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM index766_counts WHERE input = 19"));
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM ratings WHERE overall = 0"), await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM index766_counts WHERE input = 19"));
        // Officers: everyone on the dossier's events, each with their own cell.
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM ratings r CROSS JOIN unnest(r.officer_ids)"), await app.ScalarAsync("SELECT sum(n) FROM rating_counts WHERE officer_id <> 0"));
        // Confidentiality by construction: no column of ratings names a dossier, a citizen, a day or an instant.
        Assert.Equal(0, await app.ScalarAsync("""
            SELECT count(*) FROM information_schema.columns WHERE table_name = 'ratings'
              AND (column_name LIKE '%dossier%' OR column_name LIKE '%citizen%' OR column_name LIKE '%code%' AND column_name <> 'procedure_code'
                   OR data_type IN ('timestamp with time zone', 'timestamp without time zone'))
            """));
        // rating_receipts: the dossier and the proof it was rated with (migration 0107), nothing else.
        Assert.Equal(2, await app.ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'rating_receipts'"));
    }

    [Fact]
    public async Task A_dossier_not_closed_or_closed_over_thirty_days_ago_is_not_open()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
        var anonymous = app.CreateClient();
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095300001"));
        var open = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var notClosed = await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", Body(open, TokenOf(app, await IdOf(app, open)))), HttpStatusCode.Conflict, RatingEndpoints.NotOpenType);
        Assert.Contains("chưa trả kết quả", notClosed.GetProperty("detail").GetString());

        var code = await ClosedAsync(app, "stop", "046095300002");
        app.Clock.Now = app.Clock.Now.AddDays(30).AddMinutes(1);
        var late = await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", Body(code, TokenOf(app, await IdOf(app, code)))), HttpStatusCode.Conflict, RatingEndpoints.NotOpenType);
        Assert.Contains("30 ngày", late.GetProperty("detail").GetString());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM rating_receipts WHERE dossier_id IN ({await IdOf(app, open)}, {await IdOf(app, code)})"));
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
    }

    [Fact]
    public async Task Bad_answers_are_named_and_nothing_is_written()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 19, 9, 0, 0, Vn);
        var code = await ClosedAsync(app, "refuse", "046095400001");
        var token = TokenOf(app, await IdOf(app, code));
        var anonymous = app.CreateClient();
        var answers = RatingIndicators.All.ToDictionary(i => i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), i => (int?)(i.Number == 3 ? 5 : 1));
        var bad = await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", new { code, token, answers, overall = "tuyệt vời", comment = new string('x', 1001) }), HttpStatusCode.UnprocessableEntity);
        var errors = bad.GetProperty("errors");
        foreach (var field in new[] { "answers.3", "overall", "comment" }) Assert.True(errors.TryGetProperty(field, out _), field);
        answers.Remove("7");
        var missing = await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", new { code, token, answers, overall = "satisfied" }), HttpStatusCode.UnprocessableEntity);
        Assert.True(missing.GetProperty("errors").TryGetProperty("answers.7", out _));
        var channel = await ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", Body(code, token, channel: "fax")), HttpStatusCode.UnprocessableEntity);
        Assert.True(channel.GetProperty("errors").TryGetProperty("channel", out _));
        // Over 8 KB: refused before it is read, as problem+json.
        using var large = new StringContent("{\"code\":\"" + code + "\",\"comment\":\"" + new string('a', 9000) + "\"}", Encoding.UTF8, "application/json");
        await ProblemAsync(await anonymous.PostAsync("/api/v1/ratings", large), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM rating_receipts WHERE dossier_id = {await IdOf(app, code)}"));
        // Still open for a good rating afterwards.
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/api/v1/ratings", Body(code, token))).StatusCode);
    }

    [Fact]
    public async Task Two_ratings_sent_at_once_give_one_201_and_one_409()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 20, 9, 0, 0, Vn);
        for (var round = 0; round < 4; round++)
        {
            var code = await ClosedAsync(app, "stop", $"04609550{round:D4}");
            var token = TokenOf(app, await IdOf(app, code));
            var before = await app.ScalarAsync("SELECT count(*) FROM ratings");
            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.CreateClient().PostAsJsonAsync("/api/v1/ratings", Body(code, token, overall: "unsatisfied"))));
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            Assert.Equal(before + 1, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        }
    }

    [Fact]
    public async Task The_page_rates_without_script_and_the_lookup_links_only_with_a_token()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 21, 9, 0, 0, Vn);
        var code = await ClosedAsync(app, "return", "046095600001");
        var token = TokenOf(app, await IdOf(app, code));
        var citizen = app.SessionClient();
        var address = $"/danh-gia?ma={Uri.EscapeDataString(code)}&t={token}&kenh=qr";
        var page = await citizen.GetStringAsync(address);
        Assert.DoesNotContain("<script", page);
        Assert.Equal(RatingIndicators.All.Count + 1, System.Text.RegularExpressions.Regex.Matches(page, "<legend>").Count);
        foreach (var i in RatingIndicators.All) Assert.Contains($"<legend>{i.Number}. {i.Question}</legend>", page);
        Assert.Contains("Mức độ hài lòng chung", page);

        // Incomplete: 422, the page again, nothing written.
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["tong"] = "satisfied", ["y-kien"] = "Cán bộ nhiệt tình" };
        var incomplete = await citizen.PostAsync(address, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
        Assert.Contains("Chọn một mức cho tiêu chí 1", await incomplete.Content.ReadAsStringAsync());
        foreach (var i in RatingIndicators.All) form["tc" + i.Number] = "2";
        var done = await citizen.PostAsync(address, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Cảm ơn ông/bà đã đánh giá", await done.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE channel = 2 AND comment = 'Cán bộ nhiệt tình'"));
        var again = await citizen.GetAsync(address);
        Assert.Contains(RatingEndpoints.AlreadyRatedText, await again.Content.ReadAsStringAsync());
        var wrong = await citizen.GetAsync($"/danh-gia?ma={Uri.EscapeDataString(code)}&t=AAAA-AAAA-AAAA");
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);

        var lookup = await citizen.GetStringAsync($"/tra-cuu?ma={Uri.EscapeDataString(code)}");
        Assert.DoesNotContain("/danh-gia", lookup);
        var withToken = await citizen.GetStringAsync($"/tra-cuu?ma={Uri.EscapeDataString(code)}&t={token}");
        Assert.Contains($"/danh-gia?ma={Uri.EscapeDataString(code)}&amp;t={token}", withToken);
    }
}
