using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The National Public Service Portal simulator (tools/MotCua.NationalPortal) as a <see cref="SimulatorProcess"/>, with the
/// client credentials below. <see cref="Configure"/> points an app at it; control modes
/// <c>normal|outage|slow|error|refuse|unauthorized|expire</c>.
/// </summary>
public sealed class NationalPortalProcess : SimulatorProcess
{
    public const string ClientId = "test-portal-client";
    public const string ClientSecret = "test-portal-secret";

    public NationalPortalProcess() : base("NationalPortalDll", "Cổng DVCQG giả lập") => Start();

    protected override IEnumerable<string> Arguments => ["--Portal:ClientId", ClientId, "--Portal:ClientSecret", ClientSecret];

    /// <summary>A simulator and an app syncing to it through its outbox (polled every 50 ms, recovery probes every second),
    /// the app's clock at Monday 17/11/2025 09:00 Vietnam time: the portal rounds' tests start here.</summary>
    public static (NationalPortalProcess Portal, MotCuaApp App) WithSyncingApp()
    {
        var portal = new NationalPortalProcess();
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:RecoveryProbeSeconds"] = "1";
        portal.Configure(app);
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, MotCua.Domain.Calendar.VietnamTime.Offset);
        return (portal, app);
    }

    /// <summary>Points <paramref name="app"/>'s portal sync at this simulator, with a bearer token from its token endpoint.</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:Portal:SyncUrl"] = new Uri(Address, "/dvcqg/sync").ToString();
        app.Settings["Motcua:Portal:Auth"] = "Bearer";
        app.Settings["Motcua:Portal:TokenUrl"] = new Uri(Address, "/oauth/token").ToString();
        app.Settings["Motcua:Portal:ClientId"] = ClientId;
        app.Settings["Motcua:Portal:ClientSecret"] = ClientSecret;
        app.Settings["Motcua:Portal:TimeoutSeconds"] = "5";
    }

    /// <summary>Every call the simulator answered about dossier <paramref name="code"/>, in order.</summary>
    public async Task<List<JsonElement>> ReceivedAsync(string code) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/received?code={Uri.EscapeDataString(code)}") ?? [];

    /// <summary>The dossier as the portal holds it (<c>{hoSo, statuses, steps}</c>), or null.</summary>
    public async Task<JsonElement?> DossierAsync(string code)
    {
        var response = await Client.GetAsync($"/dossiers/{Uri.EscapeDataString(code)}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
