using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, trial 16i LOWs: a push with fields of the wrong JSON type names every other problem in the same 422 (LOW 5); a
/// pushed file URL off the portal's hosts is refused at push time naming its field (LOW 6); a probe's answer is not shown
/// as an attempt's (LOW 7); a monitored dossier shows no invented return method (LOW 8).
/// </summary>
public class PortalTrial16iLowsTests
{
    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_push_with_wrong_types_names_every_other_problem_in_the_same_422()
    {
        using var app = new MotCuaApp();
        using var portal = app.ApiClient(DemoData.PortalApiKey);
        var wrong = await portal.PostAsync("/api/v1/portal/dossiers",
            Json("""{"MaHoSo":123,"MaTTHC":1.001193,"KenhThucHien":2,"LoaiDoiTuong":"3","NgayNopHoSo":"2026-12-05"}"""));
        var text = await wrong.Content.ReadAsStringAsync();
        Assert.True(wrong.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var named = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var field in new[] { "MaHoSo", "MaTTHC", "KenhThucHien", "LoaiDoiTuong", "NgayNopHoSo", "ChuHoSo", "MaDonViTiepNhan" })
            Assert.True(named.Contains(field), $"{field} không được nêu: {text}");
    }

    [Fact]
    public async Task A_pushed_file_off_the_portal_is_refused_at_push_time_naming_its_field()
    {
        using var app = new MotCuaApp();
        // A portal configured (no outbox: nothing leaves): its origin is where pushed files may come from.
        app.Settings["Motcua:Portal:SyncUrl"] = "https://portal.example.vn/dvcqg/sync";
        app.Settings["Motcua:Portal:Auth"] = "None";
        using var portal = app.ApiClient(DemoData.PortalApiKey);
        var body = PortalInboundTests.Push($"000.00.00.G22-251117-{Random.Shared.Next(10_000, 99_999)}");
        body["TaiLieuNop"]![0]!["DuongDanTaiTepTin"] = "http://169.254.169.254/latest/meta-data";
        body["TaiLieuNop"]![1]!["DuongDanTaiTepTin"] = "https://portal.example.vn/tep/8842-2.pdf";
        var off = await portal.PostAsync("/api/v1/portal/dossiers", Json(body.ToJsonString()));
        var text = await off.Content.ReadAsStringAsync();
        Assert.True(off.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains("không thuộc máy chủ của Cổng", errors.GetProperty("TaiLieuNop[0].DuongDanTaiTepTin")[0].GetString(), StringComparison.Ordinal);
        Assert.False(errors.TryGetProperty("TaiLieuNop[1].DuongDanTaiTepTin", out _), text);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE portal_code = '{body["MaHoSo"]}'"));
        // The same push with its file on the portal is taken.
        body["TaiLieuNop"]![0]!["DuongDanTaiTepTin"] = "https://portal.example.vn/tep/8842-1.pdf";
        var good = await portal.PostAsync("/api/v1/portal/dossiers", Json(body.ToJsonString()));
        Assert.True(good.StatusCode == HttpStatusCode.Created, await good.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_probe_s_answer_is_not_shown_as_an_attempt_s()
    {
        var probed = new PortalFileView(0, PortalFileState.Fetching, null, null, null, OutboxWorker.ProbePrefix + "Không tải được tệp", 1);
        Assert.Equal("Tệp đang tải từ Cổng DVCQG (đã thử 1 lần; thăm dò sau đó: Không tải được tệp)", probed.Vietnamese);
        var tried = new PortalFileView(0, PortalFileState.Fetching, null, null, null, "503", 2);
        Assert.Equal("Tệp đang tải từ Cổng DVCQG (đã thử 2 lần: 503)", tried.Vietnamese);
    }

    [Fact]
    public async Task A_monitored_dossier_shows_no_return_method_the_ministry_did_not_send()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);
        var code = "G01.BTP-251117-" + Random.Shared.Next(10_000, 99_999);
        var hoSo = new JsonObject
        {
            ["MaHoSo"] = code, ["MaTTHC"] = "1.001193", ["TenTTHC"] = "Đăng ký khai sinh", ["MaDonViTiepNhan"] = DemoData.ThuanHoaCode, ["KenhThucHien"] = "2",
            ["ChuHoSo"] = "Đặng Thị Thu", ["SoGiayToChuHoSo"] = "046195001122", ["LoaiDoiTuong"] = "1", ["TrangThaiHoSo"] = "2",
            ["NgayNopHoSo"] = "20251117080000", ["NgayTiepNhan"] = "20251117083000", ["NgayHenTra"] = "20251120170000",
            ["NgayKetThucXuLy"] = "", ["NgayTra"] = "", ["NgayTuChoi"] = "", ["GhiChu"] = "",
        };
        var ingest = await app.ApiClient(DemoData.PortalApiKey).PostAsync("/api/v1/monitoring/dossiers",
            Json(new JsonObject { ["service"] = "DongBoHoSoMC", ["isUpdating"] = "true", ["data"] = new JsonArray(hoSo) }.ToJsonString()));
        var text = await ingest.Content.ReadAsStringAsync();
        Assert.True(ingest.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32() == 1, text);
        var page = WebUtility.HtmlDecode(await (await app.OfficerAsync("thanhtra")).GetStringAsync($"/ho-so/{code}"));
        var shown = page[page.IndexOf("id=\"result-delivery\"", StringComparison.Ordinal)..];
        shown = shown[..shown.IndexOf("</dd>", StringComparison.Ordinal)];
        Assert.Contains("Không có thông tin", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("tài khoản dịch vụ công", shown, StringComparison.Ordinal);
    }
}
