using System.Net;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// Fresh trial 17u M2: at the desk, a line with a scan is "✓ có" in the digitisation panel; receiving the dossier counts
/// it as handed over whether or not the officer also ticked its box, and its scan is attached. Real HTTP, real PostgreSQL.
/// </summary>
public class DeskScanHandedInTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task A_scanned_line_that_was_not_ticked_is_received_with_its_scan()
    {
        const string procedure = "1.001193";
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var upload = FileUploadTests.Form(("giay-chung-sinh.pdf", FileUploadTests.Pdf("scan-" + Guid.NewGuid().ToString("N"))));
        upload.Add(new StringContent("desk-scan"), "purpose");
        var staged = await officer.PostAsync("/api/v1/files/staged", upload);
        Assert.Equal(HttpStatusCode.Created, staged.StatusCode);
        var scan = JsonDocument.Parse(await staged.Content.ReadAsStringAsync()).RootElement.GetProperty("files")[0].GetProperty("id").GetInt64();

        var form = (await DeskIntakeForm.ReadAsync(officer, procedure)).Applicant("Lê Thị Quét", "046195017001", "0914222666", "9 Lê Lợi, phường Thuận Hóa")
            .Direct().ReceiveIncomplete().EForm(Requests.BirthRegistrationForm);
        var line = form.Line(n => n.StartsWith("Giấy chứng sinh", StringComparison.Ordinal));
        // Scanned, not ticked.
        await form.Remove($"Documents[{line}].Received").Stage(line, scan).ReceiveAsync();
        Assert.Equal(1, await app.ScalarAsync(
            "SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.applicant_id_number = '046195017001' AND f.digitised"));
    }
}
