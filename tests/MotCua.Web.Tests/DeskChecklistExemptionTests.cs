using System.Net;

namespace MotCua.Web.Tests;

/// <summary>
/// The desk's checklist and the population database (docs/CITIZENS.md, LOW 11 at the desk): 2.000908's identity-card line,
/// which the published list exempts "khi … khai thác được thông tin … trên Cơ sở dữ liệu quốc gia về dân cư", is "✗ thiếu"
/// for an applicant typed by hand and "? kiểm tra điều kiện" once the officer's lookup found them (the form's token for the
/// same CCCD and name); the lookup's answer asks the panel to refresh. Real HTTP against the population simulator process.
/// </summary>
public class DeskChecklistExemptionTests(PopulationRegistryFixture fixture) : IClassFixture<PopulationRegistryFixture>
{
    private const string Procedure = "2.000908";
    private const string Purpose = "Tiếp nhận hồ sơ chứng thực";

    private static string IdentityLine(string panel) =>
        Assert.Single(panel.Split("<li>"), l => l.Contains("Một trong các giấy tờ sau: Căn cước", StringComparison.Ordinal));

    [Fact]
    public async Task The_identity_card_line_is_missing_for_a_typed_applicant_and_a_condition_once_the_lookup_found_them()
    {
        var person = (await fixture.Registry.PeopleAsync(3))[2];
        var number = person.GetProperty("soDinhDanh").GetString()!;
        var name = person.GetProperty("hoTen").GetString()!;
        var officer = await fixture.App.OfficerAsync("tiepnhan.thuanhoa");
        string Panel(string query) => $"/tiep-nhan/so-hoa?thutuc={Procedure}&IdNumber={number}&FullName={Uri.EscapeDataString(name)}{query}";

        var typed = WebUtility.HtmlDecode(await officer.GetStringAsync(Panel("")));
        Assert.Contains("✗ thiếu", IdentityLine(typed));

        var lookup = await officer.PostAsync("/tiep-nhan/tra-cuu-cong-dan", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["IdNumber"] = number, ["LookupPurpose"] = Purpose }));
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal("citizen-verified", Assert.Single(lookup.Headers.GetValues("HX-Trigger")));
        var partial = WebUtility.HtmlDecode(await lookup.Content.ReadAsStringAsync());
        const string marker = "id=\"VerificationToken\" name=\"VerificationToken\" value=\"";
        var start = partial.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var token = partial[start..partial.IndexOf('"', start)];
        Assert.NotEmpty(token);

        var verified = WebUtility.HtmlDecode(await officer.GetStringAsync(Panel($"&VerificationToken={Uri.EscapeDataString(token)}")));
        Assert.Contains("? kiểm tra điều kiện", IdentityLine(verified));
        // The token is for this CCCD and name only: another name typed over the database's keeps the line missing.
        var edited = WebUtility.HtmlDecode(await officer.GetStringAsync(
            $"/tiep-nhan/so-hoa?thutuc={Procedure}&IdNumber={number}&FullName={Uri.EscapeDataString("Trần Văn Khác")}&VerificationToken={Uri.EscapeDataString(token)}"));
        Assert.Contains("✗ thiếu", IdentityLine(edited));
    }
}
