using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;

namespace MotCua.Web.Features.Catalog;

public sealed record ProcedureSummary(string Code, string Name, string Field, string Level, string? TimeLimit);

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/procedures", async (string? q, MotCuaDb db, CancellationToken ct) =>
            Results.Ok(await SearchAsync(db, q, null, 50, ct)))
            .WithTags("Catalog").WithSummary("Tìm thủ tục hành chính (không phân biệt dấu)");
    }

    /// <summary>
    /// Diacritics-insensitive search over code, name and field through the trigram index on f_unaccent(search_text):
    /// every word typed must appear; names that start with the phrase rank first.
    /// </summary>
    public static async Task<IReadOnlyList<ProcedureSummary>> SearchAsync(MotCuaDb db, string? q, int? agencyId, int limit, CancellationToken ct)
    {
        var query = db.Procedures.AsNoTracking();
        if (agencyId is { } agency)
            query = query.Where(p => db.AgencyProcedures.Any(a => a.AgencyId == agency && a.ProcedureCode == p.Code));
        var words = Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8).ToArray();
        foreach (var word in words)
        {
            var pattern = "%" + EscapeLike(word) + "%";
            query = query.Where(p => EF.Functions.Like(MotCuaDb.Unaccent(p.SearchText), pattern));
        }
        var phrase = string.Join(' ', words);
        var rows = await query
            .OrderByDescending(p => EF.Functions.Like(MotCuaDb.Unaccent(p.Name), "%" + EscapeLike(phrase) + "%"))
            .ThenBy(p => p.Name.Length)
            .ThenBy(p => p.Code)
            .Take(limit)
            .Select(p => new { p.Code, p.Name, p.Field, p.Levels, p.CurrentVersion })
            .ToListAsync(ct);
        var codes = rows.Select(r => r.Code).ToArray();
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, codes, ct);
        return rows.Select(r => new ProcedureSummary(r.Code, r.Name, r.Field, LevelName(r.Levels),
            specs.TryGetValue(r.Code, out var spec) ? ProcedureSpecs.DirectTimeLimit(spec)?.ToString() : null)).ToList();
    }

    public static string LevelName(ProcedureLevel levels) => string.Join(", ", new[]
    {
        levels.HasFlag(ProcedureLevel.Ministry) ? "Cấp bộ" : null,
        levels.HasFlag(ProcedureLevel.Province) ? "Cấp tỉnh" : null,
        levels.HasFlag(ProcedureLevel.Commune) ? "Cấp xã" : null,
        levels.HasFlag(ProcedureLevel.Other) ? "Cơ quan khác" : null,
    }.Where(n => n is not null));

    /// <summary>The same folding as SQL's f_unaccent: NFC, marks dropped, đ → d, lower case.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Trim().Normalize(System.Text.NormalizationForm.FormD);
        var builder = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            builder.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
