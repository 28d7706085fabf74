using MotCua.Domain.Files;

namespace MotCua.Domain.Tests.Files;

/// <summary>Trial17u LOW 4 (<see cref="ServedName"/>): a digitised image served as its searchable PDF is named .pdf.</summary>
public class ServedNameTests
{
    [Theory]
    [InlineData("card1.png", "application/pdf", "card1.pdf")]
    [InlineData("Giấy tờ.JPEG", "application/pdf", "Giấy tờ.pdf")]
    [InlineData("scan", "application/pdf", "scan.pdf")]
    [InlineData("don.PDF", "application/pdf", "don.PDF")]
    [InlineData("card1.png", "image/png", "card1.png")]
    [InlineData(".png", "application/pdf", ".png.pdf")]
    public void A_pdf_is_named_pdf_and_anything_else_keeps_its_name(string name, string mediaType, string expected) =>
        Assert.Equal(expected, ServedName.For(name, mediaType));
}
