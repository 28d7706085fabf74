using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, session 24, through the portal simulator process: a dossier's events all recorded while nothing reaches the
/// portal (the app's outbox worker off: a backlog), then a second instance of the app on the same database with the worker
/// on expands and sends every event late. Each HoSo must still be the dossier as its own event left it: DonViXuLy the
/// agency holding it once that event was done (a hand-off to the city's centre and back), TaiLieuNop without a document a
/// later supplement's answer brought.
/// </summary>
public class PortalBacklogStateTests
{
    [Fact]
    public async Task A_backlog_sent_after_a_hand_off_names_in_each_HoSo_the_agency_holding_the_dossier_at_its_event()
    {
        using var portal = new NationalPortalProcess();
        using var app = new MotCuaApp();
        _ = app.BaseAddress;
        // Khai sinh (1.001193) at phường Thuận Hóa, resolved by the city's centre (a hand-off up a level, liên thông).
        string Step(string name, string kind, string performer, string? agencyCode = null) =>
            JsonSerializer.Serialize(new { name, kind, performer, allowance = new { amount = 4, unit = "workingHours" }, maySendBack = false, agencyCode });
        var process = "{\"steps\":[" + string.Join(",",
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa phường"),
            Step("Giải quyết tại Trung tâm Phục vụ hành chính công", "handoff", "Trung tâm Phục vụ hành chính công thành phố", DemoData.CentreCode),
            Step("Trả kết quả", "result", "Bộ phận Một cửa phường")) + "]}";
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = '{process}'::jsonb
            WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}') RETURNING 1
            """));
        var (portalCode, code) = Codes(await PushAsync(portal, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 }));
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var centre = await app.OfficerAsync("tiepnhan.trungtam");
        foreach (var (by, path, body) in new (HttpClient, string, object)[]
        {
            (desk, "accept-online", new { }),
            (desk, "transfer", new { }),
            (centre, "complete-step", new { note = "Đã giải quyết, gửi kết quả về phường" }),
            (desk, "result-ready", new { }),
        })
        {
            app.Clock.Now = app.Clock.Now.AddMinutes(30);
            await ActAsync(by, code, path, body);
        }

        await SendBacklogAsync(app, portal, code);
        var ward = await NameAsync(app, DemoData.ThuanHoaCode);
        var city = await NameAsync(app, DemoData.CentreCode);
        // The HoSos in the order of the events that send one (the first and each change of status): the ward until the
        // transfer, the centre from the transfer while it resolves, the ward again once the result is back at its desk.
        var sent = (await HoSosAsync(portal, portalCode)).Select(h => (h.GetProperty("TrangThaiHoSo").GetString()!, h.GetProperty("DonViXuLy").GetString()!)).ToList();
        var expected = (await ActionsSendingHoSoAsync(app, code)).Select(a => (a.Status, a.Action == "transfer" ? city : ward)).ToList();
        Assert.Equal(["submit", "accept", "transfer", "result-ready"], (await ActionsSendingHoSoAsync(app, code)).Select(a => a.Action));
        Assert.Equal(expected, sent);
    }

    [Fact]
    public async Task A_backlog_sent_after_a_supplement_answered_with_a_file_leaves_that_document_out_of_the_earlier_HoSos()
    {
        using var portal = new NationalPortalProcess();
        using var app = new MotCuaApp();
        var (portalCode, code) = Codes(await PushAsync(portal, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 }));
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        const string added = "Giấy xác nhận cư trú";
        app.Clock.Now = app.Clock.Now.AddMinutes(30);
        await ActAsync(desk, code, "supplement-request", new { items = new[] { new { document = added, reason = "Chưa đính kèm" } } });
        // The portal's answer: the dossier pushed again with the missing file, which the portal serves.
        app.Clock.Now = app.Clock.Now.AddHours(2);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.PutAsync("/tep/xac-nhan-cu-tru.pdf", new ByteArrayContent(PortalRoundFiveTests.PortalPdf()))).StatusCode);
        var answer = await PushAsync(portal, new
        {
            url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, portalCode,
            files = new[] { new { name = added, file = "xac-nhan-cu-tru.pdf" } },
        });
        Assert.True(answer.GetProperty("status").GetInt32() == 200, answer.ToString());
        app.Clock.Now = app.Clock.Now.AddMinutes(30);
        await ActAsync(desk, code, "accept-online", new { });

        await SendBacklogAsync(app, portal, code);
        var sent = (await HoSosAsync(portal, portalCode)).Select(h => (h.GetProperty("TrangThaiHoSo").GetString()!,
            h.GetProperty("TaiLieuNop").EnumerateArray().Any(d => d.GetProperty("TenTepDinhKem").GetString() == added))).ToList();
        // Submitted and asked without it; answered and accepted with it.
        Assert.Equal([("1", false), ("5", false), ("1", true), ("2", true)], sent);
        Assert.Equal(["submit", "supplement-request", "supplement-received", "accept"], (await ActionsSendingHoSoAsync(app, code)).Select(a => a.Action));
    }

    // Nothing was expanded while the worker was off; a second instance with the worker on expands every event now, late,
    // and sends it. Waits until no row of the dossier is left to send (HoSosAsync then checks the portal accepted each).
    private static async Task SendBacklogAsync(MotCuaApp app, NationalPortalProcess portal, string code)
    {
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'"));
        using var worker = app.SecondInstance();
        worker.Settings["Motcua:Outbox:Enabled"] = "true";
        worker.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        portal.Configure(worker);
        worker.Clock.Now = app.Clock.Now.AddHours(1);
        _ = worker.BaseAddress;
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0
            && await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE (ordering_key IN ('dvcqg:{code}', 'dossier:{code}') OR ordering_key LIKE 'dvcqg-tep:{code}:%') AND delivered_at IS NULL AND dead_at IS NULL") == 0,
            $"mọi thư của hồ sơ {code} đã gửi lên Cổng");
    }

    // The HoSos the portal accepted for the dossier, in the order it received them; every call accepted.
    private static async Task<List<JsonElement>> HoSosAsync(NationalPortalProcess portal, string portalCode)
    {
        var calls = await portal.ReceivedAsync(portalCode);
        Assert.All(calls, c => Assert.True(c.GetProperty("errorCode").GetString() == "0", c.GetProperty("message").GetString()));
        return [.. calls.Where(c => c.GetProperty("service").GetString() == PortalPayload.DossierService).Select(c => c.GetProperty("body").GetProperty("data")[0])];
    }

    // The dossier's events that send a HoSo (its first, and each that changed the status): action and national status code.
    private static async Task<List<(string Action, string Status)>> ActionsSendingHoSoAsync(MotCuaApp app, string code)
    {
        var actions = new List<(string, string)>();
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"""
            SELECT e.action, e.to_status::text FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
            WHERE d.code = '{code}' AND (e.from_status IS NULL OR e.from_status <> e.to_status) ORDER BY e.at, e.id
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) actions.Add((reader.GetString(0), reader.GetString(1)));
        return actions;
    }

    private static async Task<string> NameAsync(MotCuaApp app, string agencyCode)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT name FROM agencies WHERE code = '{agencyCode}'", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static (string PortalCode, string Code) Codes(JsonElement pushed) =>
        (pushed.GetProperty("portalCode").GetString()!, pushed.GetProperty("answer").GetProperty("code").GetString()!);

    private static async Task<JsonElement> PushAsync(NationalPortalProcess portal, object command)
    {
        var push = await portal.Client.PostAsJsonAsync("/control/push", command);
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        return (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
    }

    private static async Task ActAsync(HttpClient by, string code, string path, object body)
    {
        var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
    }
}
