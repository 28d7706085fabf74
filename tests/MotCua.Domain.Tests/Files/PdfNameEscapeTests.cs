using System.Text;
using MotCua.Domain.Files;

namespace MotCua.Domain.Tests.Files;

/// <summary>
/// Trial17u MEDIUM 3: <see cref="PdfActiveContent"/> reads a PDF name after its <c>#xx</c> escapes (ISO 32000-1 §7.3.5),
/// so <c>/J#61vaScript</c> is <c>/JavaScript</c>; every name it checks, split at every byte across chunks.
/// </summary>
public class PdfNameEscapeTests
{
    [Theory]
    // The trial's catalog entry, byte for byte.
    [InlineData("/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", "/JavaScript")]
    [InlineData("<< /J#53 (app.alert(1)) >>", "/JS")]
    [InlineData("<< /#4A#53(x) >>", "/JS")]
    [InlineData("<< /S /#4caunch /F (cmd.exe) >>", "/Launch")]
    [InlineData("<< /Type /Embedded#46ile /Length 10 >>", "/EmbeddedFile")]
    [InlineData("ends with /J#53", "/JS")]
    // Escapes that make another name, or are no escape at all, are not active content.
    [InlineData("<< /J#53ON 1 /Java#53cript#20x 2 /JS#2 3 /J#5G 4 >>", null)]
    [InlineData("<< /A#23B 1 /Title (J#61vaScript) >>", null)]
    public void Escaped_names_are_read_as_the_names_they_stand_for(string pdf, string? expected)
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
