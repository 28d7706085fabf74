using MotCua.Domain.Payments;

namespace MotCua.Domain.Tests.Payments;

public class CollectionAccountTests
{
    [Fact]
    public void Normalises_a_real_bank_account()
    {
        var (value, problems) = CollectionAccountInput.Validate(" 970405 ", "1234 5678 9012", "  Ủy ban nhân dân  xã Đông Hòa ", BankDirectory.Default);
        Assert.Empty(problems);
        Assert.Equal(new CollectionAccountInput("970405", "123456789012", "UY BAN NHAN DAN XA DONG HOA"), value);
    }

    [Theory]
    [InlineData("123456", "1234567", "UBND", "bankBin")] // six digits but no bank has them
    [InlineData("97040", "1234567", "UBND", "bankBin")]
    [InlineData("", "1234567", "UBND", "bankBin")]
    [InlineData("970405", "", "UBND", "accountNumber")]
    [InlineData("970405", "12345678901234567890", "UBND", "accountNumber")]
    [InlineData("970405", "12#4", "UBND", "accountNumber")]
    [InlineData("970405", "12 34-ab", "UBND", "accountNumber")] // sixth trial: stored "1234ab"
    [InlineData("970405", "12345", "UBND", "accountNumber")]
    [InlineData("970405", "1234567", "A", "accountName")]
    [InlineData("970405", "1234567", "12345", "accountName")]
    [InlineData("970405", "1234567", null, "accountName")]
    public void Refuses_with_the_field_named(string? bin, string? number, string? name, string field)
    {
        var (value, problems) = CollectionAccountInput.Validate(bin, number, name, BankDirectory.Default);
        Assert.Null(value);
        var problem = Assert.Single(problems);
        Assert.Equal(field, problem.Field);
        Assert.NotEmpty(problem.Message);
    }
}
