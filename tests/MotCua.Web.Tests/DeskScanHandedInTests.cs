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

        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={procedure}");
        var form = HtmlForm.Fields(html, "id=\"intake-form\"").GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
        var line = form.Where(f => f.Key.EndsWith("].Name", StringComparison.Ordinal) && f.Value.StartsWith("Giấy chứng sinh", StringComparison.Ordinal))
            .Select(f => int.Parse(f.Key["Documents[".Length..f.Key.IndexOf(']')])).Single();
        form["decision"] = "receive";
        form["ReceiveIncomplete"] = "true";
        form["ApplicantKind"] = "individual";
        form["FullName"] = "Lê Thị Quét";
        form["IdNumber"] = "046195017001";
        form["Phone"] = "0914222666";
        form["Address"] = "9 Lê Lợi, phường Thuận Hóa";
        form["Channel"] = "direct";
        form.Remove($"Documents[{line}].Received");
        form[$"Documents[{line}].StagedFiles"] = scan.ToString();
        foreach (var (key, value) in Requests.BirthRegistrationForm) form[$"Form[{key}]"] = value!;

        var received = await officer.PostAsync($"/tiep-nhan?thutuc={procedure}", new FormUrlEncodedContent(form));
        Assert.True(received.StatusCode == HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.ScalarAsync(
            "SELECT count(*) FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.applicant_id_number = '046195017001' AND f.digitised"));
    }
}
