using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, round 5, through the portal simulator process (tools/MotCua.NationalPortal) with the outbox worker on: the desk
/// asks a pushed dossier for a supplement before accepting it (status 1 → 5, Mẫu 02), the portal receives the change with
/// the supplement's history, the portal pushes the dossier again with the missing file (→ 1, the file fetched), and the
/// desk accepts it (→ 2); the portal holds 1, 5, 1, 2 in order and accepted every call.
/// </summary>
public class PortalRoundFiveTests
{
    private static async Task<JsonElement> PushAsync(NationalPortalProcess portal, MotCuaApp app, object command)
    {
        var push = await portal.Client.PostAsJsonAsync("/control/push", command);
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        return (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
    }

    private static Task<long> StatusAsync(MotCuaApp app, string code) => app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'");

    private static async Task DrainedAsync(MotCuaApp app, string code) =>
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0
            && await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE (ordering_key IN ('dvcqg:{code}', 'dossier:{code}') OR ordering_key LIKE 'dvcqg-tep:{code}:%') AND delivered_at IS NULL AND dead_at IS NULL") == 0,
            $"mọi thư của hồ sơ {code} đã gửi lên Cổng");

    [Fact]
    public async Task The_desk_asks_a_pushed_dossier_for_a_supplement_before_accepting_it_and_the_portals_push_again_with_the_file_answers_it()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var push = new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 };
        var first = await PushAsync(portal, app, push);
        Assert.Equal(201, first.GetProperty("status").GetInt32());
        var (portalCode, code) = (first.GetProperty("portalCode").GetString()!, first.GetProperty("answer").GetProperty("code").GetString()!);
        var byPage = (await PushAsync(portal, app, push)).GetProperty("answer").GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await DrainedAsync(app, code);

        // From the page: the check offers the supplement request, and the officer's list (document: reason) asks it.
        app.Clock.Now = app.Clock.Now.AddMinutes(30);
        var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{byPage}"));
        Assert.Contains("action=RequestSupplement", page);
        var token = MotCuaApp.AntiforgeryToken(await desk.GetStringAsync("/xac-thuc"));
        var posted = await desk.PostAsync($"/ho-so/{byPage}?handler=Act&action=RequestSupplement", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["f.Items"] = "Giấy chứng sinh: Bản chụp không đọc được",
        }));
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        Assert.Equal(5, await StatusAsync(app, byPage));

        // Through the API: only the receiving officer; another role is 403 and writes nothing.
        var specialist = await app.OfficerAsync("congchuc.thuanhoa");
        var body = new { items = new[] { new { document = "Giấy xác nhận cư trú", reason = "Chưa đính kèm" } } };
        var refused = await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", body);
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, await StatusAsync(app, code));
        var empty = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", new { items = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var asked = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/supplement-request", body);
        Assert.True(asked.StatusCode == HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        Assert.Equal(5, await StatusAsync(app, code));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM supplement_notices n JOIN dossiers d ON d.id = n.dossier_id WHERE d.code = '{code}'"));
        await DrainedAsync(app, code);
        var held = (await portal.DossierAsync(portalCode))!.Value;
        Assert.Equal("5", held.GetProperty("hoSo").GetProperty("TrangThaiHoSo").GetString());
        var supplements = held.GetProperty("hoSo").GetProperty("DanhSachHoSoBoSung");
        Assert.Equal(1, supplements.GetArrayLength());
        Assert.Equal("1", supplements[0].GetProperty("TrangThaiBoSung").GetString());

        // The same push again is still a replay; the portal pushes the dossier again with the missing file: the answer.
        app.Clock.Now = app.Clock.Now.AddHours(2);
        var put = await portal.Client.PutAsync("/tep/xac-nhan-cu-tru.pdf", new ByteArrayContent(PortalPdf()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var again = await PushAsync(portal, app, new
        {
            url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, portalCode,
            files = new[] { new { name = "Giấy xác nhận cư trú", file = "xac-nhan-cu-tru.pdf" } },
        });
        Assert.True(again.GetProperty("status").GetInt32() == 200, again.ToString());
        Assert.Equal((code, 1), (again.GetProperty("answer").GetProperty("code").GetString(), again.GetProperty("answer").GetProperty("status").GetInt32()));
        Assert.Equal(1, await StatusAsync(app, code));
        // Pushed once more with nothing new: refused as a conflict, nothing changed.
        var twice = await PushAsync(portal, app, new
        {
            url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, portalCode,
            files = new[] { new { name = "Giấy xác nhận cư trú", file = "xac-nhan-cu-tru.pdf" } },
        });
        Assert.Equal(409, twice.GetProperty("status").GetInt32());
        await DrainedAsync(app, code);
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
            WHERE d.code = '{code}' AND f.document_name = 'Giấy xác nhận cư trú' AND f.pages = 1
            """));
        Assert.Equal(3, await app.ScalarAsync($"SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));

        // The desk accepts it as any online dossier.
        app.Clock.Now = app.Clock.Now.AddMinutes(30);
        var accepted = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online", new { });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        await DrainedAsync(app, code);

        var calls = await portal.ReceivedAsync(portalCode);
        Assert.All(calls, c => Assert.True(c.GetProperty("errorCode").GetString() == "0", c.GetProperty("message").GetString()));
        held = (await portal.DossierAsync(portalCode))!.Value;
        Assert.Equal(new[] { "1", "5", "1", "2" }, held.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!));
        var steps = held.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("TrangThai").GetString()!).ToList();
        Assert.Equal(new[] { "1", "5", "1", "2" }, steps);
        supplements = held.GetProperty("hoSo").GetProperty("DanhSachHoSoBoSung");
        Assert.Equal(1, supplements.GetArrayLength());
        Assert.Equal("2", supplements[0].GetProperty("TrangThaiBoSung").GetString());
    }

    [Fact]
    public async Task The_simulator_repeats_a_push_unchanged_and_the_repeats_are_replays_of_one_dossier()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var first = await PushAsync(portal, app, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 });
        var (portalCode, code) = (first.GetProperty("portalCode").GetString()!, first.GetProperty("answer").GetProperty("code").GetString()!);
        var push = await portal.Client.PostAsJsonAsync("/control/push", new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 9, portalCode });
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        var repeats = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed").EnumerateArray().ToList();
        Assert.Equal(9, repeats.Count);
        Assert.All(repeats, r => Assert.Equal((portalCode, 200, code),
            (r.GetProperty("portalCode").GetString(), r.GetProperty("status").GetInt32(), r.GetProperty("answer").GetProperty("code").GetString())));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE portal_code = '{portalCode}'"));
        // The simulator knows the dossier it pushed: the system's HoSo and step for it are accepted.
        await DrainedAsync(app, code);
        var calls = await portal.ReceivedAsync(portalCode);
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.True(c.GetProperty("errorCode").GetString() == "0", c.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_file_staged_by_an_api_client_and_a_file_fetched_for_the_portal_record_the_client_that_added_them()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        var api = app.ApiClient();
        var staged = await api.PostAsync("/api/v1/files/staged", FileUploadTests.Form(("giay-chung-sinh.pdf", PortalPdf())));
        Assert.True(staged.StatusCode == HttpStatusCode.Created, await staged.Content.ReadAsStringAsync());
        var id = (await staged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0].GetProperty("id").GetInt64();
        var owner = await app.ScalarAsync($"SELECT owner_client_id FROM staged_files WHERE id = {id}");
        var body = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        body["documents"]![0]!["stagedFiles"] = new System.Text.Json.Nodes.JsonArray(id);
        var submitted = await api.SubmitAsync(body);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
            WHERE d.code = '{code}' AND f.added_by_client_id = {owner} AND f.added_by_user_id IS NULL AND f.added_by_citizen_id IS NULL
            """));

        // The portal's files are the pushing client's (its api_clients row), fetched by the worker on its behalf.
        var pushed = await PushAsync(portal, app, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 });
        var portalDossier = pushed.GetProperty("answer").GetProperty("code").GetString()!;
        await DrainedAsync(app, portalDossier);
        Assert.Equal(2, await app.ScalarAsync($"""
            SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id JOIN api_clients c ON c.id = f.added_by_client_id
            WHERE d.code = '{portalDossier}' AND f.added_by_client_id = d.api_client_id
            """));
    }

    // A one-page PDF the file store accepts (pdfinfo reads it).
    internal static byte[] PortalPdf()
    {
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.AddPage();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }
}
