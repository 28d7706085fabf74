using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog;

/// <summary>An everyday term as an administrator sends it (API body and page form).</summary>
public sealed record SearchTermRequest(string? Phrase, string? Expansion, string? Topic);

public sealed record SearchTermView(int Id, string Phrase, string Expansion, string Topic, DateTimeOffset UpdatedAt, string? UpdatedBy);

/// <summary>
/// The list of everyday terms the catalogue search expands (<see cref="SearchQuery.Readings"/>): read by every search,
/// kept by administrators on /quan-tri/thu-tuc/tu-thong-dung and through /api/v1/search-terms. Every change is checked
/// by <see cref="EverydayTerm.Problems"/>, stored NFC and written to audit_log (search.term.create|update|delete, with
/// before and after).
/// </summary>
public static class SearchTerms
{
    /// <summary>
    /// The current list, read on every search: a few dozen short rows cost one small query, and a change made on any
    /// instance of the app applies to the next search everywhere without a cache to invalidate.
    /// </summary>
    public static async Task<IReadOnlyList<EverydayTerm>> LoadAsync(MotCuaDb db, CancellationToken ct) =>
        await db.SearchTerms.AsNoTracking().Select(t => new EverydayTerm(t.Phrase, t.Expansion)).ToListAsync(ct);

    public static async Task<IReadOnlyList<SearchTermView>> ListAsync(MotCuaDb db, CancellationToken ct) =>
        await db.SearchTerms.AsNoTracking()
            .OrderBy(t => t.Topic).ThenBy(t => t.Phrase).ThenBy(t => t.Id)
            .Select(t => new SearchTermView(t.Id, t.Phrase, t.Expansion, t.Topic, t.UpdatedAt,
                db.Users.Where(u => u.Id == t.UpdatedBy).Select(u => u.FullName).FirstOrDefault()))
            .ToListAsync(ct);

    /// <summary>The outcome of a change: the saved term, or Vietnamese errors by field, or not found.</summary>
    public sealed record Outcome(SearchTermView? Term, IDictionary<string, string[]>? Errors = null, bool NotFound = false);

    /// <summary>Adds a term (<paramref name="id"/> null) or replaces one; nothing is written when it has problems.</summary>
    public static async Task<Outcome> SaveAsync(MotCuaDb db, int? id, SearchTermRequest request, int? userId, DateTimeOffset now, CancellationToken ct)
    {
        var term = new EverydayTerm(Clean(request.Phrase), Clean(request.Expansion));
        var topic = Clean(request.Topic);
        SearchTerm? row = null;
        if (id is { } existing && (row = await db.SearchTerms.FirstOrDefaultAsync(t => t.Id == existing, ct)) is null)
            return new Outcome(null, NotFound: true);
        var others = await db.SearchTerms.AsNoTracking().Where(t => t.Id != (id ?? 0))
            .Select(t => new EverydayTerm(t.Phrase, t.Expansion)).ToListAsync(ct);
        var errors = new Dictionary<string, string[]>(term.Problems(others));
        if (topic.Length > 100) errors["topic"] = ["Nhóm dài tối đa 100 ký tự."];
        if (errors.Count > 0) return new Outcome(null, errors);

        var before = row is null ? null : new { row.Phrase, row.Expansion, row.Topic };
        row ??= db.SearchTerms.Add(new SearchTerm { Phrase = "", Expansion = "" }).Entity;
        row.Phrase = term.Phrase;
        row.Expansion = term.Expansion;
        row.Topic = topic;
        row.UpdatedAt = now;
        row.UpdatedBy = userId;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = before is null ? "search.term.create" : "search.term.update", Subject = $"search-term:{row.Id}",
            Details = JsonSerializer.SerializeToDocument(new { before, after = new { row.Phrase, row.Expansion, row.Topic } }),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome(await ViewAsync(db, row.Id, ct));
    }

    /// <summary>Removes a term; false when there is none with that id.</summary>
    public static async Task<bool> DeleteAsync(MotCuaDb db, int id, int? userId, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.SearchTerms.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (row is null) return false;
        db.SearchTerms.Remove(row);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = "search.term.delete", Subject = $"search-term:{id}",
            Details = JsonSerializer.SerializeToDocument(new { before = new { row.Phrase, row.Expansion, row.Topic }, after = (object?)null }),
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static async Task<SearchTermView> ViewAsync(MotCuaDb db, int id, CancellationToken ct) =>
        await db.SearchTerms.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new SearchTermView(t.Id, t.Phrase, t.Expansion, t.Topic, t.UpdatedAt,
                db.Users.Where(u => u.Id == t.UpdatedBy).Select(u => u.FullName).FirstOrDefault()))
            .SingleAsync(ct);

    /// <summary>NFC, one space between words, trimmed: what is stored is what the list shows.</summary>
    private static string Clean(string? text) =>
        string.Join(' ', (text ?? "").Normalize(System.Text.NormalizationForm.FormC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static void MapSearchTermEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/search-terms").WithTags("Catalog").RequireAuthorization(Policies.Admin);
        api.MapGet("/", async (MotCuaDb db, CancellationToken ct) => Results.Ok(await ListAsync(db, ct)))
            .WithSummary("Quản trị: danh sách cách nói thường dùng mà tìm kiếm thủ tục mở rộng");
        api.MapPost("/", async (SearchTermRequest request, MotCuaDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                Result(await SaveAsync(db, null, request, Claims.UserIdOf(http.User), clock.GetUtcNow(), ct), created: true))
            .WithSummary("Quản trị: thêm một cách nói thường dùng (phrase) và tên gọi trong danh mục (expansion); 422 problem+json nếu không hợp lệ");
        api.MapPut("/{id:int}", async (int id, SearchTermRequest request, MotCuaDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                Result(await SaveAsync(db, id, request, Claims.UserIdOf(http.User), clock.GetUtcNow(), ct), created: false))
            .WithSummary("Quản trị: sửa một cách nói thường dùng");
        api.MapDelete("/{id:int}", async (int id, MotCuaDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                await DeleteAsync(db, id, Claims.UserIdOf(http.User), clock.GetUtcNow(), ct)
                    ? Results.NoContent()
                    : Problems.NotFound($"Không tìm thấy cách nói thường dùng số {id}."))
            .WithSummary("Quản trị: xóa một cách nói thường dùng");
    }

    private static IResult Result(Outcome outcome, bool created) => outcome switch
    {
        { NotFound: true } => Problems.NotFound("Không tìm thấy cách nói thường dùng này."),
        { Errors: { } errors } => Problems.Validation(errors),
        { Term: { } term } when created => Results.Created($"/api/v1/search-terms/{term.Id}", term),
        _ => Results.Ok(outcome.Term),
    };
}
