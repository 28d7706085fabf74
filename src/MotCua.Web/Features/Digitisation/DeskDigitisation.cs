using System.Globalization;
using System.Net;
using System.Text;
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
/// The desk's digitisation panel (issue 17 piece C, docs/FILES.md "Digitisation"): inside the intake form, below the
/// document list, for the receiving officer. It lists the officer's staged scans the form carries
/// (<c>Documents[i].StagedFiles</c>, staged by <c>POST /api/v1/files/staged</c> purpose desk-scan, which queues their OCR)
/// with their pages, a link to see each and their OCR state; the pre-fill candidates of finished scans with "Điền"
/// (an out-of-band swap of the form's input, as the population lookup does: the officer accepts, OCR writes nothing);
/// and the checklist of the procedure's document list (<see cref="DocumentChecklist"/>) before "Tiếp nhận". While a scan
/// is being read the panel asks again every 3 s.
/// </summary>
public static partial class DeskDigitisation
{
    /// <summary>The form's inputs a candidate may fill, by field; the attributes are the desk form's own.</summary>
    private static readonly Dictionary<string, (string Id, string Attributes)> Fillable = new(StringComparer.Ordinal)
    {
        ["idNumber"] = ("IdNumber", "autocomplete=\"off\" required aria-required=\"true\" aria-describedby=\"IdNumber-hint\""),
        ["fullName"] = ("FullName", "autocomplete=\"off\" required aria-required=\"true\""),
    };

    /// <summary>Maps <c>GET /tiep-nhan/so-hoa</c> (the panel), <c>GET /tiep-nhan/so-hoa/tep/{id}</c> (the staged scan, or
    /// its searchable copy once read) and <c>GET /tiep-nhan/so-hoa/tep/{id}/dien?field=</c> (one candidate into the form).</summary>
    public static void MapDeskDigitisation(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tiep-nhan/so-hoa", PanelAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/tiep-nhan/so-hoa/tep/{id:long}/dien", FillAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/tiep-nhan/so-hoa/tep/{id:long}", ServeAsync).RequireAuthorization().ExcludeFromDescription();
    }

    // Receiving officers only (Nghị định 61/2018/NĐ-CP, Điều 19), as staging a scan.
    private static IResult? NotAtDesk(HttpContext http) =>
        Claims.OfficerOf(http.User) is { } officer && MotCua.Domain.Dossiers.Dossier.CheckIntake(officer, officer.AgencyId ?? 0) is null
            ? null
            : Problems.Forbidden("Chỉ cán bộ tiếp nhận của bộ phận một cửa mới dùng bảng số hóa giấy tờ.");

    private sealed record Scan(long Id, string Name, int? Pages, int DocumentIndex, short? State, string? Fields, string? Error);

    private static async Task<IResult> PanelAsync(HttpContext http, MotCuaDb db, NpgsqlDataSource data, TimeProvider clock, CancellationToken ct)
    {
        if (NotAtDesk(http) is { } refused) return refused;
        var userId = Claims.UserIdOf(http.User)!.Value;
        var query = http.Request.Query;
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
        var scans = await ScansAsync(data, userId, staged, clock.GetUtcNow(), ct);

        ProcedureSpec? spec = null;
        if (query["thutuc"].ToString() is { Length: > 0 } code
            && await db.AgencyProcedures.AsNoTracking().AnyAsync(a => a.AgencyId == Claims.AgencyIdOf(http.User) && a.ProcedureCode == code, ct))
            spec = (await ProcedureSpecs.LoadCurrentAsync(db, code, ct))?.Spec;

        var pending = scans.Any(s => s.State is 1 or 2);
        var html = new StringBuilder();
        html.Append("<section id=\"so-hoa\" class=\"card digitisation\" hx-get=\"/tiep-nhan/so-hoa\" hx-include=\"#intake-form\" hx-swap=\"outerHTML\" hx-trigger=\"")
            .Append(pending ? "every 3s, " : "").Append("change from:#intake-form delay:2s\">");
        html.Append("<h2>Số hóa giấy tờ</h2>");
        if (scans.Count == 0) html.Append("<p class=\"muted\">Chưa có bản quét: chọn tệp ở cột “Bản quét” của từng giấy tờ phía trên.</p>");
        else
        {
            html.Append("<ul class=\"scans\">");
            foreach (var scan in scans)
            {
                html.Append("<li><a href=\"/tiep-nhan/so-hoa/tep/").Append(scan.Id).Append("\">")
                    .Append(WebUtility.HtmlEncode(scan.Name)).Append("</a>")
                    .Append(scan.Pages is { } pages ? $" ({pages} trang)" : "").Append(" — ").Append(StateText(scan));
                foreach (var candidate in Candidates(scan.Fields))
                {
                    html.Append("<div class=\"prefill\">Từ bản quét: ").Append(WebUtility.HtmlEncode(Label(candidate.Field))).Append(' ')
                        .Append("<strong>").Append(WebUtility.HtmlEncode(candidate.Value)).Append("</strong>");
                    if (Fillable.ContainsKey(candidate.Field))
                        html.Append(" <button type=\"button\" class=\"secondary\" hx-get=\"/tiep-nhan/so-hoa/tep/").Append(scan.Id)
                            .Append("/dien?field=").Append(candidate.Field).Append("\" hx-swap=\"none\">Điền</button>");
                    html.Append("</div>");
                }
                html.Append("</li>");
            }
            html.Append("</ul>");
        }
        if (spec is not null)
        {
            // The form numbers the document lines to hand over (not the headings, notes or documents only shown), in the
            // list's order: the checklist's lines are the same ones.
            var lines = DocumentChecklist.Compare(spec, new HashSet<int>());
            var provided = lines.Select((l, i) => (l.Index, Line: i))
                .Where(x => received.Contains(x.Line) || scans.Any(s => s.DocumentIndex == x.Line)).Select(x => x.Index).ToHashSet();
            html.Append("<h3>Đối chiếu thành phần hồ sơ</h3><ul class=\"checklist\">");
            foreach (var line in DocumentChecklist.Compare(spec, provided))
                html.Append("<li>").Append(line.State switch
                {
                    ChecklistState.Provided => "✓ có",
                    ChecklistState.Reusable => $"↺ dùng lại từ hồ sơ {WebUtility.HtmlEncode(line.ReusableFrom)}",
                    ChecklistState.Missing => "<strong>✗ thiếu</strong>",
                    _ => "? kiểm tra điều kiện",
                }).Append(" — ").Append(WebUtility.HtmlEncode(line.Name)).Append("</li>");
            html.Append("</ul>");
        }
        html.Append("</section>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string StateText(Scan scan) => scan.State switch
    {
        1 or 2 => "Đang nhận dạng…",
        3 => "Đã nhận dạng (bản PDF tìm kiếm được)",
        4 => "Không nhận dạng được: " + WebUtility.HtmlEncode(scan.Error?.Split('\n')[0] ?? ""),
        5 => "Bản OCR sai số trang — giữ bản quét gốc",
        _ => "Chưa nhận dạng",
    };

    private static string Label(string field) => field switch
    {
        "idNumber" => OcrField.IdNumber.Vietnamese(),
        "fullName" => OcrField.FullName.Vietnamese(),
        "dateOfBirth" => OcrField.DateOfBirth.Vietnamese(),
        "issuedOn" => OcrField.IssuedOn.Vietnamese(),
        _ => field,
    };

    private sealed record Candidate(string Field, string Value);

    private static IEnumerable<Candidate> Candidates(string? fields) =>
        fields is null ? [] : JsonDocument.Parse(fields).RootElement.EnumerateArray()
            .Select(f => new Candidate(f.GetProperty("field").GetString()!, f.GetProperty("value").GetString()!)).ToList();

    // The officer's own unexpired desk scans among those the form names, with their OCR row.
    private static async Task<List<Scan>> ScansAsync(NpgsqlDataSource data, int userId, List<(int Line, long Id)> staged, DateTimeOffset now, CancellationToken ct)
    {
        if (staged.Count == 0) return [];
        await using var command = data.CreateCommand("""
            SELECT s.id, s.display_name, f.pages, u.line, o.state, o.fields::text, o.last_error
            FROM unnest($1::bigint[], $2::int[]) AS u(id, line)
            JOIN staged_files s ON s.id = u.id
            JOIN stored_files f ON f.sha256 = s.sha256
            LEFT JOIN ocr_results o ON o.sha256 = s.sha256
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
                reader.IsDBNull(4) ? null : reader.GetInt16(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        return scans;
    }

    /// <summary>"Điền": the form's input for <c>field</c> with the candidate of the officer's staged scan <c>id</c>,
    /// swapped in out of band; the value is read from the OCR row, never taken from the request. 404 for a scan not the
    /// officer's (or expired), 422 for a field the form cannot take or the scan has no candidate for.</summary>
    private static async Task<IResult> FillAsync(HttpContext http, NpgsqlDataSource data, TimeProvider clock, long id, string? field, CancellationToken ct)
    {
        if (NotAtDesk(http) is { } refused) return refused;
        var scans = await ScansAsync(data, Claims.UserIdOf(http.User)!.Value, [(0, id)], clock.GetUtcNow(), ct);
        if (scans.Count == 0) return Problems.NotFound($"Không tìm thấy bản quét số {id} của bạn (hoặc đã quá hạn).");
        if (field is null || !Fillable.TryGetValue(field, out var input))
            return Problems.Field("field", "Chỉ điền được số định danh (idNumber) hoặc họ và tên (fullName).");
        var value = scans.SelectMany(s => Candidates(s.Fields)).FirstOrDefault(c => c.Field == field)?.Value;
        if (value is null) return Problems.Field("field", "Bản quét này chưa có gợi ý cho trường đó (chưa nhận dạng xong hoặc không đọc được).");
        return Results.Content($"<input id=\"{input.Id}\" name=\"{input.Id}\" value=\"{WebUtility.HtmlEncode(value)}\" {input.Attributes} hx-swap-oob=\"outerHTML\" />",
            "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>The officer's staged scan <c>id</c>: its searchable copy once OCR is done, the scan itself otherwise; 404
    /// for another officer's or an expired one. An attachment, never inline, as every stored file is served.</summary>
    private static async Task<IResult> ServeAsync(HttpContext http, NpgsqlDataSource data, FileStore store, TimeProvider clock, long id, CancellationToken ct)
    {
        if (NotAtDesk(http) is { } refused) return refused;
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
        return Results.File(store.Open(sha256), mediaType, name, enableRangeProcessing: true);
    }

    [GeneratedRegex(@"^Documents\[(\d{1,3})\]\.(StagedFiles|Received)$")]
    private static partial Regex DocumentKey();
}
