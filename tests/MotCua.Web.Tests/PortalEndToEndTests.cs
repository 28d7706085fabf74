using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.NationalPortal;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, end to end with the portal simulator process (tools/MotCua.NationalPortal) and the outbox worker on: the
/// simulator pushes invented online dossiers (<c>POST /control/push</c>) to MotCua's inbound endpoint; the unit accepts
/// one and processes it to its result, refuses another at intake (Mẫu 03) and a third on the merits; every call MotCua then sends the portal is accepted, under the
/// portal's own code, the first HoSo already an update; the portal's final HoSo equals <see cref="PortalPayload.HoSo"/> of
/// the dossier field by field over the field list.
/// </summary>
public class PortalEndToEndTests(ITestOutputHelper output)
{
    private static readonly JsonObject FieldList = JsonNode.Parse(File.ReadAllText(
        Path.Combine(MotCuaApp.RepoRoot(), "tests", "data", "dvcqg", "dvcqg_dossier_sync_fields.json")))!.AsObject();

    // The processing API's actions this journey takes, by their allowedActions name, in the order they are preferred.
    private static readonly (string Action, string Path, object Body)[] Journey =
    [
        ("acceptOnline", "accept-online", new { }),
        ("transfer", "transfer", new { }),
        ("approve", "approve", new { note = "Đồng ý" }),
        ("resultReady", "result-ready", new { }),
        ("completeStep", "complete-step", new { note = "Đã thẩm định, hồ sơ hợp lệ" }),
        ("return", "return", new { method = "desk", receivedBy = "Lê Thị Hồng" }),
    ];

    private static readonly string[] Officers = ["tiepnhan.thuanhoa", "congchuc.thuanhoa", "lanhdao.thuanhoa"];

    [Fact]
    public async Task A_dossier_the_simulator_pushes_is_processed_to_its_result_and_the_portal_holds_exactly_its_payload()
    {
        using var portal = new NationalPortalProcess();
        using var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        portal.Configure(app);
        // The links in the payloads start with the public address; the test opens them on the server's own port.
        app.Settings["Motcua:Portal:PublicBaseUrl"] = "https://motcua.example.vn";
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);

        var push = await portal.Client.PostAsJsonAsync("/control/push", new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 4 });
        var pushed = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed").EnumerateArray().ToList();
        output.WriteLine(string.Join("\n", pushed));
        Assert.Equal(4, pushed.Count);
        Assert.All(pushed, p => Assert.Equal(201, p.GetProperty("status").GetInt32()));
        var (portalCode, code) = (pushed[0].GetProperty("portalCode").GetString()!, pushed[0].GetProperty("answer").GetProperty("code").GetString()!);
        var (refusedPortalCode, refusedCode) = (pushed[1].GetProperty("portalCode").GetString()!, pushed[1].GetProperty("answer").GetProperty("code").GetString()!);
        var (meritsPortalCode, meritsCode) = (pushed[2].GetProperty("portalCode").GetString()!, pushed[2].GetProperty("answer").GetProperty("code").GetString()!);
        var (stoppedPortalCode, stoppedCode) = (pushed[3].GetProperty("portalCode").GetString()!, pushed[3].GetProperty("answer").GetProperty("code").GetString()!);

        // The procedure's own process, forward until the result is returned: accept, transfer, each step, approval, result.
        var supplemented = false;
        for (var guard = 0; guard < 14; guard++)
        {
            app.Clock.Now = app.Clock.Now.AddMinutes(30);
            var (by, action, path, body) = await NextAsync(app, code, supplemented);
            supplemented |= action == "supplementReceived";
            var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
            if (action == "return") break;
        }
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var refusal = await desk.PostAsJsonAsync($"/api/v1/dossiers/{refusedCode}/refuse-online",
            new { reason = "Hồ sơ không thuộc thẩm quyền giải quyết của phường", legalBasis = "Điều 15 Nghị định 61/2018/NĐ-CP" });
        Assert.True(refusal.StatusCode == HttpStatusCode.OK, await refusal.Content.ReadAsStringAsync());
        // The third is refused on the merits by the leader, and the refusal comes back to the desk as the dossier's result.
        foreach (var (action, path, body) in RefusedOnMerits)
        {
            app.Clock.Now = app.Clock.Now.AddMinutes(30);
            var by = await AllowedAsync(app, meritsCode, action);
            var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{meritsCode}/{path}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
        }

        // The fourth: accepted, then the citizen asks to withdraw it and the desk stops it (Mẫu 05).
        foreach (var (action, path, body) in Withdrawn)
        {
            app.Clock.Now = app.Clock.Now.AddMinutes(30);
            var by = await AllowedAsync(app, stoppedCode, action);
            var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{stoppedCode}/{path}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var c in new[] { code, refusedCode, meritsCode, stoppedCode })
            await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{c}'") > 0
                && await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key IN ('dvcqg:{c}', 'dossier:{c}') AND delivered_at IS NULL AND dead_at IS NULL") == 0,
                $"mọi thư của hồ sơ {c} đã gửi lên Cổng");

        // Every call was accepted and carried the portal's code; the first HoSo was already an update.
        var calls = await portal.ReceivedAsync(portalCode);
        Assert.NotEmpty(calls);
        Assert.Empty(await portal.ReceivedAsync(code));
        Assert.All(calls, c => Assert.True(c.GetProperty("errorCode").GetString() == "0", c.GetProperty("message").GetString()));
        Assert.Equal("true", calls.First(c => c.GetProperty("service").GetString() == "DongBoHoSoMC").GetProperty("isUpdating").GetString());
        var held = (await portal.DossierAsync(portalCode))!.Value;
        Assert.Equal(new[] { "1", "2", "4", "5", "4", "9", "10" }, held.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!));

        // The final HoSo, field by field over the list, is the payload of the dossier as it stands at its last event.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var read = (await PortalViews.ReadAsync(db, code, CancellationToken.None, scope.ServiceProvider.GetRequiredService<PortalLinks>()))!;
            var last = read.Dossier.Events.Max(e => e.At);
            var expected = JsonSerializer.SerializeToElement(PortalPayload.HoSo(read.View, last, read.Dossier.Status));
            var hoSo = held.GetProperty("hoSo");
            foreach (var (field, _) in FieldList["HoSo"]!.AsObject())
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SameLinks(expected.GetProperty(field).GetRawText())), JsonNode.Parse(SameLinks(hoSo.GetProperty(field).GetRawText()))),
                    $"{field}: MotCua {expected.GetProperty(field)} ≠ Cổng {hoSo.GetProperty(field)}");
            Assert.Equal(portalCode, hoSo.GetProperty("MaHoSo").GetString());
            Assert.Equal("1", hoSo.GetProperty("TaiKhoanDuocXacThucVoiVNeID").GetString());
            Assert.Equal("1", hoSo.GetProperty("HoSoCoThanhPhanSoHoa").GetString());
            Assert.StartsWith(new Uri(portal.Address, "/tep/").ToString(), hoSo.GetProperty("TaiLieuNop")[0].GetProperty("DuongDanTaiTepTin").GetString(), StringComparison.Ordinal);
            Assert.Equal(read.View.PortalAccountId, hoSo.GetProperty("MaDoiTuong").GetString());
        }

        // The refused one: status 3 under the portal's code, with the refusal's instant and reason.
        var refused = (await portal.DossierAsync(refusedPortalCode))!.Value;
        Assert.All(await portal.ReceivedAsync(refusedPortalCode), c => Assert.Equal("0", c.GetProperty("errorCode").GetString()));
        Assert.Equal(new[] { "1", "3" }, refused.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!));
        Assert.Matches(@"^\d{14}$", refused.GetProperty("hoSo").GetProperty("NgayTuChoi").GetString()!);
        Assert.Contains("không thuộc thẩm quyền", refused.GetProperty("hoSo").GetProperty("GhiChu").GetString(), StringComparison.Ordinal);
        // The one refused on the merits: its result is the notice of refusal, with its link.
        var merits = (await portal.DossierAsync(meritsPortalCode))!.Value;
        Assert.All(await portal.ReceivedAsync(meritsPortalCode), c => Assert.Equal("0", c.GetProperty("errorCode").GetString()));
        Assert.Equal("9", merits.GetProperty("hoSo").GetProperty("TrangThaiHoSo").GetString());
        var meritsResult = Assert.Single(merits.GetProperty("hoSo").GetProperty("DanhSachGiayToKetQua").EnumerateArray());
        Assert.StartsWith("Thông báo từ chối giải quyết hồ sơ", meritsResult.GetProperty("TenGiayTo").GetString(), StringComparison.Ordinal);
        // The stopped one: the withdrawal request carries the citizen's reason (fifth trial LOW 7), the stop its Mẫu 05 link.
        var stopped = (await portal.DossierAsync(stoppedPortalCode))!.Value;
        Assert.All(await portal.ReceivedAsync(stoppedPortalCode), c => Assert.Equal("0", c.GetProperty("errorCode").GetString()));
        Assert.Equal(new[] { "1", "2", "7", "8" }, stopped.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!));
        var withdrawal = (await portal.ReceivedAsync(stoppedPortalCode)).Last(c => c.GetProperty("service").GetString() == "DongBoHoSoMC"
            && c.GetProperty("body").GetProperty("data")[0].GetProperty("TrangThaiHoSo").GetString() == "7");
        Assert.Equal(WithdrawalReason, withdrawal.GetProperty("body").GetProperty("data")[0].GetProperty("GhiChu").GetString());
        var stopNotice = Assert.Single(stopped.GetProperty("hoSo").GetProperty("DanhSachGiayToKetQua").EnumerateArray());
        Assert.Equal("Thông báo dừng giải quyết hồ sơ (Mẫu 05)", stopNotice.GetProperty("TenGiayTo").GetString());
        // The links the portal received open real PDFs, without a session; altered or expired ones are 404.
        var links = new[]
        {
            ("Mẫu 02", held.GetProperty("hoSo").GetProperty("DanhSachHoSoBoSung")[0].GetProperty("ThongTinTiepNhan").GetString()!, portalCode),
            ("kết quả", held.GetProperty("hoSo").GetProperty("DanhSachGiayToKetQua")[0].GetProperty("DuongDanTepTinKetQua").GetString()!, portalCode),
            ("Mẫu 03", refused.GetProperty("hoSo").GetProperty("DanhSachGiayToKetQua")[0].GetProperty("DuongDanTepTinKetQua").GetString()!, refusedPortalCode),
            ("từ chối giải quyết", meritsResult.GetProperty("DuongDanTepTinKetQua").GetString()!, meritsPortalCode),
            ("Mẫu 05", stopNotice.GetProperty("DuongDanTepTinKetQua").GetString()!, stoppedPortalCode),
        };
        using var anyone = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };
        foreach (var (what, link, knownAs) in links)
        {
            Assert.StartsWith("https://motcua.example.vn/cong-dvcqg/tep/", link, StringComparison.Ordinal);
            var path = new Uri(link).AbsolutePath;
            var opened = await anyone.GetAsync(path);
            Assert.True(opened.StatusCode == HttpStatusCode.OK, $"{what}: {(int)opened.StatusCode} {await opened.Content.ReadAsStringAsync()}");
            Assert.Equal("application/pdf", opened.Content.Headers.ContentType!.MediaType);
            var pdf = await opened.Content.ReadAsByteArrayAsync();
            Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
            var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            var text = MotCuaApp.Tool("pdftotext", $"-layout {file} -");
            if (what == "từ chối giải quyết") Assert.Contains(MotCua.Documents.ResultDocument.RefusedSubject, text, StringComparison.Ordinal);
            if (what == "Mẫu 05") Assert.Contains(WithdrawalReason, text, StringComparison.Ordinal);
            // Sixteenth trial LOW 10: the citizen knows only the portal's code, so every paper the portal links prints it.
            Assert.Matches($@"Mã hồ sơ trên Cổng DVCQG:\s+{System.Text.RegularExpressions.Regex.Escape(knownAs)}", text);
            Assert.False(opened.Headers.Contains("Set-Cookie"), what);
            var token = path[(path.LastIndexOf('/') + 1)..];
            var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
            Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync("/cong-dvcqg/tep/" + tampered)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync("/cong-dvcqg/tep/khong-phai-ma")).StatusCode);
        app.Clock.Now = app.Clock.Now.AddDays(31);
        foreach (var (what, link, _) in links)
            Assert.True((await anyone.GetAsync(new Uri(link).AbsolutePath)).StatusCode == HttpStatusCode.NotFound, $"{what}: hết hạn sau 30 ngày");
        output.WriteLine($"{portalCode} → {code}: {calls.Count} lần gọi Cổng, đều được chấp nhận; {refusedPortalCode} → {refusedCode}: từ chối.");
    }

    [Fact]
    public async Task Every_step_worked_after_office_hours_has_a_title_and_starts_no_later_than_it_was_handled()
    {
        // Sixteenth trial LOW 11f and 11g: ChucDanh was empty but for the leader's steps, and a step entered after hours counted
        // from 07:00 the next day, so one completed that evening reported NgayBatDau after its ThoiDiemXuLy.
        using var portal = new NationalPortalProcess();
        using var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        portal.Configure(app);
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 20, 0, 0, VietnamTime.Offset);
        var push = await portal.Client.PostAsJsonAsync("/control/push", new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 });
        var pushed = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
        var (portalCode, code) = (pushed.GetProperty("portalCode").GetString()!, pushed.GetProperty("answer").GetProperty("code").GetString()!);
        for (var guard = 0; guard < 14; guard++)
        {
            app.Clock.Now = app.Clock.Now.AddMinutes(4);
            var (by, action, path, body) = await NextAsync(app, code, supplemented: true);
            var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
            if (action == "return") break;
        }
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key IN ('dvcqg:{code}', 'dossier:{code}') AND delivered_at IS NULL AND dead_at IS NULL") == 0
            && await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0, $"mọi thư của hồ sơ {code} đã gửi lên Cổng");
        Assert.All(await portal.ReceivedAsync(portalCode), c => Assert.True(c.GetProperty("errorCode").GetString() == "0", c.GetProperty("message").GetString()));
        var steps = (await portal.DossierAsync(portalCode))!.Value.GetProperty("steps").EnumerateArray().ToList();
        Assert.True(steps.Count >= 5, steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var step in steps)
        {
            output.WriteLine($"{step.GetProperty("NgayBatDau")} ≤ {step.GetProperty("ThoiDiemXuLy")} {step.GetProperty("ChucDanh")}: {step.GetProperty("NoiDungXuLy")}");
            // An officer's step names the officer's title; the portal's own submission step has no officer, so no title.
            if (!step.GetProperty("NguoiXuLy").GetString()!.StartsWith("Cổng DVCQG", StringComparison.Ordinal))
                Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("ChucDanh").GetString()), step.ToString());
            // yyyyMMddHHmmss in one time zone compares as text.
            Assert.True(string.CompareOrdinal(step.GetProperty("NgayBatDau").GetString(), step.GetProperty("ThoiDiemXuLy").GetString()) <= 0, step.ToString());
        }
        Assert.Contains(steps, s => s.GetProperty("ChucDanh").GetString() == "Chuyên viên xử lý");
    }

    // An online dossier accepted, appraised, refused on the merits by the leader, and the refusal back at the desk.
    private static readonly (string Action, string Path, object Body)[] RefusedOnMerits =
    [
        ("acceptOnline", "accept-online", new { }),
        ("transfer", "transfer", new { }),
        ("completeStep", "complete-step", new { note = "Đã thẩm định" }),
        ("refuseOnMerits", "refuse", new { reason = "Người yêu cầu không có quyền đăng ký khai sinh cho trẻ" }),
        ("resultReady", "result-ready", new { }),
    ];

    private const string WithdrawalReason = "Tôi đã nộp nhầm thủ tục, xin rút hồ sơ";

    // An online dossier accepted, then withdrawn at the citizen's request and stopped by the desk.
    private static readonly (string Action, string Path, object Body)[] Withdrawn =
    [
        ("acceptOnline", "accept-online", new { }),
        ("withdraw", "withdraw", new { reason = WithdrawalReason }),
        ("stop", "stop", new { reason = "Theo yêu cầu rút hồ sơ của công dân" }),
    ];

    // The Thuận Hóa officer who may take the action now.
    private static async Task<HttpClient> AllowedAsync(MotCuaApp app, string code, string action)
    {
        foreach (var officer in Officers)
        {
            var client = await app.OfficerAsync(officer);
            var allowed = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("processing").GetProperty("allowedActions")
                .EnumerateArray().Select(a => a.GetString()).ToList();
            if (allowed.Contains(action)) return client;
        }
        throw new Xunit.Sdk.XunitException($"{code}: không cán bộ nào được {action} lúc này");
    }

    // The forward action some officer may take now; once, while processing, a supplement asked and received (Mẫu 02).
    private static async Task<(HttpClient By, string Action, string Path, object Body)> NextAsync(MotCuaApp app, string code, bool supplemented)
    {
        if (!supplemented)
            foreach (var officer in Officers)
            {
                var client = await app.OfficerAsync(officer);
                var dossier = await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
                // While processing (4) or waiting for it (5): the desk's check before acceptance may ask too (issue 16), not this journey.
                if (dossier.GetProperty("status").GetInt32() is not (4 or 5)) break;
                var allowed = dossier.GetProperty("processing").GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()).ToList();
                if (allowed.Contains("supplementReceived")) return (client, "supplementReceived", "supplement-received", new { });
                if (allowed.Contains("requestSupplement"))
                    return (client, "requestSupplement", "supplement-request", new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản điện tử mờ, không đọc được số" } } });
            }
        foreach (var officer in Officers)
        {
            var client = await app.OfficerAsync(officer);
            var allowed = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("processing").GetProperty("allowedActions")
                .EnumerateArray().Select(a => a.GetString()).ToList();
            foreach (var (action, path, body) in Journey)
                if (allowed.Contains(action)) return (client, action, path, body);
        }
        throw new Xunit.Sdk.XunitException($"{code}: không cán bộ nào còn thao tác tiến lên");
    }

    /// <summary>A document link's token is sealed anew at each build (the data protection's random IV), so two builds of one
    /// payload differ only there: the links compare by what they point at, the token's place.</summary>
    private static string SameLinks(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, @"/cong-dvcqg/tep/[A-Za-z0-9_-]+", "/cong-dvcqg/tep/…");
}
