using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Catalog;

/// <summary>A procedure in a result list; <see cref="AdoptedHere"/> only at a desk: whether that agency receives it.</summary>
public sealed record ProcedureSummary(string Code, string Name, string Field, string Level, string? TimeLimit,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? AdoptedHere = null);

/// <summary>A search or browse of the catalogue: free text, optionally one field or one level; <c>AgencyId</c> ranks that agency's adoptions first.</summary>
public sealed record CatalogQuery(string? Text, string? Field = null, ProcedureLevel Level = ProcedureLevel.None, int? AgencyId = null);

public sealed record CatalogPage(IReadOnlyList<ProcedureSummary> Items, int Total, int Page, int PageSize);

public sealed record ProcedureDetail(string Code, int Version, DateTimeOffset VersionCreatedAt, string Level, bool Partial, ProcedureSpec Procedure);

public static partial class CatalogEndpoints
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
        api.MapGet("/procedures", async (string? q, string? field, string? level, int? page, string? agency, MotCuaDb db,
                HttpResponse response, CancellationToken ct) =>
            {
                var number = Paging.Clamp(page);
                int? agencyId = null;
                if (!string.IsNullOrWhiteSpace(agency))
                {
                    agencyId = await db.Agencies.Where(a => a.Code == agency.Trim()).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
                    if (agencyId is null) return Problems.Field("agency", $"Không tìm thấy cơ quan có mã '{agency}'.");
                }
                var result = await SearchPageAsync(db, new CatalogQuery(q, field, ParseLevel(level), agencyId), number, PageSize, ct);
                // The body stays a plain array (the desk and integrations read it so); paging travels in headers.
                response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["X-Page"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["X-Page-Size"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Ok(result.Items);
            })
            .WithSummary("Tìm thủ tục hành chính theo cách nói thường ngày (không phân biệt dấu, kí/ký, chấp nhận gõ sai); agency: mã cơ quan để xếp thủ tục cơ quan đó tiếp nhận lên trước; tổng số ở tiêu đề X-Total-Count");
        api.MapGet("/procedures/{code}", async (string code, MotCuaDb db, CancellationToken ct) =>
                // Eighth trial: the counts a chứng thực fee is charged from (2.000942's soTrang, soBanSao) are fields intake
                // requires, so an integrator reads them here as the desk shows them (CountedFees.FormOf).
                await DetailAsync(db, code, ct) is { } detail
                    ? Results.Ok(detail with { Procedure = detail.Procedure with { FormFields = Domain.Fees.CountedFees.FormOf(detail.Procedure) } })
                    : Problems.NotFound($"Không tìm thấy thủ tục có mã '{Problems.Echo(code)}'."))
            .WithSummary("Thủ tục hành chính: phiên bản hiện hành với mọi thành phần");
        api.MapGet("/agencies/{agencyCode}/procedures", async (string agencyCode, MotCuaDb db, CancellationToken ct) =>
                await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode, ct) is { } agency
                    ? Results.Ok(await Adoptions.ListAsync(db, agency, ct))
                    : Problems.NotFound($"Không tìm thấy cơ quan có mã '{Problems.Echo(agencyCode)}'."))
            .WithSummary("Thủ tục một cơ quan tiếp nhận, với thời hạn, phí, giờ chốt và quy trình nội bộ của cơ quan");
        api.MapPut("/agencies/{agencyCode}/procedures/{code}", async (string agencyCode, string code,
                Adoptions adoptions, HttpContext http, CancellationToken ct) =>
            {
                var read = await JsonBody.ReadAsync<AdoptionRequest>(http.Request, ct);
                if (read.Problem is not null) return read.Problem;
                var outcome = await adoptions.SaveAsync(agencyCode, code, read.Value!, Claims.UserIdOf(http.User), ct, read.Given);
                return outcome switch
                {
                    { NotFound: { } missing } => Problems.NotFound(missing),
                    { Errors: { } errors } => Problems.Validation(errors),
                    _ => Results.Ok(outcome.Adoption),
                };
            })
            .RequireAuthorization(Policies.Admin).Accepts<AdoptionRequest>("application/json")
            .WithSummary("Quản trị: cơ quan áp dụng thủ tục với thời hạn, phí, giờ chốt và quy trình nội bộ riêng")
            .WithDescription("Cập nhật từng phần: trường không gửi giữ nguyên; trường gửi null trở về mặc định (thời hạn, phí theo quy định).");
    }

    /// <summary>
    /// The first <paramref name="limit"/> matches, best first (the desk's search box). At a desk
    /// (<paramref name="agencyId"/> set) the procedures that agency receives come first among equally relevant ones.
    /// </summary>
    public static async Task<IReadOnlyList<ProcedureSummary>> SearchAsync(MotCuaDb db, string? q, int? agencyId, int limit, CancellationToken ct) =>
        (await SearchPageAsync(db, new CatalogQuery(q, AgencyId: agencyId), 1, limit, ct)).Items;

    /// <summary>
    /// Search in the words people type: folded by <see cref="SearchText"/> on both sides (no marks, any space, kí/ký),
    /// read as typed and as every everyday phrase in it means (<see cref="SearchQuery.Readings"/>), matched as whole
    /// words through the procedures_search_vector GIN index. When no reading matches, a typo-tolerant pass compares
    /// trigrams ("khai sihn" → "khai sinh"). A query that looks like a code lists that code and the codes it begins.
    /// Order: relevance first, each reading scoring 3 when the name holds it as a phrase, 2 when the name holds all its
    /// words, 1 when field or results complete them, the best reading first and the sum breaking ties; then, at a desk,
    /// the procedures adopted there; then how many typed words no everyday phrase explains the name holds, how many
    /// query words name the procedure's field ("cap giay phep xay dung" puts Hoạt động xây dựng before Đường sắt);
    /// shorter names. Measured on the full catalogue (2,642 procedures, 2 shared cores, EXPLAIN ANALYZE in
    /// CatalogSearchTests): see the figure in docs/CATALOG.md.
    /// </summary>
    public static async Task<CatalogPage> SearchPageAsync(MotCuaDb db, CatalogQuery query, int page, int pageSize, CancellationToken ct)
    {
        var skip = (Paging.Clamp(page) - 1) * pageSize;
        var everyday = await SearchTerms.LoadAsync(db, ct);
        var (sql, parameters) = SearchSql(query, everyday, exact: true, skip, pageSize);
        var hits = await RunAsync(db, sql, parameters, ct);
        if (hits.Count == 0 && SearchText.Fold(query.Text).Length >= 3)
        {
            (sql, parameters) = SearchSql(query, everyday, exact: false, skip, pageSize);
            hits = await RunAsync(db, sql, parameters, ct);
        }
        var specs = await ProcedureSpecs.LoadCurrentAsync(db, hits.Select(h => h.Code).ToArray(), ct);
        var items = hits.Select(h => new ProcedureSummary(h.Code, h.Name, h.Field, LevelName((ProcedureLevel)h.Levels),
            specs.TryGetValue(h.Code, out var spec) ? ProcedureSpecs.DirectTimeLimit(spec)?.ToString() : null,
            query.AgencyId is null ? null : h.Adopted)).ToList();
        return new CatalogPage(items, hits.Count == 0 ? 0 : (int)hits[0].Total, Paging.Clamp(page), pageSize);
    }

    public sealed class Hit
    {
        public required string Code { get; init; }
        public required string Name { get; init; }
        public required string Field { get; init; }
        public int Levels { get; init; }
        public bool Adopted { get; init; }
        public long Total { get; init; }
    }

    /// <summary>
    /// The search statement and its parameters (public so a test can EXPLAIN exactly what runs). <paramref name="exact"/>:
    /// whole-word matching of the readings; otherwise the typo-tolerant trigram pass over the typed words.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) SearchSql(CatalogQuery query, IEnumerable<EverydayTerm> terms, bool exact, int skip, int take)
    {
        var everyday = terms.ToList();
        var raw = query.Text?.Trim() ?? "";
        var readings = SearchQuery.Readings(query.Text, everyday);
        var typed = readings.Count == 0 ? [] : readings[0];
        // The words as typed match while they are being typed: the last one, from three letters on, may be the beginning
        // of a word ("khai sin"). Shorter beginnings ("do") would match hundreds of words and turn the index scan into a
        // scan of every procedure.
        var matches = readings.Select((r, i) => string.Join(" & ", r.Select((w, j) =>
            Lexeme(w) + (i == 0 && j == r.Count - 1 && w.Length >= 3 ? ":*" : "")))).ToArray();
        var parameters = new List<NpgsqlParameter>
        {
            new("raw", raw), new("skip", skip), new("take", take),
            new("field", (object?)query.Field ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.Text },
            new("level", (int)query.Level),
            new("agency", (object?)query.AgencyId ?? DBNull.Value) { NpgsqlDbType = NpgsqlDbType.Integer },
            new("folded", string.Join(' ', typed)),
            new("matches", matches),
            new("phrases", readings.Select(r => string.Join(" <-> ", r.Select(w => Lexeme(w) + ":A"))).ToArray()),
            new("names", readings.Select(r => string.Join(" & ", r.Select(w => Lexeme(w) + ":A"))).ToArray()),
            new("any", string.Join(" | ", matches.Select(m => "(" + m + ")"))),
            new("restInName", SearchQuery.Unexplained(query.Text, everyday).Distinct().Select(w => Lexeme(w) + ":A").ToArray()),
            new("inField", readings.SelectMany(r => r).Distinct().Select(w => Lexeme(w) + ":B").ToArray()),
        };
        var adopted = "(@agency::int IS NOT NULL AND EXISTS (SELECT 1 FROM agency_procedures a WHERE a.agency_id = @agency AND a.procedure_code = p.code))";
        string match, order, relevance = "";
        if (readings.Count == 0)
        {
            match = "true";
            order = "p.field, p.name, p.code";
        }
        else if (CodeLike().IsMatch(raw))
        {
            // A procedure code, whole or its beginning ("1.0011"): codes are not words, so they are matched as text.
            parameters.Add(new NpgsqlParameter("code", raw + "%"));
            match = "p.code LIKE @code";
            order = $"(p.code = @raw) DESC, \"Adopted\" DESC, p.code";
        }
        else if (exact)
        {
            match = "p.search_vector @@ to_tsquery('simple', @any)";
            // Per reading 3 (a phrase of the name), 2 (all its words in the name) or 1 (completed by field or results):
            // the best reading decides, the sum breaks ties between procedures several readings agree on.
            relevance = """
                CROSS JOIN LATERAL (
                    SELECT max(s.score) AS best, sum(s.score) AS total
                    FROM (SELECT CASE WHEN p.search_vector @@ r.phrase THEN 3 WHEN p.search_vector @@ r.in_name THEN 2
                                      WHEN p.search_vector @@ r.matches THEN 1 ELSE 0 END AS score FROM readings r) s) relevance
                """;
            order = """
                relevance.best DESC, relevance.total DESC,
                "Adopted" DESC,
                (SELECT count(*) FROM rest w WHERE p.search_vector @@ w.word) DESC,
                (SELECT count(*) FROM field_words w WHERE p.search_vector @@ w.word) DESC,
                length(p.name), p.code
                """;
        }
        else
        {
            match = "@folded <% (p.search_name || ' ' || p.search_field)";
            order = "word_similarity(@folded, p.search_name || ' ' || p.search_field) DESC, \"Adopted\" DESC, length(p.name), p.code";
        }
        var sql = $"""
            WITH readings AS MATERIALIZED (
                SELECT to_tsquery('simple', m) AS matches, to_tsquery('simple', ph) AS phrase, to_tsquery('simple', n) AS in_name
                FROM unnest(@matches::text[], @phrases::text[], @names::text[]) AS r(m, ph, n)),
            rest AS MATERIALIZED (SELECT to_tsquery('simple', w) AS word FROM unnest(@restInName::text[]) AS w),
            field_words AS MATERIALIZED (SELECT to_tsquery('simple', w) AS word FROM unnest(@inField::text[]) AS w)
            SELECT p.code AS "Code", p.name AS "Name", p.field AS "Field", p.levels AS "Levels", {adopted} AS "Adopted",
                   count(*) OVER () AS "Total"
            FROM procedures p
            {relevance}
            WHERE {match}
              AND (@field::text IS NULL OR p.field = @field)
              AND (@level = 0 OR p.levels & @level <> 0)
            ORDER BY {order}
            LIMIT @take OFFSET @skip
            """;
        return (sql, parameters.ToArray());
    }

    /// <summary>A folded word as a tsquery lexeme: quoted, so no word is read as an operator (it holds letters and digits only).</summary>
    private static string Lexeme(string word) => "'" + word + "'";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]+\.[0-9.]*$")]
    private static partial System.Text.RegularExpressions.Regex CodeLike();

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

    /// <summary>The procedure's current version, or null when there is none (a blank code, as "/thu-tuc/%20" binds, included).</summary>
    public static async Task<ProcedureDetail?> DetailAsync(MotCuaDb db, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var row = await db.Procedures.AsNoTracking()
            .Where(p => p.Code == code.Trim())
            .Join(db.ProcedureVersions, p => new { p.Code, Version = p.CurrentVersion }, v => new { Code = v.ProcedureCode, v.Version }, (p, v) => new { p.Partial, v })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var spec = ProcedureSpecs.Read(row.v.Spec);
        return new ProcedureDetail(spec.Code, row.v.Version, row.v.CreatedAt, LevelName(spec.Levels), row.Partial, spec);
    }

    /// <summary>"cap-xa" / "xa" / "commune" style level names from query strings.</summary>
    public static ProcedureLevel ParseLevel(string? level) => SearchText.Fold(level).Replace("cap ", "").Trim() switch
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
}
