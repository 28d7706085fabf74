using System.Text;
using MotCua.Domain.Files;

namespace MotCua.Domain.Tests.Files;

public class FileSnifferTests
{
    public static TheoryData<string, FileKind> Heads => new()
    {
        { "25 50 44 46 2D 31 2E 37 0A", FileKind.Pdf },
        { "FF D8 FF E0 00 10 4A 46 49 46", FileKind.Jpeg },
        { "FF D8 FF E1 00 10 45 78 69 66", FileKind.Jpeg },
        { "89 50 4E 47 0D 0A 1A 0A 00 00 00 0D 49 48 44 52", FileKind.Png },
        // Windows executable, ZIP/Office, PostScript, HTML, SVG, GIF, a PDF signature after a prefix, cut-off signatures.
        { "4D 5A 90 00 03 00 00 00", FileKind.Unknown },
        { "50 4B 03 04 14 00 06 00", FileKind.Unknown },
        { "25 21 50 53 2D 41 64 6F 62 65", FileKind.Unknown },
        { "47 49 46 38 39 61", FileKind.Unknown },
        { "0A 25 50 44 46 2D 31 2E 37", FileKind.Unknown },
        { "25 50 44 46", FileKind.Unknown },
        { "FF D8", FileKind.Unknown },
        { "89 50 4E 47 0D 0A 1A", FileKind.Unknown },
        { "", FileKind.Unknown },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void The_kind_comes_from_the_first_bytes(string hex, FileKind expected) =>
        Assert.Equal(expected, FileSniffer.Sniff(Convert.FromHexString(hex.Replace(" ", ""))));

    [Theory]
    [InlineData("<html><body>%PDF-1.7")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("<?xml version=\"1.0\"?><svg/>")]
    [InlineData(" %PDF-1.4")]
    public void Markup_and_text_are_unknown_whatever_they_contain(string text) =>
        Assert.Equal(FileKind.Unknown, FileSniffer.Sniff(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Every_accepted_kind_has_one_media_type_and_back()
    {
        foreach (var kind in Enum.GetValues<FileKind>().Where(k => k != FileKind.Unknown))
            Assert.Equal(kind, FileSniffer.FromMediaType(kind.MediaType()));
        Assert.Throws<ArgumentOutOfRangeException>(() => FileKind.Unknown.MediaType());
        Assert.Equal(FileKind.Unknown, FileSniffer.FromMediaType("image/svg+xml"));
    }

    [Fact]
    public void The_content_hash_is_lower_case_sha256_of_the_bytes()
    {
        var hash = ContentHash.Of("abc"u8);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
        Assert.True(ContentHash.IsValid(hash));
        Assert.False(ContentHash.IsValid(hash.ToUpperInvariant()));
        Assert.False(ContentHash.IsValid("../" + hash[3..]));
        Assert.False(ContentHash.IsValid(null));
    }

    [Theory]
    [InlineData(@"C:\Users\an\Giấy khai sinh.pdf", "Giấy khai sinh.pdf")]
    [InlineData("../../etc/passwd", "passwd.pdf")]
    [InlineData("a/b/scan.png", "scan.pdf")]
    [InlineData("Don.PDF", "Don.PDF")]
    [InlineData("bien-ban.v2", "bien-ban.v2.pdf")]
    [InlineData("", "tep.pdf")]
    [InlineData("...", "tep.pdf")]
    [InlineData("bad\u0000name\u202E.pdf", "badname.pdf")]
    public void Display_names_keep_the_last_part_without_controls(string given, string expected) =>
        Assert.Equal(expected, DisplayName.Clean(given, FileKind.Pdf));

    [Fact]
    public void Display_names_are_NFC_and_at_most_200_characters_with_the_extension_kept()
    {
        var decomposed = "Giấy khai sinh.pdf".Normalize(NormalizationForm.FormD);
        Assert.Equal("Giấy khai sinh.pdf".Normalize(NormalizationForm.FormC), DisplayName.Clean(decomposed, FileKind.Pdf));
        var longName = new string('ằ', 300) + ".jpg";
        var cleaned = DisplayName.Clean(longName, FileKind.Jpeg);
        Assert.Equal(DisplayName.MaxLength, cleaned.Length);
        Assert.EndsWith(".jpg", cleaned);
        Assert.Equal("tep.png", DisplayName.Clean(null, FileKind.Png));
        Assert.Equal(DisplayName.MaxLength, DisplayName.Clean(new string('a', 300) + ".pdf", FileKind.Png).Length);
        Assert.EndsWith(".png", DisplayName.Clean(new string('a', 300) + ".pdf", FileKind.Png));
    }

    [Theory]
    [InlineData("card.pdf", FileKind.Png, "card.png")]
    [InlineData("anh.jpeg", FileKind.Jpeg, "anh.jpeg")]
    [InlineData("anh.JPG", FileKind.Jpeg, "anh.JPG")]
    [InlineData("scan.png", FileKind.Jpeg, "scan.jpg")]
    [InlineData("to-khai", FileKind.Png, "to-khai.png")]
    public void Display_names_take_the_extension_of_the_kind_the_content_was_sniffed_as(string given, FileKind kind, string expected) =>
        // Trial17t LOW 7: a PNG sent as "card.pdf" was kept and served as "card.pdf" and opened as a broken PDF.
        Assert.Equal(expected, DisplayName.Clean(given, kind));
}
