using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece 0: the citizens' cookie scheme over real HTTP. A citizen signed in through the real sign-in service
/// (<see cref="CitizenSignIn"/>, which piece A's pages call; the cookie it sets is put in the test's browser) reads their
/// own dossier and gets 404 for another's; the officers' cookie opens no citizen page and the citizens' cookie no officer
/// page or API, even sent by hand under either name; the session slides for 30 minutes, ends after 8 hours whatever the
/// activity, and a sign-out ends it on every device; each sign-in and sign-out is in the audit log.
/// </summary>
public class CitizenSchemeTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static int serial;

    /// <summary>A <c>citizens</c> row with a fresh valid CCCD (Huế's province code 046); returns its id and CCCD.</summary>
    public static async Task<(long Id, string IdNumber)> CitizenRowAsync(MotCuaApp app, CitizenAssurance assurance, string fullName, string? phone = null)
    {
        var idNumber = "0460950" + (10000 + Interlocked.Increment(ref serial) + Random.Shared.Next(0, 80000)).ToString("00000");
        var id = await app.ScalarAsync($"""
            INSERT INTO citizens (id_number, full_name, phone, assurance, security_stamp)
            VALUES ('{idNumber}', '{fullName}', {(phone is null ? "NULL" : $"'{phone}'")}, {(int)assurance}, '{CitizenSignIn.NewSecurityStamp()}') RETURNING id
            """);
        return (id, idNumber);
    }

    /// <summary>A browser signed in as the citizen <paramref name="citizenId"/>: the real sign-in service runs on a request of
    /// this app and the cookie it set (name, value, path, flags) goes into the browser's cookie jar.</summary>
    public static async Task<(HttpClient Client, string SetCookie)> SignedInAsync(MotCuaApp app, long citizenId,
        CitizenAssurance assurance = CitizenAssurance.VneId, string? codeSentTo = null)
    {
        using var scope = app.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = "POST";
        http.Request.Scheme = app.BaseAddress.Scheme;
        http.Request.Host = new HostString(app.BaseAddress.Authority);
        http.Request.Path = "/cong-dan/dang-nhap/xong";
        await scope.ServiceProvider.GetRequiredService<CitizenSignIn>().SignInAsync(http, citizenId, assurance, codeSentTo, CancellationToken.None);
        var setCookie = http.Response.Headers.SetCookie.ToString();
        var jar = new CookieContainer();
        jar.SetCookies(app.BaseAddress, setCookie);
        return (new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = app.BaseAddress }, setCookie);
    }

    private async Task<string> DossierAsync(string idNumber, long? citizenId, string phone = "0905123456")
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, phone: phone, fullName: "Trần Thị Công Dân"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        if (citizenId is { } id) await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {id} WHERE code = '{code}' RETURNING 1");
        return code;
    }

    [Fact]
    public async Task A_citizen_signed_in_by_one_time_code_is_named_as_they_named_themselves_and_never_as_another()
    {
        var (c, cNumber) = await CitizenRowAsync(app, CitizenAssurance.OneTimeCode, "x", phone: "0912000333");
        await app.ScalarAsync($"UPDATE citizens SET full_name = NULL WHERE id = {c} RETURNING 1");
        async Task<string> NameShownAsync()
        {
            var (browser, _) = await SignedInAsync(app, c, CitizenAssurance.OneTimeCode, "0912000333");
            var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/cong-dan"));
            var at = html.IndexOf("<span class=\"account\">", StringComparison.Ordinal);
            Assert.True(at >= 0, html);
            return html[(at + "<span class=\"account\">".Length)..html.IndexOf("</span>", at, StringComparison.Ordinal)];
        }
        async Task<string> DossierOfAsync(string idNumber, string fullName, long? citizenId)
        {
            var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, phone: "0912000333", fullName: fullName));
            Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
            var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            if (citizenId is { } id) await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {id} WHERE code = '{code}' RETURNING 1");
            return code;
        }

        // Nothing given yet: no name.
        Assert.Equal("Công dân", await NameShownAsync());
        // A desk dossier under the same CCCD names someone the code does not prove the holder is; one the account sent for
        // another person (another CCCD) names that person.
        await DossierOfAsync(cNumber, "Người Khác Cùng Số", null);
        var (_, other) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Người Được Nộp Hộ");
        await DossierOfAsync(other, "Người Được Nộp Hộ", c);
        Assert.Equal("Công dân", await NameShownAsync());
        // The name given on the account's own dossier under its own CCCD is the one shown, the latest when several.
        await DossierOfAsync(cNumber, "Lý Thị Tự Khai", c);
        await DossierOfAsync(cNumber, "Lý Thị Tự Khai Lại", c);
        Assert.Equal("Lý Thị Tự Khai Lại", await NameShownAsync());
        await DossierOfAsync(cNumber, "Người Khác Cùng Số", null);
        Assert.Equal("Lý Thị Tự Khai Lại", await NameShownAsync());
    }

    private static bool ToCitizenSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString.Contains(CitizenAuth.SignInPath, StringComparison.Ordinal) == true;

    private static bool ToOfficerSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString is { } to
        && to.Contains("/dang-nhap", StringComparison.Ordinal) && !to.Contains(CitizenAuth.Path, StringComparison.Ordinal);

    [Fact]
    public async Task The_cookie_is_the_citizens_own_path_flags_and_name()
    {
        var (id, _) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Văn Cookie");
        var (_, setCookie) = await SignedInAsync(app, id);
        Assert.StartsWith(CitizenAuth.CookieName + "=", setCookie, StringComparison.Ordinal);
        Assert.Contains("path=/cong-dan", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        // A session cookie: the browser forgets it when closed; the server bounds it to 30 minutes idle and 8 hours.
        Assert.DoesNotContain("expires=", setCookie, StringComparison.OrdinalIgnoreCase);
        // Secure is set by the request being https (SameAsRequest) or always with Motcua:RequireHttps; this server is http.
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_citizen_reads_their_own_dossiers_and_gets_404_for_anothers()
    {
        var (a, aNumber) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Nguyễn Thị Chủ Hồ Sơ");
        var (b, bNumber) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Phạm Văn Người Khác");
        var submittedByA = await DossierAsync(aNumber, a);
        var ofB = await DossierAsync(bNumber, b);
        // Submitted at the desk for A's CCCD: a VNeID sign-in proves the identity, so it is A's too (CitizenAccess).
        var deskForA = await DossierAsync(aNumber, null);
        var (browser, _) = await SignedInAsync(app, a);

        var own = await browser.GetAsync($"/cong-dan/ho-so/{submittedByA}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var page = await own.Content.ReadAsStringAsync();
        Assert.Contains(submittedByA, page, StringComparison.Ordinal);
        Assert.Contains("Được tiếp nhận", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/cong-dan/ho-so/{deskForA}")).StatusCode);
        // Another citizen's dossier and a code that does not exist answer alike: nothing to probe.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/cong-dan/ho-so/{ofB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/cong-dan/ho-so/000.00.01.H46-251117-9999")).StatusCode);

        // A one-time code proves a phone, not a CCCD: the dossier of the same CCCD opens only when the code went to its phone.
        var (c, cNumber) = await CitizenRowAsync(app, CitizenAssurance.OneTimeCode, "Võ Thị Mã Một Lần", phone: "0912000111");
        var deskForC = await DossierAsync(cNumber, null, phone: "0912000111");
        var (toItsPhone, _) = await SignedInAsync(app, c, CitizenAssurance.OneTimeCode, "+84 912 000 111");
        Assert.Equal(HttpStatusCode.OK, (await toItsPhone.GetAsync($"/cong-dan/ho-so/{deskForC}")).StatusCode);
        var (toAnotherPhone, _) = await SignedInAsync(app, c, CitizenAssurance.OneTimeCode, "0987654321");
        Assert.Equal(HttpStatusCode.NotFound, (await toAnotherPhone.GetAsync($"/cong-dan/ho-so/{deskForC}")).StatusCode);

        // The same rule by the dossier's id, for what hangs off a dossier (its files, served by the files slice).
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var idOf = async (string code) => await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        var citizenA = (await db.Citizens.FindAsync(a))!;
        var principal = CitizenAuth.PrincipalOf(citizenA, CitizenAssurance.VneId, null, app.Clock.Now);
        Assert.True(await DossierAccess.CanReadAsync(principal, db, await idOf(submittedByA), CancellationToken.None));
        Assert.False(await DossierAccess.CanReadAsync(principal, db, await idOf(ofB), CancellationToken.None));
        Assert.False(await DossierAccess.CanReadAsync(principal, db, -1, CancellationToken.None));
    }

    [Fact]
    public async Task The_officers_cookie_opens_no_citizen_page_and_the_citizens_cookie_no_officer_page_or_api()
    {
        var (a, aNumber) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Đỗ Văn Tách Biệt");
        var code = await DossierAsync(aNumber, a);
        var officer = await app.OfficerAsync("quantri");
        // The officer reads the dossier on the officers' side, but the citizens' page does not know them.
        Assert.True(ToCitizenSignIn(await officer.GetAsync($"/cong-dan/ho-so/{code}")));

        var (citizen, setCookie) = await SignedInAsync(app, a);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/cong-dan/ho-so/{code}")).StatusCode);
        // The browser does not send the cookie outside /cong-dan; sent by hand, under its own name or the officers', it
        // opens nothing there either (another scheme, another data-protection purpose).
        var value = setCookie[(CitizenAuth.CookieName.Length + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)];
        foreach (var cookie in new[] { $"{CitizenAuth.CookieName}={value}", $"motcua={value}" })
        {
            var byHand = app.SessionClient();
            byHand.DefaultRequestHeaders.Add("Cookie", cookie);
            Assert.True(ToOfficerSignIn(await byHand.GetAsync($"/ho-so/{code}")), cookie);
            Assert.True(ToOfficerSignIn(await byHand.GetAsync("/tiep-nhan")), cookie);
            Assert.Equal(HttpStatusCode.Unauthorized, (await byHand.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await byHand.GetAsync("/api/v1/worklists/mine")).StatusCode);
        }
        // An officer's cookie value under the citizens' name opens no citizen page.
        var officerCookie = await OfficerCookieAsync();
        var forged = app.SessionClient();
        forged.DefaultRequestHeaders.Add("Cookie", $"{CitizenAuth.CookieName}={officerCookie}");
        Assert.True(ToCitizenSignIn(await forged.GetAsync($"/cong-dan/ho-so/{code}")));
    }

    private async Task<string> OfficerCookieAsync()
    {
        var jar = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = app.BaseAddress };
        var token = MotCuaApp.AntiforgeryToken(await client.GetStringAsync("/dang-nhap"));
        var response = await client.PostAsync("/dang-nhap", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "quantri", ["Password"] = MotCua.Web.Features.Demo.DemoData.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return jar.GetCookies(app.BaseAddress)["motcua"]!.Value;
    }

    [Fact]
    public async Task The_session_slides_for_30_minutes_and_ends_after_8_hours()
    {
        var (a, aNumber) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Hoàng Thị Thời Hạn");
        var code = await DossierAsync(aNumber, a);
        using var clock = new ClockRestore(app.Clock);

        var (idle, _) = await SignedInAsync(app, a);
        app.Clock.Now += TimeSpan.FromMinutes(31);
        Assert.True(ToCitizenSignIn(await idle.GetAsync($"/cong-dan/ho-so/{code}")), "31 phút không dùng: phiên phải hết hạn");

        // Active every 29 minutes: still signed in at 7 h 44, out at 8 h 13, the absolute bound.
        var (active, _) = await SignedInAsync(app, a);
        var started = app.Clock.Now;
        while (app.Clock.Now - started < TimeSpan.FromHours(8))
        {
            app.Clock.Now += TimeSpan.FromMinutes(29);
            var answer = await active.GetAsync($"/cong-dan/ho-so/{code}");
            var expected = app.Clock.Now - started < CitizenAuth.Absolute;
            Assert.True(expected ? answer.StatusCode == HttpStatusCode.OK : ToCitizenSignIn(answer),
                $"sau {(app.Clock.Now - started).TotalMinutes} phút: {(int)answer.StatusCode} {answer.Headers.Location}");
        }
    }

    [Fact]
    public async Task Sign_out_ends_every_session_of_the_account_and_both_are_audited()
    {
        var (a, aNumber) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Bùi Văn Đăng Xuất");
        var code = await DossierAsync(aNumber, a);
        var (phone, phoneCookie) = await SignedInAsync(app, a);
        var (laptop, _) = await SignedInAsync(app, a);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync($"/cong-dan/ho-so/{code}")).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            http.Request.Method = "POST";
            http.Request.Path = "/cong-dan/dang-xuat";
            http.Request.Headers.Cookie = phoneCookie[..phoneCookie.IndexOf(';', StringComparison.Ordinal)];
            await scope.ServiceProvider.GetRequiredService<CitizenSignIn>().SignOutAsync(http, CancellationToken.None);
            Assert.Contains($"{CitizenAuth.CookieName}=;", http.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        }
        Assert.True(ToCitizenSignIn(await phone.GetAsync($"/cong-dan/ho-so/{code}")));
        Assert.True(ToCitizenSignIn(await laptop.GetAsync($"/cong-dan/ho-so/{code}")), "đăng xuất phải kết thúc mọi phiên của tài khoản");
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'citizen.sign-in' AND subject = 'citizen:{a}'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'citizen.sign-out' AND subject = 'citizen:{a}'"));
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'citizen.sign-in' AND subject = 'citizen:{a}' AND details->>'assurance' = 'vneid' AND details->>'channel' IS NULL"));
        // A code sign-in names its channel, never the phone or address it went to.
        var (c, _) = await CitizenRowAsync(app, CitizenAssurance.OneTimeCode, "Mai Thị Kênh", phone: "0912000222");
        await SignedInAsync(app, c, CitizenAssurance.OneTimeCode, "0912000222");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'citizen.sign-in' AND subject = 'citizen:{c}' AND details->>'channel' = 'sms' AND details::text NOT LIKE '%0912000222%'"));
    }

    [Fact]
    public async Task The_home_says_what_a_citizen_can_do_without_script_and_greets_a_signed_in_citizen()
    {
        var anonymous = await app.SessionClient().GetAsync("/cong-dan");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        var page = await anonymous.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/tra-cuu\"", page, StringComparison.Ordinal);
        Assert.Contains("lang=\"vi\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"#noi-dung\"", page, StringComparison.Ordinal);
        Assert.Contains("/css/citizen.css", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Xin chào", page, StringComparison.Ordinal);
        Assert.True(page.Length < 60 * 1024);

        var (a, _) = await CitizenRowAsync(app, CitizenAssurance.VneId, "Trịnh Thị Chào Mừng");
        var (citizen, _) = await SignedInAsync(app, a);
        Assert.Contains("Xin chào <strong>Trịnh Thị Chào Mừng</strong>", await citizen.GetStringAsync("/cong-dan"), StringComparison.Ordinal);
        // An officer is no citizen here either.
        Assert.DoesNotContain("Xin chào", await (await app.OfficerAsync("quantri")).GetStringAsync("/cong-dan"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_VNeID_simulator_runs_with_the_population_simulators_people()
    {
        using var vneid = new VneIdProcess();
        using var registry = new PopulationRegistryProcess();
        var signIns = await vneid.PeopleAsync(50);
        var registered = await registry.PeopleAsync(50);
        Assert.Equal(50, signIns.Count);
        Assert.Equal(registered.Select(p => p.GetProperty("soDinhDanh").GetString()), signIns.Select(p => p.GetProperty("sub").GetString()));
        Assert.Equal(registered.Select(p => p.GetProperty("hoTen").GetString()), signIns.Select(p => p.GetProperty("name").GetString()));
        // The same birth date, written as OpenID Connect's birthdate claim (yyyy-MM-dd) rather than the registry's dd/MM/yyyy.
        Assert.Equal(registered.Select(p => string.Join('-', p.GetProperty("ngaySinh").GetString()!.Split('/').Reverse())), signIns.Select(p => p.GetProperty("birthdate").GetString()));
        Assert.All(signIns, p => Assert.Null(CitizenId.Check(p.GetProperty("sub").GetString(), new DateOnly(2026, 12, 2))));
    }

    /// <summary>Puts the shared test clock back, so the class's other tests see the morning they expect.</summary>
    private sealed class ClockRestore(TestClock clock) : IDisposable
    {
        private readonly DateTimeOffset before = clock.Now;
        public void Dispose() => clock.Now = before;
    }
}
