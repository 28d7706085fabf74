using System.Net;
using System.Text;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 8: the administrator's PUTs are partial updates (docs/SECURITY.md §5). A field left out stays as it
/// was in the database, a field sent as null goes back to the default, a field the request does not have is refused with
/// 422 naming it and changes nothing.
/// </summary>
public class PartialUpdateTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Calendar = $"/api/v1/agencies/{DemoData.ThuanHoaCode}/calendar";
    private const string Cutoff = $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193/cutoff";
    private const string Adoption = $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/{CatalogDemo.BirthRegistrationCode}";

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string> RowAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private Task<string> AgencyAsync() =>
        RowAsync($"SELECT coalesce(office_hours, '∅') || ' | ' || coalesce(cutoff::text, '∅') FROM agencies WHERE code = '{DemoData.ThuanHoaCode}'");

    private Task<string> AdoptionAsync(string procedure) => RowAsync($"""
        SELECT concat_ws(' | ', coalesce(ap.time_limit_amount::text, '∅'), coalesce(ap.time_limit_unit::text, '∅'), coalesce(ap.fee::text, '∅'),
               coalesce(ap.fee_text, '∅'), coalesce(ap.cutoff::text, '∅'))
        FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = '{DemoData.ThuanHoaCode}' AND ap.procedure_code = '{procedure}'
        """);

    [Fact]
    public async Task Agency_calendar_keeps_what_is_left_out_and_resets_what_is_null()
    {
        var admin = await app.OfficerAsync("quantri");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Calendar, """{"officeHours":"T2-T6 07:30-11:30,13:30-17:00","cutoff":"15:30"}""")).StatusCode);
        var set = await AgencyAsync();
        Assert.EndsWith("| 15:30:00", set);

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Calendar, "{}")).StatusCode);
        Assert.Equal(set, await AgencyAsync());
        await IntakeApiTests.AssertProblem(await PutAsync(admin, Calendar, """{"note":"x"}"""), "note");
        Assert.Equal(set, await AgencyAsync());

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Calendar, """{"cutoff":"16:00"}""")).StatusCode);
        Assert.Equal(set.Replace("15:30:00", "16:00:00", StringComparison.Ordinal), await AgencyAsync());

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Calendar, """{"officeHours":null}""")).StatusCode);
        Assert.Equal("∅ | 16:00:00", await AgencyAsync());
    }

    [Fact]
    public async Task Procedure_cutoff_left_out_is_unchanged_and_null_is_the_agency_s()
    {
        var admin = await app.OfficerAsync("quantri");
        var cutoff = $"SELECT coalesce(ap.cutoff::text, '∅') FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = '{DemoData.ThuanHoaCode}' AND ap.procedure_code = '1.001193'";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Cutoff, """{"cutoff":"16:30"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Cutoff, "{}")).StatusCode);
        await IntakeApiTests.AssertProblem(await PutAsync(admin, Cutoff, """{"note":"x"}"""), "note");
        Assert.Equal("16:30:00", await RowAsync(cutoff));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Cutoff, """{"cutoff":null}""")).StatusCode);
        Assert.Equal("∅", await RowAsync(cutoff));
    }

    [Fact]
    public async Task Adoption_fields_left_out_keep_their_values()
    {
        var admin = await app.OfficerAsync("quantri");
        var set = await PutAsync(admin, Adoption, """{"fee":12000,"feeText":"Lệ phí","cutoff":"15:00"}""");
        Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var before = await AdoptionAsync(CatalogDemo.BirthRegistrationCode);
        Assert.Contains("| 12000 | Lệ phí | 15:00:00", before, StringComparison.Ordinal);

        var kept = await PutAsync(admin, Adoption, "{}");
        Assert.True(kept.StatusCode == HttpStatusCode.OK, await kept.Content.ReadAsStringAsync());
        Assert.Equal(before, await AdoptionAsync(CatalogDemo.BirthRegistrationCode));
        await IntakeApiTests.AssertProblem(await PutAsync(admin, Adoption, """{"note":"x"}"""), "note");
        Assert.Equal(before, await AdoptionAsync(CatalogDemo.BirthRegistrationCode));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Adoption, """{"feeText":"Miễn lệ phí"}""")).StatusCode);
        Assert.Equal(before.Replace("Lệ phí", "Miễn lệ phí", StringComparison.Ordinal), await AdoptionAsync(CatalogDemo.BirthRegistrationCode));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, Adoption, """{"fee":null,"cutoff":null}""")).StatusCode);
        Assert.EndsWith("| ∅ | Miễn lệ phí | ∅", await AdoptionAsync(CatalogDemo.BirthRegistrationCode));
    }
}
