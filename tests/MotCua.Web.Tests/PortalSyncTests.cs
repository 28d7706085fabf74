using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, the National Public Service Portal sync out, over real HTTP against the portal simulator run as a process
/// (tools/MotCua.NationalPortal), with the outbox worker on: every kind of state change of a dossier reaches the portal,
/// every field accepted by the simulator's checks (generated from the field list), in the order of the dossier's events;
/// a ten-minute outage loses nothing; a refusal shows on the sync state and the administration page; a re-push is safe.
/// </summary>
public class PortalSyncTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    private static readonly JsonObject FieldList = JsonNode.Parse(File.ReadAllText(
        Path.Combine(MotCuaApp.RepoRoot(), "tests", "data", "dvcqg", "dvcqg_dossier_sync_fields.json")))!.AsObject();

    // Each action of the processing API (its allowedActions name), its path and a body that satisfies it.
    private static readonly Dictionary<string, (string Path, object Body)> Actions = new()
    {
        ["acceptOnline"] = ("accept-online", new { }),
        ["refuseOnline"] = ("refuse-online", new { reason = "Hồ sơ không thuộc thẩm quyền giải quyết", legalBasis = "Điều 15 Nghị định 61/2018/NĐ-CP" }),
        ["transfer"] = ("transfer", new { }),
        ["completeStep"] = ("complete-step", new { note = "Đã thẩm định, hồ sơ hợp lệ" }),
        ["sendBack"] = ("complete-step", new { note = "Cần xem lại tên người mẹ", sendBack = true }),
        ["approve"] = ("approve", new { note = "Đồng ý" }),
        ["refuseOnMerits"] = ("refuse", new { reason = "Người yêu cầu không có quyền đăng ký khai sinh cho trẻ" }),
        ["resultReady"] = ("result-ready", new { }),
        ["return"] = ("return", new { method = "post", receivedBy = "Nguyễn Văn An", dispatchNumber = "EB123456789VN" }),
        ["requestSupplement"] = ("supplement-request", new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp mờ" } } }),
        ["supplementReceived"] = ("supplement-received", new { }),
        ["requireFinancialObligation"] = ("financial-obligation", new { note = "Nộp lệ phí đăng ký", amountVnd = 8000, kind = "charge" }),
        ["paymentReceived"] = ("payment-received", new { note = "Đã nộp" }),
        ["withdraw"] = ("withdraw", new { reason = "Công dân xin rút hồ sơ" }),
        ["stop"] = ("stop", new { reason = "Theo yêu cầu rút hồ sơ của công dân" }),
    };

    /// <summary>Journeys that together take every action above: a full one, an online one refused on the merits after a
    /// step sent back, a refusal at intake, a supplement then a financial obligation, a withdrawal, a stop for want of a
    /// supplement.</summary>
    public static TheoryData<string, string, string[]> Journeys() => new()
    {
        { "full", "direct", ["transfer", "completeStep", "approve", "resultReady", "return"] },
        { "online-refused-on-merits", "online", ["acceptOnline", "transfer", "completeStep", "sendBack", "completeStep", "refuseOnMerits", "resultReady", "return"] },
        { "refused-at-intake", "online", ["refuseOnline"] },
        { "supplement-and-payment", "postal", ["transfer", "requestSupplement", "supplementReceived", "requireFinancialObligation", "paymentReceived", "completeStep", "approve", "resultReady", "return"] },
        { "withdrawn", "direct", ["transfer", "withdraw", "stop"] },
        { "stopped-waiting", "direct", ["transfer", "requestSupplement", "stop"] },
    };

    private static MotCuaApp App(NationalPortalProcess portal)
    {
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:FirstRetrySeconds"] = "30";
        portal.Configure(app);
        return app;
    }

    private static async Task<string> SubmitAsync(MotCuaApp app, string channel, int n, string procedure = "1.001193")
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: procedure, channel: channel, idNumber: $"0460950{n:D5}"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    // Takes the journey's actions one after the other, each by whichever Thuận Hóa officer may take it then, a minute apart.
    private static async Task WalkAsync(MotCuaApp app, string code, IEnumerable<string> actions, TimeSpan? gap = null)
    {
        foreach (var action in actions)
        {
            app.Clock.Now = app.Clock.Now.Add(gap ?? TimeSpan.FromMinutes(1));
            HttpClient? by = null;
            foreach (var officer in new[] { "tiepnhan.thuanhoa", "congchuc.thuanhoa", "lanhdao.thuanhoa" })
            {
                var client = await app.OfficerAsync(officer);
                var allowed = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("processing").GetProperty("allowedActions")
                    .EnumerateArray().Select(a => a.GetString());
                if (allowed.Contains(action)) { by = client; break; }
            }
            Assert.True(by is not null, $"{code}: không cán bộ nào được {action} lúc này");
            var (path, body) = Actions[action];
            var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static Task<long> OpenRowsAsync(MotCuaApp app, string code) => app.ScalarAsync(
        $"SELECT count(*) FROM outbox WHERE (ordering_key = 'dvcqg:{code}' OR ordering_key = 'dossier:{code}') AND delivered_at IS NULL AND dead_at IS NULL");

    private static Task DrainedAsync(MotCuaApp app, string code) =>
        Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0 && await OpenRowsAsync(app, code) == 0,
            $"mọi thư của hồ sơ {code} đã gửi lên Cổng");

    /// <summary>What the portal must hold for <paramref name="code"/>: every call accepted, one HoSo per change of status in the
    /// order of the dossier's events, one step per event in order with its actor and status, the last HoSo with exactly the
    /// field list's keys.</summary>
    private async Task AssertReceivedInOrderAsync(MotCuaApp app, NationalPortalProcess portal, string code)
    {
        var calls = await portal.ReceivedAsync(code);
        var refused = calls.Where(c => c.GetProperty("errorCode").GetString() != "0").Select(c => c.GetProperty("message").GetString()).ToList();
        Assert.True(refused.Count == 0, $"{code}: Cổng từ chối: {string.Join(" | ", refused)}");
        var held = (await portal.DossierAsync(code))!.Value;
        var events = await EventsAsync(app, code);
        var statuses = new List<string>();
        foreach (var e in events) if (statuses.Count == 0 || statuses[^1] != e.Status) statuses.Add(e.Status);
        Assert.Equal(statuses, held.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!));
        var steps = held.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(events.Select(e => (e.Status, e.Actor)), steps.Select(s => (s.GetProperty("TrangThai").GetString()!, s.GetProperty("NguoiXuLy").GetString()!)));
        var hoSo = held.GetProperty("hoSo");
        Assert.Equal(FieldList["HoSo"]!.AsObject().Select(p => p.Key).Order(), hoSo.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(events[^1].Status, hoSo.GetProperty("TrangThaiHoSo").GetString());
        // Each message reached the portal once: the ids of the accepted calls are distinct.
        var ids = calls.Select(c => c.GetProperty("messageId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static async Task<List<(string Status, string Actor)>> EventsAsync(MotCuaApp app, string code)
    {
        var list = new List<(string, string)>();
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT e.to_status, e.actor_name FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = $1 ORDER BY e.at, e.id", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add((reader.GetInt16(0).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1)));
        return list;
    }

    // The inspector reads every dossier, so its sync state (GET …/sync answers whoever may read the dossier).
    private static async Task<JsonElement> SyncAsync(MotCuaApp app, string code)
    {
        var reader = await app.OfficerAsync("thanhtra");
        var response = await reader.GetAsync($"/api/v1/dossiers/{code}/sync");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [MemberData(nameof(Journeys))]
    public async Task Every_state_change_of_a_journey_reaches_the_portal_accepted_and_in_order(string journey, string channel, string[] actions)
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        var code = await SubmitAsync(app, channel, journey.Length);
        await WalkAsync(app, code, actions);
        await DrainedAsync(app, code);
        await AssertReceivedInOrderAsync(app, portal, code);
        var sync = await SyncAsync(app, code);
        Assert.Equal("synced", sync.GetProperty("state").GetString());
        Assert.Equal(code, sync.GetProperty("portalCode").GetString());
        Assert.Contains("thành công", sync.GetProperty("lastAnswer").GetString());
        output.WriteLine($"{journey}: {code}, {(await portal.ReceivedAsync(code)).Count} lần gọi Cổng, đều được chấp nhận; {sync.GetProperty("attempts").GetInt32()} lần gửi.");
    }

    [Fact]
    public async Task A_financial_obligation_reaches_the_portal_as_its_fee_or_charge_and_a_levy_does_not()
    {
        // Trial 16f MEDIUM 2: a lệ phí asked at status 6 never reached DanhSachLePhi and the portal read "0" (nothing due).
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        var charged = await SubmitAsync(app, "direct", 61);
        await WalkAsync(app, charged, ["transfer", "requireFinancialObligation"]);
        await DrainedAsync(app, charged);
        await AssertReceivedInOrderAsync(app, portal, charged);
        var waiting = (await portal.DossierAsync(charged))!.Value.GetProperty("hoSo");
        Assert.Equal("6", waiting.GetProperty("TrangThaiHoSo").GetString());
        var item = Assert.Single(waiting.GetProperty("DanhSachLePhi").EnumerateArray());
        Assert.Equal(("Nộp lệ phí đăng ký", "8000", "2"), (item.GetProperty("TenPhiLePhi").GetString(), item.GetProperty("Gia").GetString(), item.GetProperty("LoaiPhiLePhi").GetString()));
        Assert.Equal("3", waiting.GetProperty("DuocThanhToanTrucTuyen").GetString());
        // The officer records it paid at the treasury: the pause ends, the charge stays listed, nothing is due any more.
        await WalkAsync(app, charged, ["paymentReceived"]);
        await DrainedAsync(app, charged);
        var resumed = (await portal.DossierAsync(charged))!.Value.GetProperty("hoSo");
        Assert.Equal(("4", 1, "0"), (resumed.GetProperty("TrangThaiHoSo").GetString(), resumed.GetProperty("DanhSachLePhi").GetArrayLength(),
            resumed.GetProperty("DuocThanhToanTrucTuyen").GetString()));

        var levied = await SubmitAsync(app, "direct", 62);
        await WalkAsync(app, levied, ["transfer"]);
        var officer = await app.OfficerAsync("congchuc.thuanhoa");
        var levy = await officer.PostAsJsonAsync($"/api/v1/dossiers/{levied}/financial-obligation", new { note = "Tiền sử dụng đất", amountVnd = 5_000_000, kind = "levy" });
        Assert.True(levy.IsSuccessStatusCode, await levy.Content.ReadAsStringAsync());
        await DrainedAsync(app, levied);
        var levyHoSo = (await portal.DossierAsync(levied))!.Value.GetProperty("hoSo");
        Assert.Equal(("6", 0), (levyHoSo.GetProperty("TrangThaiHoSo").GetString(), levyHoSo.GetProperty("DanhSachLePhi").GetArrayLength()));
    }

    [Fact]
    public async Task A_full_journey_of_every_procedure_adopted_at_the_commune_reaches_the_portal()
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        var thuanHoa = await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}'");
        var procedures = new List<string>();
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"SELECT procedure_code FROM agency_procedures WHERE agency_id = {thuanHoa} ORDER BY procedure_code", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) procedures.Add(reader.GetString(0));
        }
        Assert.NotEmpty(procedures);
        var codes = new List<string>();
        for (var i = 0; i < procedures.Count; i++)
        {
            var code = await SubmitAsync(app, "direct", 100 + i, procedures[i]);
            await WalkAsync(app, code, ["transfer"]);
            // The procedure's own process: complete every step until approval, then the result.
            for (var guard = 0; guard < 8; guard++)
            {
                var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
                var status = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("status").GetInt32();
                if (status == 10) break;
                var next = status == 9 ? "return" : await NextAsync(app, code);
                await WalkAsync(app, code, [next]);
            }
            codes.Add(code);
        }
        foreach (var code in codes)
        {
            await DrainedAsync(app, code);
            await AssertReceivedInOrderAsync(app, portal, code);
        }
        output.WriteLine($"{procedures.Count} thủ tục của phường Thuận Hóa ({string.Join(", ", procedures)}): hồ sơ đi hết quy trình, Cổng nhận đủ, đúng thứ tự.");
    }

    // The forward action some Thuận Hóa officer may take now: approve, result ready, assign or complete the step.
    private static async Task<string> NextAsync(MotCuaApp app, string code)
    {
        string[] forward = ["approve", "resultReady", "completeStep"];
        foreach (var officer in new[] { "tiepnhan.thuanhoa", "congchuc.thuanhoa", "lanhdao.thuanhoa" })
        {
            var allowed = (await (await app.OfficerAsync(officer)).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("processing")
                .GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!).ToList();
            if (forward.FirstOrDefault(allowed.Contains) is { } action) return action;
        }
        throw new InvalidOperationException($"{code}: không còn thao tác tiến lên nào.");
    }

    [Fact]
    public async Task A_ten_minute_outage_loses_nothing_and_everything_catches_up_in_order()
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        await portal.ControlAsync(new { mode = "outage" });
        var codes = new List<string>();
        // Five dossiers taken through a full journey during ten minutes of the app's clock, the portal gone all along.
        for (var n = 0; n < 5; n++)
        {
            var code = await SubmitAsync(app, "direct", 200 + n);
            await WalkAsync(app, code, ["transfer", "completeStep", "approve", "resultReady", "return"], TimeSpan.FromSeconds(24));
            codes.Add(code);
        }
        Assert.True(app.Clock.Now - At(17, 9) >= TimeSpan.FromMinutes(10));
        await Waiting.Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND outcome = 'failed'") >= codes.Count,
            "các lần gửi thất bại trong lúc Cổng gián đoạn");
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND (dead_at IS NOT NULL OR delivered_at IS NOT NULL)"));
        var during = await SyncAsync(app, codes[0]);
        Assert.Equal("pending", during.GetProperty("state").GetString());
        Assert.Contains("Không kết nối được Cổng DVCQG", during.GetProperty("lastAnswer").GetString());
        var failedAttempts = await app.ScalarAsync("SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND outcome = 'failed'");

        // The rows wait on back-offs of up to 8 minutes of the app's clock, which now stands still: the worker's probe
        // (Motcua:Outbox:RecoveryProbeSeconds, 10 s) sees the portal back and every waiting row leaves at once, in order.
        // Waited for, not read once: on a loaded machine the worker may not yet have retried the rows the clock's last
        // move made due (session 31's CI failed here by chance).
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NULL AND next_attempt_at > '{app.Clock.Now:O}'") > 0,
            "thư chờ gửi lại theo thời gian giãn cách");
        await portal.ControlAsync(new { mode = "normal" });
        foreach (var code in codes)
        {
            await DrainedAsync(app, code);
            await AssertReceivedInOrderAsync(app, portal, code);
            Assert.Equal("synced", (await SyncAsync(app, code)).GetProperty("state").GetString());
        }
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NULL"));
        output.WriteLine($"Cổng gián đoạn 10 phút: {codes.Count} hồ sơ, {failedAttempts} lần gửi thất bại, không thư nào mất; sau khi Cổng trở lại: "
            + $"{await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NOT NULL")} thư đã gửi, đúng thứ tự từng hồ sơ.");
    }

    [Fact]
    public async Task A_portal_killed_and_restarted_gets_everything_in_order()
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        portal.Kill();
        var code = await SubmitAsync(app, "direct", 300);
        await WalkAsync(app, code, ["transfer", "completeStep"]);
        await Waiting.Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND outcome = 'failed'") >= 1, "lần gửi bị từ chối kết nối");
        portal.Start();
        app.Clock.Now = app.Clock.Now.AddMinutes(5);
        await DrainedAsync(app, code);
        // The restarted simulator holds nothing from before: the dossier is created by the first HoSo, as it should be.
        await AssertReceivedInOrderAsync(app, portal, code);
    }

    [Fact]
    public async Task A_refusal_shows_with_the_portal_s_answer_and_a_re_push_is_safe_and_idempotent()
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        await portal.ControlAsync(new { mode = "refuse", field = "MaLinhVuc", count = 1 });
        var code = await SubmitAsync(app, "direct", 400);
        // The HoSo dies; the step behind it waits for the re-push (trial 16i MEDIUM 2).
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND dead_at IS NOT NULL") == 1, "thư bị Cổng từ chối");
        var failed = await SyncAsync(app, code);
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("MaLinhVuc", failed.GetProperty("lastAnswer").GetString());
        // The state shows the payload sent, with the applicant's name and identifiers: the read is in the audit log.
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.read' AND subject = '{code}' AND details->>'path' LIKE '%/sync%'") >= 1);

        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/cong-dvcqg");
        Assert.Contains(code, page);
        Assert.Contains("MaLinhVuc: giá trị không hợp lệ", page);
        var backlog = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/portal/backlog");
        Assert.Equal(1, backlog.GetProperty("failedDossiers").GetInt32());
        // The state answers whoever may read the dossier (its receiving officer), and no one else (another commune's officer).
        Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetAsync($"/api/v1/dossiers/{code}/sync")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("tiepnhan.phuxuan")).GetAsync($"/api/v1/dossiers/{code}/sync")).StatusCode);

        // The re-push re-opens the dead row (the same message id) and sends the dossier as it stands; the held step follows it.
        var repushed = await admin.PostAsJsonAsync($"/api/v1/dossiers/{code}/sync/repush", new { });
        Assert.Equal(HttpStatusCode.Accepted, repushed.StatusCode);
        Assert.Equal(2, (await repushed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").GetInt32());
        await DrainedAsync(app, code);
        Assert.Equal("synced", (await SyncAsync(app, code)).GetProperty("state").GetString());
        var held = (await portal.DossierAsync(code))!.Value;
        Assert.Single(held.GetProperty("steps").EnumerateArray());

        // Again, through the bulk API by code: one more HoSo update, no step twice, still synced.
        var bulk = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { codes = new[] { code } });
        Assert.Equal(HttpStatusCode.Accepted, bulk.StatusCode);
        await DrainedAsync(app, code);
        held = (await portal.DossierAsync(code))!.Value;
        Assert.Single(held.GetProperty("steps").EnumerateArray());
        Assert.Equal(["2"], held.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("synced", (await SyncAsync(app, code)).GetProperty("state").GetString());
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'portal.repush' AND subject = '{code}'"));
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/portal/backlog")).GetProperty("failedDossiers").GetInt32());

        var bad = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { codes = new[] { code, "không-phải-mã" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("codes[1]", out _));
        var badState = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { state = "mọi" });
        Assert.True((await badState.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("state", out _));
    }

    [Fact]
    public async Task A_refused_create_is_shown_as_the_reason_and_the_later_rows_wait_instead_of_meeting_not_found()
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        // The HoSo (create) is refused; the step after it waits for the re-push (trial 16i MEDIUM 2) rather than meeting a
        // dossier the portal does not hold ("không tồn tại", sixteenth trial finding 5).
        await portal.ControlAsync(new { mode = "refuse", field = "MaLinhVuc", count = 1 });
        var code = await SubmitAsync(app, "direct", 400);
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND dead_at IS NOT NULL") >= 1, "thư tạo mới bị từ chối");
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND topic = 'portal.step'") >= 1, "bước sau đó");
        await Task.Delay(1000);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND topic = 'portal.step' AND attempts = 0 AND delivered_at IS NULL AND dead_at IS NULL"));
        var admin = await app.OfficerAsync("quantri");
        var failure = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/portal/backlog")).GetProperty("failures").EnumerateArray()
            .Single(f => f.GetProperty("code").GetString() == code);
        Assert.Contains("MaLinhVuc: giá trị không hợp lệ", failure.GetProperty("reason").GetString());
        Assert.Equal("DongBoHoSoMC", failure.GetProperty("service").GetString());
        Assert.Contains("MaLinhVuc", failure.GetProperty("lastAnswer").GetString());
        Assert.Equal(0, failure.GetProperty("laterFailures").GetInt32());
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/quan-tri/cong-dvcqg"));
        Assert.Contains($"<span data-reason>{failure.GetProperty("reason").GetString()}</span>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_token_is_fetched_again_and_server_errors_are_retried_not_dead_lettered()
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        var first = await SubmitAsync(app, "direct", 500);
        await DrainedAsync(app, first);
        await portal.ControlAsync(new { mode = "expire" });
        await portal.ControlAsync(new { mode = "error", status = 503, count = 1, retryAfter = 60 });
        var code = await SubmitAsync(app, "direct", 501);
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.ordering_key = 'dvcqg:{code}' AND a.outcome = 'failed'") == 1, "503");
        app.Clock.Now = app.Clock.Now.AddMinutes(2);
        await DrainedAsync(app, code);
        await AssertReceivedInOrderAsync(app, portal, code);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND dead_at IS NOT NULL"));
    }
}
