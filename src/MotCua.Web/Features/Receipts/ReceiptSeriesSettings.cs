using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Receipts;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// A receiving unit's receipt numbering as the administration page lists it: its own form number and series prefix
/// (<c>receipt_series</c>, migration 0039) or, when it has set none, the defaults, and the series its receipts of
/// <paramref name="Year"/> are numbered in ("MC-26E").
/// </summary>
public sealed record ReceiptSeriesRow(string AgencyCode, string AgencyName, string FormNumber, string SeriesPrefix, bool Own, int Year, string Series,
    string? TaxCode = null);

/// <summary>What setting a unit's numbering gave: the setting saved, the unit not found, or the problems (field → Vietnamese message).</summary>
public sealed record ReceiptSeriesOutcome(ReceiptSeriesView? Saved, bool NotFound, IReadOnlyDictionary<string, string>? Problems);

/// <summary>
/// The one way a unit's form number and series prefix are read and set, for <c>PUT /api/v1/admin/agencies/{code}/receipt-series</c>
/// and the page <c>/quan-tri/ky-hieu-bien-lai</c>: the Domain's rule (<see cref="ReceiptNumbering.SettingProblems"/>), one
/// upsert and its audit line <c>receipt-series.set</c> in one transaction. Receipts already issued keep theirs; the next ones
/// are numbered in the new form and series, from 1 when either changed (<see cref="PaymentReceipts"/>).
/// </summary>
public static class ReceiptSeriesSettings
{
    private sealed record UnitRow(string Code, string Name, string? FormNumber, string? SeriesPrefix, string? TaxCode);

    /// <summary>Every receiving unit still in service, by code, with its numbering for the Vietnam year of <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<ReceiptSeriesRow>> ListAsync(MotCuaDb db, DateTimeOffset now, CancellationToken ct)
    {
        var year = VietnamTime.DateOf(now).Year;
        var rows = await db.Database.SqlQuery<UnitRow>($"""
            SELECT a.code AS "Code", a.name AS "Name", s.form_number AS "FormNumber", s.series_prefix AS "SeriesPrefix", s.tax_code AS "TaxCode"
            FROM agencies a LEFT JOIN receipt_series s ON s.agency_id = a.id
            WHERE a.receives_dossiers AND a.ended_by IS NULL ORDER BY a.code
            """).ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var prefix = r.SeriesPrefix ?? ReceiptNumbering.DefaultSeriesPrefix;
            return new ReceiptSeriesRow(r.Code, r.Name, r.FormNumber ?? ReceiptNumbering.FormNumber, prefix, r.FormNumber is not null, year, ReceiptNumbering.Series(year, prefix), r.TaxCode);
        })];
    }

    /// <summary>
    /// Sets the numbering of unit <paramref name="agencyCode"/>: <paramref name="formNumber"/> and <paramref name="seriesPrefix"/>
    /// are trimmed and put in capitals, <paramref name="taxCode"/> normalised by <see cref="TaxCode.Normalize"/> (empty: the unit
    /// has none), then checked; nothing is written when any is wrong (<c>formNumber</c>, <c>seriesPrefix</c>, <c>taxCode</c>)
    /// or the unit is unknown. The next receipts print the tax code; those issued keep theirs.
    /// </summary>
    public static async Task<ReceiptSeriesOutcome> SetAsync(MotCuaDb db, string? agencyCode, string? formNumber, string? seriesPrefix,
        string? taxCode, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var code = agencyCode?.Trim();
        var agency = string.IsNullOrEmpty(code) ? null : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (agency is null) return new(null, true, null);
        var form = formNumber?.Trim().ToUpperInvariant();
        var prefix = seriesPrefix?.Trim().ToUpperInvariant();
        var problems = ReceiptNumbering.SettingProblems(form, prefix).ToDictionary();
        var (tax, taxProblem) = TaxCode.Normalize(taxCode);
        if (taxProblem is not null) problems["taxCode"] = taxProblem;
        if (problems.Count > 0) return new(null, false, problems);
        var userId = Claims.UserIdOf(user);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO receipt_series (agency_id, form_number, series_prefix, tax_code, updated_at, updated_by)
            VALUES ({agency.Id}, {form}, {prefix}, {tax}, {now}, {userId})
            ON CONFLICT (agency_id) DO UPDATE SET form_number = excluded.form_number, series_prefix = excluded.series_prefix,
                tax_code = excluded.tax_code, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, ct);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = "receipt-series.set", Subject = $"agency:{agency.Code}",
            Details = JsonSerializer.SerializeToDocument(new { FormNumber = form, SeriesPrefix = prefix, TaxCode = tax }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(new ReceiptSeriesView(agency.Code, form!, prefix!, tax), false, null);
    }
}
