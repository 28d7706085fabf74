using MotCua.Domain.Administration;

namespace MotCua.Domain.Tests.Administration;

public class AgencyRulesTests
{
    private static readonly AgencySurroundings Fine = new(true, "46", [], false, false, null);

    private static AgencyDraft Commune(string code = "000.10.05.H46", string kind = AgencyKind.Commune, bool receives = true, string? commune = "19774") =>
        new(code, "Bộ phận Một cửa phường Kim Long", "UBND PHƯỜNG KIM LONG", kind, "46", commune, null, receives, "", "", "Huế");

    [Fact]
    public void A_complete_commune_unit_passes() => Assert.Empty(AgencyRules.Check(Commune(), Fine));

    [Theory]
    [InlineData("", "", "", "headTitle")]
    [InlineData("Giám đốc", "", "TT PV", "symbol")]
    [InlineData("Giám đốc", "", "ttpv", "symbol")]
    [InlineData("Giám đốc", "", "TTPVHCC-", "symbol")]
    [InlineData("Giám đốc", "", "ABCDEFGHIJKLMNOPQRSTU", "symbol")]
    public void The_signer_and_the_symbol_of_numbers_are_checked(string headTitle, string headName, string symbol, string field) =>
        Assert.True(AgencyRules.Check(Commune() with { HeadTitle = headTitle, HeadName = headName, Symbol = symbol }, Fine).ContainsKey(field));

    [Theory]
    [InlineData("Chủ tịch", "Hồ Văn Lợi", "")]
    [InlineData("Giám đốc", "", "TTPVHCC-KL")]
    [InlineData("Giám đốc", "Nguyễn Văn Thành", "ĐKĐĐ")]
    public void A_head_title_with_or_without_a_name_and_a_symbol_in_capitals_pass(string headTitle, string headName, string symbol) =>
        Assert.Empty(AgencyRules.Check(Commune() with { HeadTitle = headTitle, HeadName = headName, Symbol = symbol }, Fine));

    [Fact]
    public void A_department_does_not_receive_dossiers_itself() =>
        Assert.Contains("Nghị định 118/2025", AgencyRules.Check(Commune(kind: AgencyKind.Department), Fine)["receivesDossiers"]);

    [Fact]
    public void A_commune_unit_names_its_commune_and_the_commune_lies_in_the_province()
    {
        Assert.True(AgencyRules.Check(Commune(commune: null), Fine).ContainsKey("communeCode"));
        Assert.Contains("không thuộc tỉnh", AgencyRules.Check(Commune(), Fine with { CommuneProvinceCode = "48" })["communeCode"]);
        Assert.Contains("Không có xã", AgencyRules.Check(Commune(), Fine with { CommuneProvinceCode = null })["communeCode"]);
    }

    [Fact]
    public void The_parent_may_not_be_the_agency_itself_nor_below_it_nor_ended()
    {
        var draft = Commune() with { ParentId = 5 };
        Assert.Empty(AgencyRules.Check(draft, Fine with { SelfId = 9, ParentLine = [1] }));
        Assert.True(AgencyRules.Check(draft, Fine with { SelfId = 5 }).ContainsKey("parentCode"));
        Assert.True(AgencyRules.Check(draft, Fine with { SelfId = 1, ParentLine = [3, 1] }).ContainsKey("parentCode"));
        Assert.Contains("chấm dứt", AgencyRules.Check(draft, Fine with { ParentEnded = true })["parentCode"]);
    }

    [Fact]
    public void A_taken_or_malformed_code_and_an_unknown_kind_are_refused_by_field()
    {
        Assert.Contains("đã được dùng", AgencyRules.Check(Commune(), Fine with { CodeTaken = true })["code"]);
        Assert.True(AgencyRules.Check(Commune(code: "10.01.H46"), Fine).ContainsKey("code"));
        Assert.True(AgencyRules.Check(Commune(kind: "district"), Fine).ContainsKey("kind"));
    }

    [Fact]
    public void A_version_takes_effect_no_later_than_today_and_not_before_the_one_it_follows()
    {
        var today = new DateOnly(2025, 11, 17);
        Assert.Empty(AgencyRules.CheckVersion(today, "Quyết định số 1/QĐ-UBND", new DateOnly(2025, 7, 1), today));
        Assert.Contains("không được sau hôm nay", AgencyRules.CheckVersion(today.AddDays(1), "QĐ 1", null, today)["validFrom"]);
        Assert.Contains("01/07/2025", AgencyRules.CheckVersion(new DateOnly(2025, 6, 30), "QĐ 1", new DateOnly(2025, 7, 1), today)["validFrom"]);
        Assert.True(AgencyRules.CheckVersion(null, "", null, today).Keys.Order().SequenceEqual(["legalBasis", "validFrom"]));
    }
}
