using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, the second fresh trial (TRIAL16b), the findings left after its HIGH and MEDIUM ones, through the portal
/// simulator process with the outbox worker on: LOW 8, the administrator's page says the portal is not answering now,
/// since when and the last error, and stops saying it once the portal answers; LOW 6, a 403 on the re-push is worded for
/// the officer who asked (the function is the administrator's, and their role), and a system's 403 names the one grant
/// it lacks.
/// </summary>
public class PortalTrial16bRestTests
{
    [Fact]
    public async Task The_admin_page_shows_the_portal_unreachable_since_the_first_failed_attempt_and_an_officer_is_refused_re_push_in_an_officers_words()
    {
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        await portal.ControlAsync(new { mode = "outage" });
        var push = await portal.Client.PostAsJsonAsync("/control/push", new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 });
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        var code = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0].GetProperty("answer").GetProperty("code").GetString()!;
        await Waiting.Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox_attempts WHERE target = 'dvcqg' AND outcome = 'failed'") >= 2,
            "hai lần gửi lên Cổng không thành công");

        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/cong-dvcqg");
        Assert.Contains("id=\"unreachable\"", page, StringComparison.Ordinal);
        var since = DateTimeOffset.FromUnixTimeSeconds(await app.ScalarAsync(
            "SELECT floor(extract(epoch FROM min(at)))::bigint FROM outbox_attempts WHERE target = 'dvcqg' AND outcome = 'failed'"));
        Assert.Contains($"Cổng DVCQG không phản hồi từ {since.ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy HH:mm:ss}", page, StringComparison.Ordinal);
        var backlog = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/portal/backlog");
        Assert.False(string.IsNullOrWhiteSpace(backlog.GetProperty("unreachable").GetProperty("lastError").GetString()));

        // LOW 6: the receiving officer asks a re-push: the function is the administrator's, said to an officer, with their role.
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var refused = await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/sync/repush", new { });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("quản trị hệ thống", detail, StringComparison.Ordinal);
        Assert.Contains("vai trò cán bộ Bộ phận Một cửa", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("tích hợp", detail, StringComparison.Ordinal);
        // A system without the grant is told the one it lacks.
        var system = await app.ApiClient().PostAsJsonAsync("/api/v1/portal/dossiers", new { });
        Assert.Equal(HttpStatusCode.Forbidden, system.StatusCode);
        var systemDetail = (await system.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("'portal-push'", systemDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("monitoring-ingest", systemDetail, StringComparison.Ordinal);

        await portal.ControlAsync(new { mode = "normal" });
        await Waiting.Until(async () => await app.ScalarAsync(
            $"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND delivered_at IS NULL AND dead_at IS NULL") == 0, "mọi thư đã gửi lên Cổng");
        Assert.DoesNotContain("id=\"unreachable\"", await admin.GetStringAsync("/quan-tri/cong-dvcqg"), StringComparison.Ordinal);
    }
}
