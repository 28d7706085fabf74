using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>One line of "Hồ sơ của tôi": code, procedure, status in words, due date (Vietnam time) and the badges that ask
/// the citizen to act: a supplement awaited (status 5), a result to fetch (9, 10), a rating invited (window open).</summary>
public sealed record MyDossier(string Code, string Procedure, DossierStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt,
    bool NeedsSupplement, bool HasResult, bool RatingInvited);

/// <summary>
/// <c>/cong-dan</c>: the citizens' home (issue 17). Open to anyone: it says what a citizen can do on MotCua and links the
/// public lookup and the online submission (<c>/cong-dan/nop</c>). A citizen signed in with the citizens' scheme sees
/// their own dossiers (<see cref="CitizenAccess"/>: submitted by the account, or theirs by a proven CCCD), newest first,
/// <see cref="PageSize"/> a page (<c>?trang=</c>). The officers' cookie is not read here.
/// </summary>
public sealed class IndexModel(MotCuaDb db, TimeProvider clock, IConfiguration configuration) : PageModel
{
    /// <summary>Dossiers per page.</summary>
    public const int PageSize = 20;

    /// <summary>The signed-in citizen's name; null when no citizen is signed in on this browser.</summary>
    public string? CitizenName { get; private set; }

    public IReadOnlyList<MyDossier> Dossiers { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;
    public int Total { get; private set; }

    public async Task OnGetAsync(int trang = 1, CancellationToken ct = default)
    {
        var result = await HttpContext.AuthenticateAsync(CitizenAuth.Scheme);
        if (!result.Succeeded || result.Principal is not { } principal || Claims.CitizenOf(principal) is not { } citizen) return;
        CitizenName = principal.Identity?.Name;
        // The candidates by account or CCCD, then the one access rule (a code to another phone opens no CCCD's dossier).
        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.CitizenId == citizen.Id || d.Applicant.IdNumber == citizen.IdNumber)
            .OrderByDescending(d => d.SubmittedAt).ThenByDescending(d => d.Id)
            .Select(d => new
            {
                d.Code, d.ProcedureName, d.Status, d.SubmittedAt, d.DueAt, d.ReturnedAt, d.StoppedAt, d.CitizenId,
                d.Applicant.IdNumber, d.Applicant.Phone, d.Applicant.Email,
            })
            .Take(2000).ToListAsync(ct);
        var mine = rows.Where(r => CitizenAccess.CanRead(citizen, new DossierOwnership(r.CitizenId, r.IdNumber, r.Phone, r.Email))).ToList();
        Total = mine.Count;
        Pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(trang, 1, Pages);
        var now = clock.GetUtcNow();
        var windowDays = configuration.GetValue("Motcua:Ratings:WindowDays", 30);
        Dossiers = [.. mine.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(r => new MyDossier(r.Code, r.ProcedureName, r.Status, r.SubmittedAt,
            DossierStatuses.Closed.Contains(r.Status) ? null : r.DueAt,
            r.Status == DossierStatus.SupplementRequested, DossierStatuses.Finished.Contains(r.Status),
            RatingWindow.StateOf(r.Status, r.Status == DossierStatus.Returned ? r.ReturnedAt : r.Status == DossierStatus.Stopped ? r.StoppedAt : null, now, windowDays)
                == RatingWindowState.Open))];
    }
}
