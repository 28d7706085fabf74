using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Citizens;
using MotCua.Web.Features.Demo;
using MotCua.Domain.Fees;

namespace MotCua.Web.Tests;

/// <summary>
/// Fresh trial 17u H3 (docs/CITIZENS.md): 2.000908's identity-card line, which the list exempts when the population
/// database holds the card's data, is offered not required to a citizen signed in by VNeID; intake's "no document" check
/// applies the same rule, so that citizen submits with no file (201), while a one-time-code account is told which line
/// is missing, by its API line number (422 naming <c>documents</c>). Real HTTP and PostgreSQL.
/// </summary>
public class ExemptLineSubmissionTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task A_VNeID_citizen_submits_without_the_exempt_line_and_a_one_time_code_account_is_told_the_line()
    {
        OnlineOffer offer;
        using (var scope = app.Services.CreateScope())
            offer = (await scope.ServiceProvider.GetRequiredService<OnlineOffers>().OfferAsync(DemoData.ThuanHoaCode, "2.000908", CancellationToken.None)).Offer!;
        var body = new
        {
            agencyCode = offer.Agency.Code, procedureCode = offer.Spec.Code,
            applicant = new { fullName = "Hoàng Thị Miễn Nộp", phone = "0905111222", address = "5 Hùng Vương, phường Thuận Hóa" },
            formData = OfficialBookTests.FormFor(CountedFees.FormOf(offer.Spec)),
            documents = Array.Empty<object>(),
        };

        var (verified, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Hoàng Thị Miễn Nộp");
        var submitted = await (await CitizenApiTests.ClientAsync(app, verified)).PostAsJsonAsync("/cong-dan/api/dossiers", body);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());

        var (typed, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.OneTimeCode, "Hoàng Thị Miễn Nộp");
        var (byCode, _) = await CitizenSchemeTests.SignedInAsync(app, typed, CitizenAssurance.OneTimeCode, "0912000444");
        var session = await byCode.GetFromJsonAsync<JsonElement>("/cong-dan/api/session");
        byCode.DefaultRequestHeaders.Add(CitizenApi.CsrfHeader, session.GetProperty("csrfToken").GetString());
        var refused = await byCode.PostAsJsonAsync("/cong-dan/api/dossiers", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("documents")[0].GetString()!;
        var line = SubmitModel.LinesOf(offer.Spec, []).Single(l => l.Required);
        Assert.Contains($"(dòng {line.Index})", message, StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM dossiers WHERE citizen_id = {typed}"));
    }
}
