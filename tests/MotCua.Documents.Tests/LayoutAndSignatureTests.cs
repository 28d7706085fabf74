using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MotCua.Documents.Tests;

/// <summary>
/// What every issued document shares (Nghị định 30/2020/NĐ-CP Phụ lục I): the number line beside the date line, the
/// signer block with "KT." and the recipients, the Times-metric typeface, and a digital signature that pdfsig validates.
/// </summary>
public class LayoutAndSignatureTests
{
    private static readonly Letterhead Commune = new("UBND PHƯỜNG THUẬN HÓA", "Trung tâm Phục vụ hành chính công phường Thuận Hóa", "Thuận Hóa");
    private static readonly DateTimeOffset Dated = new(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);

    private static byte[] Letter(string? number, Signatory signer, IReadOnlyList<string>? recipients)
    {
        using var c = FormCanvas.ForDossier("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", Samples.DossierCode, Commune, Dated, number);
        c.Paragraph([new Run("Nội dung thông báo.")]);
        c.SignOff(signer, recipients);
        return c.Finish();
    }

    [Fact]
    public void Number_place_and_date_signer_and_recipients_print_as_the_decree_lays_them_out()
    {
        var pdf = Letter("05/TB-TTPVHCC", new Signatory("KT. Giám đốc", "Phó Giám đốc", "Tôn Thất Minh"),
            ["- Như trên;", "- Sở Tư pháp;", "- Lưu: VT."]);
        var text = PdfTools.Text(PdfTools.Save("nd30-letter", pdf));
        foreach (var expected in new[]
        {
            "Số: 05/TB-TTPVHCC", "Thuận Hóa, ngày 05 tháng 01 năm 2026", "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
            "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Tôn Thất Minh",
        })
        {
            Assert.Contains(expected, text);
        }
        Assert.True(text.IndexOf("KT. GIÁM ĐỐC", StringComparison.Ordinal) < text.IndexOf("PHÓ GIÁM ĐỐC", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_number_or_recipients_neither_line_is_printed()
    {
        var text = PdfTools.Text(PdfTools.Save("nd30-bare", Letter(null, new Signatory(null, "Giám đốc", "Nguyễn Văn Thành"), null)));
        Assert.DoesNotContain("Số:", text);
        Assert.DoesNotContain("Nơi nhận", text);
        Assert.Contains("GIÁM ĐỐC Nguyễn Văn Thành", text);
        Assert.DoesNotContain("KT.", text);
    }

    [Fact]
    public void Documents_use_liberation_serif_the_metric_twin_of_times_new_roman()
    {
        var path = PdfTools.Save("nd30-fonts", Letter("01/TB-X", new Signatory(null, "Giám đốc", "Đặng Thị Ánh Tuyết"), ["- Lưu: VT."]));
        var fonts = MotCuaFonts(path);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Contains("+Liberation Serif", f));
    }

    // pdffonts' table, one line per embedded font after the two header lines.
    private static List<string> MotCuaFonts(string pdf)
    {
        var info = new System.Diagnostics.ProcessStartInfo("pdffonts") { RedirectStandardOutput = true, ArgumentList = { pdf } };
        using var p = System.Diagnostics.Process.Start(info)!;
        var lines = p.StandardOutput.ReadToEnd().Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        p.WaitForExit();
        return lines;
    }

    [Fact]
    public async Task A_signed_document_passes_pdfsig_and_one_changed_byte_fails_it()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Trung tâm Phục vụ hành chính công (thử nghiệm), C=VN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pdf = await PdfSignature.SignAsync(Letter("07/TB-TTPVHCC", new Signatory(null, "Giám đốc", "Nguyễn Văn Thành"), ["- Lưu: VT."]),
            certificate, "Thông báo dừng giải quyết hồ sơ " + Samples.DossierCode, "Thuận Hóa", "Trung tâm Phục vụ hành chính công phường Thuận Hóa");

        PdfTools.AssertSignedAndIntact(pdf, "nd30-signed");
        var check = PdfSignature.Verify(pdf);
        Assert.True(check is { Signed: true, Intact: true });
        Assert.Equal(Samples.DossierCode, check.Subject);
    }
}
