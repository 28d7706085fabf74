using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, trial 16b LOW 4: the inbound example docs/PORTAL.md gives ("Trying it by hand with the simulator"), read from
/// the document itself and posted to the simulator process's <c>/control/push</c> with only its <c>url</c> set to this
/// test's app: the dossier is received at status 1 and its sync accepted by the portal, no row refused. Following the
/// document by hand can no longer leave failed syncs.
/// </summary>
public class PortalInboundExampleTests
{
    private const string Marker = "<!-- PortalInboundExampleTests";

    private static JsonObject Example([CallerFilePath] string source = "")
    {
        var doc = File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "docs", "PORTAL.md"));
        var start = doc.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/PORTAL.md có ví dụ đẩy hồ sơ qua trình giả lập");
        var open = doc.IndexOf("```json", start, StringComparison.Ordinal) + "```json".Length;
        return JsonNode.Parse(doc[open..doc.IndexOf("```", open, StringComparison.Ordinal)])!.AsObject();
    }

    [Fact]
    public async Task The_documented_push_through_the_simulator_is_received_and_synced_without_a_refusal()
    {
        var body = Example();
        var (portal, app) = NationalPortalProcess.WithSyncingApp();
        using var portalProcess = portal;
        using var server = app;
        body["url"] = app.BaseAddress.ToString();
        var push = await portal.Client.PostAsJsonAsync("/control/push", body);
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        var pushed = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
        Assert.Equal(201, pushed.GetProperty("status").GetInt32());
        var (portalCode, code) = (pushed.GetProperty("portalCode").GetString()!, pushed.GetProperty("answer").GetProperty("code").GetString()!);

        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0
            && await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND delivered_at IS NULL AND dead_at IS NULL") == 0,
            $"mọi thư của hồ sơ {code} đã gửi lên Cổng");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND dead_at IS NOT NULL"));
        var held = await portal.DossierAsync(portalCode);
        Assert.Equal("1", held!.Value.GetProperty("hoSo").GetProperty("TrangThaiHoSo").GetString());
        var state = await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync");
        Assert.Equal("synced", state.GetProperty("state").GetString());
    }
}
