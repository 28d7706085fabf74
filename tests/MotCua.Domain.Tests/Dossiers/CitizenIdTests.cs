using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Dossiers;

public class CitizenIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    [Theory]
    [InlineData("046095001234")] // Thừa Thiên Huế, male born 1995
    [InlineData("001301012345")] // Hà Nội, female born 2001
    [InlineData("079200000001")] // TP Hồ Chí Minh, male born 2000
    [InlineData("101085123456")] // born abroad (country code 101)
    [InlineData("123456789")] // old 9-digit CMND, opaque
    public void Accepts_well_formed_numbers(string number) => Assert.Null(CitizenId.Check(number, Today));

    [Theory]
    [InlineData("", "Vui lòng nhập")]
    [InlineData("04609500123A", "chỉ gồm chữ số")]
    [InlineData("0460950012", "12 chữ số")]
    [InlineData("003095001234", "Mã nơi đăng ký khai sinh '003'")] // 003 is not a province code
    [InlineData("046399001234", "lớn hơn năm hiện tại")] // female born 2099
    [InlineData("046895001234", "không hợp lệ")] // born 1895: older than 130 years
    public void Explains_what_is_wrong(string number, string expected)
    {
        var error = CitizenId.Check(number, Today);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }
}
