using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>The demo must let every adopted procedure run to its end with the demo accounts alone.</summary>
public class DemoJourneyTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task A_provincial_procedure_runs_through_the_centres_own_process_with_demo_accounts()
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: "Hồ Thị Lan"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        async Task Act(string userName, string action, object body)
        {
            var officer = await app.OfficerAsync(userName);
            var response = await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
            Assert.True(response.IsSuccessStatusCode, $"{userName} {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await Act("tiepnhan.trungtam", "transfer", new { });
        await Act("truongphong.trungtam", "assign", new { userName = "chuyenvien.trungtam" });
        await Act("chuyenvien.trungtam", "complete-step", new { note = "Hồ sơ đủ điều kiện, trình ký." });
        await Act("lanhdao.trungtam", "approve", new { note = "Đồng ý." });
        await Act("tiepnhan.trungtam", "result-ready", new { });
        await Act("tiepnhan.trungtam", "return", new { method = "desk", receivedBy = "Hồ Thị Lan" });

        var lookup = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/lookup/{code}");
        Assert.Equal(10, lookup.GetProperty("status").GetInt32());

        // The QR on the signed result leads to the verification page, which shows the official record.
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var dir = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "web-tests");
        Directory.CreateDirectory(dir);
        var pdf = Path.Combine(dir, $"{code}-result.pdf");
        await File.WriteAllBytesAsync(pdf, await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/result.pdf"));
        MotCuaApp.Tool("pdftoppm", $"-r 150 -png -f 1 -l 1 \"{pdf}\" \"{Path.Combine(dir, code + "-result")}\"");
        var verifyUrl = MotCuaApp.Tool("zbarimg", $"--raw -q \"{Directory.GetFiles(dir, $"{code}-result*.png").Single()}\"").Trim();
        Assert.Equal(new Uri(app.BaseAddress, $"/xac-thuc?ma={code}").ToString(), verifyUrl);
        var page = await app.CreateClient().GetStringAsync(verifyUrl);
        Assert.Contains("Đã trả kết quả", page);
        Assert.Contains("H* T** L**", page);
    }
}
