using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Citizens;
using MotCua.Domain.Fees;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17: the citizens' JSON API under <c>/cong-dan/api/</c> over real HTTP, with citizens signed in through the real
/// cookie: writes need the session's antiforgery token (400 naming <c>X-CSRF-TOKEN</c> without it, anonymous 401); the list
/// and one dossier are the citizen's own (another's 404); an online submission with a file per required line (201, channel
/// online, the files attached, the citizen on the dossier); a procedure not offered online 422 naming
/// <c>procedureCode</c>; a supplement answered item by item with staged files (status 4); a withdrawal needs a reason
/// (422 <c>reason</c>) and gives status 7; the result is 404 while there is none.
/// </summary>
public class CitizenApiTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    /// <summary>A client signed in as the citizen, carrying the session's antiforgery token on every request.</summary>
    internal static async Task<HttpClient> ClientAsync(MotCuaApp app, long citizenId)
    {
        var (client, _) = await CitizenSchemeTests.SignedInAsync(app, citizenId);
        var session = await client.GetFromJsonAsync<JsonElement>("/cong-dan/api/session");
        client.DefaultRequestHeaders.Add(CitizenApi.CsrfHeader, session.GetProperty("csrfToken").GetString());
        return client;
    }

    /// <summary>The files as one multipart body (parts <c>files</c>), PDFs unless the bytes say otherwise.</summary>
    internal static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(part, "files", name);
        }
        return form;
    }

    /// <summary>The problem of <paramref name="response"/>, asserting its status, problem+json and the field named.</summary>
    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), text);
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        return problem;
    }

    /// <summary>Stages <paramref name="count"/> PDFs for the citizen through the API; their staged ids.</summary>
    internal static async Task<long[]> StageAsync(HttpClient client, int count, string marker)
    {
        var response = await client.PostAsync("/cong-dan/api/files", Files([.. Enumerable.Range(0, count).Select(i => ($"{marker}-{i}.pdf", FileUploadTests.Pdf($"{marker} {i}")))]));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files").EnumerateArray().Select(f => f.GetProperty("id").GetInt64())];
    }

    /// <summary>The body submitting <paramref name="offer"/> with the staged files, one per line to hand over from
    /// <paramref name="staged"/>, and a valid e-form.</summary>
    internal static object SubmitBody(OnlineOffer offer, IReadOnlyList<long> staged) => new
    {
        agencyCode = offer.Agency.Code, procedureCode = offer.Spec.Code,
        applicant = new { fullName = "Hoàng Thị Trực Tuyến", phone = "0905111222", address = "5 Hùng Vương, phường Thuận Hóa" },
        formData = OfficialBookTests.FormFor(CountedFees.FormOf(offer.Spec)),
        documents = SubmitModel.LinesOf(offer.Spec, []).Where(l => l.TakesFiles).Select((l, i) => new { line = l.Index, stagedFiles = new[] { staged[i] } }).ToArray(),
    };

    private async Task<string> DossierAsync(string idNumber, long citizenId)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, fullName: "Trần Thị Công Dân"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE code = '{code}' RETURNING 1");
        return code;
    }

    private Task<OnlineOffer> FirstOfferAsync() => FirstOfferAsync(app);

    /// <summary>The first procedure the first agency offers online, with its e-form and documents.</summary>
    internal static async Task<OnlineOffer> FirstOfferAsync(MotCuaApp app)
    {
        using var scope = app.Services.CreateScope();
        var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
        var agency = (await offers.AgenciesAsync(null, CancellationToken.None))[0];
        var procedure = (await offers.ProceduresAsync(agency.Code, null, CancellationToken.None))!.Value.Procedures[0];
        return (await offers.OfferAsync(agency.Code, procedure.Code, CancellationToken.None)).Offer!;
    }

    [Fact]
    public async Task Writes_need_the_sessions_token_and_a_signed_in_citizen()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đặng Văn Mã Phiên");
        var (bare, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var before = await app.ScalarAsync("SELECT count(*) FROM stored_files");
        await ProblemAsync(await bare.PostAsync("/cong-dan/api/files", Files(("a.pdf", FileUploadTests.Pdf("không mã")))), HttpStatusCode.BadRequest, CitizenApi.CsrfHeader);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM stored_files"));
        bare.DefaultRequestHeaders.Add(CitizenApi.CsrfHeader, "gia-mao");
        await ProblemAsync(await bare.PostAsJsonAsync("/cong-dan/api/dossiers", new { }), HttpStatusCode.BadRequest, CitizenApi.CsrfHeader);

        using var anonymous = app.CreateClient();
        var refused = await anonymous.GetAsync("/cong-dan/api/dossiers");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // An officer's session is no citizen's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetAsync("/cong-dan/api/dossiers")).StatusCode);
    }

    [Fact]
    public async Task The_list_and_a_dossier_are_the_citizens_own()
    {
        var (a, numberA) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Ngô Thị Danh Sách");
        var (b, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lý Văn Người Khác");
        var code = await DossierAsync(numberA, a);
        var clientA = await ClientAsync(app, a);
        var clientB = await ClientAsync(app, b);

        var list = await clientA.GetFromJsonAsync<JsonElement>("/cong-dan/api/dossiers");
        var line = Assert.Single(list.GetProperty("dossiers").EnumerateArray(), d => d.GetProperty("code").GetString() == code);
        Assert.Equal(2, line.GetProperty("status").GetInt32());
        Assert.DoesNotContain((await clientB.GetFromJsonAsync<JsonElement>("/cong-dan/api/dossiers")).GetProperty("dossiers").EnumerateArray(),
            d => d.GetProperty("code").GetString() == code);

        var one = await clientA.GetFromJsonAsync<JsonElement>($"/cong-dan/api/dossiers/{code}");
        Assert.Equal("Được tiếp nhận", one.GetProperty("statusName").GetString());
        Assert.Equal(JsonValueKind.String, one.GetProperty("dueAt").ValueKind);
        Assert.Contains(one.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("what").GetString() == "Tiếp nhận hồ sơ");
        Assert.False(one.GetProperty("result").GetProperty("available").GetBoolean());
        Assert.True(one.GetProperty("mayWithdraw").GetBoolean());

        foreach (var path in new[] { $"/cong-dan/api/dossiers/{code}", $"/cong-dan/api/dossiers/{code}/result.pdf" })
            Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/withdraw", new { reason = "Không phải của tôi" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/cong-dan/api/dossiers/{code}/result.pdf")).StatusCode);
    }

    [Fact]
    public async Task An_online_submission_with_a_file_per_line_is_201_and_a_procedure_not_offered_online_is_422()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Hoàng Thị Trực Tuyến");
        var client = await ClientAsync(app, a);
        var offer = await FirstOfferAsync();
        // The lines that take a file online (DocumentNeeds): not the paper-only declaration, not the e-form's line.
        var all = SubmitModel.LinesOf(offer.Spec, []);
        var lines = all.Where(l => l.TakesFiles).ToList();
        var staged = await StageAsync(client, lines.Count, "nop");

        // A required line without its file is refused, naming the lines, and nothing is written.
        var body = JsonSerializer.SerializeToNode(SubmitBody(offer, staged))!.AsObject();
        if (lines.Any(l => l.Required))
        {
            var partial = body.DeepClone().AsObject();
            partial["documents"] = new System.Text.Json.Nodes.JsonArray();
            var missingLines = await ProblemAsync(await client.PostAsJsonAsync("/cong-dan/api/dossiers", partial), HttpStatusCode.UnprocessableEntity, "documents");
            // In Vietnamese throughout (trial 17v LOW 5: "(line 1)"): the line's number is "dòng".
            var message = missingLines.GetProperty("errors").GetProperty("documents")[0].GetString()!;
            Assert.Contains($"(dòng {lines.First(l => l.Required).Index})", message);
            Assert.DoesNotContain("(line ", message);
        }

        // A file for a line not asked online (paper only, or the e-form's) is refused, naming that entry's line.
        if (all.FirstOrDefault(l => !l.TakesFiles) is { } notAsked && lines.Count > 0)
        {
            var wrong = body.DeepClone().AsObject();
            wrong["documents"]![0]!["line"] = notAsked.Index;
            await ProblemAsync(await client.PostAsJsonAsync("/cong-dan/api/dossiers", wrong), HttpStatusCode.UnprocessableEntity, "documents[0].line");
        }

        var submitted = await client.PostAsJsonAsync("/cong-dan/api/dossiers", body);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var answer = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        var code = answer.GetProperty("code").GetString()!;
        Assert.Equal(1, answer.GetProperty("status").GetInt32());
        Assert.True(answer.GetProperty("fee").TryGetProperty("dueVnd", out _));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND channel = 2 AND citizen_id = {a} AND applicant_id_number = '{number}'"));
        Assert.Equal(lines.Count, await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}' AND f.purpose = 1"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {a}"));
        // The same body again cannot make a second dossier: its staged files are used.
        var again = await client.PostAsJsonAsync("/cong-dan/api/dossiers", body);
        if (lines.Count > 0) await ProblemAsync(again, HttpStatusCode.UnprocessableEntity, "documents[0].stagedFiles[0]");
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/cong-dan/api/dossiers")).GetProperty("dossiers").EnumerateArray());

        // An adoption of the same agency not offered online: 422 naming the procedure.
        var notOnline = await NotOfferedOnlineAsync(offer.Agency.Code);
        var refused = await client.PostAsJsonAsync("/cong-dan/api/dossiers", new { agencyCode = offer.Agency.Code, procedureCode = notOnline, applicant = new { }, documents = Array.Empty<object>() });
        var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "procedureCode");
        Assert.Contains(notOnline, problem.GetProperty("errors").GetProperty("procedureCode")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>Trial 30 LOW 3: a submission naming another citizen's staged files was refused with one sentence repeated
    /// once per file in <c>detail</c>; the shared message is said once, naming the fields, and <c>errors</c> keeps each.</summary>
    [Fact]
    public async Task Another_citizens_staged_files_are_refused_with_the_shared_message_said_once()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Văn Nộp Hộ");
        var (b, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Thị Chủ Tệp");
        var offer = await FirstOfferAsync();
        var lines = SubmitModel.LinesOf(offer.Spec, []).Where(l => l.TakesFiles).ToList();
        Assert.NotEmpty(lines);
        var theirs = await StageAsync(await ClientAsync(app, b), lines.Count + 1, "cua-nguoi-khac");
        var body = JsonSerializer.SerializeToNode(SubmitBody(offer, theirs))!.AsObject();
        body["documents"]![0]!["stagedFiles"] = new System.Text.Json.Nodes.JsonArray(theirs[0], theirs[^1]);

        var response = await (await ClientAsync(app, a)).PostAsJsonAsync("/cong-dan/api/dossiers", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var problem = JsonDocument.Parse(text).RootElement;
        var refused = problem.GetProperty("errors").EnumerateObject().Where(e => e.Name.Contains(".stagedFiles[", StringComparison.Ordinal)).ToList();
        Assert.True(refused.Count == lines.Count + 1, text);
        var sentence = refused[0].Value[0].GetString()!;
        Assert.All(refused, e => Assert.Equal(sentence, e.Value[0].GetString()));
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.True(detail.Split(sentence.TrimEnd('.')).Length == 2, detail);
        Assert.Contains(string.Join(", ", refused.Select(e => e.Name)), detail);
        Assert.Equal(lines.Count + 1, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {b} AND dossier_id IS NULL"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE citizen_id = {a}"));
    }

    /// <summary>A procedure <paramref name="agencyCode"/> adopted but does not offer online.</summary>
    internal static async Task<string> NotOfferedOnlineAsync(MotCuaApp app, string agencyCode)
    {
        using var scope = app.Services.CreateScope();
        var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
        var online = (await offers.ProceduresAsync(agencyCode, null, CancellationToken.None))!.Value.Procedures.Select(p => p.Code).ToHashSet();
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT p.procedure_code FROM agency_procedures p JOIN agencies a ON a.id = p.agency_id WHERE a.code = '{agencyCode}' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            if (!online.Contains(reader.GetString(0))) return reader.GetString(0);
        throw new InvalidOperationException($"{agencyCode} offers every adopted procedure online.");
    }

    private Task<string> NotOfferedOnlineAsync(string agencyCode) => NotOfferedOnlineAsync(app, agencyCode);

    [Fact]
    public async Task A_supplement_is_answered_with_staged_files_and_a_withdrawal_needs_a_reason()
    {
        var (a, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Trịnh Thị Bổ Sung");
        var code = await DossierAsync(number, a);
        var transfer = await (await app.OfficerAsync("tiepnhan.thuanhoa")).PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { });
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        var asked = await (await app.OfficerAsync("congchuc.thuanhoa")).PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", new
        {
            items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp mờ" }, new { document = "Giấy xác nhận cư trú", reason = "Thiếu" } },
        });
        Assert.True(asked.StatusCode == HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        var client = await ClientAsync(app, a);

        var view = await client.GetFromJsonAsync<JsonElement>($"/cong-dan/api/dossiers/{code}");
        Assert.Equal(2, view.GetProperty("supplement").GetArrayLength());
        await ProblemAsync(await client.PostAsync($"/cong-dan/api/dossiers/{code}/supplement/files?item=2", Files(("x.pdf", FileUploadTests.Pdf("x")))),
            HttpStatusCode.UnprocessableEntity, "item");
        var first = await client.PostAsync($"/cong-dan/api/dossiers/{code}/supplement/files?item=0", Files(("chung-sinh.pdf", FileUploadTests.Pdf("chứng sinh"))));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0].GetProperty("id").GetInt64();

        // One item only: refused naming the items; nothing changed.
        await ProblemAsync(await client.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/supplement", new { items = new[] { new { item = 0, stagedFiles = new[] { firstId } } } }),
            HttpStatusCode.UnprocessableEntity, "items");
        Assert.Equal(5, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));

        var second = await client.PostAsync($"/cong-dan/api/dossiers/{code}/supplement/files?item=1", Files(("cu-tru.pdf", FileUploadTests.Pdf("cư trú"))));
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0].GetProperty("id").GetInt64();
        // A staged id named under the wrong item is refused naming it.
        await ProblemAsync(await client.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/supplement", new
        {
            items = new[] { new { item = 0, stagedFiles = new[] { firstId } }, new { item = 1, stagedFiles = new[] { firstId } } },
        }), HttpStatusCode.UnprocessableEntity, "items[1].stagedFiles[0]");
        var answered = await client.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/supplement", new
        {
            items = new[] { new { item = 0, stagedFiles = new[] { firstId } }, new { item = 1, stagedFiles = new[] { secondId } } },
        });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        Assert.Equal(4, (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}' AND f.purpose = 2 AND f.added_by_citizen_id = {a}"));
        // Answered once: the route now refuses with 409.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/cong-dan/api/dossiers/{code}/supplement/files?item=0", Files(("x.pdf", FileUploadTests.Pdf("muộn"))))).StatusCode);

        await ProblemAsync(await client.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/withdraw", new { reason = " " }), HttpStatusCode.UnprocessableEntity, "reason");
        var withdrawn = await client.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/withdraw", new { reason = "Đã nộp nhầm thủ tục" });
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        Assert.Equal(7, (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/cong-dan/api/dossiers/{code}/withdraw", new { reason = "Lần nữa" })).StatusCode);
    }

    [Fact]
    public async Task An_idempotency_key_makes_one_dossier_of_a_repeat_or_two_at_once_and_another_body_is_422()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đoàn Thị Một Lần");
        var client = await ClientAsync(app, a);
        var offer = await FirstOfferAsync();
        var lines = SubmitModel.LinesOf(offer.Spec, []).Count(l => l.TakesFiles);
        Task<HttpResponseMessage> Send(object body, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/cong-dan/api/dossiers") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request);
        }
        async Task<string> CodeOf(HttpResponseMessage r)
        {
            Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        }
        var mine = $"SELECT count(*) FROM dossiers WHERE citizen_id = {a}";

        // The same key and body again: the first dossier, told so, not a second one nor the staged files' 422.
        var body = SubmitBody(offer, await StageAsync(client, lines, "mot-lan"));
        var key = Guid.NewGuid().ToString();
        var first = await Send(body, key);
        var code = await CodeOf(first);
        var again = await Send(body, key);
        Assert.Equal(code, await CodeOf(again));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await app.ScalarAsync(mine));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM idempotency_keys WHERE citizen_id = {a} AND key = '{key}' AND dossier_code = '{code}'"));

        // The same key with another body: 422 naming the header, nothing written.
        var other = SubmitBody(offer, await StageAsync(client, lines, "khac"));
        await ProblemAsync(await Send(other, key), HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(1, await app.ScalarAsync(mine));

        // Two at once with a new key: one dossier, the same answer to both.
        var twoKey = Guid.NewGuid().ToString();
        var both = await Task.WhenAll(Send(other, twoKey), Send(other, twoKey));
        Assert.Equal(await CodeOf(both[0]), await CodeOf(both[1]));
        Assert.Equal(2, await app.ScalarAsync(mine));

        // A key is the citizen's own: another citizen's same key and body is his request (his staged files are not these).
        var (b, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đoàn Văn Người Khác");
        var clientB = await ClientAsync(app, b);
        var request = new HttpRequestMessage(HttpMethod.Post, "/cong-dan/api/dossiers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        var stranger = await clientB.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.Created, stranger.StatusCode);
        Assert.DoesNotContain(code, await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A key over 200 characters is refused by the one rule of intake's keys (IntakeEndpoints.KeyOf).
        await ProblemAsync(await Send(body, new string('k', 201)), HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
    }
}
