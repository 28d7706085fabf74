using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.PopulationRegistry;

/// <summary>A lookup as the desk and the API ask it: <c>idNumber</c> a 12-digit CCCD, <c>purpose</c> why (10–300 characters).</summary>
public sealed record CitizenLookupRequest(string? IdNumber, string? Purpose);

/// <summary>What a lookup gave: the field errors (keyed <c>idNumber</c>, <c>purpose</c>) when the request was refused,
/// otherwise the database's answer, the audit row that records it, and for a found citizen the verification token the
/// desk posts back with the dossier (valid 30 minutes, for this CCCD and name only).</summary>
public sealed record CitizenLookupResult(Dictionary<string, string[]>? Errors, CitizenLookupAnswer? Answer, long AuditId, string? VerificationToken);

/// <summary>
/// A receiving officer's lookup of a citizen in the population database (docs/POPULATION.md): the purpose is required,
/// every lookup that reaches the database, found or not, writes one <c>audit_log</c> row (action <c>citizen.lookup</c>,
/// subject the CCCD, details <c>{purpose, outcome, fields, documents}</c>), and a found citizen comes with a token that lets intake mark the
/// dossier's applicant verified (<see cref="RecordVerificationAsync"/>) only while the CCCD and the name are unchanged.
/// </summary>
public sealed class CitizenLookups(IPopulationRegistry registry, NpgsqlDataSource data, IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long a verification is good for at intake, in minutes [choice: the design's 30].</summary>
    public const int TokenMinutes = 30;

    private const string Action = "citizen.lookup";
    private readonly IDataProtector protector = protection.CreateProtector("MotCua.CitizenVerification");

    /// <summary>Whether <paramref name="user"/> may look citizens up: the receiving officer (cán bộ tiếp nhận) only.</summary>
    public static bool MayLookUp(ClaimsPrincipal user) => Claims.RoleOf(user) == OfficerRole.ReceivingOfficer && Claims.UserIdOf(user) is not null;

    /// <summary>Checks the request, asks the database and writes the audit row. Never throws for the database's failures.</summary>
    public async Task<CitizenLookupResult> LookupAsync(CitizenLookupRequest request, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (CitizenLookupRules.CheckIdNumber(request.IdNumber, VietnamTime.DateOf(clock.GetUtcNow())) is { } idProblem) errors["idNumber"] = [idProblem];
        if (CitizenLookupRules.CheckPurpose(request.Purpose) is { } purposeProblem) errors["purpose"] = [purposeProblem];
        if (errors.Count > 0) return new CitizenLookupResult(errors, null, 0, null);

        var idNumber = request.IdNumber!.Trim();
        var purpose = request.Purpose!.Trim();
        var answer = await registry.LookupAsync(idNumber, purpose, user.FindFirstValue(ClaimTypes.Name) ?? "", ct);
        var auditId = await AuditAsync(idNumber, purpose, answer, user, http, ct);
        var token = answer is CitizenLookupAnswer.Found found ? Issue(found.Citizen, auditId, Claims.AgencyIdOf(user)) : null;
        return new CitizenLookupResult(null, answer, auditId, token);
    }

    private async Task<long> AuditAsync(string idNumber, string purpose, CitizenLookupAnswer answer, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO audit_log (at, user_id, api_client_id, action, subject, details, client_address, endpoint)
            VALUES ($1, $2, NULL, $3, $4, $5, $6, $7) RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Claims.UserIdOf(user) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Action });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idNumber });
        command.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = JsonSerializer.Serialize(new
            {
                purpose, outcome = answer.Outcome, fields = answer is CitizenLookupAnswer.Found ? LookedUpFields : [],
                documents = answer is CitizenLookupAnswer.Found f ? f.Citizen.Held.Select(d => d.Kind).ToArray() : [],
            }),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)http.Connection.RemoteIpAddress?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{http.Request.Method} {http.Request.Path.Value}" });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    // What a found citizen's answer shows, as the audit log names personal-data fields.
    private static readonly string[] LookedUpFields = [PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address, PersonalFields.DateOfBirth, PersonalFields.Sex];

    // The documents the database said the citizen holds travel in the token: intake reuses only what the lookup answered.
    // The unit of the officer who looked up travels too (trial 16h LOW D): the lookup's purpose and audit row are that
    // unit's, so another unit's officer, who made no lookup of their own, cannot verify an applicant with it.
    private sealed record TokenBody(string IdNumber, string FullName, long AuditId, DateTimeOffset Expires, IReadOnlyList<CitizenDocument>? Documents = null,
        int? AgencyId = null);

    private string Issue(CitizenRecord citizen, long auditId, int? agencyId) =>
        protector.Protect(JsonSerializer.Serialize(new TokenBody(citizen.IdNumber, citizen.FullName, auditId, clock.GetUtcNow().AddMinutes(TokenMinutes), citizen.Held, agencyId)));

    // The token's body when it was issued in the last TokenMinutes for this CCCD and name, by a lookup at unit agencyId; else null.
    private TokenBody? Valid(string? token, string? idNumber, string? fullName, int? agencyId)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        TokenBody? body;
        try { body = JsonSerializer.Deserialize<TokenBody>(protector.Unprotect(token.Trim())); }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException) { return null; }
        return body is null || body.Expires < clock.GetUtcNow() || body.IdNumber != idNumber?.Trim() || !CitizenLookupRules.SameName(fullName, body.FullName)
            || body.AgencyId is null || body.AgencyId != agencyId
            ? null : body;
    }

    /// <summary>The documents the population database said the citizen holds, when <paramref name="token"/> is valid for
    /// this CCCD and name at unit <paramref name="agencyId"/> (as <see cref="RecordVerificationAsync"/>); none otherwise: the
    /// desk then asks for every paper.</summary>
    public IReadOnlyList<CitizenDocument> HeldDocuments(string? token, string? idNumber, string? fullName, int? agencyId) =>
        Valid(token, idNumber, fullName, agencyId)?.Documents ?? [];

    /// <summary>Whether <paramref name="token"/> was issued by a lookup that found this CCCD and name in the last
    /// <see cref="TokenMinutes"/> minutes by an officer of unit <paramref name="agencyId"/>: the agency has then read the
    /// applicant's data from the population database (<see cref="Domain.Catalog.DocumentNeeds.ForApplicant"/>'s verified applicant).</summary>
    public bool Verifies(string? token, string? idNumber, string? fullName, int? agencyId) => Valid(token, idNumber, fullName, agencyId) is not null;

    /// <summary>
    /// Records on dossier <paramref name="dossierCode"/> that its applicant was verified against the population database,
    /// when <paramref name="token"/> was issued by a lookup in the last <see cref="TokenMinutes"/> minutes for the same
    /// CCCD and the same name (<see cref="CitizenLookupRules.SameName"/>) by an officer of unit <paramref name="agencyId"/>;
    /// otherwise records nothing: the applicant stays "chưa xác thực". Returns whether it recorded.
    /// </summary>
    public async Task<bool> RecordVerificationAsync(string dossierCode, string? token, string? idNumber, string? fullName, int? userId, int? agencyId,
        CancellationToken ct)
    {
        if (Valid(token, idNumber, fullName, agencyId) is not { } body) return false;
        await using var command = data.CreateCommand("""
            INSERT INTO dossier_applicant_verifications (dossier_id, method, verified_at, lookup_audit_id, verified_by)
            SELECT id, 1, $2, $3, $4 FROM dossiers WHERE code = $1
            ON CONFLICT (dossier_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dossierCode });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = body.AuditId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The answer's fields as the API and the desk show them: the date of birth as dd/MM/yyyy.</summary>
    public static object Fields(CitizenRecord c, string? token) => new
    {
        idNumber = c.IdNumber,
        fullName = c.FullName,
        dateOfBirth = c.DateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        sex = c.Sex,
        permanentResidence = c.PermanentResidence,
        verified = true,
        verificationToken = token,
        documents = c.Held.Select(d => new { kind = d.Kind, name = d.Name, number = d.Number, reused = (int)d.Source, reference = ReusableDocuments.Reference(d) }),
    };
}
