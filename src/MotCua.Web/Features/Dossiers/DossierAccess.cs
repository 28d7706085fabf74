using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Account;

namespace MotCua.Web.Features.Dossiers;

/// <summary>
/// Row-level access: an officer reads the dossiers their agency holds (it received them, the current step of the
/// internal process is at it, or it owes an answer to a co-agency task), an integrated system the dossiers it submitted. Anything else is answered as not found, so codes of other agencies cannot be probed.
/// Every read of personal data by an officer is written to the audit log.
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

    public static bool CanRead(ClaimsPrincipal user, Dossier dossier) =>
        Claims.AgencyIdOf(user) is { } agency && (agency == dossier.ReceivingAgencyId || agency == dossier.CurrentAgencyId || dossier.OpenTaskAgencyIds.Contains(agency))
        || Claims.ClientIdOf(user) is { } client && client == dossier.ApiClientId;
}
