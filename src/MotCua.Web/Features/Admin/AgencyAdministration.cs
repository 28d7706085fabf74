using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Administration;
using MotCua.Domain.Calendar;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Admin;

/// <summary>
/// An agency as the administrator enters it. Every field is required on create and on update (an update replaces the
/// agency's fields and records a new version); <see cref="ValidFrom"/> (the day the change took effect) and
/// <see cref="LegalBasis"/> (the decision) describe that version. Who signs (<see cref="HeadTitle"/>, <see cref="HeadName"/>)
/// and the symbol of document numbers (<see cref="Symbol"/>) keep their current values when left out.
/// </summary>
public sealed record AgencyRequest(
    string? Code, string? Name, string? SuperiorName, string? Kind, string? ProvinceCode, string? CommuneCode, string? ParentCode,
    bool ReceivesDossiers, string? Address, string? Phone, string? PlaceName, DateOnly? ValidFrom, string? LegalBasis,
    string? HeadTitle = null, string? HeadName = null, string? Symbol = null);

/// <summary>The fields of an agency that a version records.</summary>
public sealed record AgencySnapshot(
    string Code, string Name, string SuperiorName, string Kind, string ProvinceCode, string? CommuneCode, string? ParentCode,
    bool ReceivesDossiers, string Address, string Phone, string PlaceName, DateOnly? EndedOn = null,
    string HeadTitle = "Giám đốc", string HeadName = "", string Symbol = "");

public sealed record AgencyListItem(string Code, string Name, string Kind, string KindName, string? CommuneName, string? ParentName,
    bool ReceivesDossiers, DateOnly? EndedOn, int Officers);

public sealed record AgencyVersionView(int Version, DateOnly? ValidFrom, string LegalBasis, DateTimeOffset CreatedAt, string? By, AgencySnapshot Snapshot);

public sealed record SuccessorView(string Code, string Name);

public sealed record AgencyDetail(AgencySnapshot Agency, string KindName, string? CommuneName, string? ParentName, long? EndedBy,
    IReadOnlyList<SuccessorView> Successors, IReadOnlyList<AgencyVersionView> Versions);

public sealed record AgencyOutcome(AgencyDetail? Agency, IDictionary<string, string[]>? Errors = null, string? NotFound = null);

/// <summary>Agencies listed, created and changed by the administrator; each change is a version and an audit entry.</summary>
public sealed class AgencyAdministration(MotCuaDb db, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>The legal basis shown for the state an agency had before its first change was recorded here.</summary>
    public const string BaselineBasis = "Dữ liệu có trước khi quản trị trên hệ thống";

    /// <summary>Agencies whose name or code contains <paramref name="q"/> (without diacritics), of one kind or all, active first.</summary>
    public async Task<(IReadOnlyList<AgencyListItem> Items, int Total)> ListAsync(string? q, string? kind, int page, CancellationToken ct)
    {
        var query = db.Agencies.AsNoTracking();
        var typed = q?.Trim() ?? "";
        if (typed.Length > 0)
            query = query.Where(a => MotCuaDb.Unaccent(a.Name).Contains(MotCuaDb.Unaccent(typed)) || a.Code.ToLower().Contains(typed.ToLower()));
        if (!string.IsNullOrWhiteSpace(kind)) query = query.Where(a => a.Kind == kind);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(a => a.EndedOn != null).ThenBy(a => a.Kind == AgencyKind.ProvinceCenter ? 0 : a.Kind == AgencyKind.Department ? 1 : 2).ThenBy(a => a.Code)
            .Skip((Paging.Clamp(page) - 1) * PageSize).Take(PageSize)
            .Select(a => new
            {
                a.Code, a.Name, a.Kind, a.ReceivesDossiers, a.EndedOn,
                Commune = db.Communes.Where(c => c.Code == a.CommuneCode).Select(c => c.Name).FirstOrDefault(),
                Parent = db.Agencies.Where(p => p.Id == a.ParentId).Select(p => p.Name).FirstOrDefault(),
                Officers = db.Users.Count(u => u.AgencyId == a.Id && u.DeactivatedAt == null),
            })
            .ToListAsync(ct);
        return ([.. rows.Select(r => new AgencyListItem(r.Code, r.Name, r.Kind, AgencyKind.Vietnamese(r.Kind), r.Commune, r.Parent, r.ReceivesDossiers, r.EndedOn, r.Officers))], total);
    }

    public async Task<AgencyDetail?> DetailAsync(string code, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code.Trim(), ct);
        return agency is null ? null : await DetailAsync(agency, ct);
    }

    public async Task<AgencyOutcome> CreateAsync(AgencyRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var (draft, errors) = await CheckAsync(request, null, ct);
        var version = AgencyRules.CheckVersion(request.ValidFrom, Clean(request.LegalBasis), null, Today());
        foreach (var (field, message) in version) errors.TryAdd(field, [message]);
        if (errors.Count > 0) return new AgencyOutcome(null, errors);

        var agency = new Agency
        {
            Code = draft.Code, Name = draft.Name, SuperiorName = draft.SuperiorName, Kind = draft.Kind, ProvinceCode = draft.ProvinceCode,
            PlaceName = draft.PlaceName,
        };
        Apply(agency, draft);
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(ct);
        await RecordAsync(agency, request.ValidFrom, Clean(request.LegalBasis), "admin.agency.create", null, user, ct);
        return new AgencyOutcome(await DetailAsync(agency, ct));
    }

    /// <summary>Replaces the agency's fields and records a version; an unchanged agency records nothing. An ended agency is kept as it ended.</summary>
    public async Task<AgencyOutcome> UpdateAsync(string code, AgencyRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Code == code.Trim(), ct);
        if (agency is null) return new AgencyOutcome(null, NotFound: $"Không tìm thấy cơ quan có mã '{Problems.Echo(code)}'.");
        if (agency.EndedOn is { } ended)
            return new AgencyOutcome(null, new Dictionary<string, string[]> { ["code"] = [$"{agency.Name} đã chấm dứt hoạt động từ ngày {ended:dd/MM/yyyy}; không sửa được nữa."] });
        var (draft, errors) = await CheckAsync(request, agency, ct);
        var last = await db.Set<AgencyVersion>().Where(v => v.AgencyId == agency.Id).OrderByDescending(v => v.Version).Select(v => v.ValidFrom).FirstOrDefaultAsync(ct);
        foreach (var (field, message) in AgencyRules.CheckVersion(request.ValidFrom, Clean(request.LegalBasis), last, Today())) errors.TryAdd(field, [message]);
        if (errors.Count > 0) return new AgencyOutcome(null, errors);

        var before = await SnapshotAsync(agency, ct);
        agency.Code = draft.Code;
        agency.Name = draft.Name;
        agency.SuperiorName = draft.SuperiorName;
        agency.Kind = draft.Kind;
        agency.ProvinceCode = draft.ProvinceCode;
        agency.PlaceName = draft.PlaceName;
        Apply(agency, draft);
        if (await SnapshotAsync(agency, ct) == before) return new AgencyOutcome(await DetailAsync(agency, ct));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await RecordAsync(agency, request.ValidFrom, Clean(request.LegalBasis), "admin.agency.update", before, user, ct);
        await tx.CommitAsync(ct);
        return new AgencyOutcome(await DetailAsync(agency, ct));
    }

    /// <summary>
    /// Writes the agency's new version and the audit entry. An agency that never had a version (seeded, or created before
    /// versions existed) first gets version 1 with the state it had, <paramref name="before"/>, so that history starts there.
    /// </summary>
    public async Task RecordAsync(Agency agency, DateOnly? validFrom, string legalBasis, string action, AgencySnapshot? before, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var userId = Claims.UserIdOf(user);
        var last = await db.Set<AgencyVersion>().Where(v => v.AgencyId == agency.Id).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        if (last == 0 && before is not null)
            db.Add(new AgencyVersion
            {
                AgencyId = agency.Id, Version = ++last, ValidFrom = null, LegalBasis = BaselineBasis,
                Snapshot = JsonSerializer.SerializeToDocument(before, MotCuaDb.Json), CreatedAt = now, UserId = userId,
            });
        var after = await SnapshotAsync(agency, ct);
        db.Add(new AgencyVersion
        {
            AgencyId = agency.Id, Version = last + 1, ValidFrom = validFrom, LegalBasis = legalBasis,
            Snapshot = JsonSerializer.SerializeToDocument(after, MotCuaDb.Json), CreatedAt = now, UserId = userId,
        });
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = action, Subject = $"agency:{agency.Code}",
            Details = JsonSerializer.SerializeToDocument(new { before, after, validFrom, legalBasis }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<AgencySnapshot> SnapshotAsync(Agency a, CancellationToken ct)
    {
        var parent = a.ParentId is { } id ? await db.Agencies.Where(p => p.Id == id).Select(p => p.Code).FirstOrDefaultAsync(ct) : null;
        return new AgencySnapshot(a.Code, a.Name, a.SuperiorName, a.Kind, a.ProvinceCode, a.CommuneCode, parent, a.ReceivesDossiers, a.Address, a.Phone, a.PlaceName, a.EndedOn,
            a.HeadTitle, a.HeadName, a.Symbol);
    }

    private async Task<AgencyDetail> DetailAsync(Agency agency, CancellationToken ct)
    {
        var versions = await db.Set<AgencyVersion>().AsNoTracking().Where(v => v.AgencyId == agency.Id).OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.ValidFrom, v.LegalBasis, v.CreatedAt, v.Snapshot, By = db.Users.Where(u => u.Id == v.UserId).Select(u => u.FullName).FirstOrDefault() })
            .ToListAsync(ct);
        var commune = agency.CommuneCode is null ? null : await db.Communes.Where(c => c.Code == agency.CommuneCode).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var parent = agency.ParentId is { } id ? await db.Agencies.Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
        IReadOnlyList<SuccessorView> successors = [];
        if (agency.EndedBy is { } by)
        {
            var ids = await db.Set<ReorganisationRecord>().Where(r => r.Id == by).Select(r => r.ToAgencyIds).SingleAsync(ct);
            successors = await db.Agencies.Where(s => ids.Contains(s.Id)).OrderBy(s => s.Code).Select(s => new SuccessorView(s.Code, s.Name)).ToListAsync(ct);
        }
        return new AgencyDetail(await SnapshotAsync(agency, ct), AgencyKind.Vietnamese(agency.Kind), commune, parent, agency.EndedBy, successors,
            [.. versions.Select(v => new AgencyVersionView(v.Version, v.ValidFrom, v.LegalBasis, v.CreatedAt, v.By,
                v.Snapshot.Deserialize<AgencySnapshot>(MotCuaDb.Json)!))]);
    }

    private async Task<(AgencyDraft Draft, Dictionary<string, string[]> Errors)> CheckAsync(AgencyRequest request, Agency? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var parentCode = Optional(request.ParentCode);
        int? parentId = null;
        var parentLine = new List<int>();
        var parentEnded = false;
        if (parentCode is not null)
        {
            var parent = await db.Agencies.AsNoTracking().Where(a => a.Code == parentCode).Select(a => new { a.Id, a.ParentId, a.EndedOn }).FirstOrDefaultAsync(ct);
            if (parent is null) errors["parentCode"] = [$"Không tìm thấy cơ quan cấp trên có mã '{parentCode}'."];
            else
            {
                parentId = parent.Id;
                parentEnded = parent.EndedOn is not null;
                // The parent's ancestors, to refuse a cycle; agencies are a shallow tree, so this is a few lookups.
                for (var next = parent.ParentId; next is { } up && parentLine.Count < 50 && !parentLine.Contains(up);
                     next = await db.Agencies.Where(a => a.Id == up).Select(a => a.ParentId).FirstOrDefaultAsync(ct))
                    parentLine.Add(up);
            }
        }
        var draft = new AgencyDraft(AgencyCode.Normalize(request.Code), Clean(request.Name), Clean(request.SuperiorName), Clean(request.Kind),
            Clean(request.ProvinceCode), Optional(request.CommuneCode), parentId, request.ReceivesDossiers, Clean(request.Address), Clean(request.Phone), Clean(request.PlaceName),
            request.HeadTitle is null ? self?.HeadTitle ?? "Giám đốc" : Clean(request.HeadTitle),
            request.HeadName is null ? self?.HeadName ?? "" : Clean(request.HeadName),
            request.Symbol is null ? self?.Symbol ?? "" : Clean(request.Symbol).ToUpperInvariant());
        var around = new AgencySurroundings(
            await db.Provinces.AnyAsync(p => p.Code == draft.ProvinceCode, ct),
            draft.CommuneCode is null ? null : await db.Communes.Where(c => c.Code == draft.CommuneCode).Select(c => c.ProvinceCode).FirstOrDefaultAsync(ct),
            parentLine, parentEnded,
            await db.Agencies.AnyAsync(a => a.Code == draft.Code && (self == null || a.Id != self.Id), ct),
            self?.Id);
        foreach (var (field, message) in AgencyRules.Check(draft, around)) errors.TryAdd(field, [message]);
        return (draft, errors);
    }

    private static void Apply(Agency agency, AgencyDraft draft)
    {
        agency.CommuneCode = draft.CommuneCode;
        agency.ParentId = draft.ParentId;
        agency.ReceivesDossiers = draft.ReceivesDossiers;
        agency.Address = draft.Address;
        agency.Phone = draft.Phone;
        agency.HeadTitle = draft.HeadTitle;
        agency.HeadName = draft.HeadName;
        agency.Symbol = draft.Symbol;
    }

    private DateOnly Today() => VietnamTime.DateOf(clock.GetUtcNow());

    /// <summary>Trimmed, inner runs of spaces made one, NFC: what is stored.</summary>
    public static string Clean(string? text) =>
        System.Text.RegularExpressions.Regex.Replace((text ?? "").Trim(), @"\s+", " ").Normalize(System.Text.NormalizationForm.FormC);

    public static string? Optional(string? text) => Clean(text) is { Length: > 0 } clean ? clean : null;
}
