using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Dossiers;

/// <summary>
/// Row-level access by the Domain's rule (<see cref="Dossier.VisibilityFor"/>): an officer reads the dossiers their agency
/// holds, the ones they handled and, as leader or head, the ones their agency held; the inspector reads every dossier; an
/// integrated system reads the dossiers it submitted; a citizen signed in with the citizens' scheme reads their own
/// (<see cref="CitizenAccess.CanRead(SignedInCitizen, Dossier)"/>: the account that submitted it, or the same CCCD proven
/// by VNeID or by a code sent to the dossier's phone or e-mail; issue 17). Anything else is answered as not found, so codes
/// of other agencies and other citizens cannot be probed. Reads of personal data are written to the audit log by <see cref="PersonalDataAudit"/>.
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

    /// <summary>The one read rule for every caller: an officer by <see cref="Dossier.VisibilityFor"/>, a system its own
    /// dossiers, a citizen by <see cref="CitizenAccess"/>. A citizen's claims count only when the citizen scheme
    /// authenticated them (<see cref="Claims.CitizenOf"/>).</summary>
    public static bool CanRead(ClaimsPrincipal user, Dossier dossier) =>
        VisibilityOf(user, dossier) != Visibility.None || Claims.ClientIdOf(user) is { } client && client == dossier.ApiClientId
        || Claims.CitizenOf(user) is { } citizen && CitizenAccess.CanRead(citizen, dossier);

    /// <summary>
    /// Whether <paramref name="actor"/> (an officer's cookie, an API key's system or a citizen's cookie) may read the dossier
    /// <paramref name="dossierId"/> (<c>dossiers.id</c>), by <see cref="CanRead(ClaimsPrincipal, Dossier)"/>; false when it
    /// does not exist. For what hangs off a dossier by its id rather than its code (its files, issue 17): the caller
    /// answers 404 on false, never 403.
    /// </summary>
    public static async Task<bool> CanReadAsync(ClaimsPrincipal actor, MotCuaDb db, long dossierId, CancellationToken ct)
    {
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events).FirstOrDefaultAsync(d => d.Id == dossierId, ct);
        return dossier is not null && CanRead(actor, dossier);
    }

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
