using System.Net;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial17u MEDIUM 1 (docs/FILES.md "Reuse"): at the Thuận Hóa desk, a 2.000908 dossier carries a child's Giấy chứng sinh
/// on the relationship-proof line (under a plain file name), the same certificate named as such on the CCCD line, and the
/// applicant's CCCD scan. The next 2.000908 for the same CCCD is offered the CCCD only: neither the relationship proof
/// (a line about another person) nor the file whose own name says giấy chứng sinh, and "Dùng lại" posted for either is 422.
/// Real HTTP, real PostgreSQL; no OCR.
/// </summary>
public class RelationshipProofDeskTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Procedure = "2.000908";
    private const string Applicant = "042204541249";

    // The applicant's desk form with the CCCD and the relationship proof handed in (one original each); nothing else.
    private static async Task<(DeskIntakeForm Form, int Card, int Relation)> FormAsync(HttpClient officer)
    {
        var form = (await DeskIntakeForm.ReadAsync(officer, Procedure)).Applicant("Đồng Nam Hưng", Applicant, "0914222556", "9 Lê Lợi, phường Thuận Hóa")
            .Direct().ReceiveIncomplete();
        var (card, relation) = (form.Line(n => n.Contains("Căn cước", StringComparison.Ordinal)), form.Line(n => n.Contains("chứng minh quan hệ", StringComparison.Ordinal)));
        return (form.Tick(card, originals: 1).Tick(relation, originals: 1), card, relation);
    }

    private static async Task<long> ScanAsync(HttpClient officer, string name)
    {
        var upload = FileUploadTests.Form((name, FileUploadTests.Pdf(name + Guid.NewGuid().ToString("N"))));
        upload.Add(new StringContent("desk-scan"), "purpose");
        var answer = await officer.PostAsync("/api/v1/files/staged", upload);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("files")[0].GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_relationship_proof_and_a_file_named_as_a_birth_certificate_are_not_offered_again_the_applicants_card_is()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var (first, card, relation) = await FormAsync(officer);
        var (cardScan, birthOnCard, proof) = (await ScanAsync(officer, "cccd.pdf"), await ScanAsync(officer, "giay-chung-sinh.pdf"), await ScanAsync(officer, "scan-quan-he.pdf"));
        await first.Stage(card, cardScan, birthOnCard).Stage(relation, proof).ReceiveAsync();
        Task<long> Original(string name) => app.ScalarAsync($"SELECT f.id FROM dossier_files f WHERE f.owner_id_number = '{Applicant}' AND f.digitised AND f.display_name = '{name}'");
        var (cardFile, birthFile, proofFile) = (await Original("cccd.pdf"), await Original("giay-chung-sinh.pdf"), await Original("scan-quan-he.pdf"));

        var panel = await officer.GetStringAsync($"/tiep-nhan/so-hoa?thutuc={Procedure}&IdNumber={Applicant}");
        Assert.Contains($"\"original\": \"{cardFile}\"", panel);
        Assert.DoesNotContain($"\"original\": \"{birthFile}\"", panel);
        Assert.DoesNotContain($"\"original\": \"{proofFile}\"", panel);

        foreach (var (original, line) in new[] { (proofFile, relation), (birthFile, card) })
        {
            var reuse = await officer.PostAsync("/tiep-nhan/so-hoa/dung-lai", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["original"] = $"{original}", ["document"] = $"{line}", ["IdNumber"] = Applicant, ["thutuc"] = Procedure,
            }));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reuse.StatusCode);
            Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE reused_from_id = {original}"));
        }
    }
}
