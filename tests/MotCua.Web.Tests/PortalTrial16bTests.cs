using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, the second fresh trial (TRIAL16b), through the portal simulator process with the outbox worker on: HIGH 1, a
/// dossier taken through several actions while the portal is out, and one refused at intake, reach the portal with each
/// HoSo carrying the due its own event left (not the due restarted later) and each step its own legal due; HIGH 2, a fee
/// the portal collected for a procedure the unit holds free is recorded and flagged for the accountant, and the portal is
/// told it was paid online; MEDIUM 3, the bulk re-push of failures is narrowed by unit and dates, each filter checked;
/// LOW 7, a failed sync's last answer is the refusal.
/// </summary>
public class PortalTrial16bTests
{
    private static readonly string[] Officers = ["tiepnhan.thuanhoa", "congchuc.thuanhoa", "lanhdao.thuanhoa"];

    [Fact]
    public async Task After_an_outage_each_HoSo_and_step_carries_the_due_of_its_own_event()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        await portal.ControlAsync(new { mode = "outage" });
        var pushed = await PushAsync(portal, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 2 });
        var (walkedPortal, walked) = Codes(pushed[0]);
        var (refusedPortal, refused) = Codes(pushed[1]);

        // Accepted, transferred, a supplement asked and received a day later (the due restarts), the step completed.
        foreach (var (path, body, gap) in new (string, object, TimeSpan)[]
        {
            ("accept-online", new { }, TimeSpan.FromMinutes(30)),
            ("transfer", new { }, TimeSpan.FromMinutes(30)),
            ("supplement-request", new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản điện tử mờ" } } }, TimeSpan.FromHours(1)),
            ("supplement-received", new { }, TimeSpan.FromDays(1)),
        })
        {
            app.Clock.Now = app.Clock.Now.Add(gap);
            await ActAsync(await AllowedAsync(app, walked, path), walked, path, body);
        }
        await ActAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), refused, "refuse-online", new { reason = "Hồ sơ không thuộc thẩm quyền giải quyết", legalBasis = "Điều 15 Nghị định 61/2018/NĐ-CP" });
        Assert.True(await app.ScalarAsync($"SELECT count(DISTINCT floor(extract(epoch FROM e.due_at))) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{walked}' AND e.due_at IS NOT NULL") >= 2,
            "hạn trả đã đổi khi nhận bổ sung");

        await portal.ControlAsync(new { mode = "normal" });
        foreach (var code in new[] { walked, refused }) await DrainedAsync(app, code);
        await AssertDuesAsync(app, portal, walked, walkedPortal);
        await AssertDuesAsync(app, portal, refused, refusedPortal);
    }

    [Fact]
    public async Task A_fee_paid_on_the_portal_for_a_free_procedure_is_recorded_flagged_and_reported_paid()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM agency_procedures WHERE procedure_code = '1.001193' AND fee > 0 AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}')"));
        var pushed = await PushAsync(portal, new
        {
            url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, paid = new[] { new { name = "Lệ phí", amount = "50000" } },
        });
        Assert.Equal(201, pushed[0].GetProperty("status").GetInt32());
        var (portalCode, code) = Codes(pushed[0]);
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id
            WHERE d.code = '{code}' AND p.method = 'online' AND p.amount_vnd = 50000 AND p.flag = 'unmatched' AND p.request_id IS NULL
            """));
        // The unit sees it among the dossier's payments, flagged (what the trial found empty).
        var payments = await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        var payment = Assert.Single(payments.GetProperty("payments").EnumerateArray());
        Assert.Equal(("unmatched", 50000L), (payment.GetProperty("flag").GetString(), payment.GetProperty("amountVnd").GetInt64()));
        await DrainedAsync(app, code);
        var hoSo = (await portal.DossierAsync(portalCode))!.Value.GetProperty("hoSo");
        Assert.Equal("1", hoSo.GetProperty("DuocThanhToanTrucTuyen").GetString());
    }

    [Fact]
    public async Task Re_push_of_failures_checks_and_applies_unit_and_dates()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var codes = new Dictionary<string, string>();
        // Each dossier's HoSo refused; its step waits behind it for the re-push (trial 16i MEDIUM 2).
        foreach (var agency in new[] { DemoData.ThuanHoaCode, DemoData.PhuXuanCode })
        {
            await portal.ControlAsync(new { mode = "refuse", field = "TrichYeuHoSo", count = 1 });
            var (_, code) = Codes((await PushAsync(portal, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, agencyCode = agency }))[0]);
            await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND dead_at IS NOT NULL") == 1, $"thư của {code} bị Cổng từ chối");
            codes[agency] = code;
        }
        var admin = await app.OfficerAsync("quantri");
        // LOW 7: failed, with the refusal as the last answer.
        var state = await (await app.OfficerAsync("tiepnhan.phuxuan")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{codes[DemoData.PhuXuanCode]}/sync");
        Assert.Equal("failed", state.GetProperty("state").GetString());
        Assert.Contains("TrichYeuHoSo", state.GetProperty("lastAnswer").GetString(), StringComparison.Ordinal);
        foreach (var (field, body) in new (string, object)[]
        {
            ("agency", new { state = "failed", agency = "nope" }),
            ("from", new { state = "failed", from = "abc" }),
            ("to", new { state = "failed", to = "9999-12-31" }),
        })
        {
            var refused = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(2, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND dead_at IS NOT NULL"));

        // A day after both submissions: nothing. Thuận Hóa's failures: only its dossier; Phú Xuân's stays failed.
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(await app.ScalarAsync(
            $"SELECT floor(extract(epoch FROM max(submitted_at)))::bigint FROM dossiers WHERE code IN ('{codes[DemoData.ThuanHoaCode]}', '{codes[DemoData.PhuXuanCode]}')")).ToOffset(TimeSpan.FromHours(7)).DateTime);
        var later = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { state = "failed", from = day.AddDays(1).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        Assert.Equal(0, (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dossiers").GetInt32());
        var one = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { state = "failed", agency = DemoData.ThuanHoaCode, from = day.ToString("yyyy-MM-dd"), to = day.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
        Assert.Equal(1, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dossiers").GetInt32());
        await DrainedAsync(app, codes[DemoData.ThuanHoaCode]);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{codes[DemoData.PhuXuanCode]}' AND dead_at IS NOT NULL"));
    }

    // Every HoSo the portal accepted for the dossier matches, in order, the events that send one (the first and each status
    // change) and carries the due that event left (the last one kept at or before it); every step its event's step due, else that due.
    private static async Task AssertDuesAsync(MotCuaApp app, NationalPortalProcess portal, string code, string portalCode)
    {
        var events = new List<(bool HoSo, string Due, string StepDue)>();
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using (var command = new Npgsql.NpgsqlCommand($"""
            SELECT from_status IS NULL OR from_status <> to_status,
                   floor(extract(epoch FROM max(due_at) OVER (PARTITION BY grp)))::bigint, floor(extract(epoch FROM step_due_at))::bigint
            FROM (SELECT e.*, count(e.due_at) OVER (ORDER BY e.at, e.id) AS grp FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
                  WHERE d.code = '{code}') e ORDER BY at, id
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var due = PortalFormat.Instant(DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)));
                events.Add((reader.GetBoolean(0), due, reader.IsDBNull(2) ? due : PortalFormat.Instant(DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)))));
            }
        var calls = (await portal.ReceivedAsync(portalCode)).Where(c => c.GetProperty("errorCode").GetString() == "0").ToList();
        var hoSos = calls.Where(c => c.GetProperty("service").GetString() == PortalPayload.DossierService)
            .Select(c => c.GetProperty("body").GetProperty("data")[0].GetProperty("NgayHenTra").GetString()).ToList();
        var steps = calls.Where(c => c.GetProperty("service").GetString() == PortalPayload.StepService)
            .Select(c => c.GetProperty("body").GetProperty("data")[0].GetProperty("NgayKetThucTheoQuyDinh").GetString()).ToList();
        Assert.Equal(events.Where(e => e.HoSo).Select(e => e.Due), hoSos);
        Assert.Equal(events.Select(e => e.StepDue), steps);
    }

    private static (string PortalCode, string Code) Codes(JsonElement pushed) =>
        (pushed.GetProperty("portalCode").GetString()!, pushed.GetProperty("answer").GetProperty("code").GetString()!);

    private static async Task<List<JsonElement>> PushAsync(NationalPortalProcess portal, object command)
    {
        var push = await portal.Client.PostAsJsonAsync("/control/push", command);
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        return [.. (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed").EnumerateArray()];
    }

    private static async Task ActAsync(HttpClient by, string code, string path, object body)
    {
        var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task DrainedAsync(MotCuaApp app, string code) =>
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0
            && await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE (ordering_key IN ('dvcqg:{code}', 'dossier:{code}') OR ordering_key LIKE 'dvcqg-tep:{code}:%') AND delivered_at IS NULL AND dead_at IS NULL") == 0,
            $"mọi thư của hồ sơ {code} đã gửi lên Cổng");

    // The Thuận Hóa officer who may take the action now (the API's names of the actions).
    private static async Task<HttpClient> AllowedAsync(MotCuaApp app, string code, string path)
    {
        var action = path switch { "accept-online" => "acceptOnline", "supplement-request" => "requestSupplement", "supplement-received" => "supplementReceived", _ => path };
        foreach (var officer in Officers)
        {
            var client = await app.OfficerAsync(officer);
            var allowed = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("processing").GetProperty("allowedActions")
                .EnumerateArray().Select(a => a.GetString()).ToList();
            if (allowed.Contains(action)) return client;
        }
        throw new Xunit.Sdk.XunitException($"{code}: không cán bộ nào được {action} lúc này");
    }
}
