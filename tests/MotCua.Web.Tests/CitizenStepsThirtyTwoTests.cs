using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Citizens;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 17t LOW 5, 6, 10, 11 on the citizen's online form (<c>/cong-dan/nop/…</c>, docs/CITIZENS.md "Session 32"): step 1
/// marks the required applicant fields with "*"; step 2 lists the required lines first (1.001193's "Giấy chứng sinh *"
/// before its "Chỉ khi" lines); the review's refusal of a missing line ends with one period; 2.000908's identity-card line,
/// exempt when the population database is read, is not required of a citizen signed in by VNeID but is of one signed in
/// by a one-time code.
/// </summary>
public partial class CitizenStepsThirtyTwoTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [GeneratedRegex("<h2 id=\"dong-\\d+\">(?<text>[^<]*)</h2>")]
    private static partial Regex LineHeading();

    private async Task<(HttpClient Browser, long Draft)> DraftAsync(CitizenAssurance assurance, string procedure)
    {
        var (id, _) = await CitizenSchemeTests.CitizenRowAsync(app, assurance, "Hoàng Thục Oanh");
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, id, assurance, assurance == CitizenAssurance.OneTimeCode ? "0905111222" : null);
        using var scope = app.Services.CreateScope();
        var offer = (await scope.ServiceProvider.GetRequiredService<OnlineOffers>().OfferAsync(DemoData.ThuanHoaCode, procedure, CancellationToken.None)).Offer!;
        var form = OfficialBookTests.FormFor(MotCua.Domain.Fees.CountedFees.FormOf(offer.Spec).Where(f => f.Required)).ToDictionary(v => v.Key, v => v.Value ?? "");
        form["applicant.fullName"] = "Hoàng Thục Oanh";
        form["applicant.phone"] = "0905111222";
        form["applicant.address"] = "3 Lê Lợi, phường Thuận Hóa";
        var draft = await scope.ServiceProvider.GetRequiredService<CitizenDrafts>().CreateAsync(id, offer.Agency.Id, offer.Spec.Code, offer.Version, form, CancellationToken.None);
        return (browser, draft);
    }

    private static List<string> Headings(string html) => [.. LineHeading().Matches(WebUtility.HtmlDecode(html)).Select(m => m.Groups["text"].Value)];

    [Fact]
    public async Task Step_one_stars_the_required_applicant_fields_and_step_two_lists_the_required_lines_first()
    {
        var (browser, draft) = await DraftAsync(CitizenAssurance.VneId, "1.001193");
        var start = $"/cong-dan/nop/{DemoData.ThuanHoaCode}/1.001193";
        var step1 = WebUtility.HtmlDecode(await browser.GetStringAsync(start));
        foreach (var (key, label, required) in SubmitModel.ApplicantFields)
            Assert.Contains($"<label for=\"f-{key.Replace('.', '-')}\">{label}{(required ? " *" : "")}</label>", step1);

        var headings = Headings(await browser.GetStringAsync($"{start}?ban-nhap={draft}&buoc=2"));
        Assert.StartsWith("1. Giấy chứng sinh", headings[0]);
        Assert.EndsWith(" *", headings[0]);
        // Every starred line comes before every other, numbered as shown.
        var firstOptional = headings.FindIndex(h => !h.EndsWith(" *", StringComparison.Ordinal));
        Assert.True(firstOptional > 0 && headings.Skip(firstOptional).All(h => !h.EndsWith(" *", StringComparison.Ordinal)), string.Join(" | ", headings));
        Assert.Equal(Enumerable.Range(1, headings.Count).Select(n => $"{n}. "), headings.Select(h => h[..(h.IndexOf(' ') + 1)]));

        // "Nộp hồ sơ" without the certificate: one period after the line's name.
        var review = await browser.GetStringAsync($"{start}?ban-nhap={draft}&buoc=3");
        var submit = HtmlForm.Fields(review, "handler=Submit");
        var refused = await browser.PostAsync($"{start}?handler=Submit&ban-nhap={draft}", new FormUrlEncodedContent(submit));
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Chưa tải tệp cho giấy tờ bắt buộc: Giấy chứng sinh", page);
        Assert.DoesNotContain("..", page[page.IndexOf("Chưa tải tệp cho giấy tờ bắt buộc", StringComparison.Ordinal)..].Split('<')[0]);
    }

    [Fact]
    public async Task The_identity_card_line_the_population_database_exempts_is_not_required_of_a_citizen_signed_in_by_VNeID()
    {
        const string procedure = "2.000908";
        var (vneid, vneidDraft) = await DraftAsync(CitizenAssurance.VneId, procedure);
        var (otp, otpDraft) = await DraftAsync(CitizenAssurance.OneTimeCode, procedure);
        var start = $"/cong-dan/nop/{DemoData.ThuanHoaCode}/{procedure}";
        static string IdentityLine(List<string> headings) => Assert.Single(headings, h => h.Contains("Một trong các giấy tờ sau: Căn cước", StringComparison.Ordinal));

        var verified = WebUtility.HtmlDecode(await vneid.GetStringAsync($"{start}?ban-nhap={vneidDraft}&buoc=2"));
        Assert.DoesNotMatch(@"\*$", IdentityLine(Headings(verified)));
        Assert.Contains("Chỉ khi: cơ quan giải quyết không khai thác được thông tin của giấy tờ này trên Cơ sở dữ liệu quốc gia về dân cư", verified);
        Assert.EndsWith(" *", IdentityLine(Headings(await otp.GetStringAsync($"{start}?ban-nhap={otpDraft}&buoc=2"))));
    }
}
