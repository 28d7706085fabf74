using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12's fuzz proof: every endpoint and page handler of the route table, read at run time, called as anonymous, as
/// an integrated system and as a signed-in officer of the right role with malformed input (truncated JSON, wrong types,
/// huge numbers, control characters, invalid UTF-8, duplicate keys, unknown fields, nulls in arrays, huge strings, wrong
/// content types, bad route values, extreme page numbers), from a fixed seed. Nothing may answer 5xx, every API refusal
/// is problem+json, and every table but the audit log of reads and the data protection keys is as it was.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private sealed record Endpoint(string Method, string Route, string? Handler, bool Bodiless = false)
    {
        public bool IsApi => Route.StartsWith("/api/", StringComparison.Ordinal);
        public string Key => $"{Method} {Route}" + (Handler is null ? "" : $"?handler={Handler}");
    }

    private sealed record Call(string Method, string Path, HttpContent? Content, bool WithToken, string Case);

    private static async Task<List<Endpoint>> EndpointsAsync(MotCuaApp app)
    {
        var found = new List<Endpoint>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                found.AddRange(compiled.HandlerMethods.Select(h => new Endpoint(h.HttpMethod.ToUpperInvariant(), route, h.Name)));
                if (compiled.HandlerMethods.All(h => h.HttpMethod != "Get")) found.Add(new("GET", route, null));
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods)
                found.AddRange(methods.HttpMethods.Select(m => new Endpoint(m, route, null, endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null)));
        }
        return [.. found.DistinctBy(e => e.Key).OrderBy(e => e.Key, StringComparer.Ordinal)];
    }

    // A value that names something that exists, so that malformed bodies reach the handler behind the route.
    private static string Existing(string route, string parameter, string dossier) => parameter switch
    {
        "year" => "2026",
        "id" => "1",
        "userName" => "tiepnhan.thuanhoa",
        "agencyCode" => DemoData.ThuanHoaCode,
        "procedureCode" => "1.001193",
        "code" when route.Contains("dossiers", StringComparison.Ordinal) || route.StartsWith("/ho-so", StringComparison.Ordinal) => dossier,
        "code" when route.Contains("agencies/{code}", StringComparison.Ordinal) || route.Contains("don-vi", StringComparison.Ordinal) => DemoData.ThuanHoaCode,
        _ => "1.001193",
    };

    private static readonly string[] BadRouteValues = ["%20", "%01x", "%C3%28", new string('9', 40), "..%2F..", "-1", "x%27%3B--", new string('A', 3000)];

    private static readonly string Huge = new('ạ', 200_000);

    // Bodies no handler may take: each is malformed in one way.
    private static IEnumerable<(string Case, Func<HttpContent> Content)> JsonBodies()
    {
        HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        yield return ("truncated", () => Json("{\"note\":\"x"));
        yield return ("wrong-types", () => Json("{\"note\":123,\"reason\":[1],\"items\":\"x\",\"days\":7,\"userName\":false}"));
        yield return ("huge-number", () => Json("{\"amount\":1e400,\"year\":99999999999999999999,\"timeLimitUnit\":32768,\"page\":2147483648}"));
        yield return ("nul", () => Json("{\"note\":\"a\\u0000b\",\"reason\":\"a\\u0000b\",\"name\":\"\\u0000\",\"userName\":\"a\\u0000\"}"));
        yield return ("control", () => Json("{\"note\":\"a\\u001bb\",\"reason\":\"\\u0007\",\"name\":\"x\\u0085\"}"));
        yield return ("invalid-utf8", () =>
        {
            var content = new ByteArrayContent([.. "{\"note\":\""u8, 0xC3, 0x28, .. "\",\"reason\":\"\xFF\"}"u8]);
            content.Headers.ContentType = new("application/json");
            return content;
        });
        yield return ("duplicate-keys", () => Json("{\"note\":\"a\",\"note\":\"b\",\"reason\":\"a\",\"reason\":\"b\"}"));
        yield return ("unknown-field", () => Json("{\"zzzUnknown\":1}"));
        yield return ("null-in-arrays", () => Json("{\"items\":[null],\"days\":[null],\"documents\":[null],\"steps\":[null],\"participants\":[null]}"));
        yield return ("huge-string", () => Json("{\"note\":\"" + Huge + "\",\"reason\":\"" + Huge + "\"}"));
        yield return ("top-level-array", () => Json("[1,2,3]"));
        yield return ("wrong-content-type", () => new StringContent("note=x&reason=y", Encoding.UTF8, "text/plain"));
    }

    private static IEnumerable<(string Case, Func<string, HttpContent> Content)> FormBodies()
    {
        HttpContent Form(string token, params (string, string)[] fields) =>
            new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        yield return ("form-nul", t => Form(t, ("f.Note", "a\0b"), ("f.Reason", "a\0b"), ("Query", "\0"), ("UserName", "a\0"), ("FullName", "\0")));
        yield return ("form-control", t => Form(t, ("f.Note", "a\u001bb"), ("Name", "\u0007"), ("Place", "\u0001")));
        yield return ("form-huge", t => Form(t, ("f.Note", Huge[..20_000]), ("Name", Huge[..20_000])));
        yield return ("form-invalid-utf8", t =>
        {
            var content = new ByteArrayContent([.. "f.Note=%C3%28&Name=%FF&__RequestVerificationToken="u8, .. Encoding.ASCII.GetBytes(Uri.EscapeDataString(t))]);
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
            return content;
        });
        yield return ("form-as-json", _ => new StringContent("{\"note\":\"x\"", Encoding.UTF8, "application/json"));
    }

    private static readonly string[] BadQueries =
    [
        "page=2147483647", "page=-2147483648", "page=abc", "trang=2147483647", "trang=-1", "q=%00", "q=" + new string('a', 20_000),
        "q=%C3%28", "year=99999999999", "from=0001-01-01&to=9999-12-31", "ma=%01", "agency=%00", "status=32768", "size=2147483647",
    ];

    private static string Fill(string route, Func<string, string> value) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}]*)?\??\}", m => value(m.Groups[1].Value));

    private static IEnumerable<Call> Calls(Endpoint e, string dossier, Random random)
    {
        var valid = Fill(e.Route, p => Existing(e.Route, p, dossier));
        string WithHandler(string path, string? query = null) =>
            path + (e.Handler is null ? query is null ? "" : "?" + query : "?handler=" + e.Handler + (query is null ? "" : "&" + query));
        var hasRouteValues = e.Route.Contains('{');
        var badRoutes = hasRouteValues ? BadRouteValues.OrderBy(_ => random.Next()).Take(3).Select(bad => Fill(e.Route, _ => bad)).ToList() : [];
        if (e.Method == "GET")
        {
            foreach (var query in BadQueries) yield return new("GET", WithHandler(valid, query), null, false, "query " + query[..Math.Min(query.Length, 24)]);
            foreach (var path in badRoutes) yield return new("GET", WithHandler(path), null, false, "route");
            yield break;
        }
        // Deleting and other writes without a body are only ever sent to things that do not exist.
        // An API action that takes no body (deactivate a user) ignores whatever body comes: the request is valid.
        if (e.Method == "DELETE" || (e.IsApi && e.Bodiless))
        {
            foreach (var bad in BadRouteValues) yield return new(e.Method, Fill(e.Route, _ => bad), null, true, "route");
            yield break;
        }
        if (e.IsApi)
        {
            foreach (var (name, content) in JsonBodies()) yield return new(e.Method, valid, content(), true, name);
            foreach (var path in badRoutes) yield return new(e.Method, path, JsonBodies().First().Content(), true, "route");
            // An empty body is "{}" to the processing actions, a valid request: only sent where nothing exists.
            foreach (var path in badRoutes) yield return new(e.Method, path + "?page=2147483647", new StringContent("", Encoding.UTF8, "application/json"), false, "empty-body");
        }
        else
        {
            foreach (var (name, content) in FormBodies()) yield return new(e.Method, WithHandler(valid), content("TOKEN"), name != "form-as-json", name);
            foreach (var path in badRoutes) yield return new(e.Method, WithHandler(path), FormBodies().First().Content("TOKEN"), true, "route");
        }
    }

    // Every table but four: audit_log records reads of personal data and refusals (that is its purpose, and its rows are
    // chained, never changed); data_protection_keys is the key ring, created on the first cookie or antiforgery token;
    // sign_in_throttles counts refused sign-ins, which a malformed sign-in form is; audit_checkpoints anchors the audit
    // chain every minute.
    private static async Task<Dictionary<string, string>> ChecksumAsync(MotCuaApp app)
    {
        await app.CatchUpStepStaysAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
              AND table_name NOT IN ('audit_log', 'audit_checkpoints', 'data_protection_keys', 'sign_in_throttles') ORDER BY 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var sums = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM \"{table}\" x", connection);
            sums[table] = (string)(await command.ExecuteScalarAsync())!;
        }
        return sums;
    }

    [Fact]
    public async Task Malformed_requests_to_every_endpoint_get_no_5xx_change_nothing_and_api_refusals_are_problem_json()
    {
        using var app = new MotCuaApp();
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var dossier = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var endpoints = await EndpointsAsync(app);

        var anonymous = app.SessionClient();
        var apiClient = app.SessionClient();
        apiClient.DefaultRequestHeaders.Add("X-Api-Key", DemoData.ApiKey);
        var admin = await app.OfficerAsync("quantri");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var tokens = new Dictionary<HttpClient, string>
        {
            [anonymous] = MotCuaApp.AntiforgeryToken(await anonymous.GetStringAsync("/xac-thuc")),
            [apiClient] = "",
            [admin] = MotCuaApp.AntiforgeryToken(await admin.GetStringAsync("/xac-thuc")),
            [desk] = MotCuaApp.AntiforgeryToken(await desk.GetStringAsync("/xac-thuc")),
        };
        static bool IsAdmin(Endpoint e) => e.Route.Contains("admin", StringComparison.Ordinal) || e.Route.StartsWith("/quan-tri", StringComparison.Ordinal)
            || e.Route.Contains("calendar", StringComparison.Ordinal) || e.Route.Contains("search-terms", StringComparison.Ordinal)
            || (e.Route.StartsWith("/api/v1/agencies/", StringComparison.Ordinal) && e.Method != "GET");

        // A valid first read may write: the first print of a receipt numbers and signs it, a signer's key is made on first
        // use. Each GET is made once, validly, before the snapshot, so that the fuzz's reads (most of them a valid route
        // with a query the page ignores) find that done and any change after it comes from a malformed request.
        foreach (var endpoint in endpoints.Where(e => e.Method == "GET"))
            foreach (var who in new[] { anonymous, apiClient, IsAdmin(endpoint) ? admin : desk })
            {
                var path = Fill(endpoint.Route, p => Existing(endpoint.Route, p, dossier)) + (endpoint.Handler is null ? "" : "?handler=" + endpoint.Handler);
                using var warm = await who.GetAsync(path);
            }
        var before = await ChecksumAsync(app);
        await using var probe = new NpgsqlConnection(app.ConnectionString);
        await probe.OpenAsync();
        // After each request, a cheap fingerprint of every checked table (rows and the newest writing transaction) names
        // the request that changed one; the checksums before and after the run are the proof.
        var fingerprintSql = "SELECT concat_ws(',', " + string.Join(", ", before.Keys.Select(t =>
            $"(SELECT '{t}:' || count(*) || '/' || coalesce(max(xmin::text::bigint), 0) FROM \"{t}\")")) + ")";
        async Task<string[]> FingerprintAsync()
        {
            await using var command = new NpgsqlCommand(fingerprintSql, probe);
            return ((string)(await command.ExecuteScalarAsync())!).Split(',');
        }
        var last = await FingerprintAsync();
        var writers = new List<string>();
        var random = new Random(20261130);
        var byStatus = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var serverWritten = 0;
        var sent = 0;
        foreach (var endpoint in endpoints)
        {
            var officer = IsAdmin(endpoint) ? admin : desk;
            // Signing out would end the officer's session for the rest of the run; anonymous and API calls cover it.
            HttpClient[] principals = endpoint.Route == "/dang-xuat" ? [anonymous, apiClient] : [anonymous, apiClient, officer];
            foreach (var who in principals)
                foreach (var call in Calls(endpoint, dossier, random))
                {
                    using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path) { Content = call.Content };
                    if (call.Content is FormUrlEncodedContent or ByteArrayContent && tokens[who].Length > 0 && call.Content.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded")
                        request.Content = await Retoken(call.Content, tokens[who]);
                    if (call.WithToken && tokens[who].Length > 0) request.Headers.Add("X-CSRF-TOKEN", tokens[who]);
                    if (endpoint.Route == "/api/v1/dossiers") request.Headers.Add("Idempotency-Key", $"fuzz-{sent}");
                    HttpResponseMessage sentResponse;
                    try { sentResponse = await who.SendAsync(request); }
                    catch (HttpRequestException e)
                    {
                        // A connection the server dropped is named with its route and case, never a bare broken pipe.
                        failures.Add($"{endpoint.Key} [{call.Case}] × {Name(who)}: {e.Message} {e.InnerException?.Message}");
                        sent++;
                        continue;
                    }
                    using var response = sentResponse;
                    sent++;
                    var status = (int)response.StatusCode;
                    byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                    var body = await response.Content.ReadAsStringAsync();
                    var label = $"{endpoint.Key} [{call.Case}] × {Name(who)}: {status}";
                    var now = await FingerprintAsync();
                    if (!now.SequenceEqual(last)) writers.Add($"{label} → {string.Join(" ", now.Except(last).Select(x => x.Split(':')[0]))} {call.Path[..Math.Min(call.Path.Length, 80)]}");
                    last = now;
                    if (status >= 500) failures.Add($"{label} {body[..Math.Min(body.Length, 200)]}");
                    else if (endpoint.IsApi && status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        // 400/413/414/431 written by Kestrel itself carry no body yet (issue 12, item 9, another branch).
                        if (body.Length == 0 && status is 400 or 413 or 414 or 431) serverWritten++;
                        else failures.Add($"{label} không phải problem+json: {response.Content.Headers.ContentType} {body[..Math.Min(body.Length, 120)]}");
                    }
                }
        }
        var after = await ChecksumAsync(app);
        var changed = before.Keys.Where(t => before[t] != after.GetValueOrDefault(t)).ToList();
        output.WriteLine($"{endpoints.Count} điểm cuối và trình xử lý trang; {sent} yêu cầu sai dạng (hạt giống 20261130).");
        output.WriteLine("Theo mã trạng thái: " + string.Join(", ", byStatus.Select(s => $"{s.Key}: {s.Value}")));
        output.WriteLine($"Trả lời ≥ 500: {failures.Count(f => f.Contains(": 5", StringComparison.Ordinal))}; lỗi API không phải problem+json: {failures.Count(f => f.Contains("problem+json", StringComparison.Ordinal))}; "
            + $"400/413/414/431 do máy chủ viết, thân rỗng (chờ mục 9): {serverWritten}; bảng bị thay đổi: {changed.Count} {string.Join(", ", changed)}.");
        foreach (var failure in failures.Take(40)) output.WriteLine(failure);
        foreach (var writer in writers) output.WriteLine("GHI: " + writer);
        Assert.True(sent >= 2000, $"chỉ {sent} yêu cầu");
        Assert.Empty(failures);
        Assert.True(writers.Count == 0, string.Join("\n", writers));
        Assert.Empty(changed);

        string Name(HttpClient c) => c == anonymous ? "ẩn danh" : c == apiClient ? "hệ thống (khóa API)" : c == admin ? "quantri" : "tiepnhan.thuanhoa";
    }

    // Form bodies were built with a placeholder token; each session sends its own.
    private static async Task<HttpContent> Retoken(HttpContent content, string token)
    {
        var bytes = await content.ReadAsByteArrayAsync();
        var text = Encoding.ASCII.GetString(bytes).Replace("__RequestVerificationToken=TOKEN", "__RequestVerificationToken=" + Uri.EscapeDataString(token), StringComparison.Ordinal);
        var fresh = new ByteArrayContent(Encoding.ASCII.GetBytes(text));
        fresh.Headers.ContentType = content.Headers.ContentType;
        return fresh;
    }
}
