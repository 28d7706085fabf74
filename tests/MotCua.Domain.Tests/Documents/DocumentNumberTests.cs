using MotCua.Domain.Documents;

namespace MotCua.Domain.Tests.Documents;

public class DocumentNumberTests
{
    [Theory]
    [InlineData(1, DocumentKind.Apology, "TTPVHCC", "01/PXL-TTPVHCC")]
    [InlineData(9, DocumentKind.StopNotice, "TTPVHCC", "09/TB-TTPVHCC")]
    [InlineData(10, DocumentKind.FieldVerification, "STP", "10/BB-STP")]
    [InlineData(12345, DocumentKind.Receipt, "TTPVHCC", "12345/TNHS-TTPVHCC")]
    [InlineData(3, DocumentKind.ExtensionRequest, "STP", "03/STP")]
    public void Numbers_pad_below_ten_and_join_type_and_agency_symbols(int serial, DocumentKind kind, string agency, string expected) =>
        Assert.Equal(expected, DocumentNumbers.Format(serial, kind, agency));

    [Fact]
    public void Kinds_printed_alike_share_a_series_and_others_do_not()
    {
        Assert.Equal(DocumentNumbers.Series(DocumentKind.StopNotice, "X"), DocumentNumbers.Series(DocumentKind.ResultNotice, "X"));
        Assert.Equal(DocumentNumbers.Series(DocumentKind.ExtensionRequest, "X"), DocumentNumbers.Series(DocumentKind.LossApology, "X"));
        // Within one agency, two kinds with different symbols never print the same number.
        var kinds = Enum.GetValues<DocumentKind>();
        foreach (var a in kinds)
            foreach (var b in kinds.Where(b => DocumentNumbers.Series(b, "X") != DocumentNumbers.Series(a, "X")))
                Assert.NotEqual(DocumentNumbers.Format(1, a, "X"), DocumentNumbers.Format(1, b, "X"));
    }

    [Fact]
    public void Every_kind_has_a_symbol_and_a_title()
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            Assert.NotNull(kind.Symbol());
            Assert.False(string.IsNullOrWhiteSpace(kind.Title()));
            Assert.Matches(@"^\d{2,}/", DocumentNumbers.Format(1, kind, "X"));
        }
    }

    [Fact]
    public void Serial_below_one_and_empty_agency_symbol_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentNumbers.Format(0, DocumentKind.Receipt, "X"));
        Assert.Throws<ArgumentException>(() => DocumentNumbers.Format(1, DocumentKind.Receipt, " "));
    }

    [Theory]
    [InlineData("Trung tâm Phục vụ hành chính công", "TTPVHCC")]
    [InlineData("Sở Tư pháp", "STP")]
    [InlineData("Sở Nông nghiệp và Môi trường", "SNNVMT")]
    [InlineData("Trung tâm Phục vụ hành chính công xã Đăk Pék", "TTPVHCCXĐP")]
    public void An_agency_without_a_symbol_uses_its_initials(string name, string expected) =>
        Assert.Equal(expected, DocumentNumbers.DefaultAgencySymbol(name));

    [Theory]
    [InlineData("Giám đốc", null, true, null, "Giám đốc")]
    [InlineData("Giám đốc", "Phó Giám đốc", false, "KT. Giám đốc", "Phó Giám đốc")]
    [InlineData("Giám đốc", "giám đốc", false, null, "Giám đốc")]
    [InlineData("Chủ tịch", null, false, null, "Chủ tịch")]
    [InlineData("Chủ tịch", "Phó Chủ tịch", true, null, "Chủ tịch")]
    public void The_head_signs_in_their_name_and_a_deputy_signs_for_the_head(string head, string? position, bool isHead, string? authority, string title) =>
        Assert.Equal((authority, title), Signatories.Of(head, position, isHead));

    [Theory]
    [InlineData("Phường Thuận Hóa", "Thuận Hóa")]
    [InlineData("Xã A Lưới 1", "A Lưới 1")]
    [InlineData("Thành phố Huế", "Huế")]
    [InlineData("Tỉnh Quảng Trị", "Quảng Trị")]
    [InlineData("Phường 1", "Phường 1")]
    [InlineData("Đặc khu Phú Quốc", "Phú Quốc")]
    public void The_place_is_the_unit_name_without_its_kind_unless_it_is_a_number(string unit, string expected) =>
        Assert.Equal(expected, PlaceNames.Of(unit));
}
