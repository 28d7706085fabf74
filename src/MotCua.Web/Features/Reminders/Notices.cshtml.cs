using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reminders;

/// <summary>/thong-bao: the signed-in officer's own notices (reminders, overdue notices, escalations, daily summaries),
/// unread first, newest first, each with a button to mark it read.</summary>
[Authorize]
public sealed class NoticesModel(OfficerNotices notices) : PageModel
{
    public IReadOnlyList<OfficerNoticeView> Notices { get; private set; } = [];
    public int Unread { get; private set; }

    /// <summary>The Vietnamese name of a notice's kind.</summary>
    public static string KindName(string kind) => kind switch
    {
        "warning" => "Sắp đến hạn",
        "overdue" => "Quá hạn",
        "escalation" => "Báo cáo vượt cấp",
        "summary" => "Tổng hợp hằng ngày",
        _ => kind,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Claims.UserIdOf(User) is not { } userId) return Forbid();
        Notices = await notices.ListAsync(userId, ct);
        Unread = await notices.UnreadAsync(userId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        if (Claims.UserIdOf(User) is not { } userId) return Forbid();
        return await notices.MarkReadAsync(userId, id, ct) ? Redirect("/thong-bao") : NotFound();
    }
}
