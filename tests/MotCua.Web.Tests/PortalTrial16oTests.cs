using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, sixth fresh trial (trial16g, brief p16o): a ministry's or the portal's code in MotCua's own code space is
/// refused and intake never fails on a taken code; concurrent or replayed monitoring updates are answered per item and a
/// replayed step is recorded once; a monitored dossier gets none of MotCua's papers nor a loss record.
/// </summary>
public class PortalTrial16oTests(ITestOutputHelper output)
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

    private static Task<HttpResponseMessage> SendAsync(HttpClient ministry, string service, object item) =>
        ministry.PostAsJsonAsync("/api/v1/monitoring/dossiers", new { service, isUpdating = "true", data = new[] { item } });

    private async Task<JsonElement> IngestAsync(MotCuaApp app, string service, object item)
    {
        var response = await SendAsync(app.ApiClient(DemoData.PortalApiKey), service, item);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static void Accepted(JsonElement answer) => Assert.True(answer.GetProperty("accepted").GetInt32() == 1, answer.ToString());

    private static Task<long> EventsAsync(MotCuaApp app, string code, int toStatus) => app.ScalarAsync(
        $"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}' AND e.to_status = {toStatus}");

    [Fact]
    public async Task A_code_in_MotCuas_own_code_space_is_refused_and_intake_skips_a_taken_code()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        // The ministry's item under a code of the ward's own shape: refused naming MaHoSo, nothing stored.
        var ours = $"{DemoData.ThuanHoaCode}-251118-0024";
        var answer = await IngestAsync(app, "DongBoHoSoMC", HoSo(ours, "2"));
        Assert.True(answer.GetProperty("accepted").GetInt32() == 0, answer.ToString());
        Assert.True(answer.GetProperty("refused")[0].GetProperty("errors").TryGetProperty("MaHoSo", out _), answer.ToString());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{ours}'"));

        // The portal's push under another unit's own shape: 422 naming MaHoSo.
        var push = PortalInboundTests.Push($"{DemoData.PhuXuanCode}-251118-0024", agencyCode: DemoData.PhuXuanCode);
        var pushed = await app.ApiClient(DemoData.PortalApiKey).PostAsync("/api/v1/portal/dossiers",
            new StringContent(push.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var pushText = await pushed.Content.ReadAsStringAsync();
        Assert.True(pushed.StatusCode == HttpStatusCode.UnprocessableEntity, pushText);
        Assert.True(JsonDocument.Parse(pushText).RootElement.GetProperty("errors").TryGetProperty("MaHoSo", out _), pushText);

        // A code intake would issue next, already held (a dossier taken before the rule): intake skips it, never a 500.
        var api = app.ApiClient(DemoData.ApiKey);
        var first = await api.SubmitAsync(Requests.Dossier());
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstText);
        var firstCode = JsonDocument.Parse(firstText).RootElement.GetProperty("code").GetString()!;
        var serial = int.Parse(firstCode[^4..]);
        var taken = $"{firstCode[..^4]}{serial + 1:D4}";
        var monitored = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(monitored, "2")));
        await app.ScalarAsync($"WITH u AS (UPDATE dossiers SET code = '{taken}', portal_code = '{taken}' WHERE code = '{monitored}' RETURNING 1) SELECT count(*) FROM u");
        var second = await api.SubmitAsync(Requests.Dossier());
        var secondText = await second.Content.ReadAsStringAsync();
        Assert.True(second.StatusCode == HttpStatusCode.Created, secondText);
        Assert.Equal($"{firstCode[..^4]}{serial + 2:D4}", JsonDocument.Parse(secondText).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_thousand_and_first_dossier_of_a_unit_in_a_day_is_received()
    {
        // Load bench, session 31: the serial counter's inserted value was searched from 1 at every intake and, once serials
        // 1–1000 of the day were held, was null: every later intake of the unit answered 500 (23502 on last_serial).
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var api = app.ApiClient(DemoData.ApiKey);
        var first = await api.SubmitAsync(Requests.Dossier());
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstText);
        var firstCode = JsonDocument.Parse(firstText).RootElement.GetProperty("code").GetString()!;
        Assert.EndsWith("-0001", firstCode);
        // Serials 0002–1000 of the day held by copies of the first dossier.
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var copy = new Npgsql.NpgsqlCommand($$"""
                DO $copy$ DECLARE cols text; BEGIN
                    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
                    FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = 'dossiers' AND is_identity = 'NO' AND is_generated = 'NEVER'
                      AND column_name NOT IN ('id', 'code', 'register_number', 'register_year');
                    EXECUTE format('INSERT INTO dossiers (code, %s) SELECT %L || lpad(n::text, 4, ''0''), %s FROM dossiers CROSS JOIN generate_series(2, 1000) AS n WHERE code = %L',
                        cols, '{{firstCode[..^4]}}', cols, '{{firstCode}}');
                END $copy$
                """, connection);
            await copy.ExecuteNonQueryAsync();
        }
        Assert.Equal(1000, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code LIKE '{firstCode[..^4]}%'"));
        var next = await api.SubmitAsync(Requests.Dossier());
        var nextText = await next.Content.ReadAsStringAsync();
        Assert.True(next.StatusCode == HttpStatusCode.Created, nextText);
        Assert.Equal($"{firstCode[..^4]}1001", JsonDocument.Parse(nextText).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Concurrent_and_replayed_monitoring_updates_are_answered_per_item_and_a_step_is_recorded_once()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var ministry = app.ApiClient(DemoData.PortalApiKey);

        // 10 parallel identical steps: no 500, one event.
        var code = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(code, "2")));
        var parallel = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SendAsync(ministry, "CapNhatTienDoHoSoMC", Step(code, "4", "20251117100000"))));
        foreach (var response in parallel)
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await EventsAsync(app, code, 4));

        // The same step three times in a row: accepted each time, one event.
        for (var i = 0; i < 3; i++)
            Accepted(await IngestAsync(app, "CapNhatTienDoHoSoMC", Step(code, "4", "20251117100000")));
        Assert.Equal(1, await EventsAsync(app, code, 4));

        // 10 parallel HoSo updates 2 → 4 of one dossier: no 500, the dossier at 4.
        var other = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(other, "2")));
        var updates = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SendAsync(ministry, "DongBoHoSoMC", HoSo(other, "4"))));
        foreach (var response in updates)
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{other}' AND status = 4"));
    }

    [Fact]
    public async Task A_monitored_dossier_gets_none_of_MotCuas_papers_nor_a_loss_record()
    {
        using var app = new MotCuaApp();
        app.Clock.Now = Now;
        var returned = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(returned, "10", ("NgayKetThucXuLy", "20251118080000"), ("NgayTra", "20251118083000"))));
        var ready = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(ready, "9", ("NgayKetThucXuLy", "20251118080000"))));
        var inProcess = NewCode();
        Accepted(await IngestAsync(app, "DongBoHoSoMC", HoSo(inProcess, "4")));

        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        foreach (var path in new[]
        {
            $"{returned}/result.pdf", $"{ready}/result.pdf", $"{returned}/receipt.pdf", $"{inProcess}/receipt.pdf",
            $"{returned}/evaluation-slip.pdf", $"{ready}/evaluation-slip.pdf",
        })
        {
            var response = await desk.GetAsync($"/api/v1/dossiers/{path}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{path}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            Assert.Contains("hệ thống của bộ, ngành", text);
        }

        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var loss = await leader.PostAsJsonAsync($"/api/v1/dossiers/{inProcess}/losses",
            new { kind = "damaged", description = "Bản chính bị rách", remedy = "Cấp bản sao", costVnd = 0L, newDueAt = (DateTimeOffset?)null });
        Assert.True(loss.StatusCode == HttpStatusCode.Conflict, await loss.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM dossier_losses"));

        foreach (var code in new[] { returned, ready, inProcess })
        {
            var html = WebUtility.HtmlDecode(await (await leader.GetAsync($"/ho-so/{code}")).Content.ReadAsStringAsync());
            foreach (var link in new[] { "print-receipt", "print-result", "print-evaluation-slip", "print-early-return", "record-loss" })
                Assert.DoesNotContain($"id=\"{link}\"", html);
            Assert.Contains("Mã hồ sơ của hệ thống bộ, ngành", html);
            Assert.DoesNotContain("Mã hồ sơ trên Cổng DVCQG", html);
        }
    }
}
