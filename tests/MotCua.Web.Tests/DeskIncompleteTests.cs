using System.Net;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// CIT35 LOW 6: at the desk, "Tiếp nhận và in giấy hẹn" with a line the list requires not handed in (the digitisation
/// panel's "✗ thiếu") does not receive the dossier by a slip: 422, the page names the missing lines ("Hồ sơ còn thiếu giấy
/// tờ bắt buộc: … Vẫn tiếp nhận?") and offers the box "Vẫn tiếp nhận khi còn thiếu giấy tờ"; nothing is written until the
/// officer ticks it (Nghị định 61/2018, Điều 19, khoản 2); once received so, the dossier shows which lines were missing. The
/// trial's case: 1.000894 at phường Thuận Hóa with the residence paper handed in and the Tờ khai not. Real HTTP, real
/// PostgreSQL, no script.
/// </summary>
public class DeskIncompleteTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Procedure = "1.000894";

    // The desk form of 1.000894 as the officer fills it, every document line ticked but those named in leftOut.
    private static async Task<DeskIntakeForm> FormAsync(HttpClient officer, string idNumber, Func<string, bool> leftOut) =>
        (await DeskIntakeForm.ReadAsync(officer, Procedure)).TickAllBut(leftOut)
            .EForm(OfficialBookTests.FormFor(MotCua.Domain.Registers.OfficialBooks.FormFieldsOf(Procedure, "")))
            .Applicant("Trần Thị Bích Ngọc", idNumber, "0914000555", "25 Nguyễn Huệ, phường Thuận Hóa").Direct();

    private static bool Declaration(string name) => name.StartsWith("Tờ khai", StringComparison.Ordinal);

    private Task<long> DossiersOfAsync(string idNumber) => app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE applicant_id_number = '{idNumber}'");

    [Fact]
    public async Task A_missing_required_line_asks_for_the_officers_confirmation_and_receives_nothing_until_given()
    {
        const string applicant = "046196007788";
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var form = await FormAsync(officer, applicant, Declaration);
        Assert.Contains(form.Lines, l => Declaration(l.Name));

        var refused = await form.PostAsync();
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.True(refused.StatusCode == HttpStatusCode.OK, page);
        Assert.Contains("Hồ sơ chưa được lưu", page, StringComparison.Ordinal);
        Assert.Contains("Hồ sơ còn thiếu giấy tờ bắt buộc: Tờ khai", page, StringComparison.Ordinal);
        Assert.Contains("Vẫn tiếp nhận?", page, StringComparison.Ordinal);
        Assert.Contains("name=\"ReceiveIncomplete\" value=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains("Vẫn tiếp nhận khi còn thiếu giấy tờ", page, StringComparison.Ordinal);
        Assert.Equal(0, await DossiersOfAsync(applicant));

        // With another mistake the officer sees both at once, not one after the other.
        var bothPage = WebUtility.HtmlDecode(await (await form.With("Phone", "12").PostAsync()).Content.ReadAsStringAsync());
        Assert.Contains("Hồ sơ còn thiếu giấy tờ bắt buộc: Tờ khai", bothPage, StringComparison.Ordinal);
        Assert.Contains("id=\"Phone-error\"", bothPage, StringComparison.Ordinal);
        Assert.Equal(0, await DossiersOfAsync(applicant));

        // The officer decides on purpose: the same form with the box ticked is received.
        await form.ReceiveIncomplete().ReceiveAsync();
        Assert.Equal(1, await DossiersOfAsync(applicant));
    }

    [Fact]
    public async Task Every_required_line_handed_in_is_received_without_the_box_and_nothing_handed_in_is_intakes_own_refusal()
    {
        const string applicant = "046196007789";
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        await (await FormAsync(officer, applicant, _ => false)).ReceiveAsync();
        Assert.Equal(1, await DossiersOfAsync(applicant));

        // Nothing handed in at all: intake's own refusal (Dossier.CheckDocumentsHandedIn), not the confirmation, which cannot pass it.
        var none = await (await FormAsync(officer, "046196007790", _ => true)).PostAsync();
        var nonePage = WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync());
        Assert.Contains("Hồ sơ chưa có giấy tờ nào", nonePage, StringComparison.Ordinal);
        Assert.DoesNotContain("Hồ sơ còn thiếu giấy tờ bắt buộc", nonePage, StringComparison.Ordinal);
        Assert.Equal(0, await DossiersOfAsync("046196007790"));
    }

    /// <summary>
    /// Received with the box ticked, the dossier keeps which required lines were missing, so an inspector reading it later can
    /// tell (migration 0122): its officer's page shows them in the history under the intake ("Tiếp nhận khi còn thiếu: Tờ
    /// khai …") and its events API gives them on the intake event (<c>missingDocuments</c>). A complete intake, with the box
    /// ticked or not, shows nothing of the kind.
    /// </summary>
    [Fact]
    public async Task The_lines_missing_when_received_anyway_are_shown_on_the_dossier_and_a_complete_intake_shows_none()
    {
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var form = await FormAsync(officer, "046196007791", Declaration);
        // Named as the refusal names it: the catalogue's words without the trailing punctuation.
        var declaration = form.Lines.Single(l => Declaration(l.Name)).Name.TrimEnd(' ', '.', ';', ',', ':');
        var incomplete = await form.ReceiveIncomplete().ReceiveAsync();

        var page = WebUtility.HtmlDecode(await officer.GetStringAsync($"/ho-so/{incomplete}"));
        Assert.Contains($"<strong id=\"received-incomplete\">Tiếp nhận khi còn thiếu: {declaration}</strong>", page, StringComparison.Ordinal);
        var events = JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/dossiers/{incomplete}/events")).RootElement.EnumerateArray().ToList();
        Assert.Equal("receive", events[0].GetProperty("action").GetString());
        Assert.Equal([declaration], events[0].GetProperty("missingDocuments").EnumerateArray().Select(n => n.GetString()));
        Assert.All(events.Skip(1), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("missingDocuments").ValueKind));

        foreach (var (applicant, boxTicked) in new[] { ("046196007792", false), ("046196007793", true) })
        {
            var complete = await FormAsync(officer, applicant, _ => false);
            if (boxTicked) complete.ReceiveIncomplete();
            var code = await complete.ReceiveAsync();
            Assert.DoesNotContain("Tiếp nhận khi còn thiếu", WebUtility.HtmlDecode(await officer.GetStringAsync($"/ho-so/{code}")), StringComparison.Ordinal);
            Assert.All(JsonDocument.Parse(await officer.GetStringAsync($"/api/v1/dossiers/{code}/events")).RootElement.EnumerateArray(),
                e => Assert.Equal(JsonValueKind.Null, e.GetProperty("missingDocuments").ValueKind));
        }
    }
}
