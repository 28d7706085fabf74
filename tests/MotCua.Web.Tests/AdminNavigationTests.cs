using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MotCua.Web.Tests;

/// <summary>
/// The administrator reaches every administration page from the navigation (session 24: <c>/quan-tri/xep-hang</c> was
/// built with no link to it). Generated from the running app's route table: every page under <c>/quan-tri/</c> of one
/// segment (no parameter) that <see cref="ReadAccessMatrixTests.Rules"/> gives to the administrator is linked from the
/// top bar of an administrator's page. And the reports are linked for exactly the roles <c>ReportAccess.MayRead</c> lets
/// read them, one officer of each role of the seed.
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

    [Fact]
    public async Task The_reports_are_in_the_navigation_of_exactly_the_officers_who_may_read_them()
    {
        // One officer of each role the seed holds (trial 15s LOW 7: a centre's department head reads the reports, and had
        // no link to them).
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCua.Data.MotCuaDb>();
        var officers = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Users.Select(u => new { u.UserName, u.Role })))
            .Where(u => MotCua.Web.Infrastructure.Claims.RoleOf(u.Role) is not null)
            .GroupBy(u => u.Role).Select(g => g.OrderBy(u => u.UserName, StringComparer.Ordinal).First()).ToList();
        Assert.Equal(Enum.GetValues<MotCua.Domain.Dossiers.OfficerRole>().Length, officers.Count);
        foreach (var officer in officers)
        {
            var client = await app.OfficerAsync(officer.UserName);
            var html = WebUtility.HtmlDecode(await client.GetStringAsync("/thong-bao"));
            var nav = html[html.IndexOf("<nav aria-label=\"Chính\">", StringComparison.Ordinal)..html.IndexOf("</nav>", StringComparison.Ordinal)];
            var mayRead = MotCua.Domain.Reports.ReportAccess.MayRead(MotCua.Web.Infrastructure.Claims.RoleOf(officer.Role)!.Value);
            Assert.True(mayRead == nav.Contains("href=\"/bao-cao\"", StringComparison.Ordinal), $"{officer.UserName} ({officer.Role}): báo cáo {(mayRead ? "thiếu" : "thừa")} trên thanh điều hướng");
            Assert.Equal(mayRead, nav.Contains("href=\"/bao-cao/tong-quan\"", StringComparison.Ordinal));
        }
    }
}
