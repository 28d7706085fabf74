using MotCua.Domain.Administration;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Administration;

public class AccountRulesTests
{
    [Fact]
    public void The_demo_password_meets_the_policy() => Assert.Null(PasswordPolicy.Check("MotCua@2026", "quantri"));

    [Theory]
    [InlineData("Ab@1", "ít nhất 10 ký tự")]
    [InlineData("motcua@2026x", "chữ hoa")]
    [InlineData("MOTCUA@2026X", "chữ thường")]
    [InlineData("MotCua@Hue!", "chữ số")]
    [InlineData("MotCua2026Hue", "ký tự đặc biệt")]
    [InlineData("Quantri@20261", "tên đăng nhập")]
    [InlineData("", "Nhập mật khẩu")]
    public void Weak_passwords_are_refused_with_what_they_lack(string password, string reason) =>
        Assert.Contains(reason, PasswordPolicy.Check(password, "quantri"));

    [Fact]
    public void The_length_limits_hold_at_their_edges()
    {
        var core = "Aa1@";
        Assert.NotNull(PasswordPolicy.Check(core + new string('x', PasswordPolicy.MinLength - core.Length - 1), "u"));
        Assert.Null(PasswordPolicy.Check(core + new string('x', PasswordPolicy.MinLength - core.Length), "u"));
        Assert.Null(PasswordPolicy.Check(core + new string('x', PasswordPolicy.MaxLength - core.Length), "u"));
        Assert.NotNull(PasswordPolicy.Check(core + new string('x', PasswordPolicy.MaxLength - core.Length + 1), "u"));
    }

    public static TheoryData<string> RoleNames() => [.. AccountRules.Roles.Keys];

    [Theory]
    [MemberData(nameof(RoleNames))]
    public void Only_the_inspector_works_without_an_agency(string role)
    {
        var inspector = AccountRules.Roles[role] == OfficerRole.Inspector;
        var withAgency = AccountRules.Check(new AccountDraft("nguoidung.moi", "Nguyễn Văn Mới", role, 7, null, null), true, false);
        var without = AccountRules.Check(new AccountDraft("nguoidung.moi", "Nguyễn Văn Mới", role, null, null, null), null, false);
        Assert.Equal(inspector, withAgency.ContainsKey("agencyCode"));
        Assert.Equal(!inspector, without.ContainsKey("agencyCode"));
        Assert.Empty(inspector ? without : withAgency);
    }

    [Theory]
    [InlineData("ab", "userName")]
    [InlineData("Tiep.Nhan", "userName")]
    [InlineData("nguyễn", "userName")]
    [InlineData(".tiepnhan", "userName")]
    public void User_names_are_plain_lower_case_ascii(string userName, string field) =>
        Assert.True(AccountRules.Check(new AccountDraft(userName, "Nguyễn Văn Mới", "specialist", 1, null, null), true, false).ContainsKey(field));

    [Fact]
    public void Contact_details_taken_names_ended_agencies_and_unknown_roles_are_refused_by_field()
    {
        var errors = AccountRules.Check(new AccountDraft("tiepnhan.thuanhoa", "", "chief", 3, "khong-phai-thu", "12345"), false, true);
        Assert.Equal(["agencyCode", "email", "fullName", "phone", "role", "userName"], errors.Keys.Order());
        Assert.Contains("đã chấm dứt", errors["agencyCode"]);
    }
}
