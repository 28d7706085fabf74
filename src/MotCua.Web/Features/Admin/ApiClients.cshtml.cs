using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Admin;

/// <summary>
/// /quan-tri/he-thong: the integrated systems (API clients) and the unit whose reports each may read
/// (<c>api_clients.report_agency_id</c>, migration 0050; docs/API.md "Reports: who reads them"), granted and revoked by the
/// administrator (second trial: it was SQL only). A grant names a receiving unit or the province centre (the province);
/// each change is written to the audit log (<c>api-client.report-grant</c> / <c>api-client.report-revoke</c>, subject
/// <c>api-client:{id}</c>, before and after) in the same save, and the key's cached claims are dropped so this instance
/// applies it at the next call (others within the cache's minute). An unknown unit: the Vietnamese message beside the
/// field, nothing changed; an unknown system: 404.
/// </summary>
public sealed class ApiClientsModel(MotCuaDb db, IMemoryCache cache, TimeProvider clock) : AdminPage
{
    /// <summary>A system as the page lists it: its name, creation instant and the unit it may read (code and name), if any.</summary>
    public sealed record ClientView(int Id, string Name, DateTimeOffset CreatedAt, string? UnitCode, string? UnitName);

    public IReadOnlyList<ClientView> Clients { get; private set; } = [];
    /// <summary>The units a system may be granted: receiving units and the province centre.</summary>
    public IReadOnlyList<Agency> Units { get; private set; } = [];
    /// <summary>The system the last post was about (its row shows the error or the confirmation).</summary>
    public int? Posted { get; private set; }
    public string? Saved { get; private set; }
    /// <summary>The audit lines of grants and revocations, newest first.</summary>
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public async Task OnGetAsync(int? daluu, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (daluu is { } id && Clients.FirstOrDefault(c => c.Id == id) is { } saved)
        {
            Posted = id;
            Saved = saved.UnitName is null ? $"Đã thu hồi quyền đọc báo cáo của {saved.Name}." : $"{saved.Name} được đọc báo cáo của {saved.UnitName}.";
        }
    }

    /// <summary>Grants <paramref name="clientId"/> the reports of the unit <paramref name="agencyCode"/>, or revokes them
    /// when it is empty.</summary>
    public async Task<IActionResult> OnPostAsync(int clientId, string? agencyCode, CancellationToken ct)
    {
        if (await db.ApiClients.FirstOrDefaultAsync(c => c.Id == clientId, ct) is not { } client) return NotFound();
        Agency? unit = null;
        if (!string.IsNullOrWhiteSpace(agencyCode))
        {
            var code = agencyCode.Trim().ToUpperInvariant();
            unit = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code.ToUpper() == code, ct);
            if (unit is null || !(unit.ReceivesDossiers || unit.Kind == AgencyKinds.ProvinceCenter) || unit.EndedOn is not null)
            {
                Errors["agencyCode"] = [unit is null
                    ? $"Không có đơn vị mã \"{agencyCode.Trim()}\"."
                    : $"{unit.Name} không tiếp nhận hồ sơ: chỉ cấp quyền đọc báo cáo của đơn vị tiếp nhận hoặc trung tâm cấp tỉnh (toàn tỉnh)."];
                Posted = clientId;
                await LoadAsync(ct);
                return Page();
            }
        }
        if (client.ReportAgencyId == unit?.Id) return Redirect($"/quan-tri/he-thong?daluu={clientId}");
        var before = client.ReportAgencyId is { } old ? await db.Agencies.AsNoTracking().Where(a => a.Id == old).Select(a => a.Code).FirstOrDefaultAsync(ct) : null;
        client.ReportAgencyId = unit?.Id;
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = Claims.UserIdOf(User), Action = unit is null ? "api-client.report-revoke" : "api-client.report-grant",
            Subject = $"api-client:{client.Id}",
            Details = JsonSerializer.SerializeToDocument(new { client = client.Name, before, after = unit?.Code }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        cache.Remove(("api-key", client.KeySha256));
        return Redirect($"/quan-tri/he-thong?daluu={clientId}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Clients = await (
            from c in db.ApiClients.AsNoTracking()
            join a in db.Agencies.AsNoTracking() on c.ReportAgencyId equals a.Id into units
            from a in units.DefaultIfEmpty()
            orderby c.Id
            select new ClientView(c.Id, c.Name, c.CreatedAt, a == null ? null : a.Code, a == null ? null : a.Name)).ToListAsync(ct);
        Units = await db.Agencies.AsNoTracking().Where(a => a.EndedOn == null && (a.ReceivesDossiers || a.Kind == AgencyKinds.ProvinceCenter))
            .OrderBy(a => a.Id).ToListAsync(ct);
        History = await db.AuditLog.AsNoTracking().Where(a => a.Subject.StartsWith("api-client:")).OrderByDescending(a => a.Id).Take(20).ToListAsync(ct);
    }
}
