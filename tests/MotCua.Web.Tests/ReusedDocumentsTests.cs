using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Catalog;
using MotCua.Documents.Tests;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>The app with the population database simulator, and the portal sync configured (to an address nothing answers,
/// the worker on) so that the sync payload each dossier would send is planned into the outbox and can be read.</summary>
public sealed class ReusedDocumentsFixture : IDisposable
{
    public PopulationRegistryProcess Registry { get; } = new();
    public MotCuaApp App { get; } = new();

    public ReusedDocumentsFixture()
    {
        Registry.Configure(App);
        // The worker expands each dossier event into the portal's rows (with the payload); their delivery then fails.
        App.Settings["Motcua:Outbox:Enabled"] = "true";
        App.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        App.Settings["Motcua:Portal:SyncUrl"] = "http://127.0.0.1:9/dvcqg/sync";
        App.Settings["Motcua:Portal:Auth"] = "None";
    }

    public void Dispose()
    {
        App.Dispose();
        Registry.Dispose();
    }
}

/// <summary>
/// Issue 16: documents already in the citizen's store, or whose data is in a published database, are reused and not asked
/// for again (docs/POPULATION.md "Documents reused"). Generated over every procedure the demo's Thuận Hóa desk receives:
/// for each required document whose name is of a reusable kind (table <c>reusable_document_kinds</c>, matched by the
/// Domain's rule), a simulator person holding it is looked up at the desk; the line is marked "Đã có trong kho dữ liệu —
/// không yêu cầu nộp", the dossier received with nothing else ticked is not refused for missing documents (the same post
/// without the lookup is), and a dossier received that way records the documents as reused with source and reference, in
/// the API, the receipt (Mẫu 01) and the portal payload (<c>DuocTaiSuDung</c>).
/// </summary>
public partial class ReusedDocumentsTests(ReusedDocumentsFixture fixture, ITestOutputHelper output) : IClassFixture<ReusedDocumentsFixture>
{
    private const string Purpose = "Tiếp nhận hồ sơ, đối chiếu giấy tờ đã có";
    private const string NoDocuments = "Hồ sơ chưa có giấy tờ nào";
    private MotCuaApp App => fixture.App;

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await App.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private Task<List<ReusableKind>> KindsAsync() =>
        QueryAsync("SELECT kind, name, match_terms, except_terms FROM reusable_document_kinds ORDER BY ordinal",
            r => new ReusableKind(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetFieldValue<string[]>(3)));

    [GeneratedRegex("name=\"Documents\\[(?<i>\\d+)\\]\\.(?<f>Name|ReuseKind)\" value=\"(?<v>[^\"]*)\"")]
    private static partial Regex DocumentInput();

    // The desk's document lines: name and the reusable kind the page found, by index.
    private static List<(string Name, string Kind)> Lines(string html)
    {
        var lines = new SortedDictionary<int, (string Name, string Kind)>();
        foreach (Match m in DocumentInput().Matches(html))
        {
            var i = int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var value = WebUtility.HtmlDecode(m.Groups["v"].Value);
            (string Name, string Kind) line = lines.GetValueOrDefault(i, ("", ""));
            lines[i] = m.Groups["f"].Value == "Name" ? (value, line.Kind) : (line.Name, value);
        }
        return [.. lines.Values];
    }

    private static string Between(string text, string before, string after)
    {
        var start = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(start >= 0, $"Không thấy {before}");
        start += before.Length;
        return text[start..text.IndexOf(after, start, StringComparison.Ordinal)];
    }

    [Fact]
    public void The_kinds_match_catalogue_names_unaccented_and_not_another_person_s_paper()
    {
        List<ReusableKind> kinds =
        [
            new("KS", "Giấy khai sinh", ["giấy khai sinh", "trích lục khai sinh"], ["của con"]),
            new("CT", "Xác nhận thông tin về cư trú", ["sổ hộ khẩu"], []),
        ];
        Assert.Equal("KS", ReusableDocuments.KindOf("Bản sao Giấy khai sinh", kinds)?.Kind);
        Assert.Equal("KS", ReusableDocuments.KindOf("BAN SAO GIAY KHAI SINH", kinds)?.Kind);
        Assert.Equal("KS", ReusableDocuments.KindOf("Trích lục khai sinh (bản sao)", kinds)?.Kind);
        Assert.Null(ReusableDocuments.KindOf("Giấy khai sinh của con", kinds));
        Assert.Null(ReusableDocuments.KindOf("Tờ khai đăng ký khai sinh", kinds));
        Assert.Null(ReusableDocuments.KindOf("Giấy khai sinhx", kinds));
        Assert.Equal("CT", ReusableDocuments.KindOf("Sổ hộ khẩu (bản chính)", kinds)?.Kind);
        // The sixteenth trial's lines (2.000986, 2.000908): a line that mentions the paper is not the paper.
        Assert.Null(ReusableDocuments.KindOf("Trường hợp trẻ em không đăng ký thường trú cùng hộ khẩu với cha, mẹ thì phải có ý kiến bằng văn bản "
            + "của cha, mẹ, có xác nhận của Ủy ban nhân dân cấp xã, ý kiến đồng ý của chủ hộ và Sổ hộ khẩu của chủ hộ", kinds));
        Assert.Null(ReusableDocuments.KindOf("Phiếu báo thay đổi hộ khẩu, nhân khẩu (theo mẫu quy định); Sổ hộ khẩu của cha, mẹ", kinds));
        Assert.Null(ReusableDocuments.KindOf("Sổ hộ khẩu và tờ khai nhân khẩu", kinds));
        Assert.Null(ReusableDocuments.KindOf("Đơn đề nghị cấp bản sao giấy khai sinh", kinds));
        Assert.Equal("KS", ReusableDocuments.KindOf("Bản sao có chứng thực Giấy khai sinh", kinds)?.Kind);
        CitizenDocument held = new("KS", "Giấy khai sinh", "12/1995", ReuseSource.CitizenStore);
        Assert.Equal(held, ReusableDocuments.HeldFor("bản sao giấy khai sinh", kinds, [held]));
        Assert.Null(ReusableDocuments.HeldFor("Sổ hộ khẩu", kinds, [held]));
        Assert.Equal("Giấy khai sinh số 12/1995", ReusableDocuments.Reference(held));
        Assert.Equal(ReuseSource.CitizenStore, ReusableDocuments.SourceOf("kho-cong-dan"));
        Assert.Equal(ReuseSource.PublishedDatabase, ReusableDocuments.SourceOf("csdl-dan-cu"));
    }

    [Fact]
    public async Task The_kinds_match_the_whole_catalogues_residence_birth_and_marriage_lines_and_not_their_near_misses()
    {
        // Fourth fresh trial MEDIUM 2: the catalogue names the residence paper "Giấy tờ có giá trị chứng minh thông tin về cư
        // trú trong trường hợp …" and "Giấy tờ chứng minh nơi cư trú …"; the kinds knew neither, so no line was ever CT.
        var kinds = await KindsAsync();
        var lines = CatalogFile.Lines.Where(l => l.Length > 0).Select(l => NationalCatalogParser.ParseLine(l).Spec)
            .SelectMany(p => p.Documents.Where(d => d.Kind == DocumentLineKind.Document).Select(d => (p.Code, d.Name, d.MustPresentOnly)))
            .Select(x => (x.Code, x.Name, x.MustPresentOnly, Kind: ReusableDocuments.KindOf(x.Name, kinds)?.Kind)).ToList();
        foreach (var group in lines.Where(l => l.Kind is not null).GroupBy(l => l.Kind!).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key}: {group.Count()} lines in {group.Select(l => l.Code).Distinct().Count()} procedures, {group.Count(l => l.MustPresentOnly)} to show");
            foreach (var (code, name, _, _) in group.Take(8)) output.WriteLine($"  {code}: {(name.Length > 100 ? name[..100] + "…" : name)}");
        }
        string? KindIn(string code, string startsWith) =>
            lines.First(l => l.Code == code && l.Name.StartsWith(startsWith, StringComparison.Ordinal)).Kind;
        foreach (var code in new[] { "1.001193", "1.000894", "1.000593", "1.000080" })
            Assert.Equal("CT", KindIn(code, "Giấy tờ có giá trị chứng minh thông tin về cư trú"));
        Assert.Equal("CT", KindIn("1.000094", "Giấy tờ chứng minh nơi cư trú của công dân Việt Nam"));
        // Near misses: the dead person's last residence, a paper proving a relationship, a line that only mentions residence.
        foreach (var code in new[] { "1.000419", "1.000656" })
            Assert.Null(KindIn(code, "Giấy tờ chứng minh nơi cư trú cuối cùng của người chết"));
        Assert.Null(ReusableDocuments.KindOf("Giấy tờ chứng minh quan hệ nhân thân với người có yêu cầu cấp xác nhận cư trú", kinds));
        Assert.Null(ReusableDocuments.KindOf("Văn bản xác nhận hoàn cảnh gia đình, tình trạng chỗ ở do UBND cấp xã nơi người nhận con nuôi thường trú cấp", kinds));
        Assert.Null(ReusableDocuments.KindOf("Giấy tờ chứng minh nơi cư trú ở nước ngoài", kinds));
        // Every kind is met in the catalogue, and every CT line is the residence paper itself.
        Assert.All(new[] { "KS", "KH", "CT" }, kind => Assert.Contains(lines, l => l.Kind == kind));
        Assert.All(lines.Where(l => l.Kind == "CT"), l => Assert.Matches("(?i)^(bản sao |bản chính )?(giấy tờ|giấy xác nhận|xác nhận|sổ)", l.Name));
    }

    [Fact]
    public async Task Every_adopted_procedure_s_reusable_documents_are_marked_at_the_desk_and_not_demanded()
    {
        var kinds = await KindsAsync();
        var procedures = await QueryAsync($"""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            WHERE a.code = '{DemoData.ThuanHoaCode}' ORDER BY ap.procedure_code
            """, r => r.GetString(0));
        Assert.NotEmpty(procedures);
        // Since a line must be the paper itself (sixteenth trial finding 2), no line the demo's commune receives is one: the
        // first procedure gets a line that is, so that the desk's reuse is exercised on it; the rest stay as published.
        await App.ScalarAsync($"""
            UPDATE procedure_versions v SET spec = jsonb_set(v.spec, ARRAY['documents'], v.spec->'documents' || jsonb_build_array(
                jsonb_build_object('name', 'Bản sao Giấy khai sinh của người yêu cầu', 'originals', 0, 'copies', 1, 'kind', 'document')))
            FROM procedures p WHERE p.code = '{procedures[0]}' AND v.procedure_code = p.code AND v.version = p.current_version
            """);
        var people = await fixture.Registry.PeopleAsync(1000);
        HashSet<string> KindsOf(JsonElement person) => [.. person.GetProperty("giayTo").EnumerateArray().Select(d => d.GetProperty("loai").GetString()!)];
        var officer = await App.OfficerAsync("tiepnhan.thuanhoa");
        int withReusable = 0, marked = 0, received = 0, presented = 0;
        string? receivedCode = null;
        foreach (var code in procedures)
        {
            var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={code}");
            var lines = Lines(html);
            // Fourth fresh trial MEDIUM 2: a paper only shown of a reusable kind (the civil-status procedures' residence
            // paper) is listed, tagged, and reused like the others.
            presented += lines.Where((l, i) => l.Kind.Length > 0 && html.Contains($"id=\"doc-{i}-present\"", StringComparison.Ordinal)).Count();
            // The page's kinds are the Domain's rule over the table: nothing else decides which line is reusable.
            Assert.Equal(lines.Select(l => ReusableDocuments.KindOf(l.Name, kinds)?.Kind ?? ""), lines.Select(l => l.Kind));
            var needed = lines.Where(l => l.Kind.Length > 0).Select(l => l.Kind).ToHashSet();
            if (needed.Count == 0) continue;
            withReusable++;
            var person = people.FirstOrDefault(p => needed.IsSubsetOf(KindsOf(p)));
            Assert.True(person.ValueKind == JsonValueKind.Object, $"{code}: không người giả lập nào có {string.Join(", ", needed)}");
            var number = person.GetProperty("soDinhDanh").GetString()!;

            var lookup = new Dictionary<string, string> { ["IdNumber"] = number, ["LookupPurpose"] = Purpose };
            for (var i = 0; i < lines.Count; i++) lookup[$"Documents[{i}].ReuseKind"] = lines[i].Kind;
            var partial = WebUtility.HtmlDecode(await (await officer.PostAsync("/tiep-nhan/tra-cuu-cong-dan", new FormUrlEncodedContent(lookup))).Content.ReadAsStringAsync());
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].Kind.Length == 0) { Assert.DoesNotContain($"id=\"doc-{i}-reuse\"", partial); continue; }
                var at = partial.IndexOf($"id=\"doc-{i}-reuse\"", StringComparison.Ordinal);
                Assert.True(at >= 0, $"{code} dòng {i} ({lines[i].Name}) không được đánh dấu");
                var next = partial.IndexOf("id=\"doc-", at + 10, StringComparison.Ordinal);
                var span = next < 0 ? partial[at..] : partial[at..next];
                Assert.True(span.Contains(ReusableDocuments.DeskLabel, StringComparison.Ordinal), $"{code} dòng {i} ({lines[i].Name}): {span}");
                marked++;
            }
            var token = Between(partial, "id=\"VerificationToken\" name=\"VerificationToken\" value=\"", "\"");
            var name = Between(partial, "id=\"FullName\" name=\"FullName\" value=\"", "\"");
            var address = Between(partial, "id=\"Address\" name=\"Address\" value=\"", "\"");

            // Nothing ticked: with the lookup's token the reusable documents are the dossier's; without it, none.
            var form = DeskIntakeForm.Of(officer, code, html).Applicant(name, number, "0914000222", address).ReceiveIncomplete();
            form["VerificationToken"] = token;
            form["IdempotencyKey"] = Guid.NewGuid().ToString("N");
            var withToken = await form.PostAsync();
            var answer = withToken.StatusCode == HttpStatusCode.Redirect ? "" : WebUtility.HtmlDecode(await withToken.Content.ReadAsStringAsync());
            Assert.False(answer.Contains(NoDocuments, StringComparison.Ordinal), $"{code}: giấy tờ đã có vẫn bị yêu cầu nộp");
            // Without the lookup's token nothing is reused, whatever the page posted: a dossier received so (a procedure
            // whose documents are all conditional) has no reused document.
            var without = await form.With("VerificationToken", "").With("IdempotencyKey", Guid.NewGuid().ToString("N")).PostAsync();
            if (without.StatusCode == HttpStatusCode.Redirect)
            {
                var plain = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{without.Headers.Location!.ToString()[7..^6]}");
                Assert.All(plain.GetProperty("documents").EnumerateArray(), d => Assert.Equal(0, d.GetProperty("reused").GetInt32()));
            }
            if (withToken.StatusCode != HttpStatusCode.Redirect) continue;
            received++;
            var dossier = withToken.Headers.Location!.ToString()[7..^6];
            receivedCode ??= dossier;
            var view = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{dossier}");
            var documents = view.GetProperty("documents").EnumerateArray().ToList();
            Assert.Equal(needed.Count > 0 ? lines.Count(l => l.Kind.Length > 0) : 0, documents.Count);
            foreach (var d in documents)
            {
                Assert.True(d.GetProperty("reused").GetInt32() is 1 or 2, d.ToString());
                Assert.False(string.IsNullOrEmpty(d.GetProperty("reuseRef").GetString()), d.ToString());
            }
            // The portal's payload says which were reused.
            await Waiting.Until(async () => await App.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{dossier}' AND topic = 'portal.hoso'") > 0,
                $"thư DongBoHoSoMC của {dossier}");
            var payload = (await QueryAsync($"SELECT payload::text FROM outbox WHERE ordering_key = 'dvcqg:{dossier}' AND topic = 'portal.hoso' ORDER BY id LIMIT 1",
                r => JsonDocument.Parse(r.GetString(0)).RootElement.Clone())).Single();
            var sent = payload.GetProperty("data")[0].GetProperty("TaiLieuNop").EnumerateArray().Select(t => t.GetProperty("DuocTaiSuDung").GetString()).ToList();
            Assert.Equal(documents.Select(d => d.GetProperty("reused").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)), sent);
        }
        output.WriteLine($"{procedures.Count} thủ tục; {withReusable} có giấy tờ tái sử dụng được; {marked} dòng được đánh dấu ({presented} xuất trình); {received} hồ sơ tiếp nhận chỉ với giấy tờ tái sử dụng");
        Assert.True(withReusable > 0, "Không thủ tục nào của Thuận Hóa có giấy tờ tái sử dụng được: bảng reusable_document_kinds không khớp danh mục");
        Assert.True(presented >= 3, $"Chỉ {presented} giấy tờ xuất trình để đối chiếu được tái sử dụng");
        Assert.NotNull(receivedCode);

        // Mẫu 01 lists them as reused.
        var pdf = await (await officer.GetAsync($"/api/v1/dossiers/{receivedCode}/receipt.pdf")).Content.ReadAsByteArrayAsync();
        var text = PdfTools.Text(PdfTools.Save($"reused-{receivedCode}", pdf));
        Assert.Contains("không yêu cầu nộp", text.Replace('\n', ' '), StringComparison.Ordinal);
        Assert.Contains("Tái sử dụng", text, StringComparison.Ordinal);
    }

    // What a person writes, fills in or signs for this dossier, spelled as the catalogue does, independently of the
    // Domain's list: a form, an application, a written opinion or consent, a commitment, a declaration, a power of attorney.
    [GeneratedRegex(@"(?<!\p{L})(tờ khai|phiếu|theo mẫu|mẫu số|đơn|đề nghị|ý kiến|đồng ý|thỏa thuận|thoả thuận|cam kết|cam đoan|bản khai|ủy quyền|uỷ quyền)(?!\p{L})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WrittenForTheDossier();

    [Fact]
    public async Task No_form_opinion_consent_declaration_or_application_of_any_adopted_procedure_is_reusable()
    {
        var kinds = await KindsAsync();
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var codes = await db.AgencyProcedures.Select(a => a.ProcedureCode).Distinct().ToArrayAsync();
        Assert.NotEmpty(codes);
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, codes, default);
        int lines = 0, written = 0, reusable = 0;
        foreach (var (code, spec) in specs)
            foreach (var document in spec.Documents.Where(d => d.Kind == DocumentLineKind.Document))
            {
                lines++;
                var kind = ReusableDocuments.KindOf(document.Name, kinds);
                if (kind is not null) reusable++;
                if (!WrittenForTheDossier().IsMatch(document.Name.Normalize(System.Text.NormalizationForm.FormC))) continue;
                written++;
                Assert.True(kind is null, $"{code}: \"{document.Name}\" là giấy tờ người nộp phải viết/ký, không thể có sẵn trong kho dữ liệu ({kind?.Kind})");
            }
        output.WriteLine($"{specs.Count} thủ tục được áp dụng; {lines} dòng giấy tờ; {written} dòng là tờ khai, đơn, ý kiến…; {reusable} dòng tái sử dụng được");
        Assert.True(written > 0, "Không dòng nào là tờ khai hay đơn: phép thử không thử gì");
    }

    // The test dossier of Requests.Dossier with other documents.
    private static System.Text.Json.Nodes.JsonNode WithDocuments(params object[] documents)
    {
        var body = JsonSerializer.SerializeToNode(Requests.Dossier(procedureCode: "1.001193"))!;
        body["documents"] = JsonSerializer.SerializeToNode(documents);
        return body;
    }

    [Fact]
    public async Task The_API_records_reused_documents_and_names_a_bad_reuse_field()
    {
        var client = App.ApiClient();
        var bad = await client.SubmitAsync(WithDocuments(new { name = "Giấy khai sinh", original = 0, copies = 0, reused = 3, reuseRef = "Giấy khai sinh số 1/2000" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("documents[0].reused", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noRef = await client.SubmitAsync(WithDocuments(new { name = "Giấy khai sinh", original = 0, copies = 0, reused = 1 }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRef.StatusCode);
        Assert.Contains("documents[0].reuseRef", await noRef.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A document neither handed over nor reused is still refused.
        var paperless = await client.SubmitAsync(WithDocuments(new { name = "Giấy chứng sinh", original = 0, copies = 0 }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, paperless.StatusCode);

        var ok = await client.SubmitAsync(WithDocuments(new { name = "Giấy chứng sinh", original = 1, copies = 0 },
            new { name = "Xác nhận thông tin về cư trú", original = 0, copies = 0, reused = 2, reuseRef = "Xác nhận thông tin về cư trú" }));
        Assert.True(ok.StatusCode == HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        var code = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        var documents = view.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal([0, 2], documents.Select(d => d.GetProperty("reused").GetInt32()));
        Assert.Equal("Xác nhận thông tin về cư trú", documents[1].GetProperty("reuseRef").GetString());
    }
}
