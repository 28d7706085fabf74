using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Identity;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece B (docs/CITIZENS.md): the citizen's own dossier page <c>/cong-dan/ho-so/{code}</c> over real HTTP, with
/// citizens signed in through the real cookie and officers acting through the processing API. A supplement request (Mẫu
/// 02) is answered with one upload per item and "Gửi bổ sung": refused while an item has no file (naming it), then status
/// 4 with the due date restarted, the files as <c>dossier_files</c> purpose 2 and a <c>dossier_supplement_answers</c> row
/// naming the event; "Rút hồ sơ" needs a reason and gives status 7; the result downloads signed and its signature is
/// checked on the page; the rating link carries the dossier's token; another citizen gets 404 for the page, its files, its
/// result and its upload route.
/// </summary>
public partial class CitizenDossierPageTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    internal static async Task<string> DossierAsync(MotCuaApp app, string idNumber, long citizenId)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, fullName: "Trần Thị Công Dân"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE code = '{code}' RETURNING 1");
        return code;
    }

    private static async Task ActAsync(HttpClient client, string code, string action, object body)
    {
        var r = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    // A dossier of the citizen awaiting a two-item supplement asked by the specialist while processing (status 5).
    internal static async Task<string> AwaitingSupplementAsync(MotCuaApp app, string idNumber, long citizenId)
    {
        var code = await DossierAsync(app, idNumber, citizenId);
        await ActAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "transfer", new { });
        await ActAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "supplement-request", new
        {
            items = new[]
            {
                new { document = "Giấy chứng sinh", reason = "Bản chụp không đọc được tên người mẹ" },
                new { document = "Giấy xác nhận tình trạng hôn nhân", reason = "Thiếu" },
            },
        });
        return code;
    }

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string page, int item, string text, string type = "application/pdf", byte[]? bytes = null)
    {
        var action = WebUtility.HtmlDecode(UploadAction().Matches(page).Single(m => m.Groups["item"].Value == item.ToString()).Groups["url"].Value);
        var file = new ByteArrayContent(bytes ?? FileUploadTests.Pdf(text));
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new MultipartFormDataContent { { file, "files", $"{text}.pdf" } } };
        request.Headers.Accept.ParseAdd("text/html");
        return await browser.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string code, string handler, string page, Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page) };
        return browser.PostAsync($"/cong-dan/ho-so/{code}?handler={handler}", new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("action=\"(?<url>/cong-dan/ho-so/[^\"]+/bo-sung/tep\\?muc=(?<item>\\d+)[^\"]*)\"")]
    private static partial Regex UploadAction();

    [Fact]
    public async Task A_supplement_is_answered_item_by_item_and_restarts_the_time_limit()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Nguyễn Thị Bổ Sung");
        var code = await AwaitingSupplementAsync(app, number, a);
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var page = await browser.GetStringAsync($"/cong-dan/ho-so/{code}");
        Assert.Contains("Cần bổ sung hồ sơ", page, StringComparison.Ordinal);
        Assert.Contains("Giấy chứng sinh", page, StringComparison.Ordinal);
        Assert.Contains("Yêu cầu bổ sung hồ sơ (Mẫu 02)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, UploadAction().Matches(page).Count);

        var first = await UploadAsync(browser, page, 0, "giay-chung-sinh");
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        page = await browser.GetStringAsync($"/cong-dan/ho-so/{code}");
        Assert.Contains("giay-chung-sinh.pdf", page, StringComparison.Ordinal);

        // One item without a file: refused, naming it, nothing changed.
        var refused = await PostAsync(browser, code, "Supplement", page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", refusal, StringComparison.Ordinal);
        Assert.Contains("2. Giấy xác nhận tình trạng hôn nhân", refusal, StringComparison.Ordinal);
        Assert.Equal(5, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));

        Assert.Equal(HttpStatusCode.SeeOther, (await UploadAsync(browser, page, 1, "xac-nhan-hon-nhan")).StatusCode);
        var dueBefore = await app.ScalarAsync($"SELECT extract(epoch FROM due_at)::bigint FROM dossiers WHERE code = '{code}'");
        // Answered the next morning before opening (within the staged files' 24 hours, in a new session): the limit restarts
        // from zero at Tuesday's opening, so the due date moves on.
        var asked = app.Clock.Now;
        app.Clock.Now = asked.AddHours(20);
        HttpResponseMessage sent;
        try
        {
            (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
            sent = await PostAsync(browser, code, "Supplement", await browser.GetStringAsync($"/cong-dan/ho-so/{code}"));
        }
        finally { app.Clock.Now = asked; }
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal(4, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
        Assert.True(await app.ScalarAsync($"SELECT extract(epoch FROM due_at)::bigint FROM dossiers WHERE code = '{code}'") > dueBefore);
        var id = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM dossier_files WHERE dossier_id = {id} AND purpose = 2 AND added_by_citizen_id = {a}"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE dossier_id = {id}"));
        // The answer's row names the event the answer recorded, the items answered and the citizen: written together.
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM dossier_supplement_answers s JOIN dossier_events e ON e.id = s.event_id
            WHERE s.dossier_id = {id} AND s.items = ARRAY[0,1] AND s.by_citizen_id = {a} AND e.actor_citizen_id = {a}
            """));

        var after = await browser.GetStringAsync(sent.Headers.Location!.OriginalString);
        Assert.Contains("Đã gửi hồ sơ bổ sung", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Cần bổ sung hồ sơ", after, StringComparison.Ordinal);
        Assert.Contains("Người nộp hồ sơ", after, StringComparison.Ordinal);
        // The timeline names units, never the officers who acted.
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"SELECT DISTINCT actor_name FROM dossier_events WHERE dossier_id = {id} AND actor_user_id IS NOT NULL", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var officers = new List<string>();
            while (await reader.ReadAsync()) officers.Add(reader.GetString(0));
            Assert.NotEmpty(officers);
            foreach (var officer in officers) Assert.DoesNotContain(officer, after, StringComparison.Ordinal);
        }

        // Her own files download; another citizen gets 404 for them, the page, the result and the upload route.
        var fileId = await app.ScalarAsync($"SELECT min(id) FROM dossier_files WHERE dossier_id = {id} AND purpose = 2");
        var own = await browser.GetAsync($"/cong-dan/ho-so/{code}/tep/{fileId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/pdf", own.Content.Headers.ContentType?.MediaType);
        var (b, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Phạm Văn Người Khác");
        var (other, _) = await CitizenSchemeTests.SignedInAsync(app, b);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cong-dan/ho-so/{code}/tep/{fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cong-dan/ho-so/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/cong-dan/ho-so/{code}/ket-qua.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/cong-dan/ho-so/{code}/bo-sung/tep?muc=0",
            new MultipartFormDataContent { { new ByteArrayContent(FileUploadTests.Pdf("lạ")), "files", "la.pdf" } })).StatusCode);
    }

    [Fact]
    public async Task An_upload_from_a_page_left_open_is_sent_back_with_its_reason_in_words()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đỗ Thị Trang Cũ");
        var code = await AwaitingSupplementAsync(app, number, a);
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        async Task<HttpResponseMessage> SendAsync(string token, bool fromBrowser)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/cong-dan/ho-so/{code}/bo-sung/tep?muc=0&t={token}")
            {
                Content = new MultipartFormDataContent { { new ByteArrayContent(FileUploadTests.Pdf("trang cũ")), "files", "trang-cu.pdf" } },
            };
            request.Headers.Accept.ParseAdd(fromBrowser ? "text/html" : "application/json");
            return await browser.SendAsync(request);
        }

        // The page's token has expired: the browser is sent back to the page, which says so; nothing staged.
        var expired = await SendAsync("het-han", fromBrowser: true);
        Assert.Equal(HttpStatusCode.SeeOther, expired.StatusCode);
        Assert.Equal($"/cong-dan/ho-so/{code}?loi=400#bo-sung", expired.Headers.Location?.OriginalString);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cong-dan/ho-so/{code}?loi=400"));
        Assert.Contains("Trang tải tệp đã hết hạn nên tệp chưa được nhận.", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {a}"));
        // A client asking JSON still gets the problem naming the token.
        await CitizenApiTests.ProblemAsync(await SendAsync("het-han", fromBrowser: false), HttpStatusCode.BadRequest, "t");

        // The supplement closed meanwhile (the officer received it on paper): 409 told in words, the form gone.
        var token = WebUtility.HtmlDecode(UploadAction().Matches(page).First().Groups["url"].Value).Split("&t=")[1];
        await ActAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "supplement-received", new { });
        var closed = await SendAsync(token, fromBrowser: true);
        Assert.Equal(HttpStatusCode.SeeOther, closed.StatusCode);
        Assert.Equal($"/cong-dan/ho-so/{code}?loi=409", closed.Headers.Location?.OriginalString);
        var after = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cong-dan/ho-so/{code}?loi=409"));
        Assert.Contains("Hồ sơ không còn chờ bổ sung nên tệp không được nhận.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("/bo-sung/tep", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(token, fromBrowser: false)).StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {a}"));
    }

    [Fact]
    public async Task A_withdrawal_needs_a_reason_and_gives_status_7()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Văn Rút Hồ Sơ");
        var code = await DossierAsync(app, number, a);
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var page = await browser.GetStringAsync($"/cong-dan/ho-so/{code}");
        Assert.Contains("Rút hồ sơ", page, StringComparison.Ordinal);
        var refused = await PostAsync(browser, code, "Withdraw", page, new() { ["Reason"] = "  " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Ghi lý do rút hồ sơ", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
        var done = await PostAsync(browser, code, "Withdraw", page, new() { ["Reason"] = "Tôi nộp nhầm thủ tục" });
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Equal(7, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
        var after = await browser.GetStringAsync(done.Headers.Location!.OriginalString);
        Assert.Contains("Yêu cầu rút hồ sơ", after, StringComparison.Ordinal);
        // No second withdrawal: the form is gone and a replayed post is 409.
        Assert.DoesNotContain("name=\"Reason\"", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(browser, code, "Withdraw", page, new() { ["Reason"] = "Lần nữa" })).StatusCode);
    }

    [Fact]
    public async Task The_result_downloads_signed_its_signature_is_checked_and_the_page_carries_the_rating_form()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Võ Thị Có Kết Quả");
        var code = await RatingTests.ClosedAsync(app, "return", number);
        var id = await RatingTests.IdOf(app, code);
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {a} WHERE id = {id} RETURNING 1");
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var page = await browser.GetStringAsync($"/cong-dan/ho-so/{code}");
        Assert.Contains("Tải kết quả", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Reason\"", page, StringComparison.Ordinal);
        // The rating form on the page (cit31), posted as the account's rating; no token at all, the printed code least of all.
        Assert.Contains("handler=Rate", page, StringComparison.Ordinal);
        Assert.Contains("name=\"tc8\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(RatingTests.TokenOf(app, id), page, StringComparison.Ordinal);

        var result = await browser.GetAsync($"/cong-dan/ho-so/{code}/ket-qua.pdf");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("application/pdf", result.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", result.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await result.Content.ReadAsByteArrayAsync())[..4]), StringComparison.Ordinal);

        var checkedPage = await browser.GetStringAsync($"/cong-dan/ho-so/{code}?kiem-tra=true");
        Assert.Contains("được ký trong hệ thống MotCua", checkedPage, StringComparison.Ordinal);
        Assert.Contains(code, checkedPage, StringComparison.Ordinal);
    }
}
