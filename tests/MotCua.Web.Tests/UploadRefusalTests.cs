using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Citizens;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece B (design §11): the citizen's draft upload refuses what it must, over real HTTP with citizens signed in
/// through the real cookie: another citizen's draft is 404 before its body is read, for the page and the upload alike,
/// even with that draft's own upload token; one's own draft without the page's token is 400 and stages nothing.
/// </summary>
public class UploadRefusalTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<(long Draft, string Token, string Page)> DraftAsync(long citizenId)
    {
        using var scope = app.Services.CreateScope();
        var offers = scope.ServiceProvider.GetRequiredService<OnlineOffers>();
        var agency = (await offers.AgenciesAsync(null, CancellationToken.None))[0];
        var procedure = (await offers.ProceduresAsync(agency.Code, null, CancellationToken.None))!.Value.Procedures[0];
        var (offer, _, _) = await offers.OfferAsync(agency.Code, procedure.Code, CancellationToken.None);
        var drafts = scope.ServiceProvider.GetRequiredService<CitizenDrafts>();
        var id = await drafts.CreateAsync(citizenId, offer!.Agency.Id, offer.Spec.Code, offer.Version, new Dictionary<string, string>(), CancellationToken.None);
        return (id, drafts.UploadToken(id, citizenId), $"/cong-dan/nop/{agency.Code}/{procedure.Code}?ban-nhap={id}&buoc=2");
    }

    private static MultipartFormDataContent One(string name, HttpContent file)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "files", name } };
    }

    [Fact]
    public async Task Another_citizens_draft_is_404_to_the_page_and_the_upload_even_with_its_token()
    {
        var (a, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Phạm Văn Người A");
        var (b, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Võ Thị Người B");
        var (browserA, _) = await CitizenSchemeTests.SignedInAsync(app, a);
        var (draftB, tokenB, pageB) = await DraftAsync(b);
        Assert.Equal(HttpStatusCode.NotFound, (await browserA.GetAsync(pageB)).StatusCode);
        var upload = await browserA.PostAsync($"/cong-dan/ban-nhap/{draftB}/tep?dong=0&t={Uri.EscapeDataString(tokenB)}",
            One("a.pdf", new ByteArrayContent(FileUploadTests.Pdf("của A"))));
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT jsonb_array_length(files) FROM citizen_drafts WHERE id = {draftB}"));
        // Her own draft without the page's token is refused before the body is read.
        var (draftA, _, _) = await DraftAsync(a);
        var forged = await browserA.PostAsync($"/cong-dan/ban-nhap/{draftA}/tep?dong=0", One("a.pdf", new ByteArrayContent(FileUploadTests.Pdf("không mã"))));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE owner_citizen_id = {a}"));
    }
}
