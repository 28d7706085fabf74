using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Mergers and splits over HTTP on a real PostgreSQL: the demo communes Thuận Hóa and Phú Xuân merge into a new unit with
/// their open dossiers, adoptions and officers; Phú Vang splits in two. Every moved row is checked against what it was.
/// </summary>
public class ReorganisationTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private const string MergedCode = "000.10.09.H46";
    private const string PhuVang = "000.10.03.H46";

    private async Task<string> ReceiveAsync(string agency, string channel = "direct", string address = "12 Lê Lợi, phường Thuận Hóa, thành phố Huế")
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: agency, channel: channel, address: address));
        return (await Task.FromResult(response).OkAsync(HttpStatusCode.Created)).GetProperty("code").GetString()!;
    }

    private async Task<Dictionary<string, object?[]>> DossiersAsync(IEnumerable<string> codes) =>
        (await app.RowsAsync($"""
            SELECT d.code, a.code, c.code, d.status, d.register_year, d.register_number,
                   (SELECT string_agg(e.id || ':' || e.action, ',' ORDER BY e.id) FROM dossier_events e WHERE e.dossier_id = d.id),
                   d.process::text, d.assignee_user_id
            FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id JOIN agencies c ON c.id = d.current_agency_id
            WHERE d.code IN ({string.Join(",", codes.Select(c => $"'{c}'"))})
            """)).ToDictionary(r => (string)r[0]!);

    [Fact]
    public async Task Two_demo_communes_merge_and_their_open_dossiers_adoptions_and_officers_move_with_codes_and_history_kept()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var admin = await app.OfficerAsync("quantri");
        await admin.PostAsJsonAsync("/api/v1/admin/agencies", Admin.NewCommuneUnit(MergedCode, "Trung tâm Phục vụ hành chính công phường Thuận Hóa", "19789")).OkAsync(HttpStatusCode.Created);

        // Open dossiers of both units in several states, and one closed one that must stay where it was.
        var direct = await ReceiveAsync(DemoData.ThuanHoaCode);
        var online = await ReceiveAsync(DemoData.ThuanHoaCode, "online");
        var inProcess = await ReceiveAsync(DemoData.ThuanHoaCode);
        var phuXuan = await ReceiveAsync(DemoData.PhuXuanCode, address: "5 Đinh Tiên Hoàng, phường Phú Xuân, thành phố Huế");
        var closed = await ReceiveAsync(DemoData.ThuanHoaCode);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await desk.PostAsJsonAsync($"/api/v1/dossiers/{inProcess}/transfer", new { }).OkAsync();
        await desk.PostAsJsonAsync($"/api/v1/dossiers/{closed}/withdraw", new { reason = "Người dân xin rút hồ sơ" }).OkAsync();
        await (await app.OfficerAsync("lanhdao.thuanhoa")).PostAsJsonAsync($"/api/v1/dossiers/{closed}/stop", new { reason = "Người dân rút hồ sơ" }).OkAsync();
        string[] open = [direct, online, inProcess, phuXuan];
        var oldIds = (await app.RowsAsync($"SELECT id FROM agencies WHERE code IN ('{DemoData.ThuanHoaCode}', '{DemoData.PhuXuanCode}')")).Select(r => (int)r[0]!).ToList();
        var before = await DossiersAsync([.. open, closed]);
        var oldAdoptions = await app.RowsAsync($"""
            SELECT a.code, ap.procedure_code, ap.process::text FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            WHERE a.code IN ('{DemoData.ThuanHoaCode}', '{DemoData.PhuXuanCode}') ORDER BY 1, 2
            """);
        var officers = (await app.RowsAsync($"""
            SELECT u.user_name, u.security_stamp FROM users u JOIN agencies a ON a.id = u.agency_id
            WHERE a.code IN ('{DemoData.ThuanHoaCode}', '{DemoData.PhuXuanCode}') ORDER BY 1
            """)).ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.True(officers.Count >= 4);

        var body = new { kind = "merger", from = new[] { DemoData.ThuanHoaCode, DemoData.PhuXuanCode }, to = new[] { MergedCode }, effectiveOn = "2025-11-17", legalBasis = Admin.LegalBasis };
        var written = await app.WrittenAsync();
        var preview = await admin.PostAsJsonAsync("/api/v1/admin/reorganisations?preview=true", body).OkAsync();
        Assert.Equal(written, await app.WrittenAsync());
        Assert.Equal(open.Order(), preview.GetProperty("dossiers").EnumerateArray().Select(d => d.GetProperty("code").GetString()!).Order());

        var report = await admin.PostAsJsonAsync("/api/v1/admin/reorganisations", body).OkAsync();
        Assert.Equal(preview.GetProperty("dossiers").GetRawText(), report.GetProperty("dossiers").GetRawText());

        // Every open dossier: same code and status, received and held at the successor, its events kept and one more.
        var after = await DossiersAsync([.. open, closed]);
        var successorLines = new HashSet<int>();
        foreach (var code in open)
        {
            var (was, now) = (before[code], after[code]);
            Assert.Equal(MergedCode, now[1]);
            Assert.Equal(was[3], now[3]);
            var events = ((string)now[6]!).Split(',');
            Assert.Equal((string)was[6]!, string.Join(",", events[..^1]));
            Assert.EndsWith(":reorganise", events[^1]);
            Assert.True(oldIds.All(id => !System.Text.RegularExpressions.Regex.IsMatch((string)now[7]!, $"\"agencyId\": {id}[,}}]")), $"{code} still has a step at an old unit");
            if (was[5] is int) Assert.True(successorLines.Add((int)now[5]!), $"register line of {code} is unique in the successor's book");
            else Assert.Null(now[5]);
        }
        Assert.Contains("\"agencyId\"", (string)before[inProcess][7]!);
        Assert.Equal(MergedCode, after[inProcess][2]);
        Assert.Equal(before[closed][1], after[closed][1]);
        Assert.Equal(before[closed][6], after[closed][6]);
        var note = (string)(await app.RowsAsync($"SELECT note FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{direct}' ORDER BY e.id DESC LIMIT 1"))[0][0]!;
        Assert.Contains(Admin.LegalBasis, note);
        Assert.Contains("mã hồ sơ giữ nguyên", note);

        // Adoptions: the successor runs every procedure either unit ran, with the moved unit's own terms and process.
        var successorAdoptions = await app.RowsAsync($"""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = '{MergedCode}' ORDER BY 1
            """);
        Assert.Equal(oldAdoptions.Select(r => (string)r[1]!).Distinct().Order(), successorAdoptions.Select(r => (string)r[0]!));
        Assert.Equal(successorAdoptions.Count, report.GetProperty("adoptions").EnumerateArray().Count(a => a.GetProperty("outcome").GetString() == "Moved"));

        // Officers moved, each with a new security stamp; the old units have ended and took none of their people along.
        var moved = (await app.RowsAsync($"SELECT u.user_name, u.security_stamp FROM users u JOIN agencies a ON a.id = u.agency_id WHERE a.code = '{MergedCode}'"))
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal(officers.Keys.Order(), moved.Keys.Order());
        Assert.All(officers, o => Assert.NotEqual(o.Value, moved[o.Key]));
        var ended = await app.RowsAsync($"SELECT code, ended_on::text, receives_dossiers FROM agencies WHERE code IN ('{DemoData.ThuanHoaCode}', '{DemoData.PhuXuanCode}') ORDER BY 1");
        Assert.All(ended, r => Assert.Equal(("2025-11-17", false), ((string)r[1]!, (bool)r[2]!)));
        Assert.Equal(1L, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'admin.reorganisation' AND subject = 'reorganisation:{report.GetProperty("id").GetInt64()}'"));

        // The old unit refuses intake, saying where to go; its codes still look up, moved or not.
        var refused = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.ThuanHoaCode));
        var problem = await Task.FromResult(refused).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var message = problem.GetProperty("errors").GetProperty("agencyCode")[0].GetString()!;
        Assert.Contains("đã chấm dứt hoạt động từ ngày 17/11/2025", message);
        Assert.Contains(MergedCode, message);
        var lookup = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/lookup/{direct}");
        Assert.Equal("Trung tâm Phục vụ hành chính công phường Thuận Hóa", lookup.GetProperty("agencyName").GetString());
        Assert.Equal(direct, lookup.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/api/v1/lookup/{closed}")).StatusCode);

        // A moved officer signs in again and works on a moved dossier at the successor.
        var newDesk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await newDesk.PostAsJsonAsync($"/api/v1/dossiers/{direct}/transfer", new { }).OkAsync();
        Assert.Equal(HttpStatusCode.OK, (await newDesk.GetAsync($"/api/v1/dossiers/{online}")).StatusCode);
        // The session from before the move has ended with the officer's new security stamp (issue 12, item 1).
        Assert.Equal(HttpStatusCode.Unauthorized, (await desk.GetAsync($"/api/v1/dossiers/{online}")).StatusCode);

        // Asking again answers with the same report and changes nothing.
        written = await app.WrittenAsync();
        var again = await admin.PostAsJsonAsync("/api/v1/admin/reorganisations", body).OkAsync();
        Assert.Equal(report.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Equal(written, await app.WrittenAsync());

        // The history of an ended unit shows how it ended.
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/agencies/{DemoData.ThuanHoaCode}");
        Assert.Equal(MergedCode, detail.GetProperty("successors")[0].GetProperty("code").GetString());
        var versions = detail.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal("2025-11-17", versions[0].GetProperty("snapshot").GetProperty("endedOn").GetString());
        Assert.Contains(Admin.LegalBasis, versions[0].GetProperty("legalBasis").GetString());
    }

    [Fact]
    public async Task A_split_sends_each_dossier_by_the_applicants_commune_or_by_hand_and_each_officer_where_chosen()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, Vn);
        var admin = await app.OfficerAsync("quantri");
        await admin.PostAsJsonAsync("/api/v1/admin/agencies", Admin.NewCommuneUnit("000.10.21.H46", "Bộ phận Một cửa phường Vỹ Dạ", "19777")).OkAsync(HttpStatusCode.Created);
        await admin.PostAsJsonAsync("/api/v1/admin/agencies", Admin.NewCommuneUnit("000.10.22.H46", "Bộ phận Một cửa phường An Cựu", "19815")).OkAsync(HttpStatusCode.Created);
        foreach (var name in new[] { "tiepnhan.phuvang", "tiepnhan2.phuvang" })
            await admin.PostAsJsonAsync("/api/v1/admin/users", new { userName = name, fullName = "Trần Văn Vang", role = "receiving_officer", agencyCode = PhuVang, password = "PhuVang@2026!" })
                .OkAsync(HttpStatusCode.Created);
        var toVyDa = await ReceiveAsync(PhuVang, address: "7 Nguyễn Sinh Cung, phường Vỹ Dạ, thành phố Huế");
        var toAnCuu = await ReceiveAsync(PhuVang, address: "9 Hùng Vương, phường An Cựu, thành phố Huế");
        var unnamed = await ReceiveAsync(PhuVang, address: "Thôn 3, xã Phú Vang, thành phố Huế");
        var byHand = await ReceiveAsync(PhuVang, address: "7 Nguyễn Sinh Cung, phường Vỹ Dạ, thành phố Huế");

        var report = await admin.PostAsJsonAsync("/api/v1/admin/reorganisations", new
        {
            kind = "split", from = new[] { PhuVang }, to = new[] { "000.10.21.H46", "000.10.22.H46" }, effectiveOn = "2025-11-18", legalBasis = Admin.LegalBasis,
            dossiers = new Dictionary<string, string> { [byHand] = "000.10.22.H46" },
            adoptions = new Dictionary<string, string[]> { ["1.001193"] = ["000.10.22.H46"] },
            officers = new Dictionary<string, string> { ["tiepnhan2.phuvang"] = "000.10.22.H46" },
        }).OkAsync();

        var after = await DossiersAsync([toVyDa, toAnCuu, unnamed, byHand]);
        Assert.Equal(("000.10.21.H46", "000.10.22.H46", "000.10.21.H46", "000.10.22.H46"),
            ((string)after[toVyDa][1]!, (string)after[toAnCuu][1]!, (string)after[unnamed][1]!, (string)after[byHand][1]!));
        Assert.Equal([false, false, false, true], new[] { toVyDa, toAnCuu, unnamed, byHand }
            .Select(c => report.GetProperty("dossiers").EnumerateArray().Single(d => d.GetProperty("code").GetString() == c).GetProperty("byHand").GetBoolean()));
        var officers = await app.RowsAsync("SELECT u.user_name, a.code FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.user_name LIKE '%.phuvang' ORDER BY 1");
        Assert.Equal([("tiepnhan.phuvang", "000.10.21.H46"), ("tiepnhan2.phuvang", "000.10.22.H46")], officers.Select(r => ((string)r[0]!, (string)r[1]!)));
        // 1.001193 went only where chosen; every other procedure of Phú Vang went to both successors.
        var adoptions = await app.RowsAsync("""
            SELECT a.code, count(*), count(*) FILTER (WHERE ap.procedure_code = '1.001193') FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            WHERE a.code IN ('000.10.03.H46', '000.10.21.H46', '000.10.22.H46') GROUP BY a.code ORDER BY 1
            """);
        var phuVangHad = (long)(await app.RowsAsync("SELECT count(DISTINCT procedure_code) FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code LIKE '000.10.2_.H46'"))[0][0]!;
        Assert.Equal(["000.10.21.H46", "000.10.22.H46"], adoptions.Select(r => (string)r[0]!));
        Assert.Equal((phuVangHad - 1, 0L), ((long)adoptions[0][1]!, (long)adoptions[0][2]!));
        Assert.Equal((phuVangHad, 1L), ((long)adoptions[1][1]!, (long)adoptions[1][2]!));
    }

    [Fact]
    public async Task Impossible_reorganisations_are_refused_by_field_and_write_nothing()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 19, 9, 0, 0, Vn);
        var admin = await app.OfficerAsync("quantri");
        var written = await app.WrittenAsync();
        (object Body, string Field)[] cases =
        [
            (new { kind = "merger", from = new[] { "000.10.04.H46" }, to = new[] { "000.00.02.H46" }, effectiveOn = "2025-11-19", legalBasis = Admin.LegalBasis }, "to"),
            (new { kind = "merger", from = new[] { "000.10.04.H46" }, to = new[] { DemoData.CentreCode }, effectiveOn = "2025-06-30", legalBasis = Admin.LegalBasis }, "effectiveOn"),
            (new { kind = "merger", from = new[] { "000.10.04.H46" }, to = new[] { DemoData.CentreCode }, effectiveOn = "2025-11-19", legalBasis = " " }, "legalBasis"),
            (new { kind = "split", from = new[] { "000.10.04.H46" }, to = new[] { DemoData.CentreCode }, effectiveOn = "2025-11-19", legalBasis = Admin.LegalBasis }, "to"),
            (new { kind = "chia", from = new[] { "000.10.04.H46" }, to = new[] { DemoData.CentreCode }, effectiveOn = "2025-11-19", legalBasis = Admin.LegalBasis }, "kind"),
            (new { kind = "merger", from = new[] { "000.10.99.H46" }, to = new[] { DemoData.CentreCode }, effectiveOn = "2025-11-19", legalBasis = Admin.LegalBasis }, "from"),
        ];
        foreach (var (body, field) in cases)
        {
            var problem = await admin.PostAsJsonAsync("/api/v1/admin/reorganisations", body).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains(field, Admin.ErrorFields(problem));
        }
        Assert.Equal(written, await app.WrittenAsync());
    }
}
