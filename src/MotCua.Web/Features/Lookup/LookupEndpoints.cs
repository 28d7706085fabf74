using MotCua.Domain.Calendar;
using System.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using Npgsql;

namespace MotCua.Web.Features.Lookup;

/// <summary>
/// What anyone holding a dossier code may see: the applicant's name masked and its kind ("Cá nhân", "Doanh nghiệp", …);
/// never an identifier, representative, phone or address. Instants in Vietnam time; <c>ReturnedAt</c> when the result was
/// handed back, null before.
/// </summary>
public sealed record PublicDossier(
    string Code, string ProcedureName, string AgencyName, int Status, string StatusName, string Applicant,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, string ApplicantKind, DateTimeOffset? ReturnedAt = null);

public static class LookupEndpoints
{
    public const string RateLimitPolicy = "lookup";
    /// <summary>The key of the public lookups' own connection pool.</summary>
    public const string Pool = "public-lookup";

    public static void MapLookupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/lookup/{code}", async (string code, [FromKeyedServices(Pool)] NpgsqlDataSource data, CancellationToken ct) =>
                await FindAsync(data, code, ct) is { } found
                    ? Results.Ok(found)
                    : Problems.NotFound($"Không tìm thấy hồ sơ có mã {Problems.Echo(code)}."))
            .RequireRateLimiting(RateLimitPolicy)
            .Produces<PublicDossier>().ProducesProblem(404).ProducesProblem(429)
            .WithTags("Lookup").WithSummary("Tra cứu công khai tình trạng hồ sơ (họ tên được che)");
    }

    // The busiest public path: one prepared statement on the raw driver (about three times EF's rate here, see bench/).
    private const string Columns = """
        SELECT d.code, d.procedure_name, a.name, d.status, d.applicant_full_name, d.submitted_at, d.received_at, d.due_at, d.applicant_kind, d.returned_at
        FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id
        """;
    private const string FindSql = Columns + " WHERE d.code = $1";
    // The partial unique index dossiers_portal_code (0063) serves it.
    private const string FindByPortalCodeSql = Columns + " WHERE d.portal_code = $1";

    /// <summary>The public view of the dossier whose code is <paramref name="code"/> (ours, any case, spaces trimmed), or
    /// of the dossier the National Public Service Portal passed on under that code (its MaHoSo, the only code a citizen
    /// who submitted on the portal knows; compared as written); null when neither names a dossier. The answer always
    /// carries MotCua's own code.</summary>
    public static async Task<PublicDossier?> FindAsync(NpgsqlDataSource data, string code, CancellationToken ct)
    {
        code = code.Trim();
        var ours = code.ToUpperInvariant();
        if (DossierCode.TryParse(ours, out _, out _, out _) && await ReadAsync(data, FindSql, ours, ct) is { } found) return found;
        // A portal code has 1–100 characters (0063's check); a longer text names nothing and costs no statement.
        return code.Length is > 0 and <= 100 ? await ReadAsync(data, FindByPortalCodeSql, code, ct) : null;
    }

    private static async Task<PublicDossier?> ReadAsync(NpgsqlDataSource data, string sql, string code, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct)) return null;
        var vn = VietnamTime.Offset;
        var status = (DossierStatus)reader.GetInt16(3);
        return new PublicDossier(reader.GetString(0), reader.GetString(1), reader.GetString(2), (int)status, status.Vietnamese(),
            Masking.Name(reader.GetString(4)), reader.GetFieldValue<DateTimeOffset>(5).ToOffset(vn),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6).ToOffset(vn),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7).ToOffset(vn),
            ((ApplicantKind)reader.GetInt16(8)).Vietnamese(),
            reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9).ToOffset(vn));
    }
}
