using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Dossiers;

public class DossierCodeTests
{
    [Fact]
    public void Formats_agency_date_and_four_digit_serial()
    {
        Assert.Equal("000.00.15.H57-230915-0001", DossierCode.Format("000.00.15.H57", new DateOnly(2023, 9, 15), 1));
        Assert.Equal("H57.10-251117-0042", DossierCode.Format("H57.10", new DateOnly(2025, 11, 17), 42));
    }

    [Fact]
    public void Serial_grows_past_four_digits_instead_of_wrapping()
    {
        Assert.Equal("000.00.01.H46-251117-12345", DossierCode.Format("000.00.01.H46", new DateOnly(2025, 11, 17), 12345));
    }

    [Fact]
    public void The_prefix_is_everything_before_the_serial()
    {
        Assert.Equal("000.00.01.H46-251117-", DossierCode.Prefix("000.00.01.H46", new DateOnly(2025, 11, 17)));
        Assert.StartsWith(DossierCode.Prefix("H57.10", new DateOnly(2025, 11, 17)), DossierCode.Format("H57.10", new DateOnly(2025, 11, 17), 3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("000.00.15.h57")]
    [InlineData("000..15.H57")]
    [InlineData(".000.H57")]
    [InlineData("000-00-15-H57")]
    [InlineData("0123456789012345678901234567890123456")]
    public void Rejects_agency_codes_outside_Decision_20_2020(string agency)
    {
        Assert.False(DossierCode.IsValidAgencyCode(agency));
        Assert.Throws<ArgumentException>(() => DossierCode.Format(agency, new DateOnly(2025, 1, 2), 1));
    }

    [Fact]
    public void Parses_back_what_it_formats()
    {
        var code = DossierCode.Format("000.10.01.H46", new DateOnly(2026, 2, 28), 7);
        Assert.True(DossierCode.TryParse(code, out var agency, out var day, out var serial));
        Assert.Equal(("000.10.01.H46", new DateOnly(2026, 2, 28), 7), (agency, day, serial));
    }

    /// <summary>Codes issued by other systems stay valid and searchable: a provincial portal's identifier that begins with
    /// the province ("H15.…", Đắk Lắk 2026), the ministries' portal's 6–7 digit serials, and MotCua's own older codes.</summary>
    [Theory]
    [InlineData("H15.50.05.13-261008-0975", "H15.50.05.13", 975)]
    [InlineData("000.00.00.G18-261008-1800123", "000.00.00.G18", 1800123)]
    [InlineData("000.00.12.H46-251231-090123", "000.00.12.H46", 90123)]
    [InlineData("000.10.01.H46-250701-0001", "000.10.01.H46", 1)]
    public void Parses_codes_of_every_known_shape(string code, string agencyCode, int expectedSerial)
    {
        Assert.True(DossierCode.TryParse(code, out var agency, out _, out var serial));
        Assert.Equal((agencyCode, expectedSerial), (agency, serial));
    }

    [Theory]
    [InlineData("000.10.01.H46-260230-0001")] // 30 February
    [InlineData("000.10.01.H46-260228-001")]
    [InlineData("000.10.01.H46-260228-0000")]
    [InlineData("000.10.01.H46260228-0001")]
    [InlineData("' OR 1=1 --")]
    [InlineData(null)]
    public void Rejects_malformed_codes(string? code) => Assert.False(DossierCode.TryParse(code, out _, out _, out _));

    /// <summary>Fresh trial 16g HIGH 1: an external code is refused when it is one of our agencies' codes, a day and a serial
    /// of any length; another system's own codes, and our agency's code in another shape, are not.</summary>
    [Theory]
    [InlineData("000.10.01.H46-261204-0024", true)]
    [InlineData("000.10.02.H46-261204-00000024", true)]
    [InlineData("000.10.02.H46-261204-7", true)]
    [InlineData("G01.BTP-261204-0024", false)]
    [InlineData("000.00.00.G22-261204-00001", false)]
    [InlineData("000.10.01.H46-2612-0024", false)]
    [InlineData("000.10.01.H46.X-261204-0024", false)]
    [InlineData(null, false)]
    public void Knows_MotCuas_own_code_space(string? code, bool ours) =>
        Assert.Equal(ours, DossierCode.InOwnCodeSpace(code, new HashSet<string> { "000.10.01.H46", "000.10.02.H46" }));
}
