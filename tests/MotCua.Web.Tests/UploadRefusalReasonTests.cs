using System.Net;
using System.Net.Http.Headers;
using MotCua.Domain.Identity;

namespace MotCua.Web.Tests;

/// <summary>
/// CIT35 LOW 7: a citizen's page says why its upload was refused in the citizens' API's own words (the store's refusal,
/// e.g. "Tệp bị phần mềm diệt virus từ chối (Eicar-Signature)."), not the four possible causes of a bare <c>?loi=422</c>:
/// the draft's step 2 and the dossier page's supplement alike, over real HTTP with the scanning hook the tests run
/// (<see cref="EicarScanner"/>). The reason crosses the 303 in the encrypted TempData cookie, once: the same address
/// opened again, or typed, says the general words and nothing taken from the address.
/// </summary>
public class UploadRefusalReasonTests(FileUploadApp app) : IClassFixture<FileUploadApp>
{
    private const string General = "Tệp không được nhận: tệp PDF có mật khẩu, quá nhiều trang, ảnh quá nhiều điểm ảnh hoặc bị phần mềm diệt virus từ chối.";

    // A PDF the scanner flags: a real PDF with the EICAR test string appended (still sniffed and counted as a PDF).
    private static byte[] InfectedPdf(string marker) => [.. FileUploadTests.Pdf(marker), .. EicarScanner.Signature];

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, string name, byte[] bytes, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new MultipartFormDataContent { { file, "files", name } } };
        request.Headers.Accept.ParseAdd("text/html");
        return await browser.SendAsync(request);
    }

    [Fact]
    public async Task Step_2_says_the_scanners_and_the_pixels_reason_once()
    {
        var (citizen, _) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Hồ Thị Quét Virus");
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, citizen);
        var (draft, token, _) = await UploadRefusalTests.DraftAsync(app, citizen);
        var upload = $"/cong-dan/ban-nhap/{draft}/tep?dong=0&t={Uri.EscapeDataString(token)}";
        foreach (var (name, bytes, type, reason) in new[]
        {
            ("to-khai.pdf", InfectedPdf("tờ khai nhiễm"), "application/pdf", "Tệp bị phần mềm diệt virus từ chối (Eicar-Signature)."),
            ("anh-lon.png", FileUploadTests.Png(10_000, 10_000, []), "image/png", "Ảnh 10000 × 10000 điểm ảnh vượt quá 40 triệu điểm ảnh"),
        })
        {
            var back = await PostFormAsync(browser, upload, name, bytes, type);
            Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
            var location = back.Headers.Location!.OriginalString;
            Assert.EndsWith("&buoc=2&loi=422", location, StringComparison.Ordinal);
            var page = WebUtility.HtmlDecode(await browser.GetStringAsync(location));
            Assert.Contains(reason, page, StringComparison.Ordinal);
            Assert.DoesNotContain(General, page, StringComparison.Ordinal);
            // Read once: the same address again says the general words.
            var again = WebUtility.HtmlDecode(await browser.GetStringAsync(location));
            Assert.DoesNotContain(reason, again, StringComparison.Ordinal);
            Assert.Contains(General, again, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT jsonb_array_length(files) FROM citizen_drafts WHERE id = {draft}"));
    }

    [Fact]
    public async Task The_supplement_says_the_scanners_reason()
    {
        var (citizen, number) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Đỗ Văn Bổ Sung Nhiễm");
        var code = await CitizenDossierPageTests.AwaitingSupplementAsync(app, number, citizen);
        var (browser, _) = await CitizenSchemeTests.SignedInAsync(app, citizen);
        var page = await browser.GetStringAsync($"/cong-dan/ho-so/{code}");
        var back = await CitizenDossierPageTests.UploadAsync(browser, page, 0, "giay-chung-sinh", bytes: InfectedPdf("giấy chứng sinh nhiễm"));
        Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
        var location = back.Headers.Location!.OriginalString;
        Assert.Contains("?loi=422#bo-sung", location, StringComparison.Ordinal);
        var shown = WebUtility.HtmlDecode(await browser.GetStringAsync(location));
        Assert.Contains("Tệp bị phần mềm diệt virus từ chối (Eicar-Signature).", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(General, shown, StringComparison.Ordinal);
        var id = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM staged_files WHERE dossier_id = {id}"));
    }
}
