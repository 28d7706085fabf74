using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Identity;

public sealed class VietnamPhoneTests
{
    [Theory]
    [InlineData("0905123456", false)]
    [InlineData("0905 123 456", false)]
    [InlineData("+84 905.123.456", false)]
    [InlineData("0345-678-901", false)]
    [InlineData("02343822123", true)] // Huế: 0234 + 7 digits
    [InlineData("0234 3822 123", true)]
    [InlineData("024 3825 1234", true)] // Hà Nội: 024 + 8 digits
    [InlineData("+84 28 3829 1234", true)] // TP. Hồ Chí Minh
    public void Mobiles_and_eleven_digit_landlines_are_numbers_and_only_landlines_take_no_message(string text, bool landline)
    {
        Assert.Null(VietnamPhone.Problem(text));
        Assert.Equal(landline, VietnamPhone.IsLandline(text));
    }

    [Theory]
    [InlineData("+84 905 111 222", "0905111222")]
    [InlineData("0905.111.222", "0905111222")]
    [InlineData("(0234) 3822-123", "02343822123")]
    [InlineData("+84 12345", null)]
    public void A_number_is_stored_as_its_national_digits(string text, string? national) => Assert.Equal(national, VietnamPhone.National(text));

    [Theory]
    [InlineData("12345")]
    [InlineData("abc")]
    [InlineData("0105123456")] // no mobile prefix 01 since 2018
    [InlineData("09051234567")] // a mobile prefix with 11 digits
    [InlineData("0234382212")] // a landline one digit short
    [InlineData("023438221234")]
    [InlineData("+1 905 123 4567")]
    [InlineData("0905123456x")]
    public void Anything_else_is_refused_with_the_two_shapes_named(string text)
    {
        var problem = VietnamPhone.Problem(text);
        Assert.NotNull(problem);
        Assert.Contains("di động gồm 10 chữ số", problem);
        Assert.Contains("cố định gồm 11 chữ số", problem);
        Assert.False(VietnamPhone.IsLandline(text));
    }
}
