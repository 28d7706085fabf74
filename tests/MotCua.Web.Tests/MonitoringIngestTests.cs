using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Reports;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, piece B: dossiers handled on a ministry's system received for monitoring (<c>POST /api/v1/monitoring/dossiers</c>)
/// in the portal's payload format, over real HTTP and PostgreSQL: upserted read-only with origin 3, steps recorded, every
/// processing action refused with a Vietnamese message, in no worklist, nothing sent out, counted in Biểu 06.
/// </summary>
public class MonitoringIngestTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static object HoSo(string code, string status, string? finished = null, string agency = DemoData.ThuanHoaCode, string procedure = "1.001193") => new Dictionary<string, string>
    {
        ["MaHoSo"] = code, ["MaTTHC"] = procedure, ["TenTTHC"] = "Đăng ký khai sinh", ["MaDonViTiepNhan"] = agency, ["KenhThucHien"] = "2",
        ["ChuHoSo"] = "Đặng Thị Thu", ["SoGiayToChuHoSo"] = "046195001122", ["LoaiDoiTuong"] = "1", ["TrangThaiHoSo"] = status,
        ["NgayNopHoSo"] = "20251117080000", ["NgayTiepNhan"] = "20251117083000", ["NgayHenTra"] = "20251120170000",
        ["NgayKetThucXuLy"] = finished ?? "", ["NgayTra"] = "", ["DonViXuLy"] = "Bộ Tư pháp", ["GhiChu"] = "",
    };

    private async Task<JsonElement> IngestAsync(object envelope)
    {
        var response = await app.ApiClient(DemoData.PortalApiKey).PostAsJsonAsync("/api/v1/monitoring/dossiers", envelope);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<long> ReceivedTotalAsync()
    {
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var view = await leader.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={DemoData.ThuanHoaCode}&from=2025-11-01&to=2025-11-30", Json);
        return view!.Total.ReceivedTotal;
    }

    [Fact]
    public async Task A_ministry_dossier_is_kept_read_only_out_of_worklists_and_sent_nowhere_but_counted_in_Bieu_06()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);
        var before = await ReceivedTotalAsync();
        var code = "G01.BTP-251117-" + Random.Shared.Next(10_000, 99_999);

        // One good HoSo and two the ingest cannot place: each refused on its own, with the field named.
        var first = await IngestAsync(new
        {
            service = "DongBoHoSoMC", isUpdating = "false",
            data = new[] { HoSo(code, "4"), HoSo("G01.BTP-251117-00001", "4", agency: "000.99.99.H46"), HoSo("G01.BTP-251117-00002", "4", procedure: "9.999999") },
        });
        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        var refused = first.GetProperty("refused").EnumerateArray().ToList();
        Assert.Equal(2, refused.Count);
        Assert.True(refused[0].GetProperty("errors").TryGetProperty("MaDonViTiepNhan", out _));
        Assert.True(refused[1].GetProperty("errors").TryGetProperty("MaTTHC", out _));

        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND origin = 3 AND status = 4 AND source_system = '{DemoData.PortalClientName}'"));
        var steps = await IngestAsync(new
        {
            service = "CapNhatTienDoHoSoMC",
            data = new[] { new { MaHoSo = code, NguoiXuLy = "Nguyễn Văn Hải", ChucDanh = "Chuyên viên", ThoiDiemXuLy = "20251117100000", PhongBanXuLy = "Vụ Hộ tịch", NoiDungXuLy = "Thẩm định hồ sơ", TrangThai = "4" } },
        });
        Assert.Equal(1, steps.GetProperty("accepted").GetInt32());
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'"));
        // A step of a dossier never sent for monitoring is refused naming MaHoSo.
        var unknown = await IngestAsync(new { service = "CapNhatTienDoHoSoMC", data = new[] { new { MaHoSo = "G01.KHONG-CO", NguoiXuLy = "A", ThoiDiemXuLy = "20251117100000", TrangThai = "4" } } });
        Assert.True(unknown.GetProperty("refused")[0].GetProperty("errors").TryGetProperty("MaHoSo", out _));

        // Read-only here: no action is offered, every one refused with the Vietnamese reason; in no worklist; nothing sent out.
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var specialist = await app.OfficerAsync("congchuc.thuanhoa");
        var dossier = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Empty(dossier.GetProperty("processing").GetProperty("allowedActions").EnumerateArray());
        foreach (var (client, path, body) in new (HttpClient, string, object)[]
        {
            (desk, "transfer", new { }), (specialist, "complete-step", new { note = "x" }), (desk, "withdraw", new { reason = "Công dân rút" }),
            (specialist, "supplement-request", new { items = new[] { new { document = "Giấy chứng sinh", reason = "Mờ" } } }),
        })
        {
            var refusedAction = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
            var text = await refusedAction.Content.ReadAsStringAsync();
            Assert.True(refusedAction.StatusCode == HttpStatusCode.Conflict, $"{path}: {(int)refusedAction.StatusCode} {text}");
            Assert.Contains("hệ thống của bộ, ngành", text, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM worklist_dossiers w JOIN dossiers d ON d.id = w.id WHERE d.code = '{code}'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key IN ('dossier:{code}', 'dvcqg:{code}')"));
        // Its sync state says so: monitored, not "synced" (fourth fresh trial LOW 6).
        Assert.Equal("monitored", (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync")).GetProperty("state").GetString());
        foreach (var list in new[] { "mine", "department", "to-receive", "overdue", "due-soon" })
            Assert.DoesNotContain(code, await desk.GetStringAsync($"/api/v1/worklists/{list}"), StringComparison.Ordinal);

        // Biểu 06 of the unit counts it, and its later result.
        Assert.Equal(before + 1, await ReceivedTotalAsync());
        var done = await IngestAsync(new { service = "DongBoHoSoMC", isUpdating = "true", data = new[] { HoSo(code, "9", finished: "20251118080000") } });
        Assert.Equal(1, done.GetProperty("accepted").GetInt32());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND status = 9 AND result_ready_at IS NOT NULL AND result_kind = 1"));
        Assert.Equal(before + 1, await ReceivedTotalAsync());
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var resolved = await leader.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={DemoData.ThuanHoaCode}&from=2025-11-01&to=2025-11-30", Json);
        Assert.True(resolved!.Total.ResolvedTotal >= 1);
    }

    [Fact]
    public async Task A_ministry_item_under_a_pushed_dossiers_portal_code_is_refused_naming_that_dossier_without_a_logged_unique_violation()
    {
        // Trial 16b LOW 12: "send again" was answered, which could never succeed, and a 23505 logged each time.
        var sink = new StartupLogTests.Sink();
        await using var logged = new StartupLogTests.LoggedApp(sink);
        logged.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var portalCode = $"000.00.00.G22-251117-{Random.Shared.Next(10_000, 99_999)}";
        using var portal = logged.ApiClient(DemoData.PortalApiKey);
        var pushed = await portal.PostAsync("/api/v1/portal/dossiers",
            new StringContent(PortalInboundTests.Push(portalCode).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        var ours = (await pushed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        foreach (var envelope in new object[]
        {
            new { service = "DongBoHoSoMC", data = new[] { HoSo(portalCode, "4") } },
            new { service = "DongBoHoSoMC", data = new[] { HoSo(portalCode, "4") } },
            new { service = "CapNhatTienDoHoSoMC", data = new[] { new { MaHoSo = portalCode, TrangThai = "4", ThoiDiemXuLy = "20251117100000", NguoiXuLy = "Chuyên viên Bộ" } } },
        })
        {
            var response = await portal.PostAsJsonAsync("/api/v1/monitoring/dossiers", envelope);
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine(text);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = JsonDocument.Parse(text).RootElement;
            Assert.Equal(0, answer.GetProperty("accepted").GetInt32());
            var message = answer.GetProperty("refused")[0].GetProperty("errors").GetProperty("MaHoSo")[0].GetString()!;
            Assert.Contains(ours, message, StringComparison.Ordinal);
            Assert.Contains("không thay đổi", message, StringComparison.Ordinal);
            Assert.DoesNotContain("gửi lại", message, StringComparison.Ordinal);
        }
        // Third trial LOW 13: our own code is said to be ours, not "Mã X là của hồ sơ X".
        foreach (var envelope in new object[]
        {
            new { service = "DongBoHoSoMC", data = new[] { HoSo(ours, "4") } },
            new { service = "CapNhatTienDoHoSoMC", data = new[] { new { MaHoSo = ours, TrangThai = "4", ThoiDiemXuLy = "20251117100000", NguoiXuLy = "Chuyên viên Bộ" } } },
        })
        {
            var answer = await (await portal.PostAsJsonAsync("/api/v1/monitoring/dossiers", envelope)).Content.ReadFromJsonAsync<JsonElement>();
            var message = answer.GetProperty("refused")[0].GetProperty("errors").GetProperty("MaHoSo")[0].GetString()!;
            Assert.StartsWith($"Hồ sơ {ours} được tiếp nhận và giải quyết trên MotCua, không phải hồ sơ", message, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, System.Text.RegularExpressions.Regex.Escape(ours)));
        }
        Assert.Equal(1, await logged.ScalarAsync($"SELECT count(*) FROM dossiers WHERE portal_code = '{portalCode}' AND status = 1 AND origin <> 3"));
        var violations = sink.Entries.Where(e => e.Message.Contains("23505", StringComparison.Ordinal) || (e.Exception?.ToString().Contains("23505", StringComparison.Ordinal) ?? false)).ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations.Select(v => $"{v.Level} {v.Category}: {v.Message}")));
    }

    [Fact]
    public async Task Only_a_system_granted_monitoring_ingest_may_send_and_a_bad_envelope_names_the_field()
    {
        var envelope = new { service = "DongBoHoSoMC", data = new[] { HoSo("G01.BTP-251117-77777", "4") } };
        var ungranted = await app.ApiClient().PostAsJsonAsync("/api/v1/monitoring/dossiers", envelope);
        Assert.Equal(HttpStatusCode.Forbidden, ungranted.StatusCode);
        Assert.Contains("monitoring-ingest", await ungranted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE code = 'G01.BTP-251117-77777'"));
        var portal = app.ApiClient(DemoData.PortalApiKey);
        foreach (var (body, field) in new (object, string)[] { (new { service = "LayThuTuc", data = new[] { new { MaHoSo = "X" } } }, "service"), (new { service = "DongBoHoSoMC", data = Array.Empty<object>() }, "data") })
        {
            var response = await portal.PostAsJsonAsync("/api/v1/monitoring/dossiers", body);
            await IntakeApiTests.AssertProblem(response, field);
        }
    }
}
