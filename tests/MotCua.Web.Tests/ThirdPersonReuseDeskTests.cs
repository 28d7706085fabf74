using System.Net;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 17t MEDIUM 3 (docs/CITIZENS.md "Session 32"): dossier 1 of 1.001193 at the Thuận Hóa desk carries the first
/// child's digitised Giấy chứng sinh; a second 1.001193 for the same parent's CCCD (another child) is not offered it
/// ("Dùng lại" absent), "Dùng lại" posted by hand is 422 naming the line, and intake refuses a crafted reference to it
/// (422, nothing received). Real HTTP, real PostgreSQL; no OCR (a desk scan is digitised at intake without it).
/// </summary>
public class ThirdPersonReuseDeskTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Procedure = "1.001193";
    private const string Parent = "046095001234";

    // The parent's desk form of 1.001193 for the child named childName, its Giấy chứng sinh line handed in (one original).
    private static async Task<(DeskIntakeForm Form, int Line)> FormAsync(HttpClient officer, string childName)
    {
        var form = (await DeskIntakeForm.ReadAsync(officer, Procedure)).Applicant("Nguyễn Thị Hương", Parent, "0914222555", "7 Lê Lợi, phường Thuận Hóa")
            .Direct().ReceiveIncomplete().EForm(Requests.BirthRegistrationForm);
        form["Form[hoTenTre]"] = childName;
        var line = form.Line(n => n.StartsWith("Giấy chứng sinh", StringComparison.Ordinal));
        return (form.Tick(line, originals: 1), line);
    }

    [Fact]
    public async Task A_childs_birth_certificate_is_neither_offered_nor_accepted_for_another_dossier_of_the_same_parent()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var upload = FileUploadTests.Form(("giay-chung-sinh-khang.pdf", FileUploadTests.Pdf("chung-sinh-" + Guid.NewGuid().ToString("N"))));
        upload.Add(new StringContent("desk-scan"), "purpose");
        var stagedAnswer = await officer.PostAsync("/api/v1/files/staged", upload);
        Assert.Equal(HttpStatusCode.Created, stagedAnswer.StatusCode);
        var scan = JsonDocument.Parse(await stagedAnswer.Content.ReadAsStringAsync()).RootElement.GetProperty("files")[0].GetProperty("id").GetInt64();

        var (first, line) = await FormAsync(officer, "Nguyễn Minh Khang");
        await first.Stage(line, scan).ReceiveAsync();
        var original = await app.ScalarAsync($"SELECT f.id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE f.owner_id_number = '{Parent}' AND f.digitised");

        // The second child's form: no offer of the first child's certificate.
        var panel = await officer.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={Procedure}&IdNumber={Parent}");
        Assert.DoesNotContain("dùng lại từ hồ sơ", panel);
        Assert.DoesNotContain($"\"original\": \"{original}\"", panel);

        // "Dùng lại" posted anyway: 422 naming the line, nothing staged.
        var reuse = await officer.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["original"] = original.ToString(), ["document"] = line.ToString(), ["IdNumber"] = Parent, ["thutuc"] = Procedure,
        }));
        var refusal = await reuse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reuse.StatusCode);
        Assert.Contains("Không dùng lại được giấy tờ “Giấy chứng sinh", refusal);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE reused_from_id = {original}"));

        // A reference staged some other way (a stale form, a crafted post): intake refuses it naming the line.
        var userId = await app.ScalarAsync("SELECT id FROM users WHERE user_name = 'tiepnhan.thuanhoa'");
        var reference = await app.ScalarAsync($"""
            INSERT INTO staged_files (sha256, display_name, purpose, owner_user_id, created_at, expires_at, reused_from_id)
            SELECT sha256, display_name, 3, {userId}, '{app.Clock.Now:o}', '{app.Clock.Now.AddHours(2):o}', id FROM dossier_files WHERE id = {original} RETURNING id
            """);
        var dossiers = await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE applicant_id_number = '{Parent}'");
        var (second, _) = await FormAsync(officer, "Nguyễn Minh Khoa");
        var refused = await second.Stage(line, reference).PostAsync();
        var page = await refused.Content.ReadAsStringAsync();
        // The desk page shows intake's refusals on the form (200, as for every intake error), receiving nothing.
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Không dùng lại được giấy tờ “Giấy chứng sinh", WebUtility.HtmlDecode(page));
        Assert.Equal(dossiers, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE applicant_id_number = '{Parent}'"));
    }
}
