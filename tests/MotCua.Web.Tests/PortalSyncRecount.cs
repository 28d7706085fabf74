using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Tests;

/// <summary>
/// The dossiers whose sync with the National Portal is "synced" now, recounted in C# from the outbox rows as
/// <c>PortalSync.Derive</c> reads them (trial 16h MEDIUM 2, the 766 index's 1.2): at least one row of key
/// <c>dvcqg:{code}</c>; none waiting (neither delivered nor dead); and the last refused one (dead, not delivered)
/// followed by a delivered re-push. The tests hold the kept counts (migration 0120's SQL) equal to this.
/// </summary>
public static class PortalSyncRecount
{
    private sealed record PortalRow(string Code, long Id, string Topic, bool Delivered, bool Dead);

    /// <summary>The codes of the dossiers synced now.</summary>
    public static async Task<HashSet<string>> SyncedCodesAsync(MotCuaDb db)
    {
        var rows = await db.Database.SqlQuery<PortalRow>($"""
            SELECT substring(ordering_key FROM 7) AS "Code", id AS "Id", topic AS "Topic", delivered_at IS NOT NULL AS "Delivered", dead_at IS NOT NULL AS "Dead"
            FROM outbox WHERE target = 'dvcqg' AND ordering_key LIKE 'dvcqg:%'
            """).ToListAsync();
        return [.. rows.GroupBy(r => r.Code).Where(g => Synced([.. g.OrderBy(r => r.Id)])).Select(g => g.Key)];
    }

    private static bool Synced(List<PortalRow> rows)
    {
        var lastRefused = rows.LastOrDefault(r => r.Dead && !r.Delivered);
        if (lastRefused is not null && !rows.Any(r => r.Id > lastRefused.Id && r.Topic == "portal.repush" && r.Delivered)) return false;
        return !rows.Any(r => !r.Delivered && !r.Dead);
    }
}
