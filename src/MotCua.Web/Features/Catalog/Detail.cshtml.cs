using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Catalog;

/// <summary>One procedure as the citizen needs it: every component of the current version, printable.</summary>
public sealed class DetailModel(MotCuaDb db) : PageModel
{
    public ProcedureDetail Procedure { get; private set; } = null!;
    public ProcedureSpec Spec => Procedure.Procedure;
    public IReadOnlyList<(Agency Agency, AgencyProcedure Adoption)> Agencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        if (await CatalogEndpoints.DetailAsync(db, code, ct) is not { } detail) return NotFound();
        Procedure = detail;
        var adoptions = await db.AgencyProcedures.AsNoTracking().Where(a => a.ProcedureCode == detail.Code)
            .Join(db.Agencies.AsNoTracking(), a => a.AgencyId, g => g.Id, (a, g) => new { a, g }).ToListAsync(ct);
        Agencies = adoptions.OrderBy(x => x.g.Name, StringComparer.Ordinal).Select(x => (x.g, x.a)).ToList();
        return Page();
    }

    public static string ChannelName(Channel channel) => channel switch
    {
        Channel.Direct => "Trực tiếp",
        Channel.Online => "Trực tuyến",
        Channel.Postal => "Dịch vụ bưu chính",
        _ => channel.ToString(),
    };

    public static string OnlineName(OnlineLevel level) => level switch
    {
        OnlineLevel.Full => "Trực tuyến toàn trình",
        OnlineLevel.Partial => "Trực tuyến một phần",
        _ => "Không nộp trực tuyến",
    };

    public static string Time(ChannelTerms terms) => terms.TimeLimit?.ToString() ?? terms.TimeText ?? "Chưa công bố";

    public static string Fee(ChannelTerms terms) => terms.Fee switch
    {
        0 => "Không thu phí, lệ phí",
        { } amount => string.Format(new CultureInfo("vi-VN"), "{0:N0} đồng", amount) + Detail(terms.FeeText),
        null => string.IsNullOrWhiteSpace(terms.FeeText) ? "Chưa công bố" : terms.FeeText,
    };

    // The published text often adds who is exempt; keep it when it says more than the amount.
    private static string Detail(string feeText) => feeText.Contains('(') ? " — " + feeText : "";

    public static string Count(int n) => n == 0 ? "—" : n.ToString(CultureInfo.InvariantCulture);

    public static string FieldType(EFormFieldType type) => type switch
    {
        EFormFieldType.Number => "số",
        EFormFieldType.Date => "ngày",
        EFormFieldType.Select => "chọn",
        EFormFieldType.Checkbox => "đánh dấu",
        _ => "chữ",
    };
}
