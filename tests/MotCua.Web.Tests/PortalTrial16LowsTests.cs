using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.NationalPortal;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, the remaining LOWs of trials 16f and 16g (brief p16q): one 422 of a portal push names every wrong field
/// (LoaiDoiTuong beside SoGiayToChuHoSo, DuocThanhToanTrucTuyen beside a fee's Gia, a portal field beside the e-form's);
/// the monitoring ingest names a future submission beside a future reception, a due date a century ahead and a date before
/// the two-level government, and names a wrong service beside wrong-typed data; a portal row's next attempt is shown only
/// while it waits; a supplement request names every bad line and drops none; a pushed file must be on the portal's scheme,
/// host and port; the sync page names the codes a re-push did not find; with no portal configured the sync state says so.
/// </summary>
public class PortalTrial16LowsTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly DateTimeOffset Now = new(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);

    private static string NewPortalCode() => $"000.00.00.G22-251117-{Random.Shared.Next(100_000, 999_999)}";

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private async Task<string[]> NamedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private async Task<string> PushAsync()
    {
        using var portal = app.ApiClient(DemoData.PortalApiKey);
        var pushed = await portal.PostAsync("/api/v1/portal/dossiers", Json(PortalInboundTests.Push(NewPortalCode())));
        var text = await pushed.Content.ReadAsStringAsync();
        Assert.True(pushed.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task One_push_422_names_the_kind_and_the_identifier_the_payment_flag_and_the_amount_and_the_e_form()
    {
        app.Clock.Now = Now;
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        using var portal = app.ApiClient(DemoData.PortalApiKey);

        // LoaiDoiTuong "3" hid SoGiayToChuHoSo "12"; the e-form's missing child name was hidden by any portal field.
        var body = PortalInboundTests.Push(NewPortalCode());
        body["LoaiDoiTuong"] = "3";
        body["SoGiayToChuHoSo"] = "12";
        body["DuLieuToKhai"]!.AsObject().Remove("hoTenTre");
        Assert.Equal(new[] { "DuLieuToKhai.hoTenTre", "LoaiDoiTuong", "SoGiayToChuHoSo" }, await NamedAsync(await portal.PostAsync("/api/v1/portal/dossiers", Json(body))));

        // DuocThanhToanTrucTuyen "9" hid DanhSachLePhi[0].Gia "-5".
        body = PortalInboundTests.Push(NewPortalCode());
        body["DuocThanhToanTrucTuyen"] = "9";
        body["DanhSachLePhi"] = new JsonArray(new JsonObject { ["TenPhiLePhi"] = "Lệ phí", ["Gia"] = "-5" });
        Assert.Equal(new[] { "DanhSachLePhi[0].Gia", "DuocThanhToanTrucTuyen" }, await NamedAsync(await portal.PostAsync("/api/v1/portal/dossiers", Json(body))));

        // A valid identifier under an unreadable kind is named only with the kinds it fits; unpaid ("3") amounts are not read.
        body = PortalInboundTests.Push(NewPortalCode());
        body["LoaiDoiTuong"] = "3";
        var response = await portal.PostAsync("/api/v1/portal/dossiers", Json(body));
        Assert.Contains("SoGiayToChuHoSo", await NamedAsync(response));
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    private async Task<JsonElement> IngestAsync(object item)
    {
        var response = await app.ApiClient(DemoData.PortalApiKey).PostAsJsonAsync("/api/v1/monitoring/dossiers", new { service = "DongBoHoSoMC", isUpdating = "true", data = new[] { item } });
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static Dictionary<string, string> HoSo(params (string Key, string Value)[] overrides)
    {
        var hoSo = new Dictionary<string, string>
        {
            ["MaHoSo"] = "G01.BTP-251117-" + Random.Shared.Next(100_000, 999_999), ["MaTTHC"] = "1.001193", ["MaDonViTiepNhan"] = DemoData.ThuanHoaCode,
            ["KenhThucHien"] = "2", ["ChuHoSo"] = "Đặng Thị Thu", ["SoGiayToChuHoSo"] = "046195001122", ["LoaiDoiTuong"] = "1", ["TrangThaiHoSo"] = "2",
            ["NgayNopHoSo"] = "20251117080000", ["NgayTiepNhan"] = "20251117083000", ["NgayHenTra"] = "20251120170000",
        };
        foreach (var (key, value) in overrides) hoSo[key] = value;
        return hoSo;
    }

    private static string[] Refused(JsonElement answer)
    {
        Assert.True(answer.GetProperty("accepted").GetInt32() == 0, answer.ToString());
        return [.. answer.GetProperty("refused").EnumerateArray().Single().GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task The_monitoring_ingest_names_a_future_submission_a_far_due_date_and_a_date_before_the_two_level_government()
    {
        app.Clock.Now = Now;
        Assert.Equal(new[] { "NgayNopHoSo", "NgayTiepNhan" }, Refused(await IngestAsync(HoSo(("NgayNopHoSo", "20251119080000"), ("NgayTiepNhan", "20251119083000"),
            ("NgayHenTra", "20251125170000")))));
        Assert.Equal(new[] { "NgayHenTra" }, Refused(await IngestAsync(HoSo(("NgayHenTra", "21001231170000")))));
        Assert.Equal(new[] { "NgayNopHoSo" }, Refused(await IngestAsync(HoSo(("TrangThaiHoSo", "1"), ("NgayNopHoSo", "20000101080000"),
            ("NgayTiepNhan", ""), ("NgayHenTra", "")))));
        // A due date within the bound is taken.
        Assert.Equal(1, (await IngestAsync(HoSo(("NgayHenTra", "20271231170000")))).GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task A_wrong_service_is_named_beside_wrong_typed_data()
    {
        using var client = app.ApiClient(DemoData.PortalApiKey);
        Assert.Equal(new[] { "data", "service" }, await NamedAsync(await client.PostAsync("/api/v1/monitoring/dossiers", Json(new JsonObject { ["service"] = "x", ["data"] = "y" }))));
        Assert.Equal(new[] { "data", "service" }, await NamedAsync(await client.PostAsync("/api/v1/monitoring/dossiers", Json(new JsonObject { ["service"] = "x", ["data"] = new JsonArray() }))));
        // A right service beside wrong data names only data.
        Assert.Equal(new[] { "data" }, await NamedAsync(await client.PostAsync("/api/v1/monitoring/dossiers", Json(new JsonObject { ["Service"] = "DongBoHoSoMC", ["data"] = 5 }))));
    }

    [Fact]
    public async Task A_supplement_request_names_every_bad_line_and_takes_nothing_until_all_are_right()
    {
        app.Clock.Now = Now;
        var code = await PushAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var bad = new
        {
            items = new object[]
            {
                new { document = "Giấy chứng sinh", reason = "" },
                new { document = "", reason = "Chưa đính kèm" },
                new { document = " ", reason = " " },
                new { document = "Giấy xác nhận cư trú", reason = "Bản chụp mờ" },
                new { document = "Tờ khai", reason = (string?)null },
            },
        };
        Assert.Equal(new[] { "items[0].reason", "items[1].document", "items[2]", "items[4].reason" },
            await NamedAsync(await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", bad)));
        Assert.Equal(1, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
        // Corrected, the request is taken whole: every line on the notice.
        var good = new { items = new[] { new { document = "Giấy chứng sinh", reason = "Thiếu dấu" }, new { document = "Giấy xác nhận cư trú", reason = "Bản chụp mờ" } } };
        var asked = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", good);
        Assert.True(asked.StatusCode == HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        Assert.Equal(2, await app.ScalarAsync($"SELECT jsonb_array_length(supplement_items) FROM dossiers WHERE code = '{code}'"));
    }

    [Fact]
    public async Task With_no_portal_configured_the_state_stays_pending_and_says_why_and_a_rows_next_attempt_shows_only_while_it_waits()
    {
        app.Clock.Now = Now;
        var code = await PushAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var state = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync");
        output.WriteLine(state.ToString());
        Assert.Equal("pending", state.GetProperty("state").GetString());
        Assert.False(state.GetProperty("configured").GetBoolean());
        Assert.Contains("chưa cấu hình", state.GetProperty("message").GetString(), StringComparison.Ordinal);
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/cong-dvcqg");
        Assert.Contains("id=\"not-configured\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"backlog\"", page, StringComparison.Ordinal);

        // Rows written while a portal was configured: one delivered, one dead, one waiting.
        foreach (var (delivered, dead) in new[] { ("now()", "NULL"), ("NULL", "now()"), ("NULL", "NULL") })
            await app.ScalarAsync($"""
                INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at, delivered_at, dead_at)
                VALUES ('portal.hoso', jsonb_build_object(), now(), gen_random_uuid(), 'dvcqg', 'dvcqg:{code}', now() + interval '1 hour', {delivered}, {dead})
                """);
        state = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync");
        output.WriteLine(state.ToString());
        var messages = state.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["delivered", "dead", "queued"], messages.Select(m => m.GetProperty("state").GetString()));
        Assert.Equal([JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.String], messages.Select(m => m.GetProperty("nextAttemptAt").ValueKind));
        Assert.Equal(JsonValueKind.Null, state.GetProperty("message").ValueKind);
    }

    [Fact]
    public void A_pushed_file_is_fetched_only_from_the_portals_scheme_host_and_port()
    {
        var settings = new PortalOptions { SyncUrl = "http://portal.example.vn:8080/dvcqg/sync" };
        Assert.True(PortalFileTarget.IsOnPortal(new Uri("http://portal.example.vn:8080/tep/1.pdf"), settings));
        Assert.False(PortalFileTarget.IsOnPortal(new Uri("http://portal.example.vn:9090/tep/1.pdf"), settings));
        Assert.False(PortalFileTarget.IsOnPortal(new Uri("https://portal.example.vn:8080/tep/1.pdf"), settings));
        Assert.False(PortalFileTarget.IsOnPortal(new Uri("http://169.254.169.254/latest/meta-data"), settings));
        settings.FileHosts = ["tep.dichvucong.gov.vn", "http://127.0.0.1:5005"];
        Assert.True(PortalFileTarget.IsOnPortal(new Uri("https://tep.dichvucong.gov.vn/a.pdf"), settings));
        Assert.False(PortalFileTarget.IsOnPortal(new Uri("https://tep.dichvucong.gov.vn:8443/a.pdf"), settings));
        Assert.False(PortalFileTarget.IsOnPortal(new Uri("http://tep.dichvucong.gov.vn/a.pdf"), settings));
        Assert.True(PortalFileTarget.IsOnPortal(new Uri("http://127.0.0.1:5005/a.pdf"), settings));
        Assert.False(PortalFileTarget.IsOnPortal(new Uri("http://127.0.0.1:5006/a.pdf"), settings));
        Assert.False(PortalFileTarget.IsOnPortal(new Uri("http://portal.example.vn:8080/tep/1.pdf"), settings));
    }

    [Fact]
    public async Task The_sync_page_names_the_codes_a_re_push_did_not_find()
    {
        using var configured = new MotCuaApp();
        // A portal address nothing answers at: the outbox is off, nothing is sent; the re-push only queues.
        configured.Settings["Motcua:Portal:SyncUrl"] = "http://127.0.0.1:9/dvcqg/sync";
        // The push's files are on the portal's file host, which a push is now checked against (trial 16i LOW 6).
        configured.Settings["Motcua:Portal:FileHosts:0"] = "dichvucong.gov.vn";
        configured.Clock.Now = Now;
        using var portal = configured.ApiClient(DemoData.PortalApiKey);
        var pushed = await portal.PostAsync("/api/v1/portal/dossiers", Json(PortalInboundTests.Push(NewPortalCode())));
        var code = JsonDocument.Parse(await pushed.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;
        var unknown = Regex.Replace(code, @"\d{4}$", "9999");
        Assert.NotEqual(code, unknown);
        var admin = await configured.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/cong-dvcqg");
        var posted = await admin.PostAsync("/quan-tri/cong-dvcqg?handler=Repush", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["code"] = unknown,
        }));
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        page = WebUtility.HtmlDecode(await admin.GetStringAsync("/quan-tri/cong-dvcqg"));
        Assert.Contains($"Không tìm thấy: {unknown}.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_Zalo_result_ready_message_says_the_way_the_applicant_chose()
    {
        var latest = "FROM notification_templates WHERE event = 'resultReady' AND channel = 'zalo' AND version = (SELECT max(version) FROM notification_templates WHERE event = 'resultReady' AND channel = 'zalo')";
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) {latest} AND body LIKE '%{{nhanKetQua}}%' AND body NOT LIKE '%{{coQuan}}%' AND zns_params ? 'nhanKetQua' AND NOT zns_params ? 'coQuan'"));
    }
}
