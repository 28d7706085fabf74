using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Processing;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Registers;

/// <summary>Whose books a request reads, or why it may not: the status (403, 404, 422) and the Vietnamese reason, and for
/// a 422 the field it is about.</summary>
public sealed record BookAccess(Agency? Unit, Officer? Officer, int Status, string? Refusal, string? Field = null)
{
    public bool Allowed => Unit is not null && Refusal is null;

    /// <summary>The refusal as problem+json.</summary>
    public IResult ToProblem() => Field is { } field ? Problems.Field(field, Refusal ?? "", Status)
        : Status == StatusCodes.Status404NotFound ? Problems.NotFound(Refusal ?? "") : Problems.Forbidden(Refusal ?? "");
}

/// <summary>
/// Reads a unit's official book of a year (docs/REGISTERS.md): the stored entries (numbers taken at the act), each row
/// built by the Domain from its dossier as it is (applicant, e-form values, the appraising officer, the fee fixed at
/// intake) and its corrections. Used by the API and the page /so-dang-ky alike.
/// </summary>
public static class OfficialBookReads
{
    /// <summary>The first and last year a book may be asked for (the books are opened from 2015, Luật Hộ tịch's first).</summary>
    public const int FirstYear = 2015, LastYear = 2100;

    /// <summary>
    /// Whose book the user reads: an officer of a unit reads their own unit's (<paramref name="agencyCode"/> empty or
    /// theirs); the inspector names any receiving unit. Any other reader is refused 403; an unknown unit is 404.
    /// </summary>
    public static async Task<BookAccess> UnitAsync(MotCuaDb db, ClaimsPrincipal user, string? agencyCode, CancellationToken ct)
    {
        if (Claims.OfficerOf(user) is not { } officer)
            return new(null, null, StatusCodes.Status403Forbidden, "Sổ đăng ký chỉ dành cho cán bộ, công chức của đơn vị và thanh tra.");
        var own = Claims.AgencyIdOf(user);
        var code = string.IsNullOrWhiteSpace(agencyCode) ? null : agencyCode.Trim();
        Agency? unit = code is null
            ? own is { } id ? await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) : null
            : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (unit is null)
            return code is null
                ? new(null, officer, StatusCodes.Status422UnprocessableEntity, "Chọn đơn vị giữ sổ (mã cơ quan).", "agency")
                : new(null, officer, StatusCodes.Status404NotFound, $"Không có đơn vị mã {Problems.Echo(code)}.");
        return OfficialBook.MayRead(officer.Role, unit.Id == own)
            ? new(unit, officer, StatusCodes.Status200OK, null)
            : new(null, officer, StatusCodes.Status403Forbidden, "Chỉ cán bộ, công chức của đơn vị giữ sổ và thanh tra được xem sổ đăng ký.");
    }

    /// <summary>The year asked for, or its problem (422 on "year").</summary>
    public static string? YearProblem(int year) =>
        year is < FirstYear or > LastYear ? $"Năm của sổ phải từ {FirstYear} đến {LastYear}." : null;

    private sealed record EntryRow(long Id, int Number, long DossierId, short Item, DateTimeOffset EnteredAt, string EnteredBy, string? EnteredByPosition);

    private sealed record CorrectionRow(long EntryId, string Field, string Value, string Reason, DateTimeOffset CorrectedAt, string CorrectedByName);

    private sealed record FeeRow(long DossierId, long DueVnd, string Source, bool Exempt);

    /// <summary>The month asked for, or its problem (422 on "month"; 422 on "book" for a book not printed monthly).</summary>
    public static (string Field, string Message)? MonthProblem(OfficialBook book, int month) =>
        !book.PrintsMonthly ? ("book", "Chỉ sổ chứng thực được in theo tháng (Nghị định 23/2015/NĐ-CP Điều 13 khoản 3); sổ hộ tịch và sổ tiếp nhận in theo năm.")
        : month is < 1 or > 12 ? ("month", "Tháng phải từ 1 đến 12.") : null;

    /// <summary>The book's rows for the unit and year, in number order (one per entry: a dossier of several originals has
    /// one per original, each reading its original's row of the e-form), with each entry's id (for corrections); with
    /// <paramref name="month"/>, only the entries whose act fell in that month (Vietnam time), keeping the year's numbers.</summary>
    public static async Task<IReadOnlyList<(long EntryId, BookRow Row)>> RowsAsync(MotCuaDb db, int agencyId, OfficialBook book, int year, CancellationToken ct, int? month = null)
    {
        // The month's bounds as UTC instants (Vietnam time has no DST); the whole year when no month is asked.
        var from = new DateTimeOffset(year, month ?? 1, 1, 0, 0, 0, MotCua.Domain.Calendar.VietnamTime.Offset);
        var (since, until) = (from.ToUniversalTime(), from.AddMonths(month is null ? 12 : 1).ToUniversalTime());
        var entries = await db.Database.SqlQuery<EntryRow>($"""
            SELECT id AS "Id", number AS "Number", dossier_id AS "DossierId", item AS "Item", entered_at AS "EnteredAt", entered_by AS "EnteredBy",
                entered_by_position AS "EnteredByPosition"
            FROM register_entries WHERE agency_id = {agencyId} AND book = {book.Key} AND year = {year}
                AND entered_at >= {since} AND entered_at < {until} ORDER BY number
            """).ToListAsync(ct);
        if (entries.Count == 0) return [];
        var entryIds = entries.Select(e => e.Id).ToArray();
        var dossierIds = entries.Select(e => e.DossierId).ToArray();
        var corrections = (await db.Database.SqlQuery<CorrectionRow>($"""
            SELECT entry_id AS "EntryId", field AS "Field", value AS "Value", reason AS "Reason", corrected_at AS "CorrectedAt", corrected_by_name AS "CorrectedByName"
            FROM register_corrections WHERE entry_id = ANY({entryIds}) ORDER BY id
            """).ToListAsync(ct)).ToLookup(c => c.EntryId);
        var fees = (await db.Database.SqlQuery<FeeRow>($"""
            SELECT dossier_id AS "DossierId", due_vnd AS "DueVnd", source AS "Source", exemption_reason IS NOT NULL AS "Exempt"
            FROM dossier_fees WHERE dossier_id = ANY({dossierIds})
            """).ToListAsync(ct)).ToDictionary(f => f.DossierId);
        var dossiers = await db.Dossiers.AsNoTracking().Include(d => d.Events.OrderBy(e => e.Id))
            .Where(d => dossierIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return [.. entries.Select(e =>
        {
            var d = dossiers[e.DossierId];
            // The appraising officer: who last completed a step before the act (the approval follows the appraisal).
            var handler = d.Events.LastOrDefault(x => x.Action == DossierEventAction.CompleteStep && x.At <= e.EnteredAt)?.ActorName;
            // The entry's item is its original's row; an item the form no longer has (never rewritten) reads the whole form.
            var items = book.Items(d.FormData);
            var facts = new EntryFacts(e.Number, e.EnteredAt, e.EnteredBy, e.EnteredByPosition, d.Code, d.ProcedureName, d.Applicant.FullName, d.Applicant.Address,
                d.Applicant.IdNumber, d.Applicant.Phone, d.OriginalDueAt ?? d.DueAt, handler, fees.TryGetValue(d.Id, out var fee) ? fee.DueVnd : null,
                e.Item < items.Count ? items[e.Item] : d.FormData, Standing(fees.GetValueOrDefault(d.Id)), items.Count);
            var annotations = corrections[e.Id].Select(c => new EntryCorrection(c.Field, c.Value, c.Reason, c.CorrectedAt, c.CorrectedByName)).ToList();
            return (e.Id, book.Row(facts, annotations));
        })];
    }

    // The fee row's source and exemption as the book's fee column reads them.
    private static FeeStanding Standing(FeeRow? fee) => fee switch
    {
        null => FeeStanding.NotFixed,
        { Exempt: true } => FeeStanding.Exempt,
        { Source: "none" } => FeeStanding.Free,
        { Source: "unplaced" } => FeeStanding.Unplaced,
        _ => FeeStanding.Amount,
    };

    /// <summary>
    /// The letterhead of the book: a civil-status or authentication book is the commune people's committee's (the
    /// committee registers and certifies; its one-stop unit only receives), named as the forms name it; the reception
    /// book is the unit's own.
    /// </summary>
    public static async Task<Letterhead> KeeperAsync(MotCuaDb db, Agency unit, OfficialBook book, CancellationToken ct)
    {
        var own = Letterheads.Of(unit);
        if (book.Family == BookFamily.Reception) return own;
        return await CompetentAgencies.CommitteeNameAsync(db, unit, ct) is { } committee ? own with { SuperiorAgencyName = "", UnitName = committee } : own;
    }

    /// <summary>The whole book as the documents print it, read on <paramref name="today"/> (Vietnam time; a past year's
    /// book prints its closing).</summary>
    /// <param name="month">A month's printing (1–12) of a book printed monthly, or null for the year's book.</param>
    public static async Task<OfficialBookForm> FormAsync(MotCuaDb db, Agency unit, OfficialBook book, int year, DateOnly today, CancellationToken ct, int? month = null) =>
        new(await KeeperAsync(db, unit, book, ct), book, year, [.. (await RowsAsync(db, unit.Id, book, year, ct, month)).Select(r => r.Row)], today, month);

    /// <summary>Records a correction of entry <paramref name="number"/> of the unit's book, by the officer, audited, in one
    /// transaction; the entry is not touched. Null when recorded, else the problem (404 no such entry, 422 a field).</summary>
    public static async Task<(int Status, string Field, string Message)?> CorrectAsync(MotCuaDb db, ClaimsPrincipal user, Agency unit, OfficialBook book,
        int year, int number, string? field, string? value, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var officer = Claims.OfficerOf(user)!;
        if (!book.MayCorrect(officer.Role, Claims.AgencyIdOf(user) == unit.Id))
            return (StatusCodes.Status403Forbidden, "", "Chỉ công chức phụ trách lĩnh vực hoặc lãnh đạo của đơn vị giữ sổ được sửa sổ.");
        if (book.CorrectionProblem(field, value, reason, out var cleaned) is { } problem)
            return (StatusCodes.Status422UnprocessableEntity, problem.Field, problem.Message);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entryId = await db.Database.SqlQuery<long>($"""
            SELECT id AS "Value" FROM register_entries WHERE agency_id = {unit.Id} AND book = {book.Key} AND year = {year} AND number = {number}
            """).FirstOrDefaultAsync(ct);
        if (entryId == 0) return (StatusCodes.Status404NotFound, "", $"Sổ không có mục số {BookValues.Number(number)} năm {year}.");
        var userId = Claims.UserIdOf(user)!.Value;
        var (key, why) = (field!.Trim(), reason!.Trim());
        await using (var insert = await db.CommandAsync("""
            INSERT INTO register_corrections (entry_id, field, value, reason, corrected_at, corrected_by, corrected_by_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, ct, entryId, key, cleaned, why, now.ToUniversalTime(), userId, officer.Actor.Name))
            await insert.ExecuteNonQueryAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = "register.correction", Subject = $"register:{unit.Code}:{book.Key}:{year}:{number}",
            Details = JsonSerializer.SerializeToDocument(new { field = key, value = cleaned, reason = why }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
