using MotCua.Data;
using MotCua.Domain.Identity;

namespace MotCua.Web.Features.PopulationRegistry;

/// <summary>The reusable document kinds of table <c>reusable_document_kinds</c> (migration 0064), in their order: read
/// by the desk (which required document is which kind) and by the lookup (which of them the citizen holds).</summary>
public static class ReusableKinds
{
    /// <summary>Every kind, ordered by <c>ordinal</c> (the first that matches a document name wins).</summary>
    public static async Task<IReadOnlyList<ReusableKind>> LoadAsync(MotCuaDb db, CancellationToken ct)
    {
        await using var command = await db.CommandAsync("SELECT kind, name, match_terms, except_terms FROM reusable_document_kinds ORDER BY ordinal", ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var kinds = new List<ReusableKind>();
        while (await reader.ReadAsync(ct))
            kinds.Add(new ReusableKind(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3)));
        return kinds;
    }
}
