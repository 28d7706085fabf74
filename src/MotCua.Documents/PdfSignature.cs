using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf.IO;
using PdfSharp.Pdf.Signatures;

namespace MotCua.Documents;

/// <summary>What a signature check found: whether the PDF is signed, whether the signed bytes are untouched and cover the
/// whole file, and who signed when.</summary>
public sealed record SignatureCheck(bool Signed, bool Intact, X509Certificate2? Signer, DateTimeOffset? SignedAt, string? Subject);

/// <summary>
/// Every document MotCua issues is an electronic document carrying a digital signature (Nghị định 30/2020/NĐ-CP Phụ lục
/// I, II.7(a) and II.8): a PKCS#7 detached signature (adbe.pkcs7.detached, SHA-256) made by PdfSharp's signer over the
/// whole file, and the check of such a signature (byte range, digest, signer certificate) for the verification page.
/// Poppler's <c>pdfsig</c> validates what <see cref="SignAsync"/> writes.
/// </summary>
public static partial class PdfSignature
{
    /// <summary>
    /// Signs a PDF rendered by this library. <paramref name="reason"/> names the document ("Mẫu 04 … hồ sơ {code}"),
    /// <paramref name="location"/> the place of the date line, <paramref name="contact"/> the issuing unit; all are stored
    /// NFC-normalised in the signature dictionary. Raises <see cref="ArgumentNullException"/> on a missing argument.
    /// </summary>
    public static async Task<byte[]> SignAsync(byte[] pdf, X509Certificate2 signer, string reason, string location, string contact)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(signer);
        using var input = new MemoryStream(pdf);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        DigitalSignatureHandler.ForDocument(document, new PdfSharpDefaultSigner(signer, PdfMessageDigestType.SHA256, null), new DigitalSignatureOptions
        {
            Reason = VietnameseText.Nfc(reason),
            Location = VietnameseText.Nfc(location),
            ContactInfo = VietnameseText.Nfc(contact),
            AppName = "MotCua",
        });
        using var output = new MemoryStream();
        await document.SaveAsync(output);
        return output.ToArray();
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
        // The signing time: the CMS attribute where the signer put one, else the signature dictionary's /M, which PDFsharp
        // writes and which lies inside the signed byte range (so it is the signer's own statement, like the attribute).
        // A revoked certificate still vouches for what it signed before (DemoSigning.VouchesForAsync needs this time).
        var signedAt = info.SignedAttributes.Cast<CryptographicAttributeObject>().SelectMany(x => x.Values.Cast<AsnEncodedData>())
            .OfType<Pkcs9SigningTime>().Select(t => (DateTimeOffset?)new DateTimeOffset(t.SigningTime, TimeSpan.Zero)).FirstOrDefault()
            ?? SigningDate(text, (int)b, (int)c);
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

    // /M of the signature dictionary, which sits within a few hundred bytes of its /Contents (bytes b to c, left out of
    // the digest): looked for just after the contents, then just before, never inside them.
    private static DateTimeOffset? SigningDate(string text, int b, int c)
    {
        const int Window = 4096;
        var after = SigningTime().Match(text[c..Math.Min(text.Length, c + Window)]);
        var match = after.Success ? after : SigningTime().Match(text[Math.Max(0, b - Window)..b]);
        if (!match.Success) return null;
        var g = match.Groups;
        var offset = g[2].Value is "+" or "-" && g[3].Success
            ? TimeSpan.FromHours(int.Parse(g[3].Value, CultureInfo.InvariantCulture)) + TimeSpan.FromMinutes(g[4].Success ? int.Parse(g[4].Value, CultureInfo.InvariantCulture) : 0)
            : TimeSpan.Zero;
        if (g[2].Value == "-") offset = -offset;
        return DateTimeOffset.TryParseExact(g[1].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && offset.Duration() <= TimeSpan.FromHours(14)
            ? new DateTimeOffset(local.DateTime, offset) : null;
    }

    // PDF date (ISO 32000-1 §7.9.4): D:YYYYMMDDHHmmSS followed by Z or ±HH'mm'.
    [GeneratedRegex(@"/M\s*\(D:(\d{14})([Z+\-])?(\d{2})?'?(\d{2})?'?\)")]
    private static partial Regex SigningTime();

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"/Subject\s*\(([0-9A-Z.\-]+)\)")]
    private static partial Regex SubjectOf();
}
