using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 17: axe-core (npm, installed by <c>scripts/setup.sh test</c> into <c>.motcua/node</c>) run in Debian's Chromium on
/// the citizens' pages, at a phone's 360 px and a kiosk's 1080 px: no violation of WCAG 2.0/2.1 A and AA rules whose impact
/// is serious or critical; every violation found is printed. axe is evaluated through the DevTools protocol
/// (<c>page.EvaluateAsync</c>), not as a script element, which the Content-Security-Policy would block. The pages are the
/// public lookup (its form and a dossier found) and the citizens' home; piece F adds every citizen and kiosk page.
/// </summary>
public class AccessibilityTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly string Axe = Path.Combine(MotCuaApp.RepoRoot(), ".motcua", "node", "node_modules", "axe-core", "axe.min.js");

    [Fact]
    public async Task The_lookup_and_the_citizens_home_have_no_serious_or_critical_violation()
    {
        Assert.True(File.Exists(Axe), $"Chưa cài axe-core ({Axe}): chạy scripts/setup.sh test.");
        var axe = await File.ReadAllTextAsync(Axe);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, idNumber: "046195012345"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var found = new StringBuilder();
        var checkedPages = 0;
        foreach (var width in new[] { 360, 1080 })
        {
            var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = width, Height = width == 360 ? 740 : 1920 }, HasTouch = true });
            var page = await context.NewPageAsync();
            foreach (var path in new[] { "/tra-cuu", $"/tra-cuu?ma={code}", "/cong-dan" })
            {
                var response = await page.GotoAsync(baseUrl + path);
                Assert.Equal(200, response!.Status);
                await page.EvaluateAsync(axe);
                var result = await page.EvaluateAsync<JsonElement>("""
                    async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
                        .violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) }))
                    """);
                checkedPages++;
                foreach (var v in result.EnumerateArray())
                {
                    var line = $"{path} @ {width}px: [{v.GetProperty("impact").GetString()}] {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} ({string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))})";
                    output.WriteLine(line);
                    if (v.GetProperty("impact").GetString() is "serious" or "critical") found.AppendLine(line);
                }
            }
            await context.CloseAsync();
        }
        output.WriteLine($"axe-core đã kiểm tra {checkedPages} trang.");
        Assert.Equal(6, checkedPages);
        Assert.True(found.Length == 0, "Vi phạm nghiêm trọng về khả năng tiếp cận:\n" + found);
    }
}
