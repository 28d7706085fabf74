using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>Issue 14: the fee fixed at intake in intake's own statement (dossier_fees), the unit's local fee winning,
/// the officer's exemption, and the fee shown by the dossier API; over real HTTP and PostgreSQL.</summary>
public class DossierFeeTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private async Task<JsonElement> DossierAsync(HttpResponseMessage created)
    {
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        return await app.ApiClient().GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
    }

    private static object WithFee(object dossier, string idNumber, object? feeExemption)
    {
        var json = JsonSerializer.SerializeToNode(dossier)!.AsObject();
        json["applicant"]!["idNumber"] = idNumber;
        if (feeExemption is not null) json["feeExemption"] = JsonSerializer.SerializeToNode(feeExemption);
        return json;
    }

    [Fact]
    public async Task A_free_procedure_gets_a_fee_row_of_none_and_a_local_fee_wins_with_an_exemption_keeping_its_items()
    {
        var free = await DossierAsync(await app.ApiClient().SubmitAsync(WithFee(Requests.Dossier(), "046095008001", null)));
        var fee = free.GetProperty("fee");
        output.WriteLine($"1.001193 direct: {fee}");
        Assert.Equal(("none", 0L), (fee.GetProperty("source").GetString(), fee.GetProperty("dueVnd").GetInt64()));

        await app.ScalarAsync($"UPDATE agency_procedures SET fee = 25000, fee_text = 'Nghị quyết HĐND tỉnh' WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}')");
        var local = (await DossierAsync(await app.ApiClient().SubmitAsync(WithFee(Requests.Dossier(), "046095008002", null)))).GetProperty("fee");
        output.WriteLine($"with a local fee: {local}");
        Assert.Equal(("local", 25_000L, 25_000L), (local.GetProperty("source").GetString(), local.GetProperty("dueVnd").GetInt64(), local.GetProperty("chargeVnd").GetInt64()));

        var exempt = (await DossierAsync(await app.ApiClient().SubmitAsync(WithFee(Requests.Dossier(), "046095008003",
            new { reason = "Người có công với cách mạng", legalBasis = "Luật Phí và lệ phí 2015" })))).GetProperty("fee");
        Assert.Equal((0L, 25_000L, "Người có công với cách mạng"), (exempt.GetProperty("dueVnd").GetInt64(), exempt.GetProperty("chargeVnd").GetInt64(), exempt.GetProperty("exemptionReason").GetString()));
        Assert.Equal(1, exempt.GetProperty("items").GetArrayLength());

        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var half = await app.ApiClient().SubmitAsync(WithFee(Requests.Dossier(), "046095008004", new { reason = "Hộ nghèo" }));
        var problem = await IntakeApiTests.AssertProblem(half, "feeExemption.legalBasis");
        Assert.Contains("căn cứ pháp lý", problem.GetProperty("errors").GetProperty("feeExemption.legalBasis")[0].GetString());
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        // Each of the three dossiers received has its one row, written by intake's statement.
        Assert.Equal(3, await app.ScalarAsync("SELECT count(*) FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.applicant_id_number LIKE '04609500800%'"));
    }
}
