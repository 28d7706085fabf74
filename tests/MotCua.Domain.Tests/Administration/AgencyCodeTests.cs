using System.Text.Json;
using MotCua.Domain.Administration;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Administration;

public class AgencyCodeTests
{
    /// <summary>The 34 provinces of Công văn 915/CTK-CSCL, as the demo seed ships them.</summary>
    public static readonly IReadOnlyList<string> Provinces = ReadProvinces();

    public static TheoryData<string> ProvinceCodes() => [.. Provinces];

    [Theory]
    [MemberData(nameof(ProvinceCodes))]
    public void Every_province_accepts_its_own_codes_in_both_orders_and_refuses_another_provinces(string province)
    {
        // Every way of using the levels that the decision allows: a level only under the one above it.
        string[] lower = ["000.00.00", "000.00.01", "000.10.01", "000.00.15", "001.02.03", "123.45.67"];
        foreach (var levels in lower)
        {
            var code = $"{levels}.H{province}";
            Assert.Null(AgencyCode.Check(code, province));
            Assert.True(DossierCode.IsValidAgencyCode(code), $"{code} must also make dossier codes");
            var parts = levels.Split('.');
            Assert.Null(AgencyCode.Check($"H{province}.{parts[2]}.{parts[1]}.{parts[0]}", province));
            var other = Provinces.First(p => p != province);
            Assert.Contains($"H{province}", AgencyCode.Check(code, other));
        }
    }

    [Theory]
    [InlineData("000.00.00.G01")] // a ministry: no province in the code
    [InlineData("000.00.01.A05")]
    public void Codes_outside_the_provinces_do_not_depend_on_the_province(string code) => Assert.Null(AgencyCode.Check(code, "46"));

    [Theory]
    [InlineData("", "Nhập mã")]
    [InlineData("000.10.01.46", "có dạng 000.00.00.H46")]
    [InlineData("00.10.01.H46", "có dạng")]
    [InlineData("000.10.01.H46.1", "có dạng")]
    [InlineData("000-10-01-H46", "có dạng")]
    [InlineData("000.10.01.HH6", "có dạng")]
    [InlineData("000.10.00.H46", "Mã cấp 3 chỉ dùng khi có mã cấp 2")]
    [InlineData("001.00.01.H46", "Mã cấp 4 chỉ dùng khi có mã cấp 3")]
    [InlineData("000.00.01.H48", "không khớp")]
    public void Malformed_codes_are_refused_with_the_reason(string code, string reason) =>
        Assert.Contains(reason, AgencyCode.Check(code, "46"));

    [Fact]
    public void What_an_administrator_types_is_trimmed_and_upper_cased_before_it_is_judged() =>
        Assert.Null(AgencyCode.Check(AgencyCode.Normalize("  000.10.01.h46 "), "46"));

    private static List<string> ReadProvinces()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MotCua.slnx"))) dir = dir.Parent;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "src", "MotCua.Data", "Seed", "units.hue.json")));
        return [.. json.RootElement.GetProperty("provinces").EnumerateArray().Select(p => p.GetProperty("code").GetString()!)];
    }
}
