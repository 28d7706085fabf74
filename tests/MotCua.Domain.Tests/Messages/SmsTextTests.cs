using MotCua.Domain.Messages;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Messages;

public class SmsTextTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)] // 153 × 2
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    public void Gsm7_holds_160_alone_and_153_a_part(int length, int segments)
    {
        var size = SmsText.Measure(new string('a', length));
        Assert.Equal((SmsEncoding.Gsm7, length, segments), (size.Encoding, size.Units, size.Segments));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)] // 67 × 2
    [InlineData(135, 3)]
    public void Ucs2_holds_70_alone_and_67_a_part(int length, int segments)
    {
        // One letter with a mark makes the whole text UCS-2.
        var size = SmsText.Measure("ư" + new string('a', length - 1));
        Assert.Equal((SmsEncoding.Ucs2, length, segments), (size.Encoding, size.Units, size.Segments));
    }

    [Fact]
    public void Extension_characters_count_two_septets_and_are_never_split()
    {
        Assert.Equal((SmsEncoding.Gsm7, 160, 1), Parts(new string('a', 158) + "€"));
        Assert.Equal((SmsEncoding.Gsm7, 161, 2), Parts(new string('a', 159) + "{"));
        foreach (var c in "^{}\\[~]|€\f") Assert.True(SmsText.IsGsmExtension(c), $"{c} là ký tự mở rộng");
        // 152 septets then an escape pair: the pair would straddle the 153rd septet, so it opens the second part;
        // 152 + 2 + 152 = 306 septets fill a third part where plain letters would fit in two.
        Assert.Equal((SmsEncoding.Gsm7, 306, 3), Parts(new string('a', 152) + "[" + new string('a', 152)));
        Assert.Equal((SmsEncoding.Gsm7, 306, 2), Parts(new string('a', 151) + "[" + new string('a', 153)));
    }

    [Fact]
    public void The_basic_set_is_gsm_and_anything_else_is_ucs2()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsText.Measure("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\r\n").Encoding);
        Assert.Equal(SmsEncoding.Ucs2, SmsText.Measure("Ho so da tiep nhan – tra cuu").Encoding); // an en dash
        Assert.Equal(SmsEncoding.Ucs2, SmsText.Measure("`").Encoding);
        // An emoji is a surrogate pair: two UCS-2 units that no part boundary splits.
        Assert.Equal((SmsEncoding.Ucs2, 71, 2), Parts(new string('a', 69) + "😀"));
        // 134 units would fill two parts, but the pair cannot take the 67th unit of the first: three.
        Assert.Equal((SmsEncoding.Ucs2, 134, 3), Parts(new string('a', 66) + "😀" + new string('a', 66)));
    }

    [Fact]
    public void Vietnamese_loses_every_mark_and_keeps_case_and_punctuation()
    {
        const string text = "Hồ sơ ĐĂNG KÝ KHAI SINH của bà Nguyễn Thị Thu Hà đã được tiếp nhận; hẹn trả: 20/11/2025. Ắ Ằ Ẳ Ẵ Ặ ơ ư ỹ ỵ Ữ đ Đ";
        var plain = SmsText.WithoutDiacritics(text);
        Assert.Equal("Ho so DANG KY KHAI SINH cua ba Nguyen Thi Thu Ha da duoc tiep nhan; hen tra: 20/11/2025. A A A A A o u y y U d D", plain);
        Assert.Equal(SmsEncoding.Ucs2, SmsText.Measure(text).Encoding);
        Assert.Equal(SmsEncoding.Gsm7, SmsText.Measure(plain).Encoding);
        // Decomposed input (a Mac keyboard) folds the same.
        Assert.Equal(plain, SmsText.WithoutDiacritics(text.Normalize(System.Text.NormalizationForm.FormD)));
        output.WriteLine($"{text.Length} ký tự: có dấu {SmsText.Measure(text).Segments} tin, không dấu {SmsText.Measure(plain).Segments} tin");
    }

    private static (SmsEncoding, int, int) Parts(string text)
    {
        var size = SmsText.Measure(text);
        return (size.Encoding, size.Units, size.Segments);
    }
}
