using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Citizens;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, the citizens' pages as a phone gets them (HTML over real HTTP, docs/CITIZENS.md "Citizen UI"): the citizens'
/// bar names the signed-in citizen with "Đăng xuất" on every page under <c>/cong-dan</c>; the three steps of an online
/// submission on the page, whose review lists the documents without ".:" and carries an Idempotency-Key, so "Nộp hồ sơ"
/// tapped twice at once makes one dossier and both taps land on the confirmation ("Đã nộp hồ sơ": the code, the provisional
/// due date, what happens next; <c>?xong=nop</c>); while a supplement or a payment is awaited (every status of
/// <see cref="DossierStatuses.WaitingForCitizen"/>) the dossier page and "Hồ sơ của tôi" say the time is paused instead of
/// a due date; <c>/danh-gia</c> is in the citizens' layout, with no staff menu even for a signed-in officer.
/// </summary>
public partial class CitizenPagesTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [GeneratedRegex("action=\"(?<url>/cong-dan/ban-nhap/\\d+/tep\\?dong=(?<line>\\d+)[^\"]*)\"")]
    private static partial Regex DraftUpload();

    [GeneratedRegex("<header class=\"bar\">.*?</header>", RegexOptions.Singleline)]
    private static partial Regex CitizenBar();

    // The first offer (agencies and procedures in the catalogue page's order) with a required line whose published name
    // ends in punctuation, the case that printed ".:" on the review; else the first offer.
    private async Task<OnlineOffer> OfferAsync()
    {
        using var scope = app.Services.CreateScope();
        var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
        OnlineOffer? first = null;
        foreach (var agency in await offers.AgenciesAsync(null, CancellationToken.None))
            foreach (var procedure in (await offers.ProceduresAsync(agency.Code, null, CancellationToken.None))!.Value.Procedures)
            {
                var offer = (await offers.OfferAsync(agency.Code, procedure.Code, CancellationToken.None)).Offer!;
                first ??= offer;
                if (SubmitModel.LinesOf(offer.Spec, []).Any(l => l.Required && l.Spec.Name.TrimEnd() is [.., '.' or ';' or ',' or ':'])) return offer;
            }
        return first!;
    }

    private static async Task<(HttpStatusCode Status, string Html, string? Location)> PostFormAsync(HttpClient browser, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await browser.PostAsync(url, new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    private async Task<string> DossierAsync(string idNumber, long citizenId)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, fullName: "Trần Thị Tạm Dừng"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE code = '{code}' RETURNING 1");
        return code;
    }

    private async Task<string?> TextAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task ActAsync(HttpClient officer, string code, string action, object body)
    {
        var r = await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task The_citizens_bar_names_the_citizen_with_sign_out_on_every_page_and_sign_in_for_anyone_else()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Hà Thị Thanh Tên");
        var code = await DossierAsync(number, a);
        var offer = await OfferAsync();
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        foreach (var path in new[] { "/cong-dan", "/cong-dan/nop", $"/cong-dan/nop?co-quan={offer.Agency.Code}", $"/cong-dan/nop/{offer.Agency.Code}/{offer.Spec.Code}", $"/cong-dan/ho-so/{code}" })
        {
            var bar = CitizenBar().Match(WebUtility.HtmlDecode(await browser.GetStringAsync(path))).Value;
            Assert.True(bar.Contains("Hà Thị Thanh Tên", StringComparison.Ordinal) && bar.Contains("href=\"/cong-dan/dang-xuat\">Đăng xuất</a>", StringComparison.Ordinal),
                $"{path}: {bar}");
            Assert.DoesNotContain("Đăng nhập", bar, StringComparison.Ordinal);
        }
        using var anonymous = app.CreateClient();
        var anonymousBar = CitizenBar().Match(await anonymous.GetStringAsync("/cong-dan/nop")).Value;
        Assert.Contains("href=\"/cong-dan/dang-nhap\"", anonymousBar, StringComparison.Ordinal);
        Assert.DoesNotContain("Đăng xuất", WebUtility.HtmlDecode(anonymousBar), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_review_lists_what_was_declared_and_leaves_out_empty_optional_fields_of_every_offer()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đinh Thị Xem Lại");
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        using var scope = app.Services.CreateScope();
        var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
        var drafts = scope.ServiceProvider.GetRequiredService<CitizenDrafts>();
        var failures = new List<string>();
        var withOptional = 0;
        foreach (var agency in await offers.AgenciesAsync(null, CancellationToken.None))
            foreach (var procedure in (await offers.ProceduresAsync(agency.Code, null, CancellationToken.None))!.Value.Procedures)
            {
                var offer = (await offers.OfferAsync(agency.Code, procedure.Code, CancellationToken.None)).Offer!;
                var fields = CountedFees.FormOf(offer.Spec);
                if (!fields.Any(f => !f.Required)) continue;
                withOptional++;
                // The required fields answered, every optional one left empty (a box not ticked).
                var form = OfficialBookTests.FormFor(fields.Where(f => f.Required)).ToDictionary(v => v.Key, v => v.Value ?? "");
                form["applicant.fullName"] = "Đinh Thị Xem Lại";
                form["applicant.phone"] = "0905333444";
                form["applicant.address"] = "3 Lê Lợi, phường Thuận Hóa";
                var draft = await drafts.CreateAsync(a, offer.Agency.Id, offer.Spec.Code, offer.Version, form, CancellationToken.None);
                var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cong-dan/nop/{agency.Code}/{procedure.Code}?ban-nhap={draft}&buoc=3"));
                var at = html.IndexOf("<dl class=\"facts\">", StringComparison.Ordinal);
                var review = html[at..html.IndexOf("</dl>", at, StringComparison.Ordinal)];
                foreach (var f in fields)
                {
                    var label = f.Label;
                    // A date as the citizen reads dates, dd/MM/yyyy, not the date input's yyyy-MM-dd (first trial, LOW 9).
                    var shown = !f.Required ? "" : f.Type == EFormFieldType.Date
                        ? DateOnly.ParseExact(form[f.Name], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)
                        : form[f.Name];
                    if (f.Required && f.Type != EFormFieldType.Checkbox && !review.Contains($"<dt>{label}</dt><dd>{shown}</dd>", StringComparison.Ordinal))
                        failures.Add($"{agency.Code} {procedure.Code}: thiếu {f.Name} = {shown}");
                    if (!f.Required && review.Contains($"<dt>{label}</dt>", StringComparison.Ordinal)) failures.Add($"{agency.Code} {procedure.Code}: trường không khai {f.Name} vẫn hiện");
                }
            }
        Assert.True(withOptional > 0, "không thủ tục trực tuyến nào có trường không bắt buộc");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Submitting_on_the_page_reviews_without_stray_punctuation_and_two_taps_make_one_dossier_and_the_confirmation()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Vũ Thị Trang Nộp");
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var offer = await OfferAsync();
        var start = $"/cong-dan/nop/{offer.Agency.Code}/{offer.Spec.Code}";

        // Step 1: the page's own form, with the applicant and e-form values generated from the schema.
        var step1 = await browser.GetStringAsync(start);
        var values = OfficialBookTests.FormFor(CountedFees.FormOf(offer.Spec));
        var fields = HtmlForm.Fields(step1, "handler=Form").Select(f => f.Key switch
        {
            "Form[applicant.phone]" => KeyValuePair.Create(f.Key, "0905777888"),
            "Form[applicant.address]" => KeyValuePair.Create(f.Key, "12 Trần Hưng Đạo, phường Thuận Hóa"),
            _ when f.Key.StartsWith("Form[", StringComparison.Ordinal) && values.TryGetValue(f.Key[5..^1], out var v) => KeyValuePair.Create(f.Key, v ?? ""),
            _ => f,
        }).ToList();
        var (status, html, toStep2) = await PostFormAsync(browser, start + "?handler=Form", fields);
        Assert.True(status == HttpStatusCode.SeeOther, $"{(int)status} {html}");

        // Step 2: one PDF per line that takes a file, each through the page's own upload form.
        var step2 = await browser.GetStringAsync(toStep2);
        var uploads = DraftUpload().Matches(step2).Select(m => (Line: int.Parse(m.Groups["line"].Value), Url: WebUtility.HtmlDecode(m.Groups["url"].Value))).ToList();
        // Every line that takes a file has its form (required lines first on the page since session 32).
        Assert.Equal(SubmitModel.LinesOf(offer.Spec, []).Where(l => l.TakesFiles).Select(l => l.Index).Order(), uploads.Select(u => u.Line).Order());
        foreach (var (line, url) in uploads)
        {
            var file = new ByteArrayContent(FileUploadTests.Pdf($"trang {line}"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new MultipartFormDataContent { { file, "files", $"giay-to-{line}.pdf" } } };
            request.Headers.Accept.ParseAdd("text/html");
            var uploaded = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.SeeOther, uploaded.StatusCode);
            Assert.DoesNotContain("loi=", uploaded.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // Step 3: the review names each document once, without the name's closing punctuation before ": file".
        var review = WebUtility.HtmlDecode(await browser.GetStringAsync(toStep2!.Replace("buoc=2", "buoc=3", StringComparison.Ordinal)));
        var reviewed = review[review.IndexOf("<h3>Giấy tờ</h3>", StringComparison.Ordinal)..];
        reviewed = reviewed[..reviewed.IndexOf("</ul>", StringComparison.Ordinal)];
        foreach (var line in SubmitModel.LinesOf(offer.Spec, []).Where(l => l.Required))
            Assert.Contains($"<li>{SubmitModel.Label(line.Spec.Name)}: giay-to-{line.Index}.pdf</li>", reviewed, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[.;,:]\s*:", reviewed);
        var submit = HtmlForm.Fields(review, "handler=Submit");
        Assert.True(Guid.TryParse(submit.Single(f => f.Key == "IdempotencyKey").Value, out _));

        // "Nộp hồ sơ" tapped twice at once: one dossier, both sent to its confirmation.
        var action = start + "?handler=Submit&" + toStep2.Split('?')[1].Split('&').First(p => p.StartsWith("ban-nhap=", StringComparison.Ordinal));
        var taps = await Task.WhenAll(PostFormAsync(browser, action, submit), PostFormAsync(browser, action, submit));
        foreach (var tap in taps) Assert.True(tap.Status == HttpStatusCode.SeeOther, $"{(int)tap.Status} {tap.Html}");
        Assert.Equal(taps[0].Location, taps[1].Location);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE citizen_id = {a}"));
        var confirmation = taps[0].Location!;
        Assert.EndsWith("?xong=nop", confirmation, StringComparison.Ordinal);
        var code = await TextAsync($"SELECT code FROM dossiers WHERE citizen_id = {a}");
        Assert.Equal($"/cong-dan/ho-so/{code}?xong=nop", confirmation);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM idempotency_keys WHERE citizen_id = {a} AND dossier_code = '{code}'"));

        // The confirmation: the code, the provisional due date in Vietnam time, what happens next.
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(confirmation));
        var notice = page[page.IndexOf("id=\"da-nop\"", StringComparison.Ordinal)..page.IndexOf("</section>", page.IndexOf("id=\"da-nop\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains("Đã nộp hồ sơ", notice, StringComparison.Ordinal);
        Assert.Contains($"<strong class=\"code\">{code}</strong>", notice, StringComparison.Ordinal);
        var due = await TextAsync($"SELECT to_char(due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI \"ngày\" DD/MM/YYYY') FROM dossiers WHERE code = '{code}'");
        Assert.Contains($"Hẹn trả dự kiến: <strong>{due}</strong>", notice, StringComparison.Ordinal);
        Assert.Contains("Bước tiếp theo", notice, StringComparison.Ordinal);
        // Without ?xong=nop the same page is the dossier, not the confirmation.
        Assert.DoesNotContain("id=\"da-nop\"", await browser.GetStringAsync($"/cong-dan/ho-so/{code}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_a_supplement_or_a_payment_is_awaited_the_pages_say_paused_instead_of_a_due_date()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đinh Thị Tạm Dừng");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var specialist = await app.OfficerAsync("congchuc.thuanhoa");
        var waiting = new Dictionary<DossierStatus, string>();
        foreach (var status in DossierStatuses.WaitingForCitizen)
        {
            var code = await DossierAsync(number, a);
            await ActAsync(desk, code, "transfer", new { });
            if (status == DossierStatus.SupplementRequested)
                await ActAsync(specialist, code, "supplement-request", new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp mờ" } } });
            else if (status == DossierStatus.AwaitingPayment)
                await ActAsync(specialist, code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = 50_000, kind = "charge" });
            else Assert.Fail($"Trạng thái chờ công dân {status} chưa có cách tạo trong kiểm thử này.");
            Assert.Equal((int)status, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
            waiting[status] = code;
        }

        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var mine = WebUtility.HtmlDecode(await browser.GetStringAsync("/cong-dan"));
        foreach (var (status, code) in waiting)
        {
            var due = await TextAsync($"SELECT to_char(due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') FROM dossiers WHERE code = '{code}'");
            var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cong-dan/ho-so/{code}"));
            var dueCell = Regex.Match(page, "<dd id=\"hen-tra\">(.*?)</dd>", RegexOptions.Singleline).Groups[1].Value;
            Assert.True(dueCell.Contains("Đang tạm dừng", StringComparison.Ordinal) && dueCell.Contains("tính lại", StringComparison.Ordinal), $"{status}: {dueCell}");
            Assert.NotNull(due);
            Assert.DoesNotContain(due, dueCell, StringComparison.Ordinal);
            var line = Regex.Match(mine, $"<li class=\"card\">\\s*<a href=\"/cong-dan/ho-so/{Regex.Escape(code)}\">.*?</li>", RegexOptions.Singleline).Value;
            Assert.True(line.Contains("đang tạm dừng, hẹn trả sẽ được tính lại", StringComparison.Ordinal) && !line.Contains("hẹn trả " + due, StringComparison.Ordinal), $"{status}: {line}");
        }
    }

    [Fact]
    public async Task The_rating_page_is_in_the_citizens_layout_with_no_staff_menu_and_refuses_an_officer()
    {
        using var anonymous = app.CreateClient();
        var page = await anonymous.GetStringAsync("/danh-gia");
        Assert.Contains("<body class=\"citizen\">", page, StringComparison.Ordinal);
        Assert.Contains("<header class=\"bar\">", page, StringComparison.Ordinal);
        Assert.False(page.Contains("class=\"topbar\"", StringComparison.Ordinal) || page.Contains("href=\"/tiep-nhan\"", StringComparison.Ordinal)
            || page.Contains("action=\"/dang-xuat\"", StringComparison.Ordinal), "the staff menu on /danh-gia");
        // An officer is one of the rated: the page is refused, in words (RatingCaller; RatingCallerTests for every officer).
        var officer = await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetAsync("/danh-gia");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, officer.StatusCode);
        Assert.Contains(Features.Ratings.RatingCaller.OfficerText, System.Net.WebUtility.HtmlDecode(await officer.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
