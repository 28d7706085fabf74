using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, trial 16i: after a refused step and its re-push the portal must hold the dossier's progress in order
/// (MEDIUM 2). A dossier's rows behind a dead one wait for the re-push, and the simulator refuses a step older than one it
/// holds, as a portal listing progress in arrival order would need.
/// </summary>
public class PortalTrial16iTests(ITestOutputHelper output)
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private static MotCuaApp App(NationalPortalProcess portal)
    {
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:FirstRetrySeconds"] = "30";
        portal.Configure(app);
        return app;
    }

    private static async Task ActAsync(MotCuaApp app, string officer, string code, string path, object body)
    {
        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        var response = await (await app.OfficerAsync(officer)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{path}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<long> OpenRowsAsync(MotCuaApp app, string code) => app.ScalarAsync(
        $"SELECT count(*) FROM outbox WHERE (ordering_key = 'dvcqg:{code}' OR ordering_key = 'dossier:{code}') AND delivered_at IS NULL AND dead_at IS NULL");

    private static Task DrainedAsync(MotCuaApp app, string code) =>
        Waiting.Until(async () => await OpenRowsAsync(app, code) == 0, $"mọi thư của hồ sơ {code} đã gửi lên Cổng");

    [Fact]
    public async Task A_refused_step_holds_the_dossier_s_later_rows_until_its_re_push_and_the_portal_lists_the_steps_in_order()
    {
        using var portal = new NationalPortalProcess();
        using var app = App(portal);
        app.Clock.Now = At(17, 9);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.001193", channel: "direct", idNumber: "046095016001"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await ActAsync(app, "tiepnhan.thuanhoa", code, "transfer", new { });
        await DrainedAsync(app, code);

        // The appraisal's step is refused (the portal's answer to the next call); the approval comes after it.
        await portal.ControlAsync(new { mode = "refuse", field = "NgayHenTra", count = 1 });
        await ActAsync(app, "congchuc.thuanhoa", code, "complete-step", new { note = "Đủ điều kiện" });
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND dead_at IS NOT NULL") == 1,
            "bước thẩm định bị Cổng từ chối");
        var before = (await portal.ReceivedAsync(code)).Count;
        await ActAsync(app, "lanhdao.thuanhoa", code, "approve", new { note = "Đồng ý" });
        // The approval's rows are planned, then wait behind the dead row: nothing more reaches the portal.
        await Waiting.Until(async () => await app.ScalarAsync(
            $"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND delivered_at IS NULL AND dead_at IS NULL") >= 1, "thư của bước phê duyệt");
        await Task.Delay(1500);
        Assert.Equal(before, (await portal.ReceivedAsync(code)).Count);
        var inspector = await app.OfficerAsync("thanhtra");
        var failed = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync");
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("nextAttemptAt").ValueKind);

        var repushed = await (await app.OfficerAsync("quantri")).PostAsJsonAsync($"/api/v1/dossiers/{code}/sync/repush", new { });
        Assert.Equal(HttpStatusCode.Accepted, repushed.StatusCode);
        await DrainedAsync(app, code);
        Assert.Equal("synced", (await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync")).GetProperty("state").GetString());

        // Every call after the refused one accepted, and the steps held in the order of the dossier's events.
        var calls = await portal.ReceivedAsync(code);
        var refused = calls.Where(c => c.GetProperty("errorCode").GetString() != "0").Select(c => c.GetProperty("message").GetString()!).ToList();
        output.WriteLine(string.Join(Environment.NewLine, refused));
        Assert.Single(refused);
        Assert.Contains("NgayHenTra", refused[0]);
        var steps = (await portal.DossierAsync(code))!.Value.GetProperty("steps").EnumerateArray()
            .Select(s => s.GetProperty("ThoiDiemXuLy").GetString()!).ToList();
        Assert.Equal(steps.Order(StringComparer.Ordinal), steps);
        var events = await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'");
        Assert.Equal(events, steps.Count);
    }
}
