using System.Net;
using System.Text.RegularExpressions;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Demo;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial17u HIGH 1 and LOW 11 (<see cref="KioskMode.LayoutFor"/>, <see cref="KioskMode.EndCitizenSession"/>): on an
/// enrolled kiosk, every page a signed-in citizen can reach by following links keeps the kiosk's layout (its "Về trang
/// chủ" bar to the end page and the idle end), and none offers the officers' sign-in. The links are read from the pages
/// themselves, breadth first from the kiosk's citizen pages and the trial's pages (one page per route shape: digits in a
/// path segment and query values do not make a new shape). Then "Về trang chủ" signs the citizen out: the pages and the
/// result PDF answer as to a stranger, and a half-finished one-time-code sign-in is forgotten too.
/// </summary>
public class KioskLinkWalkTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // Links that end the session or leave on purpose: checked after the walk, not followed during it.
    private static readonly string[] Ends = ["/kiosk", "/kiosk/ket-thuc", "/cong-dan/dang-xuat"];

    private static readonly Regex Href = new("""<a\b[^>]*\bhref="([^"]*)"|<form\b(?=[^>]*\bmethod="get")[^>]*\baction="([^"]*)"|<form\b(?![^>]*\bmethod=)[^>]*\baction="([^"]*)" """.TrimEnd(),
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static bool KioskLayout(string page) =>
        page.Contains("<a class=\"home\" href=\"/kiosk/ket-thuc\">Về trang chủ</a>", StringComparison.Ordinal)
        && page.Contains("/js/kiosk-idle.js", StringComparison.Ordinal) && page.Contains("data-end=\"/kiosk/ket-thuc\"", StringComparison.Ordinal)
        && page.Contains("/css/kiosk.css", StringComparison.Ordinal)
        && !page.Contains("/css/site.css", StringComparison.Ordinal) && !page.Contains("/css/citizen.css", StringComparison.Ordinal);

    private async Task<(HttpClient Kiosk, CookieContainer Jar, string Code)> SignedInKioskAsync()
    {
        var (citizen, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đồng Nam Ki Ốt");
        var code = await RatingTests.ClosedAsync(app, "return", number);
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizen} WHERE code = '{code}' RETURNING 1");
        var (_, setCookie) = await CitizenSchemeTests.SignedInAsync(app, citizen);
        var jar = new CookieContainer();
        jar.SetCookies(app.BaseAddress, setCookie);
        var device = await QueueTests.KioskCookieAsync(app, DemoData.CentreCode);
        var split = device.IndexOf('=', StringComparison.Ordinal);
        jar.Add(app.BaseAddress, new Cookie(device[..split], device[(split + 1)..]));
        return (new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = app.BaseAddress }, jar, code);
    }

    /// <summary>The answer at the end of <paramref name="url"/>'s redirects within the app, and that end's address.</summary>
    private static async Task<(HttpResponseMessage Answer, string At)> FollowAsync(HttpClient browser, string url)
    {
        for (var hop = 0; ; hop++)
        {
            var answer = await browser.GetAsync(url);
            if ((int)answer.StatusCode is < 300 or >= 400 || answer.Headers.Location is null || hop == 5) return (answer, url);
            var next = answer.Headers.Location.IsAbsoluteUri ? answer.Headers.Location : new Uri(browser.BaseAddress!, answer.Headers.Location);
            if (next.Authority != browser.BaseAddress!.Authority) return (answer, next.ToString());
            url = next.PathAndQuery;
        }
    }

    private static string ShapeOf(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? url : url[..query];
        var keys = query < 0 ? "" : string.Join('&', url[(query + 1)..].Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal));
        return string.Join('/', path.Split('/').Select(s => s.Any(char.IsDigit) ? "#" : s)) + (keys.Length > 0 ? "?" + keys : "");
    }

    [Fact]
    public async Task Every_page_linked_from_the_kiosks_citizen_pages_keeps_the_kiosk_layout_and_the_home_bar_signs_out()
    {
        var (kiosk, jar, code) = await SignedInKioskAsync();
        var self = $"/cong-dan/ho-so/{Uri.EscapeDataString(code)}";
        Assert.Equal(HttpStatusCode.OK, (await kiosk.GetAsync(self + "/ket-qua.pdf")).StatusCode);

        // The kiosk's citizen pages, the submission's confirmation and the trial's pages typed or bookmarked.
        string[] starts = ["/cong-dan", self, self + "?xong=nop", "/cong-dan/nop", "/kiosk/thu-tuc", "/kiosk/tra-cuu", "/kiosk/lay-so",
            "/danh-gia?kenh=kiosk", "/thu-tuc", "/tra-cuu", "/phan-anh-kien-nghi"];
        var queue = new Queue<(string Url, string From)>(starts.Select(s => (s, "(start)")));
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var walked = new List<string>();
        var failures = new List<string>();
        var endsLinked = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var next) && walked.Count < 400)
        {
            if (!shapes.Add(ShapeOf(next.Url))) continue;
            walked.Add(next.Url);
            var (answer, at) = await FollowAsync(kiosk, next.Url);
            if (!at.StartsWith('/')) continue; // another site (none is expected; the VNeID simulator is the app's own)
            if (answer.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var page = await answer.Content.ReadAsStringAsync();
            if (!KioskLayout(page)) failures.Add($"{next.Url} (from {next.From}) → {(int)answer.StatusCode} {at}: not the kiosk's layout");
            if (page.Contains("href=\"/dang-nhap\"", StringComparison.Ordinal)) failures.Add($"{at} offers the officers' sign-in");
            foreach (Match m in Href.Matches(page))
            {
                var link = WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value);
                var hash = link.IndexOf('#', StringComparison.Ordinal);
                if (hash >= 0) link = link[..hash];
                if (link.Length == 0 || !link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal)) continue;
                var path = link.Split('?')[0];
                if (Ends.Contains(path)) { endsLinked.Add(path); continue; }
                queue.Enqueue((link, at));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\nwalked: " + string.Join(' ', walked));
        Assert.True(walked.Count < 400, "the walk did not end: " + string.Join(' ', walked.TakeLast(20)));
        // The trial's links were among them, and every page offered the way home.
        foreach (var page in new[] { "/kiosk/thu-tuc", "/kiosk/tra-cuu", "/phan-anh-kien-nghi", "/thu-tuc", "/tra-cuu" })
            Assert.Contains(page, walked);
        Assert.Contains("/kiosk/ket-thuc", endsLinked);

        // "Về trang chủ": the citizen's pages and the result answer as to someone not signed in.
        var home = await kiosk.GetAsync("/kiosk/ket-thuc");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.DoesNotContain(jar.GetCookies(new Uri(app.BaseAddress, CitizenAuth.Path)), k => k.Name == CitizenAuth.CookieName);
        var dossier = await kiosk.GetAsync(self);
        Assert.Equal(HttpStatusCode.Redirect, dossier.StatusCode);
        Assert.StartsWith(CitizenAuth.SignInPath, new Uri(app.BaseAddress, dossier.Headers.Location!).AbsolutePath, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await kiosk.GetAsync(self + "/ket-qua.pdf")).StatusCode);
        var citizenHome = await kiosk.GetStringAsync("/cong-dan");
        Assert.DoesNotContain("Xin chào", citizenHome, StringComparison.Ordinal);
        Assert.True(KioskLayout(citizenHome));
    }

    [Fact]
    public async Task The_end_page_forgets_a_half_finished_one_time_code_sign_in()
    {
        var kiosk = await QueueTests.KioskAsync(app, DemoData.CentreCode);
        foreach (var end in new[] { "/kiosk/ket-thuc", "/kiosk" })
        {
            var answer = await kiosk.GetAsync(end);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var cookies = answer.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
            Assert.Contains(cookies, c => c.StartsWith(CitizenAuth.PendingCodeCookieName + "=;", StringComparison.Ordinal)
                && c.Contains("path=" + CitizenAuth.SignInPath, StringComparison.OrdinalIgnoreCase));
        }
        // A citizen's own phone keeps a code it waits for.
        var phone = app.SessionClient();
        var own = await phone.GetAsync("/kiosk/ket-thuc");
        Assert.False(own.Headers.TryGetValues("Set-Cookie", out var none) && none.Any(c => c.StartsWith(CitizenAuth.PendingCodeCookieName, StringComparison.Ordinal)));
    }

    /// <summary>Trial17u LOW 13: the kiosk's procedure page offers "Nộp hồ sơ tại ki-ốt" exactly for the procedures whose
    /// online form opens at the centre, and the link returns to that form after sign-in. Every procedure the centre
    /// receives.</summary>
    [Fact]
    public async Task The_kiosk_offers_submission_exactly_where_the_online_form_opens_and_keeps_the_procedure()
    {
        var (kiosk, _, _) = await SignedInKioskAsync();
        var codes = new List<string>();
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"""
                SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = '{DemoData.CentreCode}' ORDER BY 1
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) codes.Add(reader.GetString(0));
        }
        Assert.NotEmpty(codes);
        var (offered, notOffered, failures) = (0, 0, new List<string>());
        foreach (var code in codes)
        {
            var page = await kiosk.GetStringAsync($"/kiosk/thu-tuc?ma={Uri.EscapeDataString(code)}");
            var form = $"/cong-dan/nop/{Uri.EscapeDataString(DemoData.CentreCode)}/{Uri.EscapeDataString(code)}";
            var link = $"/cong-dan/dang-nhap?kiosk=1&amp;returnUrl={Uri.EscapeDataString(form)}";
            var opens = (await kiosk.GetAsync(form)).StatusCode == HttpStatusCode.OK;
            var linked = page.Contains("Nộp hồ sơ tại ki-ốt", StringComparison.Ordinal);
            if (linked != opens || linked && !page.Contains($"href=\"{link}\"", StringComparison.Ordinal)) failures.Add($"{code}: linked {linked}, form opens {opens}");
            if (opens) offered++; else notOffered++;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(offered > 0 && notOffered > 0, $"{offered} offered online, {notOffered} not");
    }
}
