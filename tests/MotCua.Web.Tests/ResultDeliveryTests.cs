using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.Ratings;
using MotCua.Web.Features.Citizens;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Ratings;
using MotCua.Web.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17 (cit31), over real HTTP and PostgreSQL: the applicant's choice of how to receive the result, made at intake on
/// every route (the officers' API, the desk page, the citizen's online submission) for every channel × every way, stored,
/// shown on the dossier page and API, printed on Mẫu 01 and proposed as the way of return; the rating form on the citizen's
/// dossier page; the replacement keys of printed-code ratings cleared once no replacement is possible.
/// </summary>
public class ResultDeliveryTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private const string Home = "12 Lê Lợi, phường Thuận Hóa, thành phố Huế";
    private const string Elsewhere = "99 Trần Hưng Đạo, phường Phú Hội, thành phố Huế";

    // Quyết định 45/2016/QĐ-TTg: a desk or postal applicant takes the paper at the desk or by post (the channel's way
    // first, the default); an online applicant also the electronic result, its default.
    private static readonly Dictionary<string, string[]> Offered = new()
    {
        ["direct"] = ["desk", "post"],
        ["postal"] = ["post", "desk"],
        ["online"] = ["electronic", "desk", "post"],
    };

    private static readonly string[] Ways = ["desk", "post", "electronic"];

    /// <summary>Every channel × every way (and none) × for post with and without an address of its own.</summary>
    public static IEnumerable<(string Channel, string? Way, string? Address)> Matrix() =>
        from channel in Offered.Keys
        from way in Ways.Prepend(null)
        from address in way == "post" ? new[] { null, Elsewhere } : [null]
        select (channel, way, address);

    private async Task<(string AgencyName, string AgencyAddress)> ThuanHoaAsync()
    {
        using var scope = app.Services.CreateScope();
        var a = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Agencies.AsNoTracking().SingleAsync(x => x.Code == DemoData.ThuanHoaCode);
        return (a.Name, a.Address);
    }

    private static async Task<string> PdfTextAsync(HttpClient client, string url, string name)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = PdfTools.Save(name, await response.Content.ReadAsByteArrayAsync());
        return Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {path} -"), @"\s+", " ");
    }

    [Fact]
    public async Task The_officers_api_takes_every_way_each_channel_offers_prints_it_on_Mau_01_and_refuses_the_others()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
        var (agencyName, agencyAddress) = await ThuanHoaAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var api = app.ApiClient();
        var n = 0;
        foreach (var (channel, way, address) in Matrix())
        {
            var body = JsonSerializer.SerializeToNode(Requests.Dossier(channel: channel, idNumber: $"04609570{n++:D4}"))!.AsObject();
            if (way is not null) body["resultDelivery"] = way;
            if (address is not null) body["resultAddress"] = address;
            var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
            var response = await api.SubmitAsync(body);
            var text = await response.Content.ReadAsStringAsync();
            var label = $"{channel} × {way ?? "(none)"} × {address ?? "(applicant's)"}";
            output.WriteLine($"{label}: {(int)response.StatusCode}");
            if (way is not null && !Offered[channel].Contains(way))
            {
                Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{label}: {text}");
                Assert.Contains("không nhận kết quả điện tử", JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("resultDelivery")[0].GetString());
                Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{label}: {text}");
            var code = JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()!;
            var expected = way ?? Offered[channel][0];
            var expectedAddress = expected == "post" ? address ?? Home : null;

            var view = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("resultDelivery");
            Assert.Equal(expected, view.GetProperty("method").GetString());
            Assert.Equal(expectedAddress, view.GetProperty("address").GetString());
            var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{code}"));
            Assert.Contains($"id=\"result-delivery\">{view.GetProperty("text").GetString()}<", page, StringComparison.Ordinal);

            // Mẫu 01 of a received dossier (an online one once accepted), item 6.
            if (channel == "online")
            {
                var accepted = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online", new { });
                Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
            }
            var slip = await PdfTextAsync(desk, $"/api/v1/dossiers/{code}/receipt.pdf", $"ket-qua-{channel}-{expected}-{n}.pdf");
            var place = expected switch
            {
                "post" => $"{expectedAddress} (qua dịch vụ bưu chính công ích)",
                "electronic" => "Bản điện tử trong tài khoản dịch vụ công của người nộp",
                _ => $"{agencyName}, {agencyAddress}",
            };
            Assert.True(slip.Contains(Regex.Replace(place, @"\s+", " "), StringComparison.Ordinal), $"{label}: '{place}' not on Mẫu 01:\n{slip}");
        }

        // Post with no address at all, and an address too long: 422 naming resultAddress, nothing written.
        var noAddress = JsonSerializer.SerializeToNode(Requests.Dossier(address: " "))!.AsObject();
        noAddress["resultDelivery"] = "post";
        var refused = await api.SubmitAsync(noAddress);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var tooLong = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        tooLong["resultDelivery"] = "post";
        tooLong["resultAddress"] = new string('x', 501);
        await CitizenApiTests.ProblemAsync(await api.SubmitAsync(tooLong), HttpStatusCode.UnprocessableEntity, "resultAddress");
        var unknown = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        unknown["resultDelivery"] = "fax";
        await CitizenApiTests.ProblemAsync(await api.SubmitAsync(unknown), HttpStatusCode.UnprocessableEntity, "resultDelivery");
    }

    private static Dictionary<string, string> DeskForm(string html, string channel, string way, string? address)
    {
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(html), ["thutuc"] = "1.001193", ["decision"] = "receive", ["ReceiveIncomplete"] = "true",
            ["ApplicantKind"] = "individual", ["FullName"] = "Phan Thị Nhận", ["IdNumber"] = "046190000333", ["Phone"] = "0914000333",
            ["Address"] = Home, ["Channel"] = channel, ["Sets"] = "1", ["ResultDelivery"] = way, ["ResultAddress"] = address ?? "",
        };
        var marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        form["Documents[0].Name"] = WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
        form["Documents[0].Received"] = "true";
        form["Documents[0].Originals"] = "1";
        form["Documents[0].Copies"] = "0";
        foreach (var (key, value) in Requests.BirthRegistrationForm) form[$"Form[{key}]"] = value!;
        return form;
    }

    [Fact]
    public async Task The_desk_page_takes_the_way_for_each_desk_channel_and_refuses_the_electronic_result_in_Vietnamese()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        foreach (var (channel, way, address) in Matrix().Where(m => m.Channel != "online"))
        {
            var html = await officer.GetStringAsync("/tiep-nhan?thutuc=1.001193");
            Assert.Contains("id=\"result-delivery\"", html);
            var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
            var response = await officer.PostAsync("/tiep-nhan?thutuc=1.001193", new FormUrlEncodedContent(DeskForm(html, channel, way ?? "", address)));
            var label = $"{channel} × {way ?? "(none)"} × {address ?? "(applicant's)"}";
            if (way is not null && !Offered[channel].Contains(way))
            {
                var page = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode != HttpStatusCode.Redirect, label);
                Assert.Contains("không nhận kết quả điện tử", page);
                Assert.Contains("href=\"#result-delivery-default\"", page);
                Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{label}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var code = response.Headers.Location!.ToString()[7..^6];
            var expected = (int)(ResultDelivery.Parse(way ?? Offered[channel][0]))!;
            var expectedAddress = expected == 2 ? address ?? Home : null;
            Assert.Equal(1, await app.ScalarAsync($"""
                SELECT count(*) FROM dossiers WHERE code = '{code}' AND result_delivery_method = {expected}
                    AND result_delivery_address IS NOT DISTINCT FROM {(expectedAddress is null ? "NULL" : $"'{expectedAddress}'")}
                """));
        }
    }

    [Fact]
    public async Task The_citizens_online_submission_takes_every_way_and_refuses_an_unknown_one()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
        var offer = await FirstOfferAsync();
        var lines = SubmitModel.LinesOf(offer.Spec, []).Where(l => l.TakesFiles).ToList();
        foreach (var (_, way, address) in Matrix().Where(m => m.Channel == "online").Append(("online", "fax", null)))
        {
            // A citizen each: an account uploads at most 30 files an hour.
            var (citizenId, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Hoàng Thị Trực Tuyến");
            var client = await CitizenApiTests.ClientAsync(app, citizenId);
            var body = JsonSerializer.SerializeToNode(CitizenApiTests.SubmitBody(offer, await CitizenApiTests.StageAsync(client, lines.Count, $"cach-nhan-{way}")))!.AsObject();
            if (way is not null) body["resultDelivery"] = way;
            if (address is not null) body["resultAddress"] = address;
            var response = await client.PostAsJsonAsync("/cong-dan/api/dossiers", body);
            if (way == "fax")
            {
                await CitizenApiTests.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "resultDelivery");
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{way}: {await response.Content.ReadAsStringAsync()}");
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var expected = (int)(ResultDelivery.Parse(way ?? "electronic"))!;
            var expectedAddress = expected == 2 ? address ?? "5 Hùng Vương, phường Thuận Hóa" : null;
            Assert.Equal(1, await app.ScalarAsync($"""
                SELECT count(*) FROM dossiers WHERE code = '{code}' AND citizen_id = {citizenId} AND applicant_id_number = '{number}'
                    AND result_delivery_method = {expected} AND result_delivery_address IS NOT DISTINCT FROM {(expectedAddress is null ? "NULL" : $"'{expectedAddress}'")}
                """));
        }
    }

    [Fact]
    public async Task The_citizens_submission_page_asks_the_way_and_refuses_a_bad_one_in_Vietnamese()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
        var offer = await FirstOfferAsync();
        var (citizenId, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Vũ Thị Chọn Cách");
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, citizenId);
        var start = $"/cong-dan/nop/{offer.Agency.Code}/{offer.Spec.Code}";
        var step1 = await browser.GetStringAsync(start);
        // Three ways online, the electronic result checked.
        foreach (var way in Offered["online"]) Assert.Contains($"id=\"f-result-delivery-{way}\"", step1, StringComparison.Ordinal);
        Assert.Matches("id=\"f-result-delivery-electronic\"[^>]*checked=\"checked\"", step1);
        var values = OfficialBookTests.FormFor(Domain.Fees.CountedFees.FormOf(offer.Spec));
        List<KeyValuePair<string, string>> Fields(string way, string address) => [.. HtmlForm.Fields(step1, "handler=Form").Select(f => f.Key switch
        {
            "Form[applicant.phone]" => KeyValuePair.Create(f.Key, "0905777999"),
            "Form[applicant.address]" => KeyValuePair.Create(f.Key, "12 Trần Hưng Đạo, phường Thuận Hóa"),
            "Form[result.delivery]" => KeyValuePair.Create(f.Key, way),
            "Form[result.address]" => KeyValuePair.Create(f.Key, address),
            _ when f.Key.StartsWith("Form[", StringComparison.Ordinal) && values.TryGetValue(f.Key[5..^1], out var v) => KeyValuePair.Create(f.Key, v ?? ""),
            _ => f,
        })];
        Assert.Contains(HtmlForm.Fields(step1, "handler=Form"), f => f.Key == "Form[result.address]");

        foreach (var (way, address, message) in new[]
        {
            ("fax", "", "Cách nhận kết quả phải là"),
            ("post", new string('x', 501), "Địa chỉ nhận kết quả tối đa 500 ký tự."),
        })
        {
            var refused = await browser.PostAsync(start + "?handler=Form", new FormUrlEncodedContent(Fields(way, address)));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM citizen_drafts WHERE citizen_id = {citizenId}"));

        // Post to the applicant's address: kept in the draft, shown on the review.
        var saved = await browser.PostAsync(start + "?handler=Form", new FormUrlEncodedContent(Fields("post", "")));
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM citizen_drafts WHERE citizen_id = {citizenId} AND form ->> 'result.delivery' = 'post'"));
        var review = WebUtility.HtmlDecode(await browser.GetStringAsync(saved.Headers.Location!.OriginalString.Replace("buoc=2", "buoc=3", StringComparison.Ordinal)));
        Assert.Contains("Qua dịch vụ bưu chính công ích đến 12 Trần Hưng Đạo, phường Thuận Hóa", review, StringComparison.Ordinal);
    }

    private Task<OnlineOffer> FirstOfferAsync() => CitizenApiTests.FirstOfferAsync(app);

    [Fact]
    public async Task The_return_proposes_the_way_the_applicant_chose()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        foreach (var way in new[] { "post", "desk" })
        {
            var body = JsonSerializer.SerializeToNode(Requests.Dossier(idNumber: way == "post" ? "046095700901" : "046095700902"))!.AsObject();
            body["resultDelivery"] = way;
            var response = await app.ApiClient().SubmitAsync(body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            foreach (var (who, action, payload) in new (HttpClient, string, object)[]
            {
                (desk, "transfer", new { }), (clerk, "complete-step", new { note = "Hồ sơ hợp lệ" }), (leader, "approve", new { note = "Đồng ý" }), (desk, "result-ready", new { }),
            })
            {
                var done = await who.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", payload);
                Assert.True(done.StatusCode == HttpStatusCode.OK, $"{action}: {await done.Content.ReadAsStringAsync()}");
            }
            var page = await desk.GetStringAsync($"/ho-so/{code}");
            var (chosen, other) = way == "post" ? ("Post", "Desk") : ("Desk", "Post");
            Assert.Contains("id=\"result-delivery\"", page);
            Assert.Matches($"<option value=\"{chosen}\" selected=\"selected\">[^<]*\\(người nộp đã chọn\\)</option>", page);
            Assert.DoesNotMatch($"<option value=\"{other}\" selected", page);
        }
    }

    private string ReplaceKeyOf(long id) => RatingToken.For(app.Services.GetRequiredService<DeploymentKey>().DeriveKey(RatingToken.ReplaceKeyPurpose), id);

    [Fact]
    public async Task The_citizen_rates_on_the_dossier_page_and_it_replaces_the_printed_code_rating()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 20, 9, 0, 0, Vn);
        var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lý Thị Đánh Giá");
        var code = await RatingTests.ClosedAsync(app, "return", idNumber);
        var id = await RatingTests.IdOf(app, code);
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE id = {id} RETURNING 1");
        var printed = await app.CreateClient().PostAsJsonAsync("/api/v1/ratings",
            RatingTests.Body(code, RatingTests.TokenOf(app, id), points: 0, overall: "unsatisfied", channel: "qr"));
        Assert.True(printed.StatusCode == HttpStatusCode.Created, await printed.Content.ReadAsStringAsync());
        var ratings = await app.ScalarAsync("SELECT count(*) FROM ratings");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{ReplaceKeyOf(id)}'"));

        // Rated with the slip only: the page still invites, with the form itself (no token anywhere on it).
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, citizenId);
        var url = $"/cong-dan/ho-so/{code}";
        var page = await browser.GetStringAsync(url);
        Assert.Contains("?handler=Rate", page, StringComparison.Ordinal);
        Assert.All(RatingIndicators.All, i => Assert.Contains($"name=\"tc{i.Number}\"", page, StringComparison.Ordinal));
        Assert.DoesNotContain(RatingTests.TokenOf(app, id), page, StringComparison.Ordinal);

        // The verdict missing: 422 in Vietnamese, the answers kept, nothing written.
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page) };
        foreach (var i in RatingIndicators.All) fields["tc" + i.Number] = "2";
        var incomplete = await browser.PostAsync($"{url}?handler=Rate", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
        var refusedPage = await incomplete.Content.ReadAsStringAsync();
        Assert.Contains("Vui lòng kiểm tra lại", refusedPage, StringComparison.Ordinal);
        Assert.Matches("name=\"tc1\" value=\"2\" required checked=\"checked\"", refusedPage);
        Assert.Equal(ratings, await app.ScalarAsync("SELECT count(*) FROM ratings"));

        fields["tong"] = "very-satisfied";
        var rated = await browser.PostAsync($"{url}?handler=Rate", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.SeeOther, rated.StatusCode);
        Assert.Equal($"{url}?xong=danh-gia", rated.Headers.Location?.OriginalString);
        var after = await browser.GetStringAsync(rated.Headers.Location!.OriginalString);
        Assert.Contains("Cảm ơn ông/bà đã đánh giá", after, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Rate", after, StringComparison.Ordinal);
        Assert.Contains("Ông/bà đã đánh giá việc giải quyết hồ sơ này.", await browser.GetStringAsync(url), StringComparison.Ordinal);

        // The printed-code rating was replaced: the dossier counts one rating, the account's.
        Assert.Equal(ratings, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{ReplaceKeyOf(id)}'"));
        Assert.Equal((int)RatingProof.Account, await app.ScalarAsync($"SELECT proof FROM rating_receipts WHERE dossier_id = {id}"));

        // Posted again (a second tab): 409 with the reason, nothing written.
        var again = await browser.PostAsync($"{url}?handler=Rate", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(RatingEndpoints.AlreadyRatedText, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ratings, await app.ScalarAsync("SELECT count(*) FROM ratings"));
    }

    [Fact]
    public async Task A_printed_code_ratings_replacement_key_is_cleared_once_no_replacement_is_possible()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 21, 9, 0, 0, Vn);
        var code = await RatingTests.ClosedAsync(app, "return", "046095799001");
        var id = await RatingTests.IdOf(app, code);
        var printed = await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(code, RatingTests.TokenOf(app, id), channel: "qr"));
        Assert.True(printed.StatusCode == HttpStatusCode.Created, await printed.Content.ReadAsStringAsync());
        var key = ReplaceKeyOf(id);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{key}' AND month = '2025-11-01'"));
        var expiry = app.Services.GetRequiredService<RatingKeyExpiry>();

        // 30 December: a dossier returned on 30 November could still be rated (30-day window), so the key stays.
        app.Clock.Now = new DateTimeOffset(2025, 12, 30, 23, 59, 0, Vn);
        await expiry.ClearAsync(CancellationToken.None);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{key}'"));

        // 31 December: no November rating can be replaced any more; the key goes, the rating and its counts stay.
        var ratings = await app.ScalarAsync("SELECT count(*) FROM ratings");
        app.Clock.Now = new DateTimeOffset(2025, 12, 31, 0, 1, 0, Vn);
        Assert.True(await expiry.ClearAsync(CancellationToken.None) >= 1);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM ratings WHERE replace_key = '{key}'"));
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM ratings WHERE replace_key IS NOT NULL AND month < '2025-12-01'"));
        Assert.Equal(ratings, await app.ScalarAsync("SELECT count(*) FROM ratings"));
    }
}
