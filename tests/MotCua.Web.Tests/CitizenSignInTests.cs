using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using MotCua.Web.Features.CitizenAccount;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece A: the citizens' sign-in over real HTTP (docs/SECURITY.md "Citizen sign-in"). One-time codes go through
/// the real outbox to the real fake SMS gateway and SMTP server, are read there and typed into the page; the limits, the
/// wrong, expired and foreign codes and the sign-out's end of every session are seen from a browser. VNeID is the real
/// simulator process (<see cref="VneIdProcess"/>): a full sign-in following the redirects by hand, a refusal, an outage, a
/// replayed state and ID tokens the simulator is told to spoil, each refused.
/// </summary>
public partial class CitizenSignInTests(CitizenSignInTests.Host host, ITestOutputHelper output) : IClassFixture<CitizenSignInTests.Host>
{
    /// <summary>One app with its outbox worker on, wired to a fake SMS gateway, an SMTP server and the VNeID simulator.</summary>
    public sealed class Host : IDisposable
    {
        public GatewayProcess Gateway { get; } = new();
        public SmtpServer Smtp { get; } = new();
        public VneIdProcess VneId { get; } = new();
        public MotCuaApp App { get; } = new();

        /// <summary>How many two-hour steps the code tests have moved the clock past the real time.</summary>
        public int Hours { get; set; }

        public Host()
        {
            App.Clock.Now = DateTimeOffset.UtcNow;
            App.Settings["Motcua:Outbox:Enabled"] = "true";
            App.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
            Gateway.Configure(App);
            Smtp.Configure(App);
            VneId.Configure(App);
            _ = App.BaseAddress;
        }

        public void Dispose()
        {
            App.Dispose();
            VneId.Dispose();
            Smtp.Dispose();
            Gateway.Dispose();
        }
    }

    private MotCuaApp App => host.App;

    // Each code test starts two hours after the last one's: the per-address window (an hour) and the address's backoff are
    // behind it, since every test's browser is 127.0.0.1. The VNeID tests run at the real time instead (RealTime), which the
    // simulator's tokens are stamped with.
    private void NewHour() => App.Clock.Now = DateTimeOffset.UtcNow + TimeSpan.FromHours(2 * ++host.Hours);

    private void RealTime() => App.Clock.Now = DateTimeOffset.UtcNow;

    private static string NewIdNumber() => "0460950" + Random.Shared.Next(10000, 99999).ToString("00000");

    private static string NewPhone() => "09" + Random.Shared.Next(10_000_000, 99_999_999).ToString("00000000");

    private async Task<HttpResponseMessage> AskAsync(HttpClient browser, string idNumber, string destination, string? returnUrl = null)
    {
        var page = await browser.GetStringAsync("/cong-dan/dang-nhap" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        var fields = HtmlForm.Fields(page, "action=\"/cong-dan/dang-nhap\"").With(new() { ["IdNumber"] = idNumber, ["Destination"] = destination });
        return await browser.PostAsync("/cong-dan/dang-nhap", new FormUrlEncodedContent(fields));
    }

    private async Task<HttpResponseMessage> TypeAsync(HttpClient browser, string code)
    {
        var page = await browser.GetStringAsync("/cong-dan/dang-nhap/ma");
        // No code waiting: the page has no form, and the sign-in page's token serves (the same anonymous visitor).
        if (!page.Contains("__RequestVerificationToken", StringComparison.Ordinal)) page = await browser.GetStringAsync("/cong-dan/dang-nhap");
        return await browser.PostAsync("/cong-dan/dang-nhap/ma", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = code, ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page),
        }));
    }

    /// <summary>The code of the <paramref name="nth"/> SMS the gateway accepted for <paramref name="phone"/> (waits for it).</summary>
    private async Task<string> SmsCodeAsync(string phone, int nth = 1)
    {
        List<JsonElement> messages = [];
        await Waiting.Until(async () => (messages = await host.Gateway.MessagesAsync(phone)).Count >= nth, $"tin SMS thứ {nth} tới {phone}", 30);
        var text = messages[nth - 1].GetProperty("text").GetString()!;
        var code = SmsCode().Match(text).Groups[1].Value;
        Assert.Equal($"Mã đăng nhập MotCua: {code}. Hiệu lực 5 phút. Không cung cấp mã này cho người khác.", text);
        return code;
    }

    private static bool SignedIn(HttpResponseMessage r) =>
        r.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("motcua.cd=", StringComparison.Ordinal) && !c.StartsWith("motcua.cd=;", StringComparison.Ordinal));

    private async Task<long> CountAsync(string sql) => await App.ScalarAsync(sql);

    [Fact]
    public async Task A_code_read_from_the_gateways_sms_signs_in_and_lands_on_the_return_path()
    {
        NewHour();
        var (idNumber, phone, browser) = (NewIdNumber(), NewPhone(), App.SessionClient());
        var asked = await AskAsync(browser, idNumber, phone, "/cong-dan/ho-so/000.00.01.H46-251117-0001?xem=1");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal("/cong-dan/dang-nhap/ma", asked.Headers.Location!.OriginalString);
        var page = await browser.GetStringAsync("/cong-dan/dang-nhap/ma");
        Assert.Contains($"Mã đã gửi tới {phone[..3]}****{phone[^3..]}", page);
        Assert.DoesNotContain(phone, page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);

        var code = await SmsCodeAsync(phone);
        // The row keeps neither the code nor the phone in clear; its message went straight out, ordered by its own key.
        var codeId = await CountAsync($"SELECT max(id) FROM citizen_codes WHERE id_number = '{idNumber}'");
        // The gateway holds the text as soon as the worker sent it; the worker marks the row delivered after the gateway's
        // answer, in its own transaction, so the mark may follow the text by a moment (CI run of 2 December: 0 at once).
        await Waiting.Until(async () => await CountAsync(
            $"SELECT count(*) FROM outbox WHERE ordering_key = 'otp:{codeId}' AND target = 'sms' AND delivered_at IS NOT NULL") == 1,
            $"thư SMS otp:{codeId} được ghi là đã gửi", 30);
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM citizen_codes WHERE code_hash LIKE '%{code}%' OR destination_hash LIKE '%{phone}%'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM citizens WHERE id_number = '{idNumber}'"));

        var typed = await TypeAsync(browser, code[..3] + " " + code[3..]);
        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal("/cong-dan/ho-so/000.00.01.H46-251117-0001?xem=1", typed.Headers.Location!.OriginalString);
        Assert.True(SignedIn(typed));
        Assert.Contains("Xin chào", await browser.GetStringAsync("/cong-dan"));
        // The account is made at the first right code: assurance 2, the phone the code went to.
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM citizens WHERE id_number = '{idNumber}' AND assurance = 2 AND phone = '{phone}'"));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM audit_log WHERE action = 'citizen.sign-in' AND details->>'channel' = 'sms' AND subject = 'citizen:' || (SELECT id FROM citizens WHERE id_number = '{idNumber}')"));

        // A used code is no code: typed where a new one is awaited, it is wrong.
        var again = App.SessionClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(again, idNumber, phone)).StatusCode);
        await SmsCodeAsync(phone, 2);
        var replay = await TypeAsync(again, code);
        Assert.False(SignedIn(replay));
        Assert.Contains("Mã xác thực không đúng", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_code_by_email_arrives_through_smtp_and_signs_in()
    {
        NewHour();
        var (idNumber, browser) = (NewIdNumber(), App.SessionClient());
        var address = $"cong.dan.{Guid.NewGuid():N}@example.vn";
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(browser, idNumber, address.ToUpperInvariant())).StatusCode);
        MimeKit.MimeMessage? mail = null;
        await Waiting.Until(() => Task.FromResult((mail = host.Smtp.Messages().LastOrDefault(m => m.To.ToString().Contains(address, StringComparison.Ordinal))) is not null), "thư mã đăng nhập", 30);
        Assert.Equal("Mã đăng nhập Dịch vụ công MotCua", mail!.Subject);
        var code = SmsCode().Match(mail.TextBody ?? "").Groups[1].Value;
        var typed = await TypeAsync(browser, code);
        Assert.True(SignedIn(typed));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM citizens WHERE id_number = '{idNumber}' AND email = '{address}' AND phone IS NULL"));
    }

    [Fact]
    public async Task Five_wrong_codes_end_the_code_and_lock_the_destination_for_a_while()
    {
        NewHour();
        var (idNumber, phone, browser) = (NewIdNumber(), NewPhone(), App.SessionClient());
        await AskAsync(browser, idNumber, phone);
        var code = await SmsCodeAsync(phone);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var left = 4; left >= 1; left--)
        {
            var answer = await TypeAsync(browser, wrong);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            Assert.Contains($"Mã xác thực không đúng. Bạn còn {left} lần thử.", await answer.Content.ReadAsStringAsync());
        }
        var fifth = await TypeAsync(browser, wrong);
        Assert.Contains("hết hiệu lực vì nhập sai 5 lần", await fifth.Content.ReadAsStringAsync());
        // The right code now finds no code waiting in this browser, and signs nobody in.
        var late = await TypeAsync(browser, code);
        Assert.False(SignedIn(late));
        Assert.Contains("Chưa có mã nào đang chờ", await late.Content.ReadAsStringAsync());
        Assert.Equal(5, await CountAsync($"SELECT attempts FROM citizen_codes WHERE id_number = '{idNumber}'"));

        // Five failures lock the destination (SignInBackoff: a minute first): a new code is refused, then given.
        var locked = await AskAsync(App.SessionClient(), idNumber, phone);
        Assert.Contains("Tạm khóa đăng nhập bằng mã", await locked.Content.ReadAsStringAsync());
        App.Clock.Now += TimeSpan.FromMinutes(2);
        var fresh = App.SessionClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(fresh, idNumber, phone)).StatusCode);
        Assert.True(SignedIn(await TypeAsync(fresh, await SmsCodeAsync(phone, 2))));
    }

    [Fact]
    public async Task An_expired_code_and_a_code_of_another_destination_are_refused()
    {
        NewHour();
        var (idNumber, phone, browser) = (NewIdNumber(), NewPhone(), App.SessionClient());
        await AskAsync(browser, idNumber, phone);
        var code = await SmsCodeAsync(phone);
        App.Clock.Now += OneTimeCodeLifetime + TimeSpan.FromSeconds(1);
        var expired = await TypeAsync(browser, code);
        Assert.False(SignedIn(expired));
        Assert.Contains("Mã xác thực đã hết hạn hoặc đã được dùng", await expired.Content.ReadAsStringAsync());

        // Codes are bound to where they went: the code sent to one phone does not open the wait for another's.
        var (mine, theirs) = (App.SessionClient(), App.SessionClient());
        var otherPhone = NewPhone();
        await AskAsync(mine, idNumber, phone);
        await AskAsync(theirs, idNumber, otherPhone);
        var myCode = await SmsCodeAsync(phone, 2);
        await SmsCodeAsync(otherPhone);
        var crossed = await TypeAsync(theirs, myCode);
        Assert.False(SignedIn(crossed));
        Assert.Contains("Mã xác thực không đúng", await crossed.Content.ReadAsStringAsync());
    }

    private static readonly TimeSpan OneTimeCodeLifetime = MotCua.Domain.Identity.OneTimeCode.Lifetime;

    [Fact]
    public async Task Each_phone_claiming_a_cccd_gets_its_own_code_account_and_vneid_never_takes_one_over()
    {
        // rat28 MEDIUM 4: the first phone that claimed a CCCD locked every other out of code sign-in, after the code SMS.
        NewHour();
        var person = await PersonAsync(3);
        var (idNumber, owners, strangers) = (person.GetProperty("sub").GetString()!, NewPhone(), NewPhone());
        var vneIdPhone = "0" + person.GetProperty("phone_number").GetString()![3..];
        var owner = App.SessionClient();
        await AskAsync(owner, idNumber, owners);
        Assert.True(SignedIn(await TypeAsync(owner, await SmsCodeAsync(owners))));
        // trial17b 9: no name is known for a code account that submitted nothing: a neutral greeting.
        var home = await owner.GetStringAsync("/cong-dan");
        Assert.Contains("Xin chào ông/bà.", home);
        Assert.DoesNotContain("Công dân</strong>", home);

        var stranger = App.SessionClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(stranger, idNumber, strangers)).StatusCode);
        Assert.True(SignedIn(await TypeAsync(stranger, await SmsCodeAsync(strangers))));
        var ownersAccount = await CountAsync($"SELECT id FROM citizens WHERE id_number = '{idNumber}' AND assurance = 2 AND phone = '{owners}'");
        var strangersAccount = await CountAsync($"SELECT id FROM citizens WHERE id_number = '{idNumber}' AND assurance = 2 AND phone = '{strangers}'");
        Assert.NotEqual(ownersAccount, strangersAccount);
        Assert.Contains("Hồ sơ của tôi (0)", await stranger.GetStringAsync("/cong-dan"));

        // VNeID proves the CCCD: its own account, one per CCCD; neither code account becomes it.
        RealTime();
        var start = await StartVneIdAsync();
        Assert.True(SignedIn(await start.Browser.GetAsync((await DecideAsync(start, "approve", idNumber)).PathAndQuery)));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM citizens WHERE id_number = '{idNumber}' AND assurance = 1"));
        Assert.Equal(2, await CountAsync($"SELECT count(*) FROM citizens WHERE id_number = '{idNumber}' AND assurance = 2 AND id IN ({ownersAccount}, {strangersAccount})"));
        var proven = await CountAsync($"SELECT id FROM citizens WHERE id_number = '{idNumber}' AND assurance = 1");

        // A code opens the proven account only when it went to the proven account's own phone; the stranger's phone
        // keeps opening the stranger's own account.
        NewHour();
        var again = App.SessionClient();
        await AskAsync(again, idNumber, strangers);
        Assert.True(SignedIn(await TypeAsync(again, await SmsCodeAsync(strangers, 2))));
        Assert.Equal("citizen:" + strangersAccount, await LastSignInAsync());
        var own = App.SessionClient();
        var earlier = (await host.Gateway.MessagesAsync(vneIdPhone)).Count;
        await AskAsync(own, idNumber, vneIdPhone);
        Assert.True(SignedIn(await TypeAsync(own, await SmsCodeAsync(vneIdPhone, earlier + 1))));
        Assert.Equal("citizen:" + proven, await LastSignInAsync());
    }

    private async Task<string> LastSignInAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT subject FROM audit_log WHERE action = 'citizen.sign-in' ORDER BY id DESC LIMIT 1", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Three_codes_per_destination_and_ten_per_address_then_refused_with_nothing_sent()
    {
        NewHour();
        var phone = NewPhone();
        // Known or not, the CCCD and the phone get the same answer: a redirect to the code page.
        var knownNumber = NewIdNumber();
        await App.ScalarAsync($"INSERT INTO citizens (id_number, phone, assurance, security_stamp) VALUES ('{knownNumber}', '{phone}', 2, 'x') RETURNING id");
        var answers = new List<string>();
        foreach (var idNumber in new[] { knownNumber, NewIdNumber(), NewIdNumber() })
        {
            var r = await AskAsync(App.SessionClient(), idNumber, phone);
            answers.Add($"{(int)r.StatusCode} {r.Headers.Location}");
        }
        Assert.Equal(["302 /cong-dan/dang-nhap/ma"], answers.Distinct());
        var codesBefore = await CountAsync("SELECT count(*) FROM citizen_codes");
        var outboxBefore = await CountAsync("SELECT count(*) FROM outbox");
        var fourth = await AskAsync(App.SessionClient(), NewIdNumber(), "+84" + phone[1..]);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Contains("Đã gửi 3 mã tới số điện thoại này trong 15 phút", await fourth.Content.ReadAsStringAsync());
        Assert.Equal((codesBefore, outboxBefore), (await CountAsync("SELECT count(*) FROM citizen_codes"), await CountAsync("SELECT count(*) FROM outbox")));

        for (var i = 0; i < 7; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(App.SessionClient(), NewIdNumber(), NewPhone())).StatusCode);
        var eleventh = await AskAsync(App.SessionClient(), NewIdNumber(), NewPhone());
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.Contains("quá nhiều yêu cầu nhận mã từ mạng của bạn", await eleventh.Content.ReadAsStringAsync());
        output.WriteLine($"Giới hạn: 3 mã/số điện thoại/15 phút, 10 mã/địa chỉ/giờ; lần thứ 4 và thứ 11 bị từ chối, không ghi gì.");
    }

    [Fact]
    public async Task Bad_input_is_answered_in_vietnamese_and_writes_nothing()
    {
        NewHour();
        var before = await CountAsync("SELECT count(*) FROM citizen_codes");
        var answer = await AskAsync(App.SessionClient(), "12345", "02343822123");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var page = await answer.Content.ReadAsStringAsync();
        Assert.Contains("Số điện thoại di động gồm 10 chữ số", page);
        Assert.Contains("CCCD", page);
        var empty = await TypeAsync(App.SessionClient(), "123456");
        Assert.Contains("Chưa có mã nào đang chờ", await empty.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM citizen_codes"));
    }

    [Theory]
    [InlineData(null, "/cong-dan")]
    [InlineData("/cong-dan/ho-so/ABC?x=1", "/cong-dan/ho-so/ABC?x=1")]
    [InlineData("https://evil.example/cong-dan", "/cong-dan")]
    [InlineData("//evil.example/cong-dan", "/cong-dan")]
    [InlineData("/\\evil.example", "/cong-dan")]
    [InlineData("/ho-so", "/cong-dan")]
    [InlineData("/cong-dan-gia", "/cong-dan")]
    [InlineData("/cong-dan/../quan-tri", "/cong-dan")]
    [InlineData("/cong-dan/%2e%2e/quan-tri", "/cong-dan")]
    [InlineData("/cong-dan/dang-nhap/ma", "/cong-dan")]
    public void Only_a_path_of_the_citizens_pages_is_a_return_path(string? returnUrl, string lands) =>
        Assert.Equal(lands, CitizenReturn.Safe(returnUrl));

    [Fact]
    public async Task An_outside_return_url_lands_on_the_citizens_home()
    {
        NewHour();
        var (idNumber, phone, browser) = (NewIdNumber(), NewPhone(), App.SessionClient());
        await AskAsync(browser, idNumber, phone, "//evil.example/cong-dan");
        var typed = await TypeAsync(browser, await SmsCodeAsync(phone));
        Assert.Equal("/cong-dan", typed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_ends_every_session_of_the_account()
    {
        NewHour();
        var (idNumber, phone) = (NewIdNumber(), NewPhone());
        var (phoneBrowser, laptop) = (App.SessionClient(), App.SessionClient());
        await AskAsync(phoneBrowser, idNumber, phone);
        Assert.True(SignedIn(await TypeAsync(phoneBrowser, await SmsCodeAsync(phone))));
        await AskAsync(laptop, idNumber, phone);
        Assert.True(SignedIn(await TypeAsync(laptop, await SmsCodeAsync(phone, 2))));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/cong-dan/dang-xuat")).StatusCode);

        var page = await phoneBrowser.GetStringAsync("/cong-dan/dang-xuat");
        // Without the form's token nothing happens.
        Assert.Equal(HttpStatusCode.BadRequest, (await phoneBrowser.PostAsync("/cong-dan/dang-xuat", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/cong-dan/dang-xuat")).StatusCode);
        var signedOut = await phoneBrowser.PostAsync("/cong-dan/dang-xuat", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page) }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/cong-dan", signedOut.Headers.Location!.OriginalString);
        // The other device's cookie no longer opens anything: the account's stamp changed.
        var other = await laptop.GetAsync("/cong-dan/dang-xuat");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/cong-dan/dang-nhap", other.Headers.Location!.PathOf());
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM audit_log WHERE action = 'citizen.sign-out' AND subject = 'citizen:' || (SELECT id FROM citizens WHERE id_number = '{idNumber}')"));
    }

    // VNeID, through the simulator process. The browser's cookies for the app and the simulator are kept apart.

    private sealed record VneIdStart(HttpClient Browser, Uri Authorize, Dictionary<string, string> Query);

    private async Task<VneIdStart> StartVneIdAsync(string? returnUrl = null)
    {
        var browser = App.SessionClient();
        Assert.Contains("Đăng nhập bằng tài khoản định danh điện tử VNeID", await browser.GetStringAsync("/cong-dan/dang-nhap"));
        var start = await browser.GetAsync("/cong-dan/dang-nhap/vneid" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(host.VneId.Issuer + "/authorize?", authorize.ToString());
        var query = QueryHelpers.ParseQuery(authorize.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        Assert.Equal(("code", "S256", VneIdProcess.ClientId), (query["response_type"], query["code_challenge_method"], query["client_id"]));
        return new VneIdStart(browser, authorize, query);
    }

    /// <summary>The simulator's consent page, then its form posted with <paramref name="decision"/> for
    /// <paramref name="sub"/>: the redirect back to the app.</summary>
    private async Task<Uri> DecideAsync(VneIdStart start, string decision, string sub)
    {
        using var simulator = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var page = await simulator.GetStringAsync(start.Authorize);
        Assert.Contains("Đồng ý", page);
        Assert.Contains("Từ chối", page);
        var form = new Dictionary<string, string>(start.Query) { ["decision"] = decision, ["sub"] = sub, ["passcode"] = "123456" };
        var back = await simulator.PostAsync(new Uri(host.VneId.Address, "/authorize"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith(App.BaseAddress + "cong-dan/dang-nhap/vneid/xong?", back.Headers.Location!.ToString());
        return back.Headers.Location!;
    }

    private async Task<JsonElement> PersonAsync(int index) => (await host.VneId.PeopleAsync(index + 1))[index];

    [Fact]
    public async Task A_vneid_sign_in_over_http_makes_a_proven_account_and_lands_on_the_return_path()
    {
        RealTime();
        var person = await PersonAsync(3);
        var sub = person.GetProperty("sub").GetString()!;
        var start = await StartVneIdAsync("/cong-dan/ho-so/ABC");
        var callback = await DecideAsync(start, "approve", sub);
        var done = await start.Browser.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/cong-dan/ho-so/ABC", done.Headers.Location!.OriginalString);
        Assert.True(SignedIn(done));
        Assert.Contains(person.GetProperty("name").GetString()!, await start.Browser.GetStringAsync("/cong-dan"));
        var phone = "0" + person.GetProperty("phone_number").GetString()![3..];
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM citizens WHERE id_number = '{sub}' AND assurance = 1 AND full_name = '{person.GetProperty("name").GetString()}' AND phone = '{phone}'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM vneid_sign_ins"));
        var events = await host.VneId.SignInsAsync();
        Assert.Contains(events, e => e.GetProperty("sub").GetString() == sub && e.GetProperty("outcome").GetString() == "token");

        // The same callback again (a replayed state) is refused, and so is a callback in a browser that did not start it.
        var replay = await start.Browser.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains(VneIdSignIns.Invalid, await replay.Content.ReadAsStringAsync());
        Assert.False(SignedIn(replay));
        var started = await StartVneIdAsync();
        var elsewhere = await App.SessionClient().GetAsync((await DecideAsync(started, "approve", sub)).PathAndQuery);
        Assert.False(SignedIn(elsewhere));
        Assert.Contains(VneIdSignIns.Invalid, await elsewhere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refusal_at_vneid_is_a_cancelled_sign_in_with_the_code_form_still_there()
    {
        RealTime();
        var start = await StartVneIdAsync();
        var callback = await DecideAsync(start, "deny", "");
        Assert.Contains("error=access_denied", callback.Query);
        var page = await start.Browser.GetAsync(callback.PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        Assert.False(SignedIn(page));
        Assert.Contains("Bạn đã hủy đăng nhập", html);
        Assert.Contains("Nhận mã xác thực", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task When_vneid_is_unreachable_the_citizen_is_told_to_use_a_code_and_the_code_form_works()
    {
        NewHour();
        var sub = (await PersonAsync(4)).GetProperty("sub").GetString()!;
        var start = await StartVneIdAsync();
        var callback = await DecideAsync(start, "approve", sub);
        await host.VneId.ControlAsync(new { mode = "outage" });
        try
        {
            var page = await start.Browser.GetAsync(callback.PathAndQuery);
            var html = await page.Content.ReadAsStringAsync();
            Assert.False(SignedIn(page));
            Assert.Contains("Không kết nối được VNeID, hãy nhận mã qua tin nhắn", html);
            var phone = NewPhone();
            var fields = HtmlForm.Fields(html, "action=\"/cong-dan/dang-nhap\"").With(new() { ["IdNumber"] = sub, ["Destination"] = phone });
            var asked = await start.Browser.PostAsync("/cong-dan/dang-nhap", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
            Assert.True(SignedIn(await TypeAsync(start.Browser, await SmsCodeAsync(phone))));
        }
        finally
        {
            await host.VneId.ControlAsync(new { mode = "normal" });
        }
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    [InlineData("nonce")]
    [InlineData("audience")]
    [InlineData("issuer")]
    [InlineData("unsigned")]
    public async Task A_spoilt_id_token_is_refused(string tamper)
    {
        RealTime();
        var sub = (await PersonAsync(5)).GetProperty("sub").GetString()!;
        var start = await StartVneIdAsync();
        var callback = await DecideAsync(start, "approve", sub);
        await host.VneId.ControlAsync(new { tamper });
        try
        {
            var page = await start.Browser.GetAsync(callback.PathAndQuery);
            Assert.False(SignedIn(page));
            Assert.Contains(VneIdSignIns.NotAccepted, await page.Content.ReadAsStringAsync());
        }
        finally
        {
            await host.VneId.ControlAsync(new { tamper = "none" });
        }
    }

    [GeneratedRegex(@"MotCua: (\d{6})\.")]
    private static partial Regex SmsCode();
}

internal static class UriPaths
{
    /// <summary>The path and query of a Location that may be relative.</summary>
    public static string PathOf(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
