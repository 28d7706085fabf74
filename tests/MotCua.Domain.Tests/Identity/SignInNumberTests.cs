using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Identity;

/// <summary>The citizen's sign-in names their number in the citizen's words (fresh trial 17u L2): digits of another length
/// than 12, a 9-digit CMND included, get <see cref="OneTimeCode.IdNumberLength"/>, not the officers' lookup message; a
/// 12-digit number is checked as a CCCD.</summary>
public class SignInNumberTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    [Theory]
    [InlineData("0460950012")]
    [InlineData("046095001")]
    [InlineData("0460950012345")]
    public void Digits_of_another_length_are_told_twelve_digits_in_the_citizens_words(string number) =>
        Assert.Equal(OneTimeCode.IdNumberLength, OneTimeCode.IdNumberProblem(number, Today));

    [Fact]
    public void A_well_formed_cccd_passes_and_a_malformed_one_is_named_by_the_cccd_rule()
    {
        Assert.Null(OneTimeCode.IdNumberProblem(" 046095001234 ", Today));
        Assert.Equal(CitizenId.Check("999095001234", Today), OneTimeCode.IdNumberProblem("999095001234", Today));
        Assert.NotNull(OneTimeCode.IdNumberProblem("", Today));
    }
}
