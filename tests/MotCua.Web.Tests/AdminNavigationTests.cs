using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MotCua.Web.Tests;

/// <summary>
/// The administrator reaches every administration page from the navigation (session 24: <c>/quan-tri/xep-hang</c> was
/// built with no link to it). Generated from the running app's route table: every page under <c>/quan-tri/</c> of one
/// segment (no parameter) that <see cref="ReadAccessMatrixTests.Rules"/> gives to the administrator is linked from the
/// top bar of an administrator's page.
/// </summary>
public class AdminNavigationTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Every_administration_page_is_linked_from_the_administrators_navigation()
    {
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("/quan-tri/", StringComparison.Ordinal) && r.Count(c => c == '/') == 2 && !r.Contains('{'))
            .Where(r => ReadAccessMatrixTests.Rules.GetValueOrDefault("GET " + r) == ReadAccessMatrixTests.Rule.Admin)
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("/quan-tri/xep-hang", pages);
        var admin = await app.OfficerAsync("quantri");
        var html = WebUtility.HtmlDecode(await admin.GetStringAsync("/quan-tri/lich"));
        var nav = html[html.IndexOf("<nav aria-label=\"Chính\">", StringComparison.Ordinal)..html.IndexOf("</nav>", StringComparison.Ordinal)];
        var unlinked = pages.Where(p => !nav.Contains($"href=\"{p}\"", StringComparison.Ordinal)).ToList();
        Assert.True(unlinked.Count == 0, "Trang quản trị không có liên kết trên thanh điều hướng: " + string.Join(", ", unlinked));
    }
}
