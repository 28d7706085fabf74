using Microsoft.EntityFrameworkCore;

namespace MotCua.Data;

/// <summary>
/// The line counters of each unit's Sổ theo dõi hồ sơ (register_counters: one row per receiving unit and year). Taking a
/// line increments the row in place, so the row stays locked until the transaction ends: lines are gap-free under
/// concurrent intake.
/// </summary>
public static class RegisterCounters
{
    /// <summary>
    /// The statement that takes the next line, returning it as <c>last_number</c> (no row when <paramref name="when"/> is
    /// false). The arguments are SQL expressions (parameter placeholders): the unit's agency id, the year, and a boolean
    /// condition. Intake embeds it in its single write statement; <see cref="NextAsync"/> runs it alone.
    /// </summary>
    public static string NextLineSql(string agencyId, string year, string when) => $"""
        INSERT INTO register_counters AS r (agency_id, year, last_number) SELECT {agencyId}, {year}, 1 WHERE {when}
        ON CONFLICT (agency_id, year) DO UPDATE SET last_number = r.last_number + 1
        RETURNING last_number
        """;

    private static readonly string NextSql = $"""WITH line AS ({NextLineSql("{0}", "{1}", "true")}) SELECT last_number AS "Value" FROM line""";

    /// <summary>Takes the next line of the unit's register for the year (1 for the first), in the caller's transaction.</summary>
    public static async Task<int> NextAsync(MotCuaDb db, int agencyId, int year, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<int>(NextSql, agencyId, year).ToListAsync(ct)).Single();
}
