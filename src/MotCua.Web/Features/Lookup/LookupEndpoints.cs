using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Web.Features.Lookup;

/// <summary>What anyone holding a dossier code may see: never the ID number, phone or address.</summary>
public sealed record PublicDossier(
    string Code, string ProcedureName, string AgencyName, int Status, string StatusName, string Applicant,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt);

public static class LookupEndpoints
{
    public const string RateLimitPolicy = "lookup";

    public static void MapLookupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/lookup/{code}", async (string code, MotCuaDb db, CancellationToken ct) =>
                await FindAsync(db, code, ct) is { } found
                    ? Results.Ok(found)
                    : Problems.NotFound($"Không tìm thấy hồ sơ có mã {code}."))
            .RequireRateLimiting(RateLimitPolicy)
            .Produces<PublicDossier>().ProducesProblem(404).ProducesProblem(429)
            .WithTags("Lookup").WithSummary("Tra cứu công khai tình trạng hồ sơ (họ tên được che)");
    }

    public static async Task<PublicDossier?> FindAsync(MotCuaDb db, string code, CancellationToken ct)
    {
        code = code.Trim().ToUpperInvariant();
        if (!DossierCode.TryParse(code, out _, out _, out _)) return null;
        var row = await db.Dossiers.AsNoTracking()
            .Where(d => d.Code == code)
            .Join(db.Agencies, d => d.ReceivingAgencyId, a => a.Id, (d, a) => new
            {
                d.Code, d.ProcedureName, AgencyName = a.Name, d.Status, d.Applicant.FullName, d.SubmittedAt, d.ReceivedAt, d.DueAt,
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var vn = TimeSpan.FromHours(7);
        return new PublicDossier(row.Code, row.ProcedureName, row.AgencyName, (int)row.Status, row.Status.Vietnamese(),
            Masking.Name(row.FullName), row.SubmittedAt.ToOffset(vn), row.ReceivedAt?.ToOffset(vn), row.DueAt?.ToOffset(vn));
    }
}
