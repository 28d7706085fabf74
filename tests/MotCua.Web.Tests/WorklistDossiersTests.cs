using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Processing;
using MotCua.Web.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The worklists read the narrow copy of the dossiers not yet ended (migration 0055, kept by a trigger on dossiers). After a
/// generated mix of real processing through the API (intake at two communes, online acceptance and refusal, transfers,
/// steps, sending back, approvals and refusals, supplements, financial obligations, withdrawals, stops, results returned)
/// and of writes the API does not make (a dossier moved to another unit, a co-agency task opened, a due date moved, a
/// transaction rolled back), the copy equals the dossiers' columns row for row, and for every officer of the demo and the
/// inspector, every list's count and its first page (codes, in order) through the API equal the lists' conditions
/// applied to the dossiers table itself, as the lists read before the copy, at the app's clock and five weeks later; the
/// tab counters kept beside the copy (migration 0062) equal a naive recount from the dossiers. Seeded (MOTCUA_PROPERTY_SEED replays a run).
/// </summary>
public class WorklistDossiersTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private static readonly Dictionary<string, (string Path, object Body)> Actions = new()
    {
        ["acceptOnline"] = ("accept-online", new { }),
        ["refuseOnline"] = ("refuse-online", new { reason = "Hồ sơ không hợp lệ", legalBasis = "Điều 15 Nghị định 61/2018/NĐ-CP" }),
        ["transfer"] = ("transfer", new { }),
        ["completeStep"] = ("complete-step", new { note = "Đã thẩm định" }),
        ["sendBack"] = ("complete-step", new { note = "Trả lại bước trước", sendBack = true }),
        ["approve"] = ("approve", new { note = "Đồng ý" }),
        ["refuseOnMerits"] = ("refuse", new { reason = "Không đủ điều kiện" }),
        ["resultReady"] = ("result-ready", new { }),
        ["return"] = ("return", new { method = "desk", receivedBy = "Nguyễn Văn An" }),
        ["requestSupplement"] = ("supplement-request", new { items = new[] { new { document = "Bản sao giấy khai sinh", reason = "Bản chụp mờ" } } }),
        ["supplementReceived"] = ("supplement-received", new { }),
        ["requireFinancialObligation"] = ("financial-obligation", new { note = "Lệ phí", amountVnd = 50000 }),
        ["paymentReceived"] = ("payment-received", new { note = "Đã nộp" }),
        ["withdraw"] = ("withdraw", new { reason = "Công dân xin rút hồ sơ" }),
        ["stop"] = ("stop", new { reason = "Công dân không bổ sung hồ sơ" }),
    };

    private static readonly string[] Ends = ["withdraw", "stop", "refuseOnline", "refuseOnMerits", "return"];

    [Fact]
    public async Task The_lists_read_from_the_kept_copy_equal_the_lists_read_from_the_dossiers_after_a_generated_mix_of_processing()
    {
        var seed = Environment.GetEnvironmentVariable("MOTCUA_PROPERTY_SEED") is { Length: > 0 } given
            ? int.Parse(given.Split(',')[0], CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"MOTCUA_PROPERTY_SEED={seed},1");
        var random = new Random(seed);
        async Task<HttpClient[]> OfficersAsync(string agency) => agency == DemoData.ThuanHoaCode
            ? [await app.OfficerAsync("tiepnhan.thuanhoa"), await app.OfficerAsync("congchuc.thuanhoa"), await app.OfficerAsync("lanhdao.thuanhoa")]
            : [await app.OfficerAsync("tiepnhan.phuxuan")];
        string[] channels = ["direct", "online", "postal"];
        // The dossiers are spread over the days before the app's clock, so that some are overdue, some due soon.
        var start = app.Clock.Now;
        var clock = start.AddDays(-20);
        DateTimeOffset Later(int hours) => clock.AddHours(hours) < start ? clock.AddHours(hours) : start;
        var codes = new List<string>();
        var actions = 0;
        for (var n = 0; n < 20; n++)
        {
            var agency = n % 2 == 0 ? DemoData.ThuanHoaCode : DemoData.PhuXuanCode;
            app.Clock.Now = clock = Later(random.Next(2, 14));
            var response = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: agency, channel: channels[random.Next(3)], idNumber: $"0460952{n:D5}",
                submittedAt: clock));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            codes.Add(code);
            // Up to 10 actions, so that the dossiers stop at every stage of the process.
            for (var step = random.Next(0, 11); step > 0; step--)
            {
                app.Clock.Now = clock = Later(random.Next(0, 3));
                var officers = await OfficersAsync(agency);
                var choices = new List<(HttpClient Officer, string Action)>();
                foreach (var officer in officers)
                    choices.AddRange((await officer.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("processing").GetProperty("allowedActions")
                        .EnumerateArray().Select(a => a.GetString()!).Where(Actions.ContainsKey).Select(a => (officer, a)));
                if (choices.Count == 0) break;
                if (random.Next(4) > 0 && choices.Any(c => !Ends.Contains(c.Action))) choices.RemoveAll(c => Ends.Contains(c.Action));
                var (by, action) = choices[random.Next(choices.Count)];
                var (path, body) = Actions[action];
                var acted = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
                if (acted.StatusCode == HttpStatusCode.OK) actions++;
                else Assert.True(acted.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict or HttpStatusCode.Forbidden,
                    $"{path}: {(int)acted.StatusCode} {await acted.Content.ReadAsStringAsync()}");
            }
        }
        app.Clock.Now = start;
        output.WriteLine($"{codes.Count} hồ sơ, {actions} thao tác thành công");
        Assert.True(actions >= 15, $"Chỉ {actions} thao tác thành công: dữ liệu sinh ra không đủ đa dạng.");

        // Writes the API does not make here: a dossier moved to the other unit (as a reorganisation does), a co-agency task
        // opened on one in process, a due date moved to within the hour, a dossier ended by hand, and a rolled-back change.
        string Pick() => codes[random.Next(codes.Count)];
        var phuXuan = await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.PhuXuanCode}'");
        var thuanHoa = await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}'");
        await ExecuteAsync($"UPDATE dossiers SET current_agency_id = {phuXuan} WHERE code = '{Pick()}'");
        await ExecuteAsync($"UPDATE dossiers SET open_task_agency_ids = ARRAY[{phuXuan}] WHERE id = (SELECT min(id) FROM dossiers WHERE status = 4 AND receiving_agency_id = {thuanHoa})");
        await ExecuteAsync($"UPDATE dossiers SET due_at = '{start.AddMinutes(40).UtcDateTime:O}' WHERE id = (SELECT max(id) FROM dossiers WHERE status IN (2, 4))");
        await ExecuteAsync($"UPDATE dossiers SET status = 8, stopped_at = now(), stop_reason = 'Dừng theo yêu cầu' WHERE code = '{Pick()}' AND status IN (5, 6)");
        var kept = await app.ScalarAsync("SELECT count(*) FROM worklist_dossiers");
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var update = new Npgsql.NpgsqlCommand("UPDATE dossiers SET status = 10 WHERE status <> 10", connection, tx);
            await update.ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }
        Assert.Equal(kept, await app.ScalarAsync("SELECT count(*) FROM worklist_dossiers"));

        // The copy, row for row: the dossiers not yet ended, with the same values.
        const string Copy = """
            SELECT id, status, receiving_agency_id, current_agency_id, open_task_agency_ids, current_step_kind, assignee_user_id, result_kind, due_at
            FROM dossiers WHERE status NOT IN (3, 8, 10)
            """;
        const string Kept = """
            SELECT id, status, receiving_agency_id, current_agency_id, open_task_agency_ids, current_step_kind, assignee_user_id, result_kind, due_at
            FROM worklist_dossiers
            """;
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM (({Copy}) EXCEPT ({Kept})) x"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM (({Kept}) EXCEPT ({Copy})) x"));
        Assert.True(kept > 0, "Không còn hồ sơ nào đang mở để so sánh.");

        // The counters (migration 0062), against a naive recount from the dossiers: each dossier not yet ended once for
        // the province (in the stripe of its id, agencies -1 to -16, migration 0116) and once for each agency it concerns, with its relations to it; by shape, and by due
        // day and due month in Vietnam time. Counter rows at 0 are a shape no row has any more.
        const string Expanded = """
            WITH kept AS (SELECT * FROM dossiers WHERE status NOT IN (3, 8, 10))
            SELECT k.*, -1 - (k.id % 16)::int AS agency, false AS holder, false AS receiver, false AS co_agency FROM kept k
            UNION ALL
            SELECT k.*, a.agency, a.agency = k.current_agency_id, a.agency = k.receiving_agency_id, a.agency = ANY (k.open_task_agency_ids)
            FROM kept k CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[k.current_agency_id, k.receiving_agency_id] || k.open_task_agency_ids) AS agency) a
            """;
        const string ShapeRecount = $"""
            SELECT agency, holder, receiver, co_agency, status, current_step_kind, assignee_user_id, result_kind, count(*)::int
            FROM ({Expanded}) e GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """;
        const string ShapeKept = """
            SELECT agency_id, is_holder, is_receiver, is_co_agency, status, current_step_kind, assignee_user_id, result_kind, n
            FROM worklist_counts WHERE n <> 0
            """;
        const string DueRecount = $"""
            SELECT agency, holder, receiver, co_agency, status, m.is_month,
                   CASE WHEN m.is_month THEN date_trunc('month', e.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date ELSE (e.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
                   count(*)::int
            FROM ({Expanded}) e CROSS JOIN (VALUES (false), (true)) m (is_month) WHERE e.due_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
            """;
        const string DueKept = """
            SELECT agency_id, is_holder, is_receiver, is_co_agency, status, is_month, due_period, n FROM worklist_due_counts WHERE n <> 0
            """;
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM (({ShapeRecount}) EXCEPT ({ShapeKept})) x"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM (({ShapeKept}) EXCEPT ({ShapeRecount})) x"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM (({DueRecount}) EXCEPT ({DueKept})) x"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM (({DueKept}) EXCEPT ({DueRecount})) x"));
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM worklist_due_counts WHERE n < 0") == 0, "Một bộ đếm theo hạn bị âm.");

        // Every officer of the demo (a role the Domain knows, in a unit) and the inspector: the API's lists against the
        // conditions on the dossiers table, at the same clock.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var calendars = scope.ServiceProvider.GetRequiredService<CalendarStore>();
        var users = await db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null && (u.AgencyId != null || u.Role == Roles.Inspector)).OrderBy(u => u.Id).ToListAsync();
        var compared = 0;
        var nonEmpty = 0;
        // At the app's clock, and five weeks later, when every due day of the mix lies in a month before the current one
        // (the counters of months, not of days, then answer "overdue").
        foreach (var at in new[] { start, start.AddDays(35) })
        foreach (var user in users)
        {
            app.Clock.Now = at;
            if (Claims.RoleOf(user.Role) is not { } role || role is OfficerRole.Admin) continue;
            var officer = new Officer(new Actor(user.FullName, user.Id), role, user.AgencyId);
            int? agencyId = role == OfficerRole.Inspector ? null : user.AgencyId;
            var calendar = agencyId is { } id ? await calendars.ForAsync(await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == id), default)
                : await calendars.ForAsync(null, null, default);
            var now = app.Clock.GetUtcNow();
            var dueSoon = DossierUrgency.DueSoonLimit(now, calendar);
            var client = await app.OfficerAsync(user.UserName);
            foreach (var list in Enum.GetValues<WorklistName>())
            {
                var condition = Worklists.Condition(list, officer, agencyId, now, dueSoon);
                var expectedCount = await db.Dossiers.AsNoTracking().CountAsync(condition);
                var expectedPage = await db.Dossiers.AsNoTracking().Where(condition).OrderBy(d => d.DueAt == null).ThenBy(d => d.DueAt).ThenBy(d => d.Id)
                    .Take(Worklists.PageSize).Select(d => d.Code).ToListAsync();
                var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/worklists/{Worklists.Slug(list)}");
                Assert.True(expectedCount == page.GetProperty("counts").GetProperty(Worklists.Slug(list)).GetInt32(),
                    $"{user.UserName} {Worklists.Slug(list)}: API {page.GetProperty("counts").GetProperty(Worklists.Slug(list))}, bảng hồ sơ {expectedCount}");
                Assert.Equal(expectedPage, page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToList());
                compared++;
                if (expectedCount > 0) nonEmpty++;
            }
        }
        app.Clock.Now = start;
        output.WriteLine($"{compared} danh sách so sánh, {nonEmpty} có hồ sơ");
        Assert.True(nonEmpty >= 10, $"Chỉ {nonEmpty} danh sách có hồ sơ: phép so sánh không đủ ý nghĩa.");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
