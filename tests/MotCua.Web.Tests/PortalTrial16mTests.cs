using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, fresh trial (brief p16m): the portal's Retry-After holds its rows and its recovery probe (through the simulator
/// process), the sync view's next attempt is when the next row really leaves, a monitored dossier is never re-pushed, and
/// the monitoring ingest refuses a status regression, a due instant before the reception and a reception in the future.
/// </summary>
public class PortalTrial16mTests
{
    private static async Task<string> SubmitAsync(MotCuaApp app, int n)
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: $"0460951{n:D5}"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<JsonElement> SyncAsync(MotCuaApp app, string code) =>
        await (await app.OfficerAsync("thanhtra")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync");

    [Fact]
    public async Task A_retry_after_holds_every_waiting_row_and_the_probe_and_the_view_says_when_the_next_row_leaves()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var _ = portal;
        using var __ = app;
        await portal.ControlAsync(new { mode = "outage", status = 503, retryAfter = 45 });
        var code = await SubmitAsync(app, 1);
        var failedAt = app.Clock.Now;
        await Waiting.Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND outcome = 'failed'") >= 1,
            "lần gửi bị Cổng trả 503");
        // Every row of the portal waiting, the first and those behind it alike, leaves no sooner than the portal asked.
        var asked = failedAt.AddSeconds(45);
        await Waiting.Until(async () => await app.ScalarAsync(
                $"SELECT count(*) FROM outbox WHERE target = 'dvcqg' AND delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at < '{asked:O}'") == 0,
            "mọi thư chờ gửi Cổng đều chờ đến hết Retry-After");
        var sync = await SyncAsync(app, code);
        var last = sync.GetProperty("lastAttemptAt").GetDateTimeOffset();
        var next = sync.GetProperty("nextAttemptAt").GetDateTimeOffset();
        Assert.True(next >= last && next >= asked, $"nextAttemptAt {next:O}, lastAttemptAt {last:O}, Retry-After đến {asked:O}");
        Assert.True(next <= failedAt.AddMinutes(16), $"nextAttemptAt {next:O} quá xa");
        // While the Retry-After runs (the app's clock stands still) no probe is sent: every attempt so far is at failedAt.
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND at > '{failedAt:O}'"));

        // Past it, the probe goes (the portal still out: a second failure, held again), and when the portal is back all leaves.
        app.Clock.Now = asked.AddSeconds(1);
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND at > '{failedAt:O}'") >= 1,
            "lần thăm dò sau Retry-After");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND at > '{failedAt:O}' AND at < '{asked:O}'"));
        await portal.ControlAsync(new { mode = "normal" });
        app.Clock.Now = app.Clock.Now.AddMinutes(2);
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND delivered_at IS NULL") == 0,
            "mọi thư của hồ sơ đã gửi khi Cổng trở lại");
        Assert.Equal("synced", (await SyncAsync(app, code)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_monitored_dossier_is_never_re_pushed_and_the_monitoring_ingest_refuses_nonsense()
    {
        using var app = new MotCuaApp();
        app.Settings["Motcua:Portal:SyncUrl"] = "http://127.0.0.1:9/dvcqg/sync";
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);
        var ministry = app.ApiClient(DemoData.PortalApiKey);
        var code = "G01.BTP-251117-" + Random.Shared.Next(10_000, 99_999);
        Dictionary<string, string> HoSo(string status, string received = "20251117083000", string due = "20251120170000") => new()
        {
            ["MaHoSo"] = code, ["MaTTHC"] = "1.001193", ["TenTTHC"] = "Đăng ký khai sinh", ["MaDonViTiepNhan"] = DemoData.ThuanHoaCode, ["KenhThucHien"] = "2",
            ["ChuHoSo"] = "Đặng Thị Thu", ["SoGiayToChuHoSo"] = "046195001122", ["LoaiDoiTuong"] = "1", ["TrangThaiHoSo"] = status,
            ["NgayNopHoSo"] = "20251117080000", ["NgayTiepNhan"] = received, ["NgayHenTra"] = due,
            ["NgayKetThucXuLy"] = status == "10" ? "20251118080000" : "", ["NgayTra"] = status == "10" ? "20251118080000" : "", ["GhiChu"] = "",
        };
        async Task<JsonElement> Ingest(Dictionary<string, string> hoSo)
        {
            var response = await ministry.PostAsJsonAsync("/api/v1/monitoring/dossiers", new { service = "DongBoHoSoMC", isUpdating = "false", data = new[] { hoSo } });
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        static JsonElement Refusal(JsonElement answer) => answer.GetProperty("refused").EnumerateArray().Single().GetProperty("errors");

        // A reception in the future, a due instant before the reception: refused, each naming its field; nothing stored.
        var future = await Ingest(HoSo("2", received: "20251119083000"));
        Assert.True(Refusal(future).TryGetProperty("NgayTiepNhan", out _), future.ToString());
        var early = await Ingest(HoSo("2", due: "20251116170000"));
        Assert.True(Refusal(early).TryGetProperty("NgayHenTra", out _), early.ToString());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}'"));

        // Returned (10), then sent back to 2: the portal's transitions refuse the regression; the dossier stays at 10.
        Assert.Equal(1, (await Ingest(HoSo("10"))).GetProperty("accepted").GetInt32());
        var regression = await Ingest(HoSo("2"));
        Assert.True(Refusal(regression).TryGetProperty("TrangThaiHoSo", out _), regression.ToString());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND status = 10"));

        // A re-push of it: 409 portal-dossier-monitored, nothing queued.
        var admin = await app.OfficerAsync("quantri");
        var repush = await admin.PostAsJsonAsync($"/api/v1/dossiers/{code}/sync/repush", new { });
        Assert.Equal(HttpStatusCode.Conflict, repush.StatusCode);
        Assert.EndsWith("/portal-dossier-monitored", (await repush.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'"));

        // A push with several wrong fields, of the portal's own and of intake's: one 422 names them all.
        var push = PortalInboundTests.Push($"000.00.00.G22-251117-{Random.Shared.Next(10_000, 99_999)}");
        push["LoaiDoiTuong"] = "3";
        push["ChuHoSo"] = "";
        push["TaiLieuNop"]![1]!["DuocTaiSuDung"] = "5";
        push["DuocThanhToanTrucTuyen"] = "1";
        push["DanhSachLePhi"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["TenPhiLePhi"] = "Lệ phí", ["Gia"] = "abc" });
        var pushed = await ministry.PostAsync("/api/v1/portal/dossiers", new StringContent(push.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var pushText = await pushed.Content.ReadAsStringAsync();
        Assert.True(pushed.StatusCode == HttpStatusCode.UnprocessableEntity, pushText);
        var named = JsonDocument.Parse(pushText).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var field in new[] { "LoaiDoiTuong", "ChuHoSo", "TaiLieuNop[1].DuocTaiSuDung", "DanhSachLePhi[0].Gia" })
            Assert.True(named.Contains(field), $"{field} không được nêu: {pushText}");

        // An empty list of codes is a 422 naming codes; a backlog page below 1 is page 1.
        var empty = await admin.PostAsJsonAsync("/api/v1/admin/portal/repush", new { codes = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("codes", out _));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/portal/backlog?page=-1")).StatusCode);
    }
}
