using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, sixteenth trial finding 4, through the portal simulator process with the outbox worker on: a pushed dossier
/// with two supplement rounds, one asked by the desk before acceptance and answered by the portal's push with a file, one
/// asked during appraisal and received at the desk. Every HoSo the portal receives after the first request carries the
/// whole supplement history (DanhSachHoSoBoSung): each supplement keeps its due before the pause (NgayHenTraTruoc) and the
/// new one after the restart (NgayHenTraMoi), in <c>yyyyMMddHHmmss</c> Vietnam time, and lists the documents its answer
/// brought (DanhSachGiayToBoSung, TaiLieuNop's keys); a re-push sends the same history.
/// </summary>
public class PortalSupplementHistoryTests
{
    private static readonly string[] Officers = ["tiepnhan.thuanhoa", "congchuc.thuanhoa", "lanhdao.thuanhoa"];

    private static readonly string[] DocumentKeys =
        ["TepDinhKemId", "TenTepDinhKem", "IsDeleted", "MaThanhPhanHoSo", "DuongDanTaiTepTin", "DuocSoHoa", "DuocTaiSuDung", "DuocLayTuKhoDMQG", "MaKetQuaThayThe"];

    [Fact]
    public async Task Every_payload_after_each_of_two_supplement_rounds_carries_both_with_their_dates_and_documents()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var first = await PushAsync(portal, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 });
        var (portalCode, code) = (first.GetProperty("portalCode").GetString()!, first.GetProperty("answer").GetProperty("code").GetString()!);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await DrainedAsync(app, code);

        // Round 1: the desk's check asks before acceptance; the portal's HoSo says what the due was when the clock stopped.
        app.Clock.Now = app.Clock.Now.AddMinutes(30);
        var before1 = await DueAsync(app, code);
        await ActAsync(desk, code, "supplement-request", new { items = new[] { new { document = "Giấy xác nhận cư trú", reason = "Chưa đính kèm" } } });
        await DrainedAsync(app, code);
        var history = await HistoryAsync(portal, portalCode);
        var round1 = Assert.Single(history);
        Assert.Equal(("1", before1, ""), (Text(round1, "TrangThaiBoSung"), Text(round1, "NgayHenTraTruoc"), Text(round1, "NgayHenTraMoi")));
        Assert.Equal(0, round1.GetProperty("DanhSachGiayToBoSung").GetArrayLength());

        // The portal answers it by pushing the dossier again with the file: the new due, the document with its URL there.
        app.Clock.Now = app.Clock.Now.AddHours(2);
        Assert.Equal(HttpStatusCode.OK, (await portal.Client.PutAsync("/tep/xac-nhan-cu-tru.pdf", new ByteArrayContent(PortalRoundFiveTests.PortalPdf()))).StatusCode);
        var answer = await PushAsync(portal, new
        {
            url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, portalCode,
            files = new[] { new { name = "Giấy xác nhận cư trú", file = "xac-nhan-cu-tru.pdf" } },
        });
        Assert.True(answer.GetProperty("status").GetInt32() == 200, answer.ToString());
        var after1 = await DueAsync(app, code);
        Assert.NotEqual(before1, after1);
        await DrainedAsync(app, code);
        round1 = Assert.Single(await HistoryAsync(portal, portalCode));
        AssertRound(round1, "2", before1, after1, ["Giấy xác nhận cư trú"]);
        Assert.EndsWith("/tep/xac-nhan-cu-tru.pdf", Text(round1.GetProperty("DanhSachGiayToBoSung")[0], "DuongDanTaiTepTin"), StringComparison.Ordinal);
        // Third trial LOW 6: the same document carries the same TepDinhKemId in TaiLieuNop and in the supplement's history.
        var submitted = (await portal.DossierAsync(portalCode))!.Value.GetProperty("hoSo").GetProperty("TaiLieuNop").EnumerateArray()
            .Single(d => Text(d, "TenTepDinhKem") == "Giấy xác nhận cư trú");
        Assert.Equal(Text(submitted, "TepDinhKemId"), Text(round1.GetProperty("DanhSachGiayToBoSung")[0], "TepDinhKemId"));

        // Accepted and transferred; round 2 during appraisal, then received at the desk.
        app.Clock.Now = app.Clock.Now.AddMinutes(30);
        await ActAsync(desk, code, "accept-online", new { });
        app.Clock.Now = app.Clock.Now.AddMinutes(30);
        await ActAsync(await AllowedAsync(app, code, "transfer"), code, "transfer", new { });
        app.Clock.Now = app.Clock.Now.AddHours(1);
        var before2 = await DueAsync(app, code);
        await ActAsync(await AllowedAsync(app, code, "requestSupplement"), code, "supplement-request",
            new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản điện tử mờ, không đọc được số" } } });
        await DrainedAsync(app, code);
        history = await HistoryAsync(portal, portalCode);
        Assert.Equal(2, history.Count);
        AssertRound(history[0], "2", before1, after1, ["Giấy xác nhận cư trú"]);
        Assert.Equal(("1", before2, ""), (Text(history[1], "TrangThaiBoSung"), Text(history[1], "NgayHenTraTruoc"), Text(history[1], "NgayHenTraMoi")));

        app.Clock.Now = app.Clock.Now.AddDays(1);
        await ActAsync(await AllowedAsync(app, code, "supplementReceived"), code, "supplement-received", new { });
        var after2 = await DueAsync(app, code);
        await DrainedAsync(app, code);
        history = await HistoryAsync(portal, portalCode);
        AssertRound(history[0], "2", before1, after1, ["Giấy xác nhận cư trú"]);
        AssertRound(history[1], "2", before2, after2, ["Giấy chứng sinh"]);

        // A re-push sends the same history; every HoSo from the first request on carried every supplement known at its
        // event with round 1's due before, and the portal accepted every call.
        var repushed = await (await app.OfficerAsync("quantri")).PostAsJsonAsync($"/api/v1/dossiers/{code}/sync/repush", new { });
        Assert.Equal(HttpStatusCode.Accepted, repushed.StatusCode);
        await DrainedAsync(app, code);
        var calls = await portal.ReceivedAsync(portalCode);
        Assert.All(calls, c => Assert.True(c.GetProperty("errorCode").GetString() == "0", c.GetProperty("message").GetString()));
        var hoSos = calls.Where(c => c.GetProperty("service").GetString() == PortalPayload.DossierService)
            .Select(c => c.GetProperty("body").GetProperty("data")[0].GetProperty("DanhSachHoSoBoSung")).Where(h => h.GetArrayLength() > 0).ToList();
        Assert.True(hoSos.Count >= 5, $"{hoSos.Count} HoSo có lịch sử bổ sung");
        Assert.All(hoSos, h => Assert.Equal(before1, Text(h[0], "NgayHenTraTruoc")));
        Assert.Equal(JsonSerializer.Serialize(history), JsonSerializer.Serialize(hoSos[^1].EnumerateArray().ToList()));
    }

    private static void AssertRound(JsonElement round, string state, string dueBefore, string dueAfter, string[] documents)
    {
        Assert.Equal((state, dueBefore, dueAfter), (Text(round, "TrangThaiBoSung"), Text(round, "NgayHenTraTruoc"), Text(round, "NgayHenTraMoi")));
        Assert.Matches("^[0-9]{14}$", Text(round, "NgayTiepNhanBoSung"));
        var supplied = round.GetProperty("DanhSachGiayToBoSung").EnumerateArray().ToList();
        Assert.Equal(documents, supplied.Select(d => Text(d, "TenTepDinhKem")));
        Assert.All(supplied, d => Assert.Equal(DocumentKeys.Order(), d.EnumerateObject().Select(p => p.Name).Order()));
    }

    private static string Text(JsonElement element, string key) => element.GetProperty(key).GetString()!;

    // The dossier's current due instant as the portal writes it: yyyyMMddHHmmss in Vietnam time.
    private static async Task<string> DueAsync(MotCuaApp app, string code) =>
        PortalFormat.Instant(DateTimeOffset.FromUnixTimeSeconds(await app.ScalarAsync($"SELECT floor(extract(epoch FROM due_at))::bigint FROM dossiers WHERE code = '{code}'")));

    private static async Task<List<JsonElement>> HistoryAsync(NationalPortalProcess portal, string portalCode) =>
        [.. (await portal.DossierAsync(portalCode))!.Value.GetProperty("hoSo").GetProperty("DanhSachHoSoBoSung").EnumerateArray()];

    private static async Task ActAsync(HttpClient by, string code, string path, object body)
    {
        var response = await by.PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> PushAsync(NationalPortalProcess portal, object command)
    {
        var push = await portal.Client.PostAsJsonAsync("/control/push", command);
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        return (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
    }

    internal static async Task DrainedAsync(MotCuaApp app, string code) =>
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0
            && await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE (ordering_key IN ('dvcqg:{code}', 'dossier:{code}') OR ordering_key LIKE 'dvcqg-tep:{code}:%') AND delivered_at IS NULL AND dead_at IS NULL") == 0,
            $"mọi thư của hồ sơ {code} đã gửi lên Cổng");

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
}
