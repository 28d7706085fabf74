using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, trial 16h LOW D: the population database's verification token is bound to the unit of the officer who looked
/// the citizen up. Another unit's officer, with no lookup and purpose of their own in the audit log, receives the dossier
/// unverified with it; the looking-up unit's officer receives it verified.
/// </summary>
public class PopulationTokenUnitTests(PopulationRegistryFixture fixture) : IClassFixture<PopulationRegistryFixture>
{
    private MotCuaApp App => fixture.App;

    [Fact]
    public async Task Another_units_officer_cannot_verify_an_applicant_with_the_token_of_a_lookup_they_did_not_make()
    {
        var person = (await fixture.Registry.PeopleAsync(4))[3];
        var number = person.GetProperty("soDinhDanh").GetString()!;
        var name = person.GetProperty("hoTen").GetString()!;
        var thuanHoa = await App.OfficerAsync("tiepnhan.thuanhoa");
        var looked = await thuanHoa.PostAsJsonAsync("/api/v1/citizens/lookup", new { idNumber = number, purpose = "Tiếp nhận hồ sơ" });
        Assert.True(looked.StatusCode == HttpStatusCode.OK, await looked.Content.ReadAsStringAsync());
        var token = (await looked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verificationToken").GetString()!;
        var code = await ProcedureAtBothUnitsAsync();

        var elsewhere = await PopulationRegistryTests.ReceiveAsync(await App.OfficerAsync("tiepnhan.phuxuan"), code, number, name, token);
        Assert.Equal(0, await VerifiedAsync(elsewhere));
        var here = await PopulationRegistryTests.ReceiveAsync(thuanHoa, code, number, name, token);
        Assert.Equal(1, await VerifiedAsync(here));
    }

    private Task<long> VerifiedAsync(string dossier) =>
        App.ScalarAsync($"SELECT count(*) FROM dossier_applicant_verifications v JOIN dossiers d ON d.id = v.dossier_id WHERE d.code = '{dossier}'");

    // A procedure both demo communes receive that declares no e-form.
    private async Task<string> ProcedureAtBothUnitsAsync()
    {
        await App.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            JOIN procedures p ON p.code = ap.procedure_code JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version
            WHERE a.code = '{DemoData.ThuanHoaCode}' AND NOT (v.spec ? 'formFields')
              AND EXISTS (SELECT 1 FROM agency_procedures o JOIN agencies b ON b.id = o.agency_id WHERE b.code = '{DemoData.PhuXuanCode}' AND o.procedure_code = ap.procedure_code)
            ORDER BY ap.procedure_code LIMIT 1
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
