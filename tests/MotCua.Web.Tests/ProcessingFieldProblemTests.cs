using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Processing;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, TRIAL16b LOW 5: every processing action's 422 names the field (problem+json <c>errors</c>), as the rule for
/// API answers says. Generated from the route table: each endpoint carrying <see cref="ProcessingActionMetadata"/> gets,
/// on a dossier at the stage where its action is next, an empty body and then its body type with each field blank in
/// turn (a string of spaces, null, an empty list, an empty object; a list line or a nested object with each of its own
/// fields blank). Every answer is 200 (the field was optional) or a 422 whose <c>errors</c> name a field of that body.
/// </summary>
public class ProcessingFieldProblemTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    // The centre's chain (CatalogDemo.DefaultProcess) and Sở Tư pháp, the co-agency of 1.001193.
    private static readonly string[] Officers = ["tiepnhan.trungtam", "truongphong.trungtam", "chuyenvien.trungtam", "lanhdao.trungtam", "chuyenvien.tuphap"];

    private sealed record ActionEndpoint(string Path, ProcessingAction Action, Type Body);

    [Fact]
    public async Task Every_processing_action_names_the_field_of_each_422_for_an_empty_body_and_each_blank_field()
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
        Assert.Contains(endpoints, e => e.Action == ProcessingAction.RefuseOnline);
        Assert.Contains(endpoints, e => e.Action == ProcessingAction.Return);
        var clients = new List<HttpClient>();
        foreach (var name in Officers) clients.Add(await app.OfficerAsync(name));

        var refused = 0;
        foreach (var endpoint in endpoints)
        {
            var fields = Fields(endpoint.Body).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            string? code = null;
            foreach (var (label, body) in Variants(endpoint.Body))
            {
                code ??= await ProcessingStages.PrepareAsync(app, endpoint.Action, (code, path, body) => OkAsync(clients, code, path, body));
                var (status, text) = await ActAsync(clients, code, endpoint.Path, body);
                output.WriteLine($"{endpoint.Path} {label}: {(int)status} {text[..Math.Min(text.Length, 240)]}");
                if (status == HttpStatusCode.OK)
                {
                    code = null; // the action was taken: the next variant needs a dossier where it is next again
                    continue;
                }
                Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{endpoint.Path} {label}: {(int)status} {text}");
                var errors = JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var e) ? e : default;
                Assert.True(errors.ValueKind == JsonValueKind.Object, $"{endpoint.Path} {label}: 422 sans errors: {text}");
                foreach (var named in errors.EnumerateObject())
                    Assert.True(fields.Contains(named.Name.Split('[', '.')[0]), $"{endpoint.Path} {label}: '{named.Name}' is no field of {endpoint.Body.Name}");
                refused++;
            }
        }
        // The four of the trial, blank, are refused naming reason, items and method (not merely allowed to pass).
        Assert.True(refused >= 4, $"only {refused} refusals");
    }

    // The body's JSON fields as the API reads them (camelCase of the record's properties).
    private static IEnumerable<(string Name, Type Type)> Fields(Type body) =>
        body.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType));

    // {} and, for each field, the body with only that field present and blank; a list also gets one line, and a nested
    // object one value, with each of its own fields blank and the others filled.
    private static IEnumerable<(string Label, JsonObject Body)> Variants(Type body)
    {
        yield return ("{}", []);
        foreach (var (name, type) in Fields(body))
        {
            yield return ($"{name} blank", new JsonObject { [name] = Blank(type) });
            var element = ElementOf(type);
            var inner = element ?? (IsRecord(type) ? type : null);
            if (inner is null) continue;
            foreach (var (innerName, innerType) in Fields(inner))
            {
                var value = new JsonObject();
                foreach (var (otherName, otherType) in Fields(inner))
                    value[otherName] = otherName == innerName ? Blank(otherType) : otherType == typeof(string) ? "Kiểm thử" : null;
                yield return ($"{name}.{innerName} blank", new JsonObject { [name] = element is null ? value : new JsonArray(value) });
            }
        }
    }

    private static JsonNode? Blank(Type type) =>
        type == typeof(string) ? "  "
        : type == typeof(bool) ? false
        : ElementOf(type) is not null ? new JsonArray()
        : IsRecord(type) ? new JsonObject()
        : null;

    private static Type? ElementOf(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType
        ? type.GetGenericArguments()[0] : null;

    private static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && type.GetMethod("<Clone>$") is not null;

    // The officer whose turn it is answers; the others get 403 (role) or 404 (not their agency's dossier) and change nothing.
    private static async Task<(HttpStatusCode Status, string Text)> ActAsync(List<HttpClient> clients, string code, string path, JsonObject body)
    {
        (HttpStatusCode, string) last = default;
        foreach (var client in clients)
        {
            var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
            last = (response.StatusCode, await response.Content.ReadAsStringAsync());
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound)) return last;
        }
        return last;
    }

    private static async Task OkAsync(List<HttpClient> clients, string code, string path, object body)
    {
        var (status, text) = await ActAsync(clients, code, path, JsonSerializer.SerializeToNode(body)!.AsObject());
        Assert.True(status == HttpStatusCode.OK, $"chuẩn bị {path}: {(int)status} {text}");
    }
}
