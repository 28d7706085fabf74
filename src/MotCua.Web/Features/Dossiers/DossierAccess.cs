using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Dossiers;

/// <summary>
/// Row-level access by the Domain's rule (<see cref="Dossier.VisibilityFor"/>): an officer reads the dossiers their agency
/// holds, the ones they handled and, as leader or head, the ones their agency held; the inspector reads every dossier; an
/// integrated system reads the dossiers it submitted. Anything else is answered as not found, so codes of other agencies
/// cannot be probed. Reads of personal data are written to the audit log by <see cref="PersonalDataAudit"/>.
/// </summary>
public static class DossierAccess
{
    /// <summary>The dossier with its events, or null when it does not exist or <paramref name="user"/> may not read it. The
    /// read is audited by the endpoint's <see cref="PersonalDataAttribute"/>, not here.</summary>
    public static async Task<Dossier?> ReadAsync(MotCuaDb db, ClaimsPrincipal user, string code, CancellationToken ct)
    {
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events.OrderBy(e => e.Id)).FirstOrDefaultAsync(d => d.Code == code, ct);
        return dossier is null || !CanRead(user, dossier) ? null : dossier;
    }

    /// <summary>How far the signed-in officer sees the dossier; <see cref="Visibility.None"/> for systems and strangers.
    /// The dossier must be loaded with its events (who acted on it).</summary>
    public static Visibility VisibilityOf(ClaimsPrincipal user, Dossier dossier) =>
        Claims.OfficerOf(user) is { } officer ? dossier.VisibilityFor(officer) : Visibility.None;

    public static bool CanRead(ClaimsPrincipal user, Dossier dossier) =>
        VisibilityOf(user, dossier) != Visibility.None || Claims.ClientIdOf(user) is { } client && client == dossier.ApiClientId;

    /// <summary>
    /// The dossiers <paramref name="officer"/> may read, as SQL for the lists: <see cref="Dossier.VisibilityFor"/> written
    /// over the columns it reads (holder, receiver, open tasks, assignee, events, agencies that held it). A test compares
    /// the two over every dossier and officer of a journey; change both together.
    /// </summary>
    public static IQueryable<Dossier> Visible(IQueryable<Dossier> dossiers, Officer officer)
    {
        if (officer.Role == OfficerRole.Inspector) return dossiers;
        var agency = officer.AgencyId ?? -1;
        var user = officer.Actor.UserId ?? -1;
        var leads = officer.Role is OfficerRole.Leader or OfficerRole.DepartmentHead;
        // The open-task term as containment, open_task_agency_ids @> '{agency}' (the same rows as Contains): Contains
        // becomes agency = ANY (open_task_agency_ids), which no GIN index serves (Worklists.Mine says more).
        int[] asCoAgency = [agency];
        return dossiers.Where(d => d.ReceivingAgencyId == agency || d.CurrentAgencyId == agency || asCoAgency.All(a => d.OpenTaskAgencyIds.Contains(a))
            || d.AssigneeUserId == user || d.Events.Any(e => e.ActorUserId == user)
            || leads && d.HeldByAgencyIds.Contains(agency));
    }
}
