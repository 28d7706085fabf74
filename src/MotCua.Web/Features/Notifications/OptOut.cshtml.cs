using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Features.Notifications;

/// <summary>
/// /thong-bao/huy/{token}: the opt-out link every message carries (docs/MESSAGES.md §5). Anyone holding the link may stop
/// the messages of that dossier on that channel: the token (random, 16 characters) is the authority. The page asks
/// first, so a link preview or a scanner following it changes nothing; the POST records it, and later events plan
/// nothing on that channel.
/// </summary>
[AllowAnonymous]
public sealed class OptOutModel(MotCuaDb db, TimeProvider clock) : PageModel
{
    private sealed class Link
    {
        public required string DossierCode { get; init; }
        public required string Channel { get; init; }
        public DateTimeOffset? OptedOutAt { get; init; }
    }

    public string? Code { get; private set; }
    public string? ChannelName { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) => await ShowAsync(token, ct);

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync(
            $"UPDATE notification_opt_outs SET opted_out_at = {now} WHERE token = {token} AND opted_out_at IS NULL", ct);
        return await ShowAsync(token, ct);
    }

    private async Task<IActionResult> ShowAsync(string token, CancellationToken ct)
    {
        var link = (await db.Database.SqlQuery<Link>(
            $"""SELECT dossier_code AS "DossierCode", channel AS "Channel", opted_out_at AS "OptedOutAt" FROM notification_opt_outs WHERE token = {token}""")
            .ToListAsync(ct)).SingleOrDefault();
        if (link is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        (Code, ChannelName, Done) = (link.DossierCode, link.Channel switch { "email" => "thư điện tử", "zalo" => "Zalo", _ => "tin nhắn SMS" }, link.OptedOutAt is not null);
        return Page();
    }
}
