using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// Who reads a report and how far, worked out once per request for every report (Biểu 06, the 766 index, the per-step
/// times, the dashboard; pages and API) by <see cref="ReportReaders.OfAsync"/> under <see cref="ReportAccess"/>.
/// </summary>
/// <param name="Name">Who, for the logs.</param>
/// <param name="Role">The officer's role; null for an integrated system.</param>
/// <param name="Home">The unit shown when none is asked for: the reader's own (a department's head, a Sở's leader: the unit
/// their agency works in), or the province centre for those who read every unit.</param>
/// <param name="OwnUnits">The units the reader may choose (their unit's roll-up); empty for those who read every unit.</param>
/// <param name="EveryUnit">The inspector and the administrator: every unit and the province.</param>
/// <param name="Province">Whether the province as a whole is offered (every unit, or the reader's unit is the province centre).</param>
/// <param name="HeldBy">The agency whose dossiers alone a drill-down lists to this reader (a department head's department, a
/// Sở's for its leader), or null.</param>
public sealed record ReportReader(string Name, OfficerRole? Role, Agency? Home, IReadOnlyList<Agency> OwnUnits, bool EveryUnit, bool Province, int? HeldBy)
{
    /// <summary>Whether the reader may read the report of <paramref name="unit"/> (its roll-up).</summary>
    public bool MayRead(Agency unit) => EveryUnit || OwnUnits.Any(a => a.Id == unit.Id);
}

/// <summary>
/// The one resolution of a report's reader (trial defect 11: it was written four times): an officer by role, a system by
/// its granted unit. Pages answer 403 and the API problem+json 403 with <see cref="Refusal"/> when it returns null.
/// </summary>
public static class ReportReaders
{
    /// <summary>What a caller who may read no report is told.</summary>
    public const string Refusal =
        "Chỉ lãnh đạo, trưởng phòng, thanh tra, quản trị viên và hệ thống được cấp quyền đọc báo cáo của một đơn vị được xem báo cáo.";

    /// <summary>What a reader asking for a unit outside their reach is told.</summary>
    public const string OutOfReach = "Chỉ được xem báo cáo của đơn vị mình và các đơn vị trực thuộc.";

    /// <summary>
    /// The reader <paramref name="user"/> is, or null when they may read no report: a leader reads their unit's roll-up
    /// (<see cref="Bieu06Reports.UnitsAsync"/>; a province centre's, the province); a department head, and the leader of an
    /// agency that receives no dossier (a centre's Sở), read the unit their agency works in (their agency when it receives
    /// dossiers or is a centre, else the nearest one above it that does), with drill-downs limited to what their agency held; the inspector and the administrator every unit; a system
    /// the roll-up of the unit it was granted (<c>api_clients.report_agency_id</c>).
    /// </summary>
    public static async Task<ReportReader?> OfAsync(MotCuaDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var name = user.FindFirstValue(ClaimTypes.Name) ?? "?";
        if (Claims.OfficerOf(user) is { } officer)
        {
            if (!ReportAccess.MayRead(officer.Role)) return null;
            if (ReportAccess.MayReadEveryUnit(officer.Role))
                return new(name, officer.Role, await CentreAsync(db, ct), [], true, true, null);
            if (officer.AgencyId is not { } own) return null;
            var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == own, ct);
            var receives = agency.ReceivesDossiers || agency.Kind == AgencyKinds.ProvinceCenter;
            var unit = ReportAccess.ReportsThroughUnitAbove(officer.Role, receives) ? await WorkingUnitAsync(db, agency, ct) : agency;
            return await OwnAsync(db, name, officer.Role, unit, ReportAccess.ListsOnlyHeld(officer.Role, receives) ? own : null, ct);
        }
        if (Claims.ClientIdOf(user) is not null && Claims.ReportAgencyIdOf(user) is { } granted
            && await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == granted, ct) is { } grantedUnit)
            return await OwnAsync(db, name, null, grantedUnit, null, ct);
        return null;
    }

    /// <summary>Whether <paramref name="user"/> reads the unit <paramref name="agencyId"/> under this rule (its roll-up, or
    /// every unit): the reach the ratings' and the queue's figures use too, so a leader who reads a unit's 766 index reads
    /// its ratings and queue (trial 17v MEDIUM 3: the province centre's leader got 403 on a commune's).</summary>
    public static async Task<bool> ReachesAsync(MotCuaDb db, ClaimsPrincipal user, int agencyId, CancellationToken ct) =>
        await OfAsync(db, user, ct) is { } reader && (reader.EveryUnit || reader.OwnUnits.Any(a => a.Id == agencyId));

    /// <summary>The units a page offers the reader: their own roll-up, or every receiving unit and the province centre.</summary>
    public static async Task<IReadOnlyList<Agency>> ChoicesAsync(MotCuaDb db, ReportReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.EveryUnit
            ? await db.Agencies.AsNoTracking().Where(a => a.ReceivesDossiers || a.Kind == AgencyKinds.ProvinceCenter).OrderBy(a => a.Id).ToListAsync(ct)
            : [.. reader.OwnUnits.Where(a => a.ReceivesDossiers || a.Kind == AgencyKinds.ProvinceCenter || a.Id == reader.Home?.Id)];
    }

    /// <summary>The unit <paramref name="agencyCode"/> names (trimmed, any case), the reader's home when it is empty, or why
    /// not: 422 naming <c>agency</c> for an unknown code, 403 (<see cref="OutOfReach"/>) for a unit the reader may not read.</summary>
    public static async Task<(Agency? Unit, (string Field, string Message)? Invalid, string? Refusal)> UnitAsync(MotCuaDb db, ReportReader reader,
        string? agencyCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Agency? unit;
        if (string.IsNullOrWhiteSpace(agencyCode)) unit = reader.Home;
        else
        {
            var code = agencyCode.Trim().ToUpperInvariant();
            unit = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code.ToUpper() == code, ct);
            if (unit is null) return (null, ("agency", $"Không có đơn vị mã \"{agencyCode.Trim()}\"."), null);
        }
        if (unit is null) return (null, ("agency", "Chọn đơn vị cần báo cáo."), null);
        return reader.MayRead(unit) ? (unit, null, null) : (null, null, OutOfReach);
    }

    private static async Task<ReportReader> OwnAsync(MotCuaDb db, string name, OfficerRole? role, Agency unit, int? heldBy, CancellationToken ct)
    {
        var units = await Bieu06Reports.UnitsAsync(db, unit.Id, ct);
        return new(name, role, unit, units, false, unit.Kind == AgencyKinds.ProvinceCenter, heldBy);
    }

    private static Task<Agency?> CentreAsync(MotCuaDb db, CancellationToken ct) =>
        db.Agencies.AsNoTracking().OrderBy(a => a.Id).FirstOrDefaultAsync(a => a.Kind == AgencyKinds.ProvinceCenter, ct);

    // A department (a centre's Sở, which receives no dossiers itself) works on the dossiers of the unit above it: its head's
    // reports are that unit's. The walk stops at the first unit that receives dossiers or is a province centre.
    private static async Task<Agency> WorkingUnitAsync(MotCuaDb db, Agency agency, CancellationToken ct)
    {
        for (var hops = 0; !agency.ReceivesDossiers && agency.Kind != AgencyKinds.ProvinceCenter && agency.ParentId is { } parent && hops < 10; hops++)
            agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == parent, ct);
        return agency;
    }
}
