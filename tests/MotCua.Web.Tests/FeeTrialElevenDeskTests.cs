using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The eleventh trial's findings 2 and 3 over real HTTP and PostgreSQL (docs/FEES.md "Eleventh trial, desk and later fee"):
/// the desk's fee block follows the channel chosen (1.014063: 25,000 direct, unplaced by post), a post whose channel's fee
/// the officer was not shown is refused naming the field, and by post the officer's amount raises the request and its
/// VietQR; a fee left unplaced at the online acceptance (1.002613) is fixed later by the accountant, with its request, QR
/// and audit row, and is then in the accountant's open list.
/// </summary>
public class FeeTrialElevenDeskTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly DateTimeOffset Day = new(2026, 12, 2, 9, 0, 0, VietnamTime.Offset);

    private static async Task<(HttpStatusCode Status, string Html)> PageAsync(HttpResponseMessage response) =>
        (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));

    private static List<KeyValuePair<string, string>> DeskForm(string html, string idNumber, string channel, string feeChannel,
        params (string Key, string Value)[] more)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", MotCuaApp.AntiforgeryToken(html)), new("thutuc", "1.014063"), new("decision", "receive"), new("ReceiveIncomplete", "true"),
            new("IdempotencyKey", Guid.NewGuid().ToString("N")), new("ApplicantKind", "individual"), new("FullName", "Lê Thị Cúc"),
            new("IdNumber", idNumber), new("Phone", "0914000555"), new("Address", "5 Trần Hưng Đạo, phường Thuận Hóa"),
            new("Channel", channel), new("FeeChannel", feeChannel), new("Sets", "1"),
        };
        const string marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        Assert.True(start >= marker.Length, "the desk lists the procedure's documents");
        form.Add(new("Documents[0].Name", html[start..html.IndexOf('"', start)]));
        form.Add(new("Documents[0].Received", "true"));
        form.Add(new("Documents[0].Originals", "1"));
        form.Add(new("Documents[0].Copies", "0"));
        form.AddRange(more.Select(m => new KeyValuePair<string, string>(m.Key, m.Value)));
        return form;
    }

    [Fact]
    public async Task The_desk_s_fee_follows_the_channel_and_by_post_the_officer_s_amount_raises_the_request_and_its_QR_1_014063()
    {
        await CentreAdoption.AdoptAsync(app, "1.014063");
        app.Clock.Now = Day;
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var html = WebUtility.HtmlDecode(await desk.GetStringAsync("/tiep-nhan?thutuc=1.014063"));
        // The radio asks the fee block again on change; the block says which channel it was drawn for.
        Assert.Contains("hx-get=\"/tiep-nhan?handler=Fee\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"FeeChannel\" value=\"direct\"", html, StringComparison.Ordinal);

        // The fragment per channel: direct 25,000 (the reduction in force), no officer's amount; by post unplaced, asked.
        var direct = WebUtility.HtmlDecode(await desk.GetStringAsync("/tiep-nhan?handler=Fee&thutuc=1.014063&Channel=direct"));
        Assert.Contains("data-due-vnd=\"25000\" data-source=\"catalogue\"", direct, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"OfficerFeeVnd\"", direct, StringComparison.Ordinal);
        var postal = WebUtility.HtmlDecode(await desk.GetStringAsync("/tiep-nhan?handler=Fee&thutuc=1.014063&Channel=postal"));
        Assert.StartsWith("<div id=\"desk-fee\">", postal.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("data-source=\"unplaced\"", postal, StringComparison.Ordinal);
        Assert.Contains("name=\"OfficerFeeVnd\"", postal, StringComparison.Ordinal);
        Assert.Contains("name=\"FeeChannel\" value=\"postal\"", postal, StringComparison.Ordinal);
        Assert.Contains("cung cấp dịch vụ", postal, StringComparison.Ordinal);
        // A leader is no desk: 403.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("lanhdao.trungtam")).GetAsync("/tiep-nhan?handler=Fee&thutuc=1.014063&Channel=postal")).StatusCode);

        // Without script: the page showed the direct fee, the officer picked the post: refused, 422 naming the fee, the page
        // drawn again with the postal fee's fields; nothing received.
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var (status, refused) = await PageAsync(await desk.PostAsync("/tiep-nhan?thutuc=1.014063",
            new FormUrlEncodedContent(DeskForm(html, "046199711001", "postal", "direct"))));
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Contains("id=\"fee-officer-error\"", refused, StringComparison.Ordinal);
        Assert.Contains("Kênh Bưu chính công ích chưa xác định được mức phí", refused, StringComparison.Ordinal);
        Assert.Contains("name=\"FeeChannel\" value=\"postal\"", refused, StringComparison.Ordinal);
        Assert.Contains("id=\"channel-postal\" name=\"Channel\" value=\"postal\" checked", refused, StringComparison.Ordinal);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        // By post with the officer's amount, the block drawn for the post: received, fixed by the officer, a request of
        // 25,000 whose VietQR parses to 25,000 and the dossier's purpose.
        var received = await desk.PostAsync("/tiep-nhan?thutuc=1.014063", new FormUrlEncodedContent(DeskForm(refused, "046199711002", "postal", "postal",
            ("OfficerFeeVnd", "25.000"), ("OfficerFeeKind", "charge"), ("OfficerFeeNote", "Lệ phí cấp thẻ căn cước, Thông tư 64/2025/TT-BTC"))));
        Assert.True(received.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await received.Content.ReadAsStringAsync()));
        var code = received.Headers.Location!.OriginalString.Split('/')[^1].Split('?')[0];
        var fee = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee");
        Assert.Equal(("officer", 25_000L), (fee.GetProperty("source").GetString(), fee.GetProperty("dueVnd").GetInt64()));
        Assert.Equal("postal", (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("channel").GetString());
        var request = Assert.Single((await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("requests").EnumerateArray());
        Assert.Equal(25_000, request.GetProperty("amountVnd").GetInt64());
        var qr = VietQr.TryParse(request.GetProperty("vietQr").GetString()!, out var error);
        Assert.True(qr is not null, error);
        Assert.Equal((25_000L, PaymentRequests.PurposeOf(code)), (qr!.AmountVnd, qr.Purpose));
        output.WriteLine($"{code}: by post, the officer's 25.000 đồng; request and VietQR of 25.000 đồng");
    }

    [Fact]
    public async Task A_fee_left_unplaced_at_the_online_acceptance_is_fixed_later_by_the_accountant_with_its_request_and_QR_1_002613()
    {
        await CentreAdoption.AdoptAsync(app, "1.002613");
        app.Clock.Now = Day;
        var submitted = await app.ApiClient().SubmitAsync(new
        {
            procedureCode = "1.002613", agencyCode = DemoData.CentreCode, channel = "online",
            applicant = new { fullName = "Trần Thị Bình", idNumber = "046199711003", phone = "0905123456", email = "binh@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var accountant = await app.OfficerAsync("ketoan.trungtam");

        // Before the acceptance the acceptance fixes the fee: 409 here.
        Assert.Equal(HttpStatusCode.Conflict, (await accountant.PostAsJsonAsync($"/api/v1/dossiers/{code}/fee", new { fee = new { amountVnd = 1_250_000, kind = "fee", note = "Thông tư 64/2025/TT-BTC: 50% mức phí" } })).StatusCode);
        // Accepted without the (optional) amount: unplaced, no request, not in the accountant's list.
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online", new { })).StatusCode);
        Assert.Equal("unplaced", (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee").GetProperty("source").GetString());
        Assert.DoesNotContain(code, await accountant.GetStringAsync("/ke-toan"), StringComparison.Ordinal);

        // The dossier page offers "Xác định phí, lệ phí" to the accountant (and the desk), not to a specialist's leader.
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/ho-so/{code}"));
        Assert.Contains("id=\"act-fee\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"later-fee-amount\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"act-fee\"", await desk.GetStringAsync($"/ho-so/{code}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("lanhdao.trungtam")).PostAsJsonAsync($"/api/v1/dossiers/{code}/fee", new { })).StatusCode);

        // 422 naming the field: nothing given, no kind (API); an amount that does not read (page).
        var nothing = await accountant.PostAsJsonAsync($"/api/v1/dossiers/{code}/fee", new { });
        Assert.Equal((HttpStatusCode)422, nothing.StatusCode);
        Assert.Contains("\"fee\"", await nothing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noKind = await accountant.PostAsJsonAsync($"/api/v1/dossiers/{code}/fee", new { fee = new { amountVnd = 1_250_000, note = "Thông tư 64/2025/TT-BTC: 50% mức phí" } });
        Assert.Equal((HttpStatusCode)422, noKind.StatusCode);
        Assert.Contains("\"fee.kind\"", await noKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (badStatus, bad) = await PageAsync(await accountant.PostAsync($"/ho-so/{code}?handler=Fee", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["f.FeeAmountVnd"] = "1.250.000,5", ["f.FeeKind"] = "fee", ["f.FeeNote"] = "Thông tư 64/2025/TT-BTC: 50% mức phí",
        })));
        Assert.Equal((HttpStatusCode)422, badStatus);
        Assert.Contains("id=\"later-fee-amount-error\"", bad, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'"));

        // The amount set on the page: fixed by the officer, a request of 1,250,000 with its VietQR, the audit row.
        var set = await accountant.PostAsync($"/ho-so/{code}?handler=Fee", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["f.FeeAmountVnd"] = "1.250.000", ["f.FeeKind"] = "fee", ["f.FeeNote"] = "Thông tư 64/2025/TT-BTC: 50% mức phí",
        }));
        Assert.True(set.StatusCode == HttpStatusCode.Redirect, $"{(int)set.StatusCode} {WebUtility.HtmlDecode(await set.Content.ReadAsStringAsync())}");
        var fee = (await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee");
        Assert.Equal(("officer", 1_250_000L, 1_250_000L), (fee.GetProperty("source").GetString(), fee.GetProperty("feeVnd").GetInt64(), fee.GetProperty("dueVnd").GetInt64()));
        var request = Assert.Single((await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("requests").EnumerateArray());
        Assert.Equal(1_250_000, request.GetProperty("amountVnd").GetInt64());
        var qr = VietQr.TryParse(request.GetProperty("vietQr").GetString()!, out var error);
        Assert.True(qr is not null, error);
        Assert.Equal((1_250_000L, PaymentRequests.PurposeOf(code)), (qr!.AmountVnd, qr.Purpose));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.fee.officer' AND subject = 'dossier:{code}'"));
        // The accountant's open list shows it; the form is gone; a second fix is a 409.
        Assert.Contains(code, await accountant.GetStringAsync("/ke-toan"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"act-fee\"", await accountant.GetStringAsync($"/ho-so/{code}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/fee", new { fee = new { amountVnd = 1_000, kind = "fee", note = "thử lại" } })).StatusCode);
        output.WriteLine($"{code}: accepted without an amount, then 1.250.000 đồng set by the accountant; request, VietQR, audit row");
    }
}
