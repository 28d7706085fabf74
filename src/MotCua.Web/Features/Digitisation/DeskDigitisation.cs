using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Digitisation;

/// <summary>
/// The desk's digitisation panel (issue 17 piece C, docs/FILES.md "Digitisation at the desk"): what its pages
/// (<see cref="DeskPanelModel"/>, <see cref="DeskFillModel"/>, <see cref="DeskReuseModel"/>) share, and the route that
/// serves an officer's own staged scan. The panel lists the officer's staged scans the intake form carries
/// (<c>Documents[i].StagedFiles</c>, staged by <c>POST /api/v1/files/staged</c> purpose desk-scan, which queues their OCR)
/// with their pages, a link to see each and their OCR state; the pre-fill candidates of finished scans with "Điền"; the
/// applicant's earlier files that may be reused with "Dùng lại"; and the checklist of the procedure's document list
/// (<see cref="DocumentChecklist"/>) before "Tiếp nhận".
/// </summary>
public static partial class DeskDigitisation
{
    /// <summary>The form's inputs a candidate may fill, by field: the id and attributes of the desk form's own input.</summary>
    public static readonly IReadOnlyDictionary<string, (string Id, string Attributes)> Fillable = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["idNumber"] = ("IdNumber", "autocomplete=\"off\" required aria-required=\"true\" aria-describedby=\"IdNumber-hint\""),
        ["fullName"] = ("FullName", "autocomplete=\"off\" required aria-required=\"true\""),
    };

    /// <summary>Maps <c>GET /tiep-nhan/so-hoa/tep/{id}</c> (the officer's staged scan, or its searchable copy once read);
    /// the panel and its buttons are Razor pages of this folder.</summary>
    public static void MapDeskDigitisation(this IEndpointRouteBuilder app) =>
        app.MapGet("/tiep-nhan/so-hoa/tep/{id:long}", ServeAsync).RequireAuthorization().ExcludeFromDescription();

    /// <summary>Null for a receiving officer (Nghị định 61/2018/NĐ-CP, Điều 19: the desk that stages scans), else why not.</summary>
    public static string? NotAtDesk(ClaimsPrincipal user) =>
        Claims.OfficerOf(user) is { } officer && MotCua.Domain.Dossiers.Dossier.CheckIntake(officer, officer.AgencyId ?? 0) is null
            ? null
            : "Chỉ cán bộ tiếp nhận của bộ phận một cửa mới dùng bảng số hóa giấy tờ.";

    /// <summary>An officer's staged scan as the panel shows it: the form's line (<c>Documents[DocumentIndex]</c>), the
    /// OCR state (<c>ocr_results.state</c>, null when none), candidates (JSON) and text, the earlier file it reuses if any.</summary>
    public sealed record Scan(long Id, string Name, int? Pages, int DocumentIndex, short? State, string? Fields, string? Error, string? ReusedFromCode, string? Text)
    {
        /// <summary>Whether the scan is, by its own name or OCR text, a paper about one birth or one death
        /// (<see cref="DocumentSubject.IsPaperAboutAnotherPerson"/>): its numbers and names are not the applicant's.</summary>
        public bool IsPaperAboutAnotherPerson => DocumentSubject.IsPaperAboutAnotherPerson(Name, Text);
    }

    /// <summary>A pre-fill candidate read by OCR (<see cref="OcrFields"/>): the field's key and the value.</summary>
    public sealed record Candidate(string Field, string Value);

    /// <summary>The state of a scan's OCR, in words.</summary>
    public static string StateText(Scan scan) => scan.State switch
    {
        _ when scan.ReusedFromCode is not null => "Dùng lại, không quét lại",
        1 or 2 => "Đang nhận dạng…",
        3 => "Đã nhận dạng (bản PDF tìm kiếm được)",
        4 => "Không nhận dạng được: " + (scan.Error?.Split('\n')[0] ?? ""),
        5 => "Bản OCR sai số trang — giữ bản quét gốc",
        _ => "Chưa nhận dạng",
    };

    /// <summary>A candidate's field in Vietnamese.</summary>
    public static string Label(string field) => field switch
    {
        "idNumber" => OcrField.IdNumber.Vietnamese(),
        "fullName" => OcrField.FullName.Vietnamese(),
        "dateOfBirth" => OcrField.DateOfBirth.Vietnamese(),
        "issuedOn" => OcrField.IssuedOn.Vietnamese(),
        _ => field,
    };

    /// <summary>The candidates of an <c>ocr_results.fields</c> value (null: none yet).</summary>
    public static IReadOnlyList<Candidate> Candidates(string? fields) =>
        fields is null ? [] : JsonDocument.Parse(fields).RootElement.EnumerateArray()
            .Select(f => new Candidate(f.GetProperty("field").GetString()!, f.GetProperty("value").GetString()!)).ToList();

    /// <summary>The form's staged ids and ticked lines, read from the fields the panel is asked with (the intake form's
    /// <c>Documents[i].StagedFiles</c>, <c>Documents[i].Received</c>: the posted form, or the query of a plain reload).</summary>
    public static (List<(int Line, long Id)> Staged, HashSet<int> Received) FormLines(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        var staged = new List<(int Line, long Id)>();
        var received = new HashSet<int>();
        foreach (var (key, values) in query)
        {
            var m = DocumentKey().Match(key);
            if (!m.Success) continue;
            var line = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (m.Groups[2].Value == "StagedFiles")
                staged.AddRange(values.Select(v => long.TryParse(v, out var id) ? id : 0).Where(id => id > 0).Select(id => (line, id)));
            else if (values.Any(v => v == "true")) received.Add(line);
        }
        return (staged, received);
    }

    /// <summary>The officer's own unexpired desk scans among those the form names, with their OCR row and, for a reused
    /// file, the code of the dossier it comes from.</summary>
    public static async Task<List<Scan>> ScansAsync(NpgsqlDataSource data, int userId, List<(int Line, long Id)> staged, DateTimeOffset now, CancellationToken ct)
    {
        if (staged.Count == 0) return [];
        await using var command = data.CreateCommand("""
            SELECT s.id, s.display_name, f.pages, u.line, o.state, o.fields::text, o.last_error, d.code, o.text
            FROM unnest($1::bigint[], $2::int[]) AS u(id, line)
            JOIN staged_files s ON s.id = u.id
            JOIN stored_files f ON f.sha256 = s.sha256
            LEFT JOIN ocr_results o ON o.sha256 = s.sha256
            LEFT JOIN dossier_files r ON r.id = s.reused_from_id
            LEFT JOIN dossiers d ON d.id = r.dossier_id
            WHERE s.owner_user_id = $3 AND s.purpose = 3 AND s.expires_at > $4
            ORDER BY u.line, s.id
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. staged.Select(s => s.Id)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. staged.Select(s => s.Line)] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        var scans = new List<Scan>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            scans.Add(new(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt16(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        return scans;
    }

    /// <summary>
    /// The applicant's earlier files (<c>dossier_files</c> whose <c>owner_id_number</c> is <paramref name="idNumber"/>,
    /// digitised or a result) of the dossiers the officer's own unit <paramref name="agencyId"/> received, with their
    /// dossier's code and status, their own name and OCR text (of the scan or of its searchable copy), newest first, for
    /// <see cref="ReuseRule.Matches"/>. None for an empty number.
    /// [choice] Only the unit's own dossiers (Nghị định 13/2023/NĐ-CP, Điều 3: data processed for the purpose collected;
    /// Nghị định 45/2020/NĐ-CP, Điều 9 and Thông tư 01/2023/TT-VPCP: the unit reuses what it digitised); reuse across
    /// agencies goes through the citizen's data store on the National Portal, not built (docs/FILES.md "Reuse").
    /// </summary>
    public static async Task<List<ReusableFile>> EarlierFilesAsync(NpgsqlDataSource data, string? idNumber, int agencyId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idNumber)) return [];
        await using var command = data.CreateCommand("""
            SELECT f.id, d.code, d.status, f.owner_id_number, f.digitised, f.purpose, f.document_name, f.required_code, f.display_name,
                   coalesce((SELECT o.text FROM ocr_results o WHERE o.sha256 = f.sha256),
                            (SELECT o.text FROM ocr_results o WHERE o.searchable_sha256 = f.sha256 LIMIT 1))
            FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
            WHERE f.owner_id_number = $1 AND (f.digitised OR f.purpose = 4) AND d.receiving_agency_id = $2
            ORDER BY f.id DESC LIMIT 200
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idNumber.Trim() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = agencyId });
        var files = new List<ReusableFile>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            files.Add(new(reader.GetInt64(0), reader.GetString(1), (MotCua.Domain.Dossiers.DossierStatus)reader.GetInt16(2), reader.GetString(3),
                reader.GetBoolean(4), reader.GetInt16(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        return files;
    }

    /// <summary>The document rows of <paramref name="spec"/> as the desk form numbers them (<c>Documents[i]</c>):
    /// form index → list index, <see cref="DeskLines.Of"/> with the reusable kinds of <c>reusable_document_kinds</c>, the
    /// list the intake page draws its rows from (trial 17v HIGH 1, 2: the panel counted only the lines to hand over).</summary>
    public static async Task<IReadOnlyList<int>> FormLineIndexesAsync(MotCuaDb db, ProcedureSpec spec, CancellationToken ct) =>
        DeskLines.Of(spec, await MotCua.Web.Features.PopulationRegistry.ReusableKinds.LoadAsync(db, ct));

    /// <summary>The procedure <paramref name="code"/>'s current list when the officer's unit receives it, else null.</summary>
    public static async Task<ProcedureSpec?> SpecAsync(MotCuaDb db, ClaimsPrincipal user, string? code, CancellationToken ct) =>
        code is { Length: > 0 } && await db.AgencyProcedures.AsNoTracking().AnyAsync(a => a.AgencyId == Claims.AgencyIdOf(user) && a.ProcedureCode == code, ct)
            ? (await ProcedureSpecs.LoadCurrentAsync(db, code, ct))?.Spec
            : null;

    /// <summary>The officer's staged scan <c>id</c>: its searchable copy once OCR is done, the scan itself otherwise; 404
    /// for another officer's or an expired one. An attachment, never inline, as every stored file is served.</summary>
    private static async Task<IResult> ServeAsync(HttpContext http, NpgsqlDataSource data, FileStore store, TimeProvider clock, long id, CancellationToken ct)
    {
        if (NotAtDesk(http.User) is { } refused) return Problems.Forbidden(refused);
        await using var command = data.CreateCommand("""
            SELECT coalesce(o.searchable_sha256, s.sha256), f.media_type, s.display_name
            FROM staged_files s LEFT JOIN ocr_results o ON o.sha256 = s.sha256 AND o.state = 3
            JOIN stored_files f ON f.sha256 = coalesce(o.searchable_sha256, s.sha256)
            WHERE s.id = $1 AND s.owner_user_id = $2 AND s.purpose = 3 AND s.expires_at > $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Claims.UserIdOf(http.User)!.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        string sha256, mediaType, name;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return Problems.NotFound($"Không tìm thấy bản quét số {id} của bạn (hoặc đã quá hạn).");
            (sha256, mediaType, name) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(store.Open(sha256), mediaType, MotCua.Domain.Files.ServedName.For(name, mediaType), enableRangeProcessing: true);
    }

    [GeneratedRegex(@"^Documents\[(\d{1,3})\]\.(StagedFiles|Received)$")]
    private static partial Regex DocumentKey();
}
