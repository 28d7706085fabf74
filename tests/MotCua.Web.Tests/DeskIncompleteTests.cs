using System.Net;

namespace MotCua.Web.Tests;

/// <summary>
/// CIT35 LOW 6: at the desk, "Tiếp nhận và in giấy hẹn" with a line the list requires not handed in (the digitisation
/// panel's "✗ thiếu") does not receive the dossier by a slip: 422, the page names the missing lines ("Hồ sơ còn thiếu giấy
/// tờ bắt buộc: … Vẫn tiếp nhận?") and offers the box "Vẫn tiếp nhận khi còn thiếu giấy tờ"; nothing is written until the
/// officer ticks it (Nghị định 61/2018, Điều 19, khoản 2). The trial's case: 1.000894 at phường Thuận Hóa with the
/// residence paper handed in and the Tờ khai not. Real HTTP, real PostgreSQL, no script.
/// </summary>
public class DeskIncompleteTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Procedure = "1.000894";

    // The desk form of 1.000894 as the officer fills it, every document line ticked but those named in leftOut.
    private static async Task<Dictionary<string, string>> FormAsync(HttpClient officer, string idNumber, Func<string, bool> leftOut)
    {
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={Procedure}");
        var form = HtmlForm.Fields(html, "id=\"intake-form\"").GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
        foreach (var key in form.Keys.Where(k => k.EndsWith("].Received", StringComparison.Ordinal)).ToList()) form.Remove(key);
        foreach (var (key, name) in form.Where(f => f.Key.EndsWith("].Name", StringComparison.Ordinal)).ToList())
            if (!leftOut(name)) form[key[..^".Name".Length] + ".Received"] = "true";
        foreach (var (key, value) in OfficialBookTests.FormFor(MotCua.Domain.Registers.OfficialBooks.FormFieldsOf(Procedure, ""))) form[$"Form[{key}]"] = value ?? "";
        form["decision"] = "receive";
        form["ApplicantKind"] = "individual";
        form["FullName"] = "Trần Thị Bích Ngọc";
        form["IdNumber"] = idNumber;
        form["Phone"] = "0914000555";
        form["Address"] = "25 Nguyễn Huệ, phường Thuận Hóa";
        form["Channel"] = "direct";
        return form;
    }

    private static bool Declaration(string name) => name.StartsWith("Tờ khai", StringComparison.Ordinal);

    private Task<long> DossiersOfAsync(string idNumber) => app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE applicant_id_number = '{idNumber}'");

    [Fact]
    public async Task A_missing_required_line_asks_for_the_officers_confirmation_and_receives_nothing_until_given()
    {
        const string applicant = "046196007788";
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var form = await FormAsync(officer, applicant, Declaration);
        Assert.Contains(form, f => f.Key.EndsWith("].Name", StringComparison.Ordinal) && Declaration(f.Value));

        var refused = await officer.PostAsync($"/tiep-nhan?thutuc={Procedure}", new FormUrlEncodedContent(form));
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.True(refused.StatusCode == HttpStatusCode.OK, page);
        Assert.Contains("Hồ sơ chưa được lưu", page, StringComparison.Ordinal);
        Assert.Contains("Hồ sơ còn thiếu giấy tờ bắt buộc: Tờ khai", page, StringComparison.Ordinal);
        Assert.Contains("Vẫn tiếp nhận?", page, StringComparison.Ordinal);
        Assert.Contains("name=\"ReceiveIncomplete\" value=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains("Vẫn tiếp nhận khi còn thiếu giấy tờ", page, StringComparison.Ordinal);
        Assert.Equal(0, await DossiersOfAsync(applicant));

        // With another mistake the officer sees both at once, not one after the other.
        var both = new Dictionary<string, string>(form) { ["Phone"] = "12" };
        var bothPage = WebUtility.HtmlDecode(await (await officer.PostAsync($"/tiep-nhan?thutuc={Procedure}", new FormUrlEncodedContent(both))).Content.ReadAsStringAsync());
        Assert.Contains("Hồ sơ còn thiếu giấy tờ bắt buộc: Tờ khai", bothPage, StringComparison.Ordinal);
        Assert.Contains("id=\"Phone-error\"", bothPage, StringComparison.Ordinal);
        Assert.Equal(0, await DossiersOfAsync(applicant));

        // The officer decides on purpose: the same form with the box ticked is received.
        form["ReceiveIncomplete"] = "true";
        var received = await officer.PostAsync($"/tiep-nhan?thutuc={Procedure}", new FormUrlEncodedContent(form));
        Assert.True(received.StatusCode == HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        Assert.Equal(1, await DossiersOfAsync(applicant));
    }

    [Fact]
    public async Task Every_required_line_handed_in_is_received_without_the_box_and_nothing_handed_in_is_intakes_own_refusal()
    {
        const string applicant = "046196007789";
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var complete = await officer.PostAsync($"/tiep-nhan?thutuc={Procedure}", new FormUrlEncodedContent(await FormAsync(officer, applicant, _ => false)));
        Assert.True(complete.StatusCode == HttpStatusCode.Redirect, await complete.Content.ReadAsStringAsync());
        Assert.Equal(1, await DossiersOfAsync(applicant));

        // Nothing handed in at all: intake's own refusal (Dossier.CheckDocumentsHandedIn), not the confirmation, which cannot pass it.
        var none = await officer.PostAsync($"/tiep-nhan?thutuc={Procedure}", new FormUrlEncodedContent(await FormAsync(officer, "046196007790", _ => true)));
        var nonePage = WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync());
        Assert.Contains("Hồ sơ chưa có giấy tờ nào", nonePage, StringComparison.Ordinal);
        Assert.DoesNotContain("Hồ sơ còn thiếu giấy tờ bắt buộc", nonePage, StringComparison.Ordinal);
        Assert.Equal(0, await DossiersOfAsync("046196007790"));
    }
}
