using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;

namespace MotCua.Domain.Tests.Registers;

/// <summary>The death registration's e-form (Sổ đăng ký khai tử): the deceased was born on or before the death (fresh
/// trial 17u L10: a birth in 1950 and a death in 1940 were taken), named on the date of birth.</summary>
public class DeathFormDatesTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    private static IReadOnlyDictionary<string, string[]> Errors(string born, string died) =>
        EForm.Validate(OfficialBooks.Death.FormFields, new Dictionary<string, string?> { ["ngaySinhNguoiChet"] = born, ["ngayChet"] = died }, Today).Errors;

    [Fact]
    public void A_birth_after_the_death_is_named_on_the_date_of_birth()
    {
        Assert.True(Errors("01/01/1950", "01/01/1940").ContainsKey("ngaySinhNguoiChet"));
        Assert.False(Errors("01/01/1940", "01/01/1950").ContainsKey("ngaySinhNguoiChet"));
        Assert.False(Errors("01/01/2026", "01/01/2026").ContainsKey("ngaySinhNguoiChet"));
    }
}
