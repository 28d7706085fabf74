using System.Text.RegularExpressions;

namespace MotCua.Domain.Identity;

/// <summary>Who hands in a dossier (đối tượng thực hiện): a person, a household business, an enterprise or another organisation.</summary>
public enum ApplicantKind
{
    /// <summary>Cá nhân: identified by the 12-digit personal identification number (CCCD).</summary>
    Individual = 1,
    /// <summary>Hộ kinh doanh: identified by its registration number; the owner (chủ hộ) represents it.</summary>
    HouseholdBusiness = 2,
    /// <summary>Doanh nghiệp: identified by its enterprise code (mã số doanh nghiệp), a branch by the 13-character code.</summary>
    Enterprise = 3,
    /// <summary>Tổ chức khác (cơ quan, đơn vị sự nghiệp, hợp tác xã, hội): its code is optional.</summary>
    Organization = 4,
}

/// <summary>
/// The rules for an applicant's name, identifier and representative, per kind. Checks are structural: a well-formed
/// number is not a proven one (identities are verified against the national population and business registration
/// databases, never by these checks).
/// </summary>
public static partial class ApplicantIdentity
{
    /// <summary>The kind as the API and the desk form name it: individual (also when absent), household-business (or
    /// householdBusiness, as dossier views write it), enterprise, organization; null for anything else.</summary>
    public static ApplicantKind? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "individual" or "ca-nhan" => ApplicantKind.Individual,
        "household-business" or "householdbusiness" or "ho-kinh-doanh" => ApplicantKind.HouseholdBusiness,
        "enterprise" or "doanh-nghiep" => ApplicantKind.Enterprise,
        "organization" or "organisation" or "to-chuc" => ApplicantKind.Organization,
        _ => null,
    };

    /// <summary>The API name of a kind (the inverse of <see cref="Parse"/>).</summary>
    public static string ApiName(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.Individual => "individual",
        ApplicantKind.HouseholdBusiness => "household-business",
        ApplicantKind.Enterprise => "enterprise",
        ApplicantKind.Organization => "organization",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Vietnamese(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.Individual => "Cá nhân",
        ApplicantKind.HouseholdBusiness => "Hộ kinh doanh",
        ApplicantKind.Enterprise => "Doanh nghiệp",
        ApplicantKind.Organization => "Tổ chức khác",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>What the name field holds for the kind ("Họ và tên", "Tên doanh nghiệp", …).</summary>
    public static string NameLabel(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.Individual => "Họ và tên",
        ApplicantKind.HouseholdBusiness => "Tên hộ kinh doanh",
        ApplicantKind.Enterprise => "Tên doanh nghiệp",
        _ => "Tên tổ chức",
    };

    /// <summary>What the identifier is for the kind ("Số định danh cá nhân (CCCD)", "Mã số doanh nghiệp", …).</summary>
    public static string IdentifierLabel(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.Individual => "Số định danh cá nhân (CCCD)",
        ApplicantKind.HouseholdBusiness => "Số đăng ký hộ kinh doanh",
        ApplicantKind.Enterprise => "Mã số doanh nghiệp",
        _ => "Mã số tổ chức (nếu có)",
    };

    /// <summary>Whether the kind acts through a representative (người đại diện, chủ hộ kinh doanh), whose name is then required.</summary>
    public static bool HasRepresentative(this ApplicantKind kind) => kind != ApplicantKind.Individual;

    /// <summary>
    /// Null when the name suits the kind, else the reason. A person's name is letters, spaces and . ' -; an organisation's
    /// may also hold digits and symbols ("Công ty Cổ phần Xây dựng số 5", "Công ty TNHH Thương mại &amp; Dịch vụ Hải Đăng"):
    /// Luật Doanh nghiệp 2020, Điều 37–38, lets an enterprise name use Vietnamese letters, F, J, Z, W, digits and symbols.
    /// </summary>
    public static string? CheckName(ApplicantKind kind, string? value)
    {
        var name = value?.Trim() ?? "";
        var label = kind.NameLabel();
        if (name.Length == 0) return kind == ApplicantKind.Individual ? "Vui lòng nhập họ và tên người nộp." : $"Vui lòng nhập {label.ToLowerInvariant()}.";
        if (kind == ApplicantKind.Individual)
            return name.Length > 100 ? "Họ và tên không quá 100 ký tự."
                : PersonName().IsMatch(name) ? null : "Họ và tên chỉ gồm chữ cái và khoảng trắng.";
        return name.Length > 250 ? $"{label} không quá 250 ký tự."
            : OrganisationName().IsMatch(name) ? null
            : $"{label} gồm chữ cái, chữ số, khoảng trắng và các ký hiệu & . , - ' ( ) / +.";
    }

    /// <summary>Null when the representative suits the kind: required (a person's name) for every kind but an individual, absent otherwise.</summary>
    public static string? CheckRepresentative(ApplicantKind kind, string? value)
    {
        var name = value?.Trim() ?? "";
        if (!kind.HasRepresentative())
            return name.Length == 0 ? null : "Cá nhân tự nộp hồ sơ không ghi người đại diện.";
        if (name.Length == 0)
            return kind == ApplicantKind.HouseholdBusiness ? "Vui lòng nhập họ và tên chủ hộ kinh doanh." : "Vui lòng nhập họ và tên người đại diện.";
        if (name.Length > 100) return "Họ và tên người đại diện không quá 100 ký tự.";
        return PersonName().IsMatch(name) ? null : "Họ và tên người đại diện chỉ gồm chữ cái và khoảng trắng.";
    }

    /// <summary>
    /// The representative's name in the portal's free text <c>ThongTinKhac</c>, which often says more than the name
    /// ("Người đại diện: Trần Văn Hùng, Giám đốc" → "Trần Văn Hùng"): a leading label ("Người đại diện (theo pháp luật)",
    /// "Đại diện", "Chủ hộ", with ":" or "-") is dropped and the name ends at the first ",", ";", "(", " - " or line break.
    /// When what is left is no person's name, the whole text is kept, so that <see cref="CheckRepresentative"/> names the
    /// field (fourth fresh trial LOW 5: the whole text was read as the name and the push refused, 422).
    /// </summary>
    public static string? RepresentativeFrom(string? freeText)
    {
        if (string.IsNullOrWhiteSpace(freeText)) return freeText;
        var text = freeText.Trim();
        var label = RepresentativeLabel().Match(text);
        var rest = label.Success ? text[label.Length..] : text;
        var name = RepresentativeEnd().Split(rest, 2)[0].Trim();
        return name.Length is > 0 and <= 100 && PersonName().IsMatch(name) ? name : text;
    }

    [GeneratedRegex(@"^(?:người\s+đại\s+diện(?:\s+theo\s+pháp\s+luật)?|đại\s+diện|chủ\s+hộ(?:\s+kinh\s+doanh)?)\s*[:\-–]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RepresentativeLabel();

    [GeneratedRegex(@"[,;(\r\n]|\s[-–]\s")]
    private static partial Regex RepresentativeEnd();

    /// <summary>
    /// Null when the identifier is well formed for the kind, else the reason:
    /// <list type="bullet">
    /// <item>individual: the CCCD (<see cref="CitizenId.Check"/>);</item>
    /// <item>enterprise: 10 digits, or a dependent unit's 13 characters <c>NNNNNNNNNN-NNN</c> (Nghị định 01/2021/NĐ-CP, Điều 8;
    /// the enterprise code is its tax code, Luật Doanh nghiệp 2020, Điều 29);</item>
    /// <item>household business: its registration number, 8 to 15 letters and digits (the district-era "29A8012345" or a
    /// numeric code; Nghị định 01/2021/NĐ-CP, Điều 86 and Nghị định 168/2025/NĐ-CP);</item>
    /// <item>other organisation: optional, up to 20 letters, digits and . - /.</item>
    /// </list>
    /// </summary>
    public static string? CheckIdentifier(ApplicantKind kind, string? value, DateOnly today)
    {
        var id = value?.Trim() ?? "";
        switch (kind)
        {
            case ApplicantKind.Individual:
                return CitizenId.Check(id, today);
            case ApplicantKind.Enterprise:
                if (id.Length == 0) return "Vui lòng nhập mã số doanh nghiệp.";
                if (EnterpriseCode().Match(id) is not { Success: true } code)
                    return "Mã số doanh nghiệp gồm 10 chữ số; mã số đơn vị phụ thuộc (chi nhánh) có dạng NNNNNNNNNN-NNN.";
                return code.Groups["unit"].Value == "000" ? "Phần đuôi mã số đơn vị phụ thuộc từ 001 đến 999." : null;
            case ApplicantKind.HouseholdBusiness:
                if (id.Length == 0) return "Vui lòng nhập số đăng ký hộ kinh doanh.";
                return HouseholdNumber().IsMatch(id) ? null : "Số đăng ký hộ kinh doanh gồm 8 đến 15 chữ cái và chữ số, không có khoảng trắng.";
            case ApplicantKind.Organization:
                return id.Length == 0 || OrganisationCode().IsMatch(id) ? null : "Mã số tổ chức gồm tối đa 20 chữ cái, chữ số và các ký hiệu . - /.";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{M}][\p{L}\p{M} .'-]*$")]
    private static partial Regex PersonName();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .,&'()/+\-–]*$")]
    private static partial Regex OrganisationName();

    [GeneratedRegex(@"^[0-9]{10}(?:-(?<unit>[0-9]{3}))?$")]
    private static partial Regex EnterpriseCode();

    [GeneratedRegex(@"^[0-9A-Za-z]{8,15}$")]
    private static partial Regex HouseholdNumber();

    [GeneratedRegex(@"^[0-9A-Za-z][0-9A-Za-z./-]{0,19}$")]
    private static partial Regex OrganisationCode();
}
