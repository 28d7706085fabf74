using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, fresh trial (brief p16n): a monitored dossier returned on the ministry's system is read (no return method), a
/// progress step obeys the portal's status transitions like a HoSo, Mẫu 05 of an online dossier stopped before acceptance
/// prints, the monitoring ingest refuses dates that contradict each other or the clock, and a portal recovering from a
/// Retry-After releases every held row, the ones never tried included (through the simulator process).
/// </summary>
public class PortalTrial16nTests(ITestOutputHelper output)
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

    private async Task<JsonElement> IngestAsync(MotCuaApp app, string service, object item)
    {
        var response = await app.ApiClient(DemoData.PortalApiKey).PostAsJsonAsync("/api/v1/monitoring/dossiers", new { service, isUpdating = "true", data = new[] { item } });
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static object Step(string code, string status, string at) =>
        new { MaHoSo = code, NguoiXuLy = "Nguyễn Văn Hải", ChucDanh = "Chuyên viên", ThoiDiemXuLy = at, PhongBanXuLy = "Vụ Hộ tịch", NoiDungXuLy = "Thẩm định", TrangThai = status };

    private static void Accepted(JsonElement answer) => Assert.True(answer.GetProperty("accepted").GetInt32() == 1, answer.ToString());

    private static string RefusedField(JsonElement answer, string field)
    {
        Assert.True(answer.GetProperty("accepted").GetInt32() == 0, answer.ToString());
        var errors = answer.GetProperty("refused").EnumerateArray().Single().GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{field} không được nêu: {answer}");
        return messages[0].GetString()!;
    }

    [Fact]
    public async Task A_monitored_dossier_returned_on_the_ministrys_system_is_read_with_no_return_method()
    {
        // HIGH 1: GET /api/v1/dossiers/{code} answered 500 (ReturnMethod!.Value) to the inspector, the leader and the system.
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var code = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "10", ("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251118083000"))));
        foreach (var client in new[] { await app.OfficerAsync("thanhtra"), await app.OfficerAsync("lanhdao.thuanhoa"), app.ApiClient(DemoData.PortalApiKey) })
        {
            var view = await client.GetAsync($"/api/v1/dossiers/{code}").OkAsync();
            var returned = view.GetProperty("processing").GetProperty("return");
            Assert.Equal(new DateTimeOffset(2025, 11, 18, 8, 30, 0, VietnamTime.Offset), returned.GetProperty("at").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Null, returned.GetProperty("method").ValueKind);
        }
        // A dossier the ministry stopped has no Mẫu 05 of ours (its stop carries no reason here): 409, not a 500.
        var stopped = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(stopped, "8", ("NgayKetThucXuLy", "20251118080000"))));
        var notice = await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetAsync($"/api/v1/dossiers/{stopped}/stop-notice.pdf");
        Assert.True(notice.StatusCode == HttpStatusCode.Conflict, await notice.Content.ReadAsStringAsync());
        var page = await (await app.OfficerAsync("lanhdao.thuanhoa")).GetAsync($"/ho-so/{code}");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("08:30 18/11/2025", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_progress_step_cannot_move_a_monitored_dossier_where_its_HoSo_could_not()
    {
        // HIGH 2: a step with TrangThai 4 took a returned dossier (10) back to 4; a refused one (3) went to 1, then a HoSo to 2.
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var returned = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "10", ("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251118083000"))));
        var hoSoRefusal = RefusedField(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "4")), "TrangThaiHoSo");
        var events = await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{returned}'");
        var stepRefusal = RefusedField(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(returned, "4", "20251118084000")), "TrangThai");
        Assert.Equal(hoSoRefusal, stepRefusal);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{returned}' AND status = 10"));
        Assert.Equal(events, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{returned}'"));
        // A step at the status the dossier has is a step like any other.
        Accepted(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(returned, "10", "20251118084000")));

        var refused = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(refused, "3", ("NgayTiepNhan", ""), ("NgayHenTra", ""), ("NgayTuChoi", "20251117090000"), ("GhiChu", "Thiếu tờ khai"))));
        RefusedField(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(refused, "1", "20251117093000")), "TrangThai");
        RefusedField(await IngestAsync(app, "DongBoHoSoMC", HoSo(refused, "2", ("NgayTuChoi", "20251117090000"))), "TrangThaiHoSo");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{refused}' AND status = 3"));
    }

    [Fact]
    public async Task The_monitoring_ingest_refuses_dates_that_contradict_each_other_or_the_clock_and_stores_nothing()
    {
        // MEDIUM 4. The clock: 09:00 18/11/2025, Vietnam time; submitted 08:00 17/11, received 08:30 17/11.
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var cases = new (string Field, string Status, (string, string)[] Dates)[]
        {
            ("NgayTiepNhan", "2", [("NgayTiepNhan", "20251117070000")]),
            ("NgayKetThucXuLy", "9", [("NgayKetThucXuLy", "20251107083000")]),
            ("NgayKetThucXuLy", "9", [("NgayKetThucXuLy", "20251128090000")]),
            ("NgayTra", "10", [("NgayKetThucXuLy", "20251117090000"), ("NgayTra", "20251117070000")]),
            ("NgayTra", "10", [("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251120090000")]),
            ("NgayTra", "10", [("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251118070000")]),
            ("NgayTuChoi", "3", [("NgayTiepNhan", ""), ("NgayHenTra", ""), ("NgayTuChoi", "20251218090000")]),
            ("NgayTuChoi", "3", [("NgayTiepNhan", ""), ("NgayHenTra", ""), ("NgayTuChoi", "20251116090000")]),
        };
        foreach (var (field, status, dates) in cases)
        {
            var code = NewCode();
            RefusedField(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, status, dates)), field);
            Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}'"));
        }

        // Within the clock-skew allowance (5 minutes) a reception "after now" is taken; the steps' times are checked too.
        var kept = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(kept, "2", ("NgayTiepNhan", "20251118090400"))));
        var events = await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{kept}'");
        RefusedField(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(kept, "2", "20300101080000")), "ThoiDiemXuLy");
        RefusedField(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(kept, "2", "20200101080000")), "ThoiDiemXuLy");
        Assert.Equal(events, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{kept}'"));
        Accepted(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(kept, "2", "20251118090400")));
    }

    [Fact]
    public async Task Mau_05_of_an_online_dossier_stopped_before_acceptance_names_its_online_submission()
    {
        // HIGH 3: ReceivedAt!.Value answered 500 for a pushed dossier stopped at 5, or withdrawn from 5 and stopped.
        using var app = new MotCuaApp();
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var portal = app.ApiClient(DemoData.PortalApiKey);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var supplement = new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp không đọc được" } } };
        foreach (var withdrawn in new[] { true, false })
        {
            var portalCode = $"000.00.00.G22-251117-{Random.Shared.Next(10_000, 99_999)}";
            var pushed = await portal.PostAsync("/api/v1/portal/dossiers",
                new StringContent(PortalInboundTests.Push(portalCode).ToJsonString(), System.Text.Encoding.UTF8, "application/json")).OkAsync(HttpStatusCode.Created);
            var code = pushed.GetProperty("code").GetString()!;
            await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", supplement).OkAsync();
            if (withdrawn) await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/withdraw", new { reason = "Gia đình nộp lại sau" }).OkAsync();
            Assert.Equal(8, (await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/stop", new { reason = "Công dân không bổ sung hồ sơ" }).OkAsync()).GetProperty("status").GetInt32());

            var response = await desk.GetAsync($"/api/v1/dossiers/{code}/stop-notice.pdf");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var path = Path.Combine(Path.GetTempPath(), $"p16n-mau05-{code}.pdf");
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            var text = Regex.Replace(MotCuaApp.Tool("pdftotext", $"-layout {path} -"), @"\s+", " ");
            File.Delete(path);
            output.WriteLine(text);
            Assert.Contains("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", text, StringComparison.Ordinal);
            Assert.Contains("Ngày 17 tháng 11 năm 2025, Ông/Bà Lê Thị Hồng nộp trực tuyến hồ sơ", text, StringComparison.Ordinal);
            Assert.Contains("chưa được tiếp nhận", text, StringComparison.Ordinal);
            Assert.DoesNotContain("tiếp nhận hồ sơ đề nghị", text, StringComparison.Ordinal);
            Assert.Contains(portalCode, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task After_a_retry_after_hold_the_first_answer_releases_the_rows_never_tried_too()
    {
        // MEDIUM 5: the held HoSo left at recovery, the step row behind it (never tried: attempts 0) kept the 15-minute hold.
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var _ = portal;
        using var __ = app;
        await portal.ControlAsync(new { mode = "outage", status = 503, retryAfter = 900 });
        var first = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095100001"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var code = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var asked = app.Clock.Now.AddSeconds(900);
        await Waiting.Until(async () => await app.ScalarAsync(
                $"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND delivered_at IS NULL AND next_attempt_at >= '{asked:O}'") == 2,
            "hai thư của hồ sơ chờ đến hết Retry-After");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND attempts = 0"));

        // The portal is back; a dossier created during the hold is sent when due, and that answer releases every held row:
        // both rows of the first dossier leave with the app's clock standing still, 15 minutes before the hold ends.
        await portal.ControlAsync(new { mode = "normal" });
        var later = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095100002"));
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND delivered_at IS NULL") == 0,
            "mọi thư của hồ sơ bị giữ đã gửi khi Cổng trả lời lại");
        Assert.Equal("synced", (await (await app.OfficerAsync("thanhtra")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_portal_feedback_without_its_code_names_every_other_wrong_field_too()
    {
        // LOW C: an empty portalCode was the only field named, hiding every other error of the body.
        using var app = new MotCuaApp();
        var problem = await app.ApiClient(DemoData.PortalApiKey).PostAsJsonAsync("/api/v1/portal/feedback",
            new { portalCode = "", kind = "x", senderName = "", senderAddress = "", content = "" }).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var named = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var field in new[] { "portalCode", "kind", "senderName", "senderAddress", "content" })
            Assert.True(named.Contains(field), $"{field} không được nêu: {problem}");
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM feedback WHERE channel = " + (int)MotCua.Domain.Feedback.FeedbackChannel.Portal));
    }

    [Fact]
    public async Task A_bulk_repush_skips_a_monitored_code_and_says_so()
    {
        // LOW D: the monitored dossier's code (its ministry's, not of our shape) refused the whole list with a 422.
        using var app = new MotCuaApp();
        app.Settings["Motcua:Portal:SyncUrl"] = "http://127.0.0.1:9/dvcqg/sync";
        app.Clock.Now = Now;
        var monitored = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(monitored, "4")));
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046095100003"));
        var ours = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var admin = await app.OfficerAsync("quantri");
        var done = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { codes = new[] { monitored, ours } }).OkAsync(HttpStatusCode.Accepted);
        Assert.Equal(1, done.GetProperty("dossiers").GetInt32());
        Assert.Equal([monitored], done.GetProperty("monitored").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{monitored}'"));
        // A code that is neither ours nor monitored is still a 422 naming it.
        var wrong = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { codes = new[] { ours, "G01.KHONG-CO" } }).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("codes[1]", out _), wrong.ToString());
    }
}
