using System.Text;
using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Identity;

public sealed class OneTimeCodeTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("khoa-thu-32-byte-cho-ma-dang-nhap");

    [Fact]
    public void Codes_are_six_digits_spread_over_the_whole_range()
    {
        var codes = Enumerable.Range(0, 5000).Select(_ => OneTimeCode.New()).ToList();
        Assert.All(codes, c => Assert.Matches("^[0-9]{6}$", c));
        // 5,000 draws from a million: a handful of repeats at most, and both halves of the range are reached.
        Assert.True(codes.Distinct().Count() > 4950);
        Assert.Contains(codes, c => c[0] < '5');
        Assert.Contains(codes, c => c[0] >= '5');
    }

    [Theory]
    [InlineData("0905123456", CodeChannel.Sms, "0905123456")]
    [InlineData("+84 905 123 456", CodeChannel.Sms, "0905123456")]
    [InlineData("0905.123.456", CodeChannel.Sms, "0905123456")]
    [InlineData(" An.Nguyen@Example.VN ", CodeChannel.Email, "an.nguyen@example.vn")]
    public void Destinations_are_normalised_so_one_phone_or_address_is_one_destination(string typed, CodeChannel channel, string address)
    {
        Assert.Null(OneTimeCode.DestinationProblem(typed));
        Assert.Equal(new CodeDestination(channel, address), OneTimeCode.Destination(typed));
    }

    [Theory]
    [InlineData("", "Vui lòng nhập")]
    [InlineData("02343822123", "di động")] // a landline takes no SMS
    [InlineData("12345", "di động")]
    [InlineData("an@", "thư điện tử")]
    [InlineData("a b@example.vn", "thư điện tử")]
    public void Anything_else_is_refused_in_vietnamese(string typed, string says)
    {
        Assert.Null(OneTimeCode.Destination(typed));
        Assert.Contains(says, OneTimeCode.DestinationProblem(typed));
    }

    [Fact]
    public void A_code_matches_only_its_own_destination_and_key()
    {
        var phone = OneTimeCode.Destination("0905123456")!;
        var other = OneTimeCode.Destination("0905123457")!;
        var stored = OneTimeCode.Hash(Key, "482913", phone);
        Assert.Matches("^[0-9a-f]{64}$", stored);
        Assert.True(OneTimeCode.Matches(Key, "482913", phone, stored));
        Assert.True(OneTimeCode.Matches(Key, " 482 913 ", phone, stored));
        Assert.False(OneTimeCode.Matches(Key, "482914", phone, stored));
        Assert.False(OneTimeCode.Matches(Key, "482913", other, stored));
        Assert.False(OneTimeCode.Matches(Encoding.ASCII.GetBytes("khoa-khac"), "482913", phone, stored));
        Assert.False(OneTimeCode.Matches(Key, null, phone, stored));
        Assert.False(OneTimeCode.Matches(Key, "48291", phone, stored));
        // The destination's hash names it without the code, the same for the same destination.
        Assert.Equal(OneTimeCode.DestinationHash(phone), OneTimeCode.DestinationHash(OneTimeCode.Destination("+84905123456")!));
        Assert.NotEqual(OneTimeCode.DestinationHash(phone), OneTimeCode.DestinationHash(other));
    }

    [Theory]
    [InlineData("123456", true)]
    [InlineData("123 456", true)]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("12345a", false)]
    [InlineData(null, false)]
    public void A_typed_code_is_six_digits(string? typed, bool right) =>
        Assert.Equal(right, OneTimeCode.Problem(typed) is null);

    [Fact]
    public void The_sms_is_the_designs_text_and_the_destination_is_shown_masked()
    {
        Assert.Equal("Mã đăng nhập MotCua: 482913. Hiệu lực 5 phút. Không cung cấp mã này cho người khác.", OneTimeCode.SmsText("482913"));
        Assert.Contains(OneTimeCode.SmsText("000123"), OneTimeCode.EmailText("000123"));
        Assert.Equal("090****456", OneTimeCode.Destination("0905123456")!.Masked);
        Assert.Equal("a***@example.vn", OneTimeCode.Destination("an@example.vn")!.Masked);
    }

    [Theory]
    [InlineData("0905123456", null, "0905123456", true)]
    [InlineData("0905123456", null, "+84905123456", true)]
    [InlineData("0905123456", null, "0912000111", false)] // another phone never opens the account of a typed CCCD
    [InlineData(null, null, "0912000111", false)] // an account VNeID made without a phone: VNeID only
    [InlineData(null, "an@example.vn", "AN@example.vn", true)]
    [InlineData("0905123456", null, "an@example.vn", false)]
    public void An_existing_account_is_used_only_through_its_own_phone_or_address(string? phone, string? email, string typed, bool may) =>
        Assert.Equal(may, OneTimeCode.MayUseAccount(phone, email, OneTimeCode.Destination(typed)!));

    [Fact]
    public void The_limits_are_the_designs()
    {
        Assert.Equal((6, 5, 3, 10), (OneTimeCode.Digits, OneTimeCode.MaxWrongTries, OneTimeCode.PerDestination, OneTimeCode.PerClient));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)), (OneTimeCode.Lifetime, OneTimeCode.DestinationWindow, OneTimeCode.ClientWindow));
    }
}
