using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece 0: every route that serves a dossier's files, found in the route table (a GET whose personal-data
/// mark names <see cref="PersonalFields.Documents"/>), asked by every officer role at the dossier's agency and at another,
/// the inspector, anonymously, by the system that submitted the dossier and by another: who may read the dossier by the
/// Domain's rule gets 200 with the exact bytes and a range request 206 with the exact slice, as an attachment that is never
/// cached; anyone else signed in gets 404 (never 403), anonymous callers no file at all.
/// </summary>
public class FileDownloadAccessTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private sealed record Principal(string Name, HttpClient Client, Officer? Officer, int? ClientId);

    private const string OwnKey = "tai-tep-khoa-api";

    private async Task<List<Principal>> PrincipalsAsync()
    {
        var roles = new Dictionary<OfficerRole, string>
        {
            [OfficerRole.ReceivingOfficer] = Roles.ReceivingOfficer, [OfficerRole.Specialist] = Roles.Specialist,
            [OfficerRole.DepartmentHead] = Roles.DepartmentHead, [OfficerRole.Leader] = Roles.Leader, [OfficerRole.Accountant] = Roles.Accountant,
            [OfficerRole.Admin] = Roles.Admin, [OfficerRole.Inspector] = Roles.Inspector,
        };
        Assert.Equal(Enum.GetValues<OfficerRole>().Order(), roles.Keys.Order());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var agencies = await db.Agencies.Where(a => a.Code == DemoData.ThuanHoaCode || a.Code == DemoData.PhuXuanCode).ToDictionaryAsync(a => a.Code, a => a.Id);
        var principals = new List<Principal>();
        foreach (var (role, roleName) in roles)
            foreach (var (place, code) in role == OfficerRole.Inspector ? new[] { ("own", DemoData.ThuanHoaCode) } : new[] { ("own", DemoData.ThuanHoaCode), ("foreign", DemoData.PhuXuanCode) })
            {
                var user = new User
                {
                    UserName = $"f.{role}.{place}".ToLowerInvariant(), FullName = $"Kiểm thử tệp {role} {place}", Role = roleName,
                    AgencyId = role == OfficerRole.Inspector ? null : agencies[code], PasswordHash = "", CreatedAt = app.Clock.Now,
                };
                user.PasswordHash = Passwords.Hash(user, DemoData.Password);
                db.Users.Add(user);
                await db.SaveChangesAsync();
                principals.Add(new(user.UserName, await app.OfficerAsync(user.UserName), new Officer(new Actor(user.UserName, user.Id), role, user.AgencyId), null));
            }
        principals.Add(new("anonymous", app.SessionClient(), null, null));
        var own = new ApiClient { Name = "Hệ thống kiểm thử tải tệp", KeySha256 = ApiKeyHandler.Hash(OwnKey), CreatedAt = app.Clock.Now };
        db.ApiClients.Add(own);
        await db.SaveChangesAsync();
        foreach (var (name, key, id) in new[] { ("api-own", OwnKey, own.Id), ("api-other", DemoData.ApiKey, await db.ApiClients.Where(c => c.KeySha256 == ApiKeyHandler.Hash(DemoData.ApiKey)).Select(c => c.Id).SingleAsync()) })
        {
            var client = app.SessionClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            principals.Add(new(name, client, null, id));
        }
        return principals;
    }

    private static bool CanRead(Principal who, Dossier dossier) =>
        who.Officer is { } officer ? dossier.VisibilityFor(officer) != Visibility.None : who.ClientId is { } client && client == dossier.ApiClientId;

    [Fact]
    public async Task Every_file_route_serves_the_exact_bytes_to_who_may_read_the_dossier_and_404_to_the_rest()
    {
        _ = app.BaseAddress;
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PersonalDataAttribute>()?.Fields.Contains(PersonalFields.Documents) == true)
            // The routes that serve one file's bytes (a file id in the path); the list of a dossier's files answers JSON and
            // has its own access test (DossierFilesApiTests).
            .Where(e => e.RoutePattern.Parameters.Any(p => p.Name is "id" or "dossierFileId"))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/api/v1/dossiers/{code}/files/{id:long}", "/tep/{dossierFileId:long}"], routes);

        var principals = await PrincipalsAsync();
        var submitter = principals.Single(p => p.Name == "api-own");
        var bytes = FileUploadTests.Pdf("ma-tran-tep", pages: 3);
        var staged = await submitter.Client.PostAsync("/api/v1/files/staged", FileUploadTests.Form(("giấy chứng sinh.pdf", bytes)));
        Assert.True(staged.StatusCode == HttpStatusCode.Created, await staged.Content.ReadAsStringAsync());
        var stagedId = (await staged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0].GetProperty("id").GetInt64();
        var body = JsonSerializer.SerializeToNode(Requests.Dossier(fullName: "Phan Thị Tệp", idNumber: "046177003333"))!.AsObject();
        body["documents"]![0]!["stagedFiles"] = new System.Text.Json.Nodes.JsonArray(stagedId);
        var submitted = await submitter.Client.SubmitAsync(body);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        // Taken a step on, so that the receiving officer's handling is in its events as in real life.
        await principals.Single(p => p.Name == "f.receivingofficer.own").Client.PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { });
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events).SingleAsync(d => d.Code == code);
        var fileId = await db.DossierFiles.Where(f => f.DossierId == dossier.Id).Select(f => f.Id).SingleAsync();

        int allowed = 0, refused = 0;
        var wrong = new List<string>();
        foreach (var route in routes)
        {
            var isPage = !route.StartsWith("/api/", StringComparison.Ordinal);
            var path = route.Replace("{code}", code).Replace("{id:long}", fileId.ToString()).Replace("{dossierFileId:long}", fileId.ToString());
            foreach (var who in principals)
            {
                var signedIn = isPage ? who.Officer is not null : who.Officer is not null || who.ClientId is not null;
                var may = signedIn && CanRead(who, dossier);
                using var whole = await who.Client.GetAsync(path);
                var cell = $"{path} × {who.Name}: {(int)whole.StatusCode}";
                if (may)
                {
                    allowed++;
                    if (whole.StatusCode != HttpStatusCode.OK) { wrong.Add(cell + " (phải 200)"); continue; }
                    var got = await whole.Content.ReadAsByteArrayAsync();
                    if (!bytes.SequenceEqual(got)) wrong.Add(cell + " (nội dung khác tệp đã tải lên)");
                    if (whole.Content.Headers.ContentDisposition?.DispositionType != "attachment") wrong.Add(cell + " (không phải attachment)");
                    if (whole.Content.Headers.ContentDisposition?.FileNameStar != "giấy chứng sinh.pdf") wrong.Add(cell + " (tên tệp)");
                    if (!whole.Headers.CacheControl!.NoStore || !whole.Headers.CacheControl.Private) wrong.Add(cell + " (Cache-Control)");
                    if (!whole.Headers.TryGetValues("X-Content-Type-Options", out var sniff) || sniff.Single() != "nosniff") wrong.Add(cell + " (nosniff)");
                    using var range = new HttpRequestMessage(HttpMethod.Get, path);
                    range.Headers.Range = new RangeHeaderValue(100, 299);
                    using var part = await who.Client.SendAsync(range);
                    var slice = await part.Content.ReadAsByteArrayAsync();
                    if (part.StatusCode != HttpStatusCode.PartialContent || !bytes[100..300].SequenceEqual(slice))
                        wrong.Add($"{cell} (Range: {(int)part.StatusCode})");
                }
                else
                {
                    refused++;
                    var expected = signedIn || who.Officer is not null ? HttpStatusCode.NotFound : (HttpStatusCode?)null;
                    if ((int)whole.StatusCode is >= 200 and < 300) wrong.Add(cell + " (lộ tệp)");
                    else if (expected is { } status && whole.StatusCode != status) wrong.Add(cell + " (phải 404)");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(allowed > 0 && refused > 0, $"{allowed} được đọc, {refused} bị từ chối");

        // The officers' reads are personal-data reads of the dossier.
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.read' AND subject = '{code}' AND user_id IS NOT NULL "
            + "AND details->'fields' ? 'documents' AND endpoint = 'GET /tep/" + "{dossierFileId:long}'") > 0);
        // Hashes never travel: not in the file's address nor in the dossier's JSON.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.DoesNotContain(hash, await submitter.Client.GetStringAsync($"/api/v1/dossiers/{code}"));
    }

    [Fact]
    public async Task A_file_asked_under_another_dossiers_code_is_404_and_the_dossier_page_links_it()
    {
        var client = app.ApiClient();
        var bytes = FileUploadTests.Pdf("xem-truc-tiep");
        var staged = await client.PostAsync("/api/v1/files/staged", FileUploadTests.Form(("to-khai.pdf", bytes)));
        var stagedId = (await staged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0].GetProperty("id").GetInt64();
        var body = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        body["documents"]![1]!["stagedFiles"] = new System.Text.Json.Nodes.JsonArray(stagedId);
        var code = (await (await client.SubmitAsync(body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var other = (await (await client.SubmitAsync(Requests.Dossier())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var url = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("documents")[1].GetProperty("files")[0].GetProperty("url").GetString()!;

        using var file = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(bytes, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url.Replace(code, other))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/dossiers/{code}/files/999999999")).StatusCode);

        // The officers' dossier page lists the file with its links.
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var page = await officer.GetStringAsync($"/ho-so/{code}");
        var id = url[(url.LastIndexOf('/') + 1)..];
        Assert.Contains($"href=\"/tep/{id}\"", page);
    }
}
