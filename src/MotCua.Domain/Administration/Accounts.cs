using System.Net.Mail;
using System.Text.RegularExpressions;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Administration;

/// <summary>
/// The password policy for officers' accounts: at least <see cref="MinLength"/> characters with a lower-case letter, an
/// upper-case letter, a digit and another character, at most <see cref="MaxLength"/>, and not containing the user name.
/// MotCua's choice, after the complexity asked of information systems at security level 2 and above
/// (TCVN 11930:2017, Thông tư 12/2022/TT-BTTTT).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>Null when <paramref name="password"/> satisfies the policy for <paramref name="userName"/>; otherwise the reason.</summary>
    public static string? Check(string? password, string userName)
    {
        if (string.IsNullOrEmpty(password)) return "Nhập mật khẩu.";
        if (password.Length < MinLength) return $"Mật khẩu phải có ít nhất {MinLength} ký tự.";
        if (password.Length > MaxLength) return $"Mật khẩu không quá {MaxLength} ký tự.";
        var missing = new List<string>();
        if (!password.Any(char.IsLower)) missing.Add("chữ thường");
        if (!password.Any(char.IsUpper)) missing.Add("chữ hoa");
        if (!password.Any(char.IsDigit)) missing.Add("chữ số");
        if (password.All(char.IsLetterOrDigit)) missing.Add("ký tự đặc biệt (ví dụ @, #, !)");
        if (missing.Count > 0) return $"Mật khẩu phải có {string.Join(", ", missing)}.";
        if (userName.Length >= 3 && password.Contains(userName, StringComparison.OrdinalIgnoreCase)) return "Mật khẩu không được chứa tên đăng nhập.";
        return null;
    }
}

/// <summary>What an administrator enters for an account (already trimmed); <see cref="AccountRules.Check"/> judges it.</summary>
/// <param name="Position">Chức vụ as the signer block of the documents the officer signs prints it ("Phó Giám đốc"); null for none.</param>
public sealed record AccountDraft(string UserName, string FullName, string Role, int? AgencyId, string? Email, string? Phone, string? Position = null);

/// <summary>Rules for officers' accounts: names, roles and the agency each role needs.</summary>
public static partial class AccountRules
{
    /// <summary>The stored role names (<c>users.role</c>) and the role each one acts as in the Domain.</summary>
    public static readonly IReadOnlyDictionary<string, OfficerRole> Roles = new Dictionary<string, OfficerRole>
    {
        ["receiving_officer"] = OfficerRole.ReceivingOfficer,
        ["specialist"] = OfficerRole.Specialist,
        ["department_head"] = OfficerRole.DepartmentHead,
        ["leader"] = OfficerRole.Leader,
        ["accountant"] = OfficerRole.Accountant,
        ["admin"] = OfficerRole.Admin,
        ["inspector"] = OfficerRole.Inspector,
    };

    /// <summary>
    /// Every problem of <paramref name="draft"/>, keyed by API field, in Vietnamese. <paramref name="agencyActive"/> is
    /// null when no agency was chosen, else whether the chosen one still operates; <paramref name="userNameTaken"/> whether
    /// another account has the name. The inspector reads province-wide and belongs to no agency; every other role works for one.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Check(AccountDraft draft, bool? agencyActive, bool userNameTaken)
    {
        var errors = new Dictionary<string, string>();
        if (draft.UserName.Length == 0) errors["userName"] = "Nhập tên đăng nhập.";
        else if (!UserNamePattern().IsMatch(draft.UserName))
            errors["userName"] = "Tên đăng nhập dài 3–50 ký tự, gồm chữ thường không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang, bắt đầu bằng chữ hoặc số.";
        else if (userNameTaken) errors["userName"] = $"Tên đăng nhập {draft.UserName} đã có người dùng.";
        if (draft.FullName.Length == 0) errors["fullName"] = "Nhập họ và tên.";
        else if (draft.FullName.Length > 100) errors["fullName"] = "Họ và tên không quá 100 ký tự.";
        if (!Roles.TryGetValue(draft.Role, out var role)) errors["role"] = "Chọn vai trò trong danh sách.";
        else if (role == OfficerRole.Inspector && draft.AgencyId is not null)
            errors["agencyCode"] = "Thanh tra xem hồ sơ toàn tỉnh nên không gắn với một cơ quan.";
        else if (role != OfficerRole.Inspector && draft.AgencyId is null) errors["agencyCode"] = $"Vai trò {role.Vietnamese()} phải thuộc một cơ quan.";
        if (agencyActive == false) errors["agencyCode"] = "Cơ quan đã chấm dứt hoạt động; chọn đơn vị kế thừa.";
        if (draft.Email is { Length: > 0 } email
            && (email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email || !email.Contains('.', StringComparison.Ordinal)))
            errors["email"] = "Địa chỉ thư điện tử không hợp lệ.";
        if (draft.Position is { Length: > 100 }) errors["position"] = "Chức vụ không quá 100 ký tự.";
        if (draft.Phone is { Length: > 0 } phone && !PhonePattern().IsMatch(phone))
            errors["phone"] = "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).";
        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,49}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^(0|\+84)[1-9][0-9]{8}$")]
    private static partial Regex PhonePattern();
}
