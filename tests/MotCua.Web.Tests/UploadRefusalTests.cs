using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Citizens;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17 (design §11): every upload route refuses what it must, over real HTTP with citizens signed in through the real
/// cookie: another citizen's draft is 404 before its body is read, for the page and the upload alike, even with that
/// draft's own upload token; one's own draft without the page's token is 400 and stages nothing. On the citizens' page
/// upload, the citizens' JSON API and the officers' staging API: an executable renamed <c>.pdf</c> is 415 problem+json naming
/// <c>files[0]</c>, a PDF over 10 MB is 413 problem+json, and neither leaves a <c>stored_files</c> row, a
/// <c>staged_files</c> row or a file in the store; another citizen's dossier is 404 to the JSON API's supplement upload.
/// Every refusal is an audit row <c>file.refused</c> naming who (the citizen in the details, the system's key), the route
/// and why (the refusal's code and status), never the content. A citizen's 31st file within an hour is 429 problem+json
/// with Retry-After whatever the route, audited, staging nothing; the page says it in words; an hour later it is taken.
/// </summary>
public class UploadRefusalTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    internal static async Task<(long Draft, string Token, string Page)> DraftAsync(MotCuaApp app, long citizenId)
    {
        using var scope = app.Services.CreateScope();
        var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
        var agency = (await offers.AgenciesAsync(null, CancellationToken.None))[0];
        var procedure = (await offers.ProceduresAsync(agency.Code, null, CancellationToken.None))!.Value.Procedures[0];
        var (offer, _, _) = await offers.OfferAsync(agency.Code, procedure.Code, CancellationToken.None);
        var drafts = scope.ServiceProvider.GetRequiredService<CitizenDrafts>();
        var id = await drafts.CreateAsync(citizenId, offer!.Agency.Id, offer.Spec.Code, offer.Version, new Dictionary<string, string>(), CancellationToken.None);
        return (id, drafts.UploadToken(id, citizenId), $"/cong-dan/nop/{agency.Code}/{procedure.Code}?ban-nhap={id}&buoc=2");
    }

    private static MultipartFormDataContent One(string name, HttpContent file)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "files", name } };
    }

    [Fact]
    public async Task Another_citizens_draft_is_404_to_the_page_and_the_upload_even_with_its_token()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Phạm Văn Người A");
        var (b, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Võ Thị Người B");
        var (browserA, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var (draftB, tokenB, pageB) = await DraftAsync(app, b);
        Assert.Equal(HttpStatusCode.NotFound, (await browserA.GetAsync(pageB)).StatusCode);
        var upload = await browserA.PostAsync($"/cong-dan/ban-nhap/{draftB}/tep?dong=0&t={Uri.EscapeDataString(tokenB)}",
            One("a.pdf", new ByteArrayContent(FileUploadTests.Pdf("của A"))));
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT jsonb_array_length(files) FROM citizen_drafts WHERE id = {draftB}"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'file.refused' AND details->>'citizenId' = '{a}'"
            + $" AND details->>'field' = 'ban-nhap' AND details->>'code' = 'not-found' AND endpoint = 'POST /cong-dan/ban-nhap/{draftB}/tep'"));
        // Her own draft without the page's token is refused before the body is read.
        var (draftA, _, _) = await DraftAsync(app, a);
        var forged = await browserA.PostAsync($"/cong-dan/ban-nhap/{draftA}/tep?dong=0", One("a.pdf", new ByteArrayContent(FileUploadTests.Pdf("không mã"))));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {a}"));
    }

    // The three upload routes, each with what it needs: the page's draft upload (its token, JSON asked), the citizens' JSON
    // API (the session's antiforgery token) and the officers' staging API (an integrated system's key).
    private async Task<IReadOnlyList<(string Name, HttpClient Client, string Path)>> RoutesAsync()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Bùi Thị Tải Lên");
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        browser.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var (draft, token, _) = await DraftAsync(app, a);
        return
        [
            ("trang", browser, $"/cong-dan/ban-nhap/{draft}/tep?dong=0&t={Uri.EscapeDataString(token)}"),
            ("API công dân", await CitizenApiTests.ClientAsync(app, a), "/cong-dan/api/files"),
            ("API cán bộ", app.ApiClient(), "/api/v1/files/staged"),
        ];
    }

    // The file.refused rows written for route (its path without the query) with the refusal code, as the audit log keeps them.
    private Task<long> RefusalsAsync(string path, string code) => app.ScalarAsync(
        $"SELECT count(*) FROM audit_log WHERE action = 'file.refused' AND endpoint = 'POST {path.Split('?')[0]}' AND details->>'code' = '{code}'"
        + " AND (details->>'citizenId' IS NOT NULL OR api_client_id IS NOT NULL)");

    private async Task AssertNothingKeptAsync(long storedBefore, long stagedBefore, string route)
    {
        Assert.True(storedBefore == await app.ScalarAsync("SELECT count(*) FROM stored_files"), route);
        Assert.True(stagedBefore == await app.ScalarAsync("SELECT count(*) FROM staged_files"), route);
        // The store makes tmp at its first write: a refusal before any (a 404 run first in the class) leaves none.
        var temp = Path.Combine(app.FilesRoot, "tmp");
        Assert.Empty(Directory.Exists(temp) ? Directory.EnumerateFiles(temp) : []);
    }

    [Fact]
    public async Task A_renamed_executable_is_415_naming_the_file_and_keeps_nothing_on_every_route()
    {
        foreach (var (name, client, path) in await RoutesAsync())
        {
            var exe = new byte[8192];
            "MZ"u8.CopyTo(exe);
            exe[100] = (byte)name.Length;
            var stored = await app.ScalarAsync("SELECT count(*) FROM stored_files");
            var staged = await app.ScalarAsync("SELECT count(*) FROM staged_files");
            var audited = await RefusalsAsync(path, "file-type");
            var problem = await CitizenApiTests.ProblemAsync(await client.PostAsync(path, CitizenApiTests.Files(("giay-khai-sinh.pdf", exe))),
                HttpStatusCode.UnsupportedMediaType, "files[0]");
            Assert.Equal("https://motcua.vn/problems/file-type", problem.GetProperty("type").GetString());
            await AssertNothingKeptAsync(stored, staged, name);
            Assert.True(audited + 1 == await RefusalsAsync(path, "file-type"), name);
        }
    }

    [Fact]
    public async Task An_oversized_file_is_413_and_keeps_nothing_on_every_route()
    {
        foreach (var (name, client, path) in await RoutesAsync())
        {
            // A PDF header then zeros, 11 MB, sent chunked so no Content-Length refuses it before the store reads it.
            var big = new byte[11 * 1024 * 1024];
            "%PDF-1.7\n"u8.CopyTo(big);
            big[20] = (byte)name.Length;
            var stored = await app.ScalarAsync("SELECT count(*) FROM stored_files");
            var staged = await app.ScalarAsync("SELECT count(*) FROM staged_files");
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = CitizenApiTests.Files(("ban-quet-lon.pdf", big)) };
            request.Headers.TransferEncodingChunked = true;
            var audited = await RefusalsAsync(path, "file-too-large");
            var problem = await CitizenApiTests.ProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "files[0]");
            Assert.Equal("https://motcua.vn/problems/file-too-large", problem.GetProperty("type").GetString());
            await AssertNothingKeptAsync(stored, staged, name);
            Assert.True(audited + 1 == await RefusalsAsync(path, "file-too-large"), name);
        }
    }

    [Fact]
    public async Task Another_citizens_dossier_is_404_to_the_json_apis_upload_and_keeps_nothing()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Phan Văn Người A");
        var (b, numberB) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Mai Thị Người B");
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: numberB, fullName: "Mai Thị Người B"));
        var code = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!;
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {b} WHERE code = '{code}' RETURNING 1");
        var clientA = await CitizenApiTests.ClientAsync(app, a);
        var stored = await app.ScalarAsync("SELECT count(*) FROM stored_files");
        var staged = await app.ScalarAsync("SELECT count(*) FROM staged_files");
        var refused = await clientA.PostAsync($"/cong-dan/api/dossiers/{code}/supplement/files?item=0", CitizenApiTests.Files(("cua-a.pdf", FileUploadTests.Pdf($"của A {code}"))));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        // Audited as A's attempt, naming the route and why, with nothing of B's dossier but its code in the address.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'file.refused' AND details->>'citizenId' = '{a}'"
            + $" AND details->>'code' = 'not-found' AND (details->>'status')::int = 404 AND endpoint = 'POST /cong-dan/api/dossiers/{code}/supplement/files'"));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var fileB = await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'");
        Assert.Equal(0, fileB);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/cong-dan/api/dossiers/{code}/files/1")).StatusCode);
        await AssertNothingKeptAsync(stored, staged, "API công dân");
    }

    [Fact]
    public async Task The_31st_file_in_an_hour_is_429_on_every_citizens_route_and_stages_nothing()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Thị Ba Mươi Tệp");
        var limit = app.Services.GetRequiredService<MotCua.Data.FileStoreOptions>().CitizenFilesPerHour;
        Assert.Equal(30, limit);
        var api = await CitizenApiTests.ClientAsync(app, a);
        // Counted in files, not requests: 20 in one body, then the rest one by one.
        await CitizenApiTests.StageAsync(api, 20, "han-muc-a");
        await CitizenApiTests.StageAsync(api, limit - 20, "han-muc-b");

        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var (draft, token, _) = await DraftAsync(app, a);
        // The draft's procedure takes fewer files than the hour allows, so its upload is held to the hour's 30
        // (a procedure with more lines raises the limit for its own draft: CitizenPagesTests uploads 30 lines through the page).
        using (var scope = app.Services.CreateScope())
        {
            var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
            var agency = (await offers.AgenciesAsync(null, CancellationToken.None))[0];
            var procedure = (await offers.ProceduresAsync(agency.Code, null, CancellationToken.None))!.Value.Procedures[0];
            var offer = (await offers.OfferAsync(agency.Code, procedure.Code, CancellationToken.None)).Offer!;
            Assert.True(new MotCua.Domain.Files.UploadLimits().FilesAllowed(SubmitModel.LinesOf(offer.Spec, []).Count) <= limit, offer.Spec.Code);
        }
        var upload = $"/cong-dan/ban-nhap/{draft}/tep?dong=0&t={Uri.EscapeDataString(token)}";
        var stored = await app.ScalarAsync("SELECT count(*) FROM stored_files");
        var staged = await app.ScalarAsync("SELECT count(*) FROM staged_files");
        foreach (var (client, path) in new[] { (api, "/cong-dan/api/files"), (browser, upload) })
        {
            // Counted before: another test of this class refuses on the same routes.
            var audited = await RefusalsAsync(path, "rate-limit");
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = CitizenApiTests.Files(("thu-31.pdf", FileUploadTests.Pdf($"thứ 31 {path}"))) };
            request.Headers.Accept.ParseAdd("application/json");
            var refused = await client.SendAsync(request);
            var problem = await CitizenApiTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "files");
            Assert.Equal("https://motcua.vn/problems/rate-limit", problem.GetProperty("type").GetString());
            Assert.Contains("tối đa 30 tệp trong một giờ", problem.GetProperty("errors").GetProperty("files")[0].GetString(), StringComparison.Ordinal);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.True(retryAfter is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromHours(1), $"Retry-After {retryAfter}");
            Assert.Equal(audited + 1, await RefusalsAsync(path, "rate-limit"));
            await AssertNothingKeptAsync(stored, staged, path);
        }

        // The page's form is sent back to step 2, which says it in words.
        using (var form = new HttpRequestMessage(HttpMethod.Post, upload) { Content = CitizenApiTests.Files(("thu-32.pdf", FileUploadTests.Pdf("thứ 32"))) })
        {
            form.Headers.Accept.ParseAdd("text/html");
            var back = await browser.SendAsync(form);
            Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
            var location = back.Headers.Location!.OriginalString;
            Assert.Contains("loi=429", location, StringComparison.Ordinal);
            var html = WebUtility.HtmlDecode(await browser.GetStringAsync(location));
            Assert.Contains("đã tải lên 30 tệp trong một giờ qua, là mức tối đa", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT jsonb_array_length(files) FROM citizen_drafts WHERE id = {draft}"));

        // An hour after the first files, the places are free again (a new session: the idle one has expired).
        app.Clock.Now = app.Clock.Now.AddMinutes(61);
        var (later, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        later.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        // The page's upload token lasts two hours: the same address.
        var taken = await later.PostAsync(upload, CitizenApiTests.Files(("sau-mot-gio.pdf", FileUploadTests.Pdf("sau một giờ"))));
        Assert.True(taken.StatusCode == HttpStatusCode.Created, await taken.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.ScalarAsync($"SELECT jsonb_array_length(files) FROM citizen_drafts WHERE id = {draft}"));
    }

    [Fact]
    public async Task An_app_naming_a_procedure_of_more_lines_than_the_hour_allows_stages_its_whole_dossier()
    {
        var limit = app.Services.GetRequiredService<MotCua.Data.FileStoreOptions>().CitizenFilesPerHour;
        var allowance = new MotCua.Domain.Files.UploadLimits();
        // Every online offer whose dossier may carry more files than the hour's limit, from the data.
        var large = new List<OnlineOffer>();
        using (var scope = app.Services.CreateScope())
        {
            var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
            foreach (var agency in await offers.AgenciesAsync(null, CancellationToken.None))
                foreach (var procedure in (await offers.ProceduresAsync(agency.Code, null, CancellationToken.None))!.Value.Procedures)
                    if ((await offers.OfferAsync(agency.Code, procedure.Code, CancellationToken.None)).Offer is { } offer
                        && allowance.FilesAllowed(SubmitModel.LinesOf(offer.Spec, []).Count) > limit)
                        large.Add(offer);
        }
        Assert.Contains(large, o => o.Spec.Code == "1.013225");
        foreach (var offer in large)
        {
            var allowed = allowance.FilesAllowed(SubmitModel.LinesOf(offer.Spec, []).Count);
            var (citizen, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đặng Văn Xây Nhà");
            var api = await CitizenApiTests.ClientAsync(app, citizen);
            var path = $"/cong-dan/api/files?agencyCode={Uri.EscapeDataString(offer.Agency.Code)}&procedureCode={Uri.EscapeDataString(offer.Spec.Code)}";
            var staged = 0;
            foreach (var chunk in Enumerable.Range(0, allowed).Chunk(allowance.MaxFilesPerDossier))
            {
                var taken = await api.PostAsync(path, CitizenApiTests.Files([.. chunk.Select(i => ($"{offer.Spec.Code}-{i}.pdf", FileUploadTests.Pdf($"{offer.Agency.Code} {offer.Spec.Code} {citizen} {i}")))]));
                Assert.True(taken.StatusCode == HttpStatusCode.Created, $"{offer.Agency.Code} {offer.Spec.Code} after {staged}: {await taken.Content.ReadAsStringAsync()}");
                staged += chunk.Length;
            }
            Assert.Equal(allowed, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {citizen}"));
            // One more is over the dossier's allowance, and the refusal quotes the limit that applied; without the procedure, the hour's.
            foreach (var (to, quoted) in new[] { (path, allowed), ("/cong-dan/api/files", limit) })
            {
                var refused = await api.PostAsync(to, CitizenApiTests.Files(("them.pdf", FileUploadTests.Pdf($"thêm {citizen} {to}"))));
                var problem = await CitizenApiTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "files");
                Assert.Contains($"tối đa {quoted} tệp trong một giờ", problem.GetProperty("errors").GetProperty("files")[0].GetString(), StringComparison.Ordinal);
            }
            // The draft's page says the same limit when its upload was refused.
            var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, citizen);
            using var scope = app.Services.CreateScope();
            var drafts = scope.ServiceProvider.GetRequiredService<CitizenDrafts>();
            var draft = await drafts.CreateAsync(citizen, offer.Agency.Id, offer.Spec.Code, offer.Version, new Dictionary<string, string>(), CancellationToken.None);
            var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/cong-dan/nop/{offer.Agency.Code}/{offer.Spec.Code}?ban-nhap={draft}&buoc=2&loi=429"));
            Assert.Contains($"đã tải lên {allowed} tệp trong một giờ qua, là mức tối đa", html, StringComparison.Ordinal);
        }
        // A procedure the agency does not offer online is refused as the submission refuses it, before the body is read.
        var (other, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đặng Thị Sai Mã");
        var wrong = await (await CitizenApiTests.ClientAsync(app, other)).PostAsync($"/cong-dan/api/files?agencyCode={Uri.EscapeDataString(large[0].Agency.Code)}&procedureCode=9.999999",
            CitizenApiTests.Files(("sai.pdf", FileUploadTests.Pdf("sai mã"))));
        await CitizenApiTests.ProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, "procedureCode");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {other}"));
    }
}
