namespace MotCua.Domain.Administration;

/// <summary>
/// The levels an agency may have, as stored (<c>agencies.kind</c>). Since 1 July 2025 local government has two levels
/// (Nghị quyết 202/2025/QH15): the province with its departments and its public administrative service centre
/// (Trung tâm Phục vụ hành chính công), and the commune (xã, phường, đặc khu) with its one-stop unit.
/// </summary>
public static class AgencyKind
{
    public const string ProvinceCenter = "province_center";
    public const string Department = "department";
    public const string Commune = "commune";

    public static readonly IReadOnlyList<string> All = [ProvinceCenter, Department, Commune];

    public static string Vietnamese(string kind) => kind switch
    {
        ProvinceCenter => "Trung tâm Phục vụ hành chính công (cấp tỉnh)",
        Department => "Sở, ban, ngành (cấp tỉnh)",
        Commune => "Cấp xã (xã, phường, đặc khu)",
        _ => kind,
    };

    /// <summary>Nghị định 118/2025/NĐ-CP: dossiers are received at the provincial centre and at the communes' one-stop units;
    /// a department receives through the centre.</summary>
    public static bool MayReceiveDossiers(string kind) => kind is ProvinceCenter or Commune;
}

/// <summary>
/// What an administrator enters for an agency; the web trims it, and the Domain judges it with <see cref="AgencyRules.Check"/>.
/// <see cref="HeadTitle"/> and <see cref="HeadName"/> are who signs the agency's documents (Nghị định 30/2020/NĐ-CP Art. 13),
/// <see cref="Symbol"/> the agency's part of their numbers ("TTPVHCC" in "05/PXL-TTPVHCC"; empty: the initials of the name).
/// </summary>
public sealed record AgencyDraft(
    string Code, string Name, string SuperiorName, string Kind, string ProvinceCode, string? CommuneCode, int? ParentId,
    bool ReceivesDossiers, string Address, string Phone, string PlaceName, string HeadTitle = "Giám đốc", string HeadName = "", string Symbol = "");

/// <summary>
/// What the database knows around a draft, read by the web before <see cref="AgencyRules.Check"/>: whether the province
/// exists, the province of the chosen commune (null when there is none), the chosen parent with its ancestors (ids,
/// nearest first), whether that parent has ended, whether another agency already has the code, and the agency's own
/// id when it is being edited.
/// </summary>
public sealed record AgencySurroundings(
    bool ProvinceExists, string? CommuneProvinceCode, IReadOnlyList<int> ParentLine, bool ParentEnded, bool CodeTaken, int? SelfId);

/// <summary>Rules for creating and changing an agency, and for the versions a change records.</summary>
public static partial class AgencyRules
{
    /// <summary>The two-level local government took effect on this day; reorganisations recorded here start from it.</summary>
    public static readonly DateOnly TwoLevelGovernmentFrom = new(2025, 7, 1);

    public const int MaxName = 200;
    public const int MaxLegalBasis = 300;

    /// <summary>Every problem of <paramref name="draft"/>, keyed by the API field it concerns (camelCase), in Vietnamese; empty when it may be saved.</summary>
    public static IReadOnlyDictionary<string, string> Check(AgencyDraft draft, AgencySurroundings around)
    {
        var errors = new Dictionary<string, string>();
        void Add(string field, string message) => errors.TryAdd(field, message);

        if (draft.Name.Length == 0) Add("name", "Nhập tên cơ quan, đơn vị.");
        else if (draft.Name.Length > MaxName) Add("name", $"Tên cơ quan không quá {MaxName} ký tự.");
        if (draft.SuperiorName.Length == 0) Add("superiorName", "Nhập tên cơ quan chủ quản in ở góc trái các mẫu phiếu (ví dụ UBND PHƯỜNG THUẬN HÓA).");
        else if (draft.SuperiorName.Length > MaxName) Add("superiorName", $"Tên cơ quan chủ quản không quá {MaxName} ký tự.");
        if (draft.PlaceName.Length == 0) Add("placeName", "Nhập địa danh ghi ở dòng ngày tháng của các mẫu phiếu: tên xã, phường nơi đơn vị đóng trụ sở (ví dụ Thuận Hóa), hoặc tên tỉnh, thành phố (ví dụ Huế).");
        else if (draft.PlaceName.Length > 100) Add("placeName", "Địa danh không quá 100 ký tự.");
        if (draft.HeadTitle.Length == 0) Add("headTitle", "Nhập chức danh người đứng đầu in ở phần ký các văn bản (ví dụ Giám đốc, Chủ tịch).");
        else if (draft.HeadTitle.Length > 100) Add("headTitle", "Chức danh người đứng đầu không quá 100 ký tự.");
        if (draft.HeadName.Length > 100) Add("headName", "Họ tên người đứng đầu không quá 100 ký tự.");
        if (draft.Symbol.Length > 0 && (draft.Symbol.Length > 20 || !SymbolPattern().IsMatch(draft.Symbol)))
            Add("symbol", "Ký hiệu cơ quan gồm chữ in hoa và chữ số, có thể nối bằng dấu gạch ngang, không quá 20 ký tự (ví dụ TTPVHCC).");
        if (draft.Address.Length > 300) Add("address", "Địa chỉ không quá 300 ký tự.");
        if (draft.Phone.Length > 30) Add("phone", "Số điện thoại không quá 30 ký tự.");

        if (!around.ProvinceExists) Add("provinceCode", "Chọn tỉnh, thành phố trong danh sách 34 tỉnh, thành phố.");
        if (AgencyCode.Check(draft.Code, around.ProvinceExists ? draft.ProvinceCode : null) is { } codeError) Add("code", codeError);
        else if (around.CodeTaken) Add("code", $"Mã định danh {draft.Code} đã được dùng cho cơ quan khác.");

        if (!AgencyKind.All.Contains(draft.Kind)) Add("kind", "Chọn cấp của cơ quan: Trung tâm Phục vụ hành chính công, sở ngành hoặc cấp xã.");
        else
        {
            if (draft.Kind == AgencyKind.Commune && draft.CommuneCode is null) Add("communeCode", "Đơn vị cấp xã phải chọn xã, phường phục vụ.");
            if (draft.ReceivesDossiers && !AgencyKind.MayReceiveDossiers(draft.Kind))
                Add("receivesDossiers", "Chỉ Trung tâm Phục vụ hành chính công và Bộ phận Một cửa cấp xã tiếp nhận hồ sơ (Nghị định 118/2025/NĐ-CP); sở, ngành tiếp nhận qua Trung tâm.");
        }
        if (draft.CommuneCode is not null && around.CommuneProvinceCode != draft.ProvinceCode)
            Add("communeCode", around.CommuneProvinceCode is null
                ? $"Không có xã, phường mã {draft.CommuneCode}."
                : $"Xã, phường mã {draft.CommuneCode} không thuộc tỉnh đã chọn.");

        if (draft.ParentId is { } parent)
        {
            if (around.SelfId is { } self && (parent == self || around.ParentLine.Contains(self)))
                Add("parentCode", "Cơ quan cấp trên không được là chính cơ quan này hoặc một đơn vị trực thuộc nó.");
            else if (around.ParentEnded) Add("parentCode", "Cơ quan cấp trên đã chấm dứt hoạt động.");
        }
        return errors;
    }

    /// <summary>
    /// The version a change records: the day it takes effect and the decision it rests on. Null when acceptable; otherwise
    /// the problem keyed by field. Only changes already in effect are recorded (<paramref name="validFrom"/> ≤
    /// <paramref name="today"/>, Vietnam date), and versions follow each other in time.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CheckVersion(DateOnly? validFrom, string legalBasis, DateOnly? previousValidFrom, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (validFrom is not { } from) errors["validFrom"] = "Nhập ngày thay đổi có hiệu lực (dd/mm/yyyy).";
        else if (from > today) errors["validFrom"] = $"Ngày có hiệu lực không được sau hôm nay ({today:dd/MM/yyyy}): chỉ ghi nhận thay đổi đã có hiệu lực.";
        else if (previousValidFrom is { } previous && from < previous)
            errors["validFrom"] = $"Ngày có hiệu lực phải từ {previous:dd/MM/yyyy} (ngày của phiên bản trước) trở đi.";
        if (legalBasis.Length == 0) errors["legalBasis"] = "Nhập căn cứ thay đổi: số, ngày và cơ quan ban hành quyết định.";
        else if (legalBasis.Length > MaxLegalBasis) errors["legalBasis"] = $"Căn cứ không quá {MaxLegalBasis} ký tự.";
        return errors;
    }
}

public static partial class AgencyRules
{
    // Nghị định 30/2020/NĐ-CP Phụ lục I ô 3: the symbol is written in capitals, groups joined by "-", no spaces.
    [System.Text.RegularExpressions.GeneratedRegex("^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$")]
    private static partial System.Text.RegularExpressions.Regex SymbolPattern();
}
