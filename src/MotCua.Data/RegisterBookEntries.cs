using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Registers;

namespace MotCua.Data;

/// <summary>
/// Entering a dossier in the official books (docs/REGISTERS.md): the act's own transaction takes the book's next number
/// for the receiving unit and the year of the act (Vietnam time) by a locked upsert of register_book_counters, and stores
/// the entry. The counter row stays locked until that transaction ends, so concurrent acts get 1, 2, 3… without a gap,
/// and a rolled-back act gives its number back. A dossier of several originals takes one number per original
/// (<see cref="OfficialBook.Items"/>), one statement each in the same transaction: the counter row is already the
/// transaction's, so its numbers are consecutive whatever other acts run. Used by processing (approval), intake and the
/// acceptance of online submissions (receipt).
/// </summary>
public static class RegisterBookEntries
{
    /// <summary>The statement taking the next number and writing the entry; $1 agency, $2 book, $3 year, $4 dossier id,
    /// $5 the act's instant, $6 the acting officer's name, $7 their title at the act (<see cref="OfficialBook.SignerTitle"/>;
    /// null for none), $8 the item (the row of the book's repeated group the entry names, 0 for the first or only one).
    /// Returns the number.</summary>
    public const string EnterSql = """
        WITH line AS (
            INSERT INTO register_book_counters AS r (agency_id, book, year, last_number) VALUES ($1, $2, $3, 1)
            ON CONFLICT (agency_id, book, year) DO UPDATE SET last_number = r.last_number + 1
            RETURNING last_number)
        INSERT INTO register_entries (agency_id, book, year, number, dossier_id, entered_at, entered_by, entered_by_position, item)
        SELECT $1, $2, $3, last_number, $4, $5, $6, $7::text, $8::smallint FROM line
        RETURNING number
        """;

    /// <summary>
    /// Enters <paramref name="dossier"/> (already stored: it has an id) in every book its procedure enters at
    /// <paramref name="act"/>, in the caller's transaction, once per item of its e-form (<see cref="OfficialBook.Items"/>);
    /// returns the books and numbers given, in order. The Domain refuses an act twice before this is reached; were a
    /// dossier entered twice all the same, <c>register_entries_dossier_item_once</c> fails the caller's transaction, which
    /// gives the numbers back.
    /// </summary>
    public static async Task<IReadOnlyList<(OfficialBook Book, int Number)>> EnterAsync(MotCuaDb db, Dossier dossier, EntryAct act,
        DateTimeOffset now, Actor enteredBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var field = await db.Procedures.AsNoTracking().Where(p => p.Code == dossier.ProcedureCode).Select(p => p.Field).FirstOrDefaultAsync(ct) ?? "";
        var entered = new List<(OfficialBook, int)>();
        var books = OfficialBooks.Entering(dossier.ProcedureCode, field, act).ToList();
        if (books.Count == 0) return entered;
        // The title by the keeping unit's level: a commune committee's book prints its chairman or vice-chairman.
        var position = enteredBy.UserId is { } userId
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Position).FirstOrDefaultAsync(ct) : null;
        var unit = await db.Agencies.AsNoTracking().Where(a => a.Id == dossier.ReceivingAgencyId)
            .Select(a => new { a.Kind, a.CommuneCode, a.HeadName }).FirstAsync(ct);
        var commune = unit.Kind == AgencyKinds.Commune && unit.CommuneCode is { } code
            ? await db.Communes.AsNoTracking().Where(c => c.Code == code).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;
        var communeName = commune is null ? null : char.ToLowerInvariant(commune[0]) + commune[1..];
        var isHead = string.Equals(enteredBy.Name.Trim(), unit.HeadName.Trim(), StringComparison.Ordinal);
        foreach (var book in books)
            for (short item = 0; item < book.Items(dossier.FormData).Count; item++)
            {
                await using var command = await db.CommandAsync(EnterSql, ct,
                    dossier.ReceivingAgencyId, book.Key, VietnamTime.DateOf(now).Year, dossier.Id, now.ToUniversalTime(), enteredBy.Name,
                    book.SignerTitle(communeName, isHead, position), item);
                entered.Add((book, (int)(await command.ExecuteScalarAsync(ct))!));
            }
        return entered;
    }
}
