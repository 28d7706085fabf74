using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Queue tickets over real HTTP and PostgreSQL (issue 17 piece E, docs/CITIZENS.md "Queue and kiosk"): numbering from 1
/// per centre, service and Vietnam day with no gap, also for 200 tickets taken at once; five counters calling at once
/// never calling the same ticket; the remote window (a holiday, before opening, after the quota, a phone holding a
/// ticket) and the refusals naming their field; the desk's transitions and their 403/404/409; the holder's page
/// (cancel, satisfaction once) and the call screen (no script, refresh, no-store, within 4 KB compressed).
/// </summary>
public class QueueTests : IClassFixture<MotCuaApp>
{
    private readonly MotCuaApp app;

    /// <summary>The class takes more remote tickets from one address than the hourly limit; the limit has its own test (<see cref="QueueRateLimitTests"/>).</summary>
    public QueueTests(MotCuaApp app)
    {
        app.Settings["Motcua:Queue:TicketsPerAddressPerHour"] = "100000";
        this.app = app;
    }

    private static readonly TimeSpan Vn = VietnamTime.Offset;

    /// <summary>A queue service <paramref name="letter"/> at <paramref name="agencyCode"/> and <paramref name="counters"/>
    /// counters calling it (numbered after the centre's existing ones): the service id and the counters' ids.</summary>
    public static async Task<(long Service, long[] Counters)> ServiceAsync(MotCuaApp app, string agencyCode, char letter, int counters, string name = "Dịch vụ thử")
    {
        var service = await app.ScalarAsync($"""
            INSERT INTO queue_services (agency_id, letter, name) SELECT id, '{letter}', '{name} {letter}' FROM agencies WHERE code = '{agencyCode}' RETURNING id
            """);
        var ids = new List<long>();
        for (var i = 0; i < counters; i++)
            ids.Add(await app.ScalarAsync($"""
                INSERT INTO queue_counters (agency_id, number, name, service_ids)
                SELECT a.id, coalesce((SELECT max(number) FROM queue_counters WHERE agency_id = a.id), 0) + 1, '', ARRAY[{service}]::int[]
                FROM agencies a WHERE a.code = '{agencyCode}' RETURNING id
                """));
        return (service, [.. ids]);
    }

    /// <summary>The Cookie header of an enrolled kiosk at <paramref name="agencyCode"/> (a kiosk_devices row enrolled now).</summary>
    public static async Task<string> KioskCookieAsync(MotCuaApp app, string agencyCode)
    {
        var agency = (int)await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{agencyCode}'");
        var device = (int)await app.ScalarAsync($"INSERT INTO kiosk_devices (agency_id, name, enrolled_at) VALUES ({agency}, 'Ki-ốt thử', now()) RETURNING id");
        using var scope = app.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        scope.ServiceProvider.GetRequiredService<KioskMode>().Enrol(http, new KioskDevice(device, agency));
        var setCookie = http.Response.Headers.SetCookie.ToString();
        return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>A client of an enrolled kiosk at the agency.</summary>
    internal static async Task<HttpClient> KioskAsync(MotCuaApp app, string agencyCode)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", await KioskCookieAsync(app, agencyCode));
        return client;
    }

    /// <summary>Takes a ticket, asking again after a 503's Retry-After (the app's answer when the database is saturated).</summary>
    public static async Task<HttpResponseMessage> TakeAsync(HttpClient client, string agencyCode, object body)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.PostAsJsonAsync($"/api/v1/queue/{agencyCode}/tickets", body);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 50) return response;
            Assert.NotNull(response.Headers.RetryAfter);
            await Task.Delay(response.Headers.RetryAfter!.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? type = null, string? field = null)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (type is not null) Assert.Equal(type, problem.GetProperty("type").GetString());
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        return problem;
    }

    private void At(int year, int month, int day, int hour, int minute = 0) => app.Clock.Now = new DateTimeOffset(year, month, day, hour, minute, 0, Vn);

    [Fact]
    public async Task Tickets_are_numbered_from_one_per_service_and_day_and_numbering_restarts_the_next_day()
    {
        At(2025, 11, 17, 9);
        await ServiceAsync(app, DemoData.PhuXuanCode, 'N', counters: 1);
        await ServiceAsync(app, DemoData.PhuXuanCode, 'M', counters: 1);
        var phone = app.SessionClient();
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ticket = await JsonAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "N" }), HttpStatusCode.Created);
            numbers.Add(ticket.GetProperty("number").GetString()!);
            Assert.Equal(i + 1, ticket.GetProperty("position").GetInt32());
            Assert.StartsWith("/xep-hang/ve/", ticket.GetProperty("url").GetString());
            // Nobody served yet: 8 minutes each at the one counter (closed: read as one).
            Assert.Equal(i switch { 0 => "khoảng 5–10 phút", 1 => "khoảng 15–20 phút", _ => "khoảng 20–25 phút" }, ticket.GetProperty("estimate").GetString());
        }
        Assert.Equal(new[] { "N001", "N002", "N003" }, numbers);
        Assert.Equal("M001", (await JsonAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "m" }), HttpStatusCode.Created)).GetProperty("number").GetString());
        At(2025, 11, 18, 9);
        Assert.Equal("N001", (await JsonAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "N" }), HttpStatusCode.Created)).GetProperty("number").GetString());
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM queue_serials s JOIN queue_services v ON v.id = s.service_id WHERE v.letter = 'N' AND s.day = '2025-11-17' AND s.last = 3"));
        // The token is given once and kept only as its hash.
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM queue_tickets WHERE token_hash !~ '^[0-9a-f]{64}$'"));
    }

    [Fact]
    public async Task Two_hundred_tickets_taken_at_once_are_numbered_1_to_200_with_no_gap_and_every_answer_is_201()
    {
        At(2025, 11, 17, 9);
        await ServiceAsync(app, DemoData.PhuXuanCode, 'P', counters: 2);
        var kiosk = await KioskAsync(app, DemoData.PhuXuanCode);
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => TakeAsync(kiosk, DemoData.PhuXuanCode, new { service = "P" }))));
        var statuses = responses.GroupBy(r => (int)r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(statuses.Keys.SequenceEqual([201]), "Mã trả lời: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        var numbers = new List<string>();
        foreach (var response in responses) numbers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!);
        Assert.Equal(Enumerable.Range(1, 200).Select(n => $"P{n:000}"), numbers.Order(StringComparer.Ordinal));
        Assert.Equal(200, await app.ScalarAsync("SELECT count(DISTINCT number) FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id WHERE s.letter = 'P' AND t.channel = 1"));
        Assert.Equal(200, await app.ScalarAsync("SELECT s.last FROM queue_serials s JOIN queue_services v ON v.id = s.service_id WHERE v.letter = 'P'"));
    }

    [Fact]
    public async Task Five_counters_calling_at_once_never_call_the_same_ticket()
    {
        At(2025, 11, 17, 9);
        var (service, counters) = await ServiceAsync(app, DemoData.PhuXuanCode, 'Q', counters: 5);
        var kiosk = await KioskAsync(app, DemoData.PhuXuanCode);
        for (var i = 0; i < 40; i++) await JsonAsync(await TakeAsync(kiosk, DemoData.PhuXuanCode, new { service = "Q" }), HttpStatusCode.Created);
        var officers = new List<HttpClient>();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var agency = (int)await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.PhuXuanCode}'");
            for (var i = 0; i < counters.Length; i++)
            {
                var user = new User { UserName = $"quay.q{i}", FullName = $"Cán bộ quầy {i}", Role = Roles.ReceivingOfficer, AgencyId = agency, PasswordHash = "", CreatedAt = app.Clock.Now };
                user.PasswordHash = Passwords.Hash(user, DemoData.Password);
                db.Users.Add(user);
                await db.SaveChangesAsync();
                officers.Add(await app.OfficerAsync(user.UserName));
            }
        }
        var called = await Task.WhenAll(counters.Select((counter, i) => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (true)
            {
                var response = await officers[i].PostAsync($"/api/v1/queue/counters/{counter}/call-next", null);
                if (response.StatusCode == HttpStatusCode.NoContent) return mine;
                mine.Add((await JsonAsync(response, HttpStatusCode.OK)).GetProperty("id").GetInt64());
                // The counter serves the number before calling the next.
                Assert.Equal(HttpStatusCode.OK, (await officers[i].PostAsync($"/api/v1/queue/tickets/{mine[^1]}/start", null)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await officers[i].PostAsync($"/api/v1/queue/tickets/{mine[^1]}/done", null)).StatusCode);
            }
        })));
        var all = called.SelectMany(c => c).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
        Assert.True(called.Count(c => c.Count > 0) >= 2, "Chỉ một quầy gọi được số: " + string.Join(", ", called.Select(c => c.Count)));
        Assert.Equal(40, await app.ScalarAsync($"SELECT count(*) FROM queue_tickets WHERE service_id = {service} AND state = 4 AND call_count = 1 AND counter_id IS NOT NULL"));
    }

    [Fact]
    public async Task A_remote_ticket_is_refused_on_a_holiday_before_opening_over_the_quota_and_while_the_phone_holds_one()
    {
        await ServiceAsync(app, DemoData.PhuXuanCode, 'R', counters: 1);
        var phone = app.SessionClient();
        At(2025, 9, 2, 9); // Quốc khánh
        var closed = await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Conflict, "https://motcua.vn/problems/queue-closed");
        Assert.Contains("không làm việc", closed.GetProperty("detail").GetString());
        At(2025, 11, 22, 9); // a Saturday
        await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Conflict, "https://motcua.vn/problems/queue-closed");
        At(2025, 11, 17, 6, 15); // office hours from 07:00: remote tickets from 06:30
        var early = await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Conflict, "https://motcua.vn/problems/queue-closed");
        Assert.Contains("từ 06:30", early.GetProperty("detail").GetString());
        At(2025, 11, 17, 16, 5); // closing 17:00: none from 16:00
        await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Conflict, "https://motcua.vn/problems/queue-closed");
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id WHERE s.letter = 'R'"));

        At(2025, 11, 17, 6, 35);
        // A phone holds one open ticket per service.
        await JsonAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R", phone = "0905 111 222" }), HttpStatusCode.Created);
        await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R", phone = "+84905111222" }), HttpStatusCode.TooManyRequests, field: "phone");
        // 8 hours open × 1 counter ÷ 8 minutes = 60 a day, half of them remote: 30 in all.
        for (var i = 1; i < 30; i++) await JsonAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Created);
        await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Conflict, "https://motcua.vn/problems/remote-quota-reached");
        // Walk-ins keep their places: the kiosk still gives numbers.
        var kiosk = await KioskAsync(app, DemoData.PhuXuanCode);
        Assert.Equal("R031", (await JsonAsync(await TakeAsync(kiosk, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Created)).GetProperty("number").GetString());
        // A revoked kiosk is a phone like any other.
        await app.ScalarAsync("WITH x AS (UPDATE kiosk_devices SET revoked_at = now() RETURNING 1) SELECT count(*) FROM x");
        await ProblemAsync(await TakeAsync(kiosk, DemoData.PhuXuanCode, new { service = "R" }), HttpStatusCode.Conflict, "https://motcua.vn/problems/remote-quota-reached");

        await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { }), HttpStatusCode.UnprocessableEntity, field: "service");
        await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "Ư" }), HttpStatusCode.UnprocessableEntity, field: "service");
        await ProblemAsync(await TakeAsync(phone, DemoData.PhuXuanCode, new { service = "R", phone = "12345" }), HttpStatusCode.UnprocessableEntity, field: "phone");
        await ProblemAsync(await TakeAsync(phone, "000.99.99.H46", new { service = "R" }), HttpStatusCode.NotFound);
        Assert.Equal(31, await app.ScalarAsync("SELECT count(*) FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id WHERE s.letter = 'R'"));
    }

    [Fact]
    public async Task The_desk_calls_serves_and_marks_a_no_show_and_the_holder_and_call_screen_see_it()
    {
        At(2025, 11, 17, 9);
        var (_, counters) = await ServiceAsync(app, DemoData.ThuanHoaCode, 'S', counters: 1);
        var counterNumber = await app.ScalarAsync($"SELECT number FROM queue_counters WHERE id = {counters[0]}");
        var phone = app.SessionClient();
        var first = await JsonAsync(await TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "S" }), HttpStatusCode.Created);
        var second = await JsonAsync(await TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "S" }), HttpStatusCode.Created);
        var third = await JsonAsync(await TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "S" }), HttpStatusCode.Created);
        var page = await phone.GetStringAsync(second.GetProperty("url").GetString());
        Assert.Contains("S002", page);
        // No meta refresh (WCAG 2.2.1, trial 17w MEDIUM 1): its one script refreshes behind a toggle, the link by hand.
        Assert.DoesNotContain("http-equiv=\"refresh\"", page);
        var script = Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<script[^>]*>").Select(m => m.Value));
        Assert.Contains("src=\"/js/ticket-refresh.js", script);
        Assert.Contains($"<a href=\"{second.GetProperty("url").GetString()}\" id=\"cap-nhat\">Cập nhật</a>", page);
        Assert.Contains("id=\"vi-tri\">1<", page);

        // Only the centre's receiving officers call: another role, another centre's officer, a system.
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("congchuc.thuanhoa")).PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null)).StatusCode);
        await ProblemAsync(await (await app.OfficerAsync("tiepnhan.phuxuan")).PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.PostAsync("/api/v1/queue/counters/999999/call-next", null)).StatusCode);

        var called = await JsonAsync(await desk.PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null), HttpStatusCode.OK);
        Assert.Equal("S001", called.GetProperty("number").GetString());
        var ticket = called.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("tiepnhan.phuxuan")).PostAsync($"/api/v1/queue/tickets/{ticket}/start", null)).StatusCode);
        await ProblemAsync(await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/done", null), HttpStatusCode.Conflict, "https://motcua.vn/problems/ticket-transition");
        Assert.Contains($"Quầy {counterNumber}", await phone.GetStringAsync(first.GetProperty("url").GetString()));
        Assert.Equal(2, (await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/recall", null), HttpStatusCode.OK)).GetProperty("callCount").GetInt32());
        Assert.Equal("serving", (await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/start", null), HttpStatusCode.OK)).GetProperty("state").GetString());
        app.Clock.Now = app.Clock.Now.AddMinutes(6);
        Assert.Equal("done", (await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/done", null), HttpStatusCode.OK)).GetProperty("state").GetString());

        // The holder answers once, after the service.
        var url = first.GetProperty("url").GetString()!;
        var done = await phone.GetStringAsync(url);
        Assert.Contains("id=\"hai-long\"", done);
        var rate = await phone.PostAsync(url + "?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string> { ["muc"] = "2", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(done) }));
        Assert.Equal(HttpStatusCode.Redirect, rate.StatusCode);
        var thanked = await phone.GetStringAsync(url);
        Assert.Contains("id=\"cam-on\"", thanked);
        Assert.DoesNotContain("id=\"hai-long\"", thanked);
        var again = await phone.PostAsync(url + "?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string> { ["muc"] = "0", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(done) }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(2, await app.ScalarAsync($"SELECT satisfaction FROM queue_tickets WHERE id = {ticket}"));

        // "Vắng mặt" only after two calls and five minutes.
        var next = (await JsonAsync(await desk.PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null), HttpStatusCode.OK)).GetProperty("id").GetInt64();
        await ProblemAsync(await desk.PostAsync($"/api/v1/queue/tickets/{next}/no-show", null), HttpStatusCode.Conflict, "https://motcua.vn/problems/ticket-transition");
        await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{next}/recall", null), HttpStatusCode.OK);
        app.Clock.Now = app.Clock.Now.AddMinutes(5);
        Assert.Equal("noshow", (await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{next}/no-show", null), HttpStatusCode.OK)).GetProperty("state").GetString());

        // The third holder gives the number up; a cancelled number cannot be cancelled again.
        var thirdUrl = third.GetProperty("url").GetString()!;
        var waiting = await phone.GetStringAsync(thirdUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.PostAsync(thirdUrl + "?handler=Cancel", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(waiting) }))).StatusCode);
        Assert.Equal(6, await app.ScalarAsync($"SELECT state FROM queue_tickets WHERE token_hash = encode(sha256('{third.GetProperty("token").GetString()}'::bytea), 'hex')"));
        Assert.Equal(HttpStatusCode.NoContent, (await desk.PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync("/xep-hang/ve/khong-co-ve-nay")).StatusCode);

        // The call screen: numbers only, the newest first and highlighted, no script, refreshed, not cached, small.
        using var tv = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = app.BaseAddress };
        tv.DefaultRequestHeaders.Add("Accept-Encoding", "br, gzip");
        var screen = await tv.GetAsync($"/man-hinh-goi/{DemoData.ThuanHoaCode}");
        Assert.Equal(HttpStatusCode.OK, screen.StatusCode);
        Assert.Contains("no-store", screen.Headers.CacheControl!.ToString());
        var compressed = await screen.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length <= 4096, $"{compressed.Length} byte");
        var html = await app.SessionClient().GetStringAsync($"/man-hinh-goi/{DemoData.ThuanHoaCode}");
        Assert.Matches($"<li class=\"moi\" data-so=\"S002\" data-quay=\"{counterNumber}\" data-luc=\"\\d+\"><b>S002</b> → Quầy {counterNumber}</li>", html);
        Assert.Matches($"<li data-so=\"S001\" data-quay=\"{counterNumber}\" data-luc=\"\\d+\"><b>S001</b> → Quầy {counterNumber}</li>", html);
        // Every content inside a landmark (trial 17v LOW 6, axe "region"): the body holds a header and the main, nothing else.
        Assert.Matches(new System.Text.RegularExpressions.Regex("<body>\\s*<header>\\s*<h1>.*?</header>\\s*<main>.*</main>\\s*</body>", System.Text.RegularExpressions.RegexOptions.Singleline), html);
        // Without script the screen reloads itself; the only script is the app's own (the voice, docs/CITIZENS.md).
        Assert.Contains("<noscript><meta http-equiv=\"refresh\" content=\"5\" /></noscript>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
        Assert.Matches("<script src=\"/js/call-screen\\.js\\?v=[^\"]+\" defer></script>", html);
        Assert.Equal(HttpStatusCode.NotFound, (await tv.GetAsync("/man-hinh-goi/000.99.99.H46")).StatusCode);
    }

    [Fact]
    public async Task The_desk_panel_on_the_intake_page_takes_a_counter_and_calls_the_next_number()
    {
        At(2025, 11, 17, 9);
        var (_, counters) = await ServiceAsync(app, DemoData.ThuanHoaCode, 'T', counters: 1);
        var phone = app.SessionClient();
        var taken = await JsonAsync(await TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "T" }), HttpStatusCode.Created);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Contains("hx-get=\"/quay/goi\"", await desk.GetStringAsync("/tiep-nhan"));
        var panel = await desk.GetStringAsync("/quay/goi");
        Assert.Contains("Nhận quầy", panel);
        async Task<string> PostAsync(string handler, Dictionary<string, string> fields)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/quay/goi?handler={handler}") { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("HX-Request", "true");
            var response = await desk.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        panel = await PostAsync("Take", new() { ["counter"] = counters[0].ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(panel) });
        Assert.Contains("id=\"goi-tiep\"", panel);
        panel = await PostAsync("Next", new() { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(panel) });
        Assert.Contains("id=\"so-dang-goi\">T001<", panel);
        Assert.Contains("Quầy", await phone.GetStringAsync(taken.GetProperty("url").GetString()));
        // Another role sees nothing and may not write.
        var specialist = await app.OfficerAsync("congchuc.thuanhoa");
        Assert.Equal(HttpStatusCode.NoContent, (await specialist.GetAsync("/quay/goi")).StatusCode);
    }

    [Fact]
    public async Task The_figures_equal_a_recount_of_the_tickets_and_only_leaders_inspectors_and_administrators_read_them()
    {
        At(2025, 11, 17, 9);
        var (service, counters) = await ServiceAsync(app, DemoData.ThuanHoaCode, 'U', counters: 1);
        var phone = app.SessionClient();
        var tickets = new List<JsonElement>();
        for (var i = 0; i < 4; i++) tickets.Add(await JsonAsync(await TakeAsync(phone, DemoData.ThuanHoaCode, new { service = "U" }), HttpStatusCode.Created));
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        async Task<long> Act(string path, int minute)
        {
            At(2025, 11, 17, 9, minute);
            var response = await desk.PostAsync(path, null);
            return (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("id").GetInt64();
        }
        var first = await Act($"/api/v1/queue/counters/{counters[0]}/call-next", 10);
        await Act($"/api/v1/queue/tickets/{first}/start", 12);
        await Act($"/api/v1/queue/tickets/{first}/done", 20);
        var second = await Act($"/api/v1/queue/counters/{counters[0]}/call-next", 20);
        await Act($"/api/v1/queue/tickets/{second}/start", 21);
        await Act($"/api/v1/queue/tickets/{second}/done", 31);
        var third = await Act($"/api/v1/queue/counters/{counters[0]}/call-next", 31);
        await Act($"/api/v1/queue/tickets/{third}/recall", 33);
        await Act($"/api/v1/queue/tickets/{third}/no-show", 37);
        var url = tickets[0].GetProperty("url").GetString()!;
        var page = await phone.GetStringAsync(url);
        await phone.PostAsync(url + "?handler=Rate", new FormUrlEncodedContent(new Dictionary<string, string> { ["muc"] = "1", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page) }));

        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var figures = await JsonAsync(await leader.GetAsync($"/api/v1/queue/figures?agency={DemoData.ThuanHoaCode}&by=service&from=2025-11-17&to=2025-11-17"), HttpStatusCode.OK);
        var row = figures.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "U").GetProperty("figures");
        // The recount, from the rows themselves.
        Assert.Equal(await app.ScalarAsync($"SELECT count(*) FROM queue_tickets WHERE service_id = {service}"), row.GetProperty("taken").GetInt32());
        Assert.Equal(await app.ScalarAsync($"SELECT count(*) FROM queue_tickets WHERE service_id = {service} AND state = 4"), row.GetProperty("served").GetInt32());
        Assert.Equal(await app.ScalarAsync($"SELECT count(*) FROM queue_tickets WHERE service_id = {service} AND state = 5"), row.GetProperty("noShow").GetInt32());
        Assert.Equal(await app.ScalarAsync($"SELECT round(avg(extract(epoch FROM called_at - taken_at)) / 6) FROM queue_tickets WHERE service_id = {service} AND called_at IS NOT NULL"),
            (long)Math.Round(row.GetProperty("waitAverage").GetDouble() * 10));
        Assert.Equal(await app.ScalarAsync($"SELECT round(avg(extract(epoch FROM served_end_at - served_start_at)) / 6) FROM queue_tickets WHERE service_id = {service} AND state = 4"),
            (long)Math.Round(row.GetProperty("servingAverage").GetDouble() * 10));
        // And by hand: waits 10, 20 and 31 minutes; serving 8 and 10; one answer, "Bình thường" (not shown); 2 served in 8 open hours.
        Assert.Equal(4, row.GetProperty("taken").GetInt32());
        Assert.Equal(2, row.GetProperty("served").GetInt32());
        Assert.Equal(1, row.GetProperty("noShow").GetInt32());
        Assert.Equal(20.3, row.GetProperty("waitAverage").GetDouble());
        Assert.Equal(20.0, row.GetProperty("waitMedian").GetDouble());
        Assert.Equal(31.0, row.GetProperty("waitP90").GetDouble());
        Assert.Equal(9.0, row.GetProperty("servingAverage").GetDouble());
        Assert.Equal(Math.Round(2 / 8.0, 1), row.GetProperty("servedPerOpenHour").GetDouble());
        Assert.Equal(1, row.GetProperty("answered").GetInt32());
        // One answer is that visitor's vote: no share under QueueFigures.MinAnswers (the ratings' smallest cell, 5).
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("neutral").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("satisfied").ValueKind);
        var byCounter = await JsonAsync(await leader.GetAsync($"/api/v1/queue/figures?agency={DemoData.ThuanHoaCode}&by=counter"), HttpStatusCode.OK);
        Assert.Equal(figures.GetProperty("total").GetProperty("taken").GetInt32(), byCounter.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("figures").GetProperty("taken").GetInt32()));
        var byHour = await JsonAsync(await leader.GetAsync($"/api/v1/queue/figures?agency={DemoData.ThuanHoaCode}&by=hour"), HttpStatusCode.OK);
        Assert.Contains(byHour.GetProperty("rows").EnumerateArray(), r => r.GetProperty("key").GetString() == "09");
        await ProblemAsync(await leader.GetAsync("/api/v1/queue/figures?by=ngay"), HttpStatusCode.UnprocessableEntity, field: "by");
        await ProblemAsync(await leader.GetAsync("/api/v1/queue/figures?from=17/13/2025"), HttpStatusCode.UnprocessableEntity, field: "from");
        Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync("thanhtra")).GetAsync($"/api/v1/queue/figures?agency={DemoData.ThuanHoaCode}")).StatusCode);
        // The province centre's leader reads a commune's figures as its 766 index (trial 17v MEDIUM 3; ReportReachTests: another
        // commune's leader does not).
        Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync("lanhdao.trungtam")).GetAsync($"/api/v1/queue/figures?agency={DemoData.ThuanHoaCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync("/api/v1/queue/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync($"/api/v1/queue/figures?agency={DemoData.ThuanHoaCode}")).StatusCode);

        // The dashboard's fragment: the leader's centre today; nothing for a role that does not read the figures.
        var summary = await leader.GetStringAsync("/xep-hang/so-lieu/tom-tat");
        Assert.Contains("Xếp hàng hôm nay", summary);
        Assert.Equal(HttpStatusCode.NoContent, (await desk.GetAsync("/xep-hang/so-lieu/tom-tat")).StatusCode);
        Assert.Contains("hx-get=\"/xep-hang/so-lieu/tom-tat?agency=", await leader.GetStringAsync("/bao-cao/tong-quan"));
    }

    [Fact]
    public async Task An_administrator_enrols_a_kiosk_once_it_prints_tickets_of_its_centre_and_a_revoked_one_prints_none()
    {
        At(2025, 11, 17, 9);
        await ServiceAsync(app, DemoData.PhuXuanCode, 'K', counters: 1);
        var admin = await app.OfficerAsync("quantri");
        var form = await admin.GetStringAsync("/quan-tri/kiosk");
        var created = await admin.PostAsync("/quan-tri/kiosk?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["agency"] = DemoData.PhuXuanCode, ["name"] = "Ki-ốt sảnh Phú Xuân", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form),
        }));
        var page = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var link = System.Text.RegularExpressions.Regex.Match(page, "<code>https?://[^/]+(/kiosk/ghi-danh/[A-Za-z0-9_-]+)</code>").Groups[1].Value;
        Assert.NotEmpty(link);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM kiosk_devices WHERE secret_hash = encode(sha256('{link[(link.LastIndexOf('/') + 1)..]}'::bytea), 'hex') AND enrolled_at IS NULL"));

        // Opening the link changes nothing; "Ghi danh" enrols the device once.
        var device = app.SessionClient();
        var enrol = await device.GetStringAsync(link);
        Assert.Contains("Phú Xuân", enrol);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsync("/kiosk/lay-so", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["service"] = "K", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(enrol) }))).StatusCode);
        var enrolled = await device.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(enrol) }));
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SessionClient().GetAsync(link)).StatusCode);
        var home = await device.GetStringAsync("/kiosk");
        Assert.Contains("/css/kiosk.css", home);
        Assert.DoesNotContain("chưa được ghi danh", home);

        var choose = await device.GetStringAsync("/kiosk/lay-so");
        Assert.Contains("value=\"K\"", choose);
        var printed = await device.PostAsync("/kiosk/lay-so", new FormUrlEncodedContent(new Dictionary<string, string> { ["service"] = "K", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(choose) }));
        var ticket = await printed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, printed.StatusCode);
        Assert.Contains("id=\"so\"", ticket);
        Assert.Contains(">K001<", ticket);
        Assert.Contains("/js/kiosk-print.js", ticket);
        Assert.Contains("src=\"data:image/svg", ticket); // the QR of the ticket's page
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id WHERE s.letter = 'K' AND t.channel = 1 AND t.device_id IS NOT NULL"));

        var id = await app.ScalarAsync("SELECT id FROM kiosk_devices WHERE name = 'Ki-ốt sảnh Phú Xuân'");
        var list = await admin.GetStringAsync("/quan-tri/kiosk");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/quan-tri/kiosk?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(list) }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsync("/kiosk/lay-so", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["service"] = "K", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(choose) }))).StatusCode);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id WHERE s.letter = 'K'"));
        // The kiosk's lookup answers inside the kiosk's layout: KioskLookupTests.
    }

    [Fact]
    public async Task Quota_plus_twenty_remote_tickets_taken_at_once_give_exactly_the_quota()
    {
        At(2025, 11, 17, 9);
        var (service, _) = await ServiceAsync(app, DemoData.PhuXuanCode, 'V', counters: 1);
        // 8 hours open × 1 counter ÷ 8 minutes = 60 a day, half remote: a quota of 30; 50 phones ask at the same instant.
        var phones = Enumerable.Range(0, 50).Select(_ => app.SessionClient()).ToList();
        var responses = await Task.WhenAll(phones.Select(phone => Task.Run(() => TakeAsync(phone, DemoData.PhuXuanCode, new { service = "V" }))));
        var statuses = responses.GroupBy(r => (int)r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(statuses.GetValueOrDefault(201) == 30 && statuses.GetValueOrDefault(409) == 20 && statuses.Count == 2,
            "Mã trả lời: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            await ProblemAsync(refused, HttpStatusCode.Conflict, "https://motcua.vn/problems/remote-quota-reached");
        Assert.Equal(30, await app.ScalarAsync($"SELECT count(*) FROM queue_tickets WHERE service_id = {service} AND channel = 2"));
        // Numbered 1…30 with no gap, and the serial's remote count agrees with the rows.
        Assert.Equal(30, await app.ScalarAsync($"SELECT max(number) FROM queue_tickets WHERE service_id = {service}"));
        Assert.Equal(30, await app.ScalarAsync($"SELECT remote FROM queue_serials WHERE service_id = {service}"));
        // Walk-ins keep their places: the kiosk is not counted against the quota.
        var kiosk = await KioskAsync(app, DemoData.PhuXuanCode);
        Assert.Equal("V031", (await JsonAsync(await TakeAsync(kiosk, DemoData.PhuXuanCode, new { service = "V" }), HttpStatusCode.Created)).GetProperty("number").GetString());
    }

    [Fact]
    public async Task A_phone_without_a_number_holds_one_open_ticket_per_service_by_its_device_cookie()
    {
        At(2025, 11, 17, 9);
        await ServiceAsync(app, DemoData.ThuanHoaCode, 'W', counters: 1);
        await ServiceAsync(app, DemoData.ThuanHoaCode, 'X', counters: 1);
        var phone = app.SessionClient();
        async Task<HttpResponseMessage> PostAsync(HttpClient client, string letter)
        {
            var form = await client.GetStringAsync($"/xep-hang/{DemoData.ThuanHoaCode}");
            return await client.PostAsync($"/xep-hang/{DemoData.ThuanHoaCode}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["service"] = letter, ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form),
            }));
        }
        var first = await PostAsync(phone, "W");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/xep-hang/ve/", first.Headers.Location!.OriginalString);
        var again = await PostAsync(phone, "W");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Contains("thiết bị này đang giữ một số", await again.Content.ReadAsStringAsync());
        // Another service, and another phone, are not held.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(phone, "X")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(app.SessionClient(), "W")).StatusCode);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM queue_tickets WHERE channel = 2 AND device_key IS NOT NULL AND device_key !~ '^[0-9a-f]{64}$'"));
        // Once the ticket is cancelled, the device may take another.
        var page = await phone.GetStringAsync(first.Headers.Location!.OriginalString);
        var cancel = await phone.PostAsync(first.Headers.Location!.OriginalString + "?handler=Cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page) }));
        Assert.True(cancel.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, cancel.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(phone, "W")).StatusCode);
    }
}

/// <summary>Anonymous ticket taking is limited per client address and hour (<c>Motcua:Queue:TicketsPerAddressPerHour</c>):
/// a 429 with Retry-After and a Vietnamese problem; an enrolled kiosk is not counted.</summary>
public class QueueRateLimitTests : IClassFixture<MotCuaApp>
{
    private readonly MotCuaApp app;

    public QueueRateLimitTests(MotCuaApp app)
    {
        app.Settings["Motcua:Queue:TicketsPerAddressPerHour"] = "3";
        this.app = app;
    }

    [Fact]
    public async Task The_fourth_ticket_in_an_hour_from_one_address_gets_a_vietnamese_429_with_retry_after_and_the_kiosk_is_not_limited()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        await QueueTests.ServiceAsync(app, DemoData.PhuXuanCode, 'L', counters: 1);
        var client = app.SessionClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/queue/{DemoData.PhuXuanCode}/tickets", new { service = "L" })).StatusCode);
        var refused = await client.PostAsJsonAsync($"/api/v1/queue/{DemoData.PhuXuanCode}/tickets", new { service = "L" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, refused.Headers.ToString());
        Assert.Contains("quá nhiều số thứ tự", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        // The remote page shares the address's count.
        var form = await client.GetStringAsync($"/xep-hang/{DemoData.PhuXuanCode}");
        var page = await client.PostAsync($"/xep-hang/{DemoData.PhuXuanCode}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["service"] = "L", ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        var kiosk = await QueueTests.KioskAsync(app, DemoData.PhuXuanCode);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Created, (await kiosk.PostAsJsonAsync($"/api/v1/queue/{DemoData.PhuXuanCode}/tickets", new { service = "L" })).StatusCode);
        Assert.Equal(8, await app.ScalarAsync("SELECT count(*) FROM queue_tickets t JOIN queue_services s ON s.id = t.service_id WHERE s.letter = 'L'"));
    }
}
