using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Calendar;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Audit;

/// <summary>
/// /thanh-tra/nhat-ky, for the inspector and the administrator: the audit log newest first, 50 rows a page, filtered by
/// dossier code (read alone or shown in a list), by account (user name or integrated system's name) and by Vietnamese
/// dates; and the state of the hash chain, checked in full on every visit (<see cref="AuditChain.VerifyAsync"/>).
/// A filter that is not valid is named in Vietnamese and the log is shown unfiltered by it.
/// </summary>
[Authorize(Roles = Roles.Inspector + "," + Roles.Admin)]
public sealed class LogModel(NpgsqlDataSource data, Database database, Infrastructure.DeploymentKey key) : PageModel
{
    public const int PageSize = 50;

    /// <summary>One row as shown: who is the officer's "full name (user name)" or the system's name; for a population
    /// database lookup (issue 16) the officer's purpose and the outcome in Vietnamese (<see cref="OutcomeName"/>), else null.</summary>
    public sealed record Row(long Seq, DateTimeOffset At, string Who, string Action, string Subject, IReadOnlyList<string> Fields,
        IReadOnlyList<string> Codes, string? ClientAddress, string? Endpoint, string? Path, string Hash, string? Purpose = null, string? Outcome = null);

    [BindProperty(SupportsGet = true, Name = "ma")] public string? Code { get; set; }
    [BindProperty(SupportsGet = true, Name = "taikhoan")] public string? Account { get; set; }
    [BindProperty(SupportsGet = true, Name = "tu")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "den")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public long Total { get; private set; }
    public AuditChainState Chain { get; private set; } = null!;
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Chain = await AuditChain.VerifyAsync(database.ConnectionString, key, ct);
        var from = Date(From, "Từ ngày");
        var to = Date(To, "Đến ngày");
        // Past the last page shows an empty page, never an overflow.
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000);
        await using var command = data.CreateCommand("""
            SELECT a.chain_seq, a.at, coalesce(u.full_name || ' (' || u.user_name || ')', 'Hệ thống ' || c.name, 'Hệ thống MotCua'),
                   a.action, a.subject, a.details::text, a.client_address, a.endpoint, encode(a.hash, 'hex'), count(*) OVER ()
            FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN api_clients c ON c.id = a.api_client_id
            WHERE ($1::text IS NULL OR a.subject = $1 OR a.details -> 'codes' @> jsonb_build_array($1))
              AND ($2::text IS NULL OR u.user_name = $2 OR c.name = $2)
              AND ($3::timestamptz IS NULL OR a.at >= $3) AND ($4::timestamptz IS NULL OR a.at < $4)
            ORDER BY a.chain_seq DESC LIMIT $5 OFFSET $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Trimmed(Code)?.ToUpperInvariant() ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Trimmed(Account) ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = from is { } f ? VietnamTime.At(f, TimeOnly.MinValue).ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = to is { } t ? VietnamTime.At(t.AddDays(1), TimeOnly.MinValue).ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PageSize });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (PageNumber - 1L) * PageSize });
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var details = reader.IsDBNull(5) ? null : JsonDocument.Parse(reader.GetString(5));
            rows.Add(new Row(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), Shown(reader.GetString(3), reader.GetString(4)),
                Strings(details, "fields"), Strings(details, "codes"), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                details?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String ? path.GetString() : null,
                reader.GetString(8), Text(details, "purpose"), Text(details, "outcome") is { } outcome ? OutcomeName(outcome) : null));
            Total = reader.GetInt64(9);
        }
        Rows = rows;
    }

    private DateOnly? Date(string? text, string label)
    {
        if (Trimmed(text) is not { } value) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || DateOnly.TryParseExact(value, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            return date;
        Errors.Add($"{label} \"{value}\" không phải là ngày (nhập dd/mm/yyyy); bỏ qua điều kiện này.");
        return null;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Text(JsonDocument? details, string name) =>
        details?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    /// <summary>A population database lookup's outcome (<see cref="MotCua.Domain.Identity.CitizenLookupAnswer.Outcome"/>) in
    /// Vietnamese; an outcome this page does not know is shown as recorded.</summary>
    public static string OutcomeName(string outcome) => outcome switch
    {
        "found" => "Tìm thấy",
        "not-found" => "Không tồn tại trong CSDL dân cư",
        "unavailable:not-configured" => "Không tra cứu được: chưa cấu hình kết nối",
        "unavailable:down" => "Không tra cứu được: không kết nối được",
        "unavailable:slow" => "Không tra cứu được: không trả lời kịp",
        "unavailable:error" => "Không tra cứu được: CSDL báo lỗi",
        "unavailable:refused" => "Không tra cứu được: CSDL từ chối",
        _ => outcome,
    };

    private static IReadOnlyList<string> Strings(JsonDocument? details, string name) =>
        details?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];

    /// <summary>The field names of <see cref="Infrastructure.PersonalFields"/> in Vietnamese.</summary>
    public static string FieldName(string field) => field switch
    {
        Infrastructure.PersonalFields.FullName => "họ tên",
        Infrastructure.PersonalFields.IdNumber => "số định danh",
        Infrastructure.PersonalFields.Phone => "điện thoại",
        Infrastructure.PersonalFields.Email => "thư điện tử",
        Infrastructure.PersonalFields.Address => "địa chỉ",
        Infrastructure.PersonalFields.FormData => "tờ khai (ngày sinh…)",
        Infrastructure.PersonalFields.DateOfBirth => "ngày sinh",
        Infrastructure.PersonalFields.Sex => "giới tính",
        Infrastructure.PersonalFields.Documents => "tệp giấy tờ",
        _ => field,
    };

    // Issue 16: a population database lookup's subject is the CCCD asked; the page shows it masked (the full number
    // stays in the row and in the chain, and filtering by it still finds the row).
    private static string Shown(string action, string subject) =>
        action == "citizen.lookup" ? MotCua.Domain.Identity.Masking.IdNumber(subject) : subject;
}
