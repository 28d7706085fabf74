using MotCua.Domain.Messages;

namespace MotCua.Domain.Tests.Messages;

public class MobileNumberTests
{
    [Theory]
    [InlineData("0905123456", "84905123456")]
    [InlineData("090 512 3456", "84905123456")]
    [InlineData("0905.123.456", "84905123456")]
    [InlineData("+84 905-123-456", "84905123456")]
    [InlineData("84905123456", "84905123456")]
    [InlineData("0358000111", "84358000111")]
    public void A_mobile_number_in_any_written_form_becomes_84_and_nine_digits(string written, string international)
    {
        Assert.Equal(international, MobileNumber.International(written));
        Assert.Equal("0" + international[2..], MobileNumber.Local(written));
    }

    [Theory]
    [InlineData("02343822123")] // a landline in Huế
    [InlineData("0123456789")] // an old 11-digit prefix cut short
    [InlineData("090512345")]
    [InlineData("09051234567")]
    [InlineData("849051234")]
    [InlineData("0905abc456")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_no_mobile_number(string? written)
    {
        Assert.Null(MobileNumber.International(written));
        Assert.Null(MobileNumber.Local(written));
    }
}
