using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Citizens;

/// <summary>A file uploaded to a draft: the document line it answers (index into the procedure's document lines that are
/// documents to hand over), the staged file's id (<c>staged_files.id</c>), its shown name, pages (null for an image).</summary>
public sealed record DraftFile(int Line, long Staged, string Name, int? Pages);

/// <summary>A citizen's online submission in progress (<c>citizen_drafts</c>, migration 0067): the agency, procedure
/// version, the fields typed so far (applicant fields keyed <c>applicant.*</c>, e-form fields by their names), the files
/// uploaded to it, and the dossier it became (null until submitted).</summary>
public sealed record CitizenDraft(long Id, long CitizenId, int AgencyId, string ProcedureCode, int ProcedureVersion,
    IReadOnlyDictionary<string, string> Form, IReadOnlyList<DraftFile> Files, string? DossierCode);

/// <summary>
/// The drafts of online submissions (issue 17, piece B). A draft is read only by its own citizen: any other id is the
/// same "not found", so ids reveal nothing. Kept <see cref="KeptDays"/> days after its last change [choice]. Plain SQL on
/// the data source; the submission's transaction locks the row itself (<c>SubmitModel.OnPostSubmitAsync</c>).
/// </summary>
public sealed class CitizenDrafts(NpgsqlDataSource data, TimeProvider clock, IDataProtectionProvider protection)
{
    /// <summary>Days a draft is kept after its last change.</summary>
    public const int KeptDays = 30;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The citizen's draft <paramref name="id"/>, or null (not theirs, expired or absent).</summary>
    public async Task<CitizenDraft?> GetAsync(long id, long citizenId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT id, citizen_id, agency_id, procedure_code, procedure_version, form::text, files::text, dossier_code
            FROM citizen_drafts WHERE id = $1 AND citizen_id = $2 AND expires_at > $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = citizenId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new CitizenDraft(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5), Json) ?? [],
            JsonSerializer.Deserialize<List<DraftFile>>(reader.GetString(6), Json) ?? [], reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    /// <summary>Starts a draft with <paramref name="form"/>; returns its id.</summary>
    public async Task<long> CreateAsync(long citizenId, int agencyId, string procedureCode, int version, IReadOnlyDictionary<string, string> form, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var command = data.CreateCommand("""
            INSERT INTO citizen_drafts (citizen_id, agency_id, procedure_code, procedure_version, form, created_at, updated_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = citizenId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = procedureCode });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(form, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.AddDays(KeptDays) });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Replaces the typed fields of the citizen's draft (not yet submitted); false when it is not theirs.</summary>
    public Task<bool> SaveFormAsync(long id, long citizenId, IReadOnlyDictionary<string, string> form, CancellationToken ct) =>
        UpdateAsync("form = $3", id, citizenId, JsonSerializer.Serialize(form, Json), ct);

    /// <summary>Adds an uploaded file to the citizen's draft (not yet submitted); false when it is not theirs.</summary>
    public Task<bool> AddFileAsync(long id, long citizenId, DraftFile file, CancellationToken ct) =>
        UpdateAsync("files = files || jsonb_build_array($3)", id, citizenId, JsonSerializer.Serialize(file, Json), ct);

    /// <summary>Removes an uploaded file from the citizen's draft; false when it is not theirs.</summary>
    public Task<bool> RemoveFileAsync(long id, long citizenId, long staged, CancellationToken ct) =>
        UpdateAsync("files = (SELECT coalesce(jsonb_agg(f), '[]') FROM jsonb_array_elements(files) f WHERE (f->>'staged')::bigint <> ($3::jsonb)::bigint)",
            id, citizenId, staged.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);

    private async Task<bool> UpdateAsync(string set, long id, long citizenId, string json, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var command = data.CreateCommand($"""
            UPDATE citizen_drafts SET {set}, updated_at = $4, expires_at = $5
            WHERE id = $1 AND citizen_id = $2 AND dossier_code IS NULL AND expires_at > $4
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = citizenId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.AddDays(KeptDays) });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The token an upload form carries in its address (<c>?t=</c>): the draft and citizen sealed for two hours
    /// with this feature's data-protection purpose. The upload route checks it before reading the body: a page of another
    /// site cannot know it, which is the cross-site check a multipart body's antiforgery field could give only after the
    /// whole body was read [choice: the upload is streamed, never buffered as a form].</summary>
    public string UploadToken(long draftId, long citizenId) =>
        Protector.Protect($"{draftId}:{citizenId}", TimeSpan.FromHours(2));

    /// <summary>True when <paramref name="token"/> was issued by <see cref="UploadToken"/> for this draft and citizen and has not expired.</summary>
    public bool ValidUploadToken(string? token, long draftId, long citizenId)
    {
        if (string.IsNullOrEmpty(token)) return false;
        try { return Protector.Unprotect(token) == $"{draftId}:{citizenId}"; }
        catch (System.Security.Cryptography.CryptographicException) { return false; }
    }

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("MotCua.Citizens.DraftUpload").ToTimeLimitedDataProtector();
}
