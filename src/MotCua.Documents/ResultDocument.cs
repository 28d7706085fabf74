using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf.IO;
using PdfSharp.Pdf.Signatures;
using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>The result notice of a processed dossier: approved, or the refusal on the merits that is the result. The
/// letterhead is dated <see cref="DecidedAt"/>.</summary>
public sealed record ResultForm : DossierLetter
{
    public required bool Refused { get; init; }
    /// <summary>The leader's note, or the reasons of a refusal.</summary>
    public string? Note { get; init; }
    public required string DecidedBy { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    /// <summary>The public page that verifies this result, drawn as a QR code.</summary>
    public required string VerifyUrl { get; init; }
}

/// <summary>What a signature check found: whether the PDF is signed, whether the signed bytes are untouched and cover the
/// whole file, and who signed when.</summary>
public sealed record SignatureCheck(bool Signed, bool Intact, X509Certificate2? Signer, DateTimeOffset? SignedAt, string? Subject);

/// <summary>
/// The result notice as a PDF signed with a PKCS#7 detached signature (adbe.pkcs7.detached, SHA-256) by PdfSharp's
/// signer, and the check of such a signature (byte range, digest, signer certificate) for the verification page.
/// </summary>
public static partial class ResultDocument
{
    public const string ApprovedTitle = "THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ";
    public const string RefusedTitle = "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ";

    public static async Task<byte[]> SignedAsync(ResultForm form, X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(signer);
        using var input = new MemoryStream(Render(form));
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        DigitalSignatureHandler.ForDocument(document, new PdfSharpDefaultSigner(signer, PdfMessageDigestType.SHA256, null), new DigitalSignatureOptions
        {
            Reason = Nfc($"Kết quả giải quyết hồ sơ {form.DossierCode}"),
            Location = Nfc(form.Letterhead.Place),
            ContactInfo = Nfc(form.Letterhead.UnitName),
            AppName = "MotCua",
        });
        using var output = new MemoryStream();
        await document.SaveAsync(output);
        return output.ToArray();
    }

    private static byte[] Render(ResultForm form)
    {
        var title = form.Refused ? RefusedTitle : ApprovedTitle;
        using var c = FormCanvas.ForDossier(title, form.DossierCode, form.Letterhead, form.DecidedAt);
        c.QrBlock(form.VerifyUrl, form.DossierCode, "Quét mã để xác thực văn bản kết quả");
        form.Addressee(c);
        c.ClearExclusion();
        c.Field("Thủ tục", Procedure(form.ProcedureName, form.ProcedureCode));
        c.Space(2);
        c.Paragraph(form.Refused
            ? [new Run("Sau khi xem xét hồ sơ, cơ quan có thẩm quyền "), new Run("từ chối giải quyết", TextStyle.Bold), new Run(" với lý do: " + (form.Note ?? ""))]
            : [new Run("Hồ sơ đã được "), new Run("giải quyết xong", TextStyle.Bold), new Run(". Kết quả được trả tại " + form.Letterhead.UnitName + "." + (form.Note is { Length: > 0 } note ? " Ý kiến: " + note : ""))]);
        c.Paragraph([new Run("Văn bản này được ký số; kiểm tra chữ ký tại trang xác thực của hệ thống.", TextStyle.Italic)], align: TextAlign.Left);
        c.Signatures(new SignatureBlock("Người có thẩm quyền", $"(Đã ký số lúc {ShortTime(form.DecidedAt)})", form.DecidedBy));
        return c.Finish();
    }

    /// <summary>Checks the last signature of a PDF: the digest over its byte range, and that the range covers the whole file.</summary>
    public static SignatureCheck Verify(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var text = Encoding.Latin1.GetString(pdf);
        var ranges = ByteRange().Matches(text);
        if (ranges.Count == 0) return new SignatureCheck(false, false, null, null, null);
        var g = ranges[^1].Groups;
        var (a, b, c, d) = (long.Parse(g[1].Value), long.Parse(g[2].Value), long.Parse(g[3].Value), long.Parse(g[4].Value));
        if (a != 0 || b < 0 || c < a + b || c + d > pdf.Length) return new SignatureCheck(true, false, null, null, null);
        var hex = text[(int)b..(int)c].Trim('<', '>', ' ', '\r', '\n');
        byte[] der;
        try
        {
            var raw = Convert.FromHexString(hex);
            // The reserved space is padded with zeros after the DER value.
            AsnDecoder.ReadEncodedValue(raw, AsnEncodingRules.BER, out _, out _, out var length);
            der = raw[..length];
        }
        catch (Exception e) when (e is FormatException or AsnContentException)
        {
            return new SignatureCheck(true, false, null, null, null);
        }
        var content = new byte[b + d];
        Array.Copy(pdf, 0, content, 0, b);
        Array.Copy(pdf, c, content, b, d);
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.Decode(der);
        }
        catch (CryptographicException)
        {
            return new SignatureCheck(true, false, null, null, null);
        }
        var info = cms.SignerInfos[0];
        var signedAt = info.SignedAttributes.Cast<CryptographicAttributeObject>().SelectMany(x => x.Values.Cast<AsnEncodedData>())
            .OfType<Pkcs9SigningTime>().Select(t => (DateTimeOffset?)new DateTimeOffset(t.SigningTime, TimeSpan.Zero)).FirstOrDefault();
        var subject = SubjectOf().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
        bool intact;
        try
        {
            cms.CheckSignature(verifySignatureOnly: true);
            intact = c + d == pdf.Length;
        }
        catch (CryptographicException)
        {
            intact = false;
        }
        return new SignatureCheck(true, intact, info.Certificate, signedAt, subject);
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"/Subject\s*\(([0-9A-Z.\-]+)\)")]
    private static partial Regex SubjectOf();
}
