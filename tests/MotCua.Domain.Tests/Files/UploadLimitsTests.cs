using System.Text;
using MotCua.Domain.Files;

namespace MotCua.Domain.Tests.Files;

public class UploadLimitsTests
{
    private static readonly UploadLimits Limits = new();

    [Fact]
    public void Each_kind_has_its_byte_limit_and_one_byte_more_is_refused_as_too_large()
    {
        foreach (var (kind, limit) in new[] { (FileKind.Pdf, 10L * 1024 * 1024), (FileKind.Jpeg, 5L * 1024 * 1024), (FileKind.Png, 5L * 1024 * 1024) })
        {
            Assert.Equal(limit, Limits.MaxBytes(kind));
            Assert.Null(Limits.CheckSize(kind, limit));
            var refusal = Limits.CheckSize(kind, limit + 1);
            Assert.Equal(UploadRefusalKind.TooLarge, refusal!.Kind);
            Assert.Equal(413, (int)refusal.Kind);
            Assert.Contains($"{limit / 1048576} MB", refusal.Message);
        }
        // The copy of a file of unknown kind stops at the largest limit of any kind.
        Assert.Equal(Limits.MaxPdfBytes, Limits.MaxBytes(FileKind.Unknown));
        Assert.Equal(UploadRefusalKind.Unsupported, Limits.CheckSize(FileKind.Pdf, 0)!.Kind);
    }

    [Fact]
    public void Only_PDF_JPEG_and_PNG_are_accepted()
    {
        Assert.Equal(415, (int)UploadLimits.CheckKind(FileKind.Unknown)!.Kind);
        foreach (var kind in new[] { FileKind.Pdf, FileKind.Jpeg, FileKind.Png }) Assert.Null(UploadLimits.CheckKind(kind));
    }

    [Theory]
    [InlineData(8000, 5000, true)]
    [InlineData(8001, 5000, false)]
    [InlineData(10000, 10000, false)]
    [InlineData(65535, 65535, false)]
    [InlineData(0, 100, false)]
    public void Images_are_limited_by_pixels_from_their_header(int width, int height, bool accepted)
    {
        var refusal = Limits.CheckImage(width, height);
        Assert.Equal(accepted, refusal is null);
        if (refusal is not null) Assert.Equal(UploadRefusalKind.Refused, refusal.Kind);
    }

    [Fact]
    public void PDFs_are_refused_when_encrypted_unreadable_too_long_or_active()
    {
        Assert.Null(Limits.CheckPdf(200, false, null));
        Assert.Equal("file-encrypted", Limits.CheckPdf(1, true, null)!.Code);
        Assert.Equal("file-damaged", Limits.CheckPdf(null, false, null)!.Code);
        Assert.Equal("file-too-many-pages", Limits.CheckPdf(201, false, null)!.Code);
        Assert.Equal("file-active-content", Limits.CheckPdf(1, false, "/JavaScript")!.Code);
    }

    [Fact]
    public void A_dossier_holds_at_most_20_files_and_50_MB()
    {
        Assert.Null(Limits.CheckDossier(19, 0, 1, 1));
        Assert.Equal("dossier-too-many-files", Limits.CheckDossier(20, 0, 1, 1)!.Code);
        Assert.Null(Limits.CheckDossier(0, 40L << 20, 1, 10L << 20));
        Assert.Equal("dossier-too-large", Limits.CheckDossier(0, 40L << 20, 1, (10L << 20) + 1)!.Code);
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(15, 20)]
    [InlineData(16, 21)]
    [InlineData(23, 28)]
    public void A_procedure_with_many_document_lines_may_carry_a_file_for_each_and_a_margin(int lines, int allowed)
    {
        // Issue 17: 1.013225 at the centre publishes more than 20 required lines; a file for each must fit.
        Assert.Equal(allowed, Limits.FilesAllowed(lines));
        Assert.Null(Limits.CheckDossier(0, 0, allowed, allowed, lines));
        var over = Limits.CheckDossier(allowed, 0, 1, 1, lines)!;
        Assert.Equal("dossier-too-many-files", over.Code);
        Assert.Contains($"tối đa {allowed} tệp", over.Message, StringComparison.Ordinal);
        // The byte limit still holds whatever the count.
        Assert.Equal("dossier-too-large", Limits.CheckDossier(0, 0, lines, Limits.MaxDossierBytes + 1, lines)!.Code);
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var small = new UploadLimits { MaxPdfBytes = 1000, MaxPages = 2 };
        Assert.NotNull(small.CheckSize(FileKind.Pdf, 1001));
        Assert.NotNull(small.CheckPdf(3, false, null));
    }

    [Theory]
    [InlineData("1 0 obj << /S /JavaScript /JS (app.alert(1)) >>", "/JavaScript")]
    [InlineData("<< /OpenAction << /S /Launch /F (cmd.exe) >> >>", "/Launch")]
    [InlineData("<< /Type /EmbeddedFile /Length 10 >>", "/EmbeddedFile")]
    [InlineData("<< /JS(x) >>", "/JS")]
    [InlineData("<< /JSON 1 /Launched 2 /Title (JavaScript) >>", null)]
    [InlineData("plain text without names", null)]
    [InlineData("ends with /JS", "/JS")]
    public void Active_content_names_are_found_whole_in_any_chunking(string pdf, string? expected)
    {
        var bytes = Encoding.ASCII.GetBytes(pdf);
        for (var size = 1; size <= bytes.Length; size++)
        {
            var filter = new PdfActiveContent();
            for (var at = 0; at < bytes.Length; at += size) filter.Append(bytes.AsSpan(at, Math.Min(size, bytes.Length - at)));
            Assert.Equal(expected, filter.Complete());
        }
    }
}
