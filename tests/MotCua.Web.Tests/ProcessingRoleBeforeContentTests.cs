using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Account;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Processing;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, session 24: the rule every bound route follows, for the processing actions. An unreadable body is 422 to
/// anyone (ApiProblemTests); a readable body from an officer whose role may not take the action is answered for the role
/// (403; 404 when the officer may not even read the dossier) before anything about its content, never 422. Assign, return
/// and extension checked their input first. Generated from the route table: every endpoint carrying
/// <see cref="ProcessingActionMetadata"/>, on a dossier at the stage where its action is next, gets its body type with
/// every field blank (strings of spaces, null, empty lists and objects: readable, and refused as content to the officer who
/// may act) from an officer of every <see cref="OfficerRole"/> at the dossier's agency the Domain's rule refuses.
/// </summary>
public class ProcessingRoleBeforeContentTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private sealed record ActionEndpoint(string Path, ProcessingAction Action, Type Body);

    private sealed record Caller(string Name, HttpClient Client, Officer Officer);


    [Fact]
    public async Task Every_processing_action_answers_a_role_that_may_not_act_before_its_content()
    {
        _ = app.BaseAddress; // starts the app, which creates, migrates and seeds its database
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        // The co-agency procedure at the centre (as WriteAccessMatrixTests sets it): Sở Tư pháp gives its opinion first.
        static string Step(string name, string kind, string? agency = null) => JsonSerializer.Serialize(new
        {
            name, kind, performer = name, allowance = new { amount = 2, unit = "workingHours" }, maySendBack = false, agencyCode = agency,
        });
        var process = "{\"steps\":[" + string.Join(",", Step("Chuyển hồ sơ", "transfer"), Step("Cho ý kiến", "coAgency", "000.00.02.H46"),
            Step("Thẩm định", "appraise"), Step("Phê duyệt", "approve"), Step("Trả kết quả", "result")) + "]}";
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = '{process}'::jsonb
            WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.CentreCode}') RETURNING 1
            """));
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ProcessingActionMetadata>() is not null)
            .Select(e => new ActionEndpoint(e.RoutePattern.RawText!.Split('/').Last(), e.Metadata.GetMetadata<ProcessingActionMetadata>()!.Action,
                e.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!))
            .OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        foreach (var named in new[] { ProcessingAction.Assign, ProcessingAction.Return, ProcessingAction.Extend })
            Assert.Contains(endpoints, e => e.Action == named);
        var callers = await CallersAsync();
        // The demo's chain at the centre and Sở Tư pháp, who prepare each dossier (as ProcessingFieldProblemTests does).
        var chain = new List<HttpClient>();
        foreach (var name in new[] { "tiepnhan.trungtam", "truongphong.trungtam", "chuyenvien.trungtam", "lanhdao.trungtam", "chuyenvien.tuphap" })
            chain.Add(await app.OfficerAsync(name));

        var (forbidden, contentRefused) = (0, 0);
        foreach (var endpoint in endpoints)
        {
            var code = await ProcessingStages.PrepareAsync(app, endpoint.Action, (code, path, body) => OkAsync(chain, code, path, body));
            var dossier = await LoadAsync(code);
            var body = Invalid(endpoint.Body);
            foreach (var caller in callers)
            {
                if (dossier.RefusalOf(endpoint.Action, caller.Officer) is not { } refusal) continue;
                Assert.False(refusal.NotAtThisStage, $"{endpoint.Path}: hồ sơ chưa ở bước của thao tác ({refusal.Reason})");
                var expected = dossier.VisibilityFor(caller.Officer) == Visibility.None ? HttpStatusCode.NotFound
                    : refusal.Kind == DossierRefusal.NotPermitted ? HttpStatusCode.Forbidden : HttpStatusCode.Conflict;
                var response = await caller.Client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{endpoint.Path}", body);
                var text = await response.Content.ReadAsStringAsync();
                output.WriteLine($"{endpoint.Path} {caller.Name}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
                Assert.True(response.StatusCode == expected, $"{endpoint.Path} {body.ToJsonString()} by {caller.Name}: {(int)response.StatusCode}, expected {(int)expected}: {text}");
                if (expected == HttpStatusCode.Forbidden) forbidden++;
            }
            // Nothing changed; the same body from the officer whose turn it is: refused as content, or taken when it is valid.
            Assert.Equal(dossier.Events.Count, (await LoadAsync(code)).Events.Count);
            var (status, answer) = await FirstNotRefusedAsync(chain, code, endpoint.Path, body);
            output.WriteLine($"{endpoint.Path} by the officer whose turn it is: {(int)status} {answer[..Math.Min(answer.Length, 200)]}");
            if (status == HttpStatusCode.UnprocessableEntity) contentRefused++;
            else Assert.True(status == HttpStatusCode.OK, $"{endpoint.Path}: {(int)status} {answer}");
        }
        output.WriteLine($"403: {forbidden}; 422 to the officer who may act: {contentRefused}");
        // Assign, return and extension among them: their blank body is content the officer who may act is refused.
        Assert.True(contentRefused >= 3, $"only {contentRefused} bodies refused as content");
        Assert.True(forbidden >= endpoints.Count, $"only {forbidden} answers 403");
    }

    // Every field of the body blank: readable JSON of the right types, wrong as content.
    private static JsonObject Invalid(Type body)
    {
        var json = new JsonObject();
        foreach (var property in body.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            json[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] =
                type == typeof(string) ? "  "
                : type == typeof(bool) ? false
                : type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) ? new JsonArray()
                : type.IsClass && type.GetMethod("<Clone>$") is not null ? new JsonObject()
                : null;
        }
        return json;
    }

    // An officer of every role at the centre (the dossiers' agency); the inspector has none.
    private async Task<List<Caller>> CallersAsync()
    {
        var roles = new Dictionary<OfficerRole, string>
        {
            [OfficerRole.ReceivingOfficer] = Roles.ReceivingOfficer, [OfficerRole.Specialist] = Roles.Specialist,
            [OfficerRole.DepartmentHead] = Roles.DepartmentHead, [OfficerRole.Leader] = Roles.Leader, [OfficerRole.Accountant] = Roles.Accountant,
            [OfficerRole.Admin] = Roles.Admin, [OfficerRole.Inspector] = Roles.Inspector,
        };
        Assert.Equal(Enum.GetValues<OfficerRole>().Order(), roles.Keys.Order());
        var callers = new List<Caller>();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var centre = await db.Agencies.Where(a => a.Code == DemoData.CentreCode).Select(a => a.Id).SingleAsync();
        foreach (var (role, roleName) in roles)
        {
            var user = new User
            {
                UserName = $"r.{role}".ToLowerInvariant(), FullName = $"Kiểm thử {role}", Role = roleName,
                AgencyId = role == OfficerRole.Inspector ? null : centre, PasswordHash = "", CreatedAt = app.Clock.Now,
            };
            user.PasswordHash = Infrastructure.Passwords.Hash(user, DemoData.Password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            callers.Add(new(user.UserName, await app.OfficerAsync(user.UserName), new Officer(new Actor(user.UserName, user.Id), role, user.AgencyId)));
        }
        return callers;
    }

    private async Task<Dossier> LoadAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().Include(d => d.Events).SingleAsync(d => d.Code == code);
    }

    // The answer to the officer of the chain whose turn it is: the others are refused (403, 404) and change nothing.
    private static async Task<(HttpStatusCode Status, string Text)> FirstNotRefusedAsync(List<HttpClient> chain, string code, string path, object body)
    {
        (HttpStatusCode, string) last = default;
        foreach (var client in chain)
        {
            var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
            last = (response.StatusCode, await response.Content.ReadAsStringAsync());
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound)) return last;
        }
        return last;
    }

    private static async Task OkAsync(List<HttpClient> chain, string code, string path, object body)
    {
        var (status, text) = await FirstNotRefusedAsync(chain, code, path, body);
        Assert.True(status == HttpStatusCode.OK, $"chuẩn bị {path}: {(int)status} {text}");
    }
}
