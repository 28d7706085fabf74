using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Web.Features.Admin;

namespace MotCua.Web.Tests;

/// <summary>
/// Only the administrator administers: every endpoint and page of the Admin slice, taken from the route table, is asked
/// by every other demo role (and anonymously, and by an API client) with a body that would succeed for the administrator.
/// Each gets 403 (401 anonymously; pages send them to sign in) and nothing is written.
/// </summary>
public class AdministrationAccessTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string[] Slice = ["/api/v1/admin", "/quan-tri/don-vi", "/quan-tri/nguoi-dung"];

    /// <summary>(method, path template) of every route of the slice: API endpoints with their verbs, pages with GET and POST.</summary>
    private List<(string Method, string Template, bool Page)> Routes()
    {
        app.StartServer();
        var routes = new List<(string, string, bool)>();
        foreach (var endpoint in app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!Slice.Any(s => template.StartsWith(s, StringComparison.Ordinal))) continue;
            var page = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? (page ? ["GET", "POST"] : []);
            routes.AddRange(methods.Select(m => (m, template, page)));
        }
        return [.. routes.Distinct()];
    }

    /// <summary>Every named POST handler of the slice's page models (OnPostXxxAsync → "Xxx"), and the unnamed one.</summary>
    private static readonly string[] Handlers = [.. typeof(AdminPage).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(AdminPage).Namespace && typeof(PageModel).IsAssignableFrom(t))
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
        .Select(m => m.Name["OnPost".Length..].Replace("Async", ""))
        .Distinct()];

    private static string Fill(string template) => template
        .Replace("{code}", "000.10.01.H46").Replace("{userName}", "tiepnhan.phuxuan").Replace("{id:long}", "1").Replace("{id:int}", "1")
        .Replace("{event}", "received").Replace("{channel}", "sms").Replace("{agency}", "000.00.01.H46");

    // What the administrator would send successfully to each route; the others send the same.
    private static object Body(string template) => template switch
    {
        _ when template.EndsWith("/reorganisations") => new { kind = "merger", from = new[] { "000.10.04.H46" }, to = new[] { "000.10.03.H46" }, effectiveOn = "2025-11-17", legalBasis = Admin.LegalBasis },
        _ when template.EndsWith("/password") => new { password = "Hue@Mot-Cua-2027" },
        _ when template.StartsWith("/api/v1/admin/users") => new { userName = "moi.nguoi", fullName = "Người Mới", role = "specialist", agencyCode = "000.10.01.H46", password = "Hue@Mot-Cua-2027" },
        _ => Admin.NewCommuneUnit("000.10.50.H46", "Bộ phận Một cửa phường Kim Long", "19774"),
    };

    [Fact]
    public async Task Every_role_but_the_administrator_is_refused_on_every_administration_route_and_nothing_is_written()
    {
        var routes = Routes();
        // The slice as built: agencies, reorganisations and users in the API; the five pages.
        Assert.True(routes.Count(r => !r.Page) >= 11, string.Join("\n", routes));
        Assert.Contains(routes, r => r.Page && r.Template == "/quan-tri/nguoi-dung/{userName}");
        Assert.Contains("Deactivate", Handlers);

        var users = (await app.RowsAsync("SELECT DISTINCT ON (role) user_name, role FROM users WHERE role <> 'admin' ORDER BY role, user_name"))
            .Select(r => (string)r[0]!).ToList();
        Assert.Equal(6, users.Count);
        var apiClient = app.SessionClient();
        apiClient.DefaultRequestHeaders.Add("X-Api-Key", MotCua.Web.Features.Demo.DemoData.ApiKey);
        var clients = new List<(string Who, HttpClient Client)> { ("ẩn danh", app.SessionClient()), ("khóa API", apiClient) };
        foreach (var user in users) clients.Add((user, await app.OfficerAsync(user)));

        var written = await app.WrittenAsync();
        var tried = 0;
        foreach (var (who, client) in clients)
        {
            // A real antiforgery token of this session, so that only authorization can refuse the pages' posts.
            var token = who is "ẩn danh" or "khóa API" ? "" : MotCuaApp.AntiforgeryToken(await client.GetStringAsync("/tai-khoan/mat-khau"));
            foreach (var (method, template, page) in routes)
            {
                var url = Fill(template);
                IEnumerable<string?> handlers = page && method == "POST" ? [null, .. Handlers.Where(h => h.Length > 0)] : [null];
                foreach (var handler in handlers)
                {
                    var target = handler is null ? url : $"{url}?handler={handler}";
                    using var request = new HttpRequestMessage(new HttpMethod(method), target);
                    if (method != "GET")
                        request.Content = page
                            ? new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Form.FullName"] = "Người Mới" })
                            : JsonContent.Create(Body(template));
                    HttpResponseMessage response;
                    try { response = await client.SendAsync(request); }
                    catch (HttpRequestException e) { throw new InvalidOperationException($"{who} {method} {target}", e); }
                    var status = (int)response.StatusCode;
                    tried++;
                    if (page)
                        Assert.True(status is 403 || status == 302 && response.Headers.Location!.OriginalString.Contains("/dang-nhap"),
                            $"{who} {method} {target}: {status}");
                    else
                        Assert.True(status == (who == "ẩn danh" ? 401 : 403), $"{who} {method} {target}: {status}");
                    if (!page && status is 401 or 403) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
        Assert.True(tried >= clients.Count * routes.Count);
        Assert.Equal(written, await app.WrittenAsync());

        // The same routes answer the administrator, so the refusals above were not for another reason.
        var admin = await app.OfficerAsync("quantri");
        foreach (var (method, template, _) in routes.Where(r => r.Method == "GET"))
        {
            // A numbered row (an outbox message, a webhook subscription) may not exist in the demo: the handler's own 404.
            var answer = await admin.GetAsync(Fill(template));
            Assert.True(answer.StatusCode == HttpStatusCode.OK || template.Contains("{id:", StringComparison.Ordinal)
                && answer.StatusCode == HttpStatusCode.NotFound && (await answer.Content.ReadAsStringAsync()).Contains("Không có"), $"{template}: {answer.StatusCode}");
        }
    }
}
