using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// The VNeID simulator (tools/MotCua.VneId, issue 17) as a <see cref="SimulatorProcess"/>. Its people are the population
/// simulator's (same generator and seed); its OpenID-Connect endpoints and the app's settings that point at them are
/// piece A's, which adds a <c>Configure(MotCuaApp)</c> here.
/// </summary>
public sealed class VneIdProcess : SimulatorProcess
{
    public VneIdProcess() : base("VneIdDll", "VNeID giả lập") => Start();

    protected override IEnumerable<string> Arguments => [];

    /// <summary>The first <paramref name="take"/> people (<c>{sub, name, birthdate, gender}</c>).</summary>
    public async Task<List<JsonElement>> PeopleAsync(int take = 5) =>
        await Client.GetFromJsonAsync<List<JsonElement>>($"/people?take={take}") ?? [];
}
