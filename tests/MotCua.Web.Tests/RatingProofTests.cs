using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Calendar;
using MotCua.Domain.Identity;
using MotCua.Domain.Ratings;
using MotCua.Web.Features.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// The applicant's stronger proofs (docs/RATINGS.md "Stronger proofs"), over real HTTP and PostgreSQL: the own link
/// (its own token, sent in the closing messages and shown on the citizen's page) and the signed-in applicant
/// (<c>POST /cong-dan/api/dossiers/{code}/rating</c>) each replace a rating made with the printed code, in one
/// transaction: the replaced rating leaves <c>ratings</c>, every cell it was counted in (also from an earlier month) and
/// input 19; a printed code after a stronger proof is 409; concurrent ratings answer 201 or 409, never a 5xx, and leave
/// counts equal to a recount of the ratings.
/// </summary>
public class RatingProofTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private string OwnTokenOf(long id) => RatingToken.For(app.Services.GetRequiredService<DeploymentKey>().DeriveKey(RatingToken.OwnKeyPurpose), id);

    private string ReplaceKeyOf(long id) => RatingToken.For(app.Services.GetRequiredService<DeploymentKey>().DeriveKey(RatingToken.ReplaceKeyPurpose), id);

    /// <summary>The signed-in applicant's body: the answers of <see cref="RatingTests.Body"/> without code and token.</summary>
    private static object CitizenBody(string overall = "very-satisfied") => new
    {
        overall, channel = "web",
        answers = Domain.Dossiers.RatingIndicators.All.ToDictionary(i => i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => 2),
    };

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected, string? type = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        if (type is not null) Assert.Equal(type, JsonDocument.Parse(text).RootElement.GetProperty("type").GetString());
    }

    /// <summary>The counts kept by the rating statements equal a recount of <c>ratings</c> (officer 0, each officer credited,
    /// criterion sums, verdicts per month, input 19 per month and agency).</summary>
    private async Task AssertCountsAreARecountAsync()
    {
        Assert.Equal(0, await app.ScalarAsync("""
            SELECT count(*) FROM (
                SELECT month, agency_id, procedure_code, officer_id, sum(n) AS n, sum(very) AS very, sum(unsatisfied) AS unsatisfied, sum(sums[1]) AS s1, sum(sums[8]) AS s8
                FROM rating_counts GROUP BY 1, 2, 3, 4
                EXCEPT
                SELECT r.month, r.agency_id, r.procedure_code, o.id, count(*), sum((r.overall = 2)::int), sum((r.overall = 0)::int), sum(r.answers[1]), sum(r.answers[8])
                FROM ratings r CROSS JOIN LATERAL unnest(0 || r.officer_ids) AS o (id) GROUP BY 1, 2, 3, 4) AS differing
            """));
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM (SELECT DISTINCT r.month, r.agency_id, r.procedure_code, o.id FROM ratings r CROSS JOIN LATERAL unnest(0 || r.officer_ids) AS o (id)) AS cells"),
            await app.ScalarAsync("SELECT count(*) FROM rating_counts"));
        Assert.Equal(0, await app.ScalarAsync("""
            SELECT count(*) FROM (
                SELECT month, agency_id, n FROM index766_counts WHERE input = 19 AND n <> 0
                EXCEPT
                SELECT month, agency_id, count(*)::int FROM ratings WHERE overall = 0 GROUP BY 1, 2) AS differing
            """));
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM ratings WHERE overall = 0"), await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM index766_counts WHERE input = 19"));
    }

    private async Task<long> CellAsync(string month, string column = "n") =>
        await app.ScalarAsync($"SELECT coalesce(sum({column}), 0) FROM rating_counts WHERE month = '{month}' AND officer_id = 0 AND procedure_code = '1.001193'");

    [Theory]
    [InlineData("own-link")]
    [InlineData("account")]
    public async Task A_stronger_proof_replaces_a_printed_code_rating_and_its_counts_move(string proof)
    {
        // Returned in November and rated with the slip there; the applicant rates again in December, within the window.
        app.Clock.Now = new DateTimeOffset(2025, 11, 27, 9, 0, 0, Vn);
        var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Phan Văn Chứng");
        var code = await RatingTests.ClosedAsync(app, "return", idNumber);
        var id = await RatingTests.IdOf(app, code);
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE id = {id} RETURNING 1");
        var citizen = await CitizenApiTests.ClientAsync(app, citizenId);
        var anonymous = app.CreateClient();
        var officers = await app.ScalarAsync($"SELECT count(DISTINCT actor_user_id) FROM dossier_events WHERE dossier_id = {id} AND actor_user_id IS NOT NULL");
        Assert.True(officers >= 3, $"{officers} officers on the dossier");
        var ratingsBefore = await app.ScalarAsync("SELECT count(*) FROM ratings");
        var officerCellsBefore = await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM rating_counts WHERE officer_id <> 0");
        var novemberBefore = await CellAsync("2025-11-01");
        var decemberBefore = await CellAsync("2025-12-01");

        var printed = await anonymous.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, RatingTests.TokenOf(app, id), points: 0, overall: "unsatisfied", channel: "qr"));
        await AssertStatusAsync(printed, HttpStatusCode.Created);
        Assert.Equal(novemberBefore + 1, await CellAsync("2025-11-01"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{ReplaceKeyOf(id)}' AND proof = 1"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT proof FROM rating_receipts WHERE dossier_id = {id}"));
        // Rated with the slip only: the citizen's pages still invite the applicant, with the form on the page (cit31).
        Assert.Contains("handler=Rate", await citizen.GetStringAsync($"/cong-dan/ho-so/{code}"), StringComparison.Ordinal);
        Assert.True(await InvitedAsync(citizen, code));

        app.Clock.Now = new DateTimeOffset(2025, 12, 2, 9, 0, 0, Vn);
        citizen = await CitizenApiTests.ClientAsync(app, citizenId); // the session before ended with the app's clock
        var stronger = proof == "account"
            ? await citizen.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/rating", CitizenBody())
            : await anonymous.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, OwnTokenOf(id), points: 2, overall: "very-satisfied", channel: "sms"));
        await AssertStatusAsync(stronger, HttpStatusCode.Created);

        // One rating for the dossier: the slip's left ratings, its November cells (officer 0 and every officer) and input 19.
        Assert.Equal(ratingsBefore + 1, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{ReplaceKeyOf(id)}'"));
        Assert.Equal(novemberBefore, await CellAsync("2025-11-01"));
        Assert.Equal(decemberBefore + 1, await CellAsync("2025-12-01"));
        Assert.Equal(officerCellsBefore + officers, await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM rating_counts WHERE officer_id <> 0"));
        var expected = proof == "account" ? RatingProof.Account : RatingProof.OwnLink;
        Assert.Equal((int)expected, await app.ScalarAsync($"SELECT proof FROM rating_receipts WHERE dossier_id = {id}"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE proof = {(int)expected} AND month = '2025-12-01' AND overall = 2 AND replace_key IS NULL"));
        await AssertCountsAreARecountAsync();

        // Final: nothing replaces it, the printed code least of all; the citizen's pages stop inviting.
        await AssertStatusAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, RatingTests.TokenOf(app, id))), HttpStatusCode.Conflict, RatingEndpoints.AlreadyRatedType);
        await AssertStatusAsync(await anonymous.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, OwnTokenOf(id))), HttpStatusCode.Conflict, RatingEndpoints.AlreadyRatedType);
        await AssertStatusAsync(await citizen.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/rating", CitizenBody()), HttpStatusCode.Conflict, RatingEndpoints.AlreadyRatedType);
        Assert.Equal(ratingsBefore + 1, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        var final = await citizen.GetStringAsync($"/cong-dan/ho-so/{code}");
        Assert.DoesNotContain("/danh-gia", final, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Rate", final, StringComparison.Ordinal);
        Assert.Contains("Ông/bà đã đánh giá việc giải quyết hồ sơ này.", final, StringComparison.Ordinal);
        Assert.False(await InvitedAsync(citizen, code));
        var view = await citizen.GetFromJsonAsync<JsonElement>($"/cong-dan/api/dossiers/{code}");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("ratingUrl").ValueKind);
        await AssertCountsAreARecountAsync();
    }

    private static async Task<bool> InvitedAsync(HttpClient citizen, string code)
    {
        var list = await citizen.GetFromJsonAsync<JsonElement>("/cong-dan/api/dossiers");
        return list.GetProperty("dossiers").EnumerateArray().Single(d => d.GetProperty("code").GetString() == code).GetProperty("ratingInvited").GetBoolean();
    }

    [Fact]
    public async Task A_printed_code_after_a_stronger_proof_is_409_on_the_api_and_the_page()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 24, 9, 0, 0, Vn);
        var code = await RatingTests.ClosedAsync(app, "stop", "046095810001");
        var id = await RatingTests.IdOf(app, code);
        var printedPage = $"/danh-gia?ma={Uri.EscapeDataString(code)}&t={RatingTests.TokenOf(app, id)}&kenh=qr";
        var browser = app.SessionClient();
        var form = await browser.GetStringAsync(printedPage);

        await AssertStatusAsync(await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, OwnTokenOf(id), overall: "satisfied", channel: "sms")), HttpStatusCode.Created);
        var before = await app.ScalarAsync("SELECT count(*) FROM ratings");
        await AssertStatusAsync(await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, RatingTests.TokenOf(app, id), overall: "unsatisfied")), HttpStatusCode.Conflict, RatingEndpoints.AlreadyRatedType);

        // The page opened before and posted after: 409 with the reason, nothing written.
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["tong"] = "unsatisfied" };
        foreach (var i in Domain.Dossiers.RatingIndicators.All) fields["tc" + i.Number] = "0";
        var posted = await browser.PostAsync(printedPage, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
        Assert.Contains(RatingEndpoints.AlreadyRatedText, await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        Assert.Equal((int)RatingProof.OwnLink, await app.ScalarAsync($"SELECT proof FROM rating_receipts WHERE dossier_id = {id}"));
        await AssertCountsAreARecountAsync();
    }

    [Fact]
    public async Task The_page_posting_again_for_a_rated_dossier_is_409_and_an_officer_without_the_csrf_header_is_403()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 25, 9, 0, 0, Vn);
        var code = await RatingTests.ClosedAsync(app, "refuse", "046095820001");
        var id = await RatingTests.IdOf(app, code);
        var page = $"/danh-gia?ma={Uri.EscapeDataString(code)}&t={RatingTests.TokenOf(app, id)}&kenh=qr";
        var browser = app.SessionClient();
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(await browser.GetStringAsync(page)), ["tong"] = "satisfied" };
        foreach (var i in Domain.Dossiers.RatingIndicators.All) fields["tc" + i.Number] = "1";
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync(page, new FormUrlEncodedContent(fields))).StatusCode);
        var again = await browser.PostAsync(page, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(RatingEndpoints.AlreadyRatedText, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The officer's cookie without X-CSRF-TOKEN: the Vietnamese refusal, not the token error.
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        officer.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        var refused = await officer.PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, OwnTokenOf(id)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(RatingCaller.OfficerText, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal((int)RatingProof.Printed, await app.ScalarAsync($"SELECT proof FROM rating_receipts WHERE dossier_id = {id}"));
    }

    [Fact]
    public async Task Concurrent_ratings_of_several_dossiers_by_every_proof_answer_201_or_409_and_counts_stay_a_recount()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 26, 9, 0, 0, Vn);
        for (var round = 0; round < 3; round++)
        {
            var dossiers = new List<(string Code, long Id, HttpClient Citizen)>();
            for (var k = 0; k < 3; k++)
            {
                var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Thị Đồng Thời");
                var code = await RatingTests.ClosedAsync(app, "stop", idNumber);
                var id = await RatingTests.IdOf(app, code);
                await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE id = {id} RETURNING 1");
                dossiers.Add((code, id, await CitizenApiTests.ClientAsync(app, citizenId)));
            }
            // The first dossier is rated with its slip beforehand; then every proof of every dossier at once.
            await AssertStatusAsync(await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(dossiers[0].Code, RatingTests.TokenOf(app, dossiers[0].Id), overall: "unsatisfied")), HttpStatusCode.Created);
            var before = await app.ScalarAsync("SELECT count(*) FROM ratings");
            var sends = dossiers.SelectMany(d => new Func<Task<HttpResponseMessage>>[]
            {
                () => app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(d.Code, RatingTests.TokenOf(app, d.Id), overall: "unsatisfied")),
                () => app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(d.Code, OwnTokenOf(d.Id), overall: "satisfied")),
                () => app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(d.Code, OwnTokenOf(d.Id), overall: "very-satisfied")),
                () => d.Citizen.PostAsJsonAsync($"/cong-dan/api/dossiers/{d.Code}/rating", CitizenBody()),
            }).ToList();
            var answers = await Task.WhenAll(sends.Select(s => Task.Run(s)));
            foreach (var a in answers)
                Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)a.StatusCode} {await a.Content.ReadAsStringAsync()}");
            // Two of the three dossiers were not rated before: each gains one rating; the first keeps one.
            Assert.Equal(before + 2, await app.ScalarAsync("SELECT count(*) FROM ratings"));
            foreach (var d in dossiers)
            {
                // Every dossier ends rated by a stronger proof: its own link and its account were both sent.
                Assert.True(await app.ScalarAsync($"SELECT proof FROM rating_receipts WHERE dossier_id = {d.Id}") > 1, d.Code);
                Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{ReplaceKeyOf(d.Id)}'"));
            }
            await AssertCountsAreARecountAsync();
        }
    }
}
