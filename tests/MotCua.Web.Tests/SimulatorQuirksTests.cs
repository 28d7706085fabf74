using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using MotCua.Domain.Fees;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, third trial LOW 12: the simulators misled a tester. The portal simulator pushed the birth registration's
/// e-form and papers (and a random applicant beside the father's declaration) for every procedure, so a procedure without
/// an e-form was refused unless the tester knew to send <c>"form": {}</c>; the population simulator's modes stacked
/// (<c>outage</c> after <c>slow</c> kept the delay).
/// </summary>
public class SimulatorQuirksTests
{
    [Fact]
    public async Task A_push_of_another_procedure_carries_its_own_papers_and_no_birth_form_and_the_birth_one_the_father_as_applicant()
    {
        using var portal = new NationalPortalProcess();
        using var app = new MotCuaApp();
        Assert.Equal(1, await app.ScalarAsync("SELECT 1"));
        // A procedure adopted online at the centre that declares no e-form: pushed with no `form`, as the README shows.
        var procedure = "";
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var centre = await db.Agencies.Where(a => a.Code == DemoData.CentreCode).Select(a => a.Id).SingleAsync();
            foreach (var candidate in await db.AgencyProcedures.Where(p => p.AgencyId == centre).Select(p => p.ProcedureCode).OrderBy(c => c).ToListAsync())
                if (await ProcedureSpecs.LoadCurrentAsync(db, candidate, CancellationToken.None) is { Spec: var spec }
                    && spec.PublishedChannels.Contains(Channel.Online) && CountedFees.FormOf(spec).Count == 0)
                {
                    procedure = candidate;
                    break;
                }
        }
        Assert.NotEqual("", procedure);
        var code = await PushedAsync(portal, app, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1, agencyCode = DemoData.CentreCode, procedureCode = procedure });
        Assert.Equal(2, await app.ScalarAsync($"""
            SELECT count(*) FROM dossiers d, jsonb_array_elements(d.documents::jsonb) e (doc), jsonb_each_text(e.doc) kv
            WHERE d.code = '{code}' AND lower(kv.key) = 'name' AND kv.value LIKE '%(thủ tục {procedure})'
            """));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{code}' AND form_data IS NOT NULL AND form_data::text <> '{{}}'"));

        // The birth registration, the default: its e-form declares the father, who is the applicant.
        var birth = await PushedAsync(portal, app, new { url = app.BaseAddress.ToString(), apiKey = DemoData.PortalApiKey, count = 1 });
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE code = '{birth}' AND applicant_full_name = form_data ->> 'hoTenCha'"));
    }

    private static async Task<string> PushedAsync(NationalPortalProcess portal, MotCuaApp app, object command)
    {
        var push = await portal.Client.PostAsJsonAsync("/control/push", command);
        Assert.True(push.StatusCode == HttpStatusCode.OK, await push.Content.ReadAsStringAsync());
        var pushed = (await push.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pushed")[0];
        Assert.True(pushed.GetProperty("status").GetInt32() == 201, pushed.ToString());
        return pushed.GetProperty("answer").GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Each_population_mode_replaces_the_one_before()
    {
        using var registry = new PopulationRegistryProcess();
        async Task<JsonElement> ModeAsync(object command)
        {
            var answer = await registry.Client.PostAsJsonAsync("/control", command);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            return await answer.Content.ReadFromJsonAsync<JsonElement>();
        }
        var outage = await ModeAsync(new { mode = "outage" });
        var slow = await ModeAsync(new { mode = "slow", delayMs = 8000 });
        Assert.Equal((false, 8000), (slow.GetProperty("outage").GetBoolean(), slow.GetProperty("slowMs").GetInt32()));
        outage = await ModeAsync(new { mode = "outage" });
        Assert.Equal((true, 0), (outage.GetProperty("outage").GetBoolean(), outage.GetProperty("slowMs").GetInt32()));
        var error = await ModeAsync(new { mode = "error", status = 500, count = 2 });
        Assert.Equal((false, 0, 2), (error.GetProperty("outage").GetBoolean(), error.GetProperty("slowMs").GetInt32(), error.GetProperty("errors").GetInt32()));
    }
}
