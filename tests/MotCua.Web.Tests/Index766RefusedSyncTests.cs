using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, trial 16h MEDIUM 2: the 766 index's 1.2 (hồ sơ đồng bộ trạng thái lên Cổng DVCQG) counts a dossier only while
/// the portal holds its latest state (sync state "synced"); one whose later message the portal refused (the simulator
/// refusing a field) is "failed", stays in the denominator, leaves the numerator, and the list behind the figure shows
/// each dossier with its state. The kept count (index766_counts, input 15) follows, and comes back with a re-push.
/// </summary>
public class Index766RefusedSyncTests
{
    [Fact]
    public async Task A_dossier_whose_later_message_the_portal_refused_is_not_counted_synced()
    {
        using var portal = new NationalPortalProcess();
        using var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:FirstRetrySeconds"] = "30";
        portal.Configure(app);
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.001193", channel: "direct", idNumber: "046095012612"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Task<long> Open() => app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND delivered_at IS NULL AND dead_at IS NULL");
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}'") > 0 && await Open() == 0, "hồ sơ đã lên Cổng");

        var inspector = await app.OfficerAsync("thanhtra");
        var synced = $"/api/v1/reports/index-766/dossiers?agency={DemoData.ThuanHoaCode}&month=2025-11&indicator=1.2&input=syncedDossiers";
        var received = $"/api/v1/reports/index-766/dossiers?agency={DemoData.ThuanHoaCode}&month=2025-11&indicator=1.2&input=ownReceivedDossiers";
        async Task<string?> StateListed(string link)
        {
            var rows = (await inspector.GetFromJsonAsync<JsonElement>(link)).GetProperty("dossiers").EnumerateArray()
                .Where(r => r.GetProperty("code").GetString() == code).ToList();
            return rows.Count == 0 ? null : rows.Single().GetProperty("syncState").GetString();
        }
        Task<long> Kept() => app.ScalarAsync($"""
            SELECT coalesce(sum(n), 0) FROM index766_counts WHERE input = 15 AND month = '2025-11-01'
            AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}')
            """);
        Assert.Equal("synced", await StateListed(synced));
        Assert.Equal(1, await Kept());

        // The portal refuses the transfer's HoSo (and what follows it): it still holds the dossier at its earlier status.
        await portal.ControlAsync(new { mode = "refuse", field = "MaLinhVuc", count = 5 });
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        var transfer = await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { });
        Assert.True(transfer.IsSuccessStatusCode, await transfer.Content.ReadAsStringAsync());
        // The step behind the refused HoSo waits for the re-push (trial 16i MEDIUM 2): it stays open.
        await Waiting.Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key = 'dvcqg:{code}' AND dead_at IS NOT NULL") >= 1,
            "thư chuyển xử lý bị Cổng từ chối");
        var state = await (await app.OfficerAsync("thanhtra")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/sync");
        Assert.Equal("failed", state.GetProperty("state").GetString());

        Assert.Null(await StateListed(synced));
        Assert.Equal("failed", await StateListed(received));
        Assert.Equal(0, await Kept());
        var page = WebUtility.HtmlDecode(await inspector.GetStringAsync($"/bao-cao/chi-so-766/ho-so?agency={DemoData.ThuanHoaCode}&month=2025-11&indicator=1.2&input=ownReceivedDossiers"));
        Assert.Contains("Đồng bộ Cổng DVCQG", page, StringComparison.Ordinal);
        Assert.Contains("Lỗi (Cổng từ chối)", page, StringComparison.Ordinal);

        // A re-push the portal accepts makes it synced again, and counted.
        await portal.ControlAsync(new { mode = "normal" });
        var admin = await app.OfficerAsync("quantri");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/v1/dossiers/{code}/sync/repush", new { })).StatusCode);
        await Waiting.Until(async () => await Open() == 0 && await Kept() == 1, "đẩy lại được Cổng nhận");
        Assert.Equal("synced", await StateListed(synced));
    }
}
