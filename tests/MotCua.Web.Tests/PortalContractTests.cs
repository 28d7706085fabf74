using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16 §7, the contract with the National Public Service Portal, generated from <see cref="ActionRules.All"/>: for every
/// (action, from-status) of the rule table a dossier is driven there by the shortest path and the action is taken, with the
/// outbox worker on and the portal simulator (tools/MotCua.NationalPortal) checking every call. The search is breadth-first
/// over the states the dossiers actually reach (status and step), the edges being the actions the API allows then (which
/// <see cref="Dossier.Allows"/> derives from the table): the first dossier that reaches a state goes on with one of its
/// actions, and every other action from that state is taken on a new dossier replayed along the same shortest path, so
/// dossiers share their prefixes. At the end every dossier is drained and the simulator must have accepted every call, with
/// the required fields present and well-formed, the statuses it holds equal to the dossier's changes of status and its steps
/// equal to the dossier's events, in order.
/// The dossiers are of <see cref="Procedure"/>, whose limit of three working days leaves the working day before the due
/// date that an extension (Mẫu 04) needs, which the demo's one-day Đăng ký khai sinh does not. The search runs twice: at
/// the Thuận Hóa demo commune with the commune's own process, and at the provincial centre with the centre's process
/// (a department head assigns the appraisal) to which a co-agency step at Sở Tư pháp is added (round 4), so that the
/// assignment and the co-agency's answer reach the portal too: every (action, from-status) of the table must be reached.
/// </summary>
public class PortalContractTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private static readonly JsonObject FieldList = JsonNode.Parse(File.ReadAllText(
        Path.Combine(MotCuaApp.RepoRoot(), "tests", "data", "dvcqg", "dvcqg_dossier_sync_fields.json")))!.AsObject();

    /// <summary>Đăng ký giám hộ: 3 working days on every channel, published online (onlineLevel partial).</summary>
    private const string Procedure = "1.004837";

    /// <summary>Where the search runs: the unit, its officers (one per role of the table that works there, and the
    /// co-agency's specialist), and the specialist an assignment names.</summary>
    private sealed record Unit(string AgencyCode, string[] Officers, string Assignee);

    private static readonly Unit[] Units =
    [
        new(DemoData.ThuanHoaCode, ["tiepnhan.thuanhoa", "congchuc.thuanhoa", "lanhdao.thuanhoa"], "congchuc.thuanhoa"),
        new(DemoData.CentreCode, ["tiepnhan.trungtam", "truongphong.trungtam", "chuyenvien.trungtam", "lanhdao.trungtam", "chuyenvien.tuphap"], "chuyenvien.trungtam"),
    ];

    /// <summary>Where the co-agency step goes in the centre's process (transfer, assign, appraise, approve, result): before the approval.</summary>
    private const string BeforeApproval = "{steps,3}";

    /// <summary>The co-agency step added to the centre's process, before its approval: Sở Tư pháp gives its opinion.</summary>
    private const string CoAgencyStep = """
        {"name": "Xác minh, cho ý kiến về người giám hộ", "kind": "coAgency", "performer": "Sở Tư pháp",
         "allowance": {"amount": 8, "unit": "workingHours"}, "maySendBack": false, "agencyCode": "000.00.02.H46"}
        """;

    /// <summary>Each action's API path and a body that satisfies it, given the dossier as the API shows it. Every
    /// <see cref="ProcessingAction"/> has one (checked below): a new action fails this test until it is added.</summary>
    private static (string Path, object Body) Request(ProcessingAction action, JsonElement dossier, string assignee) => action switch
    {
        ProcessingAction.AcceptOnline => ("accept-online", new { }),
        ProcessingAction.RefuseOnline => ("refuse-online", new { reason = "Hồ sơ không thuộc thẩm quyền giải quyết", legalBasis = "Điều 15 Nghị định 61/2018/NĐ-CP" }),
        ProcessingAction.Transfer => ("transfer", new { }),
        ProcessingAction.Assign => ("assign", new { userName = assignee }),
        ProcessingAction.CompleteStep => ("complete-step", new { note = "Đã thẩm định, hồ sơ hợp lệ" }),
        ProcessingAction.SendBack => ("complete-step", new { note = "Cần xem lại tên người mẹ", sendBack = true }),
        ProcessingAction.Approve => ("approve", new { note = "Đồng ý" }),
        ProcessingAction.RefuseOnMerits => ("refuse", new { reason = "Người yêu cầu không có quyền đăng ký khai sinh cho trẻ" }),
        ProcessingAction.ResultReady => ("result-ready", new { }),
        ProcessingAction.Return => ("return", new { method = "post", receivedBy = "Nguyễn Văn An", dispatchNumber = "EB123456789VN" }),
        ProcessingAction.RequestSupplement => ("supplement-request", new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp mờ" } } }),
        ProcessingAction.SupplementReceived => ("supplement-received", new { }),
        ProcessingAction.RequireFinancialObligation => ("financial-obligation", new { note = "Nộp lệ phí đăng ký", amountVnd = 8000, kind = "charge" }),
        ProcessingAction.PaymentReceived => ("payment-received", new { note = "Đã nộp" }),
        ProcessingAction.Extend => ("extension", new
        {
            reason = "Cần xác minh thêm tại nơi cư trú",
            newDueAt = dossier.GetProperty("dueAt").GetDateTimeOffset().AddDays(7),
        }),
        ProcessingAction.Withdraw => ("withdraw", new { reason = "Công dân xin rút hồ sơ" }),
        ProcessingAction.Stop => ("stop", new { reason = "Theo yêu cầu của công dân" }),
        ProcessingAction.CompleteCoAgencyTask => ("co-agency-task", new { stepIndex = dossier.GetProperty("processing").GetProperty("coAgencyTasks")[0].GetProperty("stepIndex").GetInt32(), answer = "Đã có ý kiến" }),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Thêm đường dẫn và nội dung cho hành động mới."),
    };

    private static string ApiName(ProcessingAction action) => JsonNamingPolicy.CamelCase.ConvertName(action.ToString());

    private sealed record Node(string Code, string Channel, IReadOnlyList<ProcessingAction> Path, string State);

    private static MotCuaApp App(NationalPortalProcess portal)
    {
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:FirstRetrySeconds"] = "30";
        portal.Configure(app);
        return app;
    }

    [Fact]
    public async Task Every_action_from_every_status_of_the_rule_table_reaches_the_portal_accepted_and_in_order()
    {
        var clock = Stopwatch.StartNew();
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 8, 0, 0, Vn);
        var api = app.ApiClient();
        var serial = 0;
        foreach (var unit in Units)
            Assert.Equal(1, await app.ScalarAsync($"""
                SELECT count(*) FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
                WHERE a.code = '{unit.AgencyCode}' AND ap.procedure_code = '{Procedure}'
                """));
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = jsonb_insert(process, '{BeforeApproval}', '{CoAgencyStep}'::jsonb)
            WHERE procedure_code = '{Procedure}' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.CentreCode}')
              AND process -> 'steps' -> 1 ->> 'kind' = 'assign' AND process -> 'steps' -> 3 ->> 'kind' = 'approve' RETURNING 1
            """));

        var covered = new Dictionary<(ProcessingAction, DossierStatus), string>();
        var codes = new List<string>();
        foreach (var unit in Units)
        {
            var officers = new Dictionary<string, HttpClient>();
            foreach (var name in unit.Officers) officers[name] = await app.OfficerAsync(name);

            async Task<string> SubmitAsync(string channel)
            {
                var response = await api.SubmitAsync(Requests.Dossier(procedureCode: Procedure, agencyCode: unit.AgencyCode, channel: channel, idNumber: $"0460950{++serial:D5}"));
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            }

            // The actions some officer of the unit may take now, with who, and the state (status, step, assignee and the
            // co-agency tasks still open) they are taken from. An officer who may not read the dossier (the co-agency
            // before its task, or after answering it) is skipped.
            async Task<(string State, int Status, Dictionary<ProcessingAction, HttpClient> Allowed, JsonElement Dossier)> LookAsync(string code)
            {
                var allowed = new Dictionary<ProcessingAction, HttpClient>();
                JsonElement seen = default;
                foreach (var client in officers.Values)
                {
                    var response = await client.GetAsync($"/api/v1/dossiers/{code}");
                    if (response.StatusCode == HttpStatusCode.NotFound) continue;
                    var dossier = await response.Content.ReadFromJsonAsync<JsonElement>();
                    // The state as the unit's desk reads it (the first officer), whoever else may act.
                    if (seen.ValueKind == JsonValueKind.Undefined) seen = dossier;
                    foreach (var a in dossier.GetProperty("processing").GetProperty("allowedActions").EnumerateArray())
                        allowed.TryAdd(Enum.GetValues<ProcessingAction>().Single(x => ApiName(x) == a.GetString()), client);
                }
                var processing = seen.GetProperty("processing");
                var status = seen.GetProperty("status").GetInt32();
                var step = processing.GetProperty("currentStep") is { ValueKind: JsonValueKind.Object } s ? s.GetProperty("index").GetInt32() : -1;
                var open = processing.TryGetProperty("coAgencyTasks", out var tasks) && tasks.ValueKind == JsonValueKind.Array
                    ? tasks.EnumerateArray().Count(t => !t.TryGetProperty("doneBy", out var by) || by.ValueKind == JsonValueKind.Null) : 0;
                // An extension or a step sent back to one already seen leads to a known state and is not explored again.
                return ($"{status}/{step}/{processing.GetProperty("assignee")}/{open}", status, allowed, seen);
            }

            async Task TakeAsync(string code, ProcessingAction action)
            {
                app.Clock.Now = app.Clock.Now.AddMinutes(1);
                var (_, _, allowed, dossier) = await LookAsync(code);
                Assert.True(allowed.TryGetValue(action, out var by), $"{code}: không cán bộ nào được {ApiName(action)} lúc này");
                var (path, body) = Request(action, dossier, unit.Assignee);
                var response = await by!.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{code} {ApiName(action)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var visited = new HashSet<string>();
            var queue = new Queue<Node>();
            foreach (var channel in new[] { "direct", "online" })
            {
                var code = await SubmitAsync(channel);
                codes.Add(code);
                var state = (await LookAsync(code)).State;
                if (visited.Add(state)) queue.Enqueue(new Node(code, channel, [], state));
            }
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                var (_, status, allowed, _) = await LookAsync(node.Code);
                // The node's own dossier takes the last action; each other one a new dossier replayed along the node's path.
                var actions = allowed.Keys.OrderBy(a => a).ToList();
                for (var k = 0; k < actions.Count; k++)
                {
                    var action = actions[k];
                    string code;
                    if (k == actions.Count - 1) code = node.Code;
                    else
                    {
                        code = await SubmitAsync(node.Channel);
                        codes.Add(code);
                        foreach (var step in node.Path) await TakeAsync(code, step);
                    }
                    await TakeAsync(code, action);
                    covered.TryAdd((action, (DossierStatus)status), $"{unit.AgencyCode} {code}: {string.Join(" → ", node.Path.Append(action).Select(ApiName))}");
                    var next = (await LookAsync(code)).State;
                    if (visited.Add(next)) queue.Enqueue(new Node(code, node.Channel, [.. node.Path, action], next));
                }
            }
        }
        foreach (var ((action, status), path) in covered.OrderBy(c => c.Key)) output.WriteLine($"{ApiName(action)} từ {(int)status}: {path}");

        var pairs = ActionRules.All.SelectMany(r => r.Statuses.Select(s => (r.Action, s))).Distinct().ToList();
        var missed = pairs.Where(p => !covered.ContainsKey(p)).Select(p => $"{ApiName(p.Action)} từ {(int)p.s}").ToList();
        Assert.True(missed.Count == 0, $"Không đi tới: {string.Join("; ", missed)}");

        // Drained: every message of every dossier delivered (none dead, none waiting).
        await Waiting.Until(async () => await app.ScalarAsync(
            "SELECT count(*) FROM outbox WHERE (target = 'dvcqg' OR ordering_key LIKE 'dossier:%') AND delivered_at IS NULL AND dead_at IS NULL") == 0,
            "mọi thư đã gửi lên Cổng", 300);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND dead_at IS NOT NULL"));
        var calls = 0;
        foreach (var code in codes) calls += await AssertHeldAsync(app, portal, code);
        output.WriteLine($"{pairs.Count} cặp (hành động, trạng thái) trong bảng, {covered.Count} đi tới; {codes.Count} hồ sơ ở {Units.Length} đơn vị, {calls} lần gọi Cổng; {clock.Elapsed.TotalSeconds:F0} giây");
    }

    // Every call accepted; the statuses the portal holds are the dossier's changes of status, its steps the dossier's
    // events (status and actor), in order; the last HoSo has exactly the field list's keys. Returns the number of calls.
    private static async Task<int> AssertHeldAsync(MotCuaApp app, NationalPortalProcess portal, string code)
    {
        var received = await portal.ReceivedAsync(code);
        var refused = received.Where(c => c.GetProperty("errorCode").GetString() != "0").Select(c => c.GetProperty("message").GetString()).ToList();
        Assert.True(refused.Count == 0, $"{code}: Cổng từ chối: {string.Join(" | ", refused)}");
        var held = (await portal.DossierAsync(code))!.Value;
        var events = new List<(string Status, string Actor)>();
        // Third trial LOW 7: the unit each step names (PhongBanXuLy): for an officer of a commune's one-stop unit, its people's
        // committee unless the officer is its desk's; null when the step is not a commune officer's.
        var units = new List<string?>();
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("""
                SELECT e.to_status, e.actor_name, CASE WHEN u.role = 'receiving_officer' THEN a.name ELSE 'Ủy ban nhân dân ' || lower(left(c.name, 1)) || substr(c.name, 2) END
                FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
                LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN agencies a ON a.id = u.agency_id AND a.kind = 'commune' LEFT JOIN communes c ON c.code = a.commune_code
                WHERE d.code = $1 ORDER BY e.at, e.id
                """, connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = code });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                events.Add((reader.GetInt16(0).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1)));
                units.Add(reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }
        var statuses = new List<string>();
        foreach (var e in events) if (statuses.Count == 0 || statuses[^1] != e.Status) statuses.Add(e.Status);
        Assert.Equal(statuses, held.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal(events, held.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("TrangThai").GetString()!, s.GetProperty("NguoiXuLy").GetString()!)));
        var steps = held.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("PhongBanXuLy").GetString()).ToList();
        for (var i = 0; i < units.Count; i++)
            if (units[i] is { } unit) Assert.True(unit == steps[i], $"{code} bước {i + 1} ({events[i].Actor}): '{steps[i]}', cần '{unit}'");
        // Each HoSo of a commune's dossier names its committee while the commune resolves it (4, 6, and 5 once received:
        // after a HoSo at 2), else the unit.
        var accepted = false;
        foreach (var sent in received.Where(c => c.GetProperty("service").GetString() == PortalPayload.DossierService))
        {
            var one = sent.GetProperty("body").GetProperty("data")[0];
            var (state, named) = (one.GetProperty("TrangThaiHoSo").GetString(), one.GetProperty("DonViXuLy").GetString()!);
            accepted |= state == "2";
            var resolving = state is "4" or "6" || (state == "5" && accepted);
            if (code.StartsWith(DemoData.ThuanHoaCode, StringComparison.Ordinal))
                Assert.True(named == (resolving ? "Ủy ban nhân dân phường Thuận Hóa" : "Trung tâm Phục vụ hành chính công phường Thuận Hóa"), $"{code} HoSo {state}: {named}");
            else Assert.DoesNotContain("Ủy ban nhân dân", named, StringComparison.Ordinal);
        }
        var hoSo = held.GetProperty("hoSo");
        Assert.Equal(FieldList["HoSo"]!.AsObject().Select(p => p.Key).Order(), hoSo.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(events[^1].Status, hoSo.GetProperty("TrangThaiHoSo").GetString());
        var ids = received.Select(c => c.GetProperty("messageId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        return received.Count;
    }
}
