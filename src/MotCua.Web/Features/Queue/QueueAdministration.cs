using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Queue;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Queue;

/// <summary>A centre's queue as stored: its code and name and the configuration (services by letter, counters by number),
/// including the services that no longer give tickets and the counters closed because tickets still refer to them.</summary>
public sealed record QueueConfigurationAnswer(string Agency, string AgencyName, QueueConfiguration Configuration);

/// <summary>What saving a configuration gave: the stored configuration, or the errors keyed by field (nothing written),
/// or null for an unknown agency.</summary>
public sealed record QueueSaveOutcome(QueueConfigurationAnswer? Saved, Dictionary<string, string>? Errors);

/// <summary>
/// The administration of a centre's queue (docs/CITIZENS.md "Queue administration"): <c>/quan-tri/xep-hang</c> and
/// <c>PUT /api/v1/admin/queue/{agency}</c> both save the whole configuration here, checked by
/// <see cref="QueueConfiguration.Check"/>. A service is known by its letter and a counter by its number; one left out is
/// deleted when no ticket refers to it, else kept (a service no longer gives tickets, a counter is closed) so the day's
/// figures and old tickets keep their names. Each save that changes something is one <c>audit_log</c> row
/// <c>queue.configure</c> with the configuration before and after.
/// </summary>
public sealed class QueueAdministration(MotCuaDb db, TimeProvider clock)
{
    /// <summary>The stored configuration of <paramref name="agencyCode"/>, or null for an unknown agency.</summary>
    public async Task<QueueConfigurationAnswer?> ReadAsync(string? agencyCode, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(agencyCode) || agencyCode.Length > 64) return null;
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Code == agencyCode.Trim()).Select(a => new { a.Id, a.Code, a.Name }).FirstOrDefaultAsync(ct);
        return agency is null ? null : new(agency.Code, agency.Name, await ConfigurationAsync(agency.Id, ct));
    }

    private async Task<QueueConfiguration> ConfigurationAsync(int agencyId, CancellationToken ct)
    {
        var services = await db.Set<QueueService>().AsNoTracking().Where(s => s.AgencyId == agencyId).OrderBy(s => s.Letter).ToListAsync(ct);
        var counters = await db.Set<QueueCounter>().AsNoTracking().Where(c => c.AgencyId == agencyId).OrderBy(c => c.Number).ToListAsync(ct);
        var letters = services.ToDictionary(s => s.Id, s => s.Letter);
        return new QueueConfiguration(
            [.. services.Select(s => new QueueServiceSetting(s.Letter, s.Name, s.FieldCodes, s.RemoteQuota, s.Active))],
            [.. counters.Select(c => new QueueCounterSetting(c.Number, c.Name,
                [.. c.ServiceIds.Where(letters.ContainsKey).Select(id => letters[id]).Order(StringComparer.Ordinal)], c.Closed))]);
    }

    /// <summary>
    /// Replaces the queue of <paramref name="agencyCode"/> by <paramref name="configuration"/> in one transaction, the
    /// agency's row locked so two saves never interleave; the same configuration saved twice changes nothing and writes
    /// no second audit row. A closed counter loses its officer and is no longer open.
    /// </summary>
    public async Task<QueueSaveOutcome?> SaveAsync(string agencyCode, QueueConfiguration? configuration, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(agencyCode) || agencyCode.Length > 64) return null;
        var errors = QueueConfiguration.Check(configuration);
        if (errors.Count > 0) return new(null, errors);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var agency = await db.Agencies.FromSql($"SELECT * FROM agencies WHERE code = {agencyCode.Trim()} FOR NO KEY UPDATE")
            .Select(a => new { a.Id, a.Code, a.Name }).FirstOrDefaultAsync(ct);
        if (agency is null) return null;
        var before = await ConfigurationAsync(agency.Id, ct);

        var services = await db.Set<QueueService>().Where(s => s.AgencyId == agency.Id).ToListAsync(ct);
        var counters = await db.Set<QueueCounter>().Where(c => c.AgencyId == agency.Id).ToListAsync(ct);
        var referred = await db.Set<QueueTicket>().Where(t => t.AgencyId == agency.Id)
            .Select(t => new { t.ServiceId, t.CounterId }).Distinct().ToListAsync(ct);
        var servicesReferred = referred.Select(r => r.ServiceId).ToHashSet();
        var countersReferred = referred.Where(r => r.CounterId is not null).Select(r => r.CounterId!.Value).ToHashSet();

        foreach (var wanted in configuration!.Services!)
        {
            var letter = wanted.Letter!.Trim();
            var row = services.FirstOrDefault(s => s.Letter == letter);
            if (row is null) services.Add(row = db.Set<QueueService>().Add(new QueueService { AgencyId = agency.Id, Letter = letter, Name = "" }).Entity);
            row.Name = wanted.Name!.Trim();
            row.FieldCodes = [.. (wanted.Fields ?? []).Select(f => f.Trim())];
            row.RemoteQuota = wanted.RemoteQuota;
            row.Active = wanted.Active;
        }
        var kept = configuration.Services!.Select(s => s.Letter!.Trim()).ToHashSet();
        foreach (var gone in services.Where(s => !kept.Contains(s.Letter)).ToList())
        {
            if (servicesReferred.Contains(gone.Id)) gone.Active = false;
            else
            {
                db.Remove(gone);
                services.Remove(gone);
            }
        }
        await db.SaveChangesAsync(ct);

        var idOf = services.ToDictionary(s => s.Letter, s => s.Id);
        foreach (var wanted in configuration.Counters!)
        {
            var row = counters.FirstOrDefault(c => c.Number == wanted.Number);
            if (row is null) counters.Add(row = db.Set<QueueCounter>().Add(new QueueCounter { AgencyId = agency.Id, Number = (short)wanted.Number!.Value }).Entity);
            row.Name = wanted.Name?.Trim() ?? "";
            row.ServiceIds = [.. wanted.Services!.Select(l => idOf[l.Trim()]).Order()];
            Close(row, wanted.Closed);
        }
        var numbers = configuration.Counters!.Select(c => c.Number!.Value).ToHashSet();
        foreach (var gone in counters.Where(c => !numbers.Contains(c.Number)))
        {
            if (countersReferred.Contains(gone.Id)) Close(gone, true);
            else db.Remove(gone);
        }
        await db.SaveChangesAsync(ct);

        var after = await ConfigurationAsync(agency.Id, ct);
        var beforeJson = JsonSerializer.Serialize(before, MotCuaDb.Json);
        var afterJson = JsonSerializer.Serialize(after, MotCuaDb.Json);
        if (beforeJson != afterJson)
        {
            db.AuditLog.Add(new AuditEntry
            {
                At = clock.GetUtcNow(), UserId = Claims.UserIdOf(user), Action = "queue.configure", Subject = $"agency:{agency.Code}",
                Details = JsonSerializer.SerializeToDocument(new { before, after }, MotCuaDb.Json),
            });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new(new(agency.Code, agency.Name, after), null);
    }

    private static void Close(QueueCounter counter, bool closed)
    {
        counter.Closed = closed;
        if (!closed) return;
        counter.Open = false;
        counter.OfficerUserId = null;
    }
}
