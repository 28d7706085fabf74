using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The population database simulator (tools/MotCua.PopulationRegistry) as a <see cref="SimulatorProcess"/>, with the API
/// key below. <see cref="Configure"/> points an app at it; control modes <c>normal|outage|slow|error</c>
/// (<c>delayMs</c>, <c>status</c>, <c>count</c>).
/// </summary>
public sealed class PopulationRegistryProcess : SimulatorProcess
{
    public const string ApiKey = "test-population-key";

    public PopulationRegistryProcess() : base("PopulationRegistryDll", "CSDL dân cư giả lập") => Start();

    protected override IEnumerable<string> Arguments => ["--Registry:ApiKey", ApiKey];

    /// <summary>Points <paramref name="app"/>'s population registry client at this simulator (timeout 2 seconds).</summary>
    public void Configure(MotCuaApp app)
    {
        app.Settings["Motcua:Population:Url"] = Address.ToString();
        app.Settings["Motcua:Population:ApiKey"] = ApiKey;
        app.Settings["Motcua:Population:TimeoutSeconds"] = "2";
    }

    /// <summary>The first <paramref name="take"/> invented people, as the simulator answers them
    /// (<c>{soDinhDanh, hoTen, ngaySinh, gioiTinh, noiThuongTru, giayTo}</c>).</summary>
    public async Task<List<JsonElement>> PeopleAsync(int take = 5) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/people?take={take}") ?? [];

    /// <summary>Every lookup the simulator answered (<c>{at, idNumber, purpose, officer, outcome}</c>), in order.</summary>
    public async Task<List<JsonElement>> LookupsAsync() =>
        await Client.GetFromJsonAsync<List<JsonElement>>("/lookups") ?? [];
}
