using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The VNeID simulator (tools/MotCua.VneId) as a <see cref="SimulatorProcess"/>, registered for the client below.
/// <see cref="Configure"/> points an app's <c>Motcua:VneId</c> at it; control <c>{mode: normal|outage|slow|deny, delayMs,
/// tamper: none|forged|expired|nonce|audience|issuer|unsigned}</c>.
/// </summary>
public sealed class VneIdProcess : SimulatorProcess
{
    public const string ClientId = "motcua-test";
    public const string ClientSecret = "test-vneid-secret";

    public VneIdProcess() : base("VneIdDll", "VNeID giả lập") => Start();

    protected override IEnumerable<string> Arguments => ["--VneId:ClientId", ClientId, "--VneId:ClientSecret", ClientSecret];

    /// <summary>The simulator's issuer: its own address without the trailing slash.</summary>
    public string Issuer => Address.ToString().TrimEnd('/');

    /// <summary>Points <paramref name="app"/>'s VNeID sign-in at this simulator (timeout 20 seconds: a busy test machine signs slowly).</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:VneId:AuthorizeUrl"] = Issuer + "/authorize";
        app.Settings["Motcua:VneId:TokenUrl"] = Issuer + "/token";
        app.Settings["Motcua:VneId:JwksUrl"] = Issuer + "/jwks";
        app.Settings["Motcua:VneId:Issuer"] = Issuer;
        app.Settings["Motcua:VneId:ClientId"] = ClientId;
        app.Settings["Motcua:VneId:ClientSecret"] = ClientSecret;
        app.Settings["Motcua:VneId:TimeoutSeconds"] = "20";
    }

    /// <summary>The first <paramref name="take"/> people (<c>{sub, name, birthdate, gender, phone_number}</c>).</summary>
    public async Task<List<JsonElement>> PeopleAsync(int take = 5) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/people?take={take}") ?? [];

    /// <summary>Every sign-in event the simulator saw (<c>{at, sub, clientId, outcome}</c>), in order.</summary>
    public async Task<List<JsonElement>> SignInsAsync() =>
        await Client.GetFromJsonAsync<List<JsonElement>>("/sign-ins") ?? [];
}
