using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// The queue's administration over real HTTP and PostgreSQL (docs/CITIZENS.md "Queue administration"):
/// <c>PUT /api/v1/admin/queue/{agency}</c> is idempotent and audited once, refuses bad input with 422 naming the field and
/// writes nothing, keeps (closed) what tickets refer to; a service's remote quota bounds the remote tickets; the page
/// /quan-tri/xep-hang adds and closes; a closed counter is not offered at the desk; and "Xong" after intake links the
/// dossier received to the ticket.
/// </summary>
public class QueueAdministrationTests : IClassFixture<MotCuaApp>
{
    private readonly MotCuaApp app;
    private const string PhuXuan = "000.10.02.H46";

    public QueueAdministrationTests(MotCuaApp app)
    {
        app.Settings["Motcua:Queue:TicketsPerAddressPerHour"] = "100000";
        this.app = app;
    }

    private void At(int hour) => app.Clock.Now = new DateTimeOffset(2025, 11, 17, hour, 0, 0, VietnamTime.Offset);

    private static object Configuration(int? quota = null, params object[] counters) => new
    {
        services = new object[]
        {
            new { letter = "A", name = "Hộ tịch", fields = new[] { "Hộ tịch", "Chứng thực" }, remoteQuota = quota, active = true },
            new { letter = "B", name = "Đất đai", fields = Array.Empty<string>(), remoteQuota = (int?)null, active = true },
        },
        counters = counters.Length > 0 ? counters : new object[]
        {
            new { number = 1, name = "Quầy hộ tịch", services = new[] { "A" }, closed = false },
            new { number = 2, name = "", services = new[] { "A", "B" }, closed = false },
        },
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private Task<long> AuditRowsAsync(string code) => app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'queue.configure' AND subject = 'agency:{code}'");

    [Fact]
    public async Task The_whole_configuration_is_put_idempotently_audited_once_and_what_tickets_use_is_closed_not_deleted()
    {
        At(9);
        var admin = await app.OfficerAsync("quantri");
        var saved = await JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/queue/{PhuXuan}", Configuration()), HttpStatusCode.OK);
        Assert.Equal(2, saved.GetProperty("configuration").GetProperty("services").GetArrayLength());
        Assert.Equal(1, await AuditRowsAsync(PhuXuan));
        var again = await JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/queue/{PhuXuan}", Configuration()), HttpStatusCode.OK);
        Assert.Equal(saved.ToString(), again.ToString());
        Assert.Equal(1, await AuditRowsAsync(PhuXuan));
        Assert.Equal(saved.ToString(), (await JsonAsync(await admin.GetAsync($"/api/v1/admin/queue/{PhuXuan}"), HttpStatusCode.OK)).ToString());
        Assert.Contains("/api/v1/admin/queue/{agency}", await (await admin.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A ticket of B called at counter 2: leaving B and counter 2 out keeps them, closed; counter 1 (no ticket) goes.
        Assert.Equal(HttpStatusCode.Created, (await QueueTests.TakeAsync(app.SessionClient(), PhuXuan, new { service = "B" })).StatusCode);
        var counter2 = await app.ScalarAsync($"SELECT c.id FROM queue_counters c JOIN agencies a ON a.id = c.agency_id WHERE a.code = '{PhuXuan}' AND c.number = 2");
        var desk = await app.OfficerAsync("tiepnhan.phuxuan");
        Assert.Equal("B001", (await JsonAsync(await desk.PostAsync($"/api/v1/queue/counters/{counter2}/call-next", null), HttpStatusCode.OK)).GetProperty("number").GetString());
        var reduced = new
        {
            services = new object[] { new { letter = "A", name = "Hộ tịch", fields = Array.Empty<string>(), remoteQuota = (int?)null, active = true } },
            counters = new object[] { new { number = 3, name = "Quầy mới", services = new[] { "A" }, closed = false } },
        };
        var after = (await JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/queue/{PhuXuan}", reduced), HttpStatusCode.OK)).GetProperty("configuration");
        var services = after.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("letter").GetString()!, s => s.GetProperty("active").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["A"] = true, ["B"] = false }, services);
        var counters = after.GetProperty("counters").EnumerateArray().ToDictionary(c => c.GetProperty("number").GetInt32(), c => c.GetProperty("closed").GetBoolean());
        Assert.Equal(new Dictionary<int, bool> { [2] = true, [3] = false }, counters);
        Assert.Equal(2, await AuditRowsAsync(PhuXuan));
        // The closed counter calls nobody and is not offered at the desk; B gives no ticket.
        var closed = await desk.PostAsync($"/api/v1/queue/counters/{counter2}/call-next", null);
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.DoesNotContain("Quầy 2", await desk.GetStringAsync("/quay/goi"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await QueueTests.TakeAsync(app.SessionClient(), PhuXuan, new { service = "B" })).StatusCode);
    }

    [Theory]
    [InlineData("duplicate-letter", "services[1].letter")]
    [InlineData("unknown-service", "counters[0].services[0]")]
    [InlineData("duplicate-counter", "counters[1].number")]
    [InlineData("negative-quota", "services[0].remoteQuota")]
    [InlineData("no-services-list", "services")]
    [InlineData("open-counter-of-stopped-service", "counters[0].services")]
    public async Task Bad_input_is_a_422_naming_the_field_and_changes_nothing(string kind, string field)
    {
        var admin = await app.OfficerAsync("quantri");
        const string code = "000.10.04.H46";
        var before = (await JsonAsync(await admin.GetAsync($"/api/v1/admin/queue/{code}"), HttpStatusCode.OK)).ToString();
        object body = kind switch
        {
            "duplicate-letter" => new { services = new[] { new { letter = "A", name = "X" }, new { letter = "A", name = "Y" } }, counters = Array.Empty<object>() },
            "unknown-service" => new { services = new[] { new { letter = "A", name = "X" } }, counters = new[] { new { number = 1, services = new[] { "Z" } } } },
            "duplicate-counter" => new { services = new[] { new { letter = "A", name = "X" } }, counters = new[] { new { number = 1, services = new[] { "A" } }, new { number = 1, services = new[] { "A" } } } },
            "negative-quota" => new { services = new[] { new { letter = "A", name = "X", remoteQuota = -1 } }, counters = Array.Empty<object>() },
            "no-services-list" => new { counters = Array.Empty<object>() },
            _ => new { services = new[] { new { letter = "A", name = "X", active = false } }, counters = new[] { new { number = 1, services = new[] { "A" } } } },
        };
        var response = await admin.PutAsJsonAsync($"/api/v1/admin/queue/{code}", body);
        var problem = await JsonAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await JsonAsync(await admin.GetAsync($"/api/v1/admin/queue/{code}"), HttpStatusCode.OK)).ToString());
        Assert.Equal(0, await AuditRowsAsync(code));
    }

    [Fact]
    public async Task Only_the_administrator_configures_and_an_unknown_agency_is_404()
    {
        foreach (var user in new[] { "tiepnhan.trungtam", "lanhdao.trungtam", "thanhtra" })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync(user)).PutAsJsonAsync($"/api/v1/admin/queue/{DemoData.CentreCode}", Configuration())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().PutAsJsonAsync($"/api/v1/admin/queue/{DemoData.CentreCode}", Configuration())).StatusCode);
        var admin = await app.OfficerAsync("quantri");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/admin/queue/000.99.99.H46", Configuration())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/quan-tri/xep-hang?co-quan=000.99.99.H46")).StatusCode);
    }

    [Fact]
    public async Task A_service_remote_quota_set_by_the_centre_bounds_its_remote_tickets()
    {
        At(9);
        var admin = await app.OfficerAsync("quantri");
        const string code = "000.10.03.H46";
        await JsonAsync(await admin.PutAsJsonAsync($"/api/v1/admin/queue/{code}", Configuration(quota: 2)), HttpStatusCode.OK);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await QueueTests.TakeAsync(app.SessionClient(), code, new { service = "A" })).StatusCode);
        var refused = await QueueTests.TakeAsync(app.SessionClient(), code, new { service = "A" });
        var problem = await JsonAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("https://motcua.vn/problems/remote-quota-reached", problem.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Created, (await QueueTests.TakeAsync(await QueueTests.KioskAsync(app, code), code, new { service = "A" })).StatusCode);
    }

    [Fact]
    public async Task The_page_adds_a_service_and_a_counter_and_closes_the_counter()
    {
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync($"/quan-tri/xep-hang?co-quan={DemoData.ThuanHoaCode}");
        Assert.Contains("id=\"dv-A\"", page);
        async Task<HttpResponseMessage> PostAsync(string handler, Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page);
            fields["co-quan"] = DemoData.ThuanHoaCode;
            return await admin.PostAsync($"/quan-tri/xep-hang?handler={handler}", new FormUrlEncodedContent(fields));
        }
        var added = await PostAsync("Service", new() { ["chu"] = "q", ["ten"] = "Người có công", ["linh-vuc"] = "Người có công, Bảo trợ xã hội", ["so-truc-tuyen"] = "10", ["dang-dung"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        page = await admin.GetStringAsync(added.Headers.Location!.OriginalString);
        Assert.Contains("Đã lưu dịch vụ Q.", page);
        Assert.Equal(10, await app.ScalarAsync($"SELECT remote_quota FROM queue_services s JOIN agencies a ON a.id = s.agency_id WHERE a.code = '{DemoData.ThuanHoaCode}' AND s.letter = 'Q'"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("Counter", new() { ["so"] = "9", ["ten"] = "Quầy chính sách", ["dich-vu"] = "Q" })).StatusCode);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Contains("Quầy 9", await desk.GetStringAsync("/quay/goi"));
        // An unknown letter for the counter is refused beside nothing saved; closing takes it off the desk.
        var refused = await PostAsync("Counter", new() { ["so"] = "9", ["dich-vu"] = "Y" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Không có dịch vụ “Y”", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("Counter", new() { ["so"] = "9", ["dich-vu"] = "Q", ["dong"] = "true" })).StatusCode);
        Assert.DoesNotContain("Quầy 9", await desk.GetStringAsync("/quay/goi"));
        Assert.Equal(3, await AuditRowsAsync(DemoData.ThuanHoaCode));
    }

    [Fact]
    public async Task Xong_after_intake_links_the_dossier_received_to_the_ticket()
    {
        At(10);
        var (_, counters) = await QueueTests.ServiceAsync(app, DemoData.ThuanHoaCode, 'X', counters: 1);
        Assert.Equal(HttpStatusCode.Created, (await QueueTests.TakeAsync(app.SessionClient(), DemoData.ThuanHoaCode, new { service = "X" })).StatusCode);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var ticket = (await JsonAsync(await desk.PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null), HttpStatusCode.OK)).GetProperty("id").GetInt64();
        await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/start", null), HttpStatusCode.OK);

        var form = await desk.GetStringAsync("/tiep-nhan?thutuc=1.001193");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["thutuc"] = "1.001193", ["decision"] = "receive", ["ReceiveIncomplete"] = "true",
            ["Documents[0].Name"] = "Giấy chứng sinh", ["Documents[0].Received"] = "true", ["Documents[0].Originals"] = "1", ["Documents[0].Copies"] = "0",
            ["FullName"] = "Trần Quốc Việt", ["IdNumber"] = "046090000111", ["Phone"] = "0914222333", ["Address"] = "5 Hùng Vương, phường Thuận Hóa",
            ["Channel"] = "direct", ["Sets"] = "1",
        };
        foreach (var (key, value) in Requests.BirthRegistrationForm) fields[$"Form[{key}]"] = value!;
        var received = await desk.PostAsync("/tiep-nhan?thutuc=1.001193", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, received.StatusCode);
        var location = received.Headers.Location!.OriginalString;
        var code = location[7..location.IndexOf('?', StringComparison.Ordinal)];

        // The panel names the dossier before "Xong"; "Xong" links it, and the ticket's answer carries it.
        Assert.Contains($"id=\"ho-so-cua-so\">Hồ sơ vừa tiếp nhận: <a href=\"/ho-so/{code}\">", await desk.GetStringAsync("/quay/goi"));
        var done = await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{ticket}/done", null), HttpStatusCode.OK);
        Assert.Equal(code, done.GetProperty("dossier").GetString());
        Assert.Equal(await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'"), await app.ScalarAsync($"SELECT dossier_id FROM queue_tickets WHERE id = {ticket}"));

        // The next holder served without intake gets no dossier (the first's is not linked twice).
        Assert.Equal(HttpStatusCode.Created, (await QueueTests.TakeAsync(app.SessionClient(), DemoData.ThuanHoaCode, new { service = "X" })).StatusCode);
        var next = (await JsonAsync(await desk.PostAsync($"/api/v1/queue/counters/{counters[0]}/call-next", null), HttpStatusCode.OK)).GetProperty("id").GetInt64();
        await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{next}/start", null), HttpStatusCode.OK);
        var second = await JsonAsync(await desk.PostAsync($"/api/v1/queue/tickets/{next}/done", null), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("dossier").ValueKind);
    }
}
