using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Digitisation;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Digitisation;

/// <summary>
/// "Dùng lại" on the desk's digitisation panel (issue 17 piece C, design §6 "Reuse"): stages a reference to the
/// applicant's earlier file <c>original</c> (a <c>dossier_files</c> row, digitised or a result) for the form's line
/// <c>document</c>: a <c>staged_files</c> row of the officer, purpose desk scan, naming the same content and
/// <c>reused_from_id</c> (migration 0076). No upload, no new stored content, no OCR job. The answer is the hidden
/// <c>Documents[i].StagedFiles</c> field the intake form carries, as a staged upload's; intake then writes the
/// <c>dossier_files</c> row with <c>reused_from_id</c>. The file must pass <see cref="ReuseRule.Matches"/> for the CCCD
/// typed in the form (<c>IdNumber</c>) and the line of the procedure chosen (<c>thutuc</c>), else 422 and nothing staged
/// (a file of a dossier another unit received is refused as such, a line about another person as such:
/// <see cref="DocumentSubject"/>); 204 and nothing staged when the posted form's line
/// already carries a reference to the file (a second click); 403 for any role but the receiving officer.
/// </summary>
public sealed class DeskReuseModel(MotCuaDb db, NpgsqlDataSource data, FileStoreOptions files, TimeProvider clock) : PageModel
{
    [BindProperty] public long Original { get; set; }
    [BindProperty] public int Document { get; set; }
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty(Name = "thutuc")] public string? ProcedureCode { get; set; }

    /// <summary>The staged reference made, with the name shown and the dossier it comes from; null when refused.</summary>
    public (long Id, string Name, string FromCode)? Staged { get; private set; }

    /// <summary>Why nothing was staged, in Vietnamese.</summary>
    public string? Message { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (DeskDigitisation.NotAtDesk(User) is { } refused) return Refuse(StatusCodes.Status403Forbidden, refused);
        if (await DeskDigitisation.SpecAsync(db, User, ProcedureCode, ct) is not { } spec)
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Chọn thủ tục của hồ sơ trước khi dùng lại giấy tờ.");
        var lines = await DeskDigitisation.FormLineIndexesAsync(db, spec, ct);
        if (Document < 0 || Document >= lines.Count)
            return Refuse(StatusCodes.Status422UnprocessableEntity, "Giấy tờ cần dùng lại không có trong thành phần hồ sơ của thủ tục.");
        var original = (await DeskDigitisation.EarlierFilesAsync(data, IdNumber, Claims.AgencyIdOf(User) ?? 0, ct)).FirstOrDefault(f => f.Id == Original);
        if (original is null && await OfAnotherUnitAsync(ct))
            return Refuse(StatusCodes.Status422UnprocessableEntity,
                "Không dùng lại được tệp này: chỉ dùng lại giấy tờ của hồ sơ do chính đơn vị ông/bà tiếp nhận; giấy tờ ở đơn vị khác lấy qua kho dữ liệu của công dân trên Cổng Dịch vụ công quốc gia.");
        if (DocumentSubject.IsAboutAnotherPerson(spec.Documents[lines[Document]].Name))
            return Refuse(StatusCodes.Status422UnprocessableEntity, DocumentSubject.ReuseRefusal(spec.Documents[lines[Document]].Name));
        if (original is null || !ReuseRule.Matches(original, spec.Documents[lines[Document]], null, IdNumber))
            return Refuse(StatusCodes.Status422UnprocessableEntity,
                "Không dùng lại được tệp này cho giấy tờ đó: tệp phải là bản số hóa hoặc kết quả của chính người nộp (cùng số định danh) và đúng loại giấy tờ.");
        // "Dùng lại" clicked again before the panel hides it (trial 30 LOW 2), or on another dossier's copy of the same
        // content (trial17u LOW 9: one CCCD scan reused from two dossiers): the line already carries that content, so
        // nothing more is staged and htmx, answered 204, adds nothing.
        if (await AlreadyStagedAsync(ct)) return new NoContentResult();

        var now = clock.GetUtcNow();
        await using var command = data.CreateCommand("""
            INSERT INTO staged_files (sha256, display_name, purpose, owner_user_id, created_at, expires_at, reused_from_id)
            SELECT sha256, display_name, 3, $2, $3, $4, id FROM dossier_files WHERE id = $1
            RETURNING id, display_name
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = original.Id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Claims.UserIdOf(User)!.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.AddHours(files.StagedHours) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        Staged = (reader.GetInt64(0), reader.GetString(1), original.DossierCode);
        Response.StatusCode = StatusCodes.Status201Created;
        return Page();
    }

    // The file exists, digitised or a result, for this number, but another unit received its dossier: the refusal says so
    // rather than blaming the number or the kind of document.
    private async Task<bool> OfAnotherUnitAsync(CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
                           WHERE f.id = $1 AND f.owner_id_number = $2 AND (f.digitised OR f.purpose = 4) AND d.receiving_agency_id <> $3)
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Original });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = IdNumber?.Trim() ?? "" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Claims.AgencyIdOf(User) ?? 0 });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    // Whether the posted form's line (htmx posts the enclosing intake form with the button's values) already carries, among
    // the officer's unexpired staged files, this file's content (by SHA-256: a reuse of it or of an equal copy, or its scan).
    private async Task<bool> AlreadyStagedAsync(CancellationToken ct)
    {
        if (!Request.HasFormContentType) return false;
        var ids = Request.Form[$"Documents[{Document}].StagedFiles"].Select(v => long.TryParse(v, out var id) ? id : 0).Where(id => id > 0).ToArray();
        if (ids.Length == 0) return false;
        await using var command = data.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM staged_files WHERE id = ANY($1) AND sha256 = (SELECT sha256 FROM dossier_files WHERE id = $2)
                AND owner_user_id = $3 AND purpose = 3 AND expires_at > $4)
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Original });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Claims.UserIdOf(User)!.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private PageResult Refuse(int status, string message)
    {
        Response.StatusCode = status;
        Message = message;
        return Page();
    }
}
