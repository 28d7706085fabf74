using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, seventh fresh trial (brief p16p), the monitoring ingest (<c>POST /api/v1/monitoring/dossiers</c>) and the
/// reports: a status without the dates it requires is refused naming them, a blank date keeps the stored one and no date is
/// taken from the ingest's clock (Biểu 06 and the 766 index agree on such a dossier); a date or step contradicting what
/// the dossier already holds is refused naming its field; a snapshot may jump forward, not change its unit or procedure;
/// the 766 index leaves monitored dossiers out of the denominators of 1.2 and 4.1–4.4, and a payment refunded in full out
/// of 3.4.
/// </summary>
public class PortalTrial16pTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);

    private static Dictionary<string, string> HoSo(string code, string status, params (string Key, string Value)[] overrides)
    {
        var hoSo = new Dictionary<string, string>
        {
            ["MaHoSo"] = code, ["MaTTHC"] = "1.001193", ["TenTTHC"] = "Đăng ký khai sinh", ["MaDonViTiepNhan"] = DemoData.ThuanHoaCode, ["KenhThucHien"] = "2",
            ["ChuHoSo"] = "Đặng Thị Thu", ["SoGiayToChuHoSo"] = "046195001122", ["LoaiDoiTuong"] = "1", ["TrangThaiHoSo"] = status,
            ["NgayNopHoSo"] = "20251117080000", ["NgayTiepNhan"] = "20251117083000", ["NgayHenTra"] = "20251120170000",
            ["NgayKetThucXuLy"] = "", ["NgayTra"] = "", ["NgayTuChoi"] = "", ["GhiChu"] = "",
        };
        foreach (var (key, value) in overrides) hoSo[key] = value;
        return hoSo;
    }

    private static string NewCode() => "G01.BTP-251117-" + Random.Shared.Next(10_000, 99_999);

    private static object Step(string code, string status, string at) =>
        new { MaHoSo = code, NguoiXuLy = "Nguyễn Văn Hải", ChucDanh = "Chuyên viên", ThoiDiemXuLy = at, PhongBanXuLy = "Vụ Hộ tịch", NoiDungXuLy = "Thẩm định", TrangThai = status };

    private async Task<JsonElement> IngestAsync(MotCuaApp app, string service, object item)
    {
        var response = await app.ApiClient(DemoData.PortalApiKey).PostAsJsonAsync("/api/v1/monitoring/dossiers", new { service, isUpdating = "true", data = new[] { item } });
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static void Accepted(JsonElement answer) => Assert.True(answer.GetProperty("accepted").GetInt32() == 1, answer.ToString());

    // The fields the single item was refused for (the item must be refused).
    private static string[] RefusedFields(JsonElement answer)
    {
        Assert.True(answer.GetProperty("accepted").GetInt32() == 0, answer.ToString());
        return [.. answer.GetProperty("refused").EnumerateArray().Single().GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private static Task<long> CountAsync(MotCuaApp app, string where) => app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE {where}");

    // Biểu 06 of Thuận Hóa for November 2025: (received, resolved).
    private static async Task<(long Received, long Resolved)> Bieu06Async(HttpClient leader)
    {
        var view = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/bieu-06?agency={DemoData.ThuanHoaCode}&from=2025-11-01&to=2025-11-30");
        var total = view.GetProperty("total");
        return (total.GetProperty("receivedTotal").GetInt64(), total.GetProperty("resolvedTotal").GetInt64());
    }

    // The 766 index of Thuận Hóa for November 2025: each indicator's (numerator, denominator) counts by its id.
    private static async Task<Dictionary<string, (long Numerator, long Denominator)>> Index766Async(HttpClient reader)
    {
        var body = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/index-766?agency={DemoData.ThuanHoaCode}&month=2025-11");
        return body.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray())
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => (Count(i, "numerator"), Count(i, "denominator")));
        static long Count(JsonElement indicator, string side) =>
            indicator.TryGetProperty(side, out var f) && f.ValueKind == JsonValueKind.Object ? f.GetProperty("count").GetInt64() : -1;
    }

    [Fact]
    public async Task A_status_without_its_dates_is_refused_and_a_blank_date_keeps_the_stored_one_in_Bieu_06_and_the_766_index()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");

        // Each status names the dates it requires; the item is refused naming each missing one, nothing is stored.
        var returned = NewCode();
        Assert.Equal(new[] { "NgayKetThucXuLy", "NgayTra" }, RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "10"))));
        Assert.Contains("NgayKetThucXuLy", RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "9"))));
        Assert.Contains("NgayTra", RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "10", ("NgayKetThucXuLy", "20251118080000")))));
        var refused = NewCode();
        Assert.Contains("NgayTuChoi", RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(refused, "3", ("NgayTiepNhan", ""), ("NgayHenTra", "")))));
        var received = NewCode();
        Assert.Contains("NgayHenTra", RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(received, "2", ("NgayHenTra", "")))));
        Assert.Contains("NgayTiepNhan", RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(received, "4", ("NgayTiepNhan", "")))));
        Assert.Equal(0, await CountAsync(app, $"code IN ('{returned}', '{refused}', '{received}')"));

        // Returned with its dates: counted once received and once resolved, in Biểu 06 and in the 766 index alike.
        var (bieuReceived, bieuResolved) = await Bieu06Async(leader);
        var index = await Index766Async(leader);
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "10", ("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251118083000"))));
        async Task CountedOnceAsync()
        {
            Assert.Equal((bieuReceived + 1, bieuResolved + 1), await Bieu06Async(leader));
            var now = await Index766Async(leader);
            Assert.Equal(index["3.2"].Denominator + 1, now["3.2"].Denominator); // received in the month
            Assert.Equal(index["2.1"].Denominator + 1, now["2.1"].Denominator); // resolved in the month
            Assert.Equal(index["2.1"].Numerator + 1, now["2.1"].Numerator);     // by its due date (20/11)
        }
        await CountedOnceAsync();

        // Re-sent later with every date blank (only the submission): the stored dates stand, none taken from the clock.
        app.Clock.Now = Now.AddDays(20);
        leader = await app.OfficerAsync("lanhdao.thuanhoa"); // signed in again: the session of 20 days ago has ended
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "10", ("NgayTiepNhan", ""), ("NgayHenTra", ""))));
        Assert.Equal(1, await CountAsync(app, $"""
            code = '{returned}' AND status = 10 AND received_at = '2025-11-17T08:30:00+07:00' AND original_due_at = '2025-11-20T17:00:00+07:00'
              AND result_ready_at = '2025-11-18T08:00:00+07:00' AND returned_at = '2025-11-18T08:30:00+07:00'
            """));
        await CountedOnceAsync();
    }

    [Fact]
    public async Task Dates_and_steps_contradicting_what_the_dossier_holds_are_refused_naming_the_field()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var code = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "2")));

        // A step to 9 before the reception (08:30), after the submission (08:00): refused naming ThoiDiemXuLy.
        Assert.Equal(new[] { "ThoiDiemXuLy" }, RefusedFields(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(code, "9", "20251117081000"))));
        // At 14:00: taken, and it dates the result (Biểu 06 by status and the 766 index by date read it alike).
        Accepted(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(code, "9", "20251117140000")));
        Assert.Equal(1, await CountAsync(app, $"code = '{code}' AND status = 9 AND result_ready_at = '2025-11-17T14:00:00+07:00'"));
        // A step to 10 before the step to 9: refused.
        Assert.Equal(new[] { "ThoiDiemXuLy" }, RefusedFields(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(code, "10", "20251117120000"))));
        // A HoSo moving the submission after the recorded step: refused naming NgayNopHoSo.
        Assert.Contains("NgayNopHoSo", RefusedFields(await IngestAsync(app, "DongBoHoSoMC",
            HoSo(code, "9", ("NgayNopHoSo", "20251117143000"), ("NgayTiepNhan", ""), ("NgayHenTra", "")))));
        // The result's instant, once recorded, is not rewritten by a HoSo.
        Assert.Contains("NgayKetThucXuLy", RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "9", ("NgayKetThucXuLy", "20251117150000")))));
        Accepted(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(code, "10", "20251117160000")));
        Assert.Equal(1, await CountAsync(app, $"code = '{code}' AND status = 10 AND returned_at = '2025-11-17T16:00:00+07:00'"));
        // The return re-sent different is refused [choice: not a silent rewrite]; the same one is taken.
        Assert.Equal(new[] { "NgayTra" }, RefusedFields(await IngestAsync(app, "DongBoHoSoMC",
            HoSo(code, "10", ("NgayKetThucXuLy", "20251117140000"), ("NgayTra", "20251117170000")))));
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "10", ("NgayKetThucXuLy", "20251117140000"), ("NgayTra", "20251117160000"))));
        Assert.Equal(1, await CountAsync(app, $"code = '{code}' AND status = 10 AND returned_at = '2025-11-17T16:00:00+07:00' AND result_ready_at = '2025-11-17T14:00:00+07:00'"));

        // A finished instant before a recorded progress step: refused.
        var other = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(other, "2")));
        Accepted(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(other, "4", "20251117150000")));
        Assert.Equal(new[] { "NgayKetThucXuLy" }, RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(other, "9", ("NgayKetThucXuLy", "20251117140000")))));
    }

    [Fact]
    public async Task A_snapshot_may_jump_forward_but_not_change_its_unit_or_procedure()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var code = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "1", ("NgayTiepNhan", ""), ("NgayHenTra", ""))));
        // 1 → 4 and 4 → 10: statuses the ministry passed between two sends; a snapshot, not a step.
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "4")));
        Assert.Equal(new[] { "MaTTHC" }, RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "4", ("MaTTHC", "1.004837")))));
        Assert.Equal(new[] { "MaDonViTiepNhan" }, RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "4", ("MaDonViTiepNhan", DemoData.PhuXuanCode)))));
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "10", ("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251118083000"))));
        Assert.Equal(1, await CountAsync(app, $"code = '{code}' AND status = 10 AND procedure_code = '1.001193'"));
        // Backwards stays refused.
        Assert.Equal(new[] { "TrangThaiHoSo" }, RefusedFields(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "4"))));
    }

    [Fact]
    public async Task The_766_index_leaves_monitored_dossiers_out_where_they_can_never_count_and_a_full_refund_out_of_3_4()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var inspector = await app.OfficerAsync("thanhtra");
        var before = await Index766Async(inspector);

        // Two of a ministry's dossiers at Thuận Hóa in November: one in process, one returned.
        var inProcess = NewCode();
        var done = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(inProcess, "4")));
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(done, "10", ("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251118083000"))));
        var after = await Index766Async(inspector);
        // Received and resolved counts take them (3.2 online, 2.1 on time, 5.2) ...
        Assert.Equal(before["3.2"].Denominator + 2, after["3.2"].Denominator);
        Assert.Equal(before["3.2"].Numerator + 2, after["3.2"].Numerator);
        Assert.Equal(before["2.1"].Denominator + 1, after["2.1"].Denominator);
        // ... but not 1.2 (synced by the ministry's system) nor 4.1–4.4 (files and papers held there): same figures.
        foreach (var id in new[] { "1.2", "4.1", "4.2", "4.3", "4.4" })
            Assert.True(before[id] == after[id], $"{id}: {before[id]} → {after[id]}");
        // The drill-down of 1.2's denominator lists neither; that of 3.2's lists both.
        var synced = await inspector.GetStringAsync($"/api/v1/reports/index-766/dossiers?indicator=1.2&input=ownReceivedDossiers&agency={DemoData.ThuanHoaCode}&month=2025-11&page=1");
        output.WriteLine(synced);
        Assert.DoesNotContain(inProcess, synced, StringComparison.Ordinal);
        var receivedRows = await inspector.GetStringAsync($"/api/v1/reports/index-766/dossiers?indicator=3.2&input=receivedDossiers&agency={DemoData.ThuanHoaCode}&month=2025-11&page=1");
        Assert.True(JsonDocument.Parse(receivedRows).RootElement.GetProperty("total").GetInt64() == after["3.2"].Denominator, receivedRows);

        // 3.4: a dossier of ours received in November with an online payment counts; refunded in part it still counts;
        // refunded in full it is no payment of the dossier.
        var api = app.ApiClient(DemoData.ApiKey);
        var submitted = await api.SubmitAsync(Requests.Dossier());
        var text = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, text);
        var ours = JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()!;
        await app.ScalarAsync($"""
            UPDATE dossiers SET received_at = '2025-11-17T09:00:00+07:00', clock_started_at = '2025-11-17T09:00:00+07:00', status = 4 WHERE code = '{ours}' RETURNING 1
            """);
        before = await Index766Async(inspector);
        await app.ScalarAsync($"""
            INSERT INTO payments (dossier_id, amount_vnd, method, paid_at, recorded_at)
            SELECT id, 8000, 'online', '2025-11-17T09:10:00+07:00', '2025-11-17T09:10:00+07:00' FROM dossiers WHERE code = '{ours}' RETURNING 1
            """);
        var paid = await Index766Async(inspector);
        Assert.Equal(before["3.4"].Numerator + 1, paid["3.4"].Numerator);
        async Task RefundAsync(long vnd) => await app.ScalarAsync($"""
            INSERT INTO payment_refunds (payment_id, amount_vnd, method, reason, refunded_at, recorded_at, refunded_by)
            SELECT p.id, {vnd}, 'transfer', 'Hoàn trả', now(), now(), (SELECT min(id) FROM users) FROM payments p JOIN dossiers d ON d.id = p.dossier_id
            WHERE d.code = '{ours}' RETURNING 1
            """);
        await RefundAsync(3000);
        Assert.Equal(paid["3.4"], (await Index766Async(inspector))["3.4"]);
        await RefundAsync(5000);
        var refunded = await Index766Async(inspector);
        Assert.Equal(paid["3.4"].Numerator - 1, refunded["3.4"].Numerator);
        Assert.Equal(paid["3.4"].Denominator, refunded["3.4"].Denominator);
    }

    [Fact]
    public async Task A_dossier_with_no_portal_row_yet_is_pending_and_a_bulk_repush_names_codes_no_dossier_holds()
    {
        // No portal configured: no dvcqg row is ever written, so the dossier is not on the portal (was "synced", 0 attempts).
        using (var plain = new MotCuaApp())
        {
            plain.Clock.Now = Now;
            var created = await plain.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095100011"));
            var code = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;
            Assert.Equal(0, await plain.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'"));
            var state = await (await plain.OfficerAsync("tiepnhan.thuanhoa")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync");
            Assert.Equal("pending", state.GetProperty("state").GetString());
            Assert.Equal(0, state.GetProperty("attempts").GetInt32());
        }

        using var app = new MotCuaApp();
        app.Settings["Motcua:Portal:SyncUrl"] = "http://127.0.0.1:9/dvcqg/sync";
        app.Clock.Now = Now;
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095100012"));
        var ours = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;
        var nobody = $"{DemoData.ThuanHoaCode}-251118-9876";
        var admin = await app.OfficerAsync("quantri");
        var done = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { codes = new[] { ours, nobody } }).OkAsync(HttpStatusCode.Accepted);
        Assert.Equal(1, done.GetProperty("dossiers").GetInt32());
        Assert.Equal([nobody], done.GetProperty("unknown").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(done.GetProperty("monitored").EnumerateArray());
    }
}
