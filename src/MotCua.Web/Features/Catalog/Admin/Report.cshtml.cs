using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>One import's report: the numbers, the procedures that changed, and every row kept only partly.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class ReportModel(MotCuaDb db) : PageModel
{
    public CatalogImport Import { get; private set; } = null!;
    public IReadOnlyList<ChangedProcedure> Changes { get; private set; } = [];
    public CatalogImportIssues Issues { get; private set; } = new([], []);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.CatalogImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) is not { } import) return NotFound();
        Import = import;
        Changes = System.Text.Json.JsonSerializer.Deserialize<List<ChangedProcedure>>(import.Changes, ProcedureSpecs.Json)!;
        Issues = System.Text.Json.JsonSerializer.Deserialize<CatalogImportIssues>(import.Issues, ProcedureSpecs.Json) ?? new([], []);
        return Page();
    }

    /// <summary>The Vietnamese name of a <see cref="MotCua.Domain.Catalog.CatalogField"/> key or a changed component (the spec's
    /// JSON name), as the page and the import command print it; an unknown key is returned as it is.</summary>
    public static string FieldName(string field) => field switch
    {
        "code" => "Mã thủ tục",
        "name" => "Tên thủ tục",
        "field" => "Lĩnh vực",
        "levels" => "Cấp thực hiện",
        "channels" => "Cách thức thực hiện",
        "channels.time" => "Thời hạn",
        "channels.fee" => "Phí, lệ phí",
        "documents" => "Thành phần hồ sơ",
        "legalBasis" => "Căn cứ pháp lý",
        "results" => "Kết quả",
        "decision" => "Quyết định công bố",
        "applicantTypes" => "Đối tượng thực hiện",
        "competentAgency" => "Cơ quan có thẩm quyền",
        "implementingAgency" => "Cơ quan thực hiện",
        "steps" => "Trình tự thực hiện",
        "conditions" => "Yêu cầu, điều kiện",
        "onlineLevel" => "Mức độ trực tuyến",
        "postalAllowed" => "Nộp qua bưu chính",
        "sourceUrl" => "Địa chỉ công bố",
        "documentNotes" => "Lưu ý về thành phần hồ sơ",
        "channelsText" => "Cách thức thực hiện (nguyên văn)",
        "documentsText" => "Thành phần hồ sơ (nguyên văn)",
        "rawTextFields" => "Trường giữ nguyên văn",
        _ => field,
    };
}
