using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 12, item 12: past serial 9999 a code has five digits and no longer sorts as text ("…-10000" &lt; "…-9999").
/// Numbering, lists, the register and the lookup go by the counter, the register line and the intake order, never by
/// the code's text.
/// </summary>
public class LongSerialTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Codes_past_9999_are_numbered_listed_registered_and_looked_up_in_order()
    {
        var day = MotCua.Domain.Calendar.VietnamTime.DateOf(app.Clock.GetUtcNow());
        await app.ScalarAsync($"""
            INSERT INTO dossier_serials (agency_id, day, last_serial)
            SELECT id, DATE '{day:yyyy-MM-dd}', 9998 FROM agencies WHERE code = '{DemoData.ThuanHoaCode}'
            ON CONFLICT (agency_id, day) DO UPDATE SET last_serial = 9998 RETURNING 1
            """);
        var api = app.ApiClient();
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await api.SubmitAsync(Requests.Dossier(fullName: "Mười Nghìn"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            codes.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!);
        }
        output.WriteLine($"codes: {string.Join(", ", codes)}; as text they sort {string.Join(", ", codes.Order(StringComparer.Ordinal))}");
        Assert.Equal([9999, 10000, 10001], codes.Select(c => DossierCode.TryParse(c, out _, out _, out var serial) ? serial : 0));

        // The next serial comes from the counter, not from the greatest code as text (which is still …-9999).
        Assert.Equal(10001, await app.ScalarAsync($"SELECT last_serial FROM dossier_serials s JOIN agencies a ON a.id = s.agency_id WHERE a.code = '{DemoData.ThuanHoaCode}' AND day = DATE '{day:yyyy-MM-dd}'"));

        // The register numbers its lines in the order of intake.
        var lines = new List<long>();
        foreach (var code in codes) lines.Add(await app.ScalarAsync($"SELECT register_number FROM dossiers WHERE code = '{code}'"));
        Assert.Equal(lines.Order(), lines);
        Assert.Equal(lines[0] + 2, lines[2]);

        // The officer's list shows the newest first: 10001, 10000, 9999.
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var list = await officer.GetStringAsync("/ho-so");
        var positions = codes.Select(c => list.IndexOf(c, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.True(positions[2] < positions[1] && positions[1] < positions[0], string.Join(",", positions));

        // Each one is found by its own code, on the page and by the public lookup.
        foreach (var code in codes)
        {
            Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/ho-so/{code}")).StatusCode);
            var lookup = await app.SessionClient().GetFromJsonAsync<JsonElement>($"/api/v1/lookup/{code}");
            Assert.Equal(code, lookup.GetProperty("code").GetString());
        }
    }
}
