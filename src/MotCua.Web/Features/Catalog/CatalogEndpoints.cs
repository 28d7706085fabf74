using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Features.Account;
using Npgsql;

namespace MotCua.Web.Features.Catalog;

public sealed record ProcedureSummary(string Code, string Name, string Field, string Level, string? TimeLimit);

/// <summary>A search or browse of the catalogue: free text, and optionally one field, one level, or one agency's adoptions.</summary>
public sealed record CatalogQuery(string? Text, string? Field = null, ProcedureLevel Level = ProcedureLevel.None, int? AgencyId = null);

public sealed record CatalogPage(IReadOnlyList<ProcedureSummary> Items, int Total, int Page, int PageSize);

public sealed record ProcedureDetail(string Code, int Version, DateTimeOffset VersionCreatedAt, string Level, bool Partial, ProcedureSpec Procedure);

public static class CatalogEndpoints
{
    public const int PageSize = 20;

    /// <summary>
    /// pg_trgm's word_similarity threshold for the typo-tolerant pass: low enough that "khai sihn" still finds
    /// "khai sinh", high enough that a two-word query does not match every name sharing one syllable.
    /// </summary>
    public const double TypoThreshold = 0.45;

    public static void MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Catalog");
        api.MapGet("/procedures", async (string? q, string? field, string? level, int? page, MotCuaDb db, HttpResponse response, CancellationToken ct) =>
            {
                var number = Math.Max(page ?? 1, 1);
                var result = await SearchPageAsync(db, new CatalogQuery(q, field, ParseLevel(level)), number, PageSize, ct);
                // The body stays a plain array (the desk and integrations read it so); paging travels in headers.
                response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["X-Page"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["X-Page-Size"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Ok(result.Items);
            })
            .WithSummary("Tìm thủ tục hành chính (không phân biệt dấu, chấp nhận gõ sai); tổng số ở tiêu đề X-Total-Count");
        api.MapGet("/procedures/{code}", async (string code, MotCuaDb db, CancellationToken ct) =>
                await DetailAsync(db, code, ct) is { } detail ? Results.Ok(detail) : Problems.NotFound($"Không tìm thấy thủ tục có mã '{code}'."))
            .WithSummary("Thủ tục hành chính: phiên bản hiện hành với mọi thành phần");
        api.MapGet("/agencies/{agencyCode}/procedures", async (string agencyCode, MotCuaDb db, CancellationToken ct) =>
                await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode, ct) is { } agency
                    ? Results.Ok(await Adoptions.ListAsync(db, agency, ct))
                    : Problems.NotFound($"Không tìm thấy cơ quan có mã '{agencyCode}'."))
            .WithSummary("Thủ tục một cơ quan tiếp nhận, với thời hạn, phí, giờ chốt và quy trình nội bộ của cơ quan");
        api.MapPut("/agencies/{agencyCode}/procedures/{code}", async (string agencyCode, string code, AdoptionRequest request,
                Adoptions adoptions, HttpContext http, CancellationToken ct) =>
            {
                var outcome = await adoptions.SaveAsync(agencyCode, code, request, Claims.UserIdOf(http.User), ct);
                return outcome switch
                {
                    { NotFound: { } missing } => Problems.NotFound(missing),
                    { Errors: { } errors } => Problems.Validation(errors),
                    _ => Results.Ok(outcome.Adoption),
                };
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Quản trị: cơ quan áp dụng thủ tục với thời hạn, phí, giờ chốt và quy trình nội bộ riêng");
    }

    /// <summary>The first <paramref name="limit"/> matches, best first (the desk's search box).</summary>
    public static async Task<IReadOnlyList<ProcedureSummary>> SearchAsync(MotCuaDb db, string? q, int? agencyId, int limit, CancellationToken ct) =>
        (await SearchPageAsync(db, new CatalogQuery(q, AgencyId: agencyId), 1, limit, ct)).Items;

    /// <summary>
    /// Diacritics-insensitive and typo-tolerant search over code, name and field, through the trigram index on
    /// f_unaccent(search_text). Two passes: every typed word must appear (so "dat dai" lists only land procedures);
    /// when nothing does, the phrase matches by trigram word similarity instead ("khai sihn" → "khai sinh").
    /// An exact code ranks first; then by word similarity to the phrase, shorter names first.
    /// </summary>
    public static async Task<CatalogPage> SearchPageAsync(MotCuaDb db, CatalogQuery query, int page, int pageSize, CancellationToken ct)
    {
        var skip = (Math.Max(page, 1) - 1) * pageSize;
        var (sql, parameters) = SearchSql(query, exact: true, skip, pageSize);
        var hits = await RunAsync(db, sql, parameters, ct);
        if (hits.Count == 0 && Fold(query.Text).Length >= 3)
        {
            (sql, parameters) = SearchSql(query, exact: false, skip, pageSize);
            hits = await RunAsync(db, sql, parameters, ct);
        }
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, hits.Select(h => h.Code).ToArray(), ct);
        var items = hits.Select(h => new ProcedureSummary(h.Code, h.Name, h.Field, LevelName((ProcedureLevel)h.Levels),
            specs.TryGetValue(h.Code, out var spec) ? ProcedureSpecs.DirectTimeLimit(spec)?.ToString() : null)).ToList();
        return new CatalogPage(items, hits.Count == 0 ? 0 : (int)hits[0].Total, Math.Max(page, 1), pageSize);
    }

    public sealed class Hit
    {
        public required string Code { get; init; }
        public required string Name { get; init; }
        public required string Field { get; init; }
        public int Levels { get; init; }
        public long Total { get; init; }
    }

    /// <summary>The search statement and its parameters (public so a test can EXPLAIN exactly what runs).</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) SearchSql(CatalogQuery query, bool exact, int skip, int take)
    {
        var folded = Fold(query.Text);
        var parameters = new List<NpgsqlParameter>
        {
            new("raw", query.Text?.Trim() ?? ""), new("folded", folded), new("skip", skip), new("take", take),
            new("field", (object?)query.Field ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            new("level", (int)query.Level),
            new("agency", (object?)query.AgencyId ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
        };
        string match;
        if (folded.Length == 0) match = "true";
        else if (exact)
        {
            var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8).ToArray();
            for (var i = 0; i < words.Length; i++) parameters.Add(new NpgsqlParameter($"w{i}", "%" + EscapeLike(words[i]) + "%"));
            match = "(p.code = @raw OR (" + string.Join(" AND ", words.Select((_, i) => $"f_unaccent(p.search_text) LIKE @w{i}")) + "))";
        }
        else match = "(p.code = @raw OR @folded <% f_unaccent(p.search_text))";
        var order = folded.Length == 0
            ? "p.field, p.name, p.code"
            : "(p.code = @raw) DESC, word_similarity(@folded, f_unaccent(p.search_text)) DESC, length(p.name), p.code";
        var sql = $"""
            SELECT p.code AS "Code", p.name AS "Name", p.field AS "Field", p.levels AS "Levels", count(*) OVER () AS "Total"
            FROM procedures p
            WHERE {match}
              AND (@field::text IS NULL OR p.field = @field)
              AND (@level = 0 OR p.levels & @level <> 0)
              AND (@agency::int IS NULL OR EXISTS (SELECT 1 FROM agency_procedures a WHERE a.agency_id = @agency AND a.procedure_code = p.code))
            ORDER BY {order}
            LIMIT @take OFFSET @skip
            """;
        return (sql, parameters.ToArray());
    }

    private static async Task<List<Hit>> RunAsync(MotCuaDb db, string sql, NpgsqlParameter[] parameters, CancellationToken ct)
    {
        // The <% operator reads its threshold from the session; set it on the connection the query runs on.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var threshold = TypoThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await db.Database.ExecuteSqlAsync($"SELECT set_config('pg_trgm.word_similarity_threshold', {threshold}, false)", ct);
            return await db.Database.SqlQueryRaw<Hit>(sql, parameters.Cast<object>().ToArray()).ToListAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task<ProcedureDetail?> DetailAsync(MotCuaDb db, string code, CancellationToken ct)
    {
        var row = await db.Procedures.AsNoTracking()
            .Where(p => p.Code == code.Trim())
            .Join(db.ProcedureVersions, p => new { p.Code, Version = p.CurrentVersion }, v => new { Code = v.ProcedureCode, v.Version }, (p, v) => new { p.Partial, v })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var spec = ProcedureSpecs.Read(row.v.Spec);
        return new ProcedureDetail(spec.Code, row.v.Version, row.v.CreatedAt, LevelName(spec.Levels), row.Partial, spec);
    }

    /// <summary>"cap-xa" / "xa" / "commune" style level names from query strings.</summary>
    public static ProcedureLevel ParseLevel(string? level) => Fold(level).Replace("cap ", "").Replace('-', ' ').Trim() switch
    {
        "bo" or "cap bo" or "ministry" => ProcedureLevel.Ministry,
        "tinh" or "province" => ProcedureLevel.Province,
        "xa" or "commune" => ProcedureLevel.Commune,
        "khac" or "co quan khac" or "other" => ProcedureLevel.Other,
        _ => ProcedureLevel.None,
    };

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
