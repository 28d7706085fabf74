using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Dossiers;

/// <summary>
/// Row-level access by the Domain's rule (<see cref="Dossier.VisibilityFor"/>): an officer reads the dossiers their agency
/// holds, the ones they handled and, as leader or head, the ones their agency held; the inspector reads every dossier; an
/// integrated system reads the dossiers it submitted. Anything else is answered as not found, so codes of other agencies
/// cannot be probed. Every read of personal data by an officer (the inspector included) is written to the audit log.
/// </summary>
public static class DossierAccess
{
    public static async Task<Dossier?> ReadAsync(MotCuaDb db, ClaimsPrincipal user, string code, TimeProvider clock, CancellationToken ct, bool tracking = false)
    {
        var query = tracking ? db.Dossiers : db.Dossiers.AsNoTracking();
        var dossier = await query.Include(d => d.Events.OrderBy(e => e.Id)).FirstOrDefaultAsync(d => d.Code == code, ct);
        if (dossier is null || !CanRead(user, dossier)) return null;
        if (Claims.UserIdOf(user) is { } userId)
        {
            db.AuditLog.Add(new AuditEntry
            {
                At = clock.GetUtcNow(),
                UserId = userId,
                Action = "dossier.read",
                Subject = dossier.Code,
                Details = JsonSerializer.SerializeToDocument(new { path = "personal-data" }),
            });
            if (!tracking) await db.SaveChangesAsync(ct);
        }
        return dossier;
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
        return dossiers.Where(d => d.ReceivingAgencyId == agency || d.CurrentAgencyId == agency || d.OpenTaskAgencyIds.Contains(agency)
            || d.AssigneeUserId == user || d.Events.Any(e => e.ActorUserId == user)
            || leads && d.HeldByAgencyIds.Contains(agency));
    }
}
