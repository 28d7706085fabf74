using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Administration;
using MotCua.Domain.Calendar;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Admin;

/// <summary>
/// /quan-tri/don-vi/{code} (or /moi for a new one): an agency's fields, the version its change records (the day it took
/// effect and the decision), its history of versions with what each changed, and its officers.
/// </summary>
public sealed class AgencyModel(AgencyAdministration agencies, MotCuaDb db, TimeProvider clock) : AdminPage
{
    public sealed class AgencyForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? SuperiorName { get; set; }
        public string? Kind { get; set; }
        public string? ProvinceCode { get; set; }
        public string? CommuneCode { get; set; }
        public string? ParentCode { get; set; }
        public bool ReceivesDossiers { get; set; }
        public string? Address { get; set; }
        public string? Phone { get; set; }
        public string? PlaceName { get; set; }
        public string? HeadTitle { get; set; }
        public string? HeadName { get; set; }
        public string? Symbol { get; set; }
        public string? ValidFrom { get; set; }
        public string? LegalBasis { get; set; }
    }

    [BindProperty] public AgencyForm Form { get; set; } = new();
    [FromRoute] public string? Code { get; set; }

    /// <summary>/quan-tri/don-vi/moi: "moi" is no electronic code (those are upper case), so it cannot hide an agency.</summary>
    public bool IsNew => Code == NewCode;

    public const string NewCode = "moi";
    public AgencyDetail? Detail { get; private set; }
    public IReadOnlyList<Province> Provinces { get; private set; } = [];
    public IReadOnlyList<Commune> Communes { get; private set; } = [];
    public IReadOnlyList<Agency> Parents { get; private set; } = [];
    public IReadOnlyList<UserView> Officers { get; private set; } = [];
    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? daluu, CancellationToken ct)
    {
        if (!IsNew)
        {
            Detail = await agencies.DetailAsync(Code!, ct);
            if (Detail is null) return NotFound();
            var a = Detail.Agency;
            Form = new AgencyForm
            {
                Code = a.Code, Name = a.Name, SuperiorName = a.SuperiorName, Kind = a.Kind, ProvinceCode = a.ProvinceCode, CommuneCode = a.CommuneCode,
                ParentCode = a.ParentCode, ReceivesDossiers = a.ReceivesDossiers, Address = a.Address, Phone = a.Phone, PlaceName = a.PlaceName,
                HeadTitle = a.HeadTitle, HeadName = a.HeadName, Symbol = a.Symbol,
            };
            Saved = daluu is null ? null : "Đã lưu; phiên bản mới được ghi vào lịch sử bên dưới.";
        }
        else
        {
            // A new agency starts in the administrator's own province.
            var own = Claims.AgencyIdOf(User);
            Form.ProvinceCode = await db.Agencies.Where(x => x.Id == own).Select(x => x.ProvinceCode).FirstOrDefaultAsync(ct) ?? "46";
            Form.Kind = AgencyKind.Commune;
            Form.ReceivesDossiers = true;
            Form.HeadTitle = "Giám đốc";
        }
        Form.ValidFrom ??= VietnamTime.DateOf(clock.GetUtcNow()).ToString("dd/MM/yyyy");
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var validFrom = ParseDate(Form.ValidFrom, "validFrom");
        var request = new AgencyRequest(Form.Code, Form.Name, Form.SuperiorName, Form.Kind, Form.ProvinceCode, Form.CommuneCode, Form.ParentCode,
            Form.ReceivesDossiers, Form.Address, Form.Phone, Form.PlaceName, validFrom, Form.LegalBasis, Form.HeadTitle ?? "", Form.HeadName ?? "", Form.Symbol ?? "");
        // A date that did not parse is sent as missing: the service then refuses and writes nothing, and every other field's error shows too.
        var outcome = IsNew ? await agencies.CreateAsync(request, User, ct) : await agencies.UpdateAsync(Code!, request, User, ct);
        if (outcome.NotFound is not null) return NotFound();
        if (outcome.Agency is { } saved && Errors.Count == 0) return Redirect($"/quan-tri/don-vi/{Uri.EscapeDataString(saved.Agency.Code)}?daluu=1");
        Merge(outcome.Errors);
        if (!IsNew) Detail = await agencies.DetailAsync(Code!, ct);
        await LoadListsAsync(ct);
        return Page();
    }

    /// <summary>The fields a version changed from the one before it, as "label: old → new".</summary>
    public static IReadOnlyList<string> Changes(AgencySnapshot? before, AgencySnapshot after)
    {
        if (before is null) return ["Tạo mới"];
        var lines = new List<string>();
        void Compare(string label, object? a, object? b)
        {
            if (!Equals(a, b)) lines.Add($"{label}: {Show(a)} → {Show(b)}");
        }
        Compare("Mã định danh", before.Code, after.Code);
        Compare("Tên", before.Name, after.Name);
        Compare("Cơ quan chủ quản", before.SuperiorName, after.SuperiorName);
        Compare("Cấp", AgencyKind.Vietnamese(before.Kind), AgencyKind.Vietnamese(after.Kind));
        Compare("Tỉnh", before.ProvinceCode, after.ProvinceCode);
        Compare("Xã, phường phục vụ", before.CommuneCode, after.CommuneCode);
        Compare("Cơ quan cấp trên", before.ParentCode, after.ParentCode);
        Compare("Tiếp nhận hồ sơ (Một cửa)", before.ReceivesDossiers ? "có" : "không", after.ReceivesDossiers ? "có" : "không");
        Compare("Địa chỉ", before.Address, after.Address);
        Compare("Điện thoại", before.Phone, after.Phone);
        Compare("Địa danh", before.PlaceName, after.PlaceName);
        Compare("Chức danh người đứng đầu", before.HeadTitle, after.HeadTitle);
        Compare("Người đứng đầu", before.HeadName, after.HeadName);
        Compare("Ký hiệu cơ quan", before.Symbol, after.Symbol);
        Compare("Chấm dứt hoạt động", before.EndedOn?.ToString("dd/MM/yyyy"), after.EndedOn?.ToString("dd/MM/yyyy"));
        return lines.Count == 0 ? ["Không đổi trường nào"] : lines;
    }

    private static string Show(object? value) => value is null || value is "" ? "(trống)" : value.ToString()!;

    private async Task LoadListsAsync(CancellationToken ct)
    {
        Provinces = await db.Provinces.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        var province = Form.ProvinceCode ?? "46";
        Communes = await db.Communes.AsNoTracking().Where(c => c.ProvinceCode == province).OrderBy(c => c.Name).ToListAsync(ct);
        Parents = await db.Agencies.AsNoTracking().Where(a => a.EndedOn == null && a.Code != Code).OrderBy(a => a.Code).ToListAsync(ct);
        if (!IsNew)
        {
            var agencyId = await db.Agencies.Where(a => a.Code == Code).Select(a => a.Id).FirstAsync(ct);
            Officers = await db.Users.AsNoTracking().Where(u => u.AgencyId == agencyId).OrderBy(u => u.UserName)
                .Select(u => new UserView(u.UserName, u.FullName, u.Role, u.Role, null, null, u.Email, u.Phone, u.DeactivatedAt == null, u.DeactivatedAt, u.CreatedAt, u.PasswordChangedAt))
                .ToListAsync(ct);
        }
    }
}
