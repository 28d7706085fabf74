using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Identity;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 17: axe-core (npm, installed by <c>scripts/setup.sh test</c> into <c>.motcua/node</c>) run in Debian's Chromium on
/// every page a citizen reaches, at a phone's 360 px and a kiosk's 1080 px: no violation of WCAG 2.0/2.1 A and AA rules
/// whose impact is serious or critical; every violation found is printed. axe is evaluated through the DevTools protocol
/// (<c>page.EvaluateAsync</c>), not as a script element, which the Content-Security-Policy would block. The pages are read
/// from the route table: every Razor page whose rule in <see cref="ReadAccessMatrixTests.Rules"/> lets anyone or a citizen
/// open it (the lookup, the catalogue, sign-in, the citizens' pages, ratings, feedback, tickets, the kiosk), so a new public
/// or citizen page is checked without anyone adding it here; a route parameter with no sample value below fails the test
/// by name. The officers' report pages are checked the same way, as the inspector reads them at 1280 and 360 px, with
/// figures in their tables, and none may be wider than the window: a wide table scrolls in its own focusable box
/// (<see cref="Every_report_page_the_inspector_reads_has_no_serious_or_critical_violation"/>).
/// </summary>
public class AccessibilityTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    internal static readonly string Axe = Path.Combine(MotCuaApp.RepoRoot(), ".motcua", "node", "node_modules", "axe-core", "axe.min.js");

    private static readonly ReadAccessMatrixTests.Rule[] CitizenFacing =
    [
        ReadAccessMatrixTests.Rule.Public, ReadAccessMatrixTests.Rule.CitizenPage, ReadAccessMatrixTests.Rule.CitizenDossier,
        ReadAccessMatrixTests.Rule.CitizenSelf, ReadAccessMatrixTests.Rule.Applicant,
    ];

    /// <summary>The rules under which the inspector (<c>thanhtra</c>) reads what the officers report: Biểu 06, the 766 index,
    /// the step times and the dashboard (<c>Reports</c>), the ratings' unit scores (<c>RatingFigures</c>), the official books
    /// (<c>OfficialBook</c>), the fee registers (<c>FeeRegister</c>) and the audit log of personal-data reads (<c>Audit</c>).</summary>
    private static readonly ReadAccessMatrixTests.Rule[] InspectorReads =
    [
        ReadAccessMatrixTests.Rule.Reports, ReadAccessMatrixTests.Rule.RatingFigures, ReadAccessMatrixTests.Rule.OfficialBook,
        ReadAccessMatrixTests.Rule.FeeRegister, ReadAccessMatrixTests.Rule.Audit,
    ];

    // Every page (not a named handler, not a file) whose rule is one of these, as the running app routes it.
    private List<(string Route, ReadAccessMatrixTests.Rule Rule)> Pages(ReadAccessMatrixTests.Rule[] rules) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .Where(r => ReadAccessMatrixTests.Rules.TryGetValue("GET " + r, out var rule) && rules.Contains(rule))
            .Select(r => (r, ReadAccessMatrixTests.Rules["GET " + r]))
            .OrderBy(p => p.Item1, StringComparer.Ordinal),
    ];

    // Prints every violation of one page at one width and keeps the serious and critical ones in serious.
    private void Record(string path, int width, JsonElement violations, StringBuilder serious)
    {
        foreach (var v in violations.EnumerateArray())
        {
            var line = $"{path} @ {width}px: [{v.GetProperty("impact").GetString()}] {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} ({string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))})";
            output.WriteLine(line);
            if (v.GetProperty("impact").GetString() is "serious" or "critical")
                serious.AppendLine(line);
        }
    }

    [Fact]
    public async Task Every_page_a_citizen_reaches_has_no_serious_or_critical_violation()
    {
        Assert.True(File.Exists(Axe), $"Chưa cài axe-core ({Axe}): chạy scripts/setup.sh test.");
        var axe = await File.ReadAllTextAsync(Axe);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Thị Tiếp Cận");
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, idNumber: idNumber, fullName: "Lê Thị Tiếp Cận"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE code = '{code}' RETURNING 1");
        var (_, setCookie) = await CitizenSchemeTests.SignedInAsync(app, citizenId);

        var pages = Pages(CitizenFacing);
        var paths = new List<string>();
        var missing = new List<string>();
        foreach (var (route, rule) in pages)
        {
            // The waiting room's call screen reloads itself every 5 s (no script, by design): axe's run would be cut by the
            // reload whenever it falls inside it. It is a display nobody operates; EdgeTests hold its no-script and size rules.
            if (route.StartsWith("/man-hinh-goi/", StringComparison.Ordinal)) continue;
            if (Concrete(route, code) is { } path)
            {
                paths.Add(path);
                if (route == "/tra-cuu") paths.Add($"/tra-cuu?ma={code}");
                // The confirmation a citizen lands on after "Nộp hồ sơ" (its notice and the receipt's links).
                if (route == "/cong-dan/ho-so/{code}") paths.Add($"/cong-dan/ho-so/{code}?xong=nop");
            }
            else missing.Add(route);
        }
        Assert.True(missing.Count == 0, "AccessibilityTests chưa có giá trị mẫu cho tham số của: " + string.Join(", ", missing));
        // The ticket route's sample names no ticket; a waiting ticket's page is the one that refreshes itself (trial 17w
        // MEDIUM 1: its meta refresh was a critical violation the sample never showed).
        await QueueTests.ServiceAsync(app, DemoData.CentreCode, 'Y', counters: 1);
        var ticket = await QueueTests.TakeAsync(app.SessionClient(), DemoData.CentreCode, new { service = "Y" });
        Assert.Equal(System.Net.HttpStatusCode.Created, ticket.StatusCode);
        var waiting = (await ticket.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        paths.Add(waiting);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var found = new StringBuilder();
        var checkedPages = 0;
        foreach (var width in new[] { 360, 1080 })
        {
            var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = width, Height = width == 360 ? 740 : 1920 }, HasTouch = true });
            await context.AddCookiesAsync([CitizenCookie(setCookie, app.BaseAddress)]);
            var page = await context.NewPageAsync();
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(baseUrl + path);
                Assert.True(response is not null && response.Status < 500, $"{path}: HTTP {response?.Status}");
                // A page that sends elsewhere at once (a sign-in step handing over to VNeID, the kiosk's end page going home)
                // is checked under the route it lands on, not here: axe would be cut by the navigation.
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (page.Url != baseUrl + path) continue;
                Record(path, width, await ViolationsAsync(page, axe), found);
                checkedPages++;
            }
            await context.CloseAsync();
        }
        output.WriteLine($"axe-core đã kiểm tra {checkedPages} lượt trang ({pages.Count} trang của bảng định tuyến): {string.Join(", ", paths)}");
        // The lookup, the citizens' home and their own dossier at least, at both widths.
        Assert.Contains("/cong-dan", paths);
        Assert.Contains($"/cong-dan/ho-so/{code}", paths);
        Assert.Contains(waiting, paths);
        Assert.True(checkedPages >= 2 * 3, $"chỉ kiểm tra được {checkedPages} lượt trang");
        Assert.True(found.Length == 0, "Vi phạm nghiêm trọng về khả năng tiếp cận:\n" + found);
    }

    // A number's link on Biểu 06 of the province for Q4/2025 (the received total), read from that page at run time: the
    // drill-down is checked with the query its figures link to.
    private const string Bieu06Number = "(liên kết của một số trên Biểu 06 quý 4/2025)";

    // Where each page the inspector reads is opened: its own address where it needs nothing; ReadAccessMatrixTests' sample
    // query where it needs one; and the addresses that fill its tables with ReportHistory's figures (the dashboard of the
    // last 90 days for the province and for a commune, Biểu 06 with a period chosen, the 766 index month by month, the
    // official book and the fee register of a unit that has entries). A page missing here fails the test by name.
    private static readonly Dictionary<string, string[]> ReportSamples = new()
    {
        ["/bao-cao"] = ["/bao-cao"],
        ["/bao-cao/tong-quan"] = ["/bao-cao/tong-quan", "/bao-cao/tong-quan?from=19/08/2025&to=17/11/2025",
            $"/bao-cao/tong-quan?agency={DemoData.ThuanHoaCode}&from=19/08/2025&to=17/11/2025"],
        ["/bao-cao/bieu-06"] = ["/bao-cao/bieu-06", "/bao-cao/bieu-06?period=quy-4-2025"],
        ["/bao-cao/bieu-06/ho-so"] = [Bieu06Number],
        ["/bao-cao/chi-so-766"] = ["/bao-cao/chi-so-766", "/bao-cao/chi-so-766?from=2025-09&to=2025-11"],
        ["/bao-cao/chi-so-766/ho-so"] = ["/bao-cao/chi-so-766/ho-so?indicator=2.1&input=resolvedDossiers"],
        ["/bao-cao/thoi-gian-buoc"] = ["/bao-cao/thoi-gian-buoc", $"/bao-cao/thoi-gian-buoc?agency={DemoData.ThuanHoaCode}"],
        ["/bao-cao/cham-diem"] = [$"/bao-cao/cham-diem?agency={DemoData.CentreCode}&quy=Q4/2025"],
        ["/so-dang-ky"] = [$"/so-dang-ky?donvi={DemoData.CentreCode}", $"/so-dang-ky?donvi={DemoData.ThuanHoaCode}"],
        ["/so-thu-phi"] = ["/so-thu-phi", $"/so-thu-phi?donvi={DemoData.CentreCode}"],
        ["/thanh-tra/nhat-ky"] = ["/thanh-tra/nhat-ky"],
    };

    // What shows that a page's tables hold ReportHistory's figures, not their empty states: a selector and how many it finds at least.
    private static readonly Dictionary<string, (string Selector, int AtLeast)> Filled = new()
    {
        ["/bao-cao/tong-quan?from=19/08/2025&to=17/11/2025"] = ("#overdue-table tbody tr", 1),
        [$"/bao-cao/tong-quan?agency={DemoData.ThuanHoaCode}&from=19/08/2025&to=17/11/2025"] = ("#days-table tbody tr", 91),
        ["/bao-cao/bieu-06?period=quy-4-2025"] = ("#bieu06-units tbody tr", 2),
        ["/bao-cao/chi-so-766?from=2025-09&to=2025-11"] = ("#index766-series tbody tr", 3),
        ["/bao-cao/chi-so-766/ho-so?indicator=2.1&input=resolvedDossiers"] = ("table tbody tr a[href^='/ho-so/']", 1),
        [$"/bao-cao/thoi-gian-buoc?agency={DemoData.ThuanHoaCode}"] = ("#steps-table tbody tr", 3),
        [$"/so-dang-ky?donvi={DemoData.ThuanHoaCode}"] = (".book-scroll tbody tr", 5),
        [$"/so-thu-phi?donvi={DemoData.CentreCode}"] = ("#refunds tbody tr:not(:has(td[colspan]))", 1),
    };

    /// <summary>
    /// The officers' report pages under axe-core, as the inspector (<c>thanhtra</c>) reads them, at an officer's desktop
    /// (1280 px) and a phone (360 px): every page whose rule is one the inspector reads under (<see cref="InspectorReads"/>),
    /// from the route table, with three months of dossiers, approved births and a day of fees behind them
    /// (<see cref="ReportHistory"/>). A later trial found a serious <c>scrollable-region-focusable</c> on the dashboard that no
    /// test had seen: only the citizens' pages were checked.
    /// </summary>
    [Fact]
    public async Task Every_report_page_the_inspector_reads_has_no_serious_or_critical_violation()
    {
        Assert.True(File.Exists(Axe), $"Chưa cài axe-core ({Axe}): chạy scripts/setup.sh test.");
        var axe = await File.ReadAllTextAsync(Axe);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        await ReportHistory.DossiersAsync(app);
        await ReportHistory.BirthsApprovedAsync(app);
        await ReportHistory.FeesPaidAsync(app);

        var pages = Pages(InspectorReads);
        var missing = pages.Where(p => !ReportSamples.ContainsKey(p.Route)).Select(p => p.Route).ToList();
        Assert.True(missing.Count == 0, "AccessibilityTests chưa có địa chỉ mẫu cho trang báo cáo: " + string.Join(", ", missing));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "thanhtra");
        await page.GotoAsync($"{baseUrl}/bao-cao/bieu-06?period=quy-4-2025");
        var number = await page.Locator("#bieu06 tr.total a[data-column='received']").GetAttributeAsync("href");
        Assert.False(string.IsNullOrEmpty(number), "Biểu 06 quý 4/2025 không có liên kết ở số tiếp nhận của dòng tổng cộng.");
        var paths = pages.SelectMany(p => ReportSamples[p.Route]).Select(path => path == Bieu06Number ? number! : path).ToList();

        var found = new StringBuilder();
        var wide = new List<string>();
        var checkedPages = 0;
        foreach (var width in new[] { 1280, 360 })
        {
            await page.SetViewportSizeAsync(width, width == 360 ? 740 : 900);
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(baseUrl + path);
                Assert.True(response is { Status: 200 }, $"{path}: HTTP {response?.Status}");
                // The dashboard swaps its feedback, ratings and queue figures in after load (htmx): axe sees them too.
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (Filled.TryGetValue(path, out var filled))
                    Assert.True(await page.Locator(filled.Selector).CountAsync() >= filled.AtLeast, $"{path}: {filled.Selector} có ít hơn {filled.AtLeast} dòng");
                Record(path, width, await ViolationsAsync(page, axe), found);
                // On a phone the page keeps the window's width: a wide table scrolls in its own box (WCAG 1.4.10 Reflow).
                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (pageWidth > await page.EvaluateAsync<int>("() => window.innerWidth")) wide.Add($"{path} @ {width}px: trang rộng {pageWidth}px");
                checkedPages++;
            }
        }
        output.WriteLine($"axe-core đã kiểm tra {checkedPages} lượt trang ({pages.Count} trang báo cáo của bảng định tuyến): {string.Join(", ", paths)}");
        Assert.Contains("/bao-cao/tong-quan", paths);
        Assert.Contains(number!, paths);
        Assert.True(found.Length == 0, "Vi phạm nghiêm trọng về khả năng tiếp cận:\n" + found);
        Assert.True(wide.Count == 0, "Trang cuộn ngang cả trang thay vì cuộn bảng trong khung:\n" + string.Join("\n", wide));
    }

    // The route with its parameters filled: the citizen's own dossier, a procedure of the demo, the commune for the online
    // offers and the centre (its queue) elsewhere, a token or enrolment secret that names nothing (the page that says so is a page citizens see too); null when a parameter has no sample here.
    private static string? Concrete(string route, string dossierCode)
    {
        var path = route
            .Replace("{code}", route.Contains("thu-tuc", StringComparison.Ordinal) ? "1.001193" : dossierCode)
            .Replace("{agency}", route.StartsWith("/cong-dan", StringComparison.Ordinal) ? DemoData.ThuanHoaCode : DemoData.CentreCode)
            .Replace("{procedure}", "1.001193")
            .Replace("{token}", "khong-co-ma").Replace("{secret}", "khong-co-ma").Replace("{number}", "PAKN-2025-000001");
        return path.Contains('{') ? null : path;
    }

    /// <summary>axe-core's WCAG 2.0/2.1 A and AA violations on the page as it stands: <c>[{id, impact, help, nodes}]</c>;
    /// <paramref name="axe"/> is axe.min.js's text (<see cref="Axe"/>), evaluated through the DevTools protocol.</summary>
    internal static async Task<JsonElement> ViolationsAsync(IPage page, string axe)
    {
        await page.EvaluateAsync(axe);
        return await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
                .violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) }))
            """);
    }

    /// <summary>The citizens' session cookie as the sign-in service set it (name=value; path=/cong-dan; httponly; samesite=lax).</summary>
    internal static Cookie CitizenCookie(string setCookie, Uri site)
    {
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
        var (name, value) = (parts[0][..parts[0].IndexOf('=')], parts[0][(parts[0].IndexOf('=') + 1)..]);
        var path = parts.FirstOrDefault(p => p.StartsWith("path=", StringComparison.OrdinalIgnoreCase))?["path=".Length..] ?? "/";
        return new Cookie { Name = name, Value = value, Domain = site.Host, Path = path, HttpOnly = true, SameSite = SameSiteAttribute.Lax };
    }
}
