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
        TempData["portal.message"] = done is null ? PortalSync.NotConfiguredMessage : Said(done);
        return Redirect("/quan-tri/cong-dvcqg");
    }

    /// <summary>What a re-push did, as the page says it: the dossiers and rows queued, then the codes it skipped, each
    /// named as the API's answer names them (<see cref="RepushResult.Unknown"/>, <see cref="RepushResult.Monitored"/>).</summary>
    public static string Said(RepushResult done)
    {
        ArgumentNullException.ThrowIfNull(done);
        var said = $"Đã đưa {done.Dossiers:N0} hồ sơ ({done.Messages:N0} thư) vào hàng chờ đẩy lại lên Cổng DVCQG (lần đẩy lại số {done.Repush}).";
        if (done.Unknown.Count > 0) said += " Không tìm thấy: " + string.Join(", ", done.Unknown) + ".";
        if (done.Monitored.Count > 0) said += " Bỏ qua hồ sơ bộ, ngành gửi theo dõi: " + string.Join(", ", done.Monitored) + ".";
        return said;
    }
}
