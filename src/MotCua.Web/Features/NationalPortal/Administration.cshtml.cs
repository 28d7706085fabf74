using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// /quan-tri/cong-dvcqg, the administrator's page of the portal sync (docs/PORTAL.md): the backlog, the dossiers whose sync
/// failed with the portal's answer, "Đẩy lại" per dossier and "Đẩy lại tất cả hồ sơ lỗi". A re-push is written to the
/// audit log; the page is shown again by a redirect, so a reload does not post again.
/// </summary>
public sealed class AdministrationModel(PortalSync sync) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;

    public PortalBacklog Backlog { get; private set; } = null!;
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["portal.message"] as string;
        Backlog = await sync.BacklogAsync(PageNumber, ct);
    }

    /// <summary>Re-pushes one dossier (<paramref name="code"/>) or, with no code, every dossier whose sync failed.</summary>
    public async Task<IActionResult> OnPostRepushAsync(string? code, CancellationToken ct)
    {
        List<string> codes;
        if (code is { Length: > 0 })
        {
            if (!DossierCode.TryParse(code, out _, out _, out _))
            {
                TempData["portal.message"] = $"Mã hồ sơ \"{code}\" không hợp lệ.";
                return Redirect("/quan-tri/cong-dvcqg");
            }
            codes = [code];
        }
        else codes = await sync.FailedCodesAsync(ct);
        if (codes.Count == 0)
        {
            TempData["portal.message"] = "Không có hồ sơ lỗi nào để đẩy lại.";
            return Redirect("/quan-tri/cong-dvcqg");
        }
        var done = await sync.RepushAsync(codes.Take(PortalSync.MaxRepush).ToList(), code is { Length: > 0 } ? new { codes } : new { state = "failed" }, User, ct);
        TempData["portal.message"] = done is null
            ? "Máy chủ này chưa cấu hình Cổng DVCQG (Motcua:Portal:SyncUrl)."
            : $"Đã đưa {done.Dossiers:N0} hồ sơ ({done.Messages:N0} thư) vào hàng chờ đẩy lại lên Cổng DVCQG (lần đẩy lại số {done.Repush}).";
        return Redirect("/quan-tri/cong-dvcqg");
    }
}
