using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Catalog;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Search in the words people use, on the whole national catalogue (2,642 procedures). The expected answers were looked
/// up by hand in dvcqg_tthc_central_2026.jsonl: the marriage registrations are the six names holding "đăng ký … kết hôn";
/// a house needs the commune's construction permit for works of grade III/IV (1.013225); "làm sổ đỏ" is the first
/// registration and certificate for households and individuals (1.013978).
/// </summary>
public class CatalogSearchTests(FullCatalogApp app, ITestOutputHelper output) : IClassFixture<FullCatalogApp>
{
    /// <summary>Đăng ký kết hôn, lưu động, có yếu tố nước ngoài, … tại khu vực biên giới, đăng ký lại, … có yếu tố nước ngoài.</summary>
    private static readonly string[] MarriageRegistrations = ["1.000894", "1.000593", "2.000806", "1.000094", "1.004746", "2.000513"];

    /// <summary>Cấp giấy phép xây dựng mới / sửa chữa, cải tạo, for grade special–II (province) and III–IV (commune).</summary>
    private static readonly string[] ConstructionPermits = ["1.013236", "1.013225", "1.013238", "1.013229"];

    /// <summary>Cấp Giấy phép xây dựng, cải tạo, nâng cấp đường ngang; … công trình thiết yếu, dùng chung với đường sắt.</summary>
    private static readonly string[] RailwayPermits = ["1.005126", "1.005134"];

    /// <summary>The four names holding "Giấy chứng nhận quyền sử dụng đất", the first registration for households first.</summary>
    private static readonly string[] LandCertificates = ["1.013978", "1.012783", "1.012753", "1.012787"];

    /// <summary>Query; the code expected first ("" when any of the next ones may lead); codes expected (in any order) first.</summary>
    public static TheoryData<string, string, string[]> Queries => new()
    {
        { "dang ki ket hon", "1.000894", MarriageRegistrations },
        { "dang ky ket hon", "1.000894", MarriageRegistrations },
        { "ĐĂNG KÍ KẾT HÔN", "1.000894", MarriageRegistrations },
        { "đăng\u00A0ký\u00A0kết\u00A0hôn", "1.000894", MarriageRegistrations },
        { "xin phep xay nha", "1.013225", ConstructionPermits },
        { "xin phép xây nhà", "1.013225", ConstructionPermits },
        { "cap giay phep xay dung", "1.013236", ConstructionPermits },
        { "lam so do", "1.013978", LandCertificates },
        { "sổ đỏ", "", LandCertificates },
        { "so hong", "", LandCertificates },
        { "làm giấy khai sinh", "1.001193", ["1.001193"] },
        { "mat so do", "1.012786", ["1.012786"] },
        { "xac nhan doc than", "1.004873", ["1.004873"] },
        { "nhap ho khau", "1.004222", ["1.004222"] },
        { "1.001193", "1.001193", ["1.001193"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Everyday_and_unmarked_queries_find_the_procedures_people_mean(string q, string first, string[] top)
    {
        var codes = await CodesAsync(q);
        output.WriteLine($"{q}: {string.Join(", ", codes.Take(5))}");
        if (first.Length > 0) Assert.Equal(first, codes[0]);
        Assert.Equal(top.Order(), codes.Take(top.Length).Order());
    }

    [Fact]
    public async Task Marriage_registration_typed_with_ki_finds_exactly_the_six_marriage_registrations()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/procedures?q=dang%20ki%20ket%20hon");
        Assert.Equal("6", response.Headers.GetValues("X-Total-Count").Single());
        var names = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.All(names, n => Assert.Contains("ket hon", SearchText.Fold(n)));
    }

    [Fact]
    public async Task Construction_permits_come_before_railway_permits()
    {
        var codes = await CodesAsync("cap giay phep xay dung");
        var lastConstruction = ConstructionPermits.Max(c => codes.IndexOf(c));
        Assert.All(RailwayPermits, r => Assert.True(codes.IndexOf(r) > lastConstruction, $"{r} at {codes.IndexOf(r)}: {string.Join(", ", codes)}"));
    }

    /// <summary>The queries of the table with each word break replaced by every kind of space: same list, same total.</summary>
    [Theory]
    [InlineData("\u00A0")]
    [InlineData("\t")]
    [InlineData("\u200B")]
    [InlineData("\u3000")]
    [InlineData("\u202F")]
    [InlineData(" \u00A0 ")]
    public async Task Any_space_between_words_gives_the_same_results_as_a_plain_space(string space)
    {
        foreach (var q in Queries.Select(row => (string)row[0]).Where(q => q.Contains(' ')))
        {
            var (plain, plainTotal) = await PageAsync(q);
            var (spaced, spacedTotal) = await PageAsync(q.Replace(" ", space));
            Assert.Equal(plain, spaced);
            Assert.Equal(plainTotal, spacedTotal);
        }
    }

    /// <summary>Every everyday term shipped (read from the database, so a new one is covered too) finds what it names.</summary>
    [Fact]
    public async Task Every_shipped_everyday_term_finds_a_procedure_named_by_its_expansion_in_the_first_five()
    {
        var terms = await TermsAsync();
        Assert.True(terms.Count >= 30, $"{terms.Count} terms");
        Assert.True(terms.Select(t => t.Topic).Distinct().Count() >= 6);
        foreach (var (phrase, expansion, _) in terms)
        {
            var results = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures?q={Uri.EscapeDataString(phrase)}");
            var names = results.EnumerateArray().Take(5).Select(r => SearchText.Words(r.GetProperty("name").GetString())).ToList();
            var wanted = SearchText.Words(expansion);
            Assert.True(names.Any(n => wanted.All(n.Contains)), $"“{phrase}” → “{expansion}”: {results}");
        }
    }

    /// <summary>For every shipped term: whatever the words as typed find alone is still found with the expansions.</summary>
    [Fact]
    public async Task Expansions_never_hide_the_literal_matches()
    {
        var terms = (await TermsAsync()).Select(t => new EverydayTerm(t.Phrase, t.Expansion)).ToList();
        foreach (var term in terms)
        {
            var literal = await SqlCodesAsync(term.Phrase, []);
            var expanded = await SqlCodesAsync(term.Phrase, terms);
            Assert.True(expanded.Count > literal.Count || literal.Count == 0 || expanded.Count == literal.Count);
            Assert.Empty(literal.Except(expanded));
        }
    }

    [Fact]
    public async Task At_a_desk_the_procedures_adopted_there_come_first_among_equally_relevant_ones()
    {
        // Thuận Hóa (a commune desk) receives 1.013225; anywhere else the province-level permit, a shorter name, leads.
        Assert.Equal("1.013236", (await CodesAsync("cap giay phep xay dung"))[0]);
        var atDesk = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures?q=cap%20giay%20phep%20xay%20dung&agency={DemoData.ThuanHoaCode}");
        Assert.Equal("1.013225", atDesk[0].GetProperty("code").GetString());
        Assert.True(atDesk[0].GetProperty("adoptedHere").GetBoolean());
        Assert.False(atDesk[1].GetProperty("adoptedHere").GetBoolean());
        // Relevance still comes first: the households' first registration (not received there) leads "làm sổ đỏ".
        var land = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures?q=lam%20so%20do&agency={DemoData.ThuanHoaCode}");
        Assert.Equal("1.013978", land[0].GetProperty("code").GetString());

        // Every procedure Thuận Hóa receives, searched by its name at its desk, is found first.
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("""
            SELECT p.name FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id JOIN procedures p ON p.code = a.procedure_code
            WHERE g.code = @code
            """, connection);
        read.Parameters.AddWithValue("code", DemoData.ThuanHoaCode);
        var adopted = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) adopted.Add(reader.GetString(0));
        Assert.True(adopted.Count >= 30);
        foreach (var name in adopted)
        {
            var found = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures?q={Uri.EscapeDataString(name)}&agency={DemoData.ThuanHoaCode}");
            Assert.True(found[0].GetProperty("adoptedHere").GetBoolean(), name);
            Assert.Equal(SearchText.Fold(name), SearchText.Fold(found[0].GetProperty("name").GetString()));
        }
    }

    [Fact]
    public async Task The_desk_search_lists_what_it_does_not_receive_without_a_link()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await officer.GetStringAsync("/tiep-nhan?handler=Search&q=" + Uri.EscapeDataString("xin phép xây nhà"));
        var received = html.IndexOf("href=\"/tiep-nhan?thutuc=1.013225\"", StringComparison.Ordinal);
        Assert.True(received >= 0, html);
        Assert.True(html.IndexOf("Đơn vị không tiếp nhận thủ tục này", StringComparison.Ordinal) > received);
        Assert.DoesNotContain("href=\"/tiep-nhan?thutuc=1.013236\"", html);
    }

    [Fact]
    public async Task An_unknown_agency_is_a_422_problem_naming_the_field()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/procedures?q=khai%20sinh&agency=999.XX");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("999.XX", problem.GetProperty("errors").GetProperty("agency")[0].GetString());
    }

    /// <summary>The plan on the full catalogue, with the expansions: a bitmap scan of the GIN index, never a scan of every row.</summary>
    [Theory]
    [InlineData("xin phep xay nha")]
    [InlineData("dang ki ket hon")]
    [InlineData("lam so do")]
    public async Task Expanded_queries_use_the_search_index(string q)
    {
        var terms = (await TermsAsync()).Select(t => new EverydayTerm(t.Phrase, t.Expansion)).ToList();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE procedures", connection)) await analyze.ExecuteNonQueryAsync();
        var (sql, parameters) = CatalogEndpoints.SearchSql(new CatalogQuery(q), terms, exact: true, 0, 20);
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection);
        explain.Parameters.AddRange(parameters);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        output.WriteLine(string.Join('\n', plan));
        Assert.Contains(plan, l => l.Contains("Bitmap Index Scan on procedures_search_vector"));
        Assert.DoesNotContain(plan, l => l.Contains("Seq Scan on procedures"));
    }

    private async Task<List<string>> CodesAsync(string q) => (await PageAsync(q)).Codes;

    private async Task<(List<string> Codes, string Total)> PageAsync(string q)
    {
        var response = await app.CreateClient().GetAsync($"/api/v1/procedures?q={Uri.EscapeDataString(q)}");
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToList(), response.Headers.GetValues("X-Total-Count").Single());
    }

    private async Task<List<string>> SqlCodesAsync(string q, IReadOnlyList<EverydayTerm> terms)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var (sql, parameters) = CatalogEndpoints.SearchSql(new CatalogQuery(q), terms, exact: true, 0, 10_000);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        var codes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) codes.Add(reader.GetString(0));
        return codes;
    }

    private async Task<List<(string Phrase, string Expansion, string Topic)>> TermsAsync()
    {
        await app.ScalarAsync("SELECT 1"); // starts the app, which migrates and seeds
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT phrase, expansion, topic FROM search_terms ORDER BY id", connection);
        var terms = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) terms.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return terms;
    }
}

/// <summary>Administrators keep the everyday terms through the API and the page: validated, audited, used at once.</summary>
public class SearchTermAdministrationTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task An_administrator_adds_edits_and_removes_a_term_and_search_follows()
    {
        var admin = await app.OfficerAsync("quantri");
        Assert.NotEqual("1.001193", (await CodesAsync("giay to lam cho con moi de")).FirstOrDefault());

        var created = await admin.PostAsJsonAsync("/api/v1/search-terms", new { phrase = "giấy tờ làm cho con mới đẻ", expansion = "Đăng ký khai sinh", topic = "Hộ tịch" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal("1.001193", (await CodesAsync("giay to lam cho con moi de"))[0]);

        var edited = await admin.PutAsJsonAsync($"/api/v1/search-terms/{id}", new { phrase = "giấy tờ làm cho con mới đẻ", expansion = "đăng ký kết hôn", topic = "Hộ tịch" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("1.000894", (await CodesAsync("giay to lam cho con moi de"))[0]);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/search-terms/{id}")).StatusCode);
        Assert.NotEqual("1.000894", (await CodesAsync("giay to lam cho con moi de")).FirstOrDefault());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/search-terms/{id}")).StatusCode);

        var userId = await app.ScalarAsync("SELECT id FROM users WHERE user_name = 'quantri'");
        foreach (var action in new[] { "search.term.create", "search.term.update", "search.term.delete" })
            Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = '{action}' AND subject = 'search-term:{id}' AND user_id = {userId}"));
    }

    [Theory]
    [InlineData("", "đăng ký khai sinh", "phrase")]
    [InlineData("sổ đỏ", "  ", "expansion")]
    [InlineData("SO DO", "giấy chứng nhận quyền sử dụng đất", "phrase")]
    [InlineData("đăng ký kết hôn", "dang ki ket hon", "expansion")]
    public async Task A_bad_term_is_a_422_problem_naming_the_field_and_writes_nothing(string phrase, string expansion, string field)
    {
        var admin = await app.OfficerAsync("quantri");
        var before = await WrittenAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/search-terms", new { phrase, expansion });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await WrittenAsync());
    }

    [Theory]
    [InlineData("tiepnhan.thuanhoa")]
    [InlineData("lanhdao.trungtam")]
    [InlineData("thanhtra")]
    public async Task Only_administrators_change_terms(string userName)
    {
        var officer = await app.OfficerAsync(userName);
        var before = await WrittenAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/v1/search-terms", new { phrase = "abc", expansion = "đăng ký khai sinh" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.DeleteAsync("/api/v1/search-terms/1")).StatusCode);
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task The_page_lists_adds_with_messages_and_tries_a_query()
    {
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/thu-tuc/tu-thong-dung?thu=" + Uri.EscapeDataString("làm sổ đỏ"));
        Assert.Contains("sổ hồng", page);
        Assert.Contains("“giay chung nhan quyen su dung dat”", page);
        var token = MotCuaApp.AntiforgeryToken(page);

        var refused = await admin.PostAsync("/quan-tri/thu-tuc/tu-thong-dung?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Phrase"] = "sổ đỏ", ["Expansion"] = "Giấy chứng nhận quyền sử dụng đất", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Cặp từ này đã có trong danh sách.", await refused.Content.ReadAsStringAsync());

        var saved = await admin.PostAsync("/quan-tri/thu-tuc/tu-thong-dung?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Phrase"] = "xin giấy phép kinh doanh", ["Expansion"] = "đăng ký thành lập hộ kinh doanh", ["Topic"] = "Kinh doanh", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("xin giấy phép kinh doanh", await admin.GetStringAsync(saved.Headers.Location!.ToString()));
    }

    private async Task<List<string>> CodesAsync(string q)
    {
        var results = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/procedures?q={Uri.EscapeDataString(q)}");
        return results.EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToList();
    }

    private Task<long> WrittenAsync() => app.ScalarAsync("SELECT (SELECT count(*) FROM search_terms) * 1000000 + (SELECT count(*) FROM audit_log)");
}
