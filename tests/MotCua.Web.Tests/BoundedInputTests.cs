using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Domain.Text;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 8: a processing body with a null line or a note, reason or legal basis over
/// <see cref="TypedText.MaxNote"/> characters is refused with 422 naming the field, and the dossier is unchanged.
/// </summary>
public class BoundedInputTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Theory]
    [InlineData("supplement-request", """{"items":[null]}""", "items[0]")]
    [InlineData("supplement-request", """{"items":[{"document":"Tờ khai","reason":"LONG"}]}""", "items[0].reason")]
    [InlineData("approve", """{"note":"LONG"}""", "note")]
    [InlineData("complete-step", """{"note":"LONG"}""", "note")]
    [InlineData("refuse-online", """{"reason":"Thiếu","legalBasis":"LONG"}""", "legalBasis")]
    [InlineData("withdraw", """{"reason":"LONG"}""", "reason")]
    public async Task Malformed_processing_bodies_are_422_naming_the_field_and_change_nothing(string action, string json, string field)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var events = $"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'";
        var before = await app.ScalarAsync(events);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var body = json.Replace("LONG", new string('a', TypedText.MaxNote + 1), StringComparison.Ordinal);
        var response = await desk.PostAsync($"/api/v1/dossiers/{code}/{action}", new StringContent(body, Encoding.UTF8, "application/json"));
        await IntakeApiTests.AssertProblem(response, field);
        Assert.Equal(before, await app.ScalarAsync(events));
        // Exactly at the limit the length is not what is refused.
        var atLimit = await desk.PostAsync($"/api/v1/dossiers/{code}/{action}",
            new StringContent(json.Replace("LONG", new string('a', TypedText.MaxNote), StringComparison.Ordinal), Encoding.UTF8, "application/json"));
        Assert.DoesNotContain(TypedText.MaxNote.ToString("N0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.'), await atLimit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
